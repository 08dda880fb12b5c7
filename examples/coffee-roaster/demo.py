"""The demo: the coffee roaster's strategy audited, tracked, dry-run and reported.

    python examples/coffee-roaster/demo.py [--out build/demo]

It runs the ``socialgoals`` command exactly as a user would: imports six
months of data into a fresh store under ``--out``, prints the SMART audit, the
inbox dry run and the monthly report, and writes the HTML report. ``make
demo`` runs it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from socialgoals.cli import main as socialgoals

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PLAN = str(HERE / "plan.toml")
AS_OF = "2026-06-30"
SOURCES = [
    f"meta_instagram_posts:{DATA / 'instagram_posts.csv'}",
    f"meta_facebook_posts:{DATA / 'facebook_posts.csv'}",
    f"meta_ads_daily:{DATA / 'meta_ads_daily.csv'}",
    f"long,campaign_column=campaign:{DATA / 'attribution.csv'}",
    str(DATA / "shop_daily.csv"),
    str(DATA / "inbox.jsonl"),
]


def step(title: str) -> None:
    print(f"\n=== {title} " + "=" * max(0, 70 - len(title)), flush=True)


def run(out: Path, *, quiet: bool = False) -> Path:
    """Run the whole demo under ``out`` (emptied first); returns the HTML report's path."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    store = str(out / "store.db")
    html = out / "monthly-report.html"
    commands: list[tuple[str, list[str]]] = [
        ("Import six months of data", ["import", PLAN, *SOURCES, "--store", store,
                                       "--sink", f"sqlite:{out / 'crm.db'}", "--quiet"]),
        ("SMART audit", ["audit", PLAN]),
        ("Inbox rules, dry run over the conversation log",
         ["triage", PLAN, str(DATA / "inbox.jsonl")]),
        ("Deliver new leads to the CRM (SQLite sink)",
         ["deliver", "--store", store, "--sink", f"sqlite:{out / 'crm.db'}", "--loop"]),
        ("Monthly report", ["report", PLAN, "--store", store, "--as-of", AS_OF]),
        ("HTML report", ["report", PLAN, "--store", store, "--as-of", AS_OF,
                         "--format", "html", "--out", str(html)]),
    ]  # fmt: skip
    for title, argv in commands:
        if not quiet:
            step(title)
        code = socialgoals(argv)
        if code != 0:
            raise SystemExit(f"`socialgoals {' '.join(argv[:1])}` failed with exit code {code}")
    return html


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("build/demo"))
    args = parser.parse_args()
    html = run(args.out)
    print(f"\nThe HTML report is at {html.resolve()} (open it in a browser).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
