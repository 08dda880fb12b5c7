"""Rate-limit usage headers of the Graph API, and when to slow down.

Meta reports how much of a rate limit a caller used in two headers:

- ``X-App-Usage`` (platform limits), a JSON object of percentages:
  ``{"call_count": 28, "total_time": 25, "total_cputime": 25}``;
- ``X-Business-Use-Case-Usage`` (page and Instagram tokens), a JSON object
  mapping business ids to lists of
  ``{"type": "pages", "call_count": 95, "total_cputime": 20, "total_time": 30,
  "estimated_time_to_regain_access": 4}`` (the last in minutes).

:func:`parse_usage` reads both into one :class:`RateUsage` (the highest
percentage wins); :meth:`RateUsage.pause` says how long to wait before the
next call when usage is near 100%. Absent headers mean "unknown", never 0%.

>>> u = parse_usage({"x-app-usage": '{"call_count": 96, "total_time": 10, "total_cputime": 3}'})
>>> u.percent, u.limit
(96.0, 'app.call_count')
>>> u.pause(threshold=90.0, default_pause=60.0)
60.0
>>> parse_usage({"X-Business-Use-Case-Usage":
...     '{"123": [{"type": "pages", "call_count": 100, "total_cputime": 5, "total_time": 5,'
...     ' "estimated_time_to_regain_access": 3}]}'}).pause(threshold=90.0, default_pause=60.0)
180.0
>>> parse_usage({}) is None
True
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, Final

import attrs

__all__ = ["RateUsage", "parse_usage"]

_PERCENT_KEYS: Final = ("call_count", "total_time", "total_cputime")


@attrs.frozen
class RateUsage:
    """How close the caller is to a Graph API rate limit.

    Attributes:
        percent: the highest usage percentage reported (0-100, may exceed 100).
        limit: which counter it is, as ``app.call_count`` or ``pages.total_time``.
        regain_after: seconds until access is regained, when Meta estimated it.
    """

    percent: float
    limit: str
    regain_after: float | None = None

    def pause(self, *, threshold: float, default_pause: float) -> float:
        """Seconds to wait before the next call: 0 below ``threshold`` percent.

        At or above the threshold, Meta's own estimate wins when it gave one
        (> 0), else ``default_pause``.
        """
        if self.percent < threshold:
            return 0.0
        if self.regain_after is not None and self.regain_after > 0:
            return self.regain_after
        return default_pause


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and number >= 0 else None


def _header(headers: Mapping[str, str], name: str) -> Any:
    lowered = {k.lower(): v for k, v in headers.items()}
    raw = lowered.get(name)
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _counters(prefix: str, entry: Mapping[str, Any]) -> list[tuple[float, str]]:
    found: list[tuple[float, str]] = []
    for key in _PERCENT_KEYS:
        number = _number(entry.get(key))
        if number is not None:
            found.append((number, f"{prefix}.{key}"))
    return found


def parse_usage(headers: Mapping[str, str]) -> RateUsage | None:
    """Read ``X-App-Usage`` and ``X-Business-Use-Case-Usage``; None when neither is usable.

    Malformed headers are ignored (a header is advice, not data).
    """
    found: list[tuple[float, str]] = []
    regain: list[float] = []
    app = _header(headers, "x-app-usage")
    if isinstance(app, Mapping):
        found.extend(_counters("app", app))
    buc = _header(headers, "x-business-use-case-usage")
    if isinstance(buc, Mapping):
        for entries in buc.values():
            if not isinstance(entries, list):
                continue
            for entry in entries:
                if not isinstance(entry, Mapping):
                    continue
                kind = entry.get("type")
                found.extend(_counters(str(kind) if kind else "buc", entry))
                minutes = _number(entry.get("estimated_time_to_regain_access"))
                if minutes:
                    regain.append(minutes * 60.0)
    if not found:
        return None
    percent, limit = max(found, key=lambda pair: pair[0])
    return RateUsage(percent=percent, limit=limit, regain_after=max(regain) if regain else None)
