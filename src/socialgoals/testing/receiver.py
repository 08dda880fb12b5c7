"""A local webhook receiver for tests: applies each idempotency key once, can misbehave.

:class:`WebhookReceiver` listens on 127.0.0.1, checks the signature of the
socialgoals webhook sink, applies each ``Idempotency-Key`` once (keeping its
payload) and, when asked, answers 500 or 429 or hangs at random (seeded), the
way a real CRM sometimes does.

>>> from socialgoals.adapters.webhook import WebhookSink
>>> from socialgoals.protocols import DeliveryItem, ItemKind
>>> with WebhookReceiver(secret="s3cret") as receiver:
...     sink = WebhookSink(receiver.url, "s3cret", proxies={})
...     item = DeliveryItem(ItemKind.LEAD, "lead_1", {"id": "l1"})
...     statuses = [r.status.value for r in sink.deliver([item, item])]
>>> statuses, receiver.applied, receiver.duplicates
(['persisted', 'persisted'], {'lead_1': {'id': 'l1'}}, 1)
"""

from __future__ import annotations

import json
import random
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any

import attrs

from socialgoals.adapters.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature
from socialgoals.testing.server import LocalHTTPServer

__all__ = ["Misbehaviour", "WebhookReceiver"]


@attrs.frozen
class Misbehaviour:
    """How often the receiver fails, as probabilities per request.

    Attributes:
        error_500: answer 500 (half of those after applying the item).
        throttle_429: answer 429 with a ``Retry-After`` header.
        hang: sleep ``hang_seconds`` before answering (then apply the item).
        hang_seconds: how long a hang lasts.
        retry_after: the ``Retry-After`` value sent with 429.
        seed: the seed of the receiver's random choices.
    """

    error_500: float = 0.0
    throttle_429: float = 0.0
    hang: float = 0.0
    hang_seconds: float = 1.0
    retry_after: str = "0"
    seed: int = 0


class WebhookReceiver(LocalHTTPServer):
    """A threaded HTTP server on 127.0.0.1 that records what it applied.

    Args:
        secret: the signing secret it checks (401 when the signature is wrong).
        misbehaviour: how often it fails (never, by default).
        erase_path: the path that takes erasure requests.

    Attributes:
        applied: the payload applied for each idempotency key (first one wins).
        duplicates: requests for a key already applied.
        mismatches: keys re-sent with a different payload (should stay empty).
        erased: subject keys erased.
        requests: every request received (key, status answered).
    """

    def __init__(
        self,
        *,
        secret: str,
        misbehaviour: Misbehaviour | None = None,
        erase_path: str = "/erase",
    ) -> None:
        super().__init__()
        self.secret = secret
        self.misbehaviour = misbehaviour or Misbehaviour()
        self.erase_path = erase_path
        self.applied: dict[str, Any] = {}
        self.subjects: dict[str, str | None] = {}
        self.duplicates = 0
        self.mismatches: list[str] = []
        self.erased: list[str] = []
        self.requests: list[tuple[str, int]] = []
        self._lock = threading.Lock()
        self._rng = random.Random(self.misbehaviour.seed)  # noqa: S311 - test chaos, not crypto

    @property
    def url(self) -> str:
        """The URL that takes items (once started)."""
        return f"{self.origin}/hook"

    @property
    def erase_url(self) -> str:
        """The URL that takes erasure requests."""
        return self.url.replace("/hook", self.erase_path)

    def _apply(self, key: str, data: dict[str, Any]) -> None:
        with self._lock:
            if key in self.applied:
                self.duplicates += 1
                if self.applied[key] != data.get("payload"):
                    self.mismatches.append(key)
                return
            self.applied[key] = data.get("payload")
            self.subjects[key] = data.get("subject_key")

    def _erase(self, subject: str) -> None:
        with self._lock:
            self.erased.append(subject)
            for key in [k for k, s in self.subjects.items() if s == subject]:
                del self.applied[key]
                del self.subjects[key]

    def _choose(self) -> str:
        m = self.misbehaviour
        with self._lock:
            r = self._rng.random()
            applied_first = self._rng.random() < 0.5
        if r < m.error_500:
            return "500-after" if applied_first else "500"
        if r < m.error_500 + m.throttle_429:
            return "429"
        if r < m.error_500 + m.throttle_429 + m.hang:
            return "hang"
        return "ok"

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        """The handler: checks signatures, applies each key once, misbehaves as told."""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
                """Stay quiet."""

            def _answer(self, status: int, headers: dict[str, str] | None = None) -> None:
                try:
                    self.send_response(status)
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    return  # the client gave up (timeout): that is the point of a hang

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                ok = verify_signature(
                    body,
                    secret=receiver.secret,
                    timestamp=self.headers.get(TIMESTAMP_HEADER, ""),
                    signature=self.headers.get(SIGNATURE_HEADER, ""),
                )
                key = self.headers.get("Idempotency-Key", "")
                if not ok or not key:
                    receiver.requests.append((key, 401))
                    self._answer(401)
                    return
                data = json.loads(body)
                if self.path == receiver.erase_path:
                    receiver._erase(str(data["subject_key"]))
                    self._answer(204)
                    return
                behaviour = receiver._choose()
                if behaviour == "500":
                    status = 500
                elif behaviour == "500-after":
                    receiver._apply(key, data)
                    status = 500
                elif behaviour == "429":
                    receiver.requests.append((key, 429))
                    self._answer(429, {"Retry-After": receiver.misbehaviour.retry_after})
                    return
                else:
                    if behaviour == "hang":
                        time.sleep(receiver.misbehaviour.hang_seconds)
                    receiver._apply(key, data)
                    status = 200
                receiver.requests.append((key, status))
                self._answer(status)

        return Handler
