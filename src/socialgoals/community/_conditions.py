"""Compiling condition trees into fast, explaining checks (private to triage).

Each condition becomes a closure ``check(facts, evidence) -> bool`` that, when
true, appends what matched to ``evidence``. Keyword conditions read the term
ids the rule set's :class:`~socialgoals.community.matcher.KeywordIndex` found
in one pass; nothing here scans the text per rule, except regexes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final, Literal

import attrs

from socialgoals.community import rules as r
from socialgoals.community.classifiers import Combined
from socialgoals.community.hours import BusinessHours
from socialgoals.community.matcher import KeywordIndex, MatchLimits, compile_pattern
from socialgoals.community.messages import (
    Conversation,
    ConversationState,
    Intent,
    Message,
    Sentiment,
)
from socialgoals.community.text import (
    contains_email,
    contains_link,
    contains_phone,
    is_emoji_only,
    normalize,
    words,
)

__all__ = ["ConditionMatch", "Facts", "Check", "compile_condition", "trigger_terms"]


@attrs.frozen
class ConditionMatch:
    """One condition that held, and the evidence.

    Attributes:
        path: where the condition sits in its rule (``when.all[0].any_keywords``).
        matched: what matched: the keywords found, the regex match, the value seen.
    """

    path: str
    matched: tuple[str, ...] = ()

    def describe(self) -> str:
        """The match in words.

        >>> ConditionMatch("when.any_keywords", ("prix",)).describe()
        "when.any_keywords matched 'prix'"
        """
        if not self.matched:
            return f"{self.path} held"
        return f"{self.path} matched " + ", ".join(repr(m) for m in self.matched)


class Facts:
    """What conditions look at for one message (computed once, some lazily)."""

    __slots__ = (
        "_combined",
        "_normalized",
        "_waiting",
        "classify",
        "conversation",
        "decided_intent",
        "found",
        "hours",
        "message",
        "now",
    )

    def __init__(
        self,
        message: Message,
        *,
        found: set[int],
        classify: Callable[[], Combined],
        conversation: Conversation | None,
        hours: BusinessHours | None,
        now: datetime,
    ) -> None:
        self.message = message
        self._normalized: str | None = None
        self.found = found
        self.classify = classify
        self.conversation = conversation
        self.hours = hours
        self.now = now
        self._combined: Combined | None = None
        self._waiting: timedelta | None = None
        self.decided_intent: Intent | None = None

    @property
    def combined(self) -> Combined:
        """The classifiers' combined answer (run on first use)."""
        if self._combined is None:
            self._combined = self.classify()
        return self._combined

    @property
    def normalized(self) -> str:
        """The normalised text (computed on first use)."""
        if self._normalized is None:
            self._normalized = normalize(self.message.text)
        return self._normalized

    @property
    def intent(self) -> Intent | None:
        """The intent so far: set by a higher-priority rule, else the classifiers'."""
        return self.decided_intent or self.combined.intent

    @property
    def classified(self) -> bool:
        """Whether the classifiers have run."""
        return self._combined is not None

    @property
    def unresolved_exchanges(self) -> int:
        """Exchanges so far when the conversation is not resolved, else 0."""
        conv = self.conversation
        if conv is None or conv.state is ConversationState.RESOLVED:
            return 0
        return conv.exchanges

    @property
    def waiting(self) -> timedelta:
        """Business time since the oldest customer message nobody answered."""
        if self._waiting is None:
            start = self.message.received_at
            if self.conversation is not None:
                for msg in reversed(self.conversation.messages):
                    if msg.from_brand:
                        break
                    start = min(start, msg.received_at)
            end = max(self.now, start)
            self._waiting = end - start if self.hours is None else self.hours.between(start, end)
        return self._waiting


Check = Callable[[Facts, list[ConditionMatch]], bool]

_LABEL_SCORE: Final = {Sentiment.NEGATIVE: -1.0, Sentiment.NEUTRAL: 0.0, Sentiment.POSITIVE: 1.0}


def _score(facts: Facts) -> float | None:
    combined = facts.combined
    if combined.sentiment_score is not None:
        return combined.sentiment_score
    return None if combined.sentiment is None else _LABEL_SCORE[combined.sentiment]


def _simple(path: str, test: Callable[[Facts], object]) -> Check:
    """A condition whose evidence is the value it saw."""

    def check(facts: Facts, evidence: list[ConditionMatch]) -> bool:
        seen = test(facts)
        if seen is None or seen is False:
            return False
        evidence.append(ConditionMatch(path, () if seen is True else (str(seen),)))
        return True

    return check


def _keywords(path: str, words_: tuple[str, ...], index: KeywordIndex, *, every: bool) -> Check:
    word_of: dict[int, str] = {}
    for word in words_:
        word_of.setdefault(index.id_of(word), word)  # spellings of one term share its id
    ids = frozenset(word_of)
    position = {term_id: i for i, term_id in enumerate(word_of)}

    def check(facts: Facts, evidence: list[ConditionMatch]) -> bool:
        hits = ids.intersection(facts.found)
        if not hits or (every and len(hits) != len(ids)):
            return False
        ordered = sorted(hits, key=position.__getitem__) if len(hits) > 1 else hits
        evidence.append(ConditionMatch(path, tuple(word_of[i] for i in ordered)))
        return True

    return check


def _all(checks: tuple[Check, ...]) -> Check:
    def check(facts: Facts, evidence: list[ConditionMatch]) -> bool:
        mine: list[ConditionMatch] = []
        for child in checks:
            if not child(facts, mine):
                return False
        evidence.extend(mine)
        return True

    return check


