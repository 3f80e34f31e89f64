"""Every code is documented from one source, and the reference page is generated from it."""

from __future__ import annotations

import re

from conftest import ROOT, run_cli
from plansite.diagnostics import REGISTRY, Diagnostic, Severity, Summary, format_text

REFERENCE = ROOT / "docs" / "reference" / "diagnostics.md"


def test_every_code_has_a_slug_summary_and_documentation() -> None:
    assert len(REGISTRY) >= 25
    for code in REGISTRY.values():
        assert re.fullmatch(r"PS[1-6][0-9]{2}", code.code)
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", code.slug)
        assert code.summary.endswith("."), code.code
        assert len(code.doc.split()) >= 15, (
            f"{code.code} needs documentation that says how to fix it"
        )


def test_reference_page_is_generated_from_the_registry() -> None:
    page = run_cli("codes", "--format", "markdown", cwd=ROOT).out
    assert REFERENCE.read_text(encoding="utf-8") == page, (
        "docs/reference/diagnostics.md is stale; run: plansite codes --format markdown > docs/reference/diagnostics.md"
    )
    for code in REGISTRY.values():
        if code.family != "4":  # alignment rules have their own page, tested in test_checks
            assert f"### {code.code} {code.slug}" in page


def test_text_output_puts_the_hint_under_its_problem() -> None:
    problem = Diagnostic(
        "plans/d/goals/r.yml",
        14,
        7,
        "PS301",
        Severity.ERROR,
        'goal "g-readng" does not exist',
        'did you mean "g-reading"?',
    )
    text = format_text(Summary(plans=1, files=3, items=9, diagnostics=[problem]))
    assert text == (
        'plans/d/goals/r.yml:14:7: error PS301 unknown-reference: goal "g-readng" does not exist\n'
        '    hint: did you mean "g-reading"?\n'
        "1 error in 1 file (checked 1 plan, 3 files, 9 items).\n"
    )


def test_summary_counts_each_severity() -> None:
    problems = [
        Diagnostic("a.yml", 1, 1, "PS201", Severity.ERROR, "x"),
        Diagnostic("a.yml", 2, 1, "PS201", Severity.WARNING, "y"),
        Diagnostic("b.yml", 2, 1, "PS201", Severity.WARNING, "z"),
    ]
    summary = Summary(plans=2, files=5, items=40, diagnostics=problems)
    assert (
        summary.sentence() == "1 error, 2 warnings in 2 files (checked 2 plans, 5 files, 40 items)."
    )
    assert summary.failed(strict=False)
    only_warnings = Summary(plans=1, files=1, items=1, diagnostics=problems[1:])
    assert not only_warnings.failed(strict=False)
    assert only_warnings.failed(strict=True)
