"""One function per ``socialgoals`` sub-command; each returns the exit code.

They print through a :class:`Output` (rich for people, JSON for tools) and
raise :class:`UsageError` (or any :class:`~socialgoals.errors.SocialGoalsError`)
for a user mistake; :func:`socialgoals.cli.main` turns those into one line
on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Final

from socialgoals._cli.pipeline import (
    import_conversations,
    import_metric_source,
    load_table,
    parse_source,
    plan_triage,
    read_conversations,
)
from socialgoals.converters import unstructure
from socialgoals.errors import SocialGoalsError
from socialgoals.kpi import Catalogue, standard_catalogue
from socialgoals.objectives.reasons import Verdict
from socialgoals.plan import Plan
from socialgoals.planfile import load_plan
from socialgoals.plugins import collect_registry, get_plugin_manager, list_plugins

__all__ = [
    "EXIT_OK",
    "EXIT_FAILED",
    "EXIT_USAGE",
    "UsageError",
    "Output",
    "cmd_audit",
    "cmd_kpis",
    "cmd_plugins",
    "cmd_import",
    "cmd_report",
    "cmd_triage",
    "cmd_deliver",
    "DEFAULT_STORE",
]

EXIT_OK: Final = 0
EXIT_FAILED: Final = 1
"""The audit found a failing objective, or a check failed."""
EXIT_USAGE: Final = 2
"""A user mistake: missing file, bad plan, unknown KPI, bad date or option."""

DEFAULT_STORE: Final = "socialgoals.db"


class UsageError(SocialGoalsError, ValueError):
    """A mistake on the command line (the message says what to do)."""


class Output:
    """Where a command writes: rich text for people, or JSON for tools."""

    def __init__(self, *, json_mode: bool, stdout: IO[str] | None = None) -> None:
        self.json_mode = json_mode
        self.stdout = stdout or sys.stdout
        self._console: Any = None

    @property
    def console(self) -> Any:
        """A ``rich`` console on stdout (the ``cli`` extra)."""
        if self._console is None:
            from rich.console import Console  # noqa: PLC0415 - the optional `cli` extra

            tty = hasattr(self.stdout, "isatty") and self.stdout.isatty()
            width = None if tty else 120  # files and pipes: wide, whatever $COLUMNS says
            self._console = Console(file=self.stdout, highlight=False, width=width)
        return self._console

    def json(self, data: Any) -> None:
        """Write ``data`` as one JSON document."""
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")

    def text(self, text: str) -> None:
        """Write plain text (no markup interpretation)."""
        self.console.print(text, markup=False)


def _plan(path: str) -> Plan:
    if not Path(path).exists():
        raise UsageError(f"{path}: no such plan file")
    return load_plan(path)


def _date(text: str | None) -> date:
    if text is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of: {text!r} is not a date such as 2026-06-30") from None


def _store(path: str | None, *, must_exist: bool) -> Any:
    from socialgoals.store import Store  # noqa: PLC0415 - services, on demand

    chosen = Path(path or os.environ.get("SOCIALGOALS_STORE") or DEFAULT_STORE)
    if must_exist and not chosen.exists():
        raise UsageError(f"{chosen}: no store yet (run `socialgoals import` first, or --store)")
    chosen.parent.mkdir(parents=True, exist_ok=True)
    return Store(chosen)


# ----------------------------------------------------------------------- audit


def cmd_audit(args: argparse.Namespace, out: Output) -> int:
    """The SMART audit of a plan; exit 1 when an objective fails."""
    plan = _plan(args.plan)
    report = plan.audit()
    if out.json_mode:
        out.json(unstructure(report))
    else:
        if plan.name:
            out.text(plan.name)
        out.text(report.to_text())
    return EXIT_FAILED if report.counts()[Verdict.FAIL] else EXIT_OK


# ----------------------------------------------------------------------- kpis and plugins


def _catalogue(plan_path: str | None) -> Catalogue:
    return _plan(plan_path).catalogue if plan_path else standard_catalogue()


def cmd_kpis(args: argparse.Namespace, out: Output) -> int:
    """List the KPIs: the standard catalogue, or a plan's (with its own KPIs)."""
    catalogue = _catalogue(args.plan)
    kpis = [catalogue.get(k) for k in args.kpi] if args.kpi else list(catalogue)
    rows: list[dict[str, Any]] = [
        {
            "id": k.id,
            "label": k.label,
            "formula": k.formula_text,
            "unit": str(k.unit),
            "higher_is_better": k.higher_is_better,
            "stage": k.stage.value,
            "indicator": k.indicator.value,
            "description": k.description,
        }
        for k in kpis
    ]
    if out.json_mode:
        out.json(rows)
        return EXIT_OK
    from rich.table import Table  # noqa: PLC0415 - the optional `cli` extra

    table = Table("id", "label", "formula", "unit", "stage", title=f"{len(rows)} KPIs")
    for r in rows:
        table.add_row(*(str(r[k]) for k in ("id", "label", "formula", "unit", "stage")))
    out.console.print(table)
    return EXIT_OK


