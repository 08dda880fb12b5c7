"""The ``socialgoals`` command: audit a plan, import data, report, dry-run triage, deliver.

Exit codes: ``0`` success; ``1`` the audit found a failing objective (or the
relay dead-lettered items); ``2`` a user mistake (missing file, bad plan,
unknown KPI, bad date or option), reported as one line on stderr, never a
traceback.

>>> main(["kpis", "--json", "ctr"])  # doctest: +ELLIPSIS
[
  {
    "id": "ctr",
    "label": "Click-through rate",
...
0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, Final

from socialgoals._cli.commands import (
    EXIT_USAGE,
    Output,
    cmd_audit,
    cmd_deliver,
    cmd_import,
    cmd_kpis,
    cmd_plugins,
    cmd_report,
    cmd_triage,
)
from socialgoals._version import __version__
from socialgoals.errors import SocialGoalsError

__all__ = ["main", "build_parser"]

Command = Callable[[argparse.Namespace, Output], int]

_EPILOG: Final = (
    "exit codes: 0 ok, 1 audit failures (or dead-lettered deliveries), "
    "2 user mistake (missing file, bad plan, unknown KPI, bad date)"
)


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable JSON on stdout")


def _store(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        metavar="PATH",
        help="the SQLite store (default: $SOCIALGOALS_STORE or ./socialgoals.db)",
    )


def _add_import(sub: Any) -> None:
    """The ``import`` sub-command's arguments."""
    p = sub.add_parser("import", help="import metric files and conversation logs into the store")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument(
        "sources",
        metavar="SOURCE",
        nargs="+",
        help="[PRESET[,key=value...]:]PATH, e.g. meta_instagram_posts:ig.csv or inbox.jsonl",
    )
    _store(p)
    p.add_argument(
        "--sink", action="append", default=[], metavar="NAME:ARG",
        help="queue new leads for this sink (e.g. sqlite:crm.db); repeatable",
    )  # fmt: skip
    p.add_argument("--rule-set", metavar="ID", help="the playbook rule set to triage with")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _json(p)
    p.set_defaults(handler=cmd_import)


def _add_report(sub: Any) -> None:
    """The ``report`` sub-command's arguments."""
    p = sub.add_parser("report", help="weekly, monthly or quarterly report")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--kind", choices=["weekly", "monthly", "quarterly"], default="monthly")
    p.add_argument("--as-of", metavar="DATE", help="last day of data, YYYY-MM-DD (default: today)")
    p.add_argument("--format", choices=["text", "md", "html", "json"], default="text")
    p.add_argument("--out", metavar="PATH", help="write to this file instead of stdout")
    p.add_argument("--lang", choices=["en", "fr"], default="en")
    p.add_argument(
        "--conversations", action="append", default=[], metavar="LOG",
        help="conversation log(s) for the weekly report's alerts, escalations and SLAs",
    )  # fmt: skip
    p.add_argument("--rule-set", metavar="ID", help="the playbook rule set to replay")
    _store(p)
    p.set_defaults(handler=cmd_report, json=False)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``socialgoals`` command."""
    parser = argparse.ArgumentParser(
        prog="socialgoals",
        description="Turn a social-media strategy into code: audit, import, report, triage.",
        epilog=_EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"socialgoals {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("audit", help="SMART audit of a plan (exit 1 when an objective fails)")
    p.add_argument("plan", metavar="PLAN", help="the plan file (.toml or .json)")
    _json(p)
    p.set_defaults(handler=cmd_audit)

    _add_import(sub)
    _add_report(sub)

    p = sub.add_parser("triage", help="dry-run the plan's inbox rules over a conversation log")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("log", metavar="LOG", help="a JSON Lines conversation log")
    p.add_argument("--rule-set", metavar="ID", help="the rule set (default: the first)")
    p.add_argument("--explain", type=int, default=0, metavar="N",
                   help="also explain the first N decisions")  # fmt: skip
    _json(p)
    p.set_defaults(handler=cmd_triage)

    p = sub.add_parser("deliver", help="run the outbox relay once, or --loop until it is empty")
    p.add_argument(
        "--sink", action="append", default=[], metavar="NAME:ARG",
        help="a sink to deliver to (sqlite:crm.db, webhook:URL); repeatable",
    )  # fmt: skip
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--loop", action="store_true", help="keep going until nothing is due")
    mode.add_argument(
        "--watch", action="store_true", help="keep running, picking up new rows, until Ctrl-C"
    )
    _store(p)
    _json(p)
    p.set_defaults(handler=cmd_deliver)

    p = sub.add_parser("kpis", help="the KPI catalogue (standard, or a plan's)")
    p.add_argument("kpi", nargs="*", metavar="KPI", help="only these KPI ids")
    p.add_argument("--plan", metavar="PLAN", help="include the plan's own KPIs")
    _json(p)
    p.set_defaults(handler=cmd_kpis)

    p = sub.add_parser("plugins", help="installed plugins and what they provide")
    _json(p)
    p.set_defaults(handler=cmd_plugins)
    return parser


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage and the error
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    handler: Command = args.handler
    out = Output(json_mode=bool(getattr(args, "json", False)))
    try:
        return handler(args, out)
    except (SocialGoalsError, OSError) as exc:
        lines = _one_line(exc).splitlines()
        print(f"socialgoals {args.command}: error: {lines[0]}", file=sys.stderr)
        for line in lines[1:]:
            print(f"  {line.strip()}", file=sys.stderr)
        return EXIT_USAGE
    except ImportError as exc:
        print(f"socialgoals {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover - `python -m socialgoals.cli`
    sys.exit(main())
