"""Moderation policy: what is acceptable, what is hidden, deleted or banned, and why.

A :class:`ModerationPolicy` holds :class:`ModerationTrigger` s. Each trigger
has a reason (hate speech, threat, spam, doxxing, harassment...), an action
(hide, delete, ban) and conditions on plain inputs: keywords (EN/FR,
accent- and case-insensitive, whole words), built-in personal-data detectors
(email, phone, street address: doxxing), and classifier outputs (spam flag,
intents such as ``hate_speech``, a sentiment ceiling), optionally only for
repeat offenders. The most severe matching action wins (ban > delete > hide);
a message nobody triggers is acceptable, and a genuine complaint is to be
*engaged* with the negative-response playbook (clarify -> empathise ->
resolve or escalate -> take offline).

Every removal yields a :class:`RemovalRecord`: what, why (reason and the
trigger's conditions that matched), when, and the appeal path.

Plan shape (TOML)::

    [community.moderation]
    appeal_path = "Write to moderation@example.com within 30 days"

    [[community.moderation.triggers]]
    id = "threats"
    reason = "threat"
    action = "ban"
    keywords = ["i will kill you", "je vais te tuer"]

    [[community.moderation.triggers]]
    id = "promo_spam"
    reason = "spam"
    action = "hide"
    patterns = ['gagnez [0-9]+ ?€']   # on normalised text; unsafe regexes are refused

    [[community.moderation.triggers]]
    id = "repeated_spam"
    reason = "spam"
    action = "hide"
    spam = true                # the classifiers' spam flag
    min_prior_offences = 2     # only for repeat offenders

>>> from datetime import datetime, timezone
>>> policy = ModerationPolicy.default()
>>> policy.evaluate("Call me at +33 6 12 34 56 78").explain()
'hide (personal_data: detector phone)'
>>> decision = policy.evaluate("Her address is 12 rue des Lilas, go and tell her")
>>> decision.action, decision.reasons
(<ModerationAction.BAN: 'ban'>, ('doxxing', 'personal_data'))
>>> record = decision.removal_record(message_id="m1",
...                                  at=datetime(2026, 3, 2, 9, tzinfo=timezone.utc))
>>> record.appeal_path
'Reply to our DM or write to the community team to appeal within 30 days.'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Final

import attrs

from socialgoals.community._lexicon import Lexicon
from socialgoals.community.matcher import CompiledPattern, compile_pattern, pattern_problems
from socialgoals.community.messages import Classification, Intent, Sentiment
from socialgoals.community.text import normalize
from socialgoals.errors import Problem, UnsafePatternError, ValidationError, check
from socialgoals.model import SLUG_RE, require_aware

__all__ = [
    "ModerationAction",
    "ModerationReason",
    "Detector",
    "ModerationTrigger",
    "ResponseStep",
    "NEGATIVE_RESPONSE_STEPS",
    "ModerationPolicy",
    "ModerationDecision",
    "TriggerMatch",
    "RemovalRecord",
]


class ModerationAction(enum.Enum):
    """What moderation does to a message, from mildest to most severe."""

    ALLOW = "allow"
    HIDE = "hide"
    DELETE = "delete"
    BAN = "ban"

    @property
    def severity(self) -> int:
        """0 (allow) to 3 (ban)."""
        return _SEVERITY[self]

    @property
    def removes(self) -> bool:
        """Whether the message is taken out of public view."""
        return self is not ModerationAction.ALLOW


_SEVERITY: Final = {a: i for i, a in enumerate(ModerationAction)}


class ModerationReason(enum.Enum):
    """Why a message is moderated (recorded with every removal)."""

    HATE_SPEECH = "hate_speech"
    THREAT = "threat"
    SPAM = "spam"
    DOXXING = "doxxing"
    HARASSMENT = "harassment"
    PROFANITY = "profanity"
    OFF_TOPIC = "off_topic"
    PERSONAL_DATA = "personal_data"
    """Contact details posted in public, hidden to protect the person."""
    OTHER = "other"


class Detector(enum.Enum):
    """Built-in detectors of personal data posted in a message (doxxing)."""

    EMAIL = "email"
    PHONE = "phone"
    STREET_ADDRESS = "street_address"


_DETECTORS: Final[dict[Detector, re.Pattern[str]]] = {
    Detector.EMAIL: re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"),
    Detector.PHONE: re.compile(r"(?<![\w+])\+?\d(?:[ .\-]?\d){7,14}(?!\w)"),
    Detector.STREET_ADDRESS: re.compile(
        r"\b\d{1,5}(?:\s?(?:bis|ter))?,?\s(?:"
        r"(?:rue|avenue|av\.|boulevard|bd|chemin|all[eé]e|impasse|place|quai|route)\b"
        r"|(?:[a-z'\-]+\s){1,3}(?:street|st\.|road|rd\.|avenue|ave\.|lane|drive|boulevard)\b)",
        re.IGNORECASE,
    ),
}


def _tuple_of_str(path: str, values: object) -> list[Problem]:
    if not isinstance(values, tuple) or not all(isinstance(v, str) and v for v in values):
        return [Problem(path, values, "must be a list of non-empty strings", code="wrong_type")]
    return []


@attrs.frozen
class TriggerMatch:
    """A trigger that fired, and the conditions that made it fire.

    Attributes:
        trigger_id: the trigger.
        reason: its reason.
        action: its action.
        conditions: what matched, as readable items (``keyword 'je vais te tuer'``).
    """

    trigger_id: str
    reason: ModerationReason
    action: ModerationAction
    conditions: tuple[str, ...]


@attrs.frozen
class ModerationTrigger:
    """One hide / delete / ban trigger.

    The trigger fires when *any* of its content conditions matches (a
    keyword, a detector, the spam flag, an intent, a sentiment score at or
    below ``max_sentiment_score``) and the author has at least
    ``min_prior_offences`` earlier offences.

    Attributes:
        id: a slug.
        reason: why messages it catches are moderated.
        action: hide, delete or ban.
        keywords: words or phrases (EN/FR, accent- and case-insensitive, whole words).
        patterns: regexes searched in the normalised (case- and accent-folded)
            text; checked against catastrophic backtracking when the plan
            loads (RE2 when installed), see :mod:`socialgoals.community.matcher`.
        detectors: built-in personal-data detectors.
        spam: fire when a classifier flags the message as spam.
        intents: fire when a classifier gives one of these intents.
        max_sentiment_score: fire when a classifier's score is at or below this.
        min_prior_offences: only for authors with at least this many earlier offences.
        description: for reviewers.
    """

    id: str
    reason: ModerationReason
    action: ModerationAction
    keywords: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    detectors: tuple[Detector, ...] = ()
    spam: bool = False
    intents: tuple[Intent, ...] = ()
    max_sentiment_score: float | None = None
    min_prior_offences: int = 0
    description: str = ""
    _lexicon: Lexicon = attrs.field(init=False, repr=False, eq=False, hash=False)
    _compiled: tuple[CompiledPattern, ...] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        problems = _tuple_of_str("keywords", self.keywords)
        unsafe = _tuple_of_str("patterns", self.patterns) or [
            p
            for i, pat in enumerate(self.patterns)
            for p in pattern_problems(pat, path=f"patterns[{i}]")
        ]
        if not isinstance(self.id, str) or not SLUG_RE.match(self.id):
            problems.append(Problem("id", self.id, "must be a slug such as 'threats'"))
        if self.action is ModerationAction.ALLOW:
            problems.append(Problem("action", "allow", "must be hide, delete or ban"))
        if not (self.keywords or self.patterns or self.detectors or self.spam or self.intents) and (
            self.max_sentiment_score is None
        ):
            problems.append(
                Problem("", self.id, "needs at least one condition (keywords, detectors...)")
            )
        score = self.max_sentiment_score
        if score is not None and not -1.0 <= score <= 1.0:
            problems.append(Problem("max_sentiment_score", score, "must be in [-1, 1]"))
        if isinstance(self.min_prior_offences, bool) or not (
            isinstance(self.min_prior_offences, int) and self.min_prior_offences >= 0
        ):
            problems.append(
                Problem(
                    "min_prior_offences", self.min_prior_offences, "must be a whole number >= 0"
                )
            )
        check([*unsafe, *problems], UnsafePatternError if unsafe else ValidationError)
        object.__setattr__(self, "_lexicon", Lexicon(self.keywords))
        compiled = tuple(
            compile_pattern(pat, path=f"patterns[{i}]") for i, pat in enumerate(self.patterns)
        )
        object.__setattr__(self, "_compiled", compiled)

    def match(
        self, text: str, classifications: Iterable[Classification] = (), prior_offences: int = 0
    ) -> TriggerMatch | None:
        """The match if this trigger fires on the inputs, else ``None``."""
        if prior_offences < self.min_prior_offences:
            return None
        found = [f"keyword {term!r}" for term in self._lexicon.find(text)]
        if self._compiled:
            folded = normalize(text)
            found.extend(f"pattern {c.pattern!r}" for c in self._compiled if c.search(folded))
        found.extend(
            f"detector {d.value}" for d in self.detectors if _DETECTORS[d].search(text) is not None
        )
        for c in classifications:
            if self.spam and c.is_spam:
                found.append(f"classifier {c.classifier!r}: spam")
            if c.intent is not None and c.intent in self.intents:
                found.append(f"classifier {c.classifier!r}: intent {c.intent.id}")
            limit = self.max_sentiment_score
            if limit is not None and c.sentiment_score is not None and c.sentiment_score <= limit:
                found.append(f"classifier {c.classifier!r}: sentiment {c.sentiment_score:g}")
        if not found:
            return None
        if self.min_prior_offences:
            found.append(f"{prior_offences} prior offences >= {self.min_prior_offences}")
        return TriggerMatch(self.id, self.reason, self.action, tuple(found))


@attrs.frozen
class ResponseStep:
    """One step of the negative-response playbook.

    Attributes:
        id: ``clarify``, ``empathise``, ``resolve_or_escalate``, ``take_offline``.
        title: a short title.
        guidance: what the agent does.
    """

    id: str
    title: str
    guidance: str


NEGATIVE_RESPONSE_STEPS: Final[tuple[ResponseStep, ...]] = (
    ResponseStep(
        "clarify",
        "Clarify",
        "Acknowledge quickly and ask what happened, without arguing.",
    ),
    ResponseStep(
        "empathise",
        "Empathise / apologise",
        "Show you understand the frustration; apologise for the experience "
        "without admitting liability.",
    ),
    ResponseStep(
        "resolve_or_escalate",
        "Resolve or escalate",
        "Offer a next step (refund, replacement, DM for details) or escalate "
        "to support or legal when it is complex.",
    ),
    ResponseStep(
        "take_offline",
        "Take it offline",
        "Move the details to a DM, email or call; never ask for health or "
        "financial data in public.",
    ),
)
"""The seeds' playbook for negative comments: clarify -> empathise -> resolve or escalate
-> take offline."""


@attrs.frozen
class RemovalRecord:
    """The transparency record of a hidden, deleted or banned message.

    Attributes:
        message_id: the message.
        action: hide, delete or ban.
        reasons: every reason that applied.
        conditions: the conditions that matched, per trigger (``trigger: condition``).
        removed_at: when (timezone-aware).
        appeal_path: how the author can appeal.
        author_id: who wrote it, when known (needed to lift a ban).
    """

    message_id: str
    action: ModerationAction
    reasons: tuple[ModerationReason, ...]
    conditions: tuple[str, ...]
    removed_at: datetime
    appeal_path: str
    author_id: str | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if not self.action.removes:
            problems.append(Problem("action", self.action.value, "must be hide, delete or ban"))
        if not self.appeal_path.strip():
            problems.append(Problem("appeal_path", self.appeal_path, "must not be empty"))
        try:
            require_aware(self.removed_at, "removed_at")
        except ValidationError as exc:
            problems.extend(exc.problems)
        check(problems)


@attrs.frozen
class ModerationDecision:
    """What the policy decided for one message, and why.

    Attributes:
        action: the most severe action of the matches (allow when none).
        matches: every trigger that fired, in policy order.
        engage: a genuine complaint to answer (not removed, negative or complaint).
        guidance: the playbook steps to follow when ``engage`` is true.
        appeal_path: the policy's appeal path.
    """

    action: ModerationAction
    matches: tuple[TriggerMatch, ...]
    engage: bool
    guidance: tuple[ResponseStep, ...]
    appeal_path: str

    @property
    def reasons(self) -> tuple[str, ...]:
        """The distinct reasons of the matches, in order."""
        return tuple(dict.fromkeys(m.reason.value for m in self.matches))

    def explain(self) -> str:
        """A one-line explanation for the audit trail."""
        if not self.matches:
            return "acceptable" + (" (engage: genuine complaint)" if self.engage else "")
        parts = "; ".join(f"{m.trigger_id}: {', '.join(m.conditions)}" for m in self.matches)
        return f"{self.action.value} ({parts})"

    def removal_record(
        self, *, message_id: str, at: datetime, author_id: str | None = None
    ) -> RemovalRecord | None:
        """The removal record to keep, or ``None`` when the message stays visible."""
        if not self.action.removes:
            return None
        return RemovalRecord(
            message_id=message_id,
            action=self.action,
            reasons=tuple(dict.fromkeys(m.reason for m in self.matches)),
            conditions=tuple(f"{m.trigger_id}: {c}" for m in self.matches for c in m.conditions),
            removed_at=at,
            appeal_path=self.appeal_path,
            author_id=author_id,
        )


DEFAULT_APPEAL_PATH: Final = (
    "Reply to our DM or write to the community team to appeal within 30 days."
)


@attrs.frozen
class ModerationPolicy:
    """The plan's moderation policy.

    Attributes:
        triggers: the hide / delete / ban triggers (unique ids).
        appeal_path: how authors appeal a removal (recorded with each one).
        acceptable: what stays up, for reviewers ("respectful criticism"...).
        complaint_intents: intents that make an acceptable message one to engage.
        response_steps: the negative-response playbook.
    """

    triggers: tuple[ModerationTrigger, ...] = ()
    appeal_path: str = DEFAULT_APPEAL_PATH
    acceptable: tuple[str, ...] = (
        "respectful criticism",
        "product questions",
        "user tips",
    )
    complaint_intents: tuple[Intent, ...] = (
        Intent.COMPLAINT,
        Intent.REFUND,
        Intent.WARRANTY_SAFETY,
    )
    response_steps: tuple[ResponseStep, ...] = NEGATIVE_RESPONSE_STEPS

    def __attrs_post_init__(self) -> None:
        problems = _tuple_of_str("acceptable", self.acceptable)
        if not isinstance(self.appeal_path, str) or not self.appeal_path.strip():
            problems.append(Problem("appeal_path", self.appeal_path, "must not be empty"))
        seen: set[str] = set()
        for i, trigger in enumerate(self.triggers):
            if trigger.id in seen:
                problems.append(
                    Problem(f"triggers[{i}].id", trigger.id, "is used twice", code="duplicate_id")
                )
            seen.add(trigger.id)
        check(problems)

    @classmethod
    def default(cls) -> ModerationPolicy:
        """The seeds' policy as a starting point.

        Ban threats and doxxing, delete hate speech (from a classifier's
        ``hate_speech`` intent), hide spam and posted contact details, delete
        harassment from repeat offenders. Keyword lists are short EN/FR
        baselines: extend them in the plan.
        """
        from socialgoals.community._moderation_defaults import (  # noqa: PLC0415 - it imports this module
            default_triggers,
        )

        return cls(triggers=default_triggers())

    def evaluate(
        self,
        text: str,
        classifications: Iterable[Classification] = (),
        *,
        prior_offences: int = 0,
    ) -> ModerationDecision:
        """Decide what to do with a message.

        Args:
            text: the message text.
            classifications: what classifiers said about it.
            prior_offences: how many earlier messages of the author were moderated.
        """
        found = tuple(classifications)
        matches = tuple(
            m
            for t in self.triggers
            if (m := t.match(text, found, prior_offences=prior_offences)) is not None
        )
        action = max(
            (m.action for m in matches), key=lambda a: a.severity, default=ModerationAction.ALLOW
        )
        engage = not matches and any(
            c.sentiment is Sentiment.NEGATIVE or c.intent in self.complaint_intents for c in found
        )
        return ModerationDecision(
            action=action,
            matches=matches,
            engage=engage,
            guidance=self.response_steps if engage else (),
            appeal_path=self.appeal_path,
        )
