"""The `plansite` command: parse arguments, run a stage, report, and return an exit code.

Exit codes: 0 when clean, 1 when problems were found, 2 when the command itself was misused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import yaml

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

    build = commands.add_parser(
        "build", help="check the plans, then build the site (strict: warnings fail too)"
    )
    _add_site_options(build)
    build.add_argument(
        "--site-dir", type=Path, default=None, help="where to write the site (default: site)"
    )
    build.add_argument(
        "--no-strict", action="store_true", help="publish even when the check has warnings"
    )

    serve = commands.add_parser(
        "serve", help="preview the site; it rebuilds when a plan or setting is saved"
    )
    _add_site_options(serve)
    serve.add_argument(
        "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT", help="(default: 127.0.0.1:8000)"
    )
    return parser


def _add_site_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the MkDocs configuration (default: mkdocs.yml)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    commands = {
        "check": run_check,
        "alignment": run_alignment,
        "rules": run_rules,
        "codes": run_codes,
        "schema": run_schema,
        "build": run_build,
        "serve": run_serve,
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


def _mkdocs(config_file: Path, *args: str) -> list[str]:
    if not config_file.is_file():
        raise UsageError(f"{config_file} not found; run this in the site's folder or pass -f")
    return [sys.executable, "-m", "mkdocs", *args, "--config-file", str(config_file)]


def run_build(args: argparse.Namespace) -> int:
    """`plansite build`: check and build into a fresh folder; replace the site only on success.

    MkDocs empties its output folder before writing; building beside it and swapping at the
    end means a failed build leaves the last good site where it was.
    """
    site_dir = (args.site_dir or _configured_site_dir(args.config_file)).resolve()
    staging = site_dir.with_name(f".{site_dir.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    strict = ["--no-strict"] if args.no_strict else ["--strict"]
    started = time.perf_counter()
    command = _mkdocs(args.config_file, "build", *strict, "--site-dir", str(staging))
    built = subprocess.run(command, check=False)  # noqa: S603 -- our own mkdocs, our arguments
    if built.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"plansite: the build failed, so {site_dir} was left as it was", file=sys.stderr)
        return EXIT_PROBLEMS
    _swap(staging, site_dir)
    pages = sum(1 for _ in site_dir.rglob("index.html"))
    print(f"plansite: built {pages} pages into {site_dir} in {time.perf_counter() - started:.1f} s")
    return EXIT_OK


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for one setting, passing over `!!python/name:` and `!ENV` tags."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _configured_site_dir(config_file: Path) -> Path:
    """`site_dir` from mkdocs.yml (relative to it), as `mkdocs build` would use it."""
    try:
        settings = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_AnyTagLoader)  # noqa: S506 -- a SafeLoader subclass
    except (OSError, yaml.YAMLError):
        settings = None  # MkDocs itself will report what is wrong with the file
    site_dir = settings.get("site_dir") if isinstance(settings, dict) else None
    return config_file.resolve().parent / (site_dir if isinstance(site_dir, str) else "site")


def _swap(new: Path, current: Path) -> None:
    """Put the new site in place; if that fails, put the old one back."""
    old = current.with_name(f".{current.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if current.exists():
        current.rename(old)
    try:
        new.rename(current)
    except OSError:
        if old.exists():
            old.rename(current)
        raise
    shutil.rmtree(old, ignore_errors=True)


def run_serve(args: argparse.Namespace) -> int:
    """`plansite serve`: MkDocs' live preview, which also watches plans/ and site_config/."""
    command = _mkdocs(args.config_file, "serve", "--dev-addr", args.dev_addr)
    try:
        return subprocess.run(command, check=False).returncode  # noqa: S603 -- as above
    except KeyboardInterrupt:
        return EXIT_OK


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
        below = (
            f" (+{len(row.ideas_below)} and {len(row.cycles_below)} in plans below)"
            if row.ideas_below or row.cycles_below
            else ""
        )
        counts = (
            f"measures {len(row.measures)}, strategies {len(row.strategies)}, "
            f"change ideas {len(row.change_ideas)}, cycles {len(row.cycles)}{below}"
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
