"""The typed contract for sources and sinks that plugins provide.

Plugins register *classes* (see :mod:`socialgoals.hookspecs`); socialgoals
instantiates them with keyword arguments taken from configuration, e.g.
``CSVMetricSource(path="export.csv", preset="meta_business_suite")``.

Three roles:

- a :class:`MetricSource` yields :class:`~socialgoals.model.Observation` rows;
- a :class:`ConversationSource` yields :class:`~socialgoals.community.Message`
  objects and may act on them (reply, hide, ban...) when its capabilities say so;
- a :class:`Sink` takes :class:`DeliveryItem` objects (leads, conversations,
  reports...) with idempotency keys and answers one :class:`DeliveryResult` per
  item: persisted, not persisted, or possibly persisted.

Every role declares what it can do in a capabilities object, and the
conformance kit (:mod:`socialgoals.testing.conformance`) checks that the
declaration is honoured.

>>> caps = SourceCapabilities(platforms=frozenset({Platform.INSTAGRAM}),
...                           metrics=frozenset({"reach"}), incremental=True)
>>> caps.supports_metric("reach"), caps.supports_action(Action.HIDE)
(True, False)
>>> item = DeliveryItem(ItemKind.LEAD, "lead_0123", {"id": "l1"})
>>> DeliveryResult.persisted(item.idempotency_key).done
True
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Final, Protocol, runtime_checkable

import attrs

from socialgoals.community.leads import Lead
from socialgoals.community.messages import Message, MessageKind
from socialgoals.converters import unstructure
from socialgoals.errors import Problem, ValidationError, check
from socialgoals.model import SLUG_RE, Observation, Platform, require_aware

if TYPE_CHECKING:
    from socialgoals.kpi import KPI

__all__ = [
    "Action",
    "ItemKind",
    "SourceCapabilities",
    "SinkCapabilities",
    "MetricQuery",
    "MessageQuery",
    "ActionRequest",
    "ActionResult",
    "DeliveryItem",
    "DeliveryStatus",
    "DeliveryResult",
    "MetricSource",
    "ConversationSource",
    "Sink",
    "ErasableSink",
    "KPIPack",
    "Severity",
    "Notification",
    "IDEMPOTENCY_KEY_RE",
]

IDEMPOTENCY_KEY_RE: Final = re.compile(r"^[A-Za-z0-9_.:\-]{1,200}$")
"""What idempotency keys look like: short, opaque, never personal data."""


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


def _frozenset_converter(value: Any) -> Any:
    if isinstance(value, str | bytes) or value is None:
        return value  # refused by the validation below, with the value shown
    try:
        return frozenset(value)
    except TypeError:
        return value


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


@attrs.frozen
class MetricQuery:
    """What a metric source is asked for.

    Attributes:
        start: the first day wanted (inclusive), or ``None`` for the beginning.
        end: the day after the last day wanted (exclusive), or ``None``.
        metrics: the metric ids wanted (empty: every metric it has).
        page_size: a hint for sources that page through an API.

    >>> q = MetricQuery(start=date(2026, 3, 1), end=date(2026, 4, 1))
    >>> q.wants(date(2026, 3, 31), "reach"), q.wants(date(2026, 4, 1), "reach")
    (True, False)
    """

    start: date | None = None
    end: date | None = None
    metrics: frozenset[str] = attrs.field(default=frozenset(), converter=_frozenset_converter)
    page_size: int = 100

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, datetime) or not isinstance(value, date)):
                problems.append(Problem(name, value, "must be a date", code="wrong_type"))
        if (
            isinstance(self.start, date)
            and isinstance(self.end, date)
            and not isinstance(self.start, datetime)
            and not isinstance(self.end, datetime)
            and self.end <= self.start
        ):
            problems.append(Problem("end", self.end, f"must be after start {self.start}"))
        if isinstance(self.page_size, bool) or not isinstance(self.page_size, int):
            problems.append(Problem("page_size", self.page_size, "must be a whole number"))
        elif self.page_size < 1:
            problems.append(Problem("page_size", self.page_size, "must be >= 1"))
        check(problems)

    def wants(self, day: date, metric: str) -> bool:
        """Whether an observation of ``metric`` on ``day`` is asked for."""
        if self.start is not None and day < self.start:
            return False
        if self.end is not None and day >= self.end:
            return False
        return not self.metrics or metric in self.metrics


@attrs.frozen
class MessageQuery:
    """What a conversation source is asked for.

    Attributes:
        since: only messages received at or after this instant (aware), or ``None``.
        until: only messages received before this instant (aware), or ``None``.
        kinds: the message kinds wanted (empty: all it has).
        page_size: a hint for sources that page through an API.
    """

    since: datetime | None = None
    until: datetime | None = None
    kinds: frozenset[MessageKind] = attrs.field(default=frozenset(), converter=_frozenset_converter)
    page_size: int = 100

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is None:
                continue
            try:
                require_aware(value, name)
            except (ValidationError, AttributeError, TypeError):
                problems.append(Problem(name, value, "must be a timezone-aware datetime"))
        if not problems and self.since and self.until and self.until <= self.since:
            problems.append(Problem("until", self.until, "must be after since"))
        if isinstance(self.page_size, bool) or not isinstance(self.page_size, int):
            problems.append(Problem("page_size", self.page_size, "must be a whole number"))
        elif self.page_size < 1:
            problems.append(Problem("page_size", self.page_size, "must be >= 1"))
        check(problems)

    def wants(self, message: Message) -> bool:
        """Whether ``message`` is asked for."""
        if self.since is not None and message.received_at < self.since:
            return False
        if self.until is not None and message.received_at >= self.until:
            return False
        return not self.kinds or message.kind in self.kinds


@attrs.frozen
class ActionRequest:
    """An action to perform on a platform message.

    Attributes:
        action: reply, hide, unhide, delete or ban.
        message_id: the message acted on (for ``ban``: one of the author's messages).
        text: the reply text (``reply`` only).
        reason: why (kept in the audit trail; required for hide, delete and ban).
    """

    action: Action
    message_id: str
    text: str | None = None
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        action: object = self.action
        if not isinstance(action, Action):
            problems.append(Problem("action", action, "must be an Action"))
        message_id: object = self.message_id
        if not isinstance(message_id, str) or not message_id:
            problems.append(Problem("message_id", message_id, "must be a non-empty string"))
        if self.action is Action.REPLY and not self.text:
            problems.append(Problem("text", self.text, "a reply needs a text"))
        if self.action in (Action.HIDE, Action.DELETE, Action.BAN) and not self.reason:
            problems.append(Problem("reason", self.reason, "a moderation action needs a reason"))
        check(problems)


@attrs.frozen
class ActionResult:
    """What happened when a source performed an action.

    Attributes:
        done: whether the platform confirmed the action.
        platform_id: the id the platform gave (e.g. the reply's id), if any.
        detail: a short explanation (no personal data).
    """

    done: bool
    platform_id: str | None = None
    detail: str = ""


def _check_key(path: str, key: object) -> list[Problem]:
    if not isinstance(key, str) or not IDEMPOTENCY_KEY_RE.match(key):
        return [
            Problem(
                path,
                key,
                "must be 1-200 characters among letters, digits and _ . : -",
                code="bad_key",
            )
        ]
    return []


@attrs.frozen
class DeliveryItem:
    """One item for a sink: plain JSON-ready data plus an idempotency key.

    Attributes:
        kind: lead, conversation, report...
        idempotency_key: the same item re-sent carries the same key, so the
            receiver applies it once; it never contains personal data.
        payload: JSON-ready data (dicts, lists, strings, numbers, booleans, None).
        subject_key: the pseudonymous key of the person the item is about, if
            any (see :attr:`socialgoals.community.Contact.subject_key`), for erasure.
    """

    kind: ItemKind
    idempotency_key: str
    payload: Mapping[str, Any] = attrs.field(repr=False)
    subject_key: str | None = None

    def __attrs_post_init__(self) -> None:
        problems = _check_key("idempotency_key", self.idempotency_key)
        kind: object = self.kind
        payload: object = self.payload
        if not isinstance(kind, ItemKind):
            problems.append(Problem("kind", kind, "must be an ItemKind", code="wrong_type"))
        if not isinstance(payload, Mapping):
            problems.append(Problem("payload", "<payload>", "must be a mapping"))
        if self.subject_key is not None:
            problems.extend(_check_key("subject_key", self.subject_key))
        check(problems)

    @classmethod
    def for_lead(cls, lead: Lead) -> DeliveryItem:
        """The item that carries ``lead`` to a sink.

        The payload is ``socialgoals.converters.unstructure(lead)`` (so a sink can
        ``structure(payload, Lead)`` it back); the key is
        :attr:`Lead.idempotency_key <socialgoals.community.Lead.idempotency_key>`.

        >>> from datetime import datetime, timezone
        >>> from socialgoals.community import Contact
        >>> lead = Lead("l1", Contact(email="a@b.co"), Platform.X,
        ...             datetime(2026, 3, 2, tzinfo=timezone.utc))
        >>> item = DeliveryItem.for_lead(lead)
        >>> item.kind, item.idempotency_key == lead.idempotency_key, item.payload["id"]
        (<ItemKind.LEAD: 'lead'>, True, 'l1')
        """
        payload = unstructure(lead)
        return cls(ItemKind.LEAD, lead.idempotency_key, payload, subject_key=lead.subject_key)


class DeliveryStatus(enum.Enum):
    """What a sink knows about one item after a delivery attempt."""

    PERSISTED = "persisted"
    """The receiver confirmed it has the item (or had it already)."""
    NOT_PERSISTED = "not_persisted"
    """The receiver certainly does not have it (refused, or never reached)."""
    POSSIBLY_PERSISTED = "possibly_persisted"
    """Unknown (timeout, 5xx after sending): retry, the idempotency key protects."""


@attrs.frozen
class DeliveryResult:
    """A sink's answer for one item.

    Attributes:
        idempotency_key: the item it answers.
        status: persisted, not persisted or possibly persisted.
        permanent: with ``NOT_PERSISTED``, retrying will not help (dead-letter it).
        reason: why, when not persisted (no personal data, no secrets).
        retry_after: seconds the receiver asked us to wait, if it said.
        remote_id: the receiver's id for the item, if it gave one.

    >>> DeliveryResult.failed("lead_1", "HTTP 400: bad email", permanent=True).permanent
    True
    """

    idempotency_key: str
    status: DeliveryStatus
    permanent: bool = False
    reason: str = ""
    retry_after: float | None = None
    remote_id: str | None = None

    def __attrs_post_init__(self) -> None:
        problems = _check_key("idempotency_key", self.idempotency_key)
        status: object = self.status
        if not isinstance(status, DeliveryStatus):
            problems.append(Problem("status", status, "must be a DeliveryStatus"))
        if self.permanent and self.status is not DeliveryStatus.NOT_PERSISTED:
            problems.append(
                Problem("permanent", self.permanent, "only a not-persisted item can be permanent")
            )
        if self.retry_after is not None and (
            isinstance(self.retry_after, bool)
            or not isinstance(self.retry_after, int | float)
            or not math.isfinite(self.retry_after)
            or self.retry_after < 0
        ):
            problems.append(Problem("retry_after", self.retry_after, "must be seconds >= 0"))
        check(problems)

    @property
    def done(self) -> bool:
        """Whether the item can be marked delivered."""
        return self.status is DeliveryStatus.PERSISTED

    @classmethod
    def persisted(cls, key: str, *, remote_id: str | None = None) -> DeliveryResult:
        """The item is safely stored by the receiver."""
        return cls(key, DeliveryStatus.PERSISTED, remote_id=remote_id)

    @classmethod
    def failed(
        cls,
        key: str,
        reason: str,
        *,
        permanent: bool = False,
        retry_after: float | None = None,
    ) -> DeliveryResult:
        """The receiver certainly does not have the item."""
        return cls(
            key,
            DeliveryStatus.NOT_PERSISTED,
            permanent=permanent,
            reason=reason,
            retry_after=retry_after,
        )

    @classmethod
    def unknown(cls, key: str, reason: str, *, retry_after: float | None = None) -> DeliveryResult:
        """Nobody knows whether the receiver stored it: it will be re-sent."""
        return cls(key, DeliveryStatus.POSSIBLY_PERSISTED, reason=reason, retry_after=retry_after)


@runtime_checkable
class MetricSource(Protocol):
    """A source of metric observations (platform insights, analytics exports...).

    Attributes:
        name: the registry name of the source class (``"csv"``, ``"meta"``).
    """

    name: ClassVar[str]

    @property
    def capabilities(self) -> SourceCapabilities:
        """What this configured source can produce."""
        ...

    def observations(self, query: MetricQuery) -> Iterator[Observation]:
        """Yield the observations ``query`` asks for; the iterator must end.

        Sources that are not ``incremental`` may ignore ``query.start``/``end``
        (the caller filters); missing data is *no* observation, never zero.
        """
        ...


@runtime_checkable
class ConversationSource(Protocol):
    """A source of comments, DMs, mentions and reviews, maybe able to act on them."""

    name: ClassVar[str]

    @property
    def capabilities(self) -> SourceCapabilities:
        """What this configured source can read and do."""
        ...

    def messages(self, query: MessageQuery) -> Iterator[Message]:
        """Yield the messages ``query`` asks for, oldest first; the iterator must end."""
        ...

    def act(self, request: ActionRequest) -> ActionResult:
        """Perform ``request`` on the platform.

        Raises:
            UnsupportedActionError: when ``request.action`` is not in
                ``capabilities.actions``.
        """
        ...


@runtime_checkable
class Sink(Protocol):
    """A receiver of items: a CRM, a webhook, a database."""

    name: ClassVar[str]

    @property
    def capabilities(self) -> SinkCapabilities:
        """What this configured sink accepts."""
        ...

    def deliver(self, items: Sequence[DeliveryItem]) -> Sequence[DeliveryResult]:
        """Deliver ``items``; answer one result per item, in any order.

        Re-delivering an item with the same idempotency key must not apply it
        twice. Transport failures are answered as results, not raised.
        """
        ...


@runtime_checkable
class ErasableSink(Sink, Protocol):
    """A sink that can erase a person's data (``capabilities.erase`` is true)."""

    def erase(self, subject_key: str) -> None:
        """Remove everything about ``subject_key``; erasing twice is harmless.

        Raises:
            DeliveryError: when the receiver could not erase (try again).
        """
        ...


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
