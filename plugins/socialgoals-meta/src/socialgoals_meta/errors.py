"""Typed errors for the Meta Graph API, mapped from its error JSON.

The Graph API answers a failed call with a JSON body such as
``{"error": {"message": ..., "type": "OAuthException", "code": 190,
"error_subcode": 463, "fbtrace_id": "..."}}``. :func:`error_from_response`
turns it into one of the classes below, all subclasses of
:class:`socialgoals.errors.SourceError`, so callers can catch the whole
family or one case:

- :class:`GraphRateLimitError`: throttled (codes 4, 17, 32, 613 and the
  business-use-case codes 80000-80014); retry later.
- :class:`GraphTokenError`: the access token expired or was revoked (190,
  102); get a new token, retrying will not help.
- :class:`GraphTransientError`: a temporary failure on Meta's side (1, 2,
  ``is_transient``, HTTP 5xx, network errors); retry.
- :class:`GraphPermissionError`: a permission is missing (10, 200-299).
- :class:`GraphPaginationError`: pagination did not terminate (a repeated
  cursor, or more pages than the cap).

Messages never contain the access token: every text that comes from the
server goes through a scrubber first.

>>> err = error_from_response(400, {"error": {"message": "Session has expired",
...     "type": "OAuthException", "code": 190, "error_subcode": 463,
...     "fbtrace_id": "AbC"}})
>>> type(err).__name__, err.code, err.subcode, err.transient
('GraphTokenError', 190, 463, False)
>>> print(err)
Graph API error 190/463 (OAuthException, HTTP 400): Session has expired [fbtrace_id=AbC]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Final

from socialgoals.errors import SourceError

__all__ = [
    "GraphAPIError",
    "GraphRateLimitError",
    "GraphTokenError",
    "GraphTransientError",
    "GraphPermissionError",
    "GraphRequestError",
    "GraphPaginationError",
    "error_from_response",
    "THROTTLING_CODES",
]

THROTTLING_CODES: Final = frozenset({4, 17, 32, 613, *range(80000, 80015)})
"""Error codes that mean "too many calls": application, user, page, custom and BUC limits."""
_TOKEN_CODES: Final = frozenset({190, 102})
_TRANSIENT_CODES: Final = frozenset({1, 2})
_PERMISSION_CODES: Final = frozenset({3, 10, *range(200, 300)})


class GraphAPIError(SourceError):
    """The Graph API refused a call.

    Attributes:
        code: the Graph error code (``error.code``), when the body had one.
        subcode: ``error.error_subcode``, when given.
        error_type: ``error.type`` ("OAuthException", "GraphMethodException"...).
        fbtrace_id: Meta's trace id, to quote to Meta support.
        http_status: the HTTP status of the answer (0 for network errors).
        retry_after: seconds to wait before retrying, when known.
        transient: whether retrying the same call later may succeed.
    """

    transient: ClassVar[bool] = False

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        subcode: int | None = None,
        error_type: str | None = None,
        fbtrace_id: str | None = None,
        http_status: int = 0,
        retry_after: float | None = None,
    ) -> None:
        self.code = code
        self.subcode = subcode
        self.error_type = error_type
        self.fbtrace_id = fbtrace_id
        self.http_status = http_status
        self.retry_after = retry_after
        self.reason = message
        super().__init__(self._render())

    def _render(self) -> str:
        if self.code is None:
            head = "Graph API error"
        elif self.subcode is None:
            head = f"Graph API error {self.code}"
        else:
            head = f"Graph API error {self.code}/{self.subcode}"
        details = [d for d in (self.error_type, f"HTTP {self.http_status}") if d]
        if self.http_status == 0:
            details = [d for d in details if d != "HTTP 0"]
        where = f" ({', '.join(details)})" if details else ""
        trace = f" [fbtrace_id={self.fbtrace_id}]" if self.fbtrace_id else ""
        return f"{head}{where}: {self.reason}{trace}"


class GraphRateLimitError(GraphAPIError):
    """Meta throttled the app, the user, the page or the business use case."""

    transient = True


class GraphTokenError(GraphAPIError):
    """The access token expired, was revoked or is invalid: get a new one."""


class GraphTransientError(GraphAPIError):
    """A temporary failure (Meta's codes 1 and 2, HTTP 5xx, timeouts): retry."""

    transient = True


class GraphPermissionError(GraphAPIError):
    """The token lacks a permission the call needs (codes 10 and 200-299)."""


class GraphRequestError(GraphAPIError):
    """Any other refusal (a bad parameter, an unknown object...): fix the request."""


class GraphPaginationError(GraphAPIError):
    """Pagination did not terminate: a cursor came back twice, or the page cap was hit."""


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _identity(text: str) -> str:
    return text


def error_from_response(
    status: int,
    body: object,
    *,
    retry_after: float | None = None,
    scrub: Callable[[str], str] = _identity,
) -> GraphAPIError:
    """Build the typed error for a failed Graph API answer.

    Args:
        status: the HTTP status.
        body: the decoded JSON body (anything; non-dict bodies are tolerated).
        retry_after: seconds to wait, when the caller learnt it from headers.
        scrub: removes secrets from texts that came from the server.

    >>> type(error_from_response(400, {"error": {"code": 613, "message": "Calls limit"}})).__name__
    'GraphRateLimitError'
    >>> type(error_from_response(503, "<html>")).__name__
    'GraphTransientError'
    >>> type(error_from_response(403, {"error": {"code": 200, "message": "no perm"}})).__name__
    'GraphPermissionError'
    """
    error: Mapping[str, Any] = {}
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        error = body["error"]
    code = _as_int(error.get("code"))
    subcode = _as_int(error.get("error_subcode"))
    raw_message = error.get("message")
    message = scrub(str(raw_message)) if raw_message else f"HTTP {status} without an error body"
    error_type = error.get("type")
    trace = error.get("fbtrace_id")
    fields: dict[str, Any] = {
        "code": code,
        "subcode": subcode,
        "error_type": scrub(str(error_type)) if error_type else None,
        "fbtrace_id": scrub(str(trace)) if trace else None,
        "http_status": status,
        "retry_after": retry_after,
    }
    cls: type[GraphAPIError]
    if code in THROTTLING_CODES or status == 429:
        cls = GraphRateLimitError
    elif code in _TOKEN_CODES or (code is None and status == 401):
        cls = GraphTokenError
    elif code in _TRANSIENT_CODES or error.get("is_transient") is True or status >= 500:
        cls = GraphTransientError
    elif code in _PERMISSION_CODES or (code is None and status == 403):
        cls = GraphPermissionError
    else:
        cls = GraphRequestError
    return cls(message, **fields)
