"""The bundled classifier plugin: the baseline EN/FR lexicon classifier as a hook.

Registered by :func:`socialgoals.plugins.get_plugin_manager` like any
installed plugin, it answers ``socialgoals_classify_message`` with
:class:`~socialgoals.community.LexiconClassifier` (a small word-list
baseline, not a model). Block it with
``SOCIALGOALS_BLOCK_PLUGINS=socialgoals.adapters.classifiers`` when a better
classifier plugin is installed, or keep both: triage combines every answer.

>>> from datetime import datetime, timezone
>>> from socialgoals.community import Author, Message, MessageKind
>>> from socialgoals.model import Platform
>>> msg = Message(id="m1", platform=Platform.FACEBOOK, kind=MessageKind.COMMENT,
...     thread_id="t1", author=Author(id="u1"), text="Je veux être remboursé 😡",
...     received_at=datetime(2026, 3, 2, 9, tzinfo=timezone.utc))
>>> socialgoals_classify_message(msg).intent
Intent('refund')
"""

from __future__ import annotations

from typing import Final

from socialgoals.community.classifiers import LexiconClassifier
from socialgoals.community.messages import Classification, Message
from socialgoals.hookspecs import hookimpl

__all__ = ["socialgoals_classify_message"]

_LEXICON: Final = LexiconClassifier()


@hookimpl
def socialgoals_classify_message(message: Message) -> Classification | None:
    """Sentiment, intent, spam and language from the baseline EN/FR lexicons.

    Abstains (``None``) on messages written by the brand itself.
    """
    if message.from_brand:
        return None
    return _LEXICON(message)
