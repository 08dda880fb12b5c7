"""Leads, contacts and consent: validation, privacy and round trips."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.community import Consent, ConsentStatus, Contact, Intent, Lead
from socialgoals.converters import structure, unstructure
from socialgoals.errors import NaiveDatetimeError, ValidationError
from socialgoals.model import Platform
from socialgoals.testing.strategies._community_leads import classifications, contacts, leads

T0 = datetime(2026, 3, 2, 10, tzinfo=UTC)


@given(leads())
def test_lead_round_trips_through_the_converter(lead: Lead) -> None:
    assert structure(unstructure(lead), Lead) == lead


@given(classifications())
def test_classification_round_trips(c: object) -> None:
    assert structure(unstructure(c), type(c)) == c


@given(contacts())
def test_repr_never_shows_personal_data(contact: Contact) -> None:
    text = repr(contact)
    for value in (contact.email, contact.phone, contact.name, contact.platform_user_id):
        if value and len(value) > 3:
            assert value not in text


@given(leads())
def test_idempotency_key_is_derived_from_the_id_only(lead: Lead) -> None:
    twin = Lead(id=lead.id, contact=Contact(handle="@other"), platform=Platform.X, created_at=T0)
    assert lead.idempotency_key == twin.idempotency_key
    assert lead.idempotency_key.startswith("lead_")
    for value in (lead.contact.email, lead.contact.phone, lead.contact.handle):
        if value and len(value) > 3:
            assert value not in lead.idempotency_key


def test_subject_key_ignores_email_case_and_spaces() -> None:
    assert (
        Contact(email=" Lea@Example.com").subject_key
        == Contact(email="lea@example.com").subject_key
    )
    assert Contact(email="a@b.co").subject_key != Contact(email="c@b.co").subject_key


def test_contact_problems_are_all_reported_and_never_echo_the_value() -> None:
    with pytest.raises(ValidationError) as info:
        Contact(email="not-an-email", phone="x")
    assert info.value.paths == ["email", "phone"]
    assert "not-an-email" not in str(info.value)


def test_contact_needs_a_way_to_reach_the_person() -> None:
    with pytest.raises(ValidationError, match="needs at least one of"):
        Contact(name="Léa")


def test_naive_times_are_refused_with_their_field() -> None:
    with pytest.raises(NaiveDatetimeError, match="given_at"):
        Consent(ConsentStatus.GRANTED, given_at=datetime(2026, 1, 1))
    with pytest.raises(ValidationError, match="created_at"):
        Lead(
            id="l",
            contact=Contact(handle="@a"),
            platform=Platform.X,
            created_at=datetime(2026, 1, 1),
        )


def test_lead_from_plan_data_with_every_problem_located() -> None:
    with pytest.raises(ValidationError) as info:
        structure(
            {
                "id": "",
                "contact": {"email": "bad"},
                "platform": "x",
                "created_at": "2026-03-02T09:00:00",
                "intent": "Sales lead",
            },
            Lead,
        )
    assert set(info.value.paths) == {"contact.email"} or "contact.email" in info.value.paths


@given(st.sampled_from(Intent.KNOWN))
def test_known_intents_parse_from_their_labels(intent_id: str) -> None:
    label = intent_id.replace("_", " ").title()
    assert Intent.parse(label) == Intent(intent_id)
    assert Intent(intent_id).is_known
