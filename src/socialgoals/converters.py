"""The cattrs converter: how socialgoals models become plain data and back.

One factory, :func:`make_converter`, builds a converter that knows the shared
vocabulary (aware datetimes, dates, durations, timezones, platforms, enums)
and forbids unknown keys. Domain packages add their own hooks with
:func:`register_hooks`, so every model structures through the same converter.

:func:`structure` is the safe entry point: it collects *every* problem of the
input, with its path and offending value, into one
:class:`~socialgoals.errors.ValidationError`.

>>> from socialgoals.model import Observation
>>> obs = structure({"date": "2026-03-01", "platform": "Twitter", "metric": "reach",
...                  "value": 10}, Observation)
>>> obs.platform
Platform('x')
>>> structure({"date": "2026-13-01", "platform": "x", "metric": "reach", "value": "ten"},
...           Observation)
Traceback (most recent call last):
...
socialgoals.errors.ValidationError: 2 problems:
  date: not an ISO date (YYYY-MM-DD) (got '2026-13-01')
  value: must be a number (got 'ten')
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any, Final, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from socialgoals.errors import MISSING, Problem, ValidationError
from socialgoals.model import Platform, require_aware

__all__ = [
    "make_converter",
    "register_hooks",
    "structure",
    "unstructure",
    "parse_duration",
    "format_duration",
    "parse_datetime",
    "problems_from_cattrs",
]

T = TypeVar("T")

_HOOKS: list[Callable[[cattrs.Converter], None]] = []


def register_hooks(configure: Callable[[cattrs.Converter], None]) -> None:
    """Add a function that configures every converter :func:`make_converter` builds.

    Domain packages call this at import time for types that need custom
    (un)structuring; users may call it for their own types.
    """
    if configure not in _HOOKS:
        _HOOKS.append(configure)


# --------------------------------------------------------------------------- durations

_DURATION_PART: Final = re.compile(r"(\d+(?:\.\d+)?)\s*(weeks?|days?|hours?|mins?|w|d|h|m|s)")
_ISO_DURATION: Final = re.compile(
    r"^P(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
_UNIT_SECONDS: Final = {
    "w": 604800, "week": 604800, "weeks": 604800,
    "d": 86400, "day": 86400, "days": 86400,
    "h": 3600, "hour": 3600, "hours": 3600,
    "m": 60, "min": 60, "mins": 60,
    "s": 1,
}  # fmt: skip


def parse_duration(text: str | float | timedelta) -> timedelta:
    """Parse a duration: ``"15m"``, ``"4h"``, ``"1h30m"``, ``"2d"``, ``"PT4H"`` or seconds.

    >>> parse_duration("1h30m")
    datetime.timedelta(seconds=5400)
    >>> parse_duration("PT12H") == timedelta(hours=12)
    True
    """
    if isinstance(text, timedelta):
        return text
    if isinstance(text, bool):
        raise ValueError(f"not a duration: {text!r}")
    if isinstance(text, int | float):
        if not math.isfinite(text) or text < 0:
            raise ValueError(f"not a non-negative number of seconds: {text!r}")
        return timedelta(seconds=text)
    raw = text.strip()
    iso = _ISO_DURATION.match(raw.upper())
    if iso and raw.upper() not in {"P", "PT"}:
        w, d, h, m, s = (float(iso[k] or 0) for k in "wdhms")
        return timedelta(weeks=w, days=d, hours=h, minutes=m, seconds=s)
    low = raw.lower().replace(" ", "")
    pos, total = 0, 0.0
    for match in _DURATION_PART.finditer(low):
        if match.start() != pos:
            break
        total += float(match[1]) * _UNIT_SECONDS[match[2]]
        pos = match.end()
    if pos != len(low) or not low:
        raise ValueError(f"not a duration such as '15m', '4h', '1h30m', '2d' or 'PT4H': {text!r}")
    return timedelta(seconds=total)


def format_duration(value: timedelta) -> str:
    """Format a duration compactly, the inverse of :func:`parse_duration`.

    >>> format_duration(timedelta(hours=1, minutes=30))
    '1h30m'
    >>> format_duration(timedelta(0))
    '0s'
    """
    total = value.total_seconds()
    if total < 0:
        raise ValueError(f"negative duration: {value!r}")
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        n, total = divmod(total, size)
        if n:
            parts.append(f"{int(n)}{unit}")
    if total or not parts:
        parts.append(f"{total:g}s")
    return "".join(parts)


def parse_datetime(value: str | datetime) -> datetime:
    """Parse an ISO 8601 instant that carries an offset (``Z`` allowed).

    >>> parse_datetime("2026-03-01T09:00:00Z").isoformat()
    '2026-03-01T09:00:00+00:00'
    """
    if isinstance(value, datetime):
        return require_aware(value)
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 datetime string, got {type(value).__name__}")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("not an ISO 8601 datetime") from None
    return require_aware(parsed)


# --------------------------------------------------------------------------- hooks


def _structure_date(value: Any, _: type) -> date:
    if isinstance(value, datetime):
        raise ValueError("expected a date without a time part")
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO date string, got {type(value).__name__}")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("not an ISO date (YYYY-MM-DD)") from None


def _structure_time(value: Any, _: type) -> time:
    if isinstance(value, time):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected a time such as '09:30', got {type(value).__name__}")
    try:
        return time.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("not a time such as '09:30'") from None


def _structure_zone(value: Any, _: type) -> ZoneInfo:
    if isinstance(value, ZoneInfo):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected an IANA timezone name, got {type(value).__name__}")
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("unknown IANA timezone (e.g. 'Europe/Paris')") from None


def _structure_platform(value: Any, _: type) -> Platform:
    if isinstance(value, Platform):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected a platform name, got {type(value).__name__}")
    return Platform.parse(value)


def _structure_float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("must be a number")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError("must be a finite number")
    return result


def _structure_int(value: Any, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise TypeError("must be a whole number")
    return value


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError("must be a string")
    return value


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError("must be true or false")
    return value


def _enum_hook(cls: type[enum.Enum]) -> Callable[[Any, type], enum.Enum]:
    by_value = {m.value: m for m in cls}
    by_name = {m.name.lower(): m for m in cls}

    def hook(value: Any, _: type) -> enum.Enum:
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            key = value.strip()
            found = by_value.get(key) or by_name.get(key.lower().replace("-", "_"))
            if found is not None:
                return found
        allowed = ", ".join(repr(v) for v in by_value)
        raise ValueError(f"must be one of {allowed}")

    return hook


def make_converter() -> cattrs.Converter:
    """Build a converter for socialgoals models (and any registered hooks).

    Unknown keys are refused, datetimes must be aware, and strict scalars are
    enforced: ``"10"`` is not a number and ``1`` is not ``true``.
    """
    c = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    c.register_structure_hook(float, _structure_float)
    c.register_structure_hook(int, _structure_int)
    c.register_structure_hook(str, _structure_str)
    c.register_structure_hook(bool, _structure_bool)
    c.register_structure_hook(datetime, lambda v, _: parse_datetime(v))
    c.register_unstructure_hook(datetime, lambda v: v.isoformat())
    c.register_structure_hook(date, _structure_date)
    c.register_unstructure_hook(date, lambda v: v.isoformat())
    c.register_structure_hook(time, _structure_time)
    c.register_unstructure_hook(time, lambda v: v.isoformat(timespec="minutes"))
    c.register_structure_hook(timedelta, lambda v, _: parse_duration(v))
    c.register_unstructure_hook(timedelta, format_duration)
    c.register_structure_hook(ZoneInfo, _structure_zone)
    c.register_unstructure_hook(ZoneInfo, lambda v: v.key)
    c.register_structure_hook(Platform, _structure_platform)
    c.register_unstructure_hook(Platform, lambda v: v.id)
    c.register_structure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook
    )
    c.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum),
        lambda _t: lambda v: v.value,
    )
    for configure in _HOOKS:
        configure(c)
    return c


# --------------------------------------------------------------------------- errors


def _value_at(data: Any, keys: list[str | int]) -> Any:
    for key in keys:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return MISSING
    return data


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _message(exc: BaseException, tp: Any) -> tuple[str, str]:
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"unknown keys {', '.join(sorted(exc.extra_fields))}", "unknown_key"
    if isinstance(exc, KeyError):
        return "is required", "missing"
    text = str(exc)
    if isinstance(exc, TypeError) and ("argument" in text or "positional" in text):
        name = getattr(tp, "__name__", str(tp))
        return f"must be a table/object ({name})", "wrong_type"
    if isinstance(exc, AttributeError) and "items" in text:
        return "must be a table/object", "wrong_type"
    return text or type(exc).__name__, "wrong_type" if isinstance(exc, TypeError) else "invalid"


def problems_from_cattrs(
    exc: BaseException, data: Any, *, path: str = "", keys: list[str | int] | None = None
) -> list[Problem]:
    """Flatten a cattrs (or socialgoals) validation error into located problems.

    ``data`` is the raw input; it is used to report each offending value.
    """
    keys = keys or []
    if isinstance(exc, ValidationError):
        return [p.prefixed(path) for p in exc.problems]
    if isinstance(exc, ClassValidationError | IterableValidationError):
        found: list[Problem] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            key: str | int = note.name if isinstance(note, AttributeValidationNote) else note.index
            sub_path = _join(path, key)
            sub_keys = [*keys, key]
            if isinstance(sub, ClassValidationError | IterableValidationError | ValidationError):
                found.extend(problems_from_cattrs(sub, data, path=sub_path, keys=sub_keys))
            else:
                msg, code = _message(sub, note.type)
                value = (
                    MISSING
                    if isinstance(sub, KeyError | ForbiddenExtraKeysError)
                    else _value_at(data, sub_keys)
                )
                found.append(Problem(sub_path, value, msg, code=code))
        for sub in without:
            found.extend(problems_from_cattrs(sub, data, path=path, keys=keys))
        return found
    msg, code = _message(exc, None)
    value = MISSING if isinstance(exc, ForbiddenExtraKeysError) else _value_at(data, keys)
    return [Problem(path, value, msg, code=code)]


_DEFAULT: cattrs.Converter | None = None


def _default() -> cattrs.Converter:
    if _DEFAULT is None or len(_HOOKS) != _DEFAULT_HOOKS:
        _rebuild_default()
    assert _DEFAULT is not None
    return _DEFAULT


_DEFAULT_HOOKS = 0


def _rebuild_default() -> None:
    global _DEFAULT, _DEFAULT_HOOKS  # noqa: PLW0603 - rebuilt when hooks are added
    _DEFAULT = make_converter()
    _DEFAULT_HOOKS = len(_HOOKS)


def _error_class(exc: BaseException) -> type[ValidationError]:
    """The one ``ValidationError`` subclass every leaf of ``exc`` shares, else the base.

    So ``structure`` raises, say, ``UnsafeTemplateError`` when every problem
    of the input is an unsafe template.
    """
    found: set[type[BaseException]] = set()
    pending = [exc]
    while pending:
        current = pending.pop()
        if isinstance(current, ClassValidationError | IterableValidationError):
            pending.extend(current.exceptions)
        else:
            found.add(type(current))
    (only,) = found if len(found) == 1 else (ValidationError,)
    return only if issubclass(only, ValidationError) else ValidationError


def structure(
    data: Any, cls: type[T], *, converter: cattrs.Converter | None = None, path: str = ""
) -> T:
    """Structure ``data`` into ``cls``, reporting every problem at once.

    Raises:
        ValidationError: with one :class:`~socialgoals.errors.Problem` per
            problem, each located by its path in ``data``.
    """
    conv = converter or _default()
    try:
        return conv.structure(data, cls)
    except (ClassValidationError, IterableValidationError, ValidationError) as exc:
        # Models that structure from a scalar (Platform from "x") have their own
        # hook; for the others, a non-table input gets one clear message.
        if not isinstance(exc, ValidationError):
            _require_table(data, cls, path)
        raise _error_class(exc)(problems_from_cattrs(exc, data, path=path)) from None
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        _require_table(data, cls, path)
        raise ValidationError(problems_from_cattrs(exc, data, path=path)) from None


def _require_table(data: Any, cls: type, path: str) -> None:
    if not isinstance(data, Mapping) and hasattr(cls, "__attrs_attrs__"):
        raise ValidationError(
            f"must be a table/object ({cls.__name__})", path=path, value=data, code="wrong_type"
        )


def unstructure(obj: Any, *, converter: cattrs.Converter | None = None) -> Any:
    """Turn a model into plain data (dicts, lists, strings, numbers, booleans)."""
    return (converter or _default()).unstructure(obj)
