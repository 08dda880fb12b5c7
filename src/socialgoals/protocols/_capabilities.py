"""What sources and sinks declare they can do."""

from __future__ import annotations

import enum

import attrs

from socialgoals.community.messages import MessageKind
from socialgoals.errors import Problem, check
from socialgoals.model import SLUG_RE, Platform
from socialgoals.protocols._common import frozenset_converter as _frozenset_converter

__all__ = ["Action", "ItemKind", "SourceCapabilities", "SinkCapabilities"]


class Action(enum.Enum):
    """Something a conversation source can do on its platform."""

    REPLY = "reply"
    HIDE = "hide"
    UNHIDE = "unhide"
    DELETE = "delete"
    BAN = "ban"


class ItemKind(enum.Enum):
    """What a sink receives."""

    LEAD = "lead"
    CONVERSATION = "conversation"
    REPORT = "report"
    OBSERVATION = "observation"
    AUDIT = "audit"


@attrs.frozen
class SourceCapabilities:
    """What a metric or conversation source declares it can do.

    Attributes:
        platforms: the platforms it reads (empty: any platform, e.g. a CSV file).
        metrics: the metric ids it can produce (empty: decided by the data,
            e.g. a CSV column mapping; metric sources with a fixed list declare it).
        message_kinds: for conversation sources, the kinds of messages it yields.
        incremental: whether it honours ``since``/``start`` so a sync can
            fetch only what is new.
        actions: the actions it can perform (conversation sources only).
    """

    platforms: frozenset[Platform] = attrs.field(
        default=frozenset(), converter=_frozenset_converter
    )
    metrics: frozenset[str] = attrs.field(default=frozenset(), converter=_frozenset_converter)
    message_kinds: frozenset[MessageKind] = attrs.field(
        default=frozenset(), converter=_frozenset_converter
    )
    incremental: bool = False
    actions: frozenset[Action] = attrs.field(default=frozenset(), converter=_frozenset_converter)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name, kind in (
            ("platforms", Platform),
            ("message_kinds", MessageKind),
            ("actions", Action),
        ):
            value = getattr(self, name)
            if not isinstance(value, frozenset):
                problems.append(Problem(name, value, "must be a set", code="wrong_type"))
                continue
            problems.extend(
                Problem(name, v, f"must be a {kind.__name__}", code="wrong_type")
                for v in value
                if not isinstance(v, kind)
            )
        metrics: object = self.metrics
        if not isinstance(metrics, frozenset):
            problems.append(Problem("metrics", metrics, "must be a set", code="wrong_type"))
        else:
            problems.extend(
                Problem("metrics", m, "must be a metric id slug", code="bad_slug")
                for m in sorted(self.metrics, key=str)
                if not isinstance(m, str) or not SLUG_RE.match(m)
            )
        incremental: object = self.incremental
        if not isinstance(incremental, bool):
            problems.append(Problem("incremental", incremental, "must be true or false"))
        check(problems)

    def supports_metric(self, metric: str) -> bool:
        """Whether ``metric`` may come from this source (any, if none declared)."""
        return not self.metrics or metric in self.metrics

    def supports_platform(self, platform: Platform) -> bool:
        """Whether ``platform`` may come from this source (any, if none declared)."""
        return not self.platforms or platform in self.platforms

    def supports_action(self, action: Action) -> bool:
        """Whether the source can perform ``action``."""
        return action in self.actions


@attrs.frozen
class SinkCapabilities:
    """What a sink declares it can do.

    Attributes:
        accepts: the item kinds it takes.
        erase: whether it can erase a person's data (``erase(subject_key)``).
        max_batch: the most items one ``deliver`` call may carry.
    """

    accepts: frozenset[ItemKind] = attrs.field(converter=_frozenset_converter)
    erase: bool = False
    max_batch: int = 100

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if not isinstance(self.accepts, frozenset) or not self.accepts:
            problems.append(Problem("accepts", self.accepts, "must be a non-empty set"))
        else:
            problems.extend(
                Problem("accepts", v, "must be an ItemKind", code="wrong_type")
                for v in self.accepts
                if not isinstance(v, ItemKind)
            )
        erase: object = self.erase
        if not isinstance(erase, bool):
            problems.append(Problem("erase", erase, "must be true or false"))
        if isinstance(self.max_batch, bool) or not isinstance(self.max_batch, int):
            problems.append(Problem("max_batch", self.max_batch, "must be a whole number"))
        elif self.max_batch < 1:
            problems.append(Problem("max_batch", self.max_batch, "must be >= 1"))
        check(problems)
