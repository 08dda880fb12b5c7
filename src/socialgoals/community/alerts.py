"""Reputation alerts: volume and negative-sentiment spikes, keyword alerts.

Messages are counted in fixed buckets (an hour by default) aligned on the
window's start. A :class:`SpikeRule` compares each bucket with the
``window`` buckets before it:

- ``zscore``: baseline mean and population standard deviation of the window;
- ``ewma``: exponentially weighted mean and standard deviation of the window
  (weight ``alpha * (1 - alpha) ** age``, the newest bucket has age 0).

The threshold is ``mean + threshold * max(spread, min_spread)``; a bucket
alerts when its value is *above* the threshold and at least ``min_value``.
``min_spread`` keeps a flat baseline (spread 0) from alerting on the first
extra message. Every :class:`Alert` carries the value, baseline mean,
spread, threshold and window, and explains itself in one sentence.

Everything is deterministic: no clock, no randomness; the same messages in
any order give the same alerts.

Plan shape (TOML)::

    [community.alerts]
    bucket = "1h"

    [[community.alerts.spikes]]
    id = "volume_surge"
    signal = "volume"          # volume | negative | negative_share
    method = "zscore"          # zscore | ewma
    window = 24                # baseline buckets
    threshold = 3.0            # spreads above the baseline mean
    min_value = 10             # ignore tiny counts

    [[community.alerts.keywords]]
    id = "recall"
    keywords = ["recall", "rappel", "lawsuit", "avocat"]

>>> values = [10, 12, 11, 9, 10, 11, 10, 40]
>>> [(i, round(s.threshold, 2)) for i, s in detect_spikes(values, SpikeRule(
...     id="v", signal=AlertSignal.VOLUME, window=6, min_value=0))]
[(7, 13.5)]
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Final

import attrs

from socialgoals.community._lexicon import Lexicon
from socialgoals.community.messages import Message, Sentiment
from socialgoals.errors import Problem, ValidationError, check
from socialgoals.model import SLUG_RE, require_aware

__all__ = [
    "AlertSignal",
    "SpikeMethod",
    "SpikeRule",
    "KeywordAlert",
    "AlertConfig",
    "ActivityBucket",
    "SpikeStats",
    "Alert",
    "bucket_activity",
    "detect_spikes",
]


class AlertSignal(enum.Enum):
    """What a spike rule watches, per bucket."""

    VOLUME = "volume"
    """The number of messages."""
    NEGATIVE = "negative"
    """The number of negative messages."""
    NEGATIVE_SHARE = "negative_share"
    """Negative messages / messages (0 for an empty bucket)."""


class SpikeMethod(enum.Enum):
    """How the baseline of a spike rule is computed."""

    ZSCORE = "zscore"
    EWMA = "ewma"


_DEFAULT_MIN_SPREAD: Final = {
    AlertSignal.VOLUME: 1.0,
    AlertSignal.NEGATIVE: 1.0,
    AlertSignal.NEGATIVE_SHARE: 0.05,
}


def _slug(path: str, value: object) -> list[Problem]:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        return [Problem(path, value, "must be a slug such as 'volume_surge'", code="bad_slug")]
    return []


@attrs.frozen
class SpikeRule:
    """Alert when a bucket's signal rises far above its recent baseline.

    Attributes:
        id: a slug.
        signal: volume, negative count or negative share.
        method: zscore (plain window) or ewma (recent buckets weigh more).
        window: how many previous buckets form the baseline (>= 3).
        threshold: how many spreads above the baseline mean alert (> 0).
        min_value: the value must also reach this (ignore tiny counts).
        min_spread: the smallest spread used (defaults: 1 message for
            counts, 0.05 for the negative share).
        alpha: the EWMA smoothing factor, in (0, 1].
    """

    id: str
    signal: AlertSignal
    method: SpikeMethod = SpikeMethod.ZSCORE
    window: int = 24
    threshold: float = 3.0
    min_value: float = 5.0
    min_spread: float | None = None
    alpha: float = 0.3

    def __attrs_post_init__(self) -> None:
        problems = _slug("id", self.id)
        if isinstance(self.window, bool) or not isinstance(self.window, int) or self.window < 3:
            problems.append(Problem("window", self.window, "must be a whole number >= 3"))
        checks = (
            ("threshold", self.threshold, self.threshold > 0, "must be > 0"),
            ("min_value", self.min_value, self.min_value >= 0, "must be >= 0"),
            ("alpha", self.alpha, 0 < self.alpha <= 1, "must be in (0, 1]"),
        )
        problems.extend(
            Problem(path, value, msg)
            for path, value, ok, msg in checks
            if not (math.isfinite(value) and ok)
        )
        if self.min_spread is not None and not (
            math.isfinite(self.min_spread) and self.min_spread >= 0
        ):
            problems.append(Problem("min_spread", self.min_spread, "must be >= 0"))
        check(problems)

    @property
    def spread_floor(self) -> float:
        """The ``min_spread`` in force."""
        return _DEFAULT_MIN_SPREAD[self.signal] if self.min_spread is None else self.min_spread


@attrs.frozen
class KeywordAlert:
    """Alert when messages of one bucket mention watched words.

    Attributes:
        id: a slug.
        keywords: words or phrases (EN/FR, accent- and case-insensitive, whole words).
        min_count: how many mentioning messages in one bucket alert (>= 1).
    """

    id: str
    keywords: tuple[str, ...]
    min_count: int = 1
    _lexicon: Lexicon = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = _slug("id", self.id)
        if not self.keywords or not all(isinstance(k, str) and k.strip() for k in self.keywords):
            problems.append(Problem("keywords", self.keywords, "must be non-empty strings"))
        if isinstance(self.min_count, bool) or not (
            isinstance(self.min_count, int) and self.min_count >= 1
        ):
            problems.append(Problem("min_count", self.min_count, "must be a whole number >= 1"))
        check(problems)
        object.__setattr__(self, "_lexicon", Lexicon(self.keywords))

    def terms_in(self, text: str) -> tuple[str, ...]:
        """The watched terms ``text`` mentions."""
        return self._lexicon.find(text)


@attrs.frozen
class ActivityBucket:
    """The messages of one bucket.

    Attributes:
        start: the bucket's start (inclusive).
        end: the bucket's end (exclusive).
        messages: how many messages arrived.
        negative: how many of them were negative.
        texts: their texts, in arrival order (for keyword alerts).
    """

    start: datetime
    end: datetime
    messages: int = 0
    negative: int = 0
    texts: tuple[str, ...] = ()

    def value(self, signal: AlertSignal) -> float:
        """The bucket's value for ``signal``."""
        if signal is AlertSignal.VOLUME:
            return float(self.messages)
        if signal is AlertSignal.NEGATIVE:
            return float(self.negative)
        return self.negative / self.messages if self.messages else 0.0


