"""Modular reply templates: safe slots, fallbacks, rotation and platform limits.

A :class:`ReplyTemplate` is built from parts (greeting, empathy, answer, next
step, signature); each part holds one or more *variants*. A reply picks one
variant per part, deterministically per conversation (a SHA-256 of the
template id, the part and the conversation id, never Python's randomized
``hash()``), so one conversation always gets the same wording and different
conversations get different wordings.

Slots are ``{first_name}`` or ``{first_name|there}`` (``there`` is the
fallback used when the value is missing or blank). Only whitelisted slot names
are allowed (:data:`DEFAULT_SLOTS`, configurable per :class:`TemplateLibrary`);
attribute access, indexing, conversions, format specs and positional slots are
refused when the plan loads, with the template's path. Templates are parsed by
socialgoals, never passed to :meth:`str.format`.

A slot with no value and no fallback (neither in the slot nor in
:attr:`TemplateLibrary.fallbacks`) is an error at render time: a
:class:`~socialgoals.errors.ValidationError` with code ``missing_slot``.

Plan shape (TOML; JSON is the same tree)::

    [community.templates]
    allowed_slots = ["first_name", "product", "order_number", "delay", "agent_name"]
    overflow = "trim"                    # or "refuse"
    fallbacks = { agent_name = "The team" }

    [[community.templates.limits]]       # optional: overrides DEFAULT_REPLY_LIMITS
    platform = "x"
    public = 280
    private = 10000

    [[community.templates.templates]]
    id = "complaint_ack"
    visibility = "public"                # "private" for DM-only templates
    greeting = ["Hi {first_name|there},", "Hello {first_name|there},"]
    empathy = ["I'm sorry to hear about {product|this}."]
    next_step = ["Can you DM us so we can check this right away?"]
    signature = ["— {agent_name}"]

>>> lib = TemplateLibrary(templates=(ReplyTemplate(
...     id="thanks", greeting=("Hi {first_name|there}!", "Hello {first_name|there}!"),
...     answer=("Thanks for the kind words about {product|our work}.",)),))
>>> reply = lib.render("thanks", conversation_id="c-1", platform=Platform.X,
...                    kind=MessageKind.COMMENT, values={"first_name": "Léa"})
>>> reply.text in ("Hi Léa! Thanks for the kind words about our work.",
...                "Hello Léa! Thanks for the kind words about our work.")
True
>>> reply.fallbacks_used
('product',)
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping
from typing import Final

import attrs

from socialgoals.community._slots import parse_template, render_segments, template_problems
from socialgoals.community._template_lint import (
    LintFinding,
    LintSeverity,
    lint_template,
    lint_text,
)
from socialgoals.community.messages import MessageKind
from socialgoals.errors import (
    DuplicateIdError,
    Problem,
    UnknownReferenceError,
    UnsafeTemplateError,
    ValidationError,
    check,
)
from socialgoals.model import SLUG_RE, Platform

__all__ = [
    "DEFAULT_SLOTS",
    "PART_NAMES",
    "Visibility",
    "Overflow",
    "ReplyLimit",
    "DEFAULT_REPLY_LIMITS",
    "DEFAULT_LIMIT",
    "ReplyTemplate",
    "RenderedReply",
    "TemplateLibrary",
    "choose_variant",
    "fit_to_limit",
    "LintFinding",
    "LintSeverity",
    "lint_template",
]

DEFAULT_SLOTS: Final[tuple[str, ...]] = (
    "first_name",
    "product",
    "order_number",
    "delay",
    "agent_name",
    "brand",
    "issue",
    "link",
)
"""The slot names allowed when a library does not set ``allowed_slots``."""

PART_NAMES: Final[tuple[str, ...]] = ("greeting", "empathy", "answer", "next_step", "signature")
"""The parts of a reply, in the order they are joined."""

ELLIPSIS: Final = "\u2026"


class Visibility(enum.Enum):
    """Where a template may be used."""

    PUBLIC = "public"
    """Comments, mentions, reviews: everybody reads it (the linter is strict)."""
    PRIVATE = "private"
    """DMs only; rendering it as a reply to a public message is refused."""


class Overflow(enum.Enum):
    """What to do when a reply is longer than the platform allows."""

    TRIM = "trim"
    """Cut at the last word boundary that fits and end with an ellipsis."""
    REFUSE = "refuse"
    """Raise a ``ValidationError`` with code ``reply_too_long``."""


@attrs.frozen
class ReplyLimit:
    """The longest reply a platform accepts, in Unicode code points.

    Attributes:
        platform: the platform.
        public: the limit for public replies (comments, mentions, reviews).
        private: the limit for private messages (DMs).
    """

    platform: Platform
    public: int
    private: int

    def __attrs_post_init__(self) -> None:
        check(
            Problem(name, value, "must be a whole number >= 20", code="out_of_range")
            for name, value in (("public", self.public), ("private", self.private))
            if isinstance(value, bool) or not isinstance(value, int) or value < 20
        )

    def for_kind(self, kind: MessageKind) -> int:
        """The limit for a reply to a message of ``kind``."""
        return self.public if kind.is_public else self.private


DEFAULT_REPLY_LIMITS: Final[tuple[ReplyLimit, ...]] = (
    ReplyLimit(Platform.FACEBOOK, public=8000, private=2000),
    ReplyLimit(Platform.INSTAGRAM, public=2200, private=1000),
    ReplyLimit(Platform.LINKEDIN, public=1250, private=8000),
    ReplyLimit(Platform.X, public=280, private=10000),
    ReplyLimit(Platform.TIKTOK, public=150, private=6000),
    ReplyLimit(Platform.YOUTUBE, public=10000, private=10000),
    ReplyLimit(Platform.PINTEREST, public=500, private=500),
)
"""Conservative published comment / DM limits, in code points.

