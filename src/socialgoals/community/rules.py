"""Triage rules: conditions on a message, ordered actions, rule sets.

A :class:`Rule` says *when* (a condition tree) and *what* (ordered actions).
Conditions combine with :class:`AllOf`, :class:`AnyOf` and :class:`Not` (or the
operators ``&``, ``|`` and ``~``) and nest freely. In plan files each condition
and each action is a table with one key naming it::

    [[community.rule_sets.rules]]
    id = "sales-lead"
    when = { any_keywords = ["price", "buy", "order", "prix", "acheter", "commander"] }
    actions = [{ tag = "sales_lead" }, { send_flow = "qualifier" }, { follow_up = true }]

Keywords and phrases are matched on whole words of the normalised text (case
and accents ignored; ``word*`` matches a prefix); regexes are checked for
catastrophic backtracking when the rule loads.

>>> from socialgoals.converters import structure
>>> rule = structure({"id": "sales-lead",
...     "when": {"any_keywords": ["price", "buy", "order", "prix", "acheter", "commander"]},
...     "actions": [{"tag": "sales_lead"}, {"send_flow": "qualifier"}, {"follow_up": True}]},
...     Rule)
>>> rule.actions
(Tag(tag='sales_lead'), SendFlow(flow='qualifier'), FollowUp(after=None))
>>> structure({"id": "r", "when": {"regex": "(a+)+$"}, "actions": [{"tag": "x"}]}, Rule)
Traceback (most recent call last):
...
socialgoals.errors.UnsafePatternError: when.regex: nested unbounded repetition ...
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import Any, ClassVar, Final, TypeAlias

import attrs
import cattrs

from socialgoals.community.actions import (
    Action,
    Assign,
    Ban,
    CreateLead,
    Delete,
    Escalate,
    FollowUp,
    Hide,
    MessagePriority,
    Notify,
    Reply,
    SendFlow,
    SetIntent,
    SetPriority,
    Tag,
    slug_problems,
)
from socialgoals.community.matcher import Term, pattern_problems
from socialgoals.community.messages import Intent, MessageKind, Sentiment
from socialgoals.converters import register_hooks, structure
from socialgoals.errors import DuplicateIdError, Problem, UnsafePatternError, ValidationError, check
from socialgoals.model import Platform

__all__ = [
    "ContentKind",
    "MessagePriority",
    "MatchMode",
    "AnyKeywords",
    "AllKeywords",
    "Regex",
    "SentimentAtMost",
    "SentimentAtLeast",
    "SentimentIs",
    "IntentIs",
    "PlatformIs",
    "KindIs",
    "LanguageIs",
    "IsVip",
    "FollowersAtLeast",
    "Contains",
    "EmojiOnly",
    "WordsAtLeast",
    "WordsAtMost",
    "UnresolvedExchangesAtLeast",
    "WaitingAtLeast",
    "AllOf",
    "AnyOf",
    "Not",
    "Condition",
    "Tag",
    "SetIntent",
    "SetPriority",
    "Reply",
    "SendFlow",
    "Hide",
    "Delete",
    "Ban",
    "Escalate",
    "Assign",
    "CreateLead",
    "Notify",
    "FollowUp",
    "Action",
    "Rule",
    "RuleSet",
    "iter_conditions",
]


class ContentKind(enum.Enum):
    """Something a message may contain, for :class:`Contains`."""

    LINK = "link"
    EMAIL = "email"
    PHONE = "phone"


class MatchMode(enum.Enum):
    """How a rule set applies its rules (highest priority first)."""

    FIRST = "first"
    """Only the first rule that matches acts."""
    ALL = "all"
    """Every rule that matches acts, in priority order."""


def _tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    """Accept any iterable (a list from plan data) where a tuple is stored."""
    return tuple(values)


class _Combinable:
    """The ``&``, ``|`` and ``~`` operators of conditions."""

    def __and__(self, other: Condition) -> AllOf:
        return AllOf((self, other))

    def __or__(self, other: Condition) -> AnyOf:
        return AnyOf((self, other))

    def __invert__(self) -> Not:
        return Not(self)  # type: ignore[arg-type]  # every subclass is a Condition


def _non_negative(key: str, value: int) -> list[Problem]:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return [Problem(key, value, "must be a whole number >= 0", code="out_of_range")]
    return []


def _terms(key: str, words: tuple[str, ...]) -> list[Problem]:
    if not words:
        return [Problem(key, words, "needs at least one keyword or phrase", code="empty")]
    problems: list[Problem] = []
    for i, word in enumerate(words):
        try:
            Term.parse(word)
        except ValueError as exc:
            problems.append(Problem(f"{key}[{i}]", word, str(exc), code="bad_term"))
    return problems


def _non_empty(key: str, values: tuple[Any, ...]) -> list[Problem]:
    return [] if values else [Problem(key, values, "needs at least one value", code="empty")]


@attrs.frozen
class AnyKeywords(_Combinable):
    """True when the text contains at least one of the keywords or phrases."""

    words: tuple[str, ...] = attrs.field(converter=_tuple)
    key: ClassVar[str] = "any_keywords"

    def __attrs_post_init__(self) -> None:
        check(_terms(self.key, self.words))


@attrs.frozen
class AllKeywords(_Combinable):
    """True when the text contains every one of the keywords or phrases."""

    words: tuple[str, ...] = attrs.field(converter=_tuple)
    key: ClassVar[str] = "all_keywords"

    def __attrs_post_init__(self) -> None:
        check(_terms(self.key, self.words))


@attrs.frozen
class Regex(_Combinable):
    """True when the regex matches the normalised (case- and accent-folded) text."""

    pattern: str
    key: ClassVar[str] = "regex"

    def __attrs_post_init__(self) -> None:
        check(pattern_problems(self.pattern, path=self.key), UnsafePatternError)


def _score(key: str, score: float) -> list[Problem]:
    if isinstance(score, bool) or not isinstance(score, int | float) or not -1 <= score <= 1:
        return [Problem(key, score, "must be a number in [-1, 1]", code="out_of_range")]
    return []


@attrs.frozen
class SentimentAtMost(_Combinable):
    """True when the sentiment score is at most ``score`` (-1 very negative .. 1)."""

    score: float
    key: ClassVar[str] = "sentiment_at_most"

    def __attrs_post_init__(self) -> None:
        check(_score(self.key, self.score))


@attrs.frozen
class SentimentAtLeast(_Combinable):
    """True when the sentiment score is at least ``score``."""

    score: float
    key: ClassVar[str] = "sentiment_at_least"

    def __attrs_post_init__(self) -> None:
        check(_score(self.key, self.score))


@attrs.frozen
class SentimentIs(_Combinable):
    """True when the sentiment label is one of ``labels``."""

    labels: tuple[Sentiment, ...] = attrs.field(converter=_tuple)
    key: ClassVar[str] = "sentiment"

    def __attrs_post_init__(self) -> None:
        check(_non_empty(self.key, self.labels))


@attrs.frozen
class IntentIs(_Combinable):
    """True when the intent is one of ``intents``.

    The intent is the one a higher-priority rule of an all-match rule set
    already set (``set_intent``), else the classifiers' intent.
    """

    intents: tuple[Intent, ...] = attrs.field(converter=_tuple)
    key: ClassVar[str] = "intent"

    def __attrs_post_init__(self) -> None:
        check(_non_empty(self.key, self.intents))


@attrs.frozen
class PlatformIs(_Combinable):
    """True when the message comes from one of ``platforms``."""

    platforms: tuple[Platform, ...] = attrs.field(converter=_tuple)
    key: ClassVar[str] = "platform"

    def __attrs_post_init__(self) -> None:
        check(_non_empty(self.key, self.platforms))


@attrs.frozen
class KindIs(_Combinable):
    """True when the message is one of ``kinds`` (comment, DM...)."""

    kinds: tuple[MessageKind, ...] = attrs.field(converter=_tuple)
    key: ClassVar[str] = "kind"

    def __attrs_post_init__(self) -> None:
        check(_non_empty(self.key, self.kinds))


@attrs.frozen
class LanguageIs(_Combinable):
    """True when the message's language (given or detected) is one of ``languages``."""

    languages: tuple[str, ...] = attrs.field(converter=_tuple)
    key: ClassVar[str] = "language"

    def __attrs_post_init__(self) -> None:
        check(_non_empty(self.key, self.languages))


