"""The `plansite` command: parse arguments, run a stage, report, and return an exit code.

Exit codes: 0 when clean, 1 when problems were found, 2 when the command itself was misused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from plansite.alignment import alignment_as_data, build_alignment
from plansite.checks import RULES
from plansite.checks.registry import render_rules_reference
from plansite.diagnostics import REGISTRY, REPORTERS, Severity, format_text, render_code_reference
from plansite.pipeline import UsageError, check_plans, find_plans_dir
from plansite.schema import stale_schemas, write_schemas

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="plansite", description="Check and publish improvement plans."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check the plans and report every problem")
    check.add_argument(
        "path", nargs="?", default="plans", type=Path, help="the plans folder (default: plans)"
    )
    check.add_argument(
        "--site-config",
        type=Path,
        default=None,
        help="organisation settings folder (default: site_config beside the plans folder)",
    )
    check.add_argument(
        "--format",
        choices=sorted(REPORTERS),
        default="text",
        help="text for people, json for programs, github for Actions annotations",
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--as-of",
        type=_iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="reference date for time-dependent rules (default: date of the last commit to the plans)",
    )

    schema = commands.add_parser("schema", help="write the JSON Schema of every file kind")
    schema.add_argument(
        "--out", type=Path, default=Path("schemas"), help="folder to write to (default: schemas)"
    )
    schema.add_argument(
        "--check", action="store_true", help="only report whether the written schemas are current"
    )

    codes = commands.add_parser("codes", help="list every diagnostic code")
    codes.add_argument("--format", choices=["text", "markdown"], default="text")

    alignment = commands.add_parser("alignment", help="show what serves each goal, and the gaps")
    alignment.add_argument(
        "path", nargs="?", default="plans", type=Path, help="the plans folder (default: plans)"
    )
    alignment.add_argument("--format", choices=["text", "json"], default="text")

    rules = commands.add_parser("rules", help="list the alignment rules")
    rules.add_argument("--format", choices=["text", "markdown"], default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    commands = {
        "check": run_check,
        "alignment": run_alignment,
        "rules": run_rules,
        "codes": run_codes,
        "schema": run_schema,
    }
    try:
        code = commands[args.command](args)
        sys.stdout.flush()  # so a closed pipe is met here, not at interpreter exit
        return code
    except UsageError as error:
        print(f"plansite: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader (`| head`) stopped early; that is not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    """`plansite check`: print every problem, then the summary."""
    plans_dir = find_plans_dir(args.path)
    site_config = args.site_config or plans_dir.resolve().parent / "site_config"
    if args.site_config and not args.site_config.is_dir():
        raise UsageError(f"{args.site_config} is not a folder")
    result = check_plans(plans_dir, site_config, args.as_of)
    sys.stdout.write(REPORTERS[args.format](result.summary))
    return EXIT_PROBLEMS if result.summary.failed(strict=args.strict) else EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    """`plansite schema`: write the schemas, or with --check report stale ones."""
    if args.check:
        stale = stale_schemas(args.out)
        for name in stale:
            print(f"{args.out / name}: out of date; run: plansite schema --out {args.out}")
        return EXIT_PROBLEMS if stale else EXIT_OK
    for path in write_schemas(args.out):
        print(f"wrote {path}")
    return EXIT_OK


def run_codes(args: argparse.Namespace) -> int:
    """`plansite codes`: every diagnostic code, as a list or as the Markdown reference page."""
    if args.format == "markdown":
        sys.stdout.write(render_code_reference())
        return EXIT_OK
    for code in sorted(REGISTRY.values(), key=lambda c: c.code):
        if code.family == "4":
            continue
        print(f"{code.code} {code.slug:<24} {code.severity.value:<8} {code.summary}")
    return EXIT_OK


def run_alignment(args: argparse.Namespace) -> int:
    """`plansite alignment`: for each goal, its measures, strategies, change ideas and cycles."""
    plans_dir = find_plans_dir(args.path)
    result = check_plans(plans_dir, plans_dir.resolve().parent / "site_config")
    # Alignment findings are what this view shows; only plans that do not load stop it.
    if any(d.severity is Severity.ERROR and d.code[2] in "123" for d in result.summary.diagnostics):
        sys.stdout.write(format_text(result.summary))
        return EXIT_PROBLEMS
    rows = build_alignment(result.plan_set)
    if args.format == "json":
        print(json.dumps(alignment_as_data(rows), indent=2))
        return EXIT_OK
    for row in rows:
        counts = (
            f"measures {len(row.measures)}, strategies {len(row.strategies)}, "
            f"change ideas {len(row.change_ideas)}, cycles {len(row.cycles)}"
        )
        served = f"; served by {len(row.served_by)} goals of other plans" if row.served_by else ""
        print(
            f"{row.plan_id}:{row.goal.id}: {counts}{served} ({', '.join(row.gaps) or 'fully linked'})"
        )
    return EXIT_OK


def run_rules(args: argparse.Namespace) -> int:
    """`plansite rules`: every alignment rule, as a list or as the Markdown reference page."""
    if args.format == "markdown":
        sys.stdout.write(render_rules_reference())
        return EXIT_OK
    for registered in sorted(RULES, key=lambda r: r.code.code):
        code = registered.code
        print(f"{code.code} {code.slug:<28} {code.severity.value:<8} {code.summary}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
