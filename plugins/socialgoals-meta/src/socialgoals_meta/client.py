"""A small Graph API client over httpx: retries, rate-limit pauses, safe pagination.

:class:`GraphClient` sends the access token in the ``Authorization`` header
(never in a URL it builds), strips ``access_token`` from the ``paging.next``
URLs Meta returns, refuses to follow a ``next`` URL to another host, and
scrubs the token from every error message. Its ``repr`` never shows it.

Pagination follows ``paging.next`` until it is absent, with a loop guard: a
cursor (or ``next`` URL) seen twice, or more than ``max_pages`` pages, raises
:class:`~socialgoals_meta.errors.GraphPaginationError` instead of looping.

>>> client = GraphClient("EAAB-secret", base_url="http://127.0.0.1:9/v23.0")
>>> "secret" in repr(client)
False
>>> client.close()
"""

from __future__ import annotations

import functools
import os
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from types import TracebackType
from typing import Any, Final
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from socialgoals.errors import ValidationError
from socialgoals.redaction import get_logger, redact
from socialgoals_meta.errors import (
    GraphAPIError,
    GraphPaginationError,
    GraphRateLimitError,
    GraphRequestError,
    GraphTransientError,
    error_from_response,
)
from socialgoals_meta.usage import RateUsage, parse_usage

__all__ = ["GraphClient", "TOKEN_ENV", "DEFAULT_BASE_URL", "resolve_token"]

TOKEN_ENV: Final = "SOCIALGOALS_META_TOKEN"  # noqa: S105 - a variable name, not a secret
"""The environment variable the access token is read from when none is passed."""
DEFAULT_BASE_URL: Final = "https://graph.facebook.com/v23.0"
"""The Graph API root, with its version."""

_log = get_logger(__name__)
JSON = dict[str, Any]


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for every client (building one costs ~0.1 s)."""
    return httpx.create_ssl_context()


def resolve_token(token: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The token given, else ``$SOCIALGOALS_META_TOKEN``; a clear error when neither is set.

    >>> resolve_token(None, {"SOCIALGOALS_META_TOKEN": "abc"})
    'abc'
    >>> resolve_token(None, {})
    Traceback (most recent call last):
    ...
    socialgoals.errors.ValidationError: token: no Meta access token: pass token=... or set ...
    """
    env = os.environ if environ is None else environ
    value = token if token is not None else env.get(TOKEN_ENV)
    if not value or not value.strip():
        raise ValidationError(
            f"no Meta access token: pass token=... or set {TOKEN_ENV}",
            path="token",
            code="missing_token",
        )
    return value.strip()