@attrs.frozen
class IsVip(_Combinable):
    """True when the author's VIP flag equals ``value``."""

    value: bool = True
    key: ClassVar[str] = "vip"


@attrs.frozen
class FollowersAtLeast(_Combinable):
    """True when the author has at least ``count`` followers."""

    count: int
    key: ClassVar[str] = "followers_at_least"

    def __attrs_post_init__(self) -> None:
        check(_non_negative(self.key, self.count))


@attrs.frozen
class Contains(_Combinable):
    """True when the text contains a link, an email address or a phone number."""

    what: ContentKind
    key: ClassVar[str] = "contains"


@attrs.frozen
class EmojiOnly(_Combinable):
    """True when whether the text is only emoji equals ``value``."""

    value: bool = True
    key: ClassVar[str] = "emoji_only"


@attrs.frozen
class WordsAtLeast(_Combinable):
    """True when the text has at least ``count`` words."""

    count: int
    key: ClassVar[str] = "words_at_least"

    def __attrs_post_init__(self) -> None:
        check(_non_negative(self.key, self.count))


@attrs.frozen
class WordsAtMost(_Combinable):
    """True when the text has at most ``count`` words."""

    count: int
    key: ClassVar[str] = "words_at_most"

    def __attrs_post_init__(self) -> None:
        check(_non_negative(self.key, self.count))


