"""LocalHTTPServer: the scaffolding of the local fakes starts, serves, stops, restarts."""

from __future__ import annotations

from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

import pytest

from socialgoals.testing import LocalHTTPServer


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
