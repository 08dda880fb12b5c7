"""The reply-template linter: no sensitive-data requests in public, no admissions.

Rules (English and French lexicons, accent- and case-insensitive, whole words):

- ``sensitive_data`` (error, public templates): a public reply must not ask
  for financial data (card number, IBAN, CVV, numéro de carte, RIB...) or
  health / identity data (diagnosis, date of birth, social security number,
  date de naissance, dossier médical...). The linter cannot tell "send us
  your IBAN" from "never post your IBAN", so any mention is refused: move
  the sentence to a private (DM) template.
- ``credentials`` (error, every template): nobody should ever be asked for a
  password or PIN (mot de passe, code PIN), not even in a DM.
- ``liability`` (warning, every template): wording that admits liability
  ("it's our fault", "we are liable", "c'est de notre faute") should be
  reviewed by a human; legal matters are escalated, not answered.

Slot names are not linted (``{order_number}`` is fine); literal fallbacks are.
"""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING, Final

import attrs

from socialgoals.community._lexicon import Lexicon

if TYPE_CHECKING:
    from socialgoals.community.templates import ReplyTemplate

__all__ = [
    "LintSeverity",
    "LintFinding",
    "lint_template",
    "lint_text",
    "SENSITIVE_TERMS",
    "CREDENTIAL_TERMS",
    "LIABILITY_TERMS",
]


class LintSeverity(enum.Enum):
    """How bad a linter finding is."""

    ERROR = "error"
    """Refused when the plan loads."""
    WARNING = "warning"
    """Reported for human review."""


SENSITIVE_TERMS: Final[tuple[str, ...]] = (
    # financial, English
    "card number", "credit card", "debit card", "card details", "cvv", "cvc",
    "security code", "expiry date", "iban", "bic", "swift code", "bank account",
    "account number", "routing number", "sort code", "bank details",
    # financial, French
    "numéro de carte", "carte bancaire", "carte de crédit", "cryptogramme",
    "code de sécurité", "date d'expiration", "rib", "coordonnées bancaires",
    "numéro de compte", "relevé bancaire",
    # health and identity, English
    "date of birth", "birth date", "diagnosis", "medical record", "medical records",
    "medical history", "medical condition", "health condition", "prescription",
    "social security number", "ssn", "health insurance number",
    # health and identity, French
    "date de naissance", "diagnostic médical", "dossier médical", "antécédents médicaux",
    "ordonnance", "état de santé", "pathologie", "numéro de sécurité sociale", "carte vitale",
)  # fmt: skip
"""Financial, health and identity data a public reply must never ask for."""

CREDENTIAL_TERMS: Final[tuple[str, ...]] = (
    "password", "passcode", "pin code", "your pin", "login details", "one-time code",
    "mot de passe", "code pin", "code secret", "identifiants", "code de vérification",
)  # fmt: skip
"""Secrets no reply may ask for."""

LIABILITY_TERMS: Final[tuple[str, ...]] = (
    "our fault", "we are liable", "we're liable", "we are legally responsible",
    "we take full responsibility", "we admit", "we were negligent", "negligence",
    "notre faute", "nous sommes responsables", "nous reconnaissons notre responsabilité",
    "notre responsabilité", "nous avons été négligents", "négligence",
)  # fmt: skip
"""Wording that admits liability (a warning: a human reviews it)."""

_SLOT: Final = re.compile(r"\{\{|\}\}|\{[^{}|]*(?:\|([^{}]*))?\}")
_SENSITIVE: Final = Lexicon(SENSITIVE_TERMS)


def _literal_part(match: re.Match[str]) -> str:
    """What a reader sees of a slot: its fallback (slot names are not text)."""
    if match.group(0) in ("{{", "}}"):
        return match.group(0)[0]
    return f" {match.group(1) or ''} "


_CREDENTIALS: Final = Lexicon(CREDENTIAL_TERMS)
_LIABILITY: Final = Lexicon(LIABILITY_TERMS)


@attrs.frozen
class LintFinding:
    """One thing the linter found in a template.

    Attributes:
        path: where (``next_step[0]``, or ``templates[2].next_step[0]`` in a library).
        severity: error (refused at load) or warning (for review).
        code: ``sensitive_data``, ``credentials`` or ``liability``.
        message: a human sentence.
        term: the term found, as the lexicon spells it.
    """

    path: str
    severity: LintSeverity
    code: str
    message: str
    term: str


def lint_text(text: str, *, public: bool, path: str = "") -> tuple[LintFinding, ...]:
    """Lint one template text.

    >>> [f.code for f in lint_text("DM us your card number", public=True)]
    ['sensitive_data']
    >>> lint_text("DM us your card number", public=False)
    ()
    >>> [f.severity.value for f in lint_text("C'est de notre faute", public=False)]
    ['warning']
    >>> lint_text("Your {password} or {issue|IBAN}", public=True)[0].term
    'iban'

    """
    text = _SLOT.sub(_literal_part, text)
    found: list[LintFinding] = []
    if public:
        found.extend(
            LintFinding(
                path,
                LintSeverity.ERROR,
                "sensitive_data",
                f"a public reply must not ask for health or financial data ({term!r}); "
                "move it to a private (DM) template",
                term,
            )
            for term in _SENSITIVE.find(text)
        )
    found.extend(
        LintFinding(
            path,
            LintSeverity.ERROR,
            "credentials",
            f"never ask for a password or PIN ({term!r})",
            term,
        )
        for term in _CREDENTIALS.find(text)
    )
    found.extend(
        LintFinding(
            path,
            LintSeverity.WARNING,
            "liability",
            f"may admit liability ({term!r}); have a human review it, escalate legal matters",
            term,
        )
        for term in _LIABILITY.find(text)
    )
    return tuple(found)


def lint_template(template: ReplyTemplate) -> tuple[LintFinding, ...]:
    """Lint every variant of every part of ``template`` (paths like ``answer[1]``)."""
    return tuple(
        finding
        for name, variants in template.parts()
        for i, text in enumerate(variants)
        for finding in lint_text(text, public=template.is_public, path=f"{name}[{i}]")
    )