def cmd_plugins(args: argparse.Namespace, out: Output) -> int:
    """List the installed plugins and what each provides."""
    del args
    pm = get_plugin_manager()
    infos = list_plugins(pm)
    rows = [unstructure(i) for i in infos]
    errors = [str(e) for e in pm.load_errors]
    if out.json_mode:
        out.json(rows)
        for error in errors:
            print(f"warning: {error}", file=sys.stderr)
        return EXIT_OK
    from rich.table import Table  # noqa: PLC0415 - the optional `cli` extra

    table = Table("plugin", "origin", "version", "provides", title=f"{len(rows)} plugins")
    for info in infos:
        table.add_row(info.name, info.origin, info.version or "", ", ".join(info.provides) or "-")
    out.console.print(table)
    for error in errors:
        out.text(f"could not load: {error}")
    return EXIT_OK


# ----------------------------------------------------------------------- import


def _sinks(specs: list[str]) -> list[tuple[str, str]]:
    found = []
    for spec in specs:
        name, sep, arg = spec.partition(":")
        if not sep or not arg:
            raise UsageError(f"--sink {spec!r}: write NAME:ARGUMENT (sqlite:crm.db)")
        found.append((name, arg))
    return found


def cmd_import(args: argparse.Namespace, out: Output) -> int:
    """Import metric files and conversation logs into the store, with a progress bar."""
    plan = _plan(args.plan)
    specs = [parse_source(s) for s in args.sources]
    for spec in specs:
        if not spec.path.exists():
            raise UsageError(f"{spec.path}: no such file")
    sink_names = [name for name, _ in _sinks(args.sink)]
    pm = get_plugin_manager()
    registry = collect_registry(pm)
    rows: list[dict[str, Any]] = []
    from rich.console import Console  # noqa: PLC0415 - the optional `cli` extra
    from rich.progress import Progress  # noqa: PLC0415 - rich is an optional extra

    progress_console = Console(stderr=True)
    with _store(args.store, must_exist=False) as store, Progress(
        console=progress_console, transient=True, disable=out.json_mode or args.quiet
    ) as progress:  # fmt: skip
        task = progress.add_task("importing", total=len(specs))
        for spec in specs:
            progress.update(task, description=f"importing {spec.path.name}")
            if spec.kind == "conversations":
                conversations = read_conversations(registry, spec.path)
                result = import_conversations(
                    store,
                    plan,
                    conversations,
                    triage=plan_triage(plan, pm, args.rule_set),
                    sinks=sink_names,
                    source=f"conversations:{spec.path.name}",
                )
                rows.append({
                    "source": str(spec.path), "kind": "conversations",
                    "conversations": result.conversations, "messages": result.messages,
                    "leads": result.leads, **unstructure(result.observations),
                })  # fmt: skip
            else:
                summary, skipped = import_metric_source(store, registry, spec)
                rows.append({
                    "source": str(spec.path), "kind": "metrics", "preset": spec.preset,
                    **unstructure(summary), "skipped": skipped(),
                })  # fmt: skip
            progress.advance(task)
        pending = store.pending()
    if out.json_mode:
        out.json({"store": str(store.path), "sources": rows, "outbox_pending": pending})
        return EXIT_OK
    from rich.table import Table  # noqa: PLC0415 - rich is an optional extra

    table = Table("source", "kind", "inserted", "updated", "unchanged", "leads",
                  title=f"imported into {store.path}")  # fmt: skip
    for r in rows:
        table.add_row(Path(r["source"]).name, r["kind"], str(r["inserted"]), str(r["updated"]),
                      str(r["unchanged"]), str(r.get("leads", "-")))  # fmt: skip
    out.console.print(table)
    if pending:
        out.text(f"{pending} item(s) waiting in the outbox: run `socialgoals deliver`")
    return EXIT_OK


