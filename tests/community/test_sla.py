"""SLA thresholds, due times, statuses and conversation clocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.community.hours import BusinessHours
from socialgoals.community.messages import (
    Author,
    Conversation,
    ConversationState,
    Intent,
    Message,
    MessageKind,
)
from socialgoals.community.sla import (
    DEFAULT_SLAS,
    SLA,
    DueTimes,
    SLAPolicy,
    SLAState,
    default_sla,
)
from socialgoals.converters import structure, unstructure
from socialgoals.errors import ValidationError
from socialgoals.model import Platform
from socialgoals.testing.strategies._community_sla import business_hours, instants_near, slas

HOURS = BusinessHours.on_days(
    ["mon", "tue", "wed", "thu", "fri"], ["09:00-12:00", "13:00-18:00"], timezone="UTC"
)
SUPPORT = SLA(
    "support",
    first_response=timedelta(hours=4),
    next_response=timedelta(hours=2),
    resolution=timedelta(hours=16),
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """March 2026: the 2nd is a Monday, the 7th a Saturday."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def test_due_times_count_business_time_and_start_at_the_next_opening() -> None:
    due = SUPPORT.due_times(at(7, 10), HOURS)  # Saturday
    assert due == DueTimes(first_response=at(9, 14), resolution=at(10, 18))
    assert due.respond_by == at(9, 14)
    follow = SUPPORT.due_times(at(9, 11), HOURS, follow_up=True, opened_at=at(2, 9))
    assert follow == DueTimes(next_response=at(9, 14), resolution=at(3, 18))
    assert follow.respond_by == at(9, 14)


def test_without_hours_due_times_are_wall_clock() -> None:
    assert SUPPORT.due(SLAPolicy.FIRST_RESPONSE, at(7, 10)) == at(7, 14)
    leads = SLA("leads", first_response=timedelta(minutes=15))
    assert leads.due(SLAPolicy.RESOLUTION, at(7, 10), HOURS) is None
    assert leads.due_times(at(7, 10)) == DueTimes(first_response=at(7, 10, 15))


def test_status_active_hit_and_missed() -> None:
    start = at(2, 9)  # due at 14:00 (lunch 12-13 not counted)
    active = SUPPORT.status(SLAPolicy.FIRST_RESPONSE, start, now=at(2, 11), hours=HOURS)
    assert active.state is SLAState.ACTIVE
    assert active.missed_at is None
    assert active.business_remaining == timedelta(hours=2)
    assert active.due_at == at(2, 14)

    hit = SUPPORT.status(
        SLAPolicy.FIRST_RESPONSE, start, now=at(3, 9), completed_at=at(2, 14), hours=HOURS
    )
    assert hit.state is SLAState.HIT  # exactly at the due time is in time
    assert hit.business_elapsed == timedelta(hours=4)
    assert hit.wall_elapsed == timedelta(hours=5)
    assert hit.business_remaining == timedelta(0)

    late = SUPPORT.status(
        SLAPolicy.FIRST_RESPONSE, start, now=at(3, 9), completed_at=at(2, 14, 1), hours=HOURS
    )
    assert late.state is SLAState.MISSED
    assert late.missed_at == at(2, 14)
    assert late.is_breached

    running = SUPPORT.status(SLAPolicy.FIRST_RESPONSE, start, now=at(2, 17), hours=HOURS)
    assert running.state is SLAState.MISSED
    assert running.missed_at == at(2, 14)
    assert running.completed_at is None
    assert running.business_elapsed == timedelta(hours=7)
    assert running.wall_elapsed == timedelta(hours=8)


def test_status_refuses_untracked_clocks_and_time_travel() -> None:
    leads = SLA("leads", first_response=timedelta(minutes=15))
    with pytest.raises(ValueError, match="does not track resolution"):
        leads.status(SLAPolicy.RESOLUTION, at(2, 9), now=at(2, 10))
    with pytest.raises(ValidationError, match="completed_at: is before started_at"):
        leads.status(SLAPolicy.FIRST_RESPONSE, at(2, 9), now=at(2, 10), completed_at=at(2, 8))
    with pytest.raises(ValidationError, match="now: is before started_at"):
        leads.status(SLAPolicy.FIRST_RESPONSE, at(2, 9), now=at(2, 8))
    with pytest.raises(ValidationError, match="started_at: must be timezone-aware"):
        leads.status(SLAPolicy.FIRST_RESPONSE, datetime(2026, 3, 2), now=at(2, 8))


def test_sla_validation_reports_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        SLA("Bad Id", timedelta(0), timedelta(minutes=-5), timedelta(hours=1))
    assert info.value.paths == ["id", "first_response", "next_response"]
    with pytest.raises(ValidationError, match="resolution: must be >= first_response"):
        SLA("x", timedelta(hours=2), resolution=timedelta(hours=1))


