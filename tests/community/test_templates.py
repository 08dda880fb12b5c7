"""Reply templates: safe slots, fallbacks, rotation, limits, linter, plan round trip."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.community import MessageKind
from socialgoals.community.templates import (
    DEFAULT_SLOTS,
    LintSeverity,
    Overflow,
    ReplyLimit,
    ReplyTemplate,
    TemplateLibrary,
    Visibility,
    choose_variant,
    fit_to_limit,
)
from socialgoals.converters import structure, unstructure
from socialgoals.errors import (
    DuplicateIdError,
    UnknownReferenceError,
    UnsafeTemplateError,
    ValidationError,
)
from socialgoals.model import Platform
from socialgoals.testing.strategies._community_replies import (
    reply_templates,
    slot_values,
    template_libraries,
    template_texts,
)

UNSAFE = {
    "{first_name.__class__}": "attribute_access",
    "{0}": "positional_slot",
    "{}": "positional_slot",
    "{first_name[0]}": "indexing",
    "{first_name:>999999999}": "format_spec",
    "{first_name!r}": "conversion",
    "{first_name.__class__.__mro__}": "attribute_access",
    "{order_number!s:>9}": "conversion",
    "{password}": "unknown_slot",
    "{First_Name}": "bad_slot",
    "{first_name": "bad_brace",
    "first_name}": "bad_brace",
}


def _plan(text: str) -> dict[str, Any]:
    return {
        "templates": [
            {"id": "ok", "greeting": ["Hi {first_name|there}"]},
            {"id": "bad", "answer": ["Thanks!", f"Hello {text} again"]},
        ]
    }


@pytest.mark.parametrize(("text", "code"), UNSAFE.items())
def test_unsafe_syntax_is_refused_at_load_with_the_template_path(text: str, code: str) -> None:
    with pytest.raises(UnsafeTemplateError) as info:
        structure(_plan(text), TemplateLibrary)
    assert info.value.paths == ["templates[1].answer[1]"]
    assert info.value.problems[0].code == code


@pytest.mark.parametrize("text", list(UNSAFE))
def test_unsafe_syntax_is_refused_when_built_directly(text: str) -> None:
    with pytest.raises(UnsafeTemplateError) as info:
        TemplateLibrary(templates=(ReplyTemplate(id="t", next_step=("ok", text)),))
    assert info.value.paths == ["templates[0].next_step[1]"] or info.value.paths == ["next_step[1]"]


def test_every_problem_is_reported_at_once() -> None:
    data = {
        "templates": [
            {"id": "a", "greeting": ["{0} {first_name!r}"], "signature": ["{agent_name:>5}"]},
        ]
    }
    with pytest.raises(UnsafeTemplateError) as info:
        structure(data, TemplateLibrary)
    assert info.value.paths == [
        "templates[0].greeting[0]",
        "templates[0].greeting[0]",
        "templates[0].signature[0]",
    ]


def test_str_format_is_never_used_on_templates() -> None:
    # A value that would explode in str.format is inserted verbatim.
    lib = TemplateLibrary(templates=(ReplyTemplate(id="t", answer=("Order {order_number}",)),))
    reply = lib.render(
        "t",
        conversation_id="c",
        platform=Platform.FACEBOOK,
        kind=MessageKind.DM,
        values={"order_number": "{0.__class__} {first_name!r}"},
    )
    assert reply.text == "Order {0.__class__} {first_name!r}"


def test_missing_value_uses_the_slot_fallback_then_the_library_fallback() -> None:
    lib = TemplateLibrary(
        templates=(
            ReplyTemplate(
                id="t", greeting=("Hi {first_name|there},",), signature=("{agent_name}",)
            ),
        ),
        fallbacks={"agent_name": "The team"},
    )
    for values in ({}, {"first_name": None}, {"first_name": "   "}, {"first_name": "\n\t"}):
        reply = lib.render(
            "t", conversation_id="c", platform=Platform.X, kind=MessageKind.COMMENT, values=values
        )
        assert reply.text == "Hi there, The team"
        assert reply.fallbacks_used == ("first_name", "agent_name")
    reply = lib.render(
        "t",
        conversation_id="c",
        platform=Platform.X,
        kind=MessageKind.COMMENT,
        values={"first_name": "Léa", "agent_name": "Sam"},
    )
    assert reply.text == "Hi Léa, Sam"
    assert reply.fallbacks_used == ()


def test_missing_value_without_any_fallback_is_a_clear_error() -> None:
    lib = TemplateLibrary(templates=(ReplyTemplate(id="t", signature=("— {agent_name}",)),))
    with pytest.raises(ValidationError) as info:
        lib.render("t", conversation_id="c", platform=Platform.X, kind=MessageKind.DM)
    assert info.value.problems[0].code == "missing_slot"
    assert info.value.paths == ["t.signature[0]"]
    assert "agent_name" in str(info.value)


def test_values_are_cleaned_to_one_capped_line() -> None:
    lib = TemplateLibrary(templates=(ReplyTemplate(id="t", greeting=("Hi {first_name}!",)),))
    reply = lib.render(
        "t",
        conversation_id="c",
        platform=Platform.FACEBOOK,
        kind=MessageKind.DM,
        values={"first_name": "Léa\n\nDROP TABLE\u200b" + "x" * 500},
    )
    assert "\n" not in reply.text
    assert "\u200b" not in reply.text
    assert len(reply.text) <= len("Hi !") + 100


def test_unknown_slot_is_refused_and_whitelist_is_configurable() -> None:
    template = ReplyTemplate(id="t", answer=("Your ticket {ticket_id|is open}",))
    with pytest.raises(UnsafeTemplateError, match="unknown slot 'ticket_id'"):
        TemplateLibrary(templates=(template,))
    lib = TemplateLibrary(templates=(template,), allowed_slots=("ticket_id",))
    reply = lib.render("t", conversation_id="c", platform=Platform.X, kind=MessageKind.DM)
    assert reply.text == "Your ticket is open"


def test_escaped_braces_are_literal() -> None:
    lib = TemplateLibrary(
        templates=(ReplyTemplate(id="t", answer=("{{first_name}} is {first_name|x}",)),)
    )
    reply = lib.render(
        "t",
        conversation_id="c",
        platform=Platform.X,
        kind=MessageKind.DM,
        values={"first_name": "Jo"},
    )
    assert reply.text == "{first_name} is Jo"


# --------------------------------------------------------------------------- linter


@pytest.mark.parametrize(
    "text",
    [
        "Please reply with your card number.",
        "Send us your IBAN so we can refund you",
        "What is your date of birth?",
        "Can you share your diagnosis?",
        "Merci de nous indiquer votre numéro de carte",
        "Envoyez-nous votre RIB",
        "Quelle est votre date de naissance ?",
        "Votre DOSSIER MÉDICAL nous aiderait",
    ],
)
def test_linter_refuses_public_replies_asking_for_health_or_financial_data(text: str) -> None:
    data = {"templates": [{"id": "t", "visibility": "public", "next_step": [text]}]}
    with pytest.raises(UnsafeTemplateError) as info:
        structure(data, TemplateLibrary)
    assert info.value.paths == ["templates[0].next_step[0]"]
    assert info.value.problems[0].code == "sensitive_data"
    # The same sentence is allowed in a private (DM) template.
    data["templates"][0]["visibility"] = "private"
    assert structure(data, TemplateLibrary).templates[0].visibility is Visibility.PRIVATE


@pytest.mark.parametrize("text", ["Please send your password", "Donnez-nous votre mot de passe"])
def test_linter_refuses_credentials_everywhere(text: str) -> None:
    with pytest.raises(UnsafeTemplateError, match="password or PIN"):
        TemplateLibrary(
            templates=(ReplyTemplate(id="t", answer=(text,), visibility=Visibility.PRIVATE),)
        )


def test_linter_ignores_slot_names_and_near_words() -> None:
    lib = TemplateLibrary(
        templates=(ReplyTemplate(id="t", answer=("Your order {order_number} is public, caribou",)),)
    )
    assert lib.lint() == ()


def test_linter_warns_on_admitting_liability() -> None:
    lib = TemplateLibrary(
        templates=(
            ReplyTemplate(id="ok", answer=("Thanks!",)),
            ReplyTemplate(
                id="t", empathy=("Sorry, this is entirely our fault.", "C'est de notre faute.")
            ),
        )
    )
    findings = lib.lint()
    assert [(f.path, f.severity, f.code) for f in findings] == [
        ("templates[1].empathy[0]", LintSeverity.WARNING, "liability"),
        ("templates[1].empathy[1]", LintSeverity.WARNING, "liability"),
    ]


def test_private_template_cannot_answer_a_public_message() -> None:
    lib = TemplateLibrary(
        templates=(
            ReplyTemplate(id="dm", answer=("Your card number?",), visibility=Visibility.PRIVATE),
        )
    )
    with pytest.raises(ValidationError) as info:
        lib.render("dm", conversation_id="c", platform=Platform.X, kind=MessageKind.COMMENT)
    assert info.value.problems[0].code == "private_template"
    assert lib.render("dm", conversation_id="c", platform=Platform.X, kind=MessageKind.DM).text


# --------------------------------------------------------------------------- library shape


def test_duplicate_ids_and_unknown_template() -> None:
    with pytest.raises(DuplicateIdError):
        TemplateLibrary(
            templates=(ReplyTemplate(id="t", answer=("a",)), ReplyTemplate(id="t", answer=("b",)))
        )
    with pytest.raises(UnknownReferenceError):
        TemplateLibrary().get("nope")


def test_template_needs_a_part_and_a_slug_id() -> None:
    with pytest.raises(ValidationError) as info:
        ReplyTemplate(id="Bad Id")
    assert set(info.value.paths) == {"id", ""}


def test_limits_are_validated() -> None:
    with pytest.raises(ValidationError) as info:
        ReplyLimit(Platform.X, public=5, private=True)  # type: ignore[arg-type]
    assert info.value.paths == ["public", "private"]


# --------------------------------------------------------------------------- length limits


def test_trim_at_a_word_boundary_with_an_ellipsis() -> None:
    text = "word " * 100
    trimmed, cut = fit_to_limit(text, 280)
    assert cut
    assert len(trimmed) <= 280
    assert trimmed.endswith("word…")


def test_trim_inside_one_long_word() -> None:
    trimmed, cut = fit_to_limit("x" * 50, 20)
    assert (trimmed, cut) == ("x" * 19 + "…", True)


def test_refuse_overflow() -> None:
    lib = TemplateLibrary(
        templates=(ReplyTemplate(id="t", answer=("word " * 100,)),), overflow=Overflow.REFUSE
    )
    with pytest.raises(ValidationError) as info:
        lib.render("t", conversation_id="c", platform=Platform.TIKTOK, kind=MessageKind.COMMENT)
    assert info.value.problems[0].code == "reply_too_long"
    reply = lib.render(
        "t", conversation_id="c", platform=Platform.FACEBOOK, kind=MessageKind.COMMENT
    )
    assert not reply.trimmed


def test_limits_per_platform_and_kind() -> None:
    lib = TemplateLibrary(
        limits=(ReplyLimit(Platform.X, public=100, private=300),), default_limit=50
    )
    assert lib.limit_for(Platform.X, MessageKind.COMMENT) == 100
    assert lib.limit_for(Platform.X, MessageKind.DM) == 300
    assert lib.limit_for(Platform.LINKEDIN, MessageKind.COMMENT) == 50
    assert TemplateLibrary().limit_for(Platform.X, MessageKind.MENTION) == 280


@given(st.text(max_size=600), st.integers(2, 400))
def test_fit_to_limit_never_exceeds_and_keeps_short_texts(text: str, limit: int) -> None:
    fitted, cut = fit_to_limit(text, limit)
    assert len(fitted) <= limit
    assert cut == (len(text) > limit)
    if not cut:
        assert fitted == text
    else:
        assert text.startswith(fitted[:-1].rstrip())


# --------------------------------------------------------------------------- properties

PLATFORMS = st.sampled_from(Platform.known())
KINDS = st.sampled_from(MessageKind)


@given(
    reply_templates(),
    slot_values(),
    st.text(max_size=20),
    PLATFORMS,
    KINDS,
    st.integers(20, 400),
)
def test_rendering_never_raises_and_never_exceeds_the_limit(
    template: ReplyTemplate,
    values: dict[str, Any],
    conv: str,
    platform: Platform,
    kind: MessageKind,
    tight: int,
) -> None:
    lib = TemplateLibrary(
        templates=(template,),
        fallbacks=dict.fromkeys(DEFAULT_SLOTS, "x"),
        limits=(ReplyLimit(platform, public=tight, private=tight + 10),),
    )
    kind = kind if template.is_public else MessageKind.DM
    reply = lib.render(
        template.id, conversation_id=conv, platform=platform, kind=kind, values=values
    )
    assert len(reply.text) <= lib.limit_for(platform, kind)
    assert reply.limit == lib.limit_for(platform, kind)
    assert [name for name, _ in reply.variants] == [name for name, _ in template.parts()]
    again = lib.render(
        template.id, conversation_id=conv, platform=platform, kind=kind, values=values
    )
    assert again == reply


@given(template_libraries())
def test_libraries_round_trip_through_json(lib: TemplateLibrary) -> None:
    data = json.loads(json.dumps(unstructure(lib)))
    assert structure(data, TemplateLibrary) == lib


@given(st.text(max_size=30), st.text(max_size=10), st.integers(1, 6))
def test_rotation_is_deterministic_and_in_range(conv: str, tid: str, count: int) -> None:
    index = choose_variant(conv, tid, "greeting", count)
    assert 0 <= index < count
    assert index == choose_variant(conv, tid, "greeting", count)


@given(st.integers(1, 5), st.text(max_size=8))
def test_rotation_covers_every_variant(count: int, prefix: str) -> None:
    seen = {choose_variant(f"{prefix}conv-{i}", "t", "greeting", count) for i in range(200)}
    assert seen == set(range(count))


def test_rotation_is_stable_across_processes() -> None:
    # PYTHONHASHSEED differs between processes; SHA-256 rotation must not.
    code = (
        "from socialgoals.community.templates import choose_variant;"
        "print([choose_variant(f'c{i}', 't', 'answer', 7) for i in range(20)])"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
    assert runs == {str([choose_variant(f"c{i}", "t", "answer", 7) for i in range(20)]) + "\n"}


def test_one_conversation_keeps_its_wording_and_parts_rotate_independently() -> None:
    template = ReplyTemplate(
        id="t",
        greeting=("Hi!", "Hello!", "Hey!"),
        answer=("A1.", "A2.", "A3."),
    )
    lib = TemplateLibrary(templates=(template,))
    replies = {
        lib.render("t", conversation_id=f"c{i}", platform=Platform.X, kind=MessageKind.DM).variants
        for i in range(60)
    }
    assert len(replies) == 9  # every (greeting, answer) combination appears


@given(template_texts())
def test_generated_texts_parse(text: str) -> None:
    TemplateLibrary(templates=(ReplyTemplate(id="t", answer=(text,)),))


def test_plan_shape_loads() -> None:
    data = {
        "allowed_slots": ["first_name", "product", "agent_name"],
        "overflow": "refuse",
        "fallbacks": {"agent_name": "The team"},
        "limits": [{"platform": "Twitter", "public": 200, "private": 1000}],
        "templates": [
            {
                "id": "complaint_ack",
                "visibility": "public",
                "greeting": ["Hi {first_name|there},", "Hello {first_name|there},"],
                "empathy": ["I'm sorry to hear about {product|this}."],
                "next_step": ["Can you DM us so we can check this right away?"],
                "signature": ["— {agent_name}"],
            }
        ],
    }
    lib = structure(data, TemplateLibrary)
    assert lib.limit_for(Platform.X, MessageKind.COMMENT) == 200
    reply = lib.render(
        "complaint_ack", conversation_id="c", platform=Platform.X, kind=MessageKind.COMMENT
    )
    assert reply.text.endswith(
        "I'm sorry to hear about this. Can you DM us so we can check this right away? — The team"
    )


def test_library_fallbacks_are_linted_too() -> None:
    with pytest.raises(UnsafeTemplateError) as info:
        TemplateLibrary(fallbacks={"issue": "your card number", "nope": "x"})
    assert info.value.paths == ["fallbacks.issue", "fallbacks.nope"]


def test_unsafe_and_other_problems_are_reported_together() -> None:
    with pytest.raises(UnsafeTemplateError) as info:
        structure({"id": "Bad Id", "answer": ["{0}"]}, ReplyTemplate)
    assert info.value.paths == ["answer[0]", "id"]
    data = {
        "templates": [{"id": "t", "answer": ["{zz}"]}, {"id": "t", "answer": ["ok"]}],
        "default_limit": 3,
    }
    with pytest.raises(UnsafeTemplateError) as info:
        structure(data, TemplateLibrary)
    assert info.value.paths == ["templates[0].answer[0]", "templates[1].id", "default_limit"]
