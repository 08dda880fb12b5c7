"""Platform profiles: the seven platforms and audience fit."""

from __future__ import annotations

import pytest
from hypothesis import given

from socialgoals.model import ObjectiveCategory, Platform
from socialgoals.planning import (
    PLATFORM_PROFILES,
    AgeBand,
    Fit,
    Persona,
    Segment,
    platform_profile,
)
from socialgoals.testing.strategies import personas

B2B_DECIDER = Persona("cto", "CTO", segment=Segment.B2B, decision_maker=True)


def test_every_known_platform_has_a_profile() -> None:
    assert set(PLATFORM_PROFILES) == {p.id for p in Platform.known()}
    for platform in Platform.known():
        profile = platform_profile(platform)
        assert profile is not None
        assert profile.platform == platform
        assert profile.categories
        assert profile.stages
        assert profile.core_ages
    assert platform_profile(Platform("mastodon")) is None


def test_tiktok_is_not_for_b2b_decision_makers() -> None:
    fit = platform_profile(Platform.TIKTOK).fit(B2B_DECIDER)  # type: ignore[union-attr]
    assert fit.level is Fit.ABSENT
    assert "business decision makers are not on TikTok" in fit.reasons


def test_linkedin_is_for_b2b_decision_makers() -> None:
    persona = Persona(
        "cto",
        "CTO",
        segment=Segment.B2B,
        decision_maker=True,
        age_band=AgeBand.AGE_35_44,
        platforms=(Platform.LINKEDIN,),
    )
    fit = platform_profile(Platform.LINKEDIN).fit(persona)  # type: ignore[union-attr]
    assert fit.level is Fit.STRONG
    assert fit.reasons == ()


@pytest.mark.parametrize(
    ("platform", "persona", "level"),
    [
        (Platform.FACEBOOK, B2B_DECIDER, Fit.ABSENT),
        (Platform.X, B2B_DECIDER, Fit.STRONG),
        (Platform.INSTAGRAM, Persona("p", "P", age_band=AgeBand.AGE_65_PLUS), Fit.WEAK),
        (Platform.TIKTOK, Persona("p", "P", age_band=AgeBand.AGE_18_24), Fit.STRONG),
        (Platform.PINTEREST, Persona("p", "P", segment=Segment.B2B), Fit.ABSENT),
        (Platform.YOUTUBE, Persona("p", "P", platforms=(Platform.X,)), Fit.WEAK),
    ],
)
def test_fit(platform: Platform, persona: Persona, level: Fit) -> None:
    assert platform_profile(platform).fit(persona).level is level  # type: ignore[union-attr]


def test_suits() -> None:
    linkedin = platform_profile(Platform.LINKEDIN)
    assert linkedin is not None
    assert linkedin.suits(ObjectiveCategory.LEAD_GENERATION)
    assert not linkedin.suits(ObjectiveCategory.CUSTOMER_SERVICE)


@given(personas())
def test_fit_level_is_the_worst_reason(persona: Persona) -> None:
    for profile in PLATFORM_PROFILES.values():
        fit = profile.fit(persona)
        assert (fit.level is Fit.STRONG) == (fit.reasons == ())
