"""Column mappings: how the rows of an analytics export become observations.

A :class:`ColumnMapping` says which column holds the day, which columns hold
which metrics (a *wide* export, one column per metric) or which columns hold
the metric name and the value (a *long* export), and where the platform,
account, campaign and post ids come from. :data:`PRESETS` holds mappings for
common platform exports.

Numbers are read strictly: ``"1,234"`` is 1234 with the default separators,
but ``"1,23"`` is an error, never 123; an empty cell is *no observation*,
never zero.

>>> mapping = ColumnMapping(date="Day", metrics={"Reach": "reach", "Likes": "likes"},
...                         platform="instagram")
>>> [(o.metric, o.value) for o in mapping.observations({"Day": "2026-03-01", "Reach": "1,200",
...                                                      "Likes": ""}, source="demo")]
[('reach', 1200.0)]
>>> parse_number("1,23")
Traceback (most recent call last):
...
ValueError: '1,23' is not a number (thousands separator ',' and decimal separator '.')
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any, Final

import attrs

from socialgoals.errors import Problem, ValidationError, check
from socialgoals.model import SLUG_RE, Observation, Platform

__all__ = ["ColumnMapping", "RowError", "parse_number", "PRESETS", "preset"]

_MISSING_CELLS: Final = frozenset({"", "-", "--", "n/a", "N/A", "NA", "null", "None"})


class RowError(ValueError):
    """A cell cannot be read (the source adds the file and line).

    Attributes:
        column: the column to blame, if one is.
        reason: what is wrong.
    """

    def __init__(self, reason: str, column: str | None = None) -> None:
        self.column = column
        self.reason = reason
        super().__init__(reason)


def parse_number(text: str | float, *, decimal: str = ".", thousands: str = ",") -> float:
    """Read a number written with the given separators (a trailing ``%`` is allowed).

    >>> parse_number("1 234,5", decimal=",", thousands=" ")
    1234.5
    >>> parse_number("12.5%")
    12.5
    """
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a number")
    if isinstance(text, int | float):
        value = float(text)
    else:
        raw = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
        raw = raw.removesuffix("%").strip()
        sep = re.escape(thousands)
        dec = re.escape(decimal)
        grouped = rf"^[-+]?\d{{1,3}}(?:{sep}\d{{3}})+(?:{dec}\d+)?$" if thousands else None
        plain = rf"^[-+]?\d+(?:{dec}\d+)?$"
        if grouped and re.match(grouped, raw):
            raw = raw.replace(thousands, "")
        elif not re.match(plain, raw):
            raise ValueError(
                f"{text!r} is not a number (thousands separator {thousands!r} and "
                f"decimal separator {decimal!r})"
            )
        value = float(raw.replace(decimal, "."))
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def _parse_day(value: Any, fmt: str | None) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date")
    text = value.strip()
    if fmt is not None:
        return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - only the day is kept
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(f"{text!r} is not an ISO date (YYYY-MM-DD)") from None


@attrs.frozen
class ColumnMapping:
    """Where each part of an observation is found in a row.

    Attributes:
        date: the column with the day (a date, or a datetime whose day is kept:
            exports are in the account's timezone already).
        metrics: wide exports: ``{column: metric id}``; columns absent from a
            file are ignored unless listed in ``required``.
        metric_column: long exports: the column naming the metric.
        value_column: long exports: the column with the value.
        platform: a platform id for the whole file, or ``None`` with ``platform_column``.
        platform_column: the column naming the platform, per row.
        account: an account id for the whole file ("" when unknown).
        account_column: the column with the account id, per row.
        campaign_column: the column with the campaign id.
        post_column: the column with the post id.
        date_format: a :func:`~datetime.datetime.strptime` format; ISO when ``None``.
        decimal: the decimal separator of numbers.
        thousands: the thousands separator ("" when none).
        required: columns that must be present in the header.
    """

    date: str
    metrics: Mapping[str, str] = attrs.field(factory=dict)
    metric_column: str | None = None
    value_column: str | None = None
    platform: str | None = None
    platform_column: str | None = None
    account: str = ""
    account_column: str | None = None
    campaign_column: str | None = None
    post_column: str | None = None
    date_format: str | None = None
    decimal: str = "."
    thousands: str = ","
    required: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        long_form = self.metric_column is not None or self.value_column is not None
        if long_form and (self.metric_column is None or self.value_column is None):
            problems.append(
                Problem("value_column", self.value_column, "long form needs both metric and value")
            )
        if not long_form and not self.metrics:
            problems.append(
                Problem("metrics", dict(self.metrics), "map at least one column to a metric id")
            )
        problems.extend(
            Problem(f"metrics[{col!r}]", metric, "must be a metric id slug", code="bad_slug")
            for col, metric in self.metrics.items()
            if not isinstance(metric, str) or not SLUG_RE.match(metric)
        )
        if (self.platform is None) == (self.platform_column is None):
            problems.append(
                Problem("platform", self.platform, "give either platform or platform_column")
            )
        elif self.platform is not None:
            try:
                Platform.parse(self.platform)
            except ValidationError as exc:
                problems.extend(p.prefixed("platform") for p in exc.problems)
        if self.decimal == self.thousands:
            problems.append(Problem("thousands", self.thousands, "must differ from decimal"))
        check(problems)

    def columns(self) -> set[str]:
        """Every column this mapping may read."""
        cols = {self.date, *self.metrics}
        for col in (
            self.metric_column,
            self.value_column,
            self.platform_column,
            self.account_column,
            self.campaign_column,
            self.post_column,
        ):
            if col is not None:
                cols.add(col)
        return cols

    def missing_columns(self, header: list[str] | set[str]) -> list[str]:
        """The columns a file must have but does not, in a stable order."""
        present = set(header)
        needed = [self.date, *self.required]
        needed.extend(
            col
            for col in (
                self.metric_column,
                self.value_column,
                self.platform_column,
                self.account_column,
                self.campaign_column,
                self.post_column,
            )
            if col is not None
        )
        if self.metrics and not present & set(self.metrics):
            needed.append(" or ".join(sorted(self.metrics)))
        return [c for c in needed if c not in present]

    @property
    def metric_ids(self) -> frozenset[str]:
        """The metric ids a wide mapping produces (empty for long form)."""
        return frozenset(self.metrics.values())

    def _text(self, row: Mapping[str, Any], column: str | None, default: str = "") -> str:
        if column is None:
            return default
        value = row.get(column)
        return default if value is None else str(value).strip()

    def _value(self, row: Mapping[str, Any], column: str) -> float | None:
        cell = row.get(column)
        if cell is None or (isinstance(cell, str) and cell.strip() in _MISSING_CELLS):
            return None
        try:
            return parse_number(cell, decimal=self.decimal, thousands=self.thousands)
        except ValueError as exc:
            raise RowError(str(exc), column) from None

    def observations(self, row: Mapping[str, Any], *, source: str) -> Iterator[Observation]:
        """The observations of one row (none for empty cells).

        Raises:
            RowError: naming the column when a cell cannot be read.
        """
        try:
            day = _parse_day(row.get(self.date), self.date_format)
        except ValueError as exc:
            raise RowError(f"bad date: {exc}", self.date) from None
        plat_text = self.platform or self._text(row, self.platform_column)
        try:
            platform = Platform.parse(plat_text)
        except ValidationError:
            raise RowError(f"unknown platform {plat_text!r}", self.platform_column) from None
        common = {
            "platform": platform,
            "account": self._text(row, self.account_column, self.account),
            "campaign": self._text(row, self.campaign_column),
            "post": self._text(row, self.post_column),
            "source": source,
        }
        if self.metric_column is not None and self.value_column is not None:
            pairs = [(self._text(row, self.metric_column), self.value_column)]
        else:
            pairs = [(metric, col) for col, metric in self.metrics.items() if col in row]
        for metric, column in pairs:
            value = self._value(row, column)
            if value is None:
                continue
            try:
                yield Observation(date=day, metric=metric, value=value, **common)  # type: ignore[arg-type]
            except ValidationError as exc:
                raise RowError(exc.problems[0].render(), column) from None


def _meta_posts(platform: str) -> ColumnMapping:
    return ColumnMapping(
        date="Publish time",
        date_format="%m/%d/%Y %H:%M",
        platform=platform,
        account_column="Account ID",
        post_column="Post ID",
        required=("Post ID",),
        metrics={
            "Views": "views",
            "Impressions": "impressions",
            "Reach": "reach",
            "Reactions": "reactions",
            "Likes": "likes",
            "Comments": "comments",
            "Shares": "shares",
            "Saves": "saves",
            "Follows": "follows",
            "Total clicks": "clicks",
            "Link clicks": "link_clicks",
            "Other Clicks": "other_clicks",
        },
    )


PRESETS: Final[Mapping[str, ColumnMapping]] = {
    # Meta Business Suite > Insights > Content > Export (one row per post, lifetime totals).
    "meta_facebook_posts": _meta_posts("facebook"),
    "meta_instagram_posts": _meta_posts("instagram"),
    # Meta Ads Manager report exported with the "By day" breakdown (one row per
    # campaign and day); spend columns carry the account currency in their name.
    "meta_ads_daily": ColumnMapping(
        date="Reporting starts",
        platform="facebook",
        campaign_column="Campaign name",
        required=("Campaign name",),
        metrics={
            "Reach": "reach",
            "Impressions": "impressions",
            "Link clicks": "link_clicks",
            "Clicks (all)": "clicks",
            "Results": "results",
            "Leads": "leads",
            "Purchases": "purchases",
            **{f"Amount spent ({code})": "spend" for code in ("EUR", "USD", "GBP", "CAD", "CHF")},
        },
    ),
    # LinkedIn page analytics > Updates/Metrics sheet saved as CSV (one row per day).
    # Rates (engagement rate) are not imported: a rate is recomputed from its sums.
    "linkedin_page_metrics": ColumnMapping(
        date="Date",
        date_format="%m/%d/%Y",
        platform="linkedin",
        metrics={
            "Impressions (organic)": "impressions_organic",
            "Impressions (sponsored)": "impressions_paid",
            "Impressions (total)": "impressions",
            "Unique impressions (organic)": "unique_impressions",
            "Clicks (total)": "clicks",
            "Reactions (total)": "reactions",
            "Comments (total)": "comments",
            "Reposts (total)": "shares",
        },
    ),
    # LinkedIn page analytics > Followers, "New followers" sheet saved as CSV.
    "linkedin_followers": ColumnMapping(
        date="Date",
        date_format="%m/%d/%Y",
        platform="linkedin",
        metrics={
            "Organic followers": "followers_gained_organic",
            "Sponsored followers": "followers_gained_paid",
            "Total followers": "followers_gained",
        },
    ),
    # A tidy long file: date, platform, metric, value (+ optional ids).
    "long": ColumnMapping(
        date="date",
        platform_column="platform",
        metric_column="metric",
        value_column="value",
        account_column=None,
    ),
}
"""Ready-made mappings for common exports, by name."""


def preset(name: str, **changes: Any) -> ColumnMapping:
    """A preset mapping, with some attributes changed (``account=...``).

    >>> preset("meta_instagram_posts").platform
    'instagram'
    >>> preset("nope")
    Traceback (most recent call last):
    ...
    socialgoals.errors.ValidationError: preset: unknown preset (known: linkedin_followers, ...
    """
    if name not in PRESETS:
        raise ValidationError(
            f"unknown preset (known: {', '.join(sorted(PRESETS))})", path="preset", value=name
        )
    return attrs.evolve(PRESETS[name], **changes) if changes else PRESETS[name]
