"""The KPI reference page, generated from the catalogue.

``docs/reference/kpis.md`` is this module's output; a test fails when the two
disagree. Regenerate it with::

    python -m socialgoals.kpi.reference > docs/reference/kpis.md

>>> page = render_reference()
>>> "| `ctr` | Click-through rate | `clicks / impressions x 100` |" in page
True
"""

from __future__ import annotations

import sys

from socialgoals.kpi._catalogue import Catalogue
from socialgoals.kpi._standard import STANDARD_METRICS, STOCK_METRICS, standard_catalogue
from socialgoals.model import FunnelStage

__all__ = ["render_reference", "main"]

_STAGE_TITLES = {
    FunnelStage.AWARENESS: "Awareness",
    FunnelStage.ENGAGEMENT: "Engagement",
    FunnelStage.CONVERSION: "Conversion, traffic, leads and unit economics",
    FunnelStage.RETENTION: "Loyalty and customer service",
}

_INTRO = """\
# KPI reference

Every KPI of the standard catalogue (`socialgoals.kpi.standard_catalogue()`),
generated from the catalogue itself: do not edit this page by hand, run
`python -m socialgoals.kpi.reference > docs/reference/kpis.md`.

How every formula is computed:

- A ratio is the ratio of **sums** over the group and period, never the mean
  of per-row ratios: `ctr` for a month is the month's clicks over the month's
  impressions.
- A zero or missing denominator gives an *undefined* value with its reason
  (`Undefined(reason='denominator impressions is zero')`), never inf, NaN or
  an exception.
- A metric without data is *no data*, not zero: the KPIs that read it are
  undefined.
- `x 100` is a scale: the value is a percentage.
- `kpi:<id>` refers to another KPI, computed on the same sums.
- Levels ({stocks}) are not summed over time: a rollup takes the value on the
  latest date of the group (summed over accounts).
"""


def _direction(higher_is_better: bool) -> str:
    return "higher" if higher_is_better else "lower"


def render_reference(catalogue: Catalogue | None = None) -> str:
    """The reference page of ``catalogue`` (default: the standard one), as Markdown."""
    cat = catalogue if catalogue is not None else standard_catalogue()
    stocks = ", ".join(f"`{m}`" for m in sorted(STOCK_METRICS))
    lines = [_INTRO.format(stocks=stocks)]
    for stage, title in _STAGE_TITLES.items():
        kpis = [k for k in cat if k.stage is stage]
        if not kpis:
            continue
        lines.append(f"## {title}\n")
        lines.append("| id | label | formula | unit | better | indicator |")
        lines.append("|---|---|---|---|---|---|")
        lines.extend(
            f"| `{k.id}` | {k.label} | `{k.formula_text}` | {k.unit} | "
            f"{_direction(k.higher_is_better)} | {k.indicator.value} |"
            for k in kpis
        )
        lines.append("")
        lines.extend(f"- `{k.id}`: {k.description}" for k in kpis)
        lines.append("")
    lines.append("## Metrics\n")
    lines.append("The metric names the formulas read, as sources deliver them.\n")
    lines.append("| metric | what it counts |")
    lines.append("|---|---|")
    metrics = sorted(cat.metrics)
    lines.extend(f"| `{m}` | {STANDARD_METRICS.get(m, '')} |" for m in metrics)
    return "\n".join(lines) + "\n"


def main() -> int:
    """Print the standard catalogue's reference page on standard output."""
    sys.stdout.write(render_reference())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
