"""A safe parser for formula text (no ``eval``): a tokenizer and a recursive descent.

Grammar::

    expr   := term (("+" | "-") term)*
    term   := factor (("*" | "x" | "/") factor)*
    factor := NUMBER | "-" NUMBER | METRIC | "kpi:" KPI_ID | "(" expr ")"

Metric names are lowercase identifiers (``link_clicks``, ``dm.conversations``);
``x`` on its own is the multiplication sign, so no metric may be called ``x``.
"""

from __future__ import annotations

import re
from typing import Final

from socialgoals.errors import ValidationError
from socialgoals.kpi._formula import Const, Expr, KPIRef, Metric

__all__ = ["parse_formula"]

_TOKEN: Final = re.compile(
    r"\s*(?:"
    r"(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<ref>kpi:[a-z0-9][a-z0-9_.]*)"
    r"|(?P<name>[a-z_][a-z0-9_.]*)"
    "|(?P<op>[-+*/()\u00d7])"
    r")"
)
_MAX_LENGTH: Final = 2000
_MAX_DEPTH: Final = 50


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        pos = 0
        stripped = text.rstrip()
        while pos < len(stripped):
            match = _TOKEN.match(stripped, pos)
            if match is None or match.end() == pos:
                self.fail(f"unexpected character {stripped[pos:].lstrip()[:1]!r}", pos)
            assert match is not None
            kind = match.lastgroup or ""
            value = match[kind]
            if kind == "name" and value == "x":
                kind, value = "op", "*"
            elif value == "\u00d7":  # the multiplication sign
                value = "*"
            self.tokens.append((kind, value, match.start(kind)))
            pos = match.end()
        self.index = 0
        self.depth = 0

    def fail(self, message: str, pos: int | None = None) -> None:
        where = f" at position {pos}" if pos is not None else ""
        raise ValidationError(
            f"{message}{where}", path="formula", value=self.text, code="bad_formula"
        )

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            self.fail("ends too early")
        assert token is not None
        self.index += 1
        return token

    def parse(self) -> Expr:
        if not self.tokens:
            self.fail("is empty")
        expr = self.expr()
        token = self.peek()
        if token is not None:
            self.fail(f"unexpected {token[1]!r}", token[2])
        return expr

    def expr(self) -> Expr:
        result = self.term()
        while (token := self.peek()) is not None and token[1] in {"+", "-"}:
            self.index += 1
            right = self.term()
            result = result + right if token[1] == "+" else result - right
        return result

    def term(self) -> Expr:
        result = self.factor()
        while (token := self.peek()) is not None and token[1] in {"*", "/"}:
            self.index += 1
            right = self.factor()
            result = result * right if token[1] == "*" else result / right
        return result

    def factor(self) -> Expr:
        kind, value, pos = self.take()
        if kind == "num":
            return Const(float(value))
        if kind == "name":
            return Metric(value)
        if kind == "ref":
            return KPIRef(value.removeprefix("kpi:"))
        if value == "-":
            sign_kind, number, _ = self.take()
            if sign_kind != "num":
                self.fail("a minus sign is only allowed before a number", pos)
            return Const(-float(number))
        if value == "(":
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                self.fail("nests parentheses too deeply", pos)
            inner = self.expr()
            closing = self.peek()
            if closing is None or closing[1] != ")":
                self.fail("has an unclosed '('", pos)
            self.index += 1
            self.depth -= 1
            return inner
        self.fail(f"unexpected {value!r}", pos)
        raise AssertionError  # pragma: no cover - fail() always raises


def parse_formula(text: str) -> Expr:
    """Parse formula text into an expression tree, safely (no ``eval``).

    ``a / b x 100`` becomes a ratio with a scale of 100; ``kpi:<id>`` refers
    to another KPI; ``x``, ``*`` and the multiplication sign all multiply.

    Raises:
        ValidationError: at path ``formula``, naming the text and the position.

    >>> f = parse_formula("orders / dm_conversations x 100")
    >>> f
    Ratio(numerator=Metric(name='orders'), denominator=Metric(name='dm_conversations'), scale=100.0)
    >>> str(parse_formula("(spend+creator_fees)/kpi:customers"))
    '(spend + creator_fees) / kpi:customers'
    >>> parse_formula("likes + import('os')")
    Traceback (most recent call last):
    ...
    socialgoals.errors.ValidationError: formula: unexpected character "'" at position 15 ...
    """
    if not isinstance(text, str):
        raise ValidationError("must be a formula string", path="formula", value=text)
    if len(text) > _MAX_LENGTH:
        raise ValidationError(
            f"is longer than {_MAX_LENGTH} characters", path="formula", value=text
        )
    return _Parser(text).parse()
