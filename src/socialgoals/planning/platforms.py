"""What each known platform is good for, and who is (and is not) there.

The profiles encode DOMAIN.md section 4. The SMART audit uses them for its
relevance check: an objective whose platforms cannot reach its persona is not
relevant, however well it is measured.

>>> profile = platform_profile(Platform.TIKTOK)
>>> profile.fit(Persona("buyer", "IT buyer", segment=Segment.B2B, decision_maker=True)).level
<Fit.ABSENT: 'absent'>
>>> platform_profile(Platform("mastodon")) is None
True
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from socialgoals.model import FunnelStage, ObjectiveCategory, Platform
from socialgoals.planning.personas import AgeBand, Persona, Segment

__all__ = ["Fit", "AudienceFit", "PlatformProfile", "PLATFORM_PROFILES", "platform_profile"]


class Fit(enum.Enum):
    """How well a platform reaches an audience."""

    STRONG = "strong"
    WEAK = "weak"
    """The audience is there, but it is not where the platform shines."""
    ABSENT = "absent"
    """The audience is essentially not on the platform."""

    @property
    def rank(self) -> int:
        """0 for strong, 1 for weak, 2 for absent (higher is worse)."""
        return list(Fit).index(self)


@attrs.frozen
class AudienceFit:
    """How well a platform reaches a persona, and why.

    Attributes:
        level: the overall fit (the worst of the reasons).
        reasons: one sentence per mismatch found (empty for a strong fit).
    """

    level: Fit
    reasons: tuple[str, ...] = ()


@attrs.frozen
class PlatformProfile:
    """A platform's audience and strengths.

    Attributes:
        platform: the platform.
        audience: who is there, in words.
        users: audience size, in words.
        best_for: what it is best used for, in words.
        categories: objective categories it is best suited to.
        stages: funnel stages it serves well.
        core_ages: the age bands at its core.
        b2b: how well it reaches business buyers.
        b2c: how well it reaches consumers.
        decision_makers: whether business decision makers are reachable there.
    """

    platform: Platform
    audience: str
    users: str
    best_for: str
    categories: frozenset[ObjectiveCategory]
    stages: frozenset[FunnelStage]
    core_ages: frozenset[AgeBand]
    b2b: Fit
    b2c: Fit
    decision_makers: bool

    def suits(self, category: ObjectiveCategory) -> bool:
        """Whether the platform is among the best for ``category``."""
        return category in self.categories

    def fit(self, persona: Persona) -> AudienceFit:
        """How well the platform reaches ``persona``, with the reasons.

        >>> teen = Persona("teen", "Teen gamer", age_band=AgeBand.AGE_13_17)
        >>> platform_profile(Platform.LINKEDIN).fit(teen).reasons
        ('LinkedIn is not strong with B2C audiences',
         "LinkedIn's core audience is 25-34, 35-44, 45-54, 55-64, not 13-17")
        """
        name = self.platform.label
        levels = [Fit.STRONG]
        reasons: list[str] = []
        segment_fit = self.b2b if persona.segment is Segment.B2B else self.b2c
        if segment_fit is not Fit.STRONG:
            levels.append(segment_fit)
            how = "hardly reaches" if segment_fit is Fit.ABSENT else "is not strong with"
            reasons.append(f"{name} {how} {persona.segment.value.upper()} audiences")
        if persona.segment is Segment.B2B and persona.decision_maker and not self.decision_makers:
            levels.append(Fit.ABSENT)
            reasons.append(f"business decision makers are not on {name}")
        if persona.age_band is not None and persona.age_band not in self.core_ages:
            levels.append(Fit.WEAK)
            core = ", ".join(b.value for b in AgeBand if b in self.core_ages)
            reasons.append(f"{name}'s core audience is {core}, not {persona.age_band.value}")
        if persona.platforms and self.platform not in persona.platforms:
            levels.append(Fit.WEAK)
            reasons.append(f"the persona is not known to use {name}")
        return AudienceFit(max(levels, key=lambda f: f.rank), tuple(reasons))


_A = AgeBand
_C = ObjectiveCategory
_S = FunnelStage
_YOUNG: Final = frozenset({_A.AGE_13_17, _A.AGE_18_24})
_ADULT: Final = frozenset({_A.AGE_25_34, _A.AGE_35_44, _A.AGE_45_54, _A.AGE_55_64})

_PROFILES: Final = (
    PlatformProfile(
        Platform.FACEBOOK,
        audience="broad, Gen X and millennials",
        users="2 bn users, 41 M in France",
        best_for="awareness, community (Groups), service (Messenger), targeted ads",
        categories=frozenset(
            {
                _C.AWARENESS,
                _C.ENGAGEMENT,
                _C.CUSTOMER_SERVICE,
                _C.LOYALTY,
                _C.CONVERSION,
                _C.LEAD_GENERATION,
                _C.TRAFFIC,
                _C.FEEDBACK_COLLECTION,
            }
        ),
        stages=frozenset(FunnelStage),
        core_ages=_ADULT,
        b2b=Fit.WEAK,
        b2c=Fit.STRONG,
        decision_makers=False,
    ),
    PlatformProfile(
        Platform.INSTAGRAM,
        audience="visual, younger (Gen Z, millennials)",
        users="younger visual audience",
        best_for="brand image, engagement, influence, social commerce (Reels, Stories)",
        categories=frozenset({_C.AWARENESS, _C.ENGAGEMENT, _C.CONVERSION, _C.LOYALTY}),
        stages=frozenset({_S.AWARENESS, _S.ENGAGEMENT, _S.CONVERSION}),
        core_ages=frozenset({_A.AGE_18_24, _A.AGE_25_34, _A.AGE_35_44}),
        b2b=Fit.WEAK,
        b2c=Fit.STRONG,
        decision_makers=False,
    ),
    PlatformProfile(
        Platform.LINKEDIN,
        audience="professionals, decision makers",
        users="500 M users, 16 M in France",
        best_for="B2B leads, expertise, recruitment, personal branding",
        categories=frozenset(
            {
                _C.LEAD_GENERATION,
                _C.CONVERSION,
                _C.AWARENESS,
                _C.ENGAGEMENT,
                _C.RECRUITMENT,
                _C.TRAFFIC,
            }
        ),
        stages=frozenset({_S.AWARENESS, _S.ENGAGEMENT, _S.CONVERSION}),
        core_ages=_ADULT,
        b2b=Fit.STRONG,
        b2c=Fit.WEAK,
        decision_makers=True,
    ),
    PlatformProfile(
        Platform.X,
        audience="professionals, media, influencers",
        users="300 M users, 21 M in France",
        best_for="news, fast customer service, monitoring, conversation",
        categories=frozenset(
            {_C.AWARENESS, _C.ENGAGEMENT, _C.CUSTOMER_SERVICE, _C.SOCIAL_LISTENING, _C.TRAFFIC}
        ),
        stages=frozenset({_S.AWARENESS, _S.ENGAGEMENT, _S.RETENTION}),
        core_ages=frozenset({_A.AGE_18_24, _A.AGE_25_34, _A.AGE_35_44, _A.AGE_45_54}),
        b2b=Fit.STRONG,
        b2c=Fit.STRONG,
        decision_makers=True,
    ),
    PlatformProfile(
        Platform.TIKTOK,
        audience="very young (Gen Z)",
        users="very young audience",
        best_for="awareness with young people, trends, entertainment",
        categories=frozenset({_C.AWARENESS, _C.ENGAGEMENT}),
        stages=frozenset({_S.AWARENESS, _S.ENGAGEMENT}),
        core_ages=_YOUNG,
        b2b=Fit.ABSENT,
        b2c=Fit.STRONG,
        decision_makers=False,
    ),
    PlatformProfile(
        Platform.PINTEREST,
        audience="mostly women; inspiration and planning",
        users="inspiration seekers",
        best_for="e-commerce traffic, visual products, long-lived content",
        categories=frozenset({_C.TRAFFIC, _C.CONVERSION, _C.AWARENESS}),
        stages=frozenset({_S.AWARENESS, _S.ENGAGEMENT, _S.CONVERSION}),
        core_ages=frozenset({_A.AGE_18_24, _A.AGE_25_34, _A.AGE_35_44, _A.AGE_45_54}),
        b2b=Fit.ABSENT,
        b2c=Fit.STRONG,
        decision_makers=False,
    ),
    PlatformProfile(
        Platform.YOUTUBE,
        audience="very broad",
        users="1.5 bn users, 37 M in France",
        best_for="awareness, customer education, demos, video SEO",
        categories=frozenset({_C.AWARENESS, _C.ENGAGEMENT, _C.TRAFFIC, _C.LOYALTY, _C.CONVERSION}),
        stages=frozenset(FunnelStage),
        core_ages=frozenset(AgeBand),
        b2b=Fit.WEAK,
        b2c=Fit.STRONG,
        decision_makers=False,
    ),
)

PLATFORM_PROFILES: Final[Mapping[str, PlatformProfile]] = MappingProxyType(
    {p.platform.id: p for p in _PROFILES}
)
"""The profile of each of the seven known platforms, by platform id."""


def platform_profile(platform: Platform) -> PlatformProfile | None:
    """The profile of a known platform; ``None`` for a custom one."""
    return PLATFORM_PROFILES.get(platform.id)