def bucket_activity(
    messages: Iterable[Message],
    *,
    start: datetime,
    end: datetime,
    bucket: timedelta,
    sentiments: Mapping[str, Sentiment] | None = None,
) -> tuple[ActivityBucket, ...]:
    """Count messages per bucket over ``[start, end)``; empty buckets included.

    Args:
        messages: the messages, in any order (those outside the range are ignored).
        start: the first bucket's start (timezone-aware).
        end: the range's end (timezone-aware, after ``start``).
        bucket: the bucket size (> 0).
        sentiments: the sentiment per message id, when classified.
    """
    problems: list[Problem] = []
    for path, when in (("start", start), ("end", end)):
        try:
            require_aware(when, path)
        except ValidationError as exc:
            problems.extend(exc.problems)
    if bucket <= timedelta(0):
        problems.append(Problem("bucket", bucket, "must be a positive duration"))
    if not problems and end <= start:
        problems.append(Problem("end", end.isoformat(), f"must be after start {start.isoformat()}"))
    check(problems)
    count = math.ceil((end - start) / bucket)
    totals = [0] * count
    negatives = [0] * count
    texts: list[list[tuple[datetime, str, str]]] = [[] for _ in range(count)]
    found = sentiments or {}
    for msg in messages:
        if not start <= msg.received_at < end:
            continue
        i = (msg.received_at - start) // bucket
        totals[i] += 1
        negatives[i] += found.get(msg.id) is Sentiment.NEGATIVE
        texts[i].append((msg.received_at, msg.id, msg.text))
    return tuple(
        ActivityBucket(
            start=start + i * bucket,
            end=min(start + (i + 1) * bucket, end),
            messages=totals[i],
            negative=negatives[i],
            texts=tuple(t for _, _, t in sorted(texts[i])),
        )
        for i in range(count)
    )


@attrs.frozen
class SpikeStats:
    """The numbers behind one spike decision."""

    value: float
    baseline_mean: float
    spread: float
    threshold: float


def _baseline(window: Sequence[float], rule: SpikeRule) -> tuple[float, float]:
    if rule.method is SpikeMethod.ZSCORE:
        mean = math.fsum(window) / len(window)
        var = math.fsum((x - mean) ** 2 for x in window) / len(window)
        return mean, math.sqrt(var)
    ages = range(len(window) - 1, -1, -1)
    weights = [rule.alpha * (1 - rule.alpha) ** age for age in ages]
    total = math.fsum(weights)
    mean = math.fsum(w * x for w, x in zip(weights, window, strict=True)) / total
    var = math.fsum(w * (x - mean) ** 2 for w, x in zip(weights, window, strict=True)) / total
    return mean, math.sqrt(var)


def detect_spikes(values: Sequence[float], rule: SpikeRule) -> tuple[tuple[int, SpikeStats], ...]:
    """The indices of ``values`` that spike under ``rule``, with their numbers.

    The first ``rule.window`` values only form the baseline and never alert.
    """
    found: list[tuple[int, SpikeStats]] = []
    for i in range(rule.window, len(values)):
        mean, spread = _baseline(values[i - rule.window : i], rule)
        used = max(spread, rule.spread_floor)
        threshold = mean + rule.threshold * used
        value = values[i]
        if value > threshold and value >= rule.min_value:
            found.append((i, SpikeStats(value, mean, used, threshold)))
    return tuple(found)


