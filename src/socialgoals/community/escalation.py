"""The escalation matrix: which role answers which message, under which SLA.

An :class:`EscalationMatrix` is an ordered list of :class:`EscalationRow`\\ s;
each row names conditions (intents, VIP author, platforms, exchanges without
resolution) and the :class:`Role` and :class:`~socialgoals.community.sla.SLA`
that apply. :meth:`EscalationMatrix.route` returns the first matching row as a
:class:`Route` that says why it matched, and the due times when given an
arrival and business hours.

>>> matrix = EscalationMatrix.default()
>>> route = matrix.route(Intent.WARRANTY_SAFETY, platform=Platform.FACEBOOK,
...                      exchanges_without_resolution=2)
>>> route.role.id, route.role.senior, route.sla.id
('senior_agent', True, 'urgent')
>>> route.reason
'row 3: intent is warranty_safety and exchanges without resolution >= 2'
>>> matrix.route(Intent.SALES_LEAD, platform=Platform.LINKEDIN).sla.first_response
datetime.timedelta(seconds=3600)
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

import attrs

from socialgoals.community.hours import BusinessHours
from socialgoals.community.messages import Intent, Message
from socialgoals.community.sla import DEFAULT_SLAS, SLA, DueTimes
from socialgoals.errors import (
    DuplicateIdError,
    Problem,
    UnknownReferenceError,
    ValidationError,
    check,
)
from socialgoals.model import SLUG_RE, Platform

__all__ = ["Role", "EscalationRow", "Route", "EscalationMatrix"]


@attrs.frozen
class Role:
    """Who answers: a queue or a kind of agent.

    Attributes:
        id: a slug rows refer to (``senior_agent``).
        label: a human name.
        senior: a senior agent (VIP customers and escalations go to one).
    """

    id: str
    label: str = ""
    senior: bool = False

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.id, str) or not SLUG_RE.match(self.id):
            raise ValidationError(
                "must be a slug such as 'senior_agent'", path="id", value=self.id, code="slug"
            )


def _tuple_of_intents(values: object) -> tuple[Intent, ...]:
    if isinstance(values, Intent | str):
        values = (values,)
    if not isinstance(values, tuple | list):
        raise ValidationError("must be a list of intents", path="intents", value=values)
    return tuple(v if isinstance(v, Intent) else Intent.parse(v) for v in values)


def _tuple_of_platforms(values: object) -> tuple[Platform, ...]:
    if isinstance(values, Platform | str):
        values = (values,)
    if not isinstance(values, tuple | list):
        raise ValidationError("must be a list of platforms", path="platforms", value=values)
    return tuple(v if isinstance(v, Platform) else Platform.parse(v) for v in values)


@attrs.frozen
class EscalationRow:
    """One row of the matrix: conditions, then the role and SLA that apply.

    Every condition given must hold; an empty condition matches anything.

    Attributes:
        role: the id of the role that answers.
        sla: the id of the SLA that applies.
        intents: the message's intent is one of these (any when empty).
        vip: the author is (``True``) or is not (``False``) a VIP (any when ``None``).
        platforms: the message came from one of these (any when empty).
        after_exchanges: the conversation has had at least this many
            exchanges without resolution (``2`` escalates after two answers).
        note: why the row exists, for people reading the plan.
    """

    role: str
    sla: str
    intents: tuple[Intent, ...] = attrs.field(default=(), converter=_tuple_of_intents)
    vip: bool | None = None
    platforms: tuple[Platform, ...] = attrs.field(default=(), converter=_tuple_of_platforms)
    after_exchanges: int = 0
    note: str = ""

    def __attrs_post_init__(self) -> None:
        value = self.after_exchanges
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(
                "must be a whole number >= 0", path="after_exchanges", value=value, code="range"
            )

    def matches(
        self, intent: Intent | None, *, vip: bool, platform: Platform | None, exchanges: int
    ) -> bool:
        """Whether a message with these facts matches every condition of the row."""
        return (
            (not self.intents or intent in self.intents)
            and (self.vip is None or self.vip == vip)
            and (not self.platforms or platform in self.platforms)
            and exchanges >= self.after_exchanges
        )

    def describe(self) -> str:
        """The row's conditions in words ("intent is legal and VIP author")."""
        parts = []
        if self.intents:
            names = ", ".join(i.id for i in self.intents)
            parts.append(f"intent is {names}" if len(self.intents) == 1 else f"intent in {names}")
        if self.vip is not None:
            parts.append("VIP author" if self.vip else "non-VIP author")
        if self.platforms:
            parts.append("platform in " + ", ".join(p.id for p in self.platforms))
        if self.after_exchanges:
            parts.append(f"exchanges without resolution >= {self.after_exchanges}")
        return " and ".join(parts) or "any message"


