"""Build a site with real MkDocs, list its pages, and serve it at the path of its `site_url`."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from conftest import mkdocs_build


@dataclass(frozen=True)
class BuiltSite:
    """A built site: its folder, the path it is published at, and its pages' addresses."""

    folder: Path
    base_path: str
    """The path of `site_url` ("/" or "/board/plans/"): where the server puts the site."""
    pages: tuple[str, ...]
    """Addresses relative to base_path ("" is the home page, "district/goals/reading/")."""


def build_site(project: Path, folder: Path) -> BuiltSite:
    """`mkdocs build --strict --site-dir FOLDER` in project; fails the test with MkDocs' log."""
    built = mkdocs_build(project, "--strict", "--site-dir", str(folder))
    if built.returncode != 0:
        message = f"mkdocs build failed in {project}:\n{built.stderr}"
        raise AssertionError(message)
    return BuiltSite(folder, site_url_path(project / "mkdocs.yml"), site_pages(folder))


def site_url_path(mkdocs_yml: Path) -> str:
    """The path of the config's `site_url`, always ending in "/" ("/" without a site_url)."""
    config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    path = urlsplit(str(config.get("site_url") or "/")).path or "/"
    return path if path.endswith("/") else path + "/"


def site_pages(folder: Path) -> tuple[str, ...]:
    """Every page of a built site: each index.html outside assets/, as its directory address."""
    pages = []
    for index in folder.rglob("index.html"):
        relative = index.parent.relative_to(folder)
        if relative.parts[:1] != ("assets",):
            pages.append("" if relative == Path() else relative.as_posix() + "/")
    return tuple(sorted(pages))


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site folder at base_path only; any other path is a 404, as on the real host."""

    def __init__(self, *args: Any, base_path: str, **kwargs: Any) -> None:
        self.base_path = base_path  # set first: the base class handles the request in __init__
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        """Map /base/path/x to folder/x; outside base_path, to a file that does not exist."""
        if not urlsplit(path).path.startswith(self.base_path):
            return str(Path(self.directory) / ".outside-the-site-url-path")
        return super().translate_path("/" + path[len(self.base_path) :])

    def log_message(self, format: str, *args: object) -> None:
        """Keep the request log out of the test output."""


@contextlib.contextmanager
def serving(site: BuiltSite) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) while the block runs; yields its base URL."""
    handler = functools.partial(_SiteHandler, directory=str(site.folder), base_path=site.base_path)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{site.base_path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