@attrs.frozen
class Alert:
    """One alert, with the numbers that explain it.

    Attributes:
        rule_id: the spike rule or keyword alert.
        kind: ``volume``, ``negative``, ``negative_share`` or ``keyword``.
        bucket_start: the bucket's start.
        bucket_end: the bucket's end.
        value: the bucket's value (messages, negatives, share, or mentions).
        threshold: the value it had to exceed (spikes) or reach (keywords).
        baseline_mean: the baseline mean (spikes only).
        spread: the spread used, after the ``min_spread`` floor (spikes only).
        window: the baseline window in buckets (spikes only).
        method: zscore or ewma (spikes only).
        terms: the watched terms found (keywords only).
    """

    rule_id: str
    kind: str
    bucket_start: datetime
    bucket_end: datetime
    value: float
    threshold: float
    baseline_mean: float | None = None
    spread: float | None = None
    window: int | None = None
    method: SpikeMethod | None = None
    terms: tuple[str, ...] = ()

    def explain(self) -> str:
        """One sentence: what crossed which threshold, and how it was computed."""
        when = f"{self.bucket_start.isoformat()}..{self.bucket_end.isoformat()}"
        if self.kind == "keyword":
            words = ", ".join(repr(t) for t in self.terms)
            return (
                f"{self.rule_id}: {self.value:g} messages mention {words} in {when} "
                f"(alert at {self.threshold:g} or more)"
            )
        method = self.method.value if self.method else "?"
        return (
            f"{self.rule_id}: {self.kind} {self.value:.4g} > threshold {self.threshold:.4g} "
            f"in {when} (baseline mean {self.baseline_mean:.4g}, spread {self.spread:.4g}, "
            f"{method} over the previous {self.window} buckets)"
        )


def _default_spikes() -> tuple[SpikeRule, ...]:
    return (
        SpikeRule(id="volume_surge", signal=AlertSignal.VOLUME),
        SpikeRule(
            id="negative_spike",
            signal=AlertSignal.NEGATIVE_SHARE,
            method=SpikeMethod.EWMA,
            min_value=0.3,
        ),
    )


@attrs.frozen
class AlertConfig:
    """The plan's reputation alerts.

    Attributes:
        bucket: the bucket size (one hour by default).
        spikes: spike rules (a volume surge and a negative-share spike by default).
        keywords: keyword alerts.
    """

    bucket: timedelta = timedelta(hours=1)
    spikes: tuple[SpikeRule, ...] = attrs.field(factory=_default_spikes)
    keywords: tuple[KeywordAlert, ...] = ()

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if self.bucket <= timedelta(0):
            problems.append(Problem("bucket", self.bucket, "must be a positive duration"))
        ids = [r.id for r in self.spikes] + [k.id for k in self.keywords]
        problems.extend(
            Problem("", rid, "is used by two alerts", code="duplicate_id")
            for i, rid in enumerate(ids)
            if rid in ids[:i]
        )
        check(problems)

    def evaluate(
        self,
        messages: Iterable[Message],
        *,
        start: datetime,
        end: datetime,
        sentiments: Mapping[str, Sentiment] | None = None,
    ) -> tuple[Alert, ...]:
        """Every alert over ``[start, end)``, by bucket then rule order.

        Spike rules need ``window`` earlier buckets: start the range that much
        before the period you want alerts for.
        """
        buckets = bucket_activity(
            messages, start=start, end=end, bucket=self.bucket, sentiments=sentiments
        )
        found: list[tuple[int, int, Alert]] = []
        for order, rule in enumerate(self.spikes):
            series = [b.value(rule.signal) for b in buckets]
            for i, stats in detect_spikes(series, rule):
                alert = Alert(
                    rule_id=rule.id,
                    kind=rule.signal.value,
                    bucket_start=buckets[i].start,
                    bucket_end=buckets[i].end,
                    value=stats.value,
                    threshold=stats.threshold,
                    baseline_mean=stats.baseline_mean,
                    spread=stats.spread,
                    window=rule.window,
                    method=rule.method,
                )
                found.append((i, order, alert))
        for order, watch in enumerate(self.keywords, start=len(self.spikes)):
            for i, b in enumerate(buckets):
                hits = [watch.terms_in(t) for t in b.texts]
                mentions = sum(1 for h in hits if h)
                if mentions >= watch.min_count:
                    terms = tuple(dict.fromkeys(t for h in hits for t in h))
                    alert = Alert(
                        rule_id=watch.id,
                        kind="keyword",
                        bucket_start=b.start,
                        bucket_end=b.end,
                        value=float(mentions),
                        threshold=float(watch.min_count),
                        terms=terms,
                    )
                    found.append((i, order, alert))
        return tuple(a for _, _, a in sorted(found, key=lambda f: (f[0], f[1])))
