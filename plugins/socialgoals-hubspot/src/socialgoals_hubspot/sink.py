"""A lead sink for HubSpot CRM: idempotent contact upserts and GDPR erasure.

:class:`HubSpotLeadSink` sends leads with
``POST /crm/v3/objects/contacts/batch/upsert``, each input identified by
``idProperty`` (by default ``socialgoals_lead_key``, a unique custom contact
property holding the lead's idempotency key; or ``email``), so sending a lead
twice updates the same contact instead of creating a second one.

Every item gets exactly one :class:`~socialgoals.protocols.DeliveryResult`:

- in HubSpot's ``results`` -> persisted (with the contact id);
- named by an entry of ``errors`` (HTTP 207 multi-status) -> not persisted
  (permanent for validation errors);
- in neither, or the answer was lost (timeout, 5xx) -> possibly persisted,
  re-sent later by the outbox (the upsert makes that safe);
- 429 -> not persisted, with ``retry_after`` from ``Retry-After`` or the
  ``X-HubSpot-RateLimit-*`` window.

A lead whose consent is ``DENIED`` is refused (permanently) and never sent.
A batch refused as a whole with 400 is split and its items sent one by one,
so one bad lead does not block the others. Reasons never carry personal
data: HubSpot's messages (which quote the values) are replaced by its error
category and codes. Erasure finds the person's contacts by the
``socialgoals_subject_key`` property (a pseudonymous key, never the email)
and calls ``POST /crm/v3/objects/contacts/gdpr-delete`` for each.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, Final

import attrs
import httpx

from socialgoals.community import ConsentStatus, Lead
from socialgoals.converters import structure
from socialgoals.errors import (
    PermanentDeliveryError,
    Problem,
    TransientDeliveryError,
    ValidationError,
    check,
)
from socialgoals.model import SLUG_RE
from socialgoals.protocols import (
    DeliveryItem,
    DeliveryResult,
    ItemKind,
    SinkCapabilities,
)
from socialgoals.redaction import get_logger
from socialgoals_hubspot.properties import lead_properties
from socialgoals_hubspot.ratelimit import RateLimit, parse_rate_limit, parse_retry_after

__all__ = ["HubSpotLeadSink", "TOKEN_ENV", "DEFAULT_BASE_URL", "UPSERT_PATH"]

TOKEN_ENV: Final = "SOCIALGOALS_HUBSPOT_TOKEN"  # noqa: S105 - a variable name, not a secret
"""The environment variable the private-app token is read from when none is passed."""
DEFAULT_BASE_URL: Final = "https://api.hubapi.com"
UPSERT_PATH: Final = "/crm/v3/objects/contacts/batch/upsert"
SEARCH_PATH: Final = "/crm/v3/objects/contacts/search"
GDPR_DELETE_PATH: Final = "/crm/v3/objects/contacts/gdpr-delete"
_PERMANENT_CATEGORIES: Final = frozenset(
    {"VALIDATION_ERROR", "INVALID_EMAIL", "PROPERTY_DOESNT_EXIST", "OBJECT_ALREADY_EXISTS"}
)
_MAX_SEARCH_PAGES: Final = 100
_STOP_PREFIXES: Final = ("HTTP 429", "HTTP 401", "HTTP 403")

_log = get_logger(__name__)


@attrs.frozen
class _Pending:
    item: DeliveryItem
    id_value: str
    properties: Mapping[str, str] = attrs.field(repr=False)


def _normalise(id_property: str, value: str) -> str:
    return value.strip().lower() if id_property == "email" else value


class HubSpotLeadSink:
    """Delivers leads to HubSpot contacts; erases a person's contacts on request.

    Args:
        token: a private-app or OAuth access token; ``None`` reads
            ``$SOCIALGOALS_HUBSPOT_TOKEN``.
        id_property: the unique contact property identifying a lead
            (``socialgoals_lead_key``, to create with "unique values" in
            HubSpot, or ``email``).
        subject_property: the contact property holding the person's
            pseudonymous subject key (used by :meth:`erase`); ``None`` sends no
            subject key and declares no erasure.
        context_properties: also send the lead's platform, intent, priority,
            tags and source ids (see :data:`~socialgoals_hubspot.properties.CONTEXT_PROPERTIES`).
        batch_size: inputs per upsert call (HubSpot allows 100).
        base_url: the API root (tests point it at a local server).
        timeout: seconds per HTTP call.
        sleep: how to wait for rate limits (tests pass a recorder).
        transport: an httpx transport, for tests.
        environ: where to read the token from (default ``os.environ``).
    """

    name: ClassVar[str] = "hubspot"

    def __init__(
        self,
        *,
        token: str | None = None,
        id_property: str = "socialgoals_lead_key",
        subject_property: str | None = "socialgoals_subject_key",
        context_properties: bool = False,
        batch_size: int = 100,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        env = os.environ if environ is None else environ
        value = token if token is not None else env.get(TOKEN_ENV)
        problems: list[Problem] = []
        if not value or not value.strip():
            problems.append(
                Problem(
                    "token", "<missing>", f"no HubSpot token: pass token=... or set {TOKEN_ENV}"
                )
            )
        for path, prop in (("id_property", id_property), ("subject_property", subject_property)):
            if path == "subject_property" and prop is None:
                continue
            if not isinstance(prop, str) or not SLUG_RE.match(prop):
                problems.append(Problem(path, prop, "must be a HubSpot property name"))
        if (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, int)
            or not (1 <= batch_size <= 100)
        ):
            problems.append(Problem("batch_size", batch_size, "must be between 1 and 100"))
        check(problems)
        assert value is not None
        self._token = value.strip()
        self.id_property = id_property
        self.subject_property = subject_property
        self.context_properties = context_properties
        self.batch_size = batch_size
        self.base_url = base_url.rstrip("/")
        self._sleep = sleep
        self.last_rate_limit: RateLimit | None = None
        """What HubSpot said about rate limits on its last answer."""
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            transport=transport,
            headers={"Authorization": f"Bearer {self._token}"},
        )

    def __repr__(self) -> str:
        return f"HubSpotLeadSink(id_property={self.id_property!r}, base_url={self.base_url!r})"

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()

    @property
    def capabilities(self) -> SinkCapabilities:
        """Leads only, erasure supported, batches of ``batch_size``."""
        return SinkCapabilities(
            accepts=frozenset({ItemKind.LEAD}),
            erase=self.subject_property is not None,
            max_batch=self.batch_size,
        )

    # ------------------------------------------------------------------ delivery

    def deliver(self, items: Sequence[DeliveryItem]) -> list[DeliveryResult]:
        """Upsert ``items`` as contacts; one result per item (never raises for transport)."""
        results: dict[str, DeliveryResult] = {}
        pending: list[_Pending] = []
        for item in items:
            if item.idempotency_key in results or any(
                p.item.idempotency_key == item.idempotency_key for p in pending
            ):
                continue  # the same item twice in one call: sent once, answered once
            prepared = self._prepare(item)
            if isinstance(prepared, DeliveryResult):
                results[item.idempotency_key] = prepared
            else:
                pending.append(prepared)
        stop: DeliveryResult | None = None
        for batch in self._batches(pending):
            if stop is not None:  # throttled or refused token: do not hammer HubSpot
                for p in batch:
                    results[p.item.idempotency_key] = attrs.evolve(
                        stop, idempotency_key=p.item.idempotency_key
                    )
                continue
            for result in self._send(batch):
                results[result.idempotency_key] = result
                if result.reason.startswith(_STOP_PREFIXES):
                    stop = result
        return [results[item.idempotency_key] for item in items]

    def _prepare(self, item: DeliveryItem) -> _Pending | DeliveryResult:
        key = item.idempotency_key
        if item.kind is not ItemKind.LEAD:
            return DeliveryResult.failed(
                key, f"HubSpot sink takes leads, not {item.kind.value}", permanent=True
            )
        try:
            lead = structure(item.payload, Lead)
        except ValidationError as exc:
            where = ", ".join(p.path or "<root>" for p in exc.problems)
            return DeliveryResult.failed(key, f"payload is not a lead ({where})", permanent=True)
        if lead.consent.status is ConsentStatus.DENIED:
            return DeliveryResult.failed(
                key, "the person denied consent: not sent to the CRM", permanent=True
            )
        props = lead_properties(
            lead,
            key=key,
            subject_key=item.subject_key,
            key_property=self.id_property,
            subject_property=self.subject_property,
            context=self.context_properties,
        )
        id_value = props.get(self.id_property)
        if not id_value:
            return DeliveryResult.failed(
                key, f"the lead has no {self.id_property} (the idProperty)", permanent=True
            )
        return _Pending(item, _normalise(self.id_property, id_value), props)

    def _batches(self, pending: Sequence[_Pending]) -> Iterator[list[_Pending]]:
        """Batches of at most ``batch_size`` with distinct id values (HubSpot refuses repeats)."""
        rounds: list[list[_Pending]] = []
        for entry in pending:
            for batch in rounds:
                if len(batch) < self.batch_size and all(
                    p.id_value != entry.id_value for p in batch
                ):
                    batch.append(entry)
                    break
            else:
                rounds.append([entry])
        yield from rounds

    def _send(self, batch: Sequence[_Pending]) -> list[DeliveryResult]:
        keys = [p.item.idempotency_key for p in batch]
        self._respect_rate_limit()
        body = {
            "inputs": [
                {"idProperty": self.id_property, "id": p.id_value, "properties": dict(p.properties)}
                for p in batch
            ]
        }
        try:
            response = self._http.post(UPSERT_PATH, json=body)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            reason = f"HubSpot unreachable ({type(exc).__name__})"
            return [DeliveryResult.failed(k, reason) for k in keys]
        except httpx.TransportError as exc:
            reason = f"answer lost ({type(exc).__name__}): the upsert may have been applied"
            return [DeliveryResult.unknown(k, reason) for k in keys]
        self.last_rate_limit = parse_rate_limit(response.headers)
        status = response.status_code
        payload = _json(response)
        if status in (200, 201, 207):
            return self._map_results(batch, payload)
        retry_after = self._retry_after(response)
        if status == 429:
            reason = f"HTTP 429 rate limited ({_category(payload)})"
            return [DeliveryResult.failed(k, reason, retry_after=retry_after) for k in keys]
        if status in (401, 403):
            reason = f"HTTP {status}: HubSpot refused the token or its scopes ({TOKEN_ENV})"
            return [DeliveryResult.failed(k, reason, retry_after=retry_after) for k in keys]
        if status in (400, 409, 422) and len(batch) > 1:
            _log.info(
                "HubSpot refused a batch of %d (HTTP %d): sending one by one", len(batch), status
            )
            return [r for p in batch for r in self._send([p])]
        if status >= 500 or status == 408:
            reason = f"HTTP {status} from HubSpot: the upsert may have been applied"
            return [DeliveryResult.unknown(k, reason, retry_after=retry_after) for k in keys]
        reason = f"HTTP {status} {_category(payload)}"
        return [DeliveryResult.failed(k, reason, permanent=True) for k in keys]

    def _map_results(
        self, batch: Sequence[_Pending], payload: Mapping[str, Any]
    ) -> list[DeliveryResult]:
        by_value = {p.id_value: p for p in batch}
        answered: dict[str, DeliveryResult] = {}
        for result in _list(payload.get("results")):
            props = result.get("properties")
            value = props.get(self.id_property) if isinstance(props, Mapping) else None
            entry = (
                by_value.get(_normalise(self.id_property, value))
                if isinstance(value, str)
                else None
            )
            if entry is not None:
                remote = result.get("id")
                answered[entry.id_value] = DeliveryResult.persisted(
                    entry.item.idempotency_key, remote_id=str(remote) if remote else None
                )
        for error in _list(payload.get("errors")):
            category = str(error.get("category") or "ERROR")
            reason = f"HubSpot {category}" + _codes(error)
            permanent = category in _PERMANENT_CATEGORIES
            for value in _context_ids(error):
                entry = by_value.get(_normalise(self.id_property, value))
                if entry is not None and entry.id_value not in answered:
                    key = entry.item.idempotency_key
                    answered[entry.id_value] = DeliveryResult.failed(
                        key, reason, permanent=permanent
                    )
        return [
            answered.get(p.id_value)
            or DeliveryResult.unknown(
                p.item.idempotency_key, "HubSpot's answer does not mention this item"
            )
            for p in batch
        ]

    def _retry_after(self, response: httpx.Response) -> float | None:
        header = parse_retry_after(response.headers.get("retry-after"))
        if header is not None:
            return header
        limit = self.last_rate_limit
        pause = limit.pause() if limit is not None else 0.0
        return pause or None

    def _respect_rate_limit(self) -> None:
        limit = self.last_rate_limit
        if limit is None:
            return
        pause = limit.pause()
        if pause > 0:
            _log.warning("HubSpot rate limit reached: pausing %.1f s", pause)
            self._sleep(pause)
            self.last_rate_limit = None

    # ------------------------------------------------------------------ erasure

    def erase(self, subject_key: str) -> None:
        """GDPR-delete every contact carrying ``subject_key``; erasing twice is harmless.

        Raises:
            TransientDeliveryError: HubSpot is unavailable or rate limiting (try again).
            PermanentDeliveryError: HubSpot refused the request, or the sink
                has no ``subject_property`` to find the person's contacts by.
        """
        if self.subject_property is None:
            raise PermanentDeliveryError("erasure needs a subject_property (none configured)")
        for contact_id in self._contacts_of(subject_key):
            self._respect_rate_limit()
            response = self._call("POST", GDPR_DELETE_PATH, {"objectId": contact_id})
            if response.status_code not in (200, 204, 404):
                raise self._error("gdpr-delete", response)

    def _contacts_of(self, subject_key: str) -> list[str]:
        assert self.subject_property is not None
        ids: list[str] = []
        after: str | None = None
        seen: set[str] = set()
        for _ in range(_MAX_SEARCH_PAGES):
            body: dict[str, Any] = {
                "filterGroups": [
                    {
                        "filters": [
                            {
                                "propertyName": self.subject_property,
                                "operator": "EQ",
                                "value": subject_key,
                            }
                        ]
                    }
                ],
                "properties": [self.subject_property],
                "limit": 100,
            }
            if after:
                body["after"] = after
            self._respect_rate_limit()
            response = self._call("POST", SEARCH_PATH, body)
            if response.status_code != 200:
                raise self._error("search", response)
            payload = _json(response)
            ids.extend(str(r["id"]) for r in _list(payload.get("results")) if r.get("id"))
            paging = payload.get("paging")
            nxt = paging.get("next") if isinstance(paging, Mapping) else None
            after = str(nxt.get("after")) if isinstance(nxt, Mapping) and nxt.get("after") else None
            if after is None:
                return list(dict.fromkeys(ids))
            if after in seen:
                raise PermanentDeliveryError("HubSpot search returned the same cursor twice")
            seen.add(after)
        raise PermanentDeliveryError(f"HubSpot search: more than {_MAX_SEARCH_PAGES} pages")

    def _call(self, method: str, path: str, body: Mapping[str, Any]) -> httpx.Response:
        try:
            response = self._http.request(method, path, json=body)
        except httpx.TransportError as exc:
            raise TransientDeliveryError(f"HubSpot unreachable ({type(exc).__name__})") from None
        self.last_rate_limit = parse_rate_limit(response.headers)
        return response

    def _error(
        self, what: str, response: httpx.Response
    ) -> TransientDeliveryError | PermanentDeliveryError:
        status = response.status_code
        message = f"HubSpot {what}: HTTP {status} {_category(_json(response))}"
        retry_after = self._retry_after(response)
        if status in (408, 429) or status >= 500:
            return TransientDeliveryError(message, retry_after=retry_after)
        return PermanentDeliveryError(message)


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _list(value: object) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _category(payload: Mapping[str, Any]) -> str:
    category = payload.get("category")
    return str(category) if category else "no error category"


def _codes(error: Mapping[str, Any]) -> str:
    codes = sorted({str(e["code"]) for e in _list(error.get("errors")) if e.get("code")})
    return f" ({', '.join(codes)})" if codes else ""


def _context_ids(error: Mapping[str, Any]) -> list[str]:
    """The input ids an error names, from ``context`` lists (``{"ids": [...]}``...)."""
    context = error.get("context")
    found: list[str] = []
    if isinstance(context, Mapping):
        for values in context.values():
            if isinstance(values, list):
                found.extend(v for v in values if isinstance(v, str))
    return found
