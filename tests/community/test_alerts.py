"""Alerts: spikes by z-score and EWMA, keyword alerts, explanations, invariants."""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.community import Author, Message, MessageKind, Sentiment
from socialgoals.community.alerts import (
    AlertConfig,
    AlertSignal,
    KeywordAlert,
    SpikeMethod,
    SpikeRule,
    bucket_activity,
    detect_spikes,
)
from socialgoals.converters import structure, unstructure
from socialgoals.errors import ValidationError
from socialgoals.model import Platform
from socialgoals.testing.strategies._community_replies import alert_configs, spike_rules

T0 = datetime(2026, 3, 2, tzinfo=UTC)
HOUR = timedelta(hours=1)


def message(i: int, at: datetime, text: str = "hello") -> Message:
    return Message(
        id=f"m{i}",
        platform=Platform.FACEBOOK,
        kind=MessageKind.COMMENT,
        thread_id=f"t{i}",
        author=Author(id=f"u{i}"),
        text=text,
        received_at=at,
    )


def hourly(
    counts: list[int], negatives: list[int] | None = None
) -> tuple[list[Message], dict[str, Sentiment]]:
    messages: list[Message] = []
    sentiments: dict[str, Sentiment] = {}
    for hour, count in enumerate(counts):
        for k in range(count):
            msg = message(len(messages), T0 + hour * HOUR + timedelta(minutes=k % 60))
            if negatives is not None and k < negatives[hour]:
                sentiments[msg.id] = Sentiment.NEGATIVE
            messages.append(msg)
    return messages, sentiments


def test_volume_surge_is_detected_and_explained() -> None:
    counts = [10, 12, 11, 9, 10, 11, 10, 12, 40]
    messages, _ = hourly(counts)
    config = AlertConfig(spikes=(SpikeRule(id="surge", signal=AlertSignal.VOLUME, window=8),))
    (alert,) = config.evaluate(messages, start=T0, end=T0 + 9 * HOUR)
    assert alert.rule_id == "surge"
    assert alert.bucket_start == T0 + 8 * HOUR
    assert alert.value == 40
    assert alert.baseline_mean == pytest.approx(10.625)
    assert alert.spread == pytest.approx(1.0)  # std 0.99 floored at one message
    assert alert.threshold == pytest.approx(13.625)
    assert alert.window == 8
    text = alert.explain()
    assert "volume 40 > threshold 13.62" in text
    assert "baseline mean 10.62, spread 1" in text
    assert "zscore over the previous 8 buckets" in text


def test_negative_share_spike_with_ewma() -> None:
    counts = [20] * 10
    negatives = [2, 1, 2, 2, 1, 2, 2, 1, 2, 12]
    messages, sentiments = hourly(counts, negatives)
    rule = SpikeRule(
        id="neg",
        signal=AlertSignal.NEGATIVE_SHARE,
        method=SpikeMethod.EWMA,
        window=9,
        min_value=0.3,
    )
    alerts = AlertConfig(spikes=(rule,)).evaluate(
        messages, start=T0, end=T0 + 10 * HOUR, sentiments=sentiments
    )
    assert [(a.rule_id, a.value) for a in alerts] == [("neg", 0.6)]
    assert alerts[0].method is SpikeMethod.EWMA
    assert alerts[0].threshold == pytest.approx(alerts[0].baseline_mean + 3 * alerts[0].spread)


def test_min_value_ignores_tiny_counts() -> None:
    values = [0, 0, 0, 0, 4]
    rule = SpikeRule(id="v", signal=AlertSignal.VOLUME, window=4, min_value=5)
    assert detect_spikes(values, rule) == ()
    assert [i for i, _ in detect_spikes(values, attrs.evolve(rule, min_value=0))] == [4]


def test_keyword_alerts() -> None:
    messages = [
        message(0, T0 + timedelta(minutes=5), "Is there a RAPPEL on this?"),
        message(1, T0 + timedelta(minutes=7), "I heard about a recall"),
        message(2, T0 + timedelta(minutes=70), "great product"),
        message(3, T0 + timedelta(minutes=80), "recalling the old days"),  # not a whole word
    ]
    watch = KeywordAlert("recall", ("recall", "rappel"), min_count=2)
    (alert,) = AlertConfig(spikes=(), keywords=(watch,)).evaluate(
        messages, start=T0, end=T0 + 2 * HOUR
    )
    assert (alert.kind, alert.value, alert.terms) == ("keyword", 2.0, ("rappel", "recall"))
    assert alert.explain().startswith(
        "recall: 2 messages mention 'rappel', 'recall' in 2026-03-02T00:00"
    )


def test_buckets_cover_the_range_including_empty_ones() -> None:
    messages = [
        message(0, T0 - HOUR),
        message(1, T0 + 30 * timedelta(minutes=1)),
        message(2, T0 + 3 * HOUR),
    ]
    buckets = bucket_activity(messages, start=T0, end=T0 + 150 * timedelta(minutes=1), bucket=HOUR)
    assert [b.messages for b in buckets] == [1, 0, 0]
    assert buckets[-1].end == T0 + 150 * timedelta(minutes=1)
    assert buckets[0].value(AlertSignal.NEGATIVE_SHARE) == 0.0
    assert buckets[1].value(AlertSignal.NEGATIVE_SHARE) == 0.0  # empty bucket, not a division error