# ----------------------------------------------------------------------- report


def cmd_report(args: argparse.Namespace, out: Output) -> int:
    """Build a weekly, monthly or quarterly report from the store."""
    from socialgoals import reporting  # noqa: PLC0415 - application layer, on demand

    plan = _plan(args.plan)
    as_of = _date(args.as_of)
    kind = reporting.ReportKind(args.kind)
    with _store(args.store, must_exist=True) as store:
        table = load_table(store, end=as_of + timedelta(days=1))
    conversations = []
    triage = None
    if args.conversations:
        pm = get_plugin_manager()
        registry = collect_registry(pm)
        for path in args.conversations:
            if not Path(path).exists():
                raise UsageError(f"{path}: no such conversation log")
            conversations.extend(read_conversations(registry, Path(path)))
        triage = plan_triage(plan, pm, args.rule_set)
    report = reporting.build_report(
        kind,
        plan,
        table,
        as_of=as_of,
        lang=args.lang,
        conversations=conversations,
        triage=triage,
    )
    fmt = args.format
    if fmt == "text" and args.out is None:
        reporting.print_report(report, out.console)
        return EXIT_OK
    render = {
        "text": lambda r: reporting.render_text(r, width=100),
        "md": reporting.render_markdown,
        "html": reporting.render_html,
        "json": reporting.render_json,
    }[fmt]
    content = render(report)
    if args.out is None:
        out.stdout.write(content)
        return EXIT_OK
    target = Path(args.out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content, encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return EXIT_OK


# ----------------------------------------------------------------------- triage


def cmd_triage(args: argparse.Namespace, out: Output) -> int:
    """Dry-run the plan's rules over a conversation log."""
    from socialgoals.community import dry_run  # noqa: PLC0415 - on demand

    plan = _plan(args.plan)
    if not Path(args.log).exists():
        raise UsageError(f"{args.log}: no such conversation log")
    pm = get_plugin_manager()
    triage = plan_triage(plan, pm, args.rule_set)
    if triage is None:
        raise UsageError(f"{args.plan}: the plan has no community rule set to dry-run")
    conversations = read_conversations(collect_registry(pm), Path(args.log))
    summary = dry_run(triage, conversations)
    if out.json_mode:
        data = {
            "messages": summary.messages,
            "touched": summary.touched,
            "untouched": len(summary.untouched),
            "rules": summary.rules,
            "actions": summary.actions,
            "intents": summary.intents,
            "escalations": summary.escalations,
            "escalations_by_role": summary.escalations_by_role,
            "leads": summary.leads,
            "sla": {role: unstructure(s) for role, s in summary.sla.items()},
        }
        out.json(data)
        return EXIT_OK
    out.text(summary.render())
    for decision in summary.decisions[: args.explain]:
        out.text(decision.explain())
    return EXIT_OK


# ----------------------------------------------------------------------- deliver


def cmd_deliver(args: argparse.Namespace, out: Output) -> int:
    """Run the outbox relay once (default), until nothing is due (``--loop``), or forever."""
    from socialgoals.delivery import Relay  # noqa: PLC0415 - services, on demand

    wanted = _sinks(args.sink)
    if not wanted:
        raise UsageError("name at least one sink: --sink sqlite:crm.db")
    registry = collect_registry(get_plugin_manager())
    sinks: dict[str, Any] = {}
    for name, arg in wanted:
        cls = registry.get("sink", name)
        if name == "webhook":
            secret = os.environ.get("SOCIALGOALS_WEBHOOK_SECRET")
            if not secret:
                raise UsageError("the webhook sink needs SOCIALGOALS_WEBHOOK_SECRET")
            sinks[name] = cls(arg, secret)
        else:
            sinks[name] = cls(arg)
    with _store(args.store, must_exist=True) as store:
        relay = Relay(store, sinks)
        if args.watch:
            try:
                report = relay.run(idle_exit=False)
            except KeyboardInterrupt:  # Ctrl-C ends a watch; rows in flight stay leased
                print("stopped", file=sys.stderr)
                return EXIT_OK
        else:
            report = relay.run() if args.loop else relay.run_once()
        pending = store.pending()
    data = {**unstructure(report), "pending": pending}
    if out.json_mode:
        out.json(data)
    else:
        out.text(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in data.items()))
    return EXIT_FAILED if report.dead_lettered else EXIT_OK
