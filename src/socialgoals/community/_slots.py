"""The reply-template mini-language: literal text and ``{slot}`` / ``{slot|fallback}``.

Templates are parsed here, never with :meth:`str.format`: the only thing a
pair of braces may hold is a whitelisted slot name, optionally followed by
``|`` and a literal fallback. ``{{`` and ``}}`` are literal braces. Attribute
access (``{a.b}``), indexing (``{a[0]}``), conversions (``{a!r}``), format
specs (``{a:>9}``) and positional slots (``{0}``, ``{}``) are refused with
the template's path, all problems at once.

>>> parse_template("Hi {first_name|there}!", allowed=frozenset({"first_name"}), path="t")
(Text(text='Hi '), Slot(name='first_name', fallback='there'), Text(text='!'))
>>> parse_template("{first_name!r}", allowed=None, path="templates[0].greeting[0]")
Traceback (most recent call last):
...
socialgoals.errors.UnsafeTemplateError: templates[0].greeting[0]: conversion ...
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from typing import Final

import attrs

from socialgoals.errors import Problem, UnsafeTemplateError, ValidationError

__all__ = [
    "Text",
    "Slot",
    "Segment",
    "parse_template",
    "template_problems",
    "clean_value",
    "render_segments",
    "MAX_FALLBACK_CHARS",
    "MAX_SLOT_VALUE_CHARS",
]

MAX_FALLBACK_CHARS: Final = 200
"""The longest literal fallback a slot may carry."""

MAX_SLOT_VALUE_CHARS: Final = 100
"""Slot values longer than this (after cleaning) are cut at this many characters."""

_ZWJ: Final = "\u200d"  # kept: it joins emoji sequences such as family emoji

_NAME: Final = re.compile(r"[a-z][a-z0-9_]*\Z")
_FORBIDDEN: Final = {
    ".": ("attribute access is not allowed in a slot", "attribute_access"),
    "[": ("indexing is not allowed in a slot", "indexing"),
    "]": ("indexing is not allowed in a slot", "indexing"),
    "!": ("conversion (!r, !s, !a) is not allowed in a slot", "conversion"),
    ":": ("format spec is not allowed in a slot", "format_spec"),
}


@attrs.frozen
class Text:
    """Literal text of a template."""

    text: str


@attrs.frozen
class Slot:
    """A named slot, with the literal fallback used when its value is missing."""

    name: str
    fallback: str | None = None


Segment = Text | Slot


def _slot_problem(inner: str, allowed: frozenset[str] | None) -> tuple[str, str] | None:
    name, bar, fallback = inner.partition("|")
    name = name.strip()
    if not name:
        return "empty slot: name it, e.g. {first_name}", "positional_slot"
    first = min((name.find(ch) for ch in _FORBIDDEN if ch in name), default=-1)
    if first >= 0:
        return _FORBIDDEN[name[first]]
    if name.isdigit():
        return "positional slots are not allowed: name it, e.g. {first_name}", "positional_slot"
    if not _NAME.match(name):
        return "a slot name is lowercase letters, digits and _ (e.g. first_name)", "bad_slot"
    if allowed is not None and name not in allowed:
        return f"unknown slot {name!r}; allowed: {', '.join(sorted(allowed))}", "unknown_slot"
    if bar and len(fallback) > MAX_FALLBACK_CHARS:
        return f"fallback longer than {MAX_FALLBACK_CHARS} characters", "fallback_too_long"
    return None


def _scan(text: str, allowed: frozenset[str] | None) -> tuple[list[Segment], list[Problem]]:
    segments: list[Segment] = []
    problems: list[Problem] = []
    literal: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "{}" and text.startswith(ch * 2, i):
            literal.append(ch)
            i += 2
        elif ch == "}":
            problems.append(
                Problem("", "}", f"at offset {i}: single '}}' (write '}}}}')", code="bad_brace")
            )
            i += 1
        elif ch == "{":
            end = text.find("}", i + 1)
            nested = text.find("{", i + 1)
            if end < 0 or 0 <= nested < end:
                stop = nested if nested >= 0 else n
                problems.append(
                    Problem(
                        "",
                        text[i:stop],
                        f"at offset {i}: unclosed '{{' (write '{{{{' for a brace)",
                        code="bad_brace",
                    )
                )
                i = stop
                continue
            inner = text[i + 1 : end]
            found = _slot_problem(inner, allowed)
            if found is not None:
                message, code = found
                problems.append(Problem("", "{" + inner + "}", message, code=code))
            else:
                if literal:
                    segments.append(Text("".join(literal)))
                    literal = []
                name, bar, fallback = inner.partition("|")
                segments.append(Slot(name.strip(), fallback if bar else None))
            i = end + 1
        else:
            literal.append(ch)
            i += 1
    if literal:
        segments.append(Text("".join(literal)))
    return segments, problems


def template_problems(text: object, *, allowed: frozenset[str] | None, path: str) -> list[Problem]:
    """Every problem of template ``text``, each located at ``path``.

    Args:
        text: the template source.
        allowed: the whitelisted slot names, or ``None`` to check syntax only.
        path: where the template sits in the plan (``templates[0].greeting[1]``).
    """
    if not isinstance(text, str):
        return [Problem(path, text, "must be a string", code="wrong_type")]
    return [p.prefixed(path) for p in _scan(text, allowed)[1]]


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str, allowed: frozenset[str] | None) -> tuple[Segment, ...]:
    segments, problems = _scan(text, allowed)
    if problems:
        raise UnsafeTemplateError(problems)
    return tuple(segments)


def parse_template(
    text: str, *, allowed: frozenset[str] | None, path: str = ""
) -> tuple[Segment, ...]:
    """Parse template ``text`` into literal and slot segments.

    Raises:
        UnsafeTemplateError: with one problem per bad slot or brace, located at ``path``.
    """
    try:
        return _parse_cached(text, allowed)
    except UnsafeTemplateError as exc:
        raise exc.prefixed(path) from None


def clean_value(value: object) -> str:
    """Make a slot value safe to insert: one line, no control characters, capped.

    Control and format characters (newlines, zero-width spaces...) become
    spaces (the zero-width joiner of emoji sequences is kept),
    runs of whitespace collapse to one space, and the result is cut to
    :data:`MAX_SLOT_VALUE_CHARS` characters. Values are inserted as they are,
    never parsed again, so braces in a value are plain text.

    >>> clean_value("  Léa\\n\\u200bMarie ")
    'Léa Marie'
    """
    text = value if isinstance(value, str) else str(value)
    spaced = "".join(
        " " if unicodedata.category(ch)[0] in "CZ" and ch != _ZWJ else ch for ch in text
    )
    return " ".join(spaced.split())[:MAX_SLOT_VALUE_CHARS].strip()


def render_segments(
    segments: tuple[Segment, ...],
    values: Mapping[str, object],
    defaults: Mapping[str, str],
    *,
    path: str,
) -> tuple[str, tuple[str, ...]]:
    """Fill ``segments`` with ``values``; returns the text and the slots that fell back.

    A value that is missing, ``None`` or blank after cleaning uses the slot's
    fallback, then ``defaults``; with neither, a ``missing_slot`` problem is raised.
    """
    out: list[str] = []
    fell_back: list[str] = []
    problems: list[Problem] = []
    for seg in segments:
        if isinstance(seg, Text):
            out.append(seg.text)
            continue
        raw = values.get(seg.name)
        value = "" if raw is None else clean_value(raw)
        if not value:
            fallback = seg.fallback if seg.fallback is not None else defaults.get(seg.name)
            if fallback is None:
                problems.append(
                    Problem(
                        path,
                        seg.name,
                        f"slot {seg.name!r} has no value and no fallback "
                        f"(write {{{seg.name}|...}} or give a library default)",
                        code="missing_slot",
                    )
                )
                continue
            fell_back.append(seg.name)
            value = fallback
        out.append(value)
    if problems:
        raise ValidationError(problems)
    return "".join(out), tuple(fell_back)
