"""The plugin contract: pluggy hook specifications of socialgoals.

A plugin is a module (or object) with functions decorated by :data:`hookimpl`
whose names are the hook names below. socialgoals finds plugins through the
``socialgoals`` entry-point group; its own adapters are plugins loaded the same
way (see :func:`socialgoals.plugins.get_plugin_manager`).

Every hook is documented here; ``docs/plugins/hooks.md`` is the reference and
a test fails when a hook is missing from it.

Registration hooks receive a ``register`` callable rather than returning
values, so that socialgoals knows which plugin provided what; they are called
each time a :class:`~socialgoals.plugins.Registry` is collected, so a plugin
registered late is seen by the next collection (none of them is ``historic``).

>>> import pluggy
>>> pm = pluggy.PluginManager(PROJECT_NAME)
>>> pm.add_hookspecs(__import__("socialgoals.hookspecs", fromlist=["x"]))
>>> sorted(n for n in dir(pm.hook) if n.startswith("socialgoals_"))[:3]
['socialgoals_classify_message', 'socialgoals_notify', 'socialgoals_register_conversation_sources']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import pluggy

from socialgoals.community.messages import Classification, Message
from socialgoals.protocols import (
    ConversationSource,
    KPIPack,
    MetricSource,
    Notification,
    Sink,
)

__all__ = [
    "PROJECT_NAME",
    "hookspec",
    "hookimpl",
    "RegisterMetricSource",
    "RegisterConversationSource",
    "RegisterSink",
    "RegisterKPIPack",
    "socialgoals_register_metric_sources",
    "socialgoals_register_conversation_sources",
    "socialgoals_register_sinks",
    "socialgoals_register_kpi_packs",
    "socialgoals_classify_message",
    "socialgoals_notify",
    "socialgoals_resolve_secret",
]

PROJECT_NAME: Final = "socialgoals"
"""The pluggy project name, also the entry-point group plugins publish under."""

hookspec: Final = pluggy.HookspecMarker(PROJECT_NAME)
"""Marks a hook specification (socialgoals' own use)."""

hookimpl: Final = pluggy.HookimplMarker(PROJECT_NAME)
"""Marks a plugin's hook implementation: ``@hookimpl def socialgoals_...``."""

RegisterMetricSource = Callable[[type[MetricSource]], None]
"""The ``register`` callable of :func:`socialgoals_register_metric_sources`."""

RegisterConversationSource = Callable[[type[ConversationSource]], None]
"""The ``register`` callable of :func:`socialgoals_register_conversation_sources`."""

RegisterSink = Callable[[type[Sink]], None]
"""The ``register`` callable of :func:`socialgoals_register_sinks`."""

RegisterKPIPack = Callable[[KPIPack], None]
"""The ``register`` callable of :func:`socialgoals_register_kpi_packs`."""


@hookspec
def socialgoals_register_metric_sources(register: RegisterMetricSource) -> None:
    """Register the metric source classes this plugin provides.

    Each class implements :class:`socialgoals.protocols.MetricSource`: a
    class attribute ``name`` (unique among metric sources), a ``capabilities``
    property and ``observations(query)`` yielding
    :class:`~socialgoals.model.Observation` rows. socialgoals instantiates the
    class with keyword arguments from configuration.

    :param register: call it once per source class: ``register(MySource)``.

    .. versionadded:: 0.1
    """


@hookspec
def socialgoals_register_conversation_sources(register: RegisterConversationSource) -> None:
    """Register the conversation source classes (comments, DMs, mentions) this plugin provides.

    Each class implements :class:`socialgoals.protocols.ConversationSource`:
    ``messages(query)`` yields :class:`~socialgoals.community.Message` objects
    and ``act(request)`` performs the actions (reply, hide, ban...) that its
    capabilities declare, refusing the others with
    :class:`~socialgoals.errors.UnsupportedActionError`.

    :param register: call it once per source class: ``register(MyInbox)``.

    .. versionadded:: 0.1
    """


@hookspec
def socialgoals_register_sinks(register: RegisterSink) -> None:
    """Register the sink classes (leads, conversations, reports) this plugin provides.

    Each class implements :class:`socialgoals.protocols.Sink`: ``deliver(items)``
    answers one :class:`~socialgoals.protocols.DeliveryResult` per item and
    applies an idempotency key once; a sink whose capabilities declare
    ``erase`` also implements ``erase(subject_key)``
    (:class:`~socialgoals.protocols.ErasableSink`). Remote sinks are fed by the
    durable outbox (:mod:`socialgoals.delivery`), never called directly by
    domain code.

    :param register: call it once per sink class: ``register(MyCRMSink)``.

    .. versionadded:: 0.1
    """


@hookspec
def socialgoals_register_kpi_packs(register: RegisterKPIPack) -> None:
    """Register packs of KPI definitions (e.g. an e-commerce or B2B pack).

    A :class:`~socialgoals.protocols.KPIPack` groups
    :class:`socialgoals.kpi.KPI` definitions under an id; a plan can extend
    the standard catalogue with a pack's KPIs.

    :param register: call it once per pack: ``register(KPIPack("ecommerce", ...))``.

    .. versionadded:: 0.1
    """


@hookspec
def socialgoals_classify_message(message: Message) -> Classification | None:
    """Classify one message: sentiment, intent, spam, language.

    Several classifiers may answer; triage receives every non-``None``
    :class:`~socialgoals.community.Classification` (with the classifier's name
    for the audit trail) and combines them. Return ``None`` to abstain. A
    classifier must be pure: no I/O on the message path, no clock reads.

    :param message: the message to classify.
    :return: a classification, or ``None`` when this classifier has no opinion.

    .. versionadded:: 0.1
    """


@hookspec
def socialgoals_notify(notification: Notification) -> None:
    """Deliver an alert to humans (chat, e-mail, pager...).

    Every notifier receives every notification and filters by
    ``notification.severity`` / ``topic`` itself. A notifier that raises is
    reported and the others still receive the notification. Notifications
    never carry personal data or secrets.

    :param notification: the alert, with a stable ``key`` for de-duplication.

    .. versionadded:: 0.1
    """


@hookspec(firstresult=True)
def socialgoals_resolve_secret(name: str) -> str | None:
    """Give the value of a secret (API token, webhook signing key) by name.

    The first plugin that returns a value wins (``firstresult``); when none
    does, socialgoals reads the environment variable of that name. Secrets
    never come from plan files, and are never logged.

    :param name: the secret's name, e.g. ``"SOCIALGOALS_HUBSPOT_TOKEN"``.
    :return: the secret, or ``None`` to let the next plugin (or the environment) answer.

    .. versionadded:: 0.1
    """
