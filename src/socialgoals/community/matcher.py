"""Fast, safe matching: one pass for every keyword, checked regexes.

Two halves, both compiled once when a rule set loads:

* :class:`KeywordIndex` holds every keyword and phrase of a rule set in a
  token trie (first token -> continuations). Matching a message is one split
  of its text into chunks, whose normalised tokens come from a bounded cache,
  one look-up per chunk for a term's first token, and a short walk only where
  a phrase may start: the cost does not grow with the number of rules.
* :func:`compile_pattern` checks a user regex before it can run: too long,
  backreferences, or an unbounded repetition nested in another one (the shape
  of catastrophic backtracking, ``(a+)+$``) are refused with an
  :class:`~socialgoals.errors.UnsafePatternError` naming the rule path. Patterns
  that pass run on RE2 (linear time) when ``google-re2`` is installed (the
  ``re2`` extra), else on :mod:`re`. The shape check is deliberately simple:
  it does not detect overlapping alternatives under repetition
  (``(a|aa)+$``), which only RE2 makes safe; install the extra where plans
  come from people you do not control.

>>> index = KeywordIndex(["prix", "bon de commande", "command*"])
>>> sorted(index.terms[i].text for i in index.find(normalized_tokens("Le PRIX du bon de commande")))
['bon de commande', 'command*', 'prix']
>>> compile_pattern("(a+)+$", path="rules[0].when.regex")
Traceback (most recent call last):
...
socialgoals.errors.UnsafePatternError: rules[0].when.regex: nested unbounded repetition ...
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import Any, Final, Literal

import attrs

from socialgoals.community.text import normalized_tokens
from socialgoals.errors import Problem, UnsafePatternError, ValidationError, check

__all__ = [
    "MatchLimits",
    "Term",
    "KeywordIndex",
    "CompiledPattern",
    "pattern_problems",
    "compile_pattern",
    "re2_available",
]

_LARGE_REPEAT: Final = 32
"""A ``{m,n}`` repetition with ``n`` above this counts as unbounded."""


@attrs.frozen
class MatchLimits:
    """Caps that keep a rule set's matching cheap, enforced when it loads.

    Attributes:
        max_pattern_length: the longest regex accepted, in characters.
        max_rules: the most rules one rule set may hold.
        max_terms: the most keywords and phrases one rule set may hold.
        max_term_tokens: the most tokens one phrase may have.

    >>> MatchLimits(max_rules=0)
    Traceback (most recent call last):
    ...
    socialgoals.errors.ValidationError: max_rules: must be a whole number >= 1 (got 0)
    """

    max_pattern_length: int = 500
    max_rules: int = 500
    max_terms: int = 20_000
    max_term_tokens: int = 12

    def __attrs_post_init__(self) -> None:
        check(
            Problem(name, value, "must be a whole number >= 1", code="out_of_range")
            for name, value in attrs.asdict(self).items()
            if isinstance(value, bool) or not isinstance(value, int) or value < 1
        )


DEFAULT_LIMITS: Final = MatchLimits()


@attrs.frozen
class Term:
    """One keyword or phrase, as written and as matched.

    Attributes:
        text: as written in the plan (``"Bon de commande"``, ``"command*"``).
        tokens: its normalised tokens (``("bon", "de", "commande")``).
        prefix: whether the last token matches as a prefix (written ``word*``).
    """

    text: str
    tokens: tuple[str, ...]
    prefix: bool = False

    @classmethod
    def parse(cls, text: str) -> Term:
        """Normalise a keyword or phrase; a trailing ``*`` makes a prefix match.

        >>> Term.parse("Achète*")
        Term(text='Achète*', tokens=('achete',), prefix=True)
        """
        raw = text.strip()
        prefix = raw.endswith("*")
        tokens = normalized_tokens(raw[:-1] if prefix else raw)
        if not tokens or "*" in tokens:
            raise ValueError(
                "must be a word or phrase with letters, digits or emoji; '*' only at the end"
            )
        return cls(text, tokens, prefix)


class KeywordIndex:
    """Every keyword and phrase of a rule set, matched in one pass.

    Terms are deduplicated by their normalised form: ``"Prix"`` and ``"prix"``
    share an id. Ids are positions in :attr:`terms`.

    Args:
        terms: keywords and phrases as written (see :meth:`Term.parse`).

    Raises:
        ValidationError: listing every term that cannot be matched, by index.

    >>> index = KeywordIndex(["price", "prix", "😡"])
    >>> [index.terms[i].text for i in sorted(index.find(normalized_tokens("Trop cher😡")))]
    ['😡']
    """

    __slots__ = (
        "_chunks",
        "_cold",
        "_heads",
        "_hot",
        "_ids",
        "_phrases",
        "_prefix_lengths",
        "_prefixes",
        "_single",
        "terms",
    )

    def __init__(self, terms: Iterable[str]) -> None:
        self._ids: dict[tuple[tuple[str, ...], bool], int] = {}
        parsed: list[Term] = []
        problems: list[Problem] = []
        for i, text in enumerate(terms):
            try:
                term = Term.parse(text)
            except ValueError as exc:
                problems.append(Problem(f"[{i}]", text, str(exc), code="bad_term"))
                continue
            if (term.tokens, term.prefix) not in self._ids:
                self._ids[term.tokens, term.prefix] = len(parsed)
                parsed.append(term)
        check(problems)
        self.terms: tuple[Term, ...] = tuple(parsed)
        self._single: dict[str, int] = {}
        self._phrases: dict[str, list[tuple[tuple[str, ...], int, bool]]] = {}
        self._prefixes: dict[str, list[int]] = {}
        for term_id, term in enumerate(self.terms):
            first, rest = term.tokens[0], term.tokens[1:]
            if term.prefix and not rest:
                self._prefixes.setdefault(first, []).append(term_id)
            elif rest:
                self._phrases.setdefault(first, []).append((rest, term_id, term.prefix))
            else:
                self._single[first] = term_id
        self._heads: frozenset[str] = frozenset(self._single) | frozenset(self._phrases)
        self._prefix_lengths = tuple(sorted({len(p) for p in self._prefixes}))
        self._chunks = _ChunkTokens()
        self._hot = _HotChunks(self)
        self._cold: set[str] = set()  # chunks known to hold no token that may start a term

    def id_of(self, text: str) -> int:
        """The id of a term, as written (normalised the same way).

        >>> KeywordIndex(["Prix", "price"]).id_of("PRIX")
        0
        """
        term = Term.parse(text)
        return self._ids[term.tokens, term.prefix]

    def scan(self, text: str) -> set[int]:
        """The ids of every term found in a raw text (normalised here).

        The same as ``find(normalized_tokens(text))``, faster: the text is split
        on whitespace and each chunk's normalised tokens come from a bounded
        cache (normalisation works character by character, so chunks can be
        normalised apart).

        >>> index = KeywordIndex(["prix", "bon de commande"])
        >>> sorted(index.terms[i].text for i in index.scan("Bon de COMMANDE, prix ?"))
        ['bon de commande', 'prix']
        """
        chunks = text.split()
        if self._cold.issuperset(chunks):
            return set()  # the common case, in one pass: every chunk is known to hold no term
        if not any(map(self._hot.__getitem__, chunks)):
            return set()  # the common case: no chunk holds a term's first token
        lookup = self._chunks.__getitem__
        return self.find(list(chain.from_iterable(map(lookup, chunks))))

    def find(self, tokens: Sequence[str]) -> set[int]:
        """The ids of every term found in a normalised token sequence.

        Args:
            tokens: :func:`~socialgoals.community.text.normalized_tokens` of a text.
        """
        found: set[int] = set()
        present = self._heads.intersection(tokens)
        if present:
            single, phrases = self._single, self._phrases
            for head in present:
                term_id = single.get(head)
                if term_id is not None:
                    found.add(term_id)
                continuations = phrases.get(head)
                if continuations:
                    self._walk(tokens, head, continuations, found)
        if self._prefix_lengths:
            prefixes = self._prefixes
            for token in set(tokens):
                for length in self._prefix_lengths:
                    if length > len(token):
                        break
                    ids = prefixes.get(token[:length])
                    if ids:
                        found.update(ids)
        return found

    @staticmethod
    def _walk(
        tokens: Sequence[str],
        head: str,
        continuations: list[tuple[tuple[str, ...], int, bool]],
        found: set[int],
    ) -> None:
        n = len(tokens)
        for rest, term_id, prefix in continuations:
            if term_id in found or (not (prefix and len(rest) == 1) and rest[0] not in tokens):
                continue  # the second token is nowhere: no need to look closer
            start = tokens.index(head)
            while True:
                end = start + 1 + len(rest)
                if end <= n:
                    window = tuple(tokens[start + 1 : end])
                    if window == rest or (
                        prefix and window[:-1] == rest[:-1] and window[-1].startswith(rest[-1])
                    ):
                        found.add(term_id)
                        break
                try:
                    start = tokens.index(head, start + 1)
                except ValueError:
                    break


class _ChunkTokens(dict[str, tuple[str, ...]]):
    """Whitespace-free chunk -> its normalised tokens, computed once (bounded)."""

    limit: int = 200_000

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        if len(self) >= self.limit:
            self.clear()
        tokens = self[chunk] = normalized_tokens(chunk)
        return tokens


class _HotChunks(dict[str, bool]):
    """Chunk -> whether it holds a token that may start a term (bounded cache)."""

    limit: int = 200_000

    def __init__(self, index: KeywordIndex) -> None:
        super().__init__()
        self.index = index

    def __missing__(self, chunk: str) -> bool:
        if len(self) >= self.limit:
            self.clear()
        index = self.index
        tokens = index._chunks[chunk]
        hot = not index._heads.isdisjoint(tokens) or any(
            token[:length] in index._prefixes
            for token in tokens
            for length in index._prefix_lengths
        )
        self[chunk] = hot
        if not hot:
            cold = index._cold
            if len(cold) >= self.limit:
                cold.clear()
            cold.add(chunk)
        return hot


# --------------------------------------------------------------------------- regexes


def re2_available() -> bool:
    """Whether ``google-re2`` is importable (the ``re2`` extra).

    >>> isinstance(re2_available(), bool)
    True
    """
    try:
        import re2  # noqa: F401, PLC0415 - optional extra, probed lazily
    except ImportError:
        return False
    return True


def _skip_class(pattern: str, i: int) -> int:
    """Index just after the character class that starts at ``pattern[i] == '['``."""
    i += 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


_BRACES: Final = re.compile(r"\{(\d*)(,?)(\d*)\}")


def _quantifier(pattern: str, i: int) -> tuple[int, bool, bool] | None:
    """A quantifier at ``i``: its length, whether it is unbounded, whether it repeats.

    ``{m,n}`` counts as unbounded when ``n`` (or ``m`` alone) is above
    :data:`_LARGE_REPEAT`; it repeats when it allows more than one occurrence.
    """
    char = pattern[i]
    if char in "*+":
        return 1, True, True
    if char == "?":
        return 1, False, False
    if char == "{":
        braces = _BRACES.match(pattern, i)
        if braces and (braces[1] or braces[3]):
            low, comma, high = braces.groups()
            most = int(high) if high else (None if comma else int(low))
            unbounded = most is None or most > _LARGE_REPEAT
            return braces.end() - i, unbounded, most is None or most > 1
    return None


def _shape_problems(pattern: str) -> list[str]:
    """Why ``pattern`` could backtrack catastrophically (empty when it cannot)."""
    reasons: list[str] = []
    stack: list[bool] = [False]  # per open group: holds an unbounded repetition
    last_group_unbounded: bool | None = None  # the atom before a quantifier, when a group
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "\\":
            if i + 1 < n and pattern[i + 1] in "123456789":
                reasons.append(f"backreference {pattern[i : i + 2]!r} is not allowed")
            last_group_unbounded, i = None, i + 2
            continue
        if char == "[":
            last_group_unbounded, i = None, _skip_class(pattern, i)
            continue
        if char == "(":
            if pattern.startswith(("(?P=", "(?("), i):
                reasons.append("backreferences and conditional groups are not allowed")
            flags = re.match(r"\(\?([aiLmsux-]+)[:)]", pattern[i:])
            if flags and "x" in flags[1]:
                reasons.append("verbose mode (?x) is not supported")
            stack.append(False)
            last_group_unbounded, i = None, i + 1
            continue
        if char == ")":
            inner = stack.pop() if len(stack) > 1 else False
            stack[-1] = stack[-1] or inner
            last_group_unbounded, i = inner, i + 1
            continue
        quantifier = _quantifier(pattern, i)
        if quantifier is not None:
            size, unbounded, repeats = quantifier
            if repeats and last_group_unbounded:
                reasons.append(
                    "nested unbounded repetition (a repeated group that itself repeats "
                    "without bound, as in '(a+)+' or '(.*a){20}') can backtrack "
                    "catastrophically"
                )
            stack[-1] = stack[-1] or unbounded
            i += size
            if i < n and pattern[i] in "?+":  # lazy or possessive suffix
                i += 1
            last_group_unbounded = None
            continue
        last_group_unbounded, i = None, i + 1
    return list(dict.fromkeys(reasons))


def pattern_problems(
    pattern: str, *, path: str = "", limits: MatchLimits = DEFAULT_LIMITS
) -> list[Problem]:
    """Every reason to refuse ``pattern``, located at ``path``.

    >>> [p.code for p in pattern_problems("(\\\\w+\\\\s?)*$")]
    ['unsafe_pattern']
    >>> pattern_problems("prix|tarif")
    []
    """
    if len(pattern) > limits.max_pattern_length:
        return [
            Problem(
                path,
                pattern,
                f"is {len(pattern)} characters long; the cap is {limits.max_pattern_length}",
                code="too_long",
            )
        ]
    try:
        re.compile(pattern)
    except re.error as exc:
        return [Problem(path, pattern, f"is not a valid regex: {exc}", code="bad_regex")]
    return [Problem(path, pattern, r, code="unsafe_pattern") for r in _shape_problems(pattern)]


class CompiledPattern:
    """A checked regex, ready to search normalised text.

    Attributes:
        pattern: the regex as written.
        engine: ``"re2"`` or ``"re"``.
    """

    __slots__ = ("_search", "engine", "pattern")

    def __init__(self, pattern: str, engine: Literal["re2", "re"], search: Any) -> None:
        self.pattern = pattern
        self.engine = engine
        self._search = search

    def search(self, text: str) -> str | None:
        """The first match in ``text`` (its text), or ``None``.

        >>> compile_pattern(r"\\bcmd-\\d{4}\\b").search("ma cmd-1234 ?")
        'cmd-1234'
        """
        found = self._search(text)
        return None if found is None else str(found.group(0))

    def __repr__(self) -> str:
        return f"CompiledPattern({self.pattern!r}, engine={self.engine!r})"


def compile_pattern(
    pattern: str,
    *,
    path: str = "",
    limits: MatchLimits = DEFAULT_LIMITS,
    engine: Literal["auto", "re2", "re"] = "auto",
) -> CompiledPattern:
    """Check ``pattern`` (see :func:`pattern_problems`) and compile it.

    Args:
        pattern: a regex, matched against normalised (case- and accent-folded) text.
        path: where it comes from, for errors (``rule_sets[0].rules[3].when.regex``).
        limits: the caps to enforce.
        engine: ``"auto"`` uses RE2 when installed and able to compile the
            pattern, else :mod:`re`; ``"re2"`` requires RE2.

    Raises:
        UnsafePatternError: the pattern is invalid, too long or could backtrack.
    """
    check(pattern_problems(pattern, path=path, limits=limits), UnsafePatternError)
    if engine != "re" and re2_available():
        import re2  # noqa: PLC0415 - optional extra

        options = re2.Options()
        options.log_errors = False
        try:
            compiled = re2.compile(pattern, options)
        except re2.error:
            if engine == "re2":
                raise UnsafePatternError(
                    "uses syntax RE2 does not support", path=path, value=pattern
                ) from None
        else:
            return CompiledPattern(pattern, "re2", compiled.search)
    elif engine == "re2":
        raise ValidationError(
            "engine 're2' needs google-re2 (pip install 'socialgoals[re2]')",
            path=path,
            value=engine,
            code="missing_extra",
        )
    return CompiledPattern(pattern, "re", re.compile(pattern).search)
