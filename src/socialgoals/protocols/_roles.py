"""The typed Protocols that sources and sinks implement."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar, Protocol, runtime_checkable

from socialgoals.community.messages import Message
from socialgoals.model import Observation
from socialgoals.protocols._capabilities import SinkCapabilities, SourceCapabilities
from socialgoals.protocols._delivery import DeliveryItem, DeliveryResult
from socialgoals.protocols._queries import ActionRequest, ActionResult, MessageQuery, MetricQuery

__all__ = ["MetricSource", "ConversationSource", "Sink", "ErasableSink"]


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
