"""The webhook sink: signature, headers, and how HTTP answers become results."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.adapters.webhook import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    WebhookSink,
    sign,
    verify_signature,
)
from socialgoals.community import Contact, Lead
from socialgoals.errors import TransientDeliveryError, ValidationError
from socialgoals.model import Platform
from socialgoals.protocols import DeliveryItem, DeliveryStatus

SECRET = "webhook-test-secret"
LEAD = Lead(
    id="lead-42",
    contact=Contact(name="Léa Martin", email="lea@example.com", phone="+33 6 12 34 56 78"),
    platform=Platform.INSTAGRAM,
    created_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
)


class Scripted:
    """A server answering a fixed status (and headers), recording requests."""

    def __init__(
        self, status: int, headers: dict[str, str] | None = None, delay: float = 0
    ) -> None:
        self.status, self.headers, self.delay = status, headers or {}, delay
        self.seen: list[tuple[dict[str, str], bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.seen.append((dict(self.headers), body))
                time.sleep(outer.delay)
                try:
                    self.send_response(outer.status)
                    for k, v in outer.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", "21")
                    self.end_headers()
                    self.wfile.write(b'{"error":"bad email"}')
                except OSError:
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[Scripted] = []

    def start(status: int, headers: dict[str, str] | None = None, delay: float = 0) -> Scripted:
        servers.append(Scripted(status, headers, delay))
        return servers[-1]

    yield start
    for s in servers:
        s.close()


def _deliver(url: str, **kw: Any) -> Any:
    sink = WebhookSink(url, SECRET, proxies={}, timeout=kw.pop("timeout", 2.0), **kw)
    (result,) = sink.deliver([DeliveryItem.for_lead(LEAD)])
    return result


def test_request_is_signed_and_keyed_without_personal_data(serve: Any) -> None:
    server = serve(200)
    assert _deliver(server.url).status is DeliveryStatus.PERSISTED
    headers, body = server.seen[0]
    key = headers["Idempotency-Key"]
    assert key == LEAD.idempotency_key
    assert "@" not in key
    assert "martin" not in key.lower()
    assert "example" not in key
    assert verify_signature(
        body,
        secret=SECRET,
        timestamp=headers[TIMESTAMP_HEADER],
        signature=headers[SIGNATURE_HEADER],
    )
    assert not verify_signature(
        body + b" ",
        secret=SECRET,
        timestamp=headers[TIMESTAMP_HEADER],
        signature=headers[SIGNATURE_HEADER],
    )
    data = json.loads(body)
    assert data["kind"] == "lead"
    assert data["payload"]["contact"]["email"] == "lea@example.com"


@pytest.mark.parametrize(
    ("status", "expected", "permanent"),
    [
        (201, DeliveryStatus.PERSISTED, False),
        (400, DeliveryStatus.NOT_PERSISTED, True),
        (404, DeliveryStatus.NOT_PERSISTED, True),
        (408, DeliveryStatus.NOT_PERSISTED, False),
        (429, DeliveryStatus.NOT_PERSISTED, False),
        (500, DeliveryStatus.POSSIBLY_PERSISTED, False),
        (503, DeliveryStatus.POSSIBLY_PERSISTED, False),
    ],
)
def test_status_codes_map_to_results(
    serve: Any, status: int, expected: DeliveryStatus, permanent: bool
) -> None:
    result = _deliver(serve(status).url)
    assert result.status is expected
    assert result.permanent is permanent


def test_retry_after_seconds_and_dates_are_read(serve: Any) -> None:
    assert _deliver(serve(429, {"Retry-After": "7"}).url).retry_after == 7.0
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    result = _deliver(
        serve(503, {"Retry-After": "Mon, 02 Mar 2026 09:00:30 GMT"}).url, clock=lambda: now
    )
    assert result.retry_after == 30.0


def test_a_timeout_is_possibly_persisted(serve: Any) -> None:
    result = _deliver(serve(200, delay=1.0).url, timeout=0.2)
    assert result.status is DeliveryStatus.POSSIBLY_PERSISTED
    assert "timed out" in result.reason


def test_a_refused_connection_is_retried_not_dropped() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = _deliver(f"http://127.0.0.1:{port}/hook")
    assert result.status is DeliveryStatus.POSSIBLY_PERSISTED
    assert not result.permanent


def test_error_bodies_are_redacted_in_reasons(serve: Any) -> None:
    result = _deliver(serve(422).url)
    assert result.reason.startswith("HTTP 422")


def test_secret_and_url_credentials_never_in_repr() -> None:
    sink = WebhookSink("https://user:pw@hooks.example.com/x?token=abc", SECRET)
    assert SECRET not in repr(sink)
    assert "pw" not in repr(sink)
    assert "abc" not in repr(sink)


def test_bad_configuration_is_refused() -> None:
    with pytest.raises(ValidationError, match="url"):
        WebhookSink("file:///etc/passwd", SECRET)
    with pytest.raises(ValidationError, match="secret"):
        WebhookSink("https://hooks.example.com", "")


def test_erase_without_erase_url_fails_clearly() -> None:
    sink = WebhookSink("https://hooks.example.com", SECRET)
    assert not sink.capabilities.erase
    with pytest.raises(TransientDeliveryError):
        sink.erase("subj_1")


def test_erase_not_confirmed_raises(serve: Any) -> None:
    server = serve(500)
    sink = WebhookSink(server.url, SECRET, erase_url=server.url, proxies={})
    with pytest.raises(TransientDeliveryError, match="erasure not confirmed"):
        sink.erase("subj_1")


def test_sign_is_stable() -> None:
    assert sign(b"x", secret="k", timestamp=1) == sign(b"x", secret="k", timestamp=1)
    assert sign(b"x", secret="k", timestamp=1) != sign(b"x", secret="k", timestamp=2)
    assert not verify_signature(b"x", secret="k", timestamp="nope", signature="sha256=00")


@given(body=st.binary(max_size=200), ts=st.integers(0, 2**40), flip=st.integers(0, 199))
def test_signature_verifies_and_any_change_breaks_it(body: bytes, ts: int, flip: int) -> None:
    signature = sign(body, secret=SECRET, timestamp=ts)
    assert verify_signature(body, secret=SECRET, timestamp=str(ts), signature=signature)
    assert not verify_signature(body, secret=SECRET, timestamp=str(ts + 1), signature=signature)
    if body:
        i = flip % len(body)
        tampered = body[:i] + bytes([body[i] ^ 1]) + body[i + 1 :]
        assert not verify_signature(tampered, secret=SECRET, timestamp=str(ts), signature=signature)


def test_the_core_and_its_adapters_import_without_httpx() -> None:
    code = (
        "import sys; sys.modules['httpx'] = None\n"
        "import socialgoals.adapters, socialgoals.delivery, socialgoals.store\n"
        "from socialgoals.plugins import collect_registry, get_plugin_manager\n"
        "pm = get_plugin_manager(environ={}, entry_points=False)\n"
        "assert not pm.load_errors, pm.load_errors\n"
        "assert 'webhook' in collect_registry(pm).sinks\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
