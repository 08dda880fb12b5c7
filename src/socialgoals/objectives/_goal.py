"""Business goals: what the social objectives are for."""

from __future__ import annotations

import enum

import attrs

from socialgoals.errors import Problem, check
from socialgoals.model import Owner
from socialgoals.objectives import _checks

__all__ = ["GoalKind", "BusinessGoal"]


class GoalKind(enum.Enum):
    """Whose goal it is: a business's, or a person's (a consultant, a creator)."""

    BUSINESS = "business"
    PERSONAL = "personal"


@attrs.frozen
class BusinessGoal:
    """A business (or personal) goal that social objectives serve.

    Every social objective should serve one ("+30% LinkedIn engagement"
    serves "more qualified B2B leads").

    Attributes:
        id: a slug objectives refer to with ``serves``.
        statement: the goal in plain words.
        kind: a business goal or a personal one.
        owner: who is accountable for it, if known.
        description: optional context.

    >>> BusinessGoal("b2b-leads", "More qualified B2B leads").kind
    <GoalKind.BUSINESS: 'business'>
    >>> BusinessGoal("Leads", "")
    Traceback (most recent call last):
    ...
    socialgoals.errors.ValidationError: 2 problems:
      id: must be an id slug (lowercase letters, digits, _ . -) (got 'Leads')
      statement: must be a non-empty string (got '')
    """

    id: str
    statement: str
    kind: GoalKind = GoalKind.BUSINESS
    owner: Owner | None = None
    description: str | None = None

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        problems.extend(_checks.slug("id", self.id))
        problems.extend(_checks.text("statement", self.statement))
        problems.extend(_checks.instance("kind", self.kind, GoalKind))
        problems.extend(_checks.instance("owner", self.owner, Owner, optional=True))
        problems.extend(_checks.text("description", self.description, optional=True))
        check(problems)
