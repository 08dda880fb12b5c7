"""One hierarchy of errors for socialgoals.

Every error subclasses :class:`SocialGoalsError` *and* the nearest builtin, so
callers can catch either ``SocialGoalsError`` or, say, ``ValueError``. Errors
keep their context as attributes (field path, offending value, plugin name...)
and never put secrets or personal data in their message.

Validation is the one family that aggregates: a :class:`ValidationError`
carries one or more :class:`Problem` objects, each with a dotted path, the
offending value, a machine-readable code and a human sentence, so a bad plan
reports every problem at once::

    >>> err = ValidationError([
    ...     Problem("objectives[1].deadline", "2026-01-01", "is before start 2026-03-01"),
    ...     Problem("objectives[2].target.value", -3, "must be > 0"),
    ... ])
    >>> print(err)
    2 problems:
      objectives[1].deadline: is before start 2026-03-01 (got '2026-01-01')
      objectives[2].target.value: must be > 0 (got -3)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

__all__ = [
    "SocialGoalsError",
    "Problem",
    "MISSING",
    "ValidationError",
    "NaiveDatetimeError",
    "UnknownReferenceError",
    "DuplicateIdError",
    "UnsafeTemplateError",
    "UnsafePatternError",
    "PlanFileError",
    "KPIError",
    "UnknownMetricError",
    "KPICycleError",
    "CalendarError",
    "PluginError",
    "PluginLoadError",
    "PluginHookError",
    "SourceError",
    "BadRowError",
    "UnsupportedActionError",
    "StoreError",
    "DeliveryError",
    "TransientDeliveryError",
    "PermanentDeliveryError",
    "check",
]


class SocialGoalsError(Exception):
    """Base class of every error raised on purpose by socialgoals."""


class _Missing:
    """Marker for "no value was given" (distinct from ``None``)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final[Any] = _Missing()
"""The value of a :class:`Problem` whose input had no value at all."""

_MAX_VALUE_REPR: Final = 80


def _short_repr(value: object) -> str:
    text = repr(value)
    if len(text) > _MAX_VALUE_REPR:
        text = text[: _MAX_VALUE_REPR - 3] + "..."
    return text


class Problem:
    """One thing wrong with an input: where, what value, and why.

    Args:
        path: where the problem is, as ``objectives[1].deadline`` (empty for
            the root object).
        value: the offending value, or :data:`MISSING` when none was given.
        message: a human sentence that completes the path ("must be > 0").
        code: a stable, machine-readable code (``"out_of_range"``...).

    >>> Problem("target.value", -1, "must be > 0", code="not_positive").render()
    'target.value: must be > 0 (got -1)'
    """

    __slots__ = ("code", "message", "path", "value")

    def __init__(self, path: str, value: object, message: str, *, code: str = "invalid") -> None:
        self.path = path
        self.value = value
        self.message = message
        self.code = code

    def prefixed(self, prefix: str) -> Problem:
        """Return this problem with ``prefix`` put in front of its path."""
        if not prefix:
            return self
        if not self.path:
            path = prefix
        elif self.path.startswith("["):
            path = prefix + self.path
        else:
            path = f"{prefix}.{self.path}"
        return Problem(path, self.value, self.message, code=self.code)

    def render(self) -> str:
        """The problem as one readable line."""
        where = f"{self.path}: " if self.path else ""
        got = "" if self.value is MISSING else f" (got {_short_repr(self.value)})"
        return f"{where}{self.message}{got}"

    def __repr__(self) -> str:
        return (
            f"Problem(path={self.path!r}, value={_short_repr(self.value)}, "
            f"message={self.message!r}, code={self.code!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return (self.path, self.message, self.code) == (other.path, other.message, other.code)

    def __hash__(self) -> int:
        return hash((self.path, self.message, self.code))


class ValidationError(SocialGoalsError, ValueError):
    """An input (a model, a plan file, a row) has one or more problems.

    Args:
        problems: the problems, or a message for a single problem.
        path: with a message, where the single problem is.
        value: with a message, the offending value.
        code: with a message, its machine-readable code.

    Attributes:
        problems: every problem found, in input order.
    """

    default_code: str = "invalid"

    def __init__(
        self,
        problems: Sequence[Problem] | str,
        *,
        path: str = "",
        value: object = MISSING,
        code: str | None = None,
    ) -> None:
        if isinstance(problems, str):
            problems = [Problem(path, value, problems, code=code or self.default_code)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._render())

    def _render(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0].render()
        lines = [f"{len(self.problems)} problems:"]
        lines.extend(f"  {p.render()}" for p in self.problems)
        return "\n".join(lines)

    @property
    def paths(self) -> list[str]:
        """The paths of all problems, in order."""
        return [p.path for p in self.problems]

    def prefixed(self, prefix: str) -> ValidationError:
        """A copy of this error whose problem paths start with ``prefix``."""
        new = type(self).__new__(type(self))
        ValidationError.__init__(new, [p.prefixed(prefix) for p in self.problems])
        return new

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_validation_error, (type(self), list(self.problems)))


