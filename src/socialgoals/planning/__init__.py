"""Planning: personas and platform profiles (prioritisation and calendars come later).

>>> from socialgoals.model import Platform
>>> platform_profile(Platform.LINKEDIN).b2b
<Fit.STRONG: 'strong'>
"""

from __future__ import annotations

from socialgoals.planning.personas import AgeBand, Persona, Segment
from socialgoals.planning.platforms import (
    PLATFORM_PROFILES,
    AudienceFit,
    Fit,
    PlatformProfile,
    platform_profile,
)

__all__ = [
    "AgeBand",
    "Persona",
    "Segment",
    "PLATFORM_PROFILES",
    "AudienceFit",
    "Fit",
    "PlatformProfile",
    "platform_profile",
]
