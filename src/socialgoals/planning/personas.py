"""Personas: who an objective speaks to.

A persona is a short, structured portrait of a target audience: business or
consumer, decision maker or not, age band, and the platforms they use. The
SMART audit reads it to judge whether an objective's platforms can reach its
audience (TikTok for a B2B decision maker is not relevant).

>>> p = Persona("cfo", "Claire, CFO of a mid-size firm", segment=Segment.B2B,
...             decision_maker=True, age_band=AgeBand.AGE_45_54,
...             platforms=(Platform.LINKEDIN,))
>>> p.uses(Platform.LINKEDIN), p.uses(Platform.TIKTOK)
(True, False)
"""

from __future__ import annotations

import enum

import attrs

from socialgoals.errors import Problem, check
from socialgoals.model import SLUG_RE, Platform

__all__ = ["Segment", "AgeBand", "Persona"]


class Segment(enum.Enum):
    """Whether the audience buys as a business or as a consumer."""

    B2B = "b2b"
    B2C = "b2c"


class AgeBand(enum.Enum):
    """Age bands, as platform analytics report them."""

    AGE_13_17 = "13-17"
    AGE_18_24 = "18-24"
    AGE_25_34 = "25-34"
    AGE_35_44 = "35-44"
    AGE_45_54 = "45-54"
    AGE_55_64 = "55-64"
    AGE_65_PLUS = "65+"


@attrs.frozen
class Persona:
    """A target audience, described so that platform fit can be checked.

    Attributes:
        id: a slug objectives refer to with ``persona``.
        name: a readable name ("Claire, CFO").
        segment: business (B2B) or consumer (B2C) buyer.
        decision_maker: whether this person decides the purchase.
        age_band: their age band, if known.
        platforms: the platforms they are known to use.
        description: needs, pains, habits, in words.
    """

    id: str
    name: str
    segment: Segment = Segment.B2C
    decision_maker: bool = False
    age_band: AgeBand | None = None
    platforms: tuple[Platform, ...] = ()
    description: str | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if not isinstance(self.id, str) or not SLUG_RE.match(self.id):
            problems.append(
                Problem(
                    "id",
                    self.id,
                    "must be an id slug (lowercase letters, digits, _ . -)",
                    code="bad_slug",
                )
            )
        if not isinstance(self.name, str) or not self.name.strip():
            problems.append(Problem("name", self.name, "must be a non-empty string", code="empty"))
        problems.extend(_enum_problems(self))
        seen: set[object] = set()
        for i, platform in enumerate(self.platforms):
            item: object = platform
            if not isinstance(item, Platform):
                problems.append(
                    Problem(f"platforms[{i}]", item, "must be a Platform", code="wrong_type")
                )
            elif item in seen:
                problems.append(
                    Problem(f"platforms[{i}]", item.id, "is listed twice", code="duplicate")
                )
            seen.add(item)
        check(problems)

    def uses(self, platform: Platform) -> bool:
        """Whether the persona is known to use ``platform``."""
        return platform in self.platforms


def _enum_problems(persona: Persona) -> list[Problem]:
    problems: list[Problem] = []
    fields: tuple[tuple[str, object, type, bool], ...] = (
        ("segment", persona.segment, Segment, False),
        ("age_band", persona.age_band, AgeBand, True),
        ("decision_maker", persona.decision_maker, bool, False),
    )
    for name, value, cls, optional in fields:
        if value is None and optional:
            continue
        if not isinstance(value, cls):
            problems.append(Problem(name, value, f"must be a {cls.__name__}", code="wrong_type"))
    return problems
