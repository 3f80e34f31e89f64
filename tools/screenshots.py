"""Take the README's screenshots from a real build, in Debian's Chromium.

    python tools/screenshots.py            # builds the site, serves it, writes docs/screenshots/

Needs /usr/bin/chromium (`apt-get install chromium`). The images show the top of the page at a
desktop size (1280x800) and a phone size (390x844), as a reader first sees it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SHOTS = {
    "home-desktop.png": ("", (1280, 800)),
    "home-phone.png": ("", (390, 844)),
    "goal-desktop.png": ("district/goals/early-literacy/", (1280, 1000)),
    "goal-phone.png": ("district/goals/early-literacy/", (390, 844)),
}
CHARTS = {
    "measure-chart.svg": ("district/goals/early-literacy/", "chart-k2-dibels-benchmark"),
    "run-chart.svg": (
        "lincoln-elementary/change-ideas/take-home-book-bags/",
        "run-chart-take-home-book-bags",
    ),
}
"""Charts are copied out of the built pages as they are: SVG needs no screenshot."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the request log out of the script's output."""


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) for as long as the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def main() -> int:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("screenshots need Debian's chromium: apt-get install chromium", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        build = [sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(site)]
        subprocess.run(build, cwd=ROOT, env=env, check=True)
        OUT.mkdir(parents=True, exist_ok=True)
        with serving(site) as base:
            for name, (address, (width, height)) in SHOTS.items():
                shoot(chromium, base + address, OUT / name, width, height)
                print(f"wrote {OUT / name}")
        for name, (address, chart_id) in CHARTS.items():
            page = (site / address / "index.html").read_text(encoding="utf-8")
            (OUT / name).write_text(chart_of(page, chart_id) + "\n", encoding="utf-8")
            print(f"wrote {OUT / name}")
    return 0


def chart_of(page: str, chart_id: str) -> str:
    """One chart's SVG, exactly as the page carries it."""
    charts: list[str] = re.findall(r'<svg class="ps-chart".*?</svg>', page, re.DOTALL)
    return next(c for c in charts if f'id="{chart_id}-title"' in c)


def shoot(chromium: str, url: str, target: Path, width: int, height: int) -> None:
    """One viewport-sized screenshot of a page in headless Chromium."""
    command = [
        chromium,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--window-size={width},{height}",
        f"--screenshot={target}",
        url,
    ]
    subprocess.run(command, check=True, capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
