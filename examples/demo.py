"""Load every plan under examples/ and print its SMART audit.

This is what ``make demo`` runs (until the command-line interface lands).
Each objective gets one line with its five letters (``+`` passes, ``?``
warns, ``-`` fails), then one line per warning or failure with its reason
code; plan-level findings come last.
"""

from __future__ import annotations

import sys
from pathlib import Path

from socialgoals.errors import PlanFileError, ValidationError
from socialgoals.planfile import load_plan

EXAMPLES = Path(__file__).resolve().parent


def plan_files(root: Path = EXAMPLES) -> list[Path]:
    """Every plan file (``plan.toml`` or ``plan.json``) under ``root``, sorted."""
    return sorted(p for p in root.rglob("plan.*") if p.suffix in {".toml", ".json"})


def main() -> int:
    """Print the audit of each example plan; 1 if one cannot be loaded."""
    status = 0
    for path in plan_files():
        title = f"== {path.relative_to(EXAMPLES.parent)} "
        print(title + "=" * max(0, 78 - len(title)))
        try:
            plan = load_plan(path)
        except (PlanFileError, ValidationError) as exc:
            print(f"cannot load: {exc}")
            status = 1
            continue
        if plan.name:
            print(plan.name)
        print(plan.audit().to_text())
        print()
    return status


if __name__ == "__main__":
    sys.exit(main())