@attrs.frozen
class Route:
    """Where a message goes and why.

    Attributes:
        role: who answers.
        sla: the SLA that applies.
        row: the index of the matching row, ``None`` for the matrix default.
        reason: which row matched and its conditions, in words.
        escalated: the row escalates on unresolved exchanges.
        due: the due times, when routed with an arrival time.
    """

    role: Role
    sla: SLA
    row: int | None
    reason: str
    escalated: bool = False
    due: DueTimes | None = None


_DUPLICATE: Final = "is used by another {kind}"


@attrs.frozen
class EscalationMatrix:
    """Intent (and VIP, platform, exchanges) -> role -> SLA, first matching row wins.

    Attributes:
        roles: the roles rows may name.
        slas: the SLAs rows may name.
        rows: the rows, tried in order.
        default_role: the role when no row matches.
        default_sla: the SLA when no row matches.

    Raises:
        ValidationError: duplicate ids (:class:`~socialgoals.errors.DuplicateIdError`
            problems), unknown role or SLA ids (located as ``rows[2].role``),
            or a VIP row that does not go to a senior role.
    """

    roles: tuple[Role, ...]
    slas: tuple[SLA, ...]
    rows: tuple[EscalationRow, ...] = ()
    default_role: str = ""
    default_sla: str = ""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        for kind, ids in (("role", [r.id for r in self.roles]), ("SLA", [s.id for s in self.slas])):
            seen: set[str] = set()
            for i, item_id in enumerate(ids):
                if item_id in seen:
                    msg = _DUPLICATE.format(kind=kind)
                    path = f"{'roles' if kind == 'role' else 'slas'}[{i}].id"
                    problems.append(Problem(path, item_id, msg, code=DuplicateIdError.default_code))
                seen.add(item_id)
        roles = {r.id: r for r in self.roles}
        slas = {s.id for s in self.slas}
        refs = [(f"rows[{i}]", row.role, row.sla) for i, row in enumerate(self.rows)]
        refs.append(("", self.default_role, self.default_sla))
        for where, role, sla in refs:
            role_path = f"{where}.role" if where else "default_role"
            sla_path = f"{where}.sla" if where else "default_sla"
            if role not in roles:
                known = ", ".join(sorted(roles)) or "none"
                problems.append(
                    Problem(role_path, role, f"is not a role of the matrix (known: {known})",
                            code=UnknownReferenceError.default_code)
                )  # fmt: skip
            if sla not in slas:
                known = ", ".join(sorted(slas)) or "none"
                problems.append(
                    Problem(sla_path, sla, f"is not an SLA of the matrix (known: {known})",
                            code=UnknownReferenceError.default_code)
                )  # fmt: skip
        for i, row in enumerate(self.rows):
            if row.vip and row.role in roles and not roles[row.role].senior:
                problems.append(
                    Problem(f"rows[{i}].role", row.role, "VIP rows must go to a senior role",
                            code="vip_not_senior")
                )  # fmt: skip
        if problems and all(p.code == UnknownReferenceError.default_code for p in problems):
            check(problems, UnknownReferenceError)
        check(problems)

    def role(self, role_id: str) -> Role:
        """The role with this id.

        Raises:
            UnknownReferenceError: no such role.
        """
        for role in self.roles:
            if role.id == role_id:
                return role
        raise UnknownReferenceError("is not a role of the matrix", path="role", value=role_id)

    def sla(self, sla_id: str) -> SLA:
        """The SLA with this id.

        Raises:
            UnknownReferenceError: no such SLA.
        """
        for sla in self.slas:
            if sla.id == sla_id:
                return sla
        raise UnknownReferenceError("is not an SLA of the matrix", path="sla", value=sla_id)

    def route(
        self,
        intent: Intent | str | None,
        *,
        vip: bool = False,
        platform: Platform | str | None = None,
        exchanges_without_resolution: int = 0,
        arrival: datetime | None = None,
        hours: BusinessHours | None = None,
        follow_up: bool = False,
        opened_at: datetime | None = None,
    ) -> Route:
        """The role and SLA for a message, and why; the first matching row wins.

        Args:
            intent: the message's intent (``None`` when unknown).
            vip: the author is a VIP.
            platform: where the message came from.
            exchanges_without_resolution: answers already given in the
                conversation without resolving it.
            arrival: when the message arrived; gives the route its due times.
            hours: the business calendar for the due times (wall-clock
                time without one).
            follow_up: the message follows an answer (next-response clock).
            opened_at: when the conversation started (resolution clock).
        """
        if isinstance(intent, str):
            intent = Intent.parse(intent)
        if isinstance(platform, str):
            platform = Platform.parse(platform)
        chosen, index, reason = self.default_role, None, "no row matched: matrix default"
        sla_id, escalated = self.default_sla, False
        for i, row in enumerate(self.rows):
            if row.matches(
                intent, vip=vip, platform=platform, exchanges=exchanges_without_resolution
            ):
                chosen, index, sla_id = row.role, i, row.sla
                reason = f"row {i}: {row.describe()}"
                escalated = row.after_exchanges > 0
                break
        sla = self.sla(sla_id)
        due = None
        if arrival is not None:
            due = sla.due_times(arrival, hours, follow_up=follow_up, opened_at=opened_at)
        return Route(self.role(chosen), sla, index, reason, escalated, due)

    def route_message(
        self,
        message: Message,
        intent: Intent | None,
        *,
        exchanges_without_resolution: int = 0,
        hours: BusinessHours | None = None,
        follow_up: bool = False,
        opened_at: datetime | None = None,
    ) -> Route:
        """:meth:`route` with the platform, VIP flag and arrival of ``message``."""
        return self.route(
            intent,
            vip=message.author.is_vip,
            platform=message.platform,
            exchanges_without_resolution=exchanges_without_resolution,
            arrival=message.received_at,
            hours=hours,
            follow_up=follow_up,
            opened_at=opened_at,
        )

    @classmethod
    def default(cls) -> EscalationMatrix:
        """The matrix of DOMAIN.md, a starting point to copy into a plan.

        Legal matters go to legal, crises to a senior agent; warranty or
        safety issues unresolved after two exchanges escalate to a senior
        agent; VIP customers go to senior agents; leads go to sales within
        15 minutes (X, Facebook, Instagram, TikTok) or 60 minutes; support
        within 4 hours on X, 8 on Facebook and Instagram, 12 elsewhere.
        """
        fast = ("x", "facebook", "instagram", "tiktok")
        support = ("support", "shipping", "refund", "warranty_safety", "complaint")
        row = EscalationRow
        return cls(
            roles=(
                Role("community_manager", "Community manager"),
                Role("support_agent", "Support agent"),
                Role("sales_rep", "Sales representative"),
                Role("senior_agent", "Senior agent", senior=True),
                Role("legal", "Legal counsel", senior=True),
            ),
            slas=DEFAULT_SLAS,
            rows=(
                row("legal", "urgent", intents=("legal",), note="escalate legal matters"),
                row("senior_agent", "urgent", intents=("crisis",), note="never automate crises"),
                row("senior_agent", "urgent", vip=True, intents=("complaint",)),
                row("senior_agent", "urgent", intents=("warranty_safety",), after_exchanges=2,
                    note="warranty or safety unresolved after two exchanges"),
                row("senior_agent", "lead_fast", vip=True, note="VIP customers to senior agents"),
                row("sales_rep", "lead_fast", intents=("sales_lead",), platforms=fast),
                row("sales_rep", "lead", intents=("sales_lead",)),
                row("support_agent", "support_fast", intents=support, platforms=("x",)),
                row("support_agent", "support", intents=support,
                    platforms=("facebook", "instagram")),
                row("support_agent", "support_slow", intents=support),
            ),
            default_role="community_manager",
            default_sla="support_slow",
        )  # fmt: skip
