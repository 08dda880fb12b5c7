"""Plan files: read and write a :class:`~socialgoals.plan.Plan` as TOML or JSON.

Reading goes text -> plain data (``tomllib`` or ``json``) -> the project's
cattrs converter -> ``Plan``. Two families of errors:

- the file cannot be read or parsed: :class:`~socialgoals.errors.PlanFileError`
  with the file's path and, for syntax errors, the line;
- the content is wrong: one :class:`~socialgoals.errors.ValidationError` that
  lists every problem with its path and value (``objectives[1].deadline: ...``).

Writing TOML needs ``tomli-w`` (the ``toml`` extra); JSON needs nothing.
Dumping then loading gives back an equal plan.

>>> plan = loads_plan('''
... name = "Roaster"
... [[business_goals]]
... id = "sales"
... statement = "More online orders"
... ''')
>>> plan.business_goals[0].statement
'More online orders'
>>> loads_plan(dumps_plan(plan, format="json"), format="json") == plan
True
>>> loads_plan('name = "x"\\nname = "y"', path="plan.toml")
Traceback (most recent call last):
...
socialgoals.errors.PlanFileError: plan.toml:2: invalid TOML: ...
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Final, Literal

from socialgoals.converters import make_converter, structure, unstructure
from socialgoals.errors import PlanFileError
from socialgoals.plan import Plan

__all__ = ["PlanFormat", "load_plan", "loads_plan", "dump_plan", "dumps_plan", "plan_format"]

PlanFormat = Literal["toml", "json"]
"""The plan file formats."""

_SUFFIXES: Final[dict[str, PlanFormat]] = {".toml": "toml", ".json": "json"}
_TOML_LINE: Final = re.compile(r"\((?:at line (\d+), column \d+|at end of document)\)")


def plan_format(path: str | os.PathLike[str]) -> PlanFormat:
    """The format of a plan file, from its suffix (``.toml`` or ``.json``).

    >>> plan_format("plans/2026.toml")
    'toml'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise PlanFileError(
            f"unknown plan file suffix {suffix!r} (use .toml or .json)", path=os.fspath(path)
        )
    return _SUFFIXES[suffix]


def _parse(text: str, format: PlanFormat, path: str) -> Any:  # noqa: A002 - mirrors the public API
    if format == "toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            found = _TOML_LINE.search(str(exc))
            message = _TOML_LINE.sub("", str(exc)).strip()
            line = None
            if found:
                line = int(found[1]) if found[1] else text.count("\n") + 1
            raise PlanFileError(f"invalid TOML: {message}", path=path, line=line) from None
    if format == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise PlanFileError(f"invalid JSON: {exc.msg}", path=path, line=exc.lineno) from None
    raise PlanFileError(f"unknown plan format {format!r} (use 'toml' or 'json')", path=path)


def loads_plan(text: str, format: PlanFormat = "toml", *, path: str = "<string>") -> Plan:  # noqa: A002 - the word users expect
    """Build a plan from TOML or JSON text.

    Args:
        text: the file's content.
        format: ``"toml"`` or ``"json"``.
        path: a name for the text, used in error messages.

    Raises:
        PlanFileError: the text is not valid TOML/JSON (with the line).
        ValidationError: the content is wrong (every problem, located).
    """
    data = _parse(text, format, path)
    if not isinstance(data, dict):
        raise PlanFileError("the top level must be a table/object", path=path)
    return structure(data, Plan)


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Read a plan file (``.toml`` or ``.json``).

    Raises:
        PlanFileError: the file is missing, unreadable or not valid TOML/JSON.
        ValidationError: the content is wrong (every problem, located).
    """
    name = os.fspath(path)
    fmt = plan_format(name)
    try:
        text = Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise PlanFileError(f"cannot read the plan file: {reason}", path=name) from None
    return loads_plan(text, fmt, path=name)


def _drop_none(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _drop_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_drop_none(v) for v in data]
    return data


def dumps_plan(plan: Plan, format: PlanFormat = "toml") -> str:  # noqa: A002 - the word users expect
    """The plan as TOML or JSON text (unset optional fields are left out).

    Raises:
        PlanFileError: TOML was asked for but ``tomli-w`` is not installed.
    """
    if format == "toml":
        # TOML has native dates: keep them as dates rather than ISO strings.
        converter = make_converter()
        converter.register_unstructure_hook(date, lambda d: d)
        data = _drop_none(unstructure(plan, converter=converter))
    else:
        data = _drop_none(unstructure(plan))
    if format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if format == "toml":
        try:
            import tomli_w  # noqa: PLC0415 - optional dependency, imported when needed
        except ModuleNotFoundError:
            raise PlanFileError(
                "writing TOML needs tomli-w: pip install 'socialgoals[toml]'", path="<output>"
            ) from None
        text: str = tomli_w.dumps(data)
        return text
    raise PlanFileError(f"unknown plan format {format!r} (use 'toml' or 'json')", path="<output>")


def dump_plan(
    plan: Plan,
    path: str | os.PathLike[str],
    *,
    format: PlanFormat | None = None,  # noqa: A002 - the word users expect
) -> None:
    """Write the plan to ``path``, in the format its suffix says unless given."""
    name = os.fspath(path)
    text = dumps_plan(plan, format or plan_format(name))
    try:
        Path(name).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise PlanFileError(f"cannot write the plan file: {exc.strerror}", path=name) from None
