"""Keep personal data and secrets out of logs and error messages.

:func:`redact` replaces e-mail addresses, phone numbers and secrets (bearer
tokens, ``Authorization`` headers, ``token=`` / ``api_key=`` / ``password=``
pairs, well-known token shapes) in a text. :class:`RedactingFilter` applies it
to every log record (message, arguments, exception text and stack), and
:func:`get_logger` returns a logger that carries the filter, which every
socialgoals module that logs uses.

>>> redact("lead from lea.martin@example.com, tel +33 6 12 34 56 78")
'lead from <email>, tel <phone>'
>>> redact("GET /me?access_token=EAABsbCS1iHgBAKZC123 Authorization: Bearer abc.def")
'GET /me?access_token=<redacted> Authorization: <redacted>'
>>> redact("imported 2026-03-01 10:00, 1200 rows, post 17841400008460056")
'imported 2026-03-01 10:00, 1200 rows, post 17841400008460056'
"""

from __future__ import annotations

import logging
import re
from typing import Final

__all__ = ["redact", "RedactingFilter", "get_logger", "install", "REDACTED"]

REDACTED: Final = "<redacted>"
"""What a secret is replaced with."""

_AUTH_HEADER: Final = re.compile(
    r"(?i)\b((?:proxy-)?authorization|x-api-key|api-key|cookie|set-cookie)(\s*[:=]\s*)"
    r"(?:(?:bearer|basic|token|digest)\s+)?[^\s,;]+"
)
_BEARER: Final = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=\-]{4,}")
_SECRET_PAIR: Final = re.compile(
    r"(?i)\b([\w\-]*?(?:token|secret|passw(?:or)?d|api[_\-]?key|apikey|access[_\-]?key"
    r"|private[_\-]?key|signature|credentials?|auth))"
    r"(\"?'?\s*[:=]\s*\"?'?)(?!<)([^\s\"'&,;}\]]+)"
)
_TOKEN_SHAPES: Final = re.compile(
    r"\b(?:EAA[A-Za-z0-9]{16,}"  # Meta access tokens
    r"|pat-[a-z0-9]{2,4}-[0-9a-f\-]{20,}"  # HubSpot private app tokens
    r"|gh[pousr]_[A-Za-z0-9]{20,}"  # GitHub tokens
    r"|xox[abprs]-[A-Za-z0-9\-]{10,}"  # Slack tokens
    r"|sk_(?:live|test)_[A-Za-z0-9]{10,}"  # Stripe-style secret keys
    r"|eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,})"  # JWTs
)
_EMAIL: Final = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_PHONE: Final = re.compile(
    r"(?<![\w.:/\-+])"
    r"(?:\+\d{1,3}[\s.\-]?)?(?:\(\d{1,4}\)[\s.\-]?)?"
    r"\d{1,4}(?:[\s.\-]\d{2,4}){1,5}"
    r"(?![\w:/\-]|\.\d)"
    r"|(?<![\w.:/\-+])(?:\+\d{8,15}|0\d{9})(?![\w:/\-]|\.\d)"
)
_DATE_LIKE: Final = re.compile(r"^\d{4}[\-./]\d{2}[\-./]\d{2}$|^\d{2}[\-./]\d{2}[\-./]\d{4}$")


def _phone(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = sum(ch.isdigit() for ch in text)
    if not 8 <= digits <= 15 or _DATE_LIKE.match(text.strip()):
        return text
    has_marker = text.startswith(("+", "(", "0"))
    if not has_marker and digits < 10:
        return text
    return "<phone>"


def redact(text: str) -> str:
    """Return ``text`` with secrets and personal data replaced by placeholders.

    Secrets become ``<redacted>``, e-mail addresses ``<email>`` and phone
    numbers ``<phone>``. Over-redaction is preferred to a leak.

    >>> redact('{"api_key": "s3cr3t-value", "password": "hunter2"}')
    '{"api_key": "<redacted>", "password": "<redacted>"}'
    >>> redact("call (555) 123-4567 or 06 12 34 56 78")
    'call <phone> or <phone>'
    """
    if not text:
        return text
    text = _AUTH_HEADER.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _TOKEN_SHAPES.sub(REDACTED, text)
    text = _SECRET_PAIR.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
    text = _EMAIL.sub("<email>", text)
    return _PHONE.sub(_phone, text)


class RedactingFilter(logging.Filter):
    """A logging filter that redacts each record's message, exception and stack.

    The message is rendered with its arguments first (so a secret passed as an
    argument is caught), then redacted; the record keeps no arguments.

    >>> import io
    >>> stream = io.StringIO()
    >>> handler = logging.StreamHandler(stream)
    >>> handler.addFilter(RedactingFilter())
    >>> logger = logging.getLogger("socialgoals.doctest.redaction")
    >>> logger.addHandler(handler); logger.propagate = False
    >>> logger.warning("lead %s refused", "lea@example.com")
    >>> stream.getvalue()
    'lead <email> refused\\n'
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` in place; never drops it."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = f"{record.msg} {record.args}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_FILTER: Final = RedactingFilter()


def get_logger(name: str) -> logging.Logger:
    """A logger whose records are redacted before any handler sees them.

    >>> get_logger("socialgoals.example").filters[0].__class__.__name__
    'RedactingFilter'
    """
    logger = logging.getLogger(name)
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(_FILTER)
    return logger


def install(handler: logging.Handler | None = None) -> None:
    """Add the redacting filter to ``handler``, or to every handler of the root logger.

    Use it in an application so records from *any* library (HTTP clients
    included) are redacted before they are written.
    """
    handlers = [handler] if handler is not None else logging.getLogger().handlers
    for h in handlers:
        if not any(isinstance(f, RedactingFilter) for f in h.filters):
            h.addFilter(_FILTER)