def test_sla_plan_data_round_trip() -> None:
    data = {"id": "leads", "first_response": "15m", "next_response": "1h", "label": "Leads"}
    sla = structure(data, SLA)
    assert sla.first_response == timedelta(minutes=15)
    assert sla.resolution is None
    assert structure(unstructure(sla), SLA) == sla
    with pytest.raises(ValidationError, match="first_response"):
        structure({"id": "leads", "first_response": "soon"}, SLA)


def _message(i: int, when: datetime, *, brand: bool) -> Message:
    return Message(
        id=f"m{i}",
        platform=Platform.FACEBOOK,
        kind=MessageKind.DM,
        thread_id="t",
        author=Author(id="brand" if brand else "customer", is_brand=brand),
        text="...",
        received_at=when,
    )


def test_conversation_clocks() -> None:
    messages = (
        _message(0, at(2, 9), brand=False),
        _message(1, at(2, 9, 30), brand=False),  # still the same wait
        _message(2, at(2, 11), brand=True),  # first answer: hit (2h of 4h)
        _message(3, at(2, 17), brand=False),  # next wait: due 3 March 10:00
        _message(4, at(3, 11), brand=True),  # late: missed at 10:00
        _message(5, at(3, 12, 30), brand=False),  # running: due 3 March 15:00
    )
    result = SUPPORT.evaluate(Conversation("t", messages), now=at(3, 14), hours=HOURS)
    assert result.first_response is not None
    assert result.first_response.state is SLAState.HIT
    assert result.first_response.business_elapsed == timedelta(hours=2)
    assert [s.state for s in result.next_responses] == [SLAState.MISSED, SLAState.ACTIVE]
    assert result.next_responses[0].missed_at == at(3, 10)
    assert result.next_responses[1].due_at == at(3, 15)
    assert result.resolution is not None
    assert result.resolution.state is SLAState.ACTIVE
    assert result.misses == (result.next_responses[0],)
    assert len(result.statuses) == 4

    resolved = Conversation("t", messages[:3], state=ConversationState.RESOLVED)
    done = SUPPORT.evaluate(resolved, now=at(9, 9), hours=HOURS)
    assert done.resolution is not None
    assert done.resolution.state is SLAState.HIT
    assert done.resolution.completed_at == at(2, 11)
    assert SUPPORT.evaluate(Conversation("t", ()), now=at(2, 9)).statuses == ()
    brand_only = Conversation("t", (_message(0, at(2, 9), brand=True),))
    assert SUPPORT.evaluate(brand_only, now=at(2, 9)).first_response is None


@pytest.mark.parametrize("platform", Platform.known())
def test_default_slas_follow_the_domain_ranges(platform: Platform) -> None:
    lead = default_sla(Intent.SALES_LEAD, platform)
    assert timedelta(minutes=15) <= lead.first_response <= timedelta(minutes=60)
    for intent in (Intent.SUPPORT, Intent.REFUND, Intent.SHIPPING, None):
        support = default_sla(intent, platform)
        assert timedelta(hours=4) <= support.first_response <= timedelta(hours=12)
    assert default_sla(Intent.LEGAL, platform).id == "urgent"
    assert default_sla(Intent.SALES_LEAD, Platform.X).first_response == timedelta(minutes=15)
    assert default_sla(Intent.SUPPORT, Platform.X).first_response == timedelta(hours=4)
    assert default_sla(Intent.SUPPORT, Platform.YOUTUBE).first_response == timedelta(hours=12)
    assert len({s.id for s in DEFAULT_SLAS}) == len(DEFAULT_SLAS)


@given(st.data())
def test_status_is_consistent_with_the_due_time(data: st.DataObject) -> None:
    sla = data.draw(slas())
    hours = data.draw(business_hours())
    start = data.draw(instants_near(minute_aligned=False))
    answer = start + data.draw(st.timedeltas(timedelta(0), timedelta(days=10)))
    now = answer + data.draw(st.timedeltas(timedelta(0), timedelta(days=3)))
    done = sla.status(SLAPolicy.FIRST_RESPONSE, start, now=now, completed_at=answer, hours=hours)
    assert done.due_at >= start
    assert (done.state is SLAState.HIT) == (answer <= done.due_at)
    assert done.missed_at == (None if done.state is SLAState.HIT else done.due_at)
    assert timedelta(0) <= done.business_elapsed <= done.wall_elapsed == answer - start
    running = sla.status(SLAPolicy.FIRST_RESPONSE, start, now=answer, hours=hours)
    assert (running.state is SLAState.ACTIVE) == (answer <= running.due_at)
    if running.state is SLAState.ACTIVE:
        assert running.business_elapsed + running.business_remaining == sla.first_response


@given(slas())
def test_slas_round_trip_through_plan_data(sla: SLA) -> None:
    assert structure(unstructure(sla), SLA) == sla