@attrs.frozen
class UnresolvedExchangesAtLeast(_Combinable):
    """True when the conversation is unresolved after at least ``count`` exchanges."""

    count: int
    key: ClassVar[str] = "unresolved_exchanges_at_least"

    def __attrs_post_init__(self) -> None:
        check(_non_negative(self.key, self.count))


@attrs.frozen
class WaitingAtLeast(_Combinable):
    """True when the customer has waited at least ``duration`` of business time.

    Waiting starts at the oldest customer message the brand has not answered;
    it is counted in the playbook's business hours (wall-clock time without them).
    """

    duration: timedelta
    key: ClassVar[str] = "waiting_at_least"

    def __attrs_post_init__(self) -> None:
        if self.duration < timedelta(0):
            raise ValidationError("must not be negative", path=self.key, value=self.duration)


@attrs.frozen
class AllOf(_Combinable):
    """True when every condition is (true when there is none)."""

    conditions: tuple[Condition, ...] = attrs.field(converter=_tuple)
    key: ClassVar[str] = "all"


@attrs.frozen
class AnyOf(_Combinable):
    """True when at least one condition is (false when there is none)."""

    conditions: tuple[Condition, ...] = attrs.field(converter=_tuple)
    key: ClassVar[str] = "any"


@attrs.frozen
class Not(_Combinable):
    """True when the condition is false."""

    condition: Condition
    key: ClassVar[str] = "not"


Condition: TypeAlias = (
    AnyKeywords
    | AllKeywords
    | Regex
    | SentimentAtMost
    | SentimentAtLeast
    | SentimentIs
    | IntentIs
    | PlatformIs
    | KindIs
    | LanguageIs
    | IsVip
    | FollowersAtLeast
    | Contains
    | EmojiOnly
    | WordsAtLeast
    | WordsAtMost
    | UnresolvedExchangesAtLeast
    | WaitingAtLeast
    | AllOf
    | AnyOf
    | Not
)
"""Any condition of a rule (a tree when combined)."""


def iter_conditions(condition: Condition) -> Iterator[tuple[str, Condition]]:
    """Every condition of a tree, with its path, depth first.

    >>> [p for p, _ in iter_conditions(AnyKeywords(["prix"]) & ~IsVip())]
    ['all', 'all[0].any_keywords', 'all[1].not', 'all[1].not.vip']
    """
    stack: list[tuple[str, Condition]] = [(condition.key, condition)]
    while stack:
        path, node = stack.pop()
        yield path, node
        if isinstance(node, AllOf | AnyOf):
            stack.extend(
                (f"{path}[{i}].{child.key}", child)
                for i, child in reversed(list(enumerate(node.conditions)))
            )
        elif isinstance(node, Not):
            stack.append((f"{path}.{node.condition.key}", node.condition))


# --------------------------------------------------------------------------- rules


@attrs.frozen
class Rule:
    """When a condition holds, take ordered actions.

    Attributes:
        id: a slug, unique in its rule set.
        when: the condition tree.
        actions: what to do, in order.
        priority: higher runs first; ties keep file order.
        description: why the rule exists (shown in explanations).
        enabled: a disabled rule is kept but never runs.
    """

    id: str
    when: Condition
    actions: tuple[Action, ...] = attrs.field(converter=_tuple)
    priority: int = 0
    description: str = ""
    enabled: bool = True

    def __attrs_post_init__(self) -> None:
        problems = slug_problems("id", self.id)
        if not self.actions:
            problems.append(
                Problem("actions", self.actions, "needs at least one action", code="empty")
            )
        check(problems)


