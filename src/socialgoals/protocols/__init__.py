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

>>> from socialgoals.model import Platform
>>> caps = SourceCapabilities(platforms=frozenset({Platform.INSTAGRAM}),
...                           metrics=frozenset({"reach"}), incremental=True)
>>> caps.supports_metric("reach"), caps.supports_action(Action.HIDE)
(True, False)
>>> item = DeliveryItem(ItemKind.LEAD, "lead_0123", {"id": "l1"})
>>> DeliveryResult.persisted(item.idempotency_key).done
True
"""

from __future__ import annotations

from socialgoals.protocols._capabilities import (
    Action,
    ItemKind,
    SinkCapabilities,
    SourceCapabilities,
)
from socialgoals.protocols._common import IDEMPOTENCY_KEY_RE
from socialgoals.protocols._delivery import DeliveryItem, DeliveryResult, DeliveryStatus
from socialgoals.protocols._extras import KPIPack, Notification, Severity
from socialgoals.protocols._queries import ActionRequest, ActionResult, MessageQuery, MetricQuery
from socialgoals.protocols._roles import ConversationSource, ErasableSink, MetricSource, Sink

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
