"""The shared vocabulary: platforms, funnel stages, categories, periods, observations.

Everything here is a frozen attrs class or an enum, validated on construction,
with no I/O and no clock reads. Higher layers build on these words.

>>> Platform.parse("Twitter")
Platform('x')
>>> Period.containing(date(2026, 3, 18), PeriodKind.ISO_WEEK).label
'2026-W12'
>>> ObjectiveCategory.LEAD_GENERATION.default_stage
<FunnelStage.CONVERSION: 'conversion'>
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import ClassVar, Final

import attrs

from socialgoals.errors import NaiveDatetimeError, Problem, ValidationError, check

__all__ = [
    "require_aware",
    "Platform",
    "FunnelStage",
    "ObjectiveCategory",
    "Indicator",
    "Direction",
    "Cadence",
    "Owner",
    "DataSourceKind",
    "DataSource",
    "PeriodKind",
    "Period",
    "Observation",
    "SLUG_RE",
]

SLUG_RE: Final = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
"""What ids look like: lowercase letters, digits, ``_ . -``, starting alphanumeric."""


def require_aware(value: datetime, path: str = "") -> datetime:
    """Return ``value`` if it is timezone-aware, else raise :class:`NaiveDatetimeError`.

    >>> require_aware(datetime(2026, 1, 1), "start")
    Traceback (most recent call last):
    ...
    socialgoals.errors.NaiveDatetimeError: start: must be timezone-aware ...
    """
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise NaiveDatetimeError(
            "must be timezone-aware (add an offset such as +00:00 or Z)",
            path=path,
            value=value,
        )
    return value


# --------------------------------------------------------------------------- platforms


@attrs.frozen(repr=False, order=True)
class Platform:
    """A social platform, known or custom.

    The seven platforms of the domain are class constants; any other platform
    can be named (``Platform("mastodon")``). ``Platform.parse`` accepts labels
    and aliases ("Twitter" -> ``x``).

    Attributes:
        id: a lowercase slug.
    """

    id: str

    FACEBOOK: ClassVar[Platform]
    INSTAGRAM: ClassVar[Platform]
    LINKEDIN: ClassVar[Platform]
    X: ClassVar[Platform]
    TIKTOK: ClassVar[Platform]
    PINTEREST: ClassVar[Platform]
    YOUTUBE: ClassVar[Platform]

    _LABELS: ClassVar[dict[str, str]] = {
        "facebook": "Facebook",
        "instagram": "Instagram",
        "linkedin": "LinkedIn",
        "x": "X (Twitter)",
        "tiktok": "TikTok",
        "pinterest": "Pinterest",
        "youtube": "YouTube",
    }
    _ALIASES: ClassVar[dict[str, str]] = {
        "twitter": "x",
        "x (twitter)": "x",
        "fb": "facebook",
        "ig": "instagram",
        "insta": "instagram",
        "yt": "youtube",
        "tik tok": "tiktok",
    }

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.id, str) or not SLUG_RE.match(self.id):
            raise ValidationError(
                "must be a lowercase slug such as 'instagram' (letters, digits, _ . -)",
                path="platform",
                value=self.id,
                code="bad_slug",
            )

    @classmethod
    def parse(cls, text: str) -> Platform:
        """Build a platform from a label, id or alias, case-insensitively."""
        key = text.strip().lower()
        return cls(cls._ALIASES.get(key, key))

    @classmethod
    def known(cls) -> tuple[Platform, ...]:
        """The seven platforms the domain describes, in a stable order."""
        return tuple(cls(k) for k in cls._LABELS)

    @property
    def is_known(self) -> bool:
        """Whether this is one of :meth:`known`."""
        return self.id in self._LABELS

    @property
    def label(self) -> str:
        """A display name ("LinkedIn"); custom platforms are title-cased."""
        return self._LABELS.get(self.id, self.id.replace("_", " ").title())

    def __str__(self) -> str:
        return self.id

    def __repr__(self) -> str:
        return f"Platform({self.id!r})"


Platform.FACEBOOK = Platform("facebook")
Platform.INSTAGRAM = Platform("instagram")
Platform.LINKEDIN = Platform("linkedin")
Platform.X = Platform("x")
Platform.TIKTOK = Platform("tiktok")
Platform.PINTEREST = Platform("pinterest")
Platform.YOUTUBE = Platform("youtube")


# --------------------------------------------------------------------------- enums


class FunnelStage(enum.Enum):
    """Where in the funnel an objective or KPI sits, top to bottom."""

    AWARENESS = "awareness"
    ENGAGEMENT = "engagement"
    """Also called consideration."""
    CONVERSION = "conversion"
    RETENTION = "retention"

    @property
    def rank(self) -> int:
        """0 for awareness ... 3 for retention."""
        return list(FunnelStage).index(self)


class ObjectiveCategory(enum.Enum):
    """What kind of outcome an objective pursues (DOMAIN.md section 2)."""

    AWARENESS = "awareness"
    ENGAGEMENT = "engagement"
    CONVERSION = "conversion"
    LEAD_GENERATION = "lead_generation"
    TRAFFIC = "traffic"
    LOYALTY = "loyalty"
    CUSTOMER_SERVICE = "customer_service"
    RECRUITMENT = "recruitment"
    SOCIAL_LISTENING = "social_listening"
    INTERNAL_COMMUNICATION = "internal_communication"
    FEEDBACK_COLLECTION = "feedback_collection"
    OTHER = "other"

    @property
    def default_stage(self) -> FunnelStage:
        """The funnel stage objectives of this category usually serve."""
        return _CATEGORY_STAGE[self]

    @property
    def stages(self) -> frozenset[FunnelStage]:
        """Every funnel stage that fits this category."""
        return _CATEGORY_STAGES[self]


_CATEGORY_STAGE: Final = {
    ObjectiveCategory.AWARENESS: FunnelStage.AWARENESS,
    ObjectiveCategory.ENGAGEMENT: FunnelStage.ENGAGEMENT,
    ObjectiveCategory.CONVERSION: FunnelStage.CONVERSION,
    ObjectiveCategory.LEAD_GENERATION: FunnelStage.CONVERSION,
    ObjectiveCategory.TRAFFIC: FunnelStage.ENGAGEMENT,
    ObjectiveCategory.LOYALTY: FunnelStage.RETENTION,
    ObjectiveCategory.CUSTOMER_SERVICE: FunnelStage.RETENTION,
    ObjectiveCategory.RECRUITMENT: FunnelStage.CONVERSION,
    ObjectiveCategory.SOCIAL_LISTENING: FunnelStage.AWARENESS,
    ObjectiveCategory.INTERNAL_COMMUNICATION: FunnelStage.ENGAGEMENT,
    ObjectiveCategory.FEEDBACK_COLLECTION: FunnelStage.RETENTION,
    ObjectiveCategory.OTHER: FunnelStage.AWARENESS,
}
_ALL_STAGES: Final = frozenset(FunnelStage)
_CATEGORY_STAGES: Final = {
    ObjectiveCategory.AWARENESS: frozenset({FunnelStage.AWARENESS}),
    ObjectiveCategory.ENGAGEMENT: frozenset({FunnelStage.ENGAGEMENT, FunnelStage.RETENTION}),
    ObjectiveCategory.CONVERSION: frozenset({FunnelStage.CONVERSION}),
    ObjectiveCategory.LEAD_GENERATION: frozenset({FunnelStage.CONVERSION}),
    ObjectiveCategory.TRAFFIC: frozenset({FunnelStage.ENGAGEMENT, FunnelStage.CONVERSION}),
    ObjectiveCategory.LOYALTY: frozenset({FunnelStage.RETENTION}),
    ObjectiveCategory.CUSTOMER_SERVICE: frozenset({FunnelStage.RETENTION}),
    ObjectiveCategory.RECRUITMENT: frozenset({FunnelStage.CONVERSION, FunnelStage.AWARENESS}),
    ObjectiveCategory.SOCIAL_LISTENING: frozenset({FunnelStage.AWARENESS}),
    ObjectiveCategory.INTERNAL_COMMUNICATION: _ALL_STAGES,
    ObjectiveCategory.FEEDBACK_COLLECTION: frozenset(
        {FunnelStage.RETENTION, FunnelStage.ENGAGEMENT}
    ),
    ObjectiveCategory.OTHER: _ALL_STAGES,
}


class Indicator(enum.Enum):
    """Whether a KPI moves before the outcome (leading) or measures it (lagging)."""

    LEADING = "leading"
    """Moves early and predicts the outcome (CTR, engagement rate...)."""
    LAGGING = "lagging"
    """Measures the outcome itself, once it happened (conversions, revenue...)."""


class Direction(enum.Enum):
    """Which way a KPI must move for an objective to succeed."""

    INCREASE = "increase"
    DECREASE = "decrease"
    STAY_WITHIN = "stay_within"
    """Keep the value within bounds (CPA < 8 EUR, CSAT > 90%)."""


class Cadence(enum.Enum):
    """How often a KPI is looked at."""

    HOURLY = "hourly"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"

    @property
    def approx_days(self) -> float:
        """The cadence's length in days (a month is 30.44 days)."""
        return _CADENCE_DAYS[self]


