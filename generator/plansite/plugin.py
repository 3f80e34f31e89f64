"""The MkDocs adapter, and the only module that imports MkDocs.

Before anything renders, the plugin loads and checks the plans exactly as `plansite check`
does. Every finding is logged under MkDocs' plugin logger, so warnings fail
`mkdocs build --strict`; any error stops the build with the full list, so a broken plan is
never published.

Then it adds the plan pages. Each page is backed by a small Markdown file (front matter only)
in a private temporary folder outside docs_dir: companion plugins (redirects, RSS, i18n) expect
every page to have a source file, and writing into docs_dir would make `mkdocs serve` rebuild
in a loop. The page's content is rendered from its theme template in `on_page_content`.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from plansite.diagnostics import Severity
from plansite.navigation import nav_entries
from plansite.pipeline import CheckResult, UsageError, check_plans
from plansite.render import RenderError, add_filters, make_environment, render_page
from plansite.site import Page as SitePage
from plansite.site import Site, build_site, url_of

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
    """Checks the plans, then publishes them as pages."""

    result: CheckResult | None = None
    site: Site | None = None
    source_dir: Path | None = None
    env: jinja2.Environment | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Check the plans (stop on errors, log every finding), then plan the pages and nav."""
        _require_theme(config)
        if not config.use_directory_urls:
            raise PluginError(
                "plansite: plan pages have addresses like /district/goals/reading/, which boards "
                "link to; remove use_directory_urls: false from mkdocs.yml"
            )
        self.env = None  # the theme may have changed since the last build (mkdocs serve)
        self.report(config)
        assert self.result is not None
        organization = self.result.plan_set.organization
        self.site = build_site(
            self.result.plan_set, organization.name if organization else config.site_name
        )
        config.nav = self.navigation(config.nav)
        if not config.site_url:
            log.info("site_url is not set in mkdocs.yml, so pages cannot show their permanent link")
        return config

    def report(self, config: MkDocsConfig) -> None:
        """Check the plans and log the findings; raise on errors."""
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

    def navigation(self, configured: list[Any] | None) -> list[Any]:
        """The plan pages first, then whatever mkdocs.yml lists (such as staff reference)."""
        assert self.site is not None
        generated = _escape_titles(nav_entries(self.site))
        return generated + [
            e for e in configured or [] if e not in ("index.md", {"Home": "index.md"})
        ]

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add a file for every plan page, backed by a private folder outside docs_dir."""
        assert self.site is not None
        self.clean_up()
        self.source_dir = Path(tempfile.mkdtemp(prefix="plansite-pages-"))
        taken = {file.dest_uri: file for file in files}
        for page in self.site.pages:
            file = self.page_file(page.src_uri, _front_matter(page), config)
            clash = taken.get(file.dest_uri)
            if clash is not None:
                raise PluginError(
                    f"plansite: {config.docs_dir}/{clash.src_uri} has the address of a plan page "
                    f"(/{url_of(page.src_uri)}); rename or remove it (plan pages are generated, not written)"
                )
            files.append(file)
        return files

    def page_file(self, src_uri: str, front_matter: str, config: MkDocsConfig) -> File:
        """A page's source file in the private folder, as MkDocs sees any page."""
        assert self.source_dir is not None
        target = self.source_dir / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(front_matter, "utf-8")
        file = File(src_uri, str(self.source_dir), config.site_dir, config.use_directory_urls)
        file.edit_uri = None  # there is no page in the repository to edit
        return file

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """MkDocs compiles the page templates whole, so it needs their filters too."""
        add_filters(env)
        return env

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Render a plan page's content from its template; leave other pages alone."""
        if self.site is None:
            return html
        plan_page = self.site.page_for(page.file.src_uri)
        if plan_page is None:
            return html
        if self.env is None:
            # MkDocs calls on_env only after every page's content: use the theme's loader now.
            self.env = make_environment(config.theme.get_env().loader or jinja2.BaseLoader())
        try:
            rendered = render_page(self.env, self.site, plan_page, config.site_url or "")
        except RenderError as error:
            raise PluginError(f"plansite: {error}") from None
        page.toc = get_toc(rendered.toc)  # type: ignore[arg-type]
        return rendered.html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Remove the private page folder."""
        self.clean_up()

    def on_build_error(self, *, error: Exception) -> None:
        """Remove the private page folder after a failed build too."""
        self.clean_up()

    def on_shutdown(self) -> None:
        """Remove it when MkDocs stops, even after Ctrl-C in the middle of a build."""
        self.clean_up()

    def clean_up(self) -> None:
        """Delete the folder that backed the generated pages, if there is one."""
        if self.source_dir is not None:
            shutil.rmtree(self.source_dir, ignore_errors=True)
            self.source_dir = None

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


def _front_matter(page: SitePage) -> str:
    """Title (HTML-escaped: material prints it as it is), template, and the plan's name."""
    front = {"title": str(escape(page.title)), "template": page.template}
    if page.plan is not None:
        front["plan_name"] = str(escape(page.plan.meta.organization or page.plan.meta.title))
    return f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n"


def _require_theme(config: MkDocsConfig) -> None:
    """Plan pages are drawn by the project's theme folder on top of mkdocs-material."""
    if config.theme.name != "material":
        raise PluginError(
            "plansite: the plan pages need mkdocs-material; in mkdocs.yml set "
            "theme: {name: material, custom_dir: theme}"
        )
    if not any((Path(folder) / "plansite" / "page.html").is_file() for folder in config.theme.dirs):
        raise PluginError(
            "plansite: the plan page templates (plansite/*.html) are not in the theme; "
            "in mkdocs.yml set theme.custom_dir to the project's theme folder"
        )


def _escape_titles(entries: list[Any]) -> list[Any]:
    """Nav titles HTML-escaped: material prints them as they are."""
    escaped: list[Any] = []
    for entry in entries:
        if isinstance(entry, dict):
            escaped.append(
                {
                    str(escape(title)): _escape_titles(value) if isinstance(value, list) else value
                    for title, value in entry.items()
                }
            )
        else:
            escaped.append(entry)
    return escaped
