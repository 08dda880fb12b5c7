"""The webhook sink: each item is a signed JSON POST with an ``Idempotency-Key``.

Request body (UTF-8 JSON, keys sorted)::

    {"idempotency_key": "lead_...", "kind": "lead", "payload": {...}, "subject_key": "subj_..."}

Headers:

- ``Idempotency-Key``: the item's key (derived from ids, never personal data);
  the receiver applies each key once.
- ``X-Socialgoals-Timestamp``: Unix seconds when the request was signed.
- ``X-Socialgoals-Signature``: ``sha256=`` + hex HMAC-SHA256 of
  ``"{timestamp}." + body`` with the shared secret (see :func:`sign`);
  receivers check it with :func:`verify_signature`.

Answers: 2xx is persisted; 408, 429 and 5xx are retried (Retry-After
honoured); other 4xx are permanent (dead-lettered with the status); a timeout
or a dropped connection is "possibly persisted" and retried.

With ``erase_url``, :meth:`WebhookSink.erase` POSTs
``{"kind": "erasure", "subject_key": ...}`` there, signed the same way.

Only the standard library is used (``urllib``), so the core needs no HTTP
package.

>>> sig = sign(b'{"a":1}', secret="s3cret", timestamp=1767225600)
>>> sig
'sha256=...'
>>> verify_signature(b'{"a":1}', secret="s3cret", timestamp="1767225600", signature=sig)
True
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar, Final

from socialgoals._version import __version__
from socialgoals.delivery import parse_retry_after, utc_now
from socialgoals.errors import TransientDeliveryError, ValidationError
from socialgoals.protocols import (
    DeliveryItem,
    DeliveryResult,
    ItemKind,
    SinkCapabilities,
)
from socialgoals.redaction import get_logger, redact

__all__ = ["WebhookSink", "sign", "verify_signature", "SIGNATURE_HEADER", "TIMESTAMP_HEADER"]

SIGNATURE_HEADER: Final = "X-Socialgoals-Signature"
"""The header carrying the HMAC-SHA256 signature."""

TIMESTAMP_HEADER: Final = "X-Socialgoals-Timestamp"
"""The header carrying the signing time (Unix seconds)."""

_MAX_REASON: Final = 200

log = get_logger(__name__)


def sign(body: bytes, *, secret: str, timestamp: int) -> str:
    """The signature header value for ``body`` signed at ``timestamp``."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(body: bytes, *, secret: str, timestamp: str, signature: str) -> bool:
    """Whether ``signature`` is the signature of ``body`` at ``timestamp`` (constant time)."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    return hmac.compare_digest(sign(body, secret=secret, timestamp=ts), signature)


class WebhookSink:
    """POST each item as signed JSON to a URL.

    Args:
        url: the ``http(s)://`` endpoint.
        secret: the shared signing secret (from the environment or the caller,
            never from a plan file); never shown in ``repr`` or logs.
        timeout: seconds to wait for an answer before calling it "possibly persisted".
        erase_url: where erasure requests go; without it the sink cannot erase.
        accepts: the item kinds it takes (``"lead"``, ``"report"``...).
        proxies: proxy map for urllib; ``None`` uses the environment's.
        clock: returns the current aware instant (for signing and Retry-After dates).
    """

    name: ClassVar[str] = "webhook"

    def __init__(
        self,
        url: str,
        secret: str,
        *,
        timeout: float = 10.0,
        erase_url: str | None = None,
        accepts: Iterable[str | ItemKind] = ("lead", "conversation", "report"),
        proxies: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        for field, value in (("url", url), ("erase_url", erase_url)):
            if value is not None and urllib.parse.urlsplit(value).scheme not in ("http", "https"):
                raise ValidationError(
                    "must be an http:// or https:// URL", path=field, value=_safe_url(value)
                )
        if not isinstance(secret, str) or not secret:
            raise ValidationError("must be a non-empty secret", path="secret", value="<redacted>")
        self.url = url
        self._secret = secret
        self.timeout = timeout
        self.erase_url = erase_url
        self.clock = clock
        self._capabilities = SinkCapabilities(
            accepts=frozenset(ItemKind(a) for a in accepts),
            erase=erase_url is not None,
            max_batch=1,  # one POST per deliver(): the relay checks its lease between POSTs
        )
        handlers: list[urllib.request.BaseHandler] = []
        if proxies is not None:
            handlers.append(urllib.request.ProxyHandler(dict(proxies)))
        self._opener = urllib.request.build_opener(*handlers)

    def __repr__(self) -> str:
        return f"WebhookSink(url={_safe_url(self.url)!r}, timeout={self.timeout})"

    @property
    def capabilities(self) -> SinkCapabilities:
        """Leads, conversations and reports by default; erasure with ``erase_url``."""
        return self._capabilities

    def deliver(self, items: Sequence[DeliveryItem]) -> Sequence[DeliveryResult]:
        """POST each item; answer one result per item."""
        return [self._post_item(item) for item in items]

    def erase(self, subject_key: str) -> None:
        """Ask the receiver to erase ``subject_key``.

        Raises:
            TransientDeliveryError: when the receiver did not confirm.
        """
        if self.erase_url is None:
            raise TransientDeliveryError("this webhook sink has no erase_url")
        body = _json({"kind": "erasure", "subject_key": subject_key})
        key = "erase_" + hashlib.sha256(subject_key.encode()).hexdigest()[:32]
        status, headers, text = self._post(self.erase_url, body, key)
        if status is None or not 200 <= status < 300:
            raise TransientDeliveryError(
                f"erasure not confirmed: {text}",
                retry_after=parse_retry_after(headers.get("Retry-After"), now=self.clock()),
            )

    def _post_item(self, item: DeliveryItem) -> DeliveryResult:
        key = item.idempotency_key
        if item.kind not in self._capabilities.accepts:
            return DeliveryResult.failed(
                key, f"this sink does not accept {item.kind.value!r} items", permanent=True
            )
        body = _json(
            {
                "idempotency_key": key,
                "kind": item.kind.value,
                "payload": item.payload,
                "subject_key": item.subject_key,
            }
        )
        status, headers, text = self._post(self.url, body, key)
        retry_after = parse_retry_after(headers.get("Retry-After"), now=self.clock())
        if status is None:
            return DeliveryResult.unknown(key, text)
        if 200 <= status < 300:
            return DeliveryResult.persisted(key)
        reason = f"HTTP {status}" + (f": {text}" if text else "")
        if status in (408, 429):
            return DeliveryResult.failed(key, reason, retry_after=retry_after)
        if status >= 500:
            return DeliveryResult.unknown(key, reason, retry_after=retry_after)
        return DeliveryResult.failed(key, reason, permanent=True)

    def _post(self, url: str, body: bytes, key: str) -> tuple[int | None, Mapping[str, str], str]:
        """POST ``body``; returns (status or None on transport failure, headers, reason)."""
        timestamp = int(self.clock().timestamp())
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": f"socialgoals/{__version__}",
                "Idempotency-Key": key,
                TIMESTAMP_HEADER: str(timestamp),
                SIGNATURE_HEADER: sign(body, secret=self._secret, timestamp=timestamp),
            },
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                response.read()
                return response.status, dict(response.headers), ""
        except urllib.error.HTTPError as exc:
            with exc:
                text = _reason(exc.read())
            return exc.code, dict(exc.headers or {}), text
        except TimeoutError as exc:
            return None, {}, f"timed out after {self.timeout} s ({type(exc).__name__})"
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            text = redact(f"transport error: {type(exc).__name__}: {exc}")
            log.info("webhook %s: %s", _safe_url(url), text)
            return None, {}, text


def _json(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _reason(body: bytes) -> str:
    text = body[:_MAX_REASON].decode("utf-8", errors="replace").strip()
    return redact(" ".join(text.split()))


def _safe_url(url: str) -> str:
    """The URL without credentials or query string (which may hold tokens)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))
