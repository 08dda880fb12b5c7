"""Personas: validation and platform use."""

from __future__ import annotations

import pytest

from socialgoals.converters import structure, unstructure
from socialgoals.errors import ValidationError
from socialgoals.model import Platform
from socialgoals.planning import AgeBand, Persona, Segment


def test_persona_round_trips_with_readable_values() -> None:
    data = {
        "id": "cfo",
        "name": "Claire, CFO",
        "segment": "b2b",
        "decision_maker": True,
        "age_band": "45-54",
        "platforms": ["LinkedIn", "Twitter"],
    }
    persona = structure(data, Persona)
    assert persona.platforms == (Platform.LINKEDIN, Platform.X)
    assert persona.age_band is AgeBand.AGE_45_54
    assert unstructure(persona)["age_band"] == "45-54"
    assert structure(unstructure(persona), Persona) == persona


def test_every_problem_is_reported() -> None:
    with pytest.raises(ValidationError) as exc:
        Persona(
            "Bad Id",
            "",
            segment="b2b",  # type: ignore[arg-type]
            decision_maker="yes",  # type: ignore[arg-type]
            platforms=(Platform.X, Platform.X),
        )
    assert exc.value.paths == ["id", "name", "segment", "decision_maker", "platforms[1]"]


def test_unknown_age_band_in_a_file() -> None:
    with pytest.raises(ValidationError) as exc:
        structure({"id": "a", "name": "A", "age_band": "30-40"}, Persona)
    assert exc.value.paths == ["age_band"]


def test_uses() -> None:
    persona = Persona("a", "A", segment=Segment.B2C, platforms=(Platform.TIKTOK,))
    assert persona.uses(Platform.TIKTOK)
    assert not persona.uses(Platform.LINKEDIN)
