"""A local fake of the Graph API, for offline tests of this plugin and of its users.

:class:`FakeGraphAPI` serves, on ``127.0.0.1``, the parts of the Graph API
the plugin uses, with Meta's contract: ``data`` lists, ``paging.cursors`` and
``paging.next`` (with ``access_token`` in it, as Meta does), time-window
paging on ``/insights`` (``next`` always present), the error JSON
(``error.code``, ``error_subcode``, ``type``, ``fbtrace_id``) and the
``X-App-Usage`` / ``X-Business-Use-Case-Usage`` headers. Tests fill it with
data, script failures with :meth:`FakeGraphAPI.fail`, and read what was asked
in :attr:`FakeGraphAPI.requests` (the token is never recorded).

>>> with FakeGraphAPI(token="t0k") as fake:
...     fake.edges["1/feed"] = [{"id": "1_1"}, {"id": "1_2"}, {"id": "1_3"}]
...     fake.page_size = 2
...     from socialgoals_meta.client import GraphClient
...     with GraphClient("t0k", base_url=fake.base_url) as client:
...         [row["id"] for row in client.paginate("1/feed")]
['1_1', '1_2', '1_3']
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import attrs

from socialgoals.testing import JSONRequestHandler, LocalHTTPServer

__all__ = ["FakeGraphAPI", "RecordedRequest", "ScriptedFailure", "graph_time"]

JSON = dict[str, Any]


def graph_time(instant: datetime) -> str:
    """An aware instant in the Graph API's format (``2026-03-02T08:00:00+0000``).

    >>> graph_time(datetime(2026, 3, 2, 8, tzinfo=UTC))
    '2026-03-02T08:00:00+0000'
    """
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


@attrs.frozen
class RecordedRequest:
    """One request the fake received (never with the token).

    Attributes:
        method: ``GET`` or ``POST``.
        path: the path after the version (``123/insights``).
        query: the query parameters, ``access_token`` removed.
        body: the decoded JSON body of a POST, if any.
        authorized: whether the right token came in the ``Authorization`` header.
        token_in_url: whether the token was sent in the URL (it should not be).
    """

    method: str
    path: str
    query: Mapping[str, str]
    body: object
    authorized: bool
    token_in_url: bool


@attrs.define
class ScriptedFailure:
    """An error the fake answers instead of the real response.

    Attributes:
        path_prefix: which paths it applies to ("" for all).
        status: the HTTP status.
        body: the JSON body (``{"error": {...}}``).
        headers: extra headers.
        times: how many requests it still applies to.
    """

    path_prefix: str
    status: int
    body: object
    headers: Mapping[str, str]
    times: int


def _cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{index}".encode()).decode()


def _uncursor(cursor: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode().split(":", 1)[1])
    except (ValueError, IndexError):
        return -1


class FakeGraphAPI(LocalHTTPServer):
    """A threaded HTTP server on 127.0.0.1 that speaks the Graph API contract.

    Args:
        token: the only access token it accepts.
        version: the API version in the paths.
        page_size: default page size of list edges (``limit`` overrides it).

    Attributes:
        edges: rows of list edges by path (``"{page-id}/feed"``, ``"{post-id}/comments"``,
            ``"{page-id}/conversations"``, ``"{ig-user-id}/media"``...).
        insights: per object id, per metric, the daily points as
            ``(end_time, value)``; a metric absent here is omitted from answers,
            a metric with no point in the window is served with empty ``values``.
        lifetime: per media id, per metric, its lifetime value.
        retired: metric names answered with error 100 when asked for.
        usage_headers: headers added to every answer (rate-limit usage).
        loop_cursor: serve the same ``after`` cursor forever (a broken API).
        hidden: comment id -> hidden flag, from hide calls.
        replies: ``(target id, edge, text)`` for each reply created.
        sent_messages: the JSON bodies posted to ``/{page-id}/messages``.
        requests: every request received, in order.
    """

    def __init__(
        self,
        *,
        token: str = "test-token",  # noqa: S107 - the fake's own test token
        version: str = "v23.0",
        page_size: int = 25,
    ) -> None:
        super().__init__()
        self.token = token
        self.version = version
        self.page_size = page_size
        self.edges: dict[str, list[JSON]] = {}
        self.insights: dict[str, dict[str, list[tuple[datetime, object]]]] = {}
        self.lifetime: dict[str, dict[str, object]] = {}
        self.retired: set[str] = set()
        self.usage_headers: dict[str, str] = {}
        self.loop_cursor = False
        self.hidden: dict[str, bool] = {}
        self.replies: list[tuple[str, str, str]] = []
        self.sent_messages: list[object] = []
        self.requests: list[RecordedRequest] = []
        self.failures: list[ScriptedFailure] = []
        self._lock = threading.Lock()
        self._ids = 0

    # ------------------------------------------------------------------ lifecycle

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        """The handler that turns HTTP requests into :meth:`handle` calls."""
        return _handler_for(self)

    @property
    def base_url(self) -> str:
        """The API root to give a client: origin plus version."""
        return f"{self.origin}/{self.version}"

    def reset(self) -> None:
        """Forget data, failures and recorded requests (keeps the server running)."""
        with self._lock:
            self.edges.clear()
            self.insights.clear()
            self.lifetime.clear()
            self.retired.clear()
            self.usage_headers.clear()
            self.loop_cursor = False
            self.hidden.clear()
            self.replies.clear()
            self.sent_messages.clear()
            self.requests.clear()
            self.failures.clear()

    # ------------------------------------------------------------------ scripting

    def fail(
        self,
        *,
        code: int | None,
        status: int = 400,
        subcode: int | None = None,
        error_type: str = "OAuthException",
        message: str = "scripted failure",
        path_prefix: str = "",
        times: int = 1,
        headers: Mapping[str, str] | None = None,
        body: object = None,
    ) -> None:
        """Answer the next ``times`` matching requests with a Graph error."""
        if body is None:
            error: JSON = {"message": message, "type": error_type, "fbtrace_id": "FAKEtrace"}
            if code is not None:
                error["code"] = code
            if subcode is not None:
                error["error_subcode"] = subcode
            body = {"error": error}
        self.failures.append(ScriptedFailure(path_prefix, status, body, dict(headers or {}), times))

    def new_id(self, prefix: str) -> str:
        """A fresh object id."""
        with self._lock:
            self._ids += 1
            return f"{prefix}_{self._ids}"

    # ------------------------------------------------------------------ serving

    def _next_url(self, path: str, query: Mapping[str, str]) -> str:
        params = {**query, "access_token": self.token}
        return f"{self.base_url}/{path}?{urlencode(params)}"

    def _list(self, path: str, query: Mapping[str, str]) -> JSON:
        rows = self.edges.get(path, [])
        size = int(query.get("limit", self.page_size))
        start = _uncursor(query["after"]) if "after" in query else 0
        if start < 0:
            return _error_body(100, "Invalid cursor")
        chunk = rows[start : start + size]
        end = start + len(chunk)
        body: JSON = {"data": chunk}
        paging: JSON = {"cursors": {"before": _cursor(start), "after": _cursor(end)}}
        if self.loop_cursor and rows:
            paging["cursors"]["after"] = _cursor(0)
            paging["next"] = self._next_url(path, {**query, "after": _cursor(0)})
        elif end < len(rows):
            paging["next"] = self._next_url(path, {**query, "after": _cursor(end)})
        if chunk or start:
            body["paging"] = paging
        return body

    def _insights(self, object_id: str, query: Mapping[str, str]) -> tuple[int, JSON]:
        metrics = [m for m in query.get("metric", "").split(",") if m]
        for metric in metrics:
            if metric in self.retired:
                return 400, _error_body(
                    100, f"(#100) {metric} metric is no longer supported", "GraphMethodException"
                )
        if object_id in self.lifetime:
            values = self.lifetime[object_id]
            data = [
                {"name": m, "period": "lifetime", "values": [{"value": values[m]}], "id": m}
                for m in metrics
                if m in values
            ]
            return 200, {"data": data}
        since = datetime.fromtimestamp(int(query.get("since", "0")), UTC)
        until = datetime.fromtimestamp(int(query.get("until", "0")), UTC)
        series = self.insights.get(object_id, {})
        data = []
        for metric in metrics:
            if metric not in series:
                continue
            points = [(t, v) for t, v in series[metric] if since < t <= until]
            row: JSON = {"name": metric, "period": query.get("period", "day"), "id": metric}
            if query.get("metric_type") == "total_value":
                numbers = [v for _, v in points if isinstance(v, int | float)]
                if numbers:
                    row["total_value"] = {"value": sum(numbers)}
            else:
                row["values"] = [{"value": v, "end_time": graph_time(t)} for t, v in points]
            data.append(row)
        width = int(until.timestamp() - since.timestamp())
        later = {**query, "since": str(int(until.timestamp()))}
        later["until"] = str(int(until.timestamp()) + width)
        earlier = {**query, "until": str(int(since.timestamp()))}
        earlier["since"] = str(int(since.timestamp()) - width)
        paging = {
            "previous": self._next_url(f"{object_id}/insights", earlier),
            "next": self._next_url(f"{object_id}/insights", later),
        }
        return 200, {"data": data, "paging": paging}

    def _post(self, path: str, query: Mapping[str, str], body: object) -> tuple[int, JSON]:
        parts = path.split("/")
        if len(parts) == 1 and ("is_hidden" in query or "hide" in query):
            flag = query.get("is_hidden", query.get("hide"))
            self.hidden[parts[0]] = flag == "true"
            return 200, {"success": True}
        if len(parts) == 2 and parts[1] in {"comments", "replies"}:
            text = query.get("message", "")
            if not text:
                return 400, _error_body(100, "(#100) message is required", "GraphMethodException")
            self.replies.append((parts[0], parts[1], text))
            return 200, {"id": self.new_id(parts[0])}
        if len(parts) == 2 and parts[1] == "messages":
            self.sent_messages.append(body)
            recipient = body.get("recipient", {}) if isinstance(body, Mapping) else {}
            return 200, {"recipient_id": recipient.get("id"), "message_id": self.new_id("m")}
        return 400, _error_body(100, f"Unsupported post request to {path}", "GraphMethodException")

    def handle(
        self, method: str, raw_path: str, headers: Mapping[str, str], body: object
    ) -> tuple[int, JSON, Mapping[str, str]]:
        """Answer one request: ``(status, JSON body, headers)``."""
        parts = urlsplit(raw_path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        token_in_url = query.pop("access_token", None) is not None
        prefix = f"/{self.version}/"
        path = parts.path.removeprefix(prefix)
        authorized = headers.get("authorization") == f"Bearer {self.token}"
        with self._lock:
            self.requests.append(
                RecordedRequest(method, path, query, body, authorized, token_in_url)
            )
            for failure in self.failures:
                if failure.times > 0 and path.startswith(failure.path_prefix):
                    failure.times -= 1
                    return failure.status, _as_json(failure.body), failure.headers
        usage = dict(self.usage_headers)
        if not authorized:
            return 400, _error_body(190, "Invalid OAuth access token."), usage
        if method == "POST":
            status, answer = self._post(path, query, body)
            return status, answer, usage
        if path.endswith("/insights"):
            status, answer = self._insights(path[: -len("/insights")], query)
            return status, answer, usage
        if path in self.edges:
            return 200, self._list(path, query), usage
        return 404, _error_body(803, f"(#803) unknown path {path}", "OAuthException"), usage


def _as_json(body: object) -> JSON:
    return body if isinstance(body, dict) else {"raw": body}


def _error_body(code: int, message: str, error_type: str = "OAuthException") -> JSON:
    return {"error": {"message": message, "type": error_type, "code": code, "fbtrace_id": "FAKE"}}


def _handler_for(fake: FakeGraphAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(JSONRequestHandler):
        def _serve(self, method: str) -> None:
            headers, body = self.read_json()
            status, answer, extra = fake.handle(method, self.path, headers, body)
            self.send_json(status, answer, extra)

        def do_GET(self) -> None:  # noqa: N802 - http.server names it
            self._serve("GET")

        def do_POST(self) -> None:  # noqa: N802 - http.server names it
            self._serve("POST")

    return Handler