@attrs.frozen
class RuleSet:
    """Rules applied together to each message.

    Attributes:
        id: a slug (``"comments"``, ``"dms"``).
        rules: the rules, in file order.
        mode: first-match or all-match.
        description: what the rule set is for.

    >>> rs = RuleSet("comments", (
    ...     Rule("low", AnyKeywords(["prix"]), (Tag("a"),)),
    ...     Rule("high", AnyKeywords(["prix"]), (Tag("b"),), priority=5)))
    >>> [r.id for r in rs.ordered]
    ['high', 'low']
    """

    id: str
    rules: tuple[Rule, ...] = attrs.field(converter=_tuple)
    mode: MatchMode = MatchMode.FIRST
    description: str = ""

    def __attrs_post_init__(self) -> None:
        problems = slug_problems("id", self.id)
        seen: dict[str, int] = {}
        duplicates: list[Problem] = []
        for i, rule in enumerate(self.rules):
            if rule.id in seen:
                duplicates.append(
                    Problem(f"rules[{i}].id", rule.id, f"repeats rules[{seen[rule.id]}].id")
                )
            seen.setdefault(rule.id, i)
        check(problems)
        check(duplicates, DuplicateIdError)

    @property
    def ordered(self) -> tuple[Rule, ...]:
        """The enabled rules, highest priority first (stable for ties)."""
        ranked = sorted(enumerate(self.rules), key=lambda p: (-p[1].priority, p[0]))
        return tuple(rule for _, rule in ranked if rule.enabled)


# --------------------------------------------------------------------------- plan data

_CONDITION_TYPES: Final[tuple[type, ...]] = (
    AnyKeywords, AllKeywords, Regex, SentimentAtMost, SentimentAtLeast, SentimentIs, IntentIs,
    PlatformIs, KindIs, LanguageIs, IsVip, FollowersAtLeast, Contains, EmojiOnly, WordsAtLeast,
    WordsAtMost, UnresolvedExchangesAtLeast, WaitingAtLeast, AllOf, AnyOf, Not,
)  # fmt: skip
_ACTION_TYPES: Final[tuple[type, ...]] = (
    Tag, SetIntent, SetPriority, Reply, SendFlow, Hide, Delete, Ban, Escalate, Assign,
    CreateLead, Notify, FollowUp,
)  # fmt: skip


def _one_key_hook(
    kinds: tuple[type, ...], what: str, converter: cattrs.Converter
) -> Callable[[Any, Any], Any]:
    by_key = {cls.key: cls for cls in kinds}  # type: ignore[attr-defined]  # every kind has one
    names = ", ".join(sorted(by_key))

    def hook(value: Any, _: Any) -> Any:
        if isinstance(value, kinds):
            return value
        if not isinstance(value, dict) or len(value) != 1:
            raise ValidationError(
                f"must be a table with exactly one key naming the {what} ({names})",
                value=value,
                code="wrong_type",
            )
        ((key, inner),) = value.items()
        cls = by_key.get(key)
        if cls is None:
            raise ValidationError(f"unknown {what}; expected one of {names}", path=key, value=value)
        fields = attrs.fields(cls)
        if not fields:
            if inner is not True:
                raise ValidationError(
                    "must be true (remove the action otherwise)", path=key, value=inner
                )
            return cls()
        field = fields[0]
        if inner is True and field.default is not attrs.NOTHING:
            return cls()
        field_type = attrs.fields(attrs.resolve_types(cls))[0].type
        if getattr(field_type, "__origin__", None) is tuple and not isinstance(inner, list | tuple):
            inner = [inner]  # one value where a list is expected
        return cls(structure(inner, field_type, converter=converter, path=key))

    return hook


def _unstructure_one_key(converter: cattrs.Converter) -> Callable[[Any], Any]:
    def hook(obj: Any) -> Any:
        fields = attrs.fields(type(obj))
        if not fields:
            return {obj.key: True}
        value = getattr(obj, fields[0].name)
        if value is None:
            return {obj.key: True}
        return {obj.key: converter.unstructure(value)}

    return hook


def _configure(converter: cattrs.Converter) -> None:
    conditions = _one_key_hook(_CONDITION_TYPES, "condition", converter)
    actions = _one_key_hook(_ACTION_TYPES, "action", converter)
    converter.register_structure_hook_func(lambda t: t == Condition, conditions)
    converter.register_structure_hook_func(lambda t: t == Action, actions)
    unstructure = _unstructure_one_key(converter)
    for cls in (*_CONDITION_TYPES, *_ACTION_TYPES):
        converter.register_unstructure_hook(cls, unstructure)


register_hooks(_configure)
