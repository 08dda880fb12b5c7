"""KPI packs and notifications: what plugins contribute besides sources and sinks."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from socialgoals.errors import Problem, ValidationError, check
from socialgoals.model import SLUG_RE, require_aware
from socialgoals.protocols._common import check_key as _check_key

if TYPE_CHECKING:
    from socialgoals.kpi import KPI

__all__ = ["KPIPack", "Severity", "Notification"]


@attrs.frozen
class KPIPack:
    """A named set of KPI definitions a plugin contributes.

    Attributes:
        id: a slug naming the pack (``"ecommerce"``, ``"b2b-saas"``).
        label: a human title.
        kpis: the KPIs (:class:`socialgoals.kpi.KPI`).
        description: what the pack is for.
    """

    id: str
    label: str
    kpis: tuple[KPI, ...] = attrs.field(converter=tuple)
    description: str = ""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if not isinstance(self.id, str) or not SLUG_RE.match(self.id):
            problems.append(Problem("id", self.id, "must be a slug", code="bad_slug"))
        ids = [getattr(k, "id", None) for k in self.kpis]
        problems.extend(
            Problem(f"kpis[{i}]", k, "is not a KPI (no id)", code="wrong_type")
            for i, k in enumerate(ids)
            if not isinstance(k, str)
        )
        seen: set[str] = set()
        for i, k in enumerate(ids):
            if isinstance(k, str) and k in seen:
                problems.append(Problem(f"kpis[{i}].id", k, "is a duplicate", code="duplicate_id"))
            if isinstance(k, str):
                seen.add(k)
        check(problems)


class Severity(enum.Enum):
    """How urgent a notification is."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


@attrs.frozen
class Notification:
    """An alert for humans (a volume spike, a crisis keyword, a dead letter...).

    Attributes:
        key: a stable id so notifiers can de-duplicate (no personal data).
        title: one line.
        body: the explanation (what crossed which threshold).
        severity: info, warning or critical.
        created_at: when it was raised (timezone-aware).
        topic: what it is about (``"community.spike"``, ``"delivery.dead_letter"``).
        details: extra plain values for machines.

    >>> from datetime import timezone
    >>> Notification("spike-1", "Negative spike", "12 negative comments in 1 h (baseline 2)",
    ...              Severity.WARNING, datetime(2026, 3, 2, tzinfo=timezone.utc)).severity
    <Severity.WARNING: 'warning'>
    """

    key: str
    title: str
    body: str
    severity: Severity
    created_at: datetime
    topic: str = "general"
    details: Mapping[str, str | int | float | bool | None] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        problems = _check_key("key", self.key)
        if not isinstance(self.title, str) or not self.title.strip():
            problems.append(Problem("title", self.title, "must be a non-empty string"))
        severity: object = self.severity
        if not isinstance(severity, Severity):
            problems.append(Problem("severity", severity, "must be a Severity"))
        created_at: object = self.created_at
        if not isinstance(created_at, datetime):
            problems.append(Problem("created_at", created_at, "must be a datetime"))
        else:
            try:
                require_aware(created_at, "created_at")
            except ValidationError as exc:
                problems.extend(exc.problems)
        check(problems)
