"""A local HTTP server for test fakes: 127.0.0.1, a free port, a daemon thread.

:class:`LocalHTTPServer` is the scaffolding shared by the fakes of the test
kit (:class:`~socialgoals.testing.receiver.WebhookReceiver`) and of plugins
(a fake CRM, a fake social API): a subclass says how requests are answered
by returning a request-handler class from :meth:`LocalHTTPServer.handler_class`;
the base starts and stops the server and tells its address.

>>> from http.client import HTTPConnection
>>> from http.server import BaseHTTPRequestHandler
>>> from urllib.parse import urlsplit
>>> class Teapot(LocalHTTPServer):
...     def handler_class(self) -> type[BaseHTTPRequestHandler]:
...         class Handler(BaseHTTPRequestHandler):
...             def do_GET(self) -> None:
...                 self.send_response(418)
...                 self.send_header("Content-Length", "0")
...                 self.end_headers()
...
...             def log_message(self, format: str, *args: object) -> None:
...                 pass
...
...         return Handler
>>> with Teapot() as teapot:
...     connection = HTTPConnection(urlsplit(teapot.origin).netloc, timeout=5)
...     connection.request("GET", "/")
...     status = connection.getresponse().status
...     connection.close()
>>> status
418
>>> teapot.running
False
"""

from __future__ import annotations

import abc
import json
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self

__all__ = ["JSONRequestHandler", "LocalHTTPServer"]

_POLL_INTERVAL = 0.05  # seconds between shutdown checks of the serving loop
_JOIN_TIMEOUT = 5.0  # seconds to wait for the serving thread after shutdown


class LocalHTTPServer(abc.ABC):
    """A threaded HTTP server on 127.0.0.1, on a free port, served by a daemon thread.

    Subclasses implement :meth:`handler_class` and call ``super().__init__()``.
    The port is chosen at :meth:`start`; :meth:`stop` is safe to call twice (or
    before :meth:`start`), and a stopped server can be started again (on a new
    port). Used as a context manager, it serves inside the ``with`` block.
    """

    def __init__(self) -> None:
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @abc.abstractmethod
    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        """The request-handler class that answers requests (a fresh one per start)."""

    @property
    def running(self) -> bool:
        """Whether the server is started and not yet stopped."""
        return self._server is not None

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:<port>``, the root URL of the running server.

        Raises:
            RuntimeError: the server is not started.
        """
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> Self:
        """Start serving on a free port of 127.0.0.1, in a background thread.

        Raises:
            RuntimeError: the server is already running.
        """
        if self._server is not None:
            raise RuntimeError(f"{type(self).__name__} is already started")
        server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class())
        server.daemon_threads = True
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": _POLL_INTERVAL}, daemon=True
        )
        thread.start()
        self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        """Stop serving and release the port (does nothing when not running)."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=_JOIN_TIMEOUT)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class JSONRequestHandler(BaseHTTPRequestHandler):
    """A quiet HTTP/1.1 request handler for fakes of JSON APIs.

    Subclass it in :meth:`LocalHTTPServer.handler_class` and write ``do_GET`` /
    ``do_POST`` with :meth:`read_json` and :meth:`send_json`. Each answer goes
    out in one write; a client that gave up (a timeout test) closes the
    connection instead of raising.

    >>> from http.client import HTTPConnection
    >>> from urllib.parse import urlsplit
    >>> class Echo(LocalHTTPServer):
    ...     def handler_class(self) -> type[BaseHTTPRequestHandler]:
    ...         class Handler(JSONRequestHandler):
    ...             def do_POST(self) -> None:
    ...                 headers, body = self.read_json()
    ...                 self.send_json(200, {"got": body}, {"X-Seen": headers["x-name"]})
    ...
    ...         return Handler
    >>> with Echo() as echo:
    ...     connection = HTTPConnection(urlsplit(echo.origin).netloc, timeout=5)
    ...     connection.request("POST", "/", body=b'{"a": 1}', headers={"X-Name": "n"})
    ...     response = connection.getresponse()
    ...     answer = (response.status, response.getheader("X-Seen"), response.read())
    ...     connection.close()
    >>> answer
    (200, 'n', b'{"got": {"a": 1}}')
    """

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    wbufsize = -1  # buffered: one write per answer, flushed in send_json

    def read_json(self) -> tuple[dict[str, str], object]:
        """The request's headers (names lower-cased) and its JSON body.

        Returns:
            ``(headers, body)``; ``body`` is ``None`` when the request has no
            body or the body is not JSON.
        """
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body: object = json.loads(raw) if raw else None
        except ValueError:
            body = None
        return {k.lower(): v for k, v in self.headers.items()}, body

    def send_json(
        self, status: int, answer: object, headers: Mapping[str, str] | None = None
    ) -> None:
        """Answer ``status`` with ``answer`` as JSON (no body for 204) and extra ``headers``."""
        payload = b"" if status == 204 else json.dumps(answer).encode()
        self.send_response(status)
        if status != 204:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(payload)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (a timeout test)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Stay quiet: fakes record the requests they care about."""
