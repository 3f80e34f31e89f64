"""The staff reference stays true: its examples pass the check and cover every field."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from pydantic import BaseModel

from conftest import ROOT, run_cli
from plansite.nodes import inner_type
from plansite.validate import MODEL_OF_KIND
from yaml12 import load_yaml12

FORMAT_PAGE = ROOT / "docs" / "reference" / "source-format.md"
EXAMPLE = re.compile(r'^```yaml title="([^"]+)"\n(.*?)^```$', re.MULTILINE | re.DOTALL)


def write_examples(project: Path) -> list[Path]:
    written = []
    for relative, body in EXAMPLE.findall(FORMAT_PAGE.read_text(encoding="utf-8")):
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
        written.append(path)
    return written


def test_every_example_in_the_source_format_reference_passes_the_check(tmp_path: Path) -> None:
    assert len(write_examples(tmp_path)) == 8
    result = run_cli("check", "plans", "--as-of", "2026-12-01", "--strict", cwd=tmp_path)
    assert result.code == 0, result.out
    assert result.out.splitlines()[-1] == (
        "No problems: checked 2 plans, 8 files, 19 items, as of 2026-12-01, as given; 1 finding waived."
    )


def keys_used(data: object) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in keys_used(v)}
    if isinstance(data, list):
        return {k for v in data for k in keys_used(v)}
    return set()


def fields_of(model: type[BaseModel]) -> set[str]:
    found = set(model.model_fields)
    for info in model.model_fields.values():
        inner = inner_type(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            found |= fields_of(inner)
    return found


def test_the_reference_shows_an_example_of_every_field(tmp_path: Path) -> None:
    shown = set().union(*(keys_used(load_yaml12(path)) for path in write_examples(tmp_path)))
    defined = set().union(*(fields_of(model) for model in MODEL_OF_KIND.values()))
    assert defined - shown == set(), "add these keys to docs/reference/source-format.md"


def test_documentation_site_builds_strictly_with_the_references(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    completed = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    codes_page = (tmp_path / "site" / "reference" / "diagnostics" / "index.html").read_text()
    assert 'id="ps201-unknown-key"' in codes_page
    assert "did you mean" in codes_page
    format_page = (tmp_path / "site" / "reference" / "source-format" / "index.html").read_text()
    assert "<h1" in format_page and "Source format" in format_page
    # Self-contained: no fonts or scripts from another host.
    assert "fonts.googleapis.com" not in format_page
