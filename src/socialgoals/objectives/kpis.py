"""What the objectives need to know about KPIs, as Protocols.

The SMART audit reads a KPI's formula, funnel stage, indicator kind and
direction. It accepts anything shaped like :class:`KPILike`, looked up through
anything shaped like :class:`KPILookup` (such as
``socialgoals.kpi.standard_catalogue()``), so the objectives package does not
depend on the KPI engine.
"""

from __future__ import annotations

from typing import Protocol

from socialgoals.model import FunnelStage, Indicator

__all__ = ["KPILike", "KPILookup"]


class KPILike(Protocol):
    """The attributes of a KPI the audit reads."""

    @property
    def id(self) -> str:
        """The KPI's id slug."""

    @property
    def label(self) -> str:
        """A display name."""

    @property
    def higher_is_better(self) -> bool:
        """Whether a higher value is an improvement."""

    @property
    def stage(self) -> FunnelStage:
        """The funnel stage the KPI measures."""

    @property
    def indicator(self) -> Indicator:
        """Whether it is a leading or a lagging indicator."""

    @property
    def formula_text(self) -> str:
        """The formula in words ("clicks / impressions x 100")."""

    @property
    def unit(self) -> object:
        """The KPI's unit (count, percent, currency...)."""


class KPILookup(Protocol):
    """A collection of KPIs by id, such as a KPI catalogue."""

    def __contains__(self, kpi_id: str, /) -> bool:
        """Whether a KPI with this id exists."""

    def get(self, kpi_id: str, /) -> KPILike:
        """The KPI with this id (raises ``KeyError`` when unknown)."""