X counts some characters (CJK, emoji) twice; 280 code points is therefore an
upper bound there, and teams replying in such scripts should lower it.
"""

DEFAULT_LIMIT: Final = 1000
"""The limit for a platform that no :class:`ReplyLimit` names."""


def choose_variant(conversation_id: str, template_id: str, part: str, count: int) -> int:
    """The variant index (``0 <= i < count``) a conversation gets for one part.

    Stable across processes and Python versions (SHA-256, not ``hash()``).

    >>> choose_variant("conv-42", "thanks", "greeting", 3) == choose_variant(
    ...     "conv-42", "thanks", "greeting", 3)
    True
    """
    if count <= 0:
        raise ValueError(f"count must be >= 1, got {count}")
    digest = hashlib.sha256(f"{template_id}\x1f{part}\x1f{conversation_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % count


def fit_to_limit(text: str, limit: int) -> tuple[str, bool]:
    """Trim ``text`` to at most ``limit`` code points at a word boundary.

    Returns the text and whether it was trimmed. A trimmed text ends with an
    ellipsis; when no space falls in the second half of the allowed length,
    the cut is made inside the word.

    >>> fit_to_limit("Thanks a lot for your message", 20)
    ('Thanks a lot for…', True)
    """
    if limit < 2:
        raise ValueError(f"limit must be >= 2, got {limit}")
    if len(text) <= limit:
        return text, False
    room = text[: limit - 1]
    space = max(room.rfind(" "), room.rfind("\n"))
    if space >= limit // 2:
        room = room[:space]
    return room.rstrip() + ELLIPSIS, True


def _variants_problems(name: str, variants: object) -> list[Problem]:
    if not isinstance(variants, tuple):
        return [Problem(name, variants, "must be a list of strings", code="wrong_type")]
    problems: list[Problem] = []
    for i, text in enumerate(variants):
        problems.extend(template_problems(text, allowed=None, path=f"{name}[{i}]"))
    return problems


@attrs.frozen
class ReplyTemplate:
    """A modular reply: each part is a tuple of interchangeable variants.

    Attributes:
        id: a slug (``complaint_ack``).
        greeting: greeting variants ("Hi {first_name|there},").
        empathy: empathy-line variants ("I'm sorry to hear that.").
        answer: answer / action variants.
        next_step: next-step variants ("Can you DM us your order number?").
        signature: signature variants ("— {agent_name}").
        visibility: public (default, strictly linted) or private (DMs only).
        description: what the template is for (for reviewers).

    Raises:
        UnsafeTemplateError: a variant uses unsafe syntax (path ``greeting[0]``...).
    """

    id: str
    greeting: tuple[str, ...] = ()
    empathy: tuple[str, ...] = ()
    answer: tuple[str, ...] = ()
    next_step: tuple[str, ...] = ()
    signature: tuple[str, ...] = ()
    visibility: Visibility = Visibility.PUBLIC
    description: str = ""

    def __attrs_post_init__(self) -> None:
        unsafe: list[Problem] = []
        for name in PART_NAMES:
            unsafe.extend(_variants_problems(name, getattr(self, name)))
        problems: list[Problem] = []
        if not isinstance(self.id, str) or not SLUG_RE.match(self.id):
            problems.append(Problem("id", self.id, "must be a slug such as 'complaint_ack'"))
        if not any(getattr(self, name) for name in PART_NAMES):
            problems.append(Problem("", self.id, "needs at least one part", code="empty"))
        check([*unsafe, *problems], UnsafeTemplateError if unsafe else ValidationError)

    def parts(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The non-empty parts as ``(name, variants)`` pairs, in reply order."""
        return tuple((name, getattr(self, name)) for name in PART_NAMES if getattr(self, name))

    @property
    def is_public(self) -> bool:
        """Whether it may answer public messages."""
        return self.visibility is Visibility.PUBLIC


