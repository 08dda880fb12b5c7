"""EscalationMatrix: DOMAIN rules, explanations, due times, validation, plan data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.community.escalation import EscalationMatrix, EscalationRow, Role
from socialgoals.community.hours import BusinessHours
from socialgoals.community.messages import Author, Intent, Message, MessageKind
from socialgoals.community.sla import SLA, DueTimes
from socialgoals.converters import structure, unstructure
from socialgoals.errors import UnknownReferenceError, ValidationError
from socialgoals.model import Platform
from socialgoals.testing.strategies._community_sla import escalation_matrices

MATRIX = EscalationMatrix.default()
HOURS = BusinessHours.on_days(
    ["mon", "tue", "wed", "thu", "fri"], ["09:00-12:00", "13:00-18:00"], timezone="UTC"
)


def test_vip_customers_go_to_senior_agents() -> None:
    for intent in (Intent.SUPPORT, Intent.SALES_LEAD, Intent.PRAISE, None):
        route = MATRIX.route(intent, vip=True, platform=Platform.INSTAGRAM)
        assert route.role.senior, intent
    assert not MATRIX.route(Intent.SUPPORT, platform=Platform.INSTAGRAM).role.senior


def test_warranty_or_safety_unresolved_after_two_exchanges_escalates() -> None:
    calm = MATRIX.route(Intent.WARRANTY_SAFETY, exchanges_without_resolution=1)
    assert calm.role.id == "support_agent"
    assert not calm.escalated
    hot = MATRIX.route("warranty_safety", platform="x", exchanges_without_resolution=2)
    assert hot.role.id == "senior_agent"
    assert hot.escalated
    assert hot.sla.id == "urgent"
    assert hot.row == 3
    assert hot.reason == "row 3: intent is warranty_safety and exchanges without resolution >= 2"


@pytest.mark.parametrize(
    ("intent", "platform", "role", "first_response"),
    [
        (Intent.SALES_LEAD, Platform.INSTAGRAM, "sales_rep", timedelta(minutes=15)),
        (Intent.SALES_LEAD, Platform.LINKEDIN, "sales_rep", timedelta(minutes=60)),
        (Intent.SUPPORT, Platform.X, "support_agent", timedelta(hours=4)),
        (Intent.REFUND, Platform.FACEBOOK, "support_agent", timedelta(hours=8)),
        (Intent.SHIPPING, Platform.PINTEREST, "support_agent", timedelta(hours=12)),
        (Intent.LEGAL, Platform.X, "legal", timedelta(minutes=30)),
        (Intent.CRISIS, Platform.TIKTOK, "senior_agent", timedelta(minutes=30)),
        (Intent.PRAISE, Platform.YOUTUBE, "community_manager", timedelta(hours=12)),
    ],
)
def test_default_matrix_follows_the_domain(
    intent: Intent, platform: Platform, role: str, first_response: timedelta
) -> None:
    route = MATRIX.route(intent, platform=platform)
    assert route.role.id == role
    assert route.sla.first_response == first_response


def test_unmatched_messages_use_the_default_and_say_so() -> None:
    route = MATRIX.route(Intent("custom_topic"))
    assert route.row is None
    assert route.role.id == "community_manager"
    assert route.reason == "no row matched: matrix default"
    assert route.due is None


def test_route_with_arrival_gives_due_times() -> None:
    saturday = datetime(2026, 3, 7, 10, tzinfo=UTC)
    route = MATRIX.route(Intent.SALES_LEAD, platform=Platform.X, arrival=saturday, hours=HOURS)
    assert route.due == DueTimes(first_response=datetime(2026, 3, 9, 9, 15, tzinfo=UTC))
    follow = MATRIX.route(
        Intent.SUPPORT,
        platform=Platform.X,
        arrival=datetime(2026, 3, 9, 11, tzinfo=UTC),
        hours=HOURS,
        follow_up=True,
        opened_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )
    assert follow.due == DueTimes(
        next_response=datetime(2026, 3, 9, 16, tzinfo=UTC),
        resolution=datetime(2026, 3, 4, 18, tzinfo=UTC),
    )
    wall = MATRIX.route(Intent.SALES_LEAD, platform=Platform.X, arrival=saturday)
    assert wall.due == DueTimes(first_response=saturday + timedelta(minutes=15))


def test_route_message_reads_platform_vip_and_arrival() -> None:
    message = Message(
        id="m1",
        platform=Platform.LINKEDIN,
        kind=MessageKind.COMMENT,
        thread_id="t1",
        author=Author(id="u1", name="Ana", is_vip=True),
        text="Quel est le prix ?",
        received_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    )
    route = MATRIX.route_message(message, Intent.SALES_LEAD, hours=HOURS)
    assert route.role.id == "senior_agent"
    assert route.reason == "row 4: VIP author"
    assert route.due == DueTimes(first_response=datetime(2026, 3, 2, 9, 15, tzinfo=UTC))


def test_unknown_roles_and_slas_are_located() -> None:
    data = unstructure(MATRIX)
    data["rows"][1]["role"] = "nobody"
    data["rows"][5]["sla"] = "whenever"
    data["default_role"] = "ghost"
    with pytest.raises(UnknownReferenceError) as info:
        structure(data, EscalationMatrix)
    assert info.value.paths == ["rows[1].role", "rows[5].sla", "default_role"]
    assert "(got 'nobody')" in str(info.value)
    with pytest.raises(UnknownReferenceError, match="role"):
        MATRIX.role("nobody")
    with pytest.raises(UnknownReferenceError, match="sla"):
        MATRIX.sla("whenever")


def test_duplicates_and_vip_rows_to_junior_roles_are_refused() -> None:
    sla = SLA("s", timedelta(hours=1))
    with pytest.raises(ValidationError) as info:
        EscalationMatrix(
            roles=(Role("a"), Role("a", senior=True)),
            slas=(sla, sla),
            rows=(EscalationRow("b", "s", vip=True),),
            default_role="a",
            default_sla="s",
        )
    assert info.value.paths == ["roles[1].id", "slas[1].id", "rows[0].role"]
    with pytest.raises(ValidationError, match="VIP rows must go to a senior role"):
        EscalationMatrix(
            roles=(Role("a"),),
            slas=(sla,),
            rows=(EscalationRow("a", "s", vip=True),),
            default_role="a",
            default_sla="s",
        )
    with pytest.raises(ValidationError, match="after_exchanges"):
        EscalationRow("a", "s", after_exchanges=-1)
    with pytest.raises(ValidationError, match="id: must be a slug"):
        Role("Senior Agent")


def test_plan_data_round_trip_and_friendly_input() -> None:
    data = {
        "roles": [{"id": "agent"}, {"id": "senior", "label": "Senior", "senior": True}],
        "slas": [{"id": "std", "first_response": "4h"}, {"id": "fast", "first_response": "15m"}],
        "rows": [
            {"role": "senior", "sla": "fast", "vip": True},
            {"role": "agent", "sla": "fast", "intents": ["Sales lead"], "platforms": ["Twitter"]},
        ],
        "default_role": "agent",
        "default_sla": "std",
    }
    matrix = structure(data, EscalationMatrix)
    assert matrix.rows[1].intents == (Intent.SALES_LEAD,)
    assert matrix.rows[1].platforms == (Platform.X,)
    assert matrix.route("sales_lead", platform="x").sla.id == "fast"
    assert structure(unstructure(matrix), EscalationMatrix) == matrix
    assert structure(unstructure(MATRIX), EscalationMatrix) == MATRIX


@given(
    escalation_matrices(),
    st.sampled_from(
        [None, Intent.SALES_LEAD, Intent.SUPPORT, Intent.WARRANTY_SAFETY, Intent.LEGAL]
    ),
    st.booleans(),
    st.sampled_from([None, Platform.X, Platform.INSTAGRAM, Platform.LINKEDIN]),
    st.integers(0, 4),
)
def test_route_takes_the_first_matching_row(
    matrix: EscalationMatrix,
    intent: Intent | None,
    vip: bool,
    platform: Platform | None,
    exchanges: int,
) -> None:
    route = matrix.route(intent, vip=vip, platform=platform, exchanges_without_resolution=exchanges)
    facts = {"vip": vip, "platform": platform, "exchanges": exchanges}
    matching = [i for i, row in enumerate(matrix.rows) if row.matches(intent, **facts)]
    assert route.row == (matching[0] if matching else None)
    expected = matrix.rows[route.row] if route.row is not None else None
    assert route.role.id == (expected.role if expected else matrix.default_role)
    assert route.sla.id == (expected.sla if expected else matrix.default_sla)
    if vip and expected is not None and expected.vip:
        assert route.role.senior
    assert structure(unstructure(matrix), EscalationMatrix) == matrix


def test_rows_describe_their_conditions() -> None:
    row = EscalationRow(
        "agent", "std", intents=("refund", "shipping"), vip=False, platforms=("ig",),
        after_exchanges=1,
    )  # fmt: skip
    assert row.describe() == (
        "intent in refund, shipping and non-VIP author and platform in instagram"
        " and exchanges without resolution >= 1"
    )
    assert EscalationRow("agent", "std").describe() == "any message"
    assert row.matches(Intent.REFUND, vip=False, platform=Platform.INSTAGRAM, exchanges=1)
    assert not row.matches(Intent.REFUND, vip=True, platform=Platform.INSTAGRAM, exchanges=1)
    assert not row.matches(Intent.REFUND, vip=False, platform=Platform.X, exchanges=1)
    assert not row.matches(Intent.REFUND, vip=False, platform=Platform.INSTAGRAM, exchanges=0)
    assert not row.matches(None, vip=False, platform=Platform.INSTAGRAM, exchanges=3)