def _any(checks: tuple[Check, ...]) -> Check:
    def check(facts: Facts, evidence: list[ConditionMatch]) -> bool:
        return any(child(facts, evidence) for child in checks)

    return check


def _not(path: str, child: Check) -> Check:
    def check(facts: Facts, evidence: list[ConditionMatch]) -> bool:
        if child(facts, []):
            return False
        evidence.append(ConditionMatch(path))
        return True

    return check


_CONTAINS: Final = {
    r.ContentKind.LINK: contains_link,
    r.ContentKind.EMAIL: contains_email,
    r.ContentKind.PHONE: contains_phone,
}


def compile_condition(
    cond: r.Condition,
    path: str,
    index: KeywordIndex,
    *,
    limits: MatchLimits,
    engine: Literal["auto", "re2", "re"],
) -> Check:
    """Compile a condition tree; regexes are checked (and raise) here.

    Raises:
        UnsafePatternError: a regex breaks a limit or could backtrack.
    """
    here = f"{path}.{cond.key}"
    if isinstance(cond, r.AnyKeywords | r.AllKeywords):
        return _keywords(here, cond.words, index, every=isinstance(cond, r.AllKeywords))
    if isinstance(cond, r.AllOf | r.AnyOf):
        children = tuple(
            compile_condition(c, f"{here}[{i}]", index, limits=limits, engine=engine)
            for i, c in enumerate(cond.conditions)
        )
        return _all(children) if isinstance(cond, r.AllOf) else _any(children)
    if isinstance(cond, r.Not):
        return _not(
            here, compile_condition(cond.condition, here, index, limits=limits, engine=engine)
        )
    if isinstance(cond, r.Regex):
        search = compile_pattern(cond.pattern, path=here, limits=limits, engine=engine).search
        return _simple(here, lambda f: search(f.normalized))
    return _simple(here, _test(cond))


def _test(cond: r.Condition) -> Callable[[Facts], object]:
    """The test of a leaf condition: the value seen when true, else ``None``/``False``."""
    if isinstance(cond, r.SentimentAtMost | r.SentimentAtLeast):
        limit, at_most = cond.score, isinstance(cond, r.SentimentAtMost)

        def sentiment(f: Facts) -> object:
            score = _score(f)
            if score is None or (score > limit if at_most else score < limit):
                return None
            return f"{score:+.2f}"

        return sentiment
    if isinstance(cond, r.SentimentIs):
        labels = frozenset(cond.labels)
        return lambda f: f.combined.sentiment.value if f.combined.sentiment in labels else None
    if isinstance(cond, r.IntentIs):
        intents = frozenset(cond.intents)
        return lambda f: f.intent.id if f.intent in intents else None
    if isinstance(cond, r.PlatformIs):
        platforms = frozenset(cond.platforms)
        return lambda f: f.message.platform.id if f.message.platform in platforms else None
    if isinstance(cond, r.KindIs):
        kinds = frozenset(cond.kinds)
        return lambda f: f.message.kind.value if f.message.kind in kinds else None
    if isinstance(cond, r.LanguageIs):
        languages = frozenset(cond.languages)

        def language(f: Facts) -> object:
            lang = f.message.language or f.combined.language
            return lang if lang in languages else None

        return language
    if isinstance(cond, r.IsVip):
        wanted = cond.value
        return lambda f: f.message.author.is_vip == wanted
    if isinstance(cond, r.FollowersAtLeast):
        count = cond.count
        return lambda f: (
            f.message.author.follower_count >= count and f.message.author.follower_count
        )
    if isinstance(cond, r.Contains):
        found_in = _CONTAINS[cond.what]
        return lambda f: found_in(f.message.text)
    if isinstance(cond, r.EmojiOnly):
        emoji = cond.value
        return lambda f: is_emoji_only(f.message.text) == emoji
    if isinstance(cond, r.WordsAtLeast | r.WordsAtMost):
        n, at_least = cond.count, isinstance(cond, r.WordsAtLeast)

        def word_count(f: Facts) -> object:
            count = words(f.normalized)
            ok = count >= n if at_least else count <= n
            return str(count) if ok else None

        return word_count
    if isinstance(cond, r.UnresolvedExchangesAtLeast):
        exchanges = cond.count
        return lambda f: f.unresolved_exchanges >= exchanges and str(f.unresolved_exchanges)
    if isinstance(cond, r.WaitingAtLeast):
        duration = cond.duration
        return lambda f: f.waiting >= duration and str(f.waiting)
    raise TypeError(f"not a condition: {cond!r}")  # pragma: no cover - exhaustive above


def trigger_terms(cond: r.Condition, index: KeywordIndex) -> frozenset[int] | None:
    """Term ids of which at least one must be found for ``cond`` to hold.

    ``None`` when no such set exists (the rule must always be evaluated).
    """
    if isinstance(cond, r.AnyKeywords | r.AllKeywords):
        return frozenset(index.id_of(w) for w in cond.words)
    if isinstance(cond, r.AllOf):
        options = [t for t in (trigger_terms(c, index) for c in cond.conditions) if t is not None]
        return min(options, key=len) if options else None
    if isinstance(cond, r.AnyOf):
        union: set[int] = set()
        for child in cond.conditions:
            terms = trigger_terms(child, index)
            if terms is None:
                return None
            union |= terms
        return frozenset(union)
    return None
