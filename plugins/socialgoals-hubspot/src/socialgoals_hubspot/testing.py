"""A local fake of HubSpot's contacts API, for offline tests of this plugin and its users.

:class:`FakeHubSpot` serves on ``127.0.0.1``: batch upsert with
``idProperty`` (200, or 207 multi-status with per-input errors naming their
ids in ``context``), search with ``EQ`` filters and ``paging.next.after``,
and GDPR delete (204, 404 when unknown). Every answer carries
``X-HubSpot-RateLimit-*`` headers; the rolling window really runs out (then
429 with ``Retry-After``). Tests script failures with :meth:`FakeHubSpot.fail`,
including "apply, then lose the answer" to exercise possibly-persisted items.

>>> with FakeHubSpot(token="tok") as fake:
...     from socialgoals_hubspot.sink import HubSpotLeadSink
...     sink = HubSpotLeadSink(token="tok", base_url=fake.base_url)
...     sink.erase("subj_unknown")
...     sink.close()
>>> [r.path for r in fake.requests]
['/crm/v3/objects/contacts/search']
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler
from typing import Any

import attrs

from socialgoals.testing import JSONRequestHandler, LocalHTTPServer

__all__ = ["FakeHubSpot", "RecordedCall", "ScriptedAnswer"]

JSON = dict[str, Any]


@attrs.frozen
class RecordedCall:
    """One request the fake received (never with the token).

    Attributes:
        method: the HTTP method.
        path: the path.
        body: the decoded JSON body.
        authorized: whether the right bearer token came with it.
    """

    method: str
    path: str
    body: object = attrs.field(repr=False)
    authorized: bool


@attrs.define
class ScriptedAnswer:
    """A scripted answer for the next matching requests.

    Attributes:
        path: the path it applies to ("" for all).
        status: the HTTP status.
        body: the JSON body.
        headers: extra headers.
        times: how many requests it still applies to.
        apply_first: process the request normally, then answer this instead
            (the client cannot know the write happened).
        delay: seconds to wait before answering (to make clients time out).
    """

    path: str
    status: int
    body: object
    headers: Mapping[str, str]
    times: int
    apply_first: bool
    delay: float


class FakeHubSpot(LocalHTTPServer):
    """A threaded HTTP server on 127.0.0.1 that speaks HubSpot's contacts contract.

    Args:
        token: the only bearer token it accepts.
        unique_properties: the contact properties with unique values (usable
            as ``idProperty``).
        rate_max: calls allowed per rolling window.
        rate_interval_ms: the window, in milliseconds.

    Attributes:
        contacts: contact id -> properties.
        rejected: id values answered with a per-input VALIDATION_ERROR.
        requests: every request received, in order.
        upserts_applied: how many inputs were applied (created or updated).
    """

    def __init__(
        self,
        *,
        token: str = "test-token",  # noqa: S107 - the fake's own test token
        unique_properties: frozenset[str] = frozenset({"email", "socialgoals_lead_key"}),
        rate_max: int = 1000,
        rate_interval_ms: int = 10_000,
    ) -> None:
        super().__init__()
        self.token = token
        self.unique_properties = unique_properties
        self.rate_max = rate_max
        self.rate_interval_ms = rate_interval_ms
        self.contacts: dict[str, dict[str, str]] = {}
        self.rejected: set[str] = set()
        self.requests: list[RecordedCall] = []
        self.answers: list[ScriptedAnswer] = []
        self.upserts_applied = 0
        self.search_page_size = 100
        self._calls_in_window = 0
        self._next_id = 1000
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ lifecycle

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        """The handler that turns HTTP requests into :meth:`handle` calls."""
        return _handler_for(self)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``, the API root to give a client (once started)."""
        return self.origin

    def reset(self) -> None:
        """Forget contacts, scripts, requests and the rate window."""
        with self._lock:
            self.contacts.clear()
            self.rejected.clear()
            self.requests.clear()
            self.answers.clear()
            self.upserts_applied = 0
            self._calls_in_window = 0
            self.search_page_size = 100

    def new_window(self) -> None:
        """Start a new rate-limit window (as if the interval had passed)."""
        with self._lock:
            self._calls_in_window = 0

    def fail(
        self,
        status: int,
        *,
        path: str = "",
        body: object = None,
        headers: Mapping[str, str] | None = None,
        times: int = 1,
        apply_first: bool = False,
        delay: float = 0.0,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status`` and ``body``."""
        if body is None:
            body = {"status": "error", "message": "scripted failure", "category": "SCRIPTED"}
        self.answers.append(
            ScriptedAnswer(path, status, body, dict(headers or {}), times, apply_first, delay)
        )

    def find(self, prop: str, value: str) -> str | None:
        """The id of the contact whose ``prop`` equals ``value`` (emails case-insensitively)."""
        wanted = value.lower() if prop == "email" else value
        for contact_id, props in self.contacts.items():
            have = props.get(prop)
            if have is not None and (have.lower() if prop == "email" else have) == wanted:
                return contact_id
        return None

    # ------------------------------------------------------------------ endpoints

    def _upsert(self, body: object) -> tuple[int, JSON]:
        inputs = body.get("inputs") if isinstance(body, Mapping) else None
        if not isinstance(inputs, list) or not 1 <= len(inputs) <= 100:
            return 400, _error("VALIDATION_ERROR", "inputs must hold 1 to 100 items")
        ids = [i.get("id") for i in inputs if isinstance(i, Mapping)]
        if len(set(ids)) != len(ids):
            return 400, _error("VALIDATION_ERROR", "Duplicate IDs found in batch input")
        results: list[JSON] = []
        errors: list[JSON] = []
        for entry in inputs:
            prop, value = entry.get("idProperty"), entry.get("id")
            props = entry.get("properties") or {}
            if prop not in self.unique_properties:
                return 400, _error("VALIDATION_ERROR", f"{prop} is not a unique property")
            email = props.get("email")
            if value in self.rejected or (isinstance(email, str) and "@" not in email):
                errors.append(
                    {
                        "status": "error",
                        "category": "VALIDATION_ERROR",
                        "message": f"Property values were not valid for {value}",
                        "context": {"ids": [value]},
                        "errors": [{"code": "INVALID_EMAIL", "message": "invalid"}],
                    }
                )
                continue
            contact_id = self.find(prop, value)
            created = contact_id is None
            if contact_id is None:
                self._next_id += 1
                contact_id = str(self._next_id)
                self.contacts[contact_id] = {}
            self.contacts[contact_id].update({prop: value, **props})
            self.upserts_applied += 1
            results.append(
                {"id": contact_id, "new": created, "properties": dict(self.contacts[contact_id])}
            )
        answer: JSON = {"status": "COMPLETE", "results": results}
        if errors:
            answer.update(numErrors=len(errors), errors=errors)
            return 207, answer
        return 200, answer

    def _search(self, body: object) -> tuple[int, JSON]:
        request = body if isinstance(body, Mapping) else {}
        filters = [f for g in request.get("filterGroups", []) for f in g.get("filters", [])]
        matches = [
            cid
            for cid, props in sorted(self.contacts.items())
            if all(props.get(f["propertyName"]) == f["value"] for f in filters)
        ]
        start = int(request.get("after") or 0)
        size = min(int(request.get("limit", 10)), self.search_page_size)
        chunk = matches[start : start + size]
        answer: JSON = {"total": len(matches), "results": [{"id": c} for c in chunk]}
        if start + size < len(matches):
            answer["paging"] = {"next": {"after": str(start + size)}}
        return 200, answer

    def _gdpr_delete(self, body: object) -> tuple[int, JSON]:
        request = body if isinstance(body, Mapping) else {}
        object_id = str(request.get("objectId", ""))
        prop = request.get("idProperty")
        if prop:
            object_id = self.find(str(prop), object_id) or ""
        if self.contacts.pop(object_id, None) is None:
            return 404, _error("OBJECT_NOT_FOUND", "resource not found")
        return 204, {}

    def _rate_headers(self) -> dict[str, str]:
        return {
            "X-HubSpot-RateLimit-Max": str(self.rate_max),
            "X-HubSpot-RateLimit-Remaining": str(max(self.rate_max - self._calls_in_window, 0)),
            "X-HubSpot-RateLimit-Interval-Milliseconds": str(self.rate_interval_ms),
        }

    def handle(
        self, method: str, path: str, headers: Mapping[str, str], body: object
    ) -> tuple[int, JSON, Mapping[str, str], float]:
        """Answer one request: ``(status, body, headers, delay)``."""
        authorized = headers.get("authorization") == f"Bearer {self.token}"
        with self._lock:
            self.requests.append(RecordedCall(method, path, body, authorized))
            scripted: ScriptedAnswer | None = None
            for answer in self.answers:
                if answer.times > 0 and path.startswith(answer.path):
                    answer.times -= 1
                    scripted = answer
                    break
            if scripted is not None and not scripted.apply_first:
                return scripted.status, _as_json(scripted.body), scripted.headers, scripted.delay
            if not authorized:
                return 401, _error("INVALID_AUTHENTICATION", "bad token"), {}, 0.0
            if self._calls_in_window >= self.rate_max:
                limited = {**self._rate_headers(), "Retry-After": "1"}
                return (
                    429,
                    _error("RATE_LIMITS", "You have reached your secondly limit."),
                    limited,
                    0.0,
                )
            self._calls_in_window += 1
            routes = {
                "/crm/v3/objects/contacts/batch/upsert": self._upsert,
                "/crm/v3/objects/contacts/search": self._search,
                "/crm/v3/objects/contacts/gdpr-delete": self._gdpr_delete,
            }
            route = routes.get(path) if method == "POST" else None
            status, answer_body = route(body) if route else (404, _error("NOT_FOUND", path))
            extra = self._rate_headers()
            if scripted is not None:
                return scripted.status, _as_json(scripted.body), scripted.headers, scripted.delay
            return status, answer_body, extra, 0.0


def _error(category: str, message: str) -> JSON:
    return {"status": "error", "message": message, "category": category, "correlationId": "fake"}


def _as_json(body: object) -> JSON:
    return body if isinstance(body, dict) else {"raw": body}


def _handler_for(fake: FakeHubSpot) -> type[BaseHTTPRequestHandler]:
    class Handler(JSONRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server names it
            headers, body = self.read_json()
            status, answer, extra, delay = fake.handle("POST", self.path, headers, body)
            if delay:
                time.sleep(delay)
            self.send_json(status, answer, extra)

    return Handler