def test_bad_ranges_and_rules() -> None:
    with pytest.raises(ValidationError) as info:
        bucket_activity([], start=T0, end=T0, bucket=HOUR)
    assert info.value.paths == ["end"]
    with pytest.raises(ValidationError) as info:
        bucket_activity([], start=T0, end=T0 + HOUR, bucket=timedelta(0))
    assert info.value.paths == ["bucket"]
    with pytest.raises(ValidationError) as info:
        bucket_activity([], start=datetime(2026, 3, 2), end=T0, bucket=HOUR)
    assert info.value.paths == ["start"]
    with pytest.raises(ValidationError) as info:
        SpikeRule(
            id="Bad", signal=AlertSignal.VOLUME, window=2, threshold=0, alpha=1.5, min_spread=-1
        )
    assert info.value.paths == ["id", "window", "threshold", "alpha", "min_spread"]
    with pytest.raises(ValidationError):
        KeywordAlert("k", ())
    with pytest.raises(ValidationError, match="two alerts"):
        AlertConfig(
            spikes=(SpikeRule(id="a", signal=AlertSignal.VOLUME),),
            keywords=(KeywordAlert("a", ("x",)),),
        )


def test_plan_shape_loads_and_round_trips() -> None:
    data = {
        "bucket": "1h",
        "spikes": [
            {
                "id": "volume_surge",
                "signal": "volume",
                "method": "zscore",
                "window": 24,
                "threshold": 3.0,
                "min_value": 10,
            },
            {"id": "neg", "signal": "negative_share", "method": "ewma", "window": 12, "alpha": 0.2},
        ],
        "keywords": [{"id": "recall", "keywords": ["recall", "rappel", "lawsuit", "avocat"]}],
    }
    config = structure(data, AlertConfig)
    assert config.spikes[1].spread_floor == 0.05
    assert structure(json.loads(json.dumps(unstructure(config))), AlertConfig) == config
    assert AlertConfig() == structure(unstructure(AlertConfig()), AlertConfig)


# --------------------------------------------------------------------------- properties

SERIES = st.lists(st.integers(0, 200), min_size=0, max_size=40)


@given(SERIES, spike_rules())
def test_every_alert_is_above_its_explained_threshold(values: list[int], rule: SpikeRule) -> None:
    for i, stats in detect_spikes(values, rule):
        assert i >= rule.window
        assert stats.value == values[i]
        assert stats.value > stats.threshold
        assert stats.value >= rule.min_value
        assert stats.spread >= rule.spread_floor
        assert math.isclose(stats.threshold, stats.baseline_mean + rule.threshold * stats.spread)
        window = values[i - rule.window : i]
        assert min(window) - 1e-9 <= stats.baseline_mean <= max(window) + 1e-9


@given(st.integers(0, 200), st.integers(3, 40), spike_rules())
def test_a_flat_series_never_alerts(level: int, n: int, rule: SpikeRule) -> None:
    assert detect_spikes([level] * n, rule) == ()


@given(SERIES, spike_rules(), st.integers(1, 3))
def test_detection_is_invariant_to_scaling_by_powers_of_two(
    values: list[int], rule: SpikeRule, power: int
) -> None:
    # Multiplying every value, min_value and min_spread by 2**k is exact in
    # floating point, so the same buckets must alert.
    k = 2**power
    scaled = attrs.evolve(rule, min_value=rule.min_value * k, min_spread=rule.spread_floor * k)
    original = [i for i, _ in detect_spikes(values, rule)]
    assert [i for i, _ in detect_spikes([v * k for v in values], scaled)] == original


@given(SERIES, spike_rules(), st.integers(0, 5))
def test_detection_only_looks_back(values: list[int], rule: SpikeRule, extra: int) -> None:
    # Appending buckets never changes the alerts already raised.
    before = detect_spikes(values, rule)
    after = detect_spikes([*values, *([0] * extra)], rule)
    assert after[: len(before)] == before


@given(
    alert_configs(),
    st.lists(st.integers(0, 48 * 60), max_size=60),
    st.randoms(use_true_random=False),
)
def test_alerts_do_not_depend_on_message_order(
    config: AlertConfig, minutes: list[int], rnd: random.Random
) -> None:
    words = ["recall", "hello", "merci", "rappel", "thanks"]
    messages = [
        message(i, T0 + timedelta(minutes=m), words[i % len(words)]) for i, m in enumerate(minutes)
    ]
    sentiments = {m.id: Sentiment.NEGATIVE for m in messages[::3]}
    shuffled = list(messages)
    rnd.shuffle(shuffled)
    end = T0 + timedelta(hours=48)
    first = config.evaluate(messages, start=T0, end=end, sentiments=sentiments)
    assert config.evaluate(shuffled, start=T0, end=end, sentiments=sentiments) == first
