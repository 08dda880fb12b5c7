"""The seeds' default moderation triggers (see :meth:`ModerationPolicy.default`)."""

from __future__ import annotations

from socialgoals.community.messages import Intent
from socialgoals.community.moderation import (
    Detector,
    ModerationAction,
    ModerationReason,
    ModerationTrigger,
)

__all__ = ["default_triggers"]


def default_triggers() -> tuple[ModerationTrigger, ...]:
    """Threats and doxxing banned, hate speech deleted, spam and contact details
    hidden, harassment from repeat offenders deleted."""
    return (
        ModerationTrigger(
            "threats",
            ModerationReason.THREAT,
            ModerationAction.BAN,
            keywords=(
                "i will kill you",
                "i'll kill you",
                "you're dead",
                "i will find you",
                "watch your back",
                "je vais te tuer",
                "je vais vous tuer",
                "on va te retrouver",
                "je sais où tu habites",
                "fais gaffe à toi",
            ),
            intents=(Intent("threat"),),
        ),
        ModerationTrigger(
            "doxxing",
            ModerationReason.DOXXING,
            ModerationAction.BAN,
            keywords=(
                "his address is",
                "her address is",
                "lives at",
                "his number is",
                "her number is",
                "son adresse est",
                "il habite au",
                "elle habite au",
                "son numéro est",
            ),
            intents=(Intent("doxxing"),),
        ),
        ModerationTrigger(
            "personal_data",
            ModerationReason.PERSONAL_DATA,
            ModerationAction.HIDE,
            detectors=(Detector.PHONE, Detector.STREET_ADDRESS, Detector.EMAIL),
            description="Hide posted contact details (often the author's own) "
            "and move the conversation to DM.",
        ),
        ModerationTrigger(
            "hate_speech",
            ModerationReason.HATE_SPEECH,
            ModerationAction.DELETE,
            intents=(Intent("hate_speech"),),
        ),
        ModerationTrigger(
            "spam",
            ModerationReason.SPAM,
            ModerationAction.HIDE,
            spam=True,
            keywords=("free followers", "abonnés gratuits", "check my profile"),
        ),
        ModerationTrigger(
            "repeated_harassment",
            ModerationReason.HARASSMENT,
            ModerationAction.DELETE,
            intents=(Intent("harassment"),),
            max_sentiment_score=-0.8,
            min_prior_offences=2,
        ),
    )
