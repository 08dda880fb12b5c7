"""Items for sinks and the sinks' answers."""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from typing import Any

import attrs

from socialgoals.community.leads import Lead
from socialgoals.converters import unstructure
from socialgoals.errors import Problem, check
from socialgoals.protocols._capabilities import ItemKind
from socialgoals.protocols._common import check_key as _check_key

__all__ = ["DeliveryItem", "DeliveryStatus", "DeliveryResult"]


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
        >>> from socialgoals.model import Platform
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