_CADENCE_DAYS: Final = {
    Cadence.HOURLY: 1 / 24,
    Cadence.DAILY: 1.0,
    Cadence.WEEKLY: 7.0,
    Cadence.MONTHLY: 30.44,
    Cadence.QUARTERLY: 91.31,
}


def _non_empty(path: str, value: str) -> Iterator[Problem]:
    if not isinstance(value, str) or not value.strip():
        yield Problem(path, value, "must be a non-empty string", code="empty")


@attrs.frozen
class Owner:
    """Who is accountable: a role, and optionally a named person.

    >>> Owner("growth lead", person="Ana")
    Owner(role='growth lead', person='Ana')
    """

    role: str
    person: str | None = None

    def __attrs_post_init__(self) -> None:
        check(_non_empty("role", self.role))

    def __str__(self) -> str:
        return f"{self.role} ({self.person})" if self.person else self.role


class DataSourceKind(enum.Enum):
    """Where a KPI's numbers come from."""

    PLATFORM_ANALYTICS = "platform_analytics"
    CRM = "crm"
    UTM_FORMS = "utm_forms"
    WEB_ANALYTICS = "web_analytics"
    CONVERSATION_LOGS = "conversation_logs"
    INBOX_REPORTS = "inbox_reports"
    SURVEY = "survey"
    FOLLOWER_LISTS = "follower_lists"
    MANUAL = "manual"
    OTHER = "other"