@attrs.frozen
class RenderedReply:
    """A reply ready to send, with what it was made of (for the audit trail).

    Attributes:
        template_id: the template used.
        text: the reply.
        variants: the chosen variant index per part, as ``(part, index)``.
        fallbacks_used: the slots that used their fallback.
        limit: the length limit that applied.
        trimmed: whether the text was cut to fit ``limit``.
    """

    template_id: str
    text: str
    variants: tuple[tuple[str, int], ...]
    fallbacks_used: tuple[str, ...]
    limit: int
    trimmed: bool


def _default_limits() -> tuple[ReplyLimit, ...]:
    return DEFAULT_REPLY_LIMITS


@attrs.frozen
class TemplateLibrary:
    """The reply templates of a plan, with their slot whitelist and length limits.

    Attributes:
        templates: the templates (unique ids).
        allowed_slots: the slot names templates may use.
        fallbacks: library-wide fallbacks per slot, used when a slot has none.
        limits: per-platform length limits (:data:`DEFAULT_REPLY_LIMITS` by default).
        default_limit: the limit for platforms that ``limits`` does not name.
        overflow: trim (default) or refuse replies longer than the limit.

    Raises:
        UnsafeTemplateError: a template uses a slot outside ``allowed_slots``,
            or a public template asks for health or financial data; every
            problem (other ones included) is reported with its path
            (``templates[1].next_step[0]``).
        DuplicateIdError: two templates share an id (and nothing else is wrong).
    """

    templates: tuple[ReplyTemplate, ...] = ()
    allowed_slots: tuple[str, ...] = DEFAULT_SLOTS
    fallbacks: dict[str, str] = attrs.field(factory=dict)
    limits: tuple[ReplyLimit, ...] = attrs.field(factory=_default_limits)
    default_limit: int = DEFAULT_LIMIT
    overflow: Overflow = Overflow.TRIM

    def __attrs_post_init__(self) -> None:
        allowed = frozenset(self.allowed_slots)
        unsafe: list[Problem] = []
        for i, template in enumerate(self.templates):
            for name, variants in template.parts():
                for j, text in enumerate(variants):
                    path = f"templates[{i}].{name}[{j}]"
                    unsafe.extend(template_problems(text, allowed=allowed, path=path))
            unsafe.extend(
                Problem(f"templates[{i}].{f.path}", f.term, f.message, code=f.code)
                for f in lint_template(template)
                if f.severity is LintSeverity.ERROR
            )
        for name, fallback in self.fallbacks.items():
            if name not in allowed:
                unsafe.append(
                    Problem(
                        f"fallbacks.{name}", name, "is not an allowed slot", code="unknown_slot"
                    )
                )
            unsafe.extend(
                Problem(f"fallbacks.{name}", f.term, f.message, code=f.code)
                for f in lint_text(str(fallback), public=True)
                if f.severity is LintSeverity.ERROR
            )
        shape = self._shape_problems()
        if unsafe:
            raise UnsafeTemplateError([*unsafe, *shape])
        if shape and all(p.code == "duplicate_id" for p in shape):
            raise DuplicateIdError(shape)
        check(shape)

    def _shape_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        seen: set[str] = set()
        for i, template in enumerate(self.templates):
            if template.id in seen:
                problems.append(
                    Problem(f"templates[{i}].id", template.id, "is used twice", code="duplicate_id")
                )
            seen.add(template.id)
        for i, name in enumerate(self.allowed_slots):
            if not isinstance(name, str) or not name.isidentifier() or name != name.lower():
                problems.append(Problem(f"allowed_slots[{i}]", name, "must be a lowercase name"))
        if isinstance(self.default_limit, bool) or not (
            isinstance(self.default_limit, int) and self.default_limit >= 20
        ):
            problems.append(Problem("default_limit", self.default_limit, "must be >= 20"))
        return problems

    def get(self, template_id: str) -> ReplyTemplate:
        """The template with id ``template_id``.

        Raises:
            UnknownReferenceError: no template has that id.
        """
        for template in self.templates:
            if template.id == template_id:
                return template
        raise UnknownReferenceError(
            "no template with this id", path="template_id", value=template_id
        )

    def limit_for(self, platform: Platform, kind: MessageKind) -> int:
        """The length limit of a reply to a ``kind`` message on ``platform``."""
        for limit in self.limits:
            if limit.platform == platform:
                return limit.for_kind(kind)
        return self.default_limit

    def lint(self) -> tuple[LintFinding, ...]:
        """Every linter finding (warnings included) of every template, located."""
        return tuple(
            attrs.evolve(finding, path=f"templates[{i}].{finding.path}")
            for i, template in enumerate(self.templates)
            for finding in lint_template(template)
        )

    def render(
        self,
        template_id: str,
        *,
        conversation_id: str,
        platform: Platform,
        kind: MessageKind,
        values: Mapping[str, object] | None = None,
    ) -> RenderedReply:
        """Render a reply for one conversation.

        Args:
            template_id: the template to use.
            conversation_id: picks the variants (same id, same wording).
            platform: sets the length limit.
            kind: the kind of message answered; public kinds refuse private templates.
            values: slot values; missing, ``None`` or blank ones use fallbacks.

        Raises:
            UnknownReferenceError: no such template.
            ValidationError: a private template for a public message
                (``private_template``), a slot without value nor fallback
                (``missing_slot``), or a too-long reply under
                :attr:`Overflow.REFUSE` (``reply_too_long``).
        """
        template = self.get(template_id)
        if kind.is_public and not template.is_public:
            raise ValidationError(
                f"template is private (DM only) and cannot answer a public {kind.value}",
                path="template_id",
                value=template_id,
                code="private_template",
            )
        allowed = frozenset(self.allowed_slots)
        pieces: list[str] = []
        chosen: list[tuple[str, int]] = []
        fell_back: list[str] = []
        for name, variants in template.parts():
            index = choose_variant(conversation_id, template.id, name, len(variants))
            path = f"{template.id}.{name}[{index}]"
            segments = parse_template(variants[index], allowed=allowed, path=path)
            text, used = render_segments(segments, values or {}, self.fallbacks, path=path)
            chosen.append((name, index))
            fell_back.extend(u for u in used if u not in fell_back)
            if text.strip():
                pieces.append(text.strip())
        text = " ".join(pieces)
        limit = self.limit_for(platform, kind)
        if len(text) > limit and self.overflow is Overflow.REFUSE:
            raise ValidationError(
                f"reply is {len(text)} characters, over the {platform.label} limit of {limit}",
                path=template.id,
                value=len(text),
                code="reply_too_long",
            )
        fitted, trimmed = fit_to_limit(text, limit)
        return RenderedReply(
            template_id=template.id,
            text=fitted,
            variants=tuple(chosen),
            fallbacks_used=tuple(fell_back),
            limit=limit,
            trimmed=trimmed,
        )
