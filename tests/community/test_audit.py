"""Audit trail: frozen records, append-only trail, reviews, JSON round trip."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.community import Author, EscalationMatrix, Message, MessageKind
from socialgoals.community.audit import AuditTrail, DecisionRecord, HumanReview
from socialgoals.community.moderation import ModerationPolicy
from socialgoals.community.rules import AnyKeywords, Escalate, FollowUp, Rule, RuleSet, Tag
from socialgoals.community.sla import DueTimes
from socialgoals.community.triage import Triage
from socialgoals.converters import structure, unstructure
from socialgoals.errors import DuplicateIdError, UnknownReferenceError, ValidationError
from socialgoals.model import Platform
from socialgoals.testing.strategies._community_replies import audit_trails, decision_records

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def decision(id: str = "d1", **kw: object) -> DecisionRecord:  # noqa: A002 - mirrors the field
    fields: dict[str, object] = {
        "id": id,
        "decided_at": T0,
        "message_id": "m1",
        "conversation_id": "t1",
        "rule_id": "sales_keywords",
        "conditions": ("keyword 'prix'",),
        "actions": ("tag:sales lead", "flow:demo_qualifier"),
        "role_id": "sales",
        "sla_id": "leads",
        "due": DueTimes(first_response=T0 + timedelta(minutes=30)),
    }
    fields.update(kw)
    return DecisionRecord(**fields)  # type: ignore[arg-type]


def review(decision_id: str = "d1", minutes: int = 60, code: str = "lead_won") -> HumanReview:
    return HumanReview(decision_id, "agent-7", "good catch", code, T0 + timedelta(minutes=minutes))


def test_records_are_frozen() -> None:
    record = decision()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        record.rule_id = "other"  # type: ignore[misc]
    trail = AuditTrail().record(record)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        trail.decisions = ()  # type: ignore[misc]


def test_record_and_review_append_and_keep_the_older_trail() -> None:
    empty = AuditTrail()
    one = empty.record(decision())
    reviewed = one.review(review())
    assert empty.decisions == ()
    assert one.reviews == ()
    assert reviewed.extends(one)
    assert one.extends(empty)
    assert not one.extends(reviewed)
    assert reviewed.resolution("d1") == "lead_won"
    assert one.resolution("d1") is None
    assert one.unreviewed() == (decision(),)
    later = reviewed.review(review(minutes=120, code="lead_lost"))
    assert later.resolution("d1") == "lead_lost"
    assert [r.resolution_code for r in later.reviews_for("d1")] == ["lead_won", "lead_lost"]


def test_json_round_trip() -> None:
    trail = AuditTrail().record(decision()).review(review())
    data = json.loads(json.dumps(unstructure(trail)))
    assert data["decisions"][0]["due"]["first_response"] == "2026-03-02T10:00:00+00:00"
    assert structure(data, AuditTrail) == trail


def test_duplicate_decision_ids_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        AuditTrail().record(decision()).record(decision())
    assert info.value.paths == ["decisions[1].id"]


def test_review_of_an_unknown_decision_is_refused() -> None:
    with pytest.raises(UnknownReferenceError) as info:
        AuditTrail().record(decision()).review(review("nope"))
    assert info.value.paths == ["reviews[0].decision_id"]
    with pytest.raises(UnknownReferenceError):
        AuditTrail().get("nope")


def test_review_before_the_decision_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        AuditTrail().record(decision()).review(review(minutes=-5))
    assert info.value.paths == ["reviews[0].reviewed_at"]


def test_record_validation() -> None:
    with pytest.raises(ValidationError) as info:
        DecisionRecord(
            id="",
            decided_at=datetime(2026, 3, 2),
            message_id="m",
            conversation_id="",
        )
    assert info.value.paths == ["decided_at", "id", "conversation_id"]
    with pytest.raises(ValidationError) as info:
        decision(due=DueTimes(first_response=T0 - timedelta(minutes=1)))
    assert info.value.paths == ["due.first_response"]
    with pytest.raises(ValidationError) as info:
        HumanReview("d1", "agent", "note", "Not A Slug", T0)
    assert info.value.paths == ["resolution_code"]


def test_moderation_decisions_are_recorded_with_their_conditions() -> None:
    moderation = ModerationPolicy.default().evaluate("Get free followers now")
    record = DecisionRecord.from_moderation(
        moderation, id="mod-1", decided_at=T0, message_id="m2", conversation_id="t2"
    )
    assert record.decided_by == "moderation"
    assert record.rule_id == "spam"
    assert record.conditions == ("spam: keyword 'free followers'",)
    assert record.actions == ("hide",)
    assert record.explanation == "hide (spam: keyword 'free followers')"


def test_duplicate_ids_alone_raise_duplicate_error_class_only_for_references() -> None:
    # Mixed problems keep the base class; pure unknown references use the subclass.
    with pytest.raises(ValidationError) as info:
        AuditTrail(decisions=(decision(), decision()), reviews=(review("zz"),))
    assert not isinstance(info.value, DuplicateIdError | UnknownReferenceError)
    assert info.value.paths == ["decisions[1].id", "reviews[0].decision_id"]


@given(audit_trails(), decision_records(id="new"))
def test_appending_never_changes_existing_entries(
    trail: AuditTrail, record: DecisionRecord
) -> None:
    longer = trail.record(record)
    assert longer.extends(trail)
    assert longer.decisions[-1] == record
    assert set(longer.unreviewed()) == set(trail.unreviewed()) | {record}


@given(audit_trails())
def test_trails_round_trip_through_json(trail: AuditTrail) -> None:
    data = json.loads(json.dumps(unstructure(trail)))
    assert structure(data, AuditTrail) == trail


@given(audit_trails(), st.integers(0, 600))
def test_latest_review_is_the_resolution(trail: AuditTrail, minutes: int) -> None:
    if not trail.decisions:
        return
    target = trail.decisions[0]
    later = max([target.decided_at, *(r.reviewed_at for r in trail.reviews)])
    reviewed = trail.review(
        HumanReview(target.id, "agent-2", "closed", "no_action", later + timedelta(minutes=minutes))
    )
    assert reviewed.resolution(target.id) == "no_action"
    assert target not in reviewed.unreviewed()


def test_triage_decisions_are_recorded_with_rule_evidence_route_and_due_times() -> None:
    seeds = RuleSet(
        "comments",
        [
            Rule(
                "sales-lead",
                AnyKeywords(["price", "prix", "acheter"]),
                [Tag("sales_lead"), Escalate("sales_rep"), FollowUp()],
            )
        ],
    )
    msg = Message(
        id="m1",
        platform=Platform.INSTAGRAM,
        kind=MessageKind.COMMENT,
        thread_id="t1",
        author=Author(id="u1"),
        text="Quel est le PRIX ?",
        received_at=T0,
    )
    decided = Triage(seeds, matrix=EscalationMatrix.default()).decide(msg)
    record = DecisionRecord.from_triage(decided, id="d-m1", decided_at=T0, conversation_id="t1")
    assert record.decided_by == "triage:comments"
    assert record.rule_id == "sales-lead"
    assert record.conditions == ("sales-lead: rules[0].when.any_keywords matched 'prix'",)
    assert record.actions[0] == "tag sales_lead"
    assert record.explanation == decided.explain()
    assert decided.route is not None
    assert record.role_id == decided.route.role.id == "sales_rep"
    assert record.sla_id == decided.route.sla.id
    assert record.due == decided.route.due
    assert record.due is not None
    assert record.due.respond_by is not None
    trail = AuditTrail().record(record)
    assert structure(json.loads(json.dumps(unstructure(trail))), AuditTrail) == trail


def test_extend_appends_a_batch() -> None:
    base = AuditTrail().record(decision("d0"))
    batch = [decision(f"d{i}") for i in range(1, 4)]
    longer = base.extend(batch, [review("d2")])
    assert longer.extends(base)
    assert [d.id for d in longer.decisions] == ["d0", "d1", "d2", "d3"]
    assert longer == base.record(batch[0]).record(batch[1]).record(batch[2]).review(review("d2"))