def _rebuild_validation_error(
    cls: type[ValidationError], problems: list[Problem]
) -> ValidationError:
    new = cls.__new__(cls)
    ValidationError.__init__(new, problems)
    return new


class NaiveDatetimeError(ValidationError):
    """A datetime without a timezone was given where an aware one is required."""

    default_code = "naive_datetime"


class UnknownReferenceError(ValidationError):
    """An id refers to a business goal, KPI, role, template... that does not exist."""

    default_code = "unknown_reference"


class DuplicateIdError(ValidationError):
    """Two items of one collection share an id."""

    default_code = "duplicate_id"


class UnsafeTemplateError(ValidationError):
    """A reply template uses a slot or syntax outside the whitelist."""

    default_code = "unsafe_template"


class UnsafePatternError(ValidationError):
    """A regex could backtrack catastrophically, or breaks a configured cap."""

    default_code = "unsafe_pattern"


class PlanFileError(SocialGoalsError, OSError):
    """A plan file cannot be read or parsed (missing, bad TOML/JSON...).

    Attributes:
        path: the file.
        line: the line of the syntax error, when known.
    """

    def __init__(self, message: str, *, path: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class KPIError(SocialGoalsError, ValueError):
    """A KPI definition is wrong."""


class UnknownMetricError(KPIError, KeyError):
    """A formula refers to a metric or KPI that nobody defines.

    Attributes:
        name: the unknown metric or KPI id.
        referenced_by: the chain of KPI ids that leads to it.
    """

    def __init__(self, name: str, referenced_by: Sequence[str] = ()) -> None:
        self.name = name
        self.referenced_by = tuple(referenced_by)
        chain = " -> ".join((*self.referenced_by, name))
        super().__init__(f"unknown metric or KPI {name!r} (referenced by {chain})")

    def __str__(self) -> str:  # KeyError would quote the message otherwise
        return str(self.args[0])


class KPICycleError(KPIError):
    """Derived KPIs refer to each other in a cycle.

    Attributes:
        chain: the ids along the cycle, first id repeated at the end.
    """

    def __init__(self, chain: Sequence[str]) -> None:
        self.chain = tuple(chain)
        super().__init__("KPI cycle: " + " -> ".join(self.chain))


class CalendarError(SocialGoalsError, ValueError):
    """A business-hours calendar cannot answer (e.g. it is never open)."""


class PluginError(SocialGoalsError, RuntimeError):
    """A plugin misbehaved.

    Attributes:
        plugin: the plugin's name.
        hook: the hook being called, if any.
    """

    def __init__(self, message: str, *, plugin: str, hook: str | None = None) -> None:
        self.plugin = plugin
        self.hook = hook
        where = f"plugin {plugin!r}" + (f" in hook {hook!r}" if hook else "")
        super().__init__(f"{where}: {message}")


class PluginLoadError(PluginError):
    """A plugin's entry point could not be imported or registered."""


class PluginHookError(PluginError):
    """A plugin raised while answering a hook."""


class SourceError(SocialGoalsError, ValueError):
    """A data source could not produce valid records."""


class BadRowError(SourceError):
    """One row of an input file is invalid.

    Attributes:
        file: the file name.
        line: the 1-based line number.
        column: the column name, when one is to blame.
        reason: why the row is rejected.
    """

    def __init__(self, reason: str, *, file: str, line: int, column: str | None = None) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
        col = f", column {column!r}" if column else ""
        super().__init__(f"{file}:{line}{col}: {reason}")


class UnsupportedActionError(SocialGoalsError, NotImplementedError):
    """A source was asked for an action its capabilities do not declare.

    Attributes:
        source: the source's registry name.
        action: the action's name (``hide``, ``ban``...).
    """

    def __init__(self, *, source: str, action: str) -> None:
        self.source = source
        self.action = action
        super().__init__(f"source {source!r} does not support the action {action!r}")


class StoreError(SocialGoalsError, RuntimeError):
    """The store cannot complete an operation (schema too new, locked...)."""


class DeliveryError(SocialGoalsError, RuntimeError):
    """A sink could not take an item.

    Attributes:
        retry_after: seconds the sink asked us to wait, if it said.
    """

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class TransientDeliveryError(DeliveryError):
    """Try again later (timeouts, 5xx, 408, 429)."""


class PermanentDeliveryError(DeliveryError):
    """Retrying will not help (4xx other than 408/429): dead-letter the item."""


def check(problems: Iterable[Problem], error: type[ValidationError] = ValidationError) -> None:
    """Raise ``error`` with every problem in ``problems``, if there is any.

    >>> check([])
    >>> check([Problem("x", 0, "must be > 0")])
    Traceback (most recent call last):
    ...
    socialgoals.errors.ValidationError: x: must be > 0 (got 0)
    """
    found = list(problems)
    if found:
        raise error(found)
