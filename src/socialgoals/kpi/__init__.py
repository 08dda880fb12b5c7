"""KPIs: the formula algebra, the standard catalogue and the rollup engine.

>>> from socialgoals.kpi import standard_catalogue
>>> cat = standard_catalogue()
>>> cat.get("engagement_rate_by_impressions").formula_text
'(likes + comments + shares) / impressions x 100'
>>> cat.get("engagement_rate_by_impressions").evaluate(
...     {"likes": 80.0, "comments": 15.0, "shares": 5.0, "impressions": 4000.0})
2.5
"""

from __future__ import annotations

from socialgoals.kpi import _hooks
from socialgoals.kpi._baseline import MeasuredBaseline, measure_baseline
from socialgoals.kpi._catalogue import KPI, Catalogue
from socialgoals.kpi._formula import (
    Column,
    Const,
    Difference,
    Expr,
    KPIRef,
    Metric,
    Product,
    Ratio,
    Sum,
    Undefined,
    Value,
)
from socialgoals.kpi._numpy import Engine, numpy_available
from socialgoals.kpi._parser import parse_formula
from socialgoals.kpi._rollup import Aggregation, Rollup, rollup
from socialgoals.kpi._series import Change, period_over_period, rolling, running_totals
from socialgoals.kpi._standard import STANDARD_METRICS, STOCK_METRICS, standard_catalogue
from socialgoals.kpi._table import DIMENSIONS, MetricTable, ObservationRow, Window
from socialgoals.kpi._units import Unit, UnitKind

__all__ = [
    # KPIs and catalogues
    "KPI",
    "Catalogue",
    "standard_catalogue",
    "STANDARD_METRICS",
    "STOCK_METRICS",
    "Unit",
    "UnitKind",
    # formula algebra
    "Expr",
    "Metric",
    "Const",
    "KPIRef",
    "Sum",
    "Difference",
    "Product",
    "Ratio",
    "Undefined",
    "Value",
    "Column",
    "parse_formula",
    # metrics and rollups
    "DIMENSIONS",
    "MetricTable",
    "ObservationRow",
    "Window",
    "Aggregation",
    "Rollup",
    "rollup",
    "Engine",
    "numpy_available",
    "Change",
    "period_over_period",
    "running_totals",
    "rolling",
    # baselines
    "MeasuredBaseline",
    "measure_baseline",
]

del _hooks
