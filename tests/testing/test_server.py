"""LocalHTTPServer: the scaffolding of the local fakes starts, serves, stops, restarts."""

from __future__ import annotations

from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

import pytest

from socialgoals.testing import JSONRequestHandler, LocalHTTPServer


class Echo(LocalHTTPServer):
    """Answers each GET with its path; counts the handler classes it built."""

    def __init__(self) -> None:
        super().__init__()
        self.handlers_built = 0

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        self.handlers_built += 1

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = self.path.encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
                """Stay quiet."""

        return Handler


def _get(origin: str, path: str) -> tuple[int, bytes]:
    connection = HTTPConnection(urlsplit(origin).netloc, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_serves_on_loopback_inside_the_with_block() -> None:
    with Echo() as echo:
        assert echo.running
        assert urlsplit(echo.origin).hostname == "127.0.0.1"
        assert _get(echo.origin, "/a/b?c=1") == (200, b"/a/b?c=1")
    assert not echo.running


def test_origin_needs_a_started_server() -> None:
    echo = Echo()
    with pytest.raises(RuntimeError, match="Echo is not started"):
        _ = echo.origin
    with echo:
        pass
    with pytest.raises(RuntimeError, match="Echo is not started"):
        _ = echo.origin


def test_stop_is_idempotent_and_safe_before_start() -> None:
    echo = Echo()
    echo.stop()
    echo.start()
    echo.stop()
    echo.stop()
    assert not echo.running


def test_start_twice_is_refused() -> None:
    with Echo() as echo, pytest.raises(RuntimeError, match="already started"):
        echo.start()


def test_a_stopped_server_restarts_with_a_fresh_handler() -> None:
    echo = Echo()
    with echo:
        first = echo.origin
        assert _get(first, "/one")[0] == 200
    with echo:
        assert _get(echo.origin, "/two") == (200, b"/two")
    assert echo.handlers_built == 2


class JSONEcho(LocalHTTPServer):
    """Answers each POST with the status in the path and the body it decoded."""

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        class Handler(JSONRequestHandler):
            def do_POST(self) -> None:
                headers, body = self.read_json()
                status = int(self.path.strip("/"))
                self.send_json(status, {"body": body, "ua": headers.get("x-agent")}, {"X-A": "1"})

        return Handler


def _post(origin: str, path: str, body: bytes) -> tuple[int, str | None, str | None, bytes]:
    connection = HTTPConnection(urlsplit(origin).netloc, timeout=5)
    try:
        connection.request("POST", path, body=body, headers={"X-Agent": "t"})
        response = connection.getresponse()
        return (
            response.status,
            response.getheader("Content-Type"),
            response.getheader("X-A"),
            response.read(),
        )
    finally:
        connection.close()


def test_json_handler_decodes_the_body_and_answers_json() -> None:
    with JSONEcho() as echo:
        answer = _post(echo.origin, "/201", b'{"k": [1, 2]}')
    assert answer == (201, "application/json", "1", b'{"body": {"k": [1, 2]}, "ua": "t"}')


def test_json_handler_reads_a_missing_or_broken_body_as_none() -> None:
    with JSONEcho() as echo:
        assert _post(echo.origin, "/200", b"")[3] == b'{"body": null, "ua": "t"}'
        assert _post(echo.origin, "/200", b"{not json")[3] == b'{"body": null, "ua": "t"}'


def test_json_handler_sends_no_body_with_204() -> None:
    with JSONEcho() as echo:
        assert _post(echo.origin, "/204", b"{}") == (204, None, "1", b"")
