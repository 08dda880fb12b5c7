"""Personal data and secrets never reach the logs."""

from __future__ import annotations

import io
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.redaction import REDACTED, RedactingFilter, get_logger, install, redact


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("contact lea.martin+promo@mail.example.fr now", "lea.martin+promo@mail.example.fr"),
        ("tel +33 6 12 34 56 78", "6 12 34 56 78"),
        ("tel 06.12.34.56.78", "06.12.34.56.78"),
        ("tel 0612345678", "0612345678"),
        ("call +14155552671", "+14155552671"),
        ("call (415) 555-2671", "555-2671"),
        ("Authorization: Bearer eyJhbGciOi.abc.def", "eyJhbGciOi"),
        ("authorization=Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"),
        ("GET /v21.0/me?access_token=EAAGm0PX4ZCpsBA123&fields=id", "EAAGm0PX4ZCpsBA123"),
        ('{"client_secret": "abc123xyz"}', "abc123xyz"),
        ("password=hunter2", "hunter2"),
        ("X-API-Key: 9f8e7d6c5b4a", "9f8e7d6c5b4a"),
        ("hubspot pat-na1-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", "0a1b2c3d-4e5f"),
        ("slack xoxb-123456789012-abcdefghij", "xoxb-123456789012"),
        ("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlMTIz", "eyJzdWIi"),
    ],
)
def test_secrets_and_personal_data_are_redacted(text: str, gone: str) -> None:
    out = redact(text)
    assert gone not in out
    assert "<" in out


@pytest.mark.parametrize(
    "text",
    [
        "imported 2026-03-01, 1200 rows",
        "window 2026-03-01 10:00:00+01:00 to 2026-03-08",
        "post 17841400008460056 has 3 comments",
        "lead_d52c103b6475403c952875c4abd71592 delivered in 0.25 s",
        "HTTP 503 after 3 attempts; retry in 12.5 s",
        "version 1.2.3 of socialgoals",
        "18/03/2026 09:30",
    ],
)
def test_ordinary_log_text_is_left_alone(text: str) -> None:
    assert redact(text) == text


emails = st.from_regex(
    r"[a-z][a-z0-9._]{0,15}@[a-z][a-z0-9\-]{0,10}\.(com|fr|io|co\.uk)", fullmatch=True
)


@given(email=emails, prefix=st.sampled_from(["", "lead ", "from: ", "<"]))
def test_any_email_is_redacted(email: str, prefix: str) -> None:
    assert email not in redact(f"{prefix}{email} wrote")


@given(digits=st.lists(st.integers(0, 99), min_size=4, max_size=4))
def test_french_mobile_numbers_are_redacted(digits: list[int]) -> None:
    number = "06 " + " ".join(f"{d:02d}" for d in digits)
    assert number not in redact(f"tel {number}")


@given(text=st.text(max_size=200))
def test_redaction_is_idempotent(text: str) -> None:
    once = redact(text)
    assert redact(once) == once


def _logger(name: str) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger(name)
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def test_filter_redacts_arguments_exceptions_and_stacks() -> None:
    logger, stream = _logger("tests.redaction.filter")
    logger.addFilter(RedactingFilter())
    email, secret = "lea@example.com", "s3" + "cr3t"  # the stack shows source lines
    try:
        raise ValueError(f"bad address {email}")
    except ValueError:
        logger.exception("lead %s with token=%s", email, secret, stack_info=True)
    out = stream.getvalue()
    assert "lea@example.com" not in out
    assert "s3cr3t" not in out
    assert "ValueError: bad address <email>" in out
    assert f"token={REDACTED}" in out


def test_get_logger_attaches_one_filter() -> None:
    logger = get_logger("tests.redaction.get")
    get_logger("tests.redaction.get")
    assert sum(isinstance(f, RedactingFilter) for f in logger.filters) == 1


def test_install_on_a_handler_covers_child_loggers() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    install(handler)
    install(handler)
    assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
    parent = logging.getLogger("tests.redaction.install")
    parent.handlers = [handler]
    parent.propagate = False
    parent.setLevel(logging.INFO)
    logging.getLogger("tests.redaction.install.child").info("phone +33 6 12 34 56 78")
    assert "<phone>" in stream.getvalue()