class GraphClient:
    """Calls the Graph API with one access token.

    Args:
        token: the access token; ``None`` reads ``$SOCIALGOALS_META_TOKEN``.
        base_url: the API root including the version (tests point it at a
            local server).
        timeout: seconds per HTTP call.
        max_retries: retries of a throttled or transient call before giving up.
        backoff: first retry delay in seconds, doubled at each retry.
        max_delay: the longest single wait, in seconds.
        usage_threshold: usage percentage from which calls are paused.
        usage_pause: seconds to pause at the threshold when Meta gave no estimate.
        max_pages: the page cap of :meth:`pages`.
        sleep: how to wait (tests pass a recorder instead of sleeping).
        transport: an httpx transport, for tests.
        environ: where to read the token from (default ``os.environ``).
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 30.0,
        max_retries: int = 3,
        backoff: float = 1.0,
        max_delay: float = 900.0,
        usage_threshold: float = 90.0,
        usage_pause: float = 60.0,
        max_pages: int = 1000,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self._token = resolve_token(token, environ)
        self.base_url = base_url.rstrip("/")
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_delay = max_delay
        self.usage_threshold = usage_threshold
        self.usage_pause = usage_pause
        self.max_pages = max_pages
        self._sleep = sleep
        self._origin = urlsplit(self.base_url)[:2]
        self.last_usage: RateUsage | None = None
        """The usage Meta reported on the last answer (None: not reported)."""
        self.calls = 0
        """How many HTTP calls this client made (retries included)."""
        self._http = httpx.Client(
            timeout=timeout,
            transport=transport,
            headers={"Authorization": f"Bearer {self._token}"},
            follow_redirects=False,
            verify=_ssl_context(),
        )

    def __repr__(self) -> str:
        return f"GraphClient(base_url={self.base_url!r})"

    def __enter__(self) -> GraphClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()

    def scrub(self, text: str) -> str:
        """``text`` without the access token, secrets or personal data (see ``redact``)."""
        return redact(text.replace(self._token, "<redacted>") if self._token else text)

    # ------------------------------------------------------------------ calls

    def get(self, path: str, params: Mapping[str, object] | None = None) -> JSON:
        """GET ``path`` (relative to the API root) and return the decoded JSON object."""
        return self._request("GET", self._url(path), params=params)

    def post(
        self,
        path: str,
        params: Mapping[str, object] | None = None,
        json: Mapping[str, object] | None = None,
        *,
        idempotent: bool = False,
    ) -> JSON:
        """POST to ``path`` with query ``params`` and/or a JSON body; return the JSON answer.

        A POST that is not ``idempotent`` (a reply, a message) is retried only
        when Meta certainly did not act: throttled, or the connection never
        opened. After an ambiguous failure (5xx, lost answer) it raises, so a
        reply is never posted twice.
        """
        return self._request(
            "POST", self._url(path), params=params, json=json, idempotent=idempotent
        )

    def pages(self, path: str, params: Mapping[str, object] | None = None) -> Iterator[JSON]:
        """Yield each page of a paginated edge, following ``paging.next`` until it is absent.

        Raises:
            GraphPaginationError: a cursor or ``next`` URL came back twice, or
                more than ``max_pages`` pages were served.
        """
        url, query = self._url(path), params
        seen: set[str] = set()
        for number in range(1, self.max_pages + 2):
            if number > self.max_pages:
                raise GraphPaginationError(
                    f"more than {self.max_pages} pages for {path!r}: stopped (page cap)"
                )
            body = self._request("GET", url, params=query)
            yield body
            paging = body.get("paging")
            next_url = paging.get("next") if isinstance(paging, Mapping) else None
            if not next_url or not isinstance(next_url, str):
                return
            next_url = self._strip_token(next_url)
            cursors = paging.get("cursors") if isinstance(paging, Mapping) else None
            after = cursors.get("after") if isinstance(cursors, Mapping) else None
            key = f"after:{after}" if after else f"next:{next_url}"
            if key in seen:
                raise GraphPaginationError(
                    f"the API returned the same cursor twice for {path!r}: stopped (loop guard)"
                )
            seen.add(key)
            url, query = self._same_origin(next_url), None
        return  # pragma: no cover - the loop always returns or raises

    def paginate(self, path: str, params: Mapping[str, object] | None = None) -> Iterator[JSON]:
        """Yield every item of the ``data`` lists of all pages (see :meth:`pages`)."""
        for page in self.pages(path, params):
            data = page.get("data")
            if isinstance(data, list):
                yield from (item for item in data if isinstance(item, dict))

    # ------------------------------------------------------------------ internals

    def _url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def _strip_token(self, url: str) -> str:
        parts = urlsplit(url)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        kept = [(k, v) for k, v in query if k != "access_token"]
        return urlunsplit(parts._replace(query=urlencode(kept)))

    def _same_origin(self, url: str) -> str:
        if urlsplit(url)[:2] != self._origin:
            raise GraphRequestError(
                f"refusing to follow a next-page URL to another host {urlsplit(url).netloc!r}"
            )
        return url

    def _pause_for_usage(self) -> None:
        if self.last_usage is None:
            return
        delay = self.last_usage.pause(
            threshold=self.usage_threshold, default_pause=self.usage_pause
        )
        if delay > 0:
            delay = min(delay, self.max_delay)
            _log.warning(
                "Graph API usage at %.0f%% (%s): pausing %.1f s",
                self.last_usage.percent,
                self.last_usage.limit,
                delay,
            )
            self._sleep(delay)
            self.last_usage = None

    def _request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, object] | None = None,
        json: Mapping[str, object] | None = None,
        idempotent: bool = True,
    ) -> JSON:
        query = {k: str(v) for k, v in (params or {}).items()}
        for attempt in range(self.max_retries + 1):
            self._pause_for_usage()
            error, sent = self._attempt(method, url, query, json)
            if isinstance(error, dict):
                return error
            safe = idempotent or not sent or isinstance(error, GraphRateLimitError)
            if not error.transient or not safe or attempt == self.max_retries:
                raise error
            delay = min(max(error.retry_after or 0.0, self.backoff * 2**attempt), self.max_delay)
            self.last_usage = None  # this wait already honours what the usage said
            _log.info(
                "Graph API call failed (%s), retry %d/%d in %.1f s",
                type(error).__name__,
                attempt + 1,
                self.max_retries,
                delay,
            )
            self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(
        self,
        method: str,
        url: str,
        query: Mapping[str, str],
        json: Mapping[str, object] | None,
    ) -> tuple[JSON | GraphAPIError, bool]:
        """One call: the answer or the error, and whether the request may have reached Meta."""
        self.calls += 1
        try:
            response = self._http.request(method, url, params=query or None, json=json)
        except httpx.TransportError as exc:
            sent = not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
            message = self.scrub(f"network error: {type(exc).__name__}: {exc}")
            return GraphTransientError(message), sent
        self.last_usage = parse_usage(response.headers)
        try:
            body: object = response.json()
        except ValueError:
            body = None
        if response.is_success and isinstance(body, dict):
            return body, True
        error: GraphAPIError
        if response.is_success:
            error = GraphTransientError(
                f"HTTP {response.status_code} with a body that is not a JSON object",
                http_status=response.status_code,
            )
            return error, True
        usage = self.last_usage
        retry_after = usage.regain_after if usage is not None else None
        error = error_from_response(
            response.status_code, body, retry_after=retry_after, scrub=self.scrub
        )
        return error, True