@attrs.frozen
class DataSource:
    """A data source for a KPI: its kind and, optionally, a name and details.

    >>> DataSource(DataSourceKind.CRM, name="HubSpot")
    DataSource(kind=<DataSourceKind.CRM: 'crm'>, name='HubSpot', details=None)
    """

    kind: DataSourceKind
    name: str | None = None
    details: str | None = None


# --------------------------------------------------------------------------- periods


class PeriodKind(enum.Enum):
    """Calendar granularities for rollups and reports."""

    DAY = "day"
    ISO_WEEK = "iso_week"
    MONTH = "month"
    QUARTER = "quarter"


_LABEL_RE: Final = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?|-W(?P<w>\d{2})|-Q(?P<q>[1-4]))?$"
)


@attrs.frozen(order=True)
class Period:
    """A calendar period: a day, an ISO week, a month or a quarter.

    Periods are dates, not instants: which period an instant falls in depends
    on a timezone, so :meth:`of_instant` takes one.

    Attributes:
        kind: the granularity.
        start: the first day of the period.

    >>> p = Period.parse("2026-Q1")
    >>> (p.start, p.end, p.days)
    (datetime.date(2026, 1, 1), datetime.date(2026, 4, 1), 90)
    >>> p.next().label
    '2026-Q2'
    """

    kind: PeriodKind
    start: date

    def __attrs_post_init__(self) -> None:
        if Period.containing(self.start, self.kind).start != self.start:
            raise ValidationError(
                f"is not the first day of a {self.kind.value} period",
                path="start",
                value=self.start,
                code="bad_period_start",
            )

    @staticmethod
    def containing(day: date, kind: PeriodKind) -> Period:
        """The period of ``kind`` that contains ``day``."""
        if isinstance(day, datetime):
            day = day.date()
        if kind is PeriodKind.DAY:
            start = day
        elif kind is PeriodKind.ISO_WEEK:
            start = day - timedelta(days=day.weekday())
        elif kind is PeriodKind.MONTH:
            start = day.replace(day=1)
        else:
            start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        p = object.__new__(Period)
        object.__setattr__(p, "kind", kind)
        object.__setattr__(p, "start", start)
        return p

    @staticmethod
    def of_instant(instant: datetime, kind: PeriodKind, tz: object) -> Period:
        """The period that contains an aware ``instant`` seen in timezone ``tz``."""
        from datetime import tzinfo  # noqa: PLC0415 - tiny, keeps the signature loose

        if not isinstance(tz, tzinfo):
            raise ValidationError("must be a tzinfo", path="tz", value=tz)
        return Period.containing(require_aware(instant, "instant").astimezone(tz).date(), kind)

    @staticmethod
    def parse(label: str) -> Period:
        """Parse ``2026-03-18``, ``2026-W12``, ``2026-03`` or ``2026-Q1``."""
        m = _LABEL_RE.match(label.strip()) if isinstance(label, str) else None
        if m is None or not (m["m"] or m["w"] or m["q"]):
            raise ValidationError(
                "is not a period label (2026-03-18, 2026-W12, 2026-03 or 2026-Q1)",
                path="period",
                value=label,
                code="bad_period",
            )
        year = int(m["y"])
        try:
            if m["w"]:
                return Period(PeriodKind.ISO_WEEK, date.fromisocalendar(year, int(m["w"]), 1))
            if m["q"]:
                return Period(PeriodKind.QUARTER, date(year, 3 * int(m["q"]) - 2, 1))
            if m["d"]:
                return Period(PeriodKind.DAY, date(year, int(m["m"]), int(m["d"])))
            return Period(PeriodKind.MONTH, date(year, int(m["m"]), 1))
        except ValueError as exc:
            raise ValidationError(
                f"is not a valid period ({exc})", path="period", value=label, code="bad_period"
            ) from None

    @property
    def end(self) -> date:
        """The first day after the period (exclusive end)."""
        if self.kind is PeriodKind.DAY:
            return self.start + timedelta(days=1)
        if self.kind is PeriodKind.ISO_WEEK:
            return self.start + timedelta(days=7)
        months = 1 if self.kind is PeriodKind.MONTH else 3
        month0 = self.start.month - 1 + months
        return date(self.start.year + month0 // 12, month0 % 12 + 1, 1)

    @property
    def days(self) -> int:
        """How many days the period has."""
        return (self.end - self.start).days

    @property
    def label(self) -> str:
        """A stable label: ``2026-03-18``, ``2026-W12``, ``2026-03``, ``2026-Q1``."""
        s = self.start
        if self.kind is PeriodKind.DAY:
            return s.isoformat()
        if self.kind is PeriodKind.ISO_WEEK:
            y, w, _ = s.isocalendar()
            return f"{y}-W{w:02d}"
        if self.kind is PeriodKind.MONTH:
            return f"{s.year}-{s.month:02d}"
        return f"{s.year}-Q{(s.month - 1) // 3 + 1}"

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in this period."""
        return self.start <= day < self.end

    def next(self) -> Period:
        """The period right after this one."""
        return Period.containing(self.end, self.kind)

    def previous(self) -> Period:
        """The period right before this one."""
        return Period.containing(self.start - timedelta(days=1), self.kind)

    def __str__(self) -> str:
        return self.label


# --------------------------------------------------------------------------- observations


@attrs.frozen
class Observation:
    """One measured value, in the long form every source produces.

    Attributes:
        date: the day the value belongs to, in the account's timezone.
        platform: where it was measured.
        metric: the metric id (``impressions``, ``likes``, ``spend``...).
        value: a finite number; missing data is *no observation*, not zero.
        account: the account or page id ("" when not applicable).
        campaign: the campaign id ("" when organic or unknown).
        post: the post id ("" for account-level metrics).
        source: the source that produced the row (for idempotent re-imports).

    >>> Observation(date(2026, 3, 1), Platform.INSTAGRAM, "reach", 1200.0).value
    1200.0
    """

    date: date
    platform: Platform
    metric: str
    value: float
    account: str = ""
    campaign: str = ""
    post: str = ""
    source: str = ""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if isinstance(self.date, datetime) or not isinstance(self.date, date):
            problems.append(Problem("date", self.date, "must be a date (no time part)"))
        if not isinstance(self.metric, str) or not SLUG_RE.match(self.metric):
            problems.append(Problem("metric", self.metric, "must be a metric id slug"))
        if (
            isinstance(self.value, bool)
            or not isinstance(self.value, int | float)
            or not math.isfinite(self.value)
        ):
            problems.append(Problem("value", self.value, "must be a finite number"))
        check(problems)

    @property
    def natural_key(self) -> tuple[str, str, str, str, str, str]:
        """What identifies this row within its source (for idempotent upserts)."""
        return (
            self.date.isoformat(),
            self.platform.id,
            self.account,
            self.campaign,
            self.post,
            self.metric,
        )
