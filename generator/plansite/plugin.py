"""The MkDocs adapter, and the only module that imports MkDocs.

Before anything renders, the plugin loads and checks the plans exactly as `plansite check`
does. Every finding is logged under MkDocs' plugin logger, so warnings fail
`mkdocs build --strict`; any error stops the build with the full list, so a broken plan is
never published.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger

from plansite.diagnostics import Severity
from plansite.pipeline import CheckResult, UsageError, check_plans

log = get_plugin_logger(__name__)

_LEVELS = {
    Severity.ERROR: logging.ERROR,
    Severity.WARNING: logging.WARNING,
    Severity.INFO: logging.INFO,
}


class PlansiteConfig(base.Config):
    """Options under `plugins: - plansite:` in mkdocs.yml."""

    plans_dir = c.Type(str, default="plans")
    """The folder of plans, relative to mkdocs.yml."""
    site_config_dir = c.Type(str, default="site_config")
    """The organisation and rule settings folder, relative to mkdocs.yml."""
    # MkDocs' YAML reads an unquoted date as a date, a quoted one as text: take either.
    as_of = c.Optional(c.Type((str, dt.date)))
    """Reference date (YYYY-MM-DD) for time-dependent rules; default: last commit to the plans."""


class PlansitePlugin(BasePlugin[PlansiteConfig]):
    """Checks the plans before the site is built."""

    result: CheckResult | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Check the plans; stop the build on errors, log every finding."""
        self.result = self.check(config)
        summary = self.result.summary
        for d in summary.diagnostics:
            hint = f" (hint: {d.hint})" if d.hint else ""
            log.log(_LEVELS[d.severity], f"{d.where}: {d.code} {d.slug}: {d.message}{hint}")
        for waived in summary.waived:
            d = waived.diagnostic
            log.info(
                f"{d.where}: waived {d.code} {d.slug}: {d.message} (reason: {' '.join(waived.reason.split())})"
            )
        for note in summary.notes:
            log.info(note)
        if summary.count(Severity.ERROR):
            raise PluginError(
                f"the plans have errors, so the site was not built: {summary.sentence()}"
            )
        log.info(summary.sentence())
        return config

    def check(self, config: MkDocsConfig) -> CheckResult:
        """Run the same check as `plansite check`, with paths relative to mkdocs.yml."""
        root = self.project_root(config)
        try:
            return check_plans(
                root / self.config.plans_dir, root / self.config.site_config_dir, self.as_of()
            )
        except (UsageError, ValueError) as error:
            raise PluginError(f"plansite: {error}") from None

    def as_of(self) -> dt.date | None:
        """The configured reference date, if any."""
        value: object = self.config.as_of
        if isinstance(value, str):
            return dt.date.fromisoformat(value)
        return value if isinstance(value, dt.date) else None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        """Rebuild when staff save a plan or a setting, not only a page."""
        root = self.project_root(config)
        for folder in (self.config.plans_dir, self.config.site_config_dir):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    @staticmethod
    def project_root(config: MkDocsConfig) -> Path:
        """The folder holding mkdocs.yml, which the plugin's paths are relative to."""
        return Path(config.config_file_path or ".").resolve().parent
