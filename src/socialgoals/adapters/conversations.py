"""A conversation source reading messages from a JSON Lines file.

Each line is one :class:`~socialgoals.community.Message` in its plain-data
form (what ``socialgoals.converters.unstructure(message)`` gives). A bad line
raises a :class:`~socialgoals.errors.BadRowError` with the line and the field,
or is skipped and counted with ``on_error="skip"``. The file is read-only: no
action (reply, hide...) is supported.

>>> import json, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "inbox.jsonl")
>>> line = {"id": "m1", "platform": "instagram", "kind": "comment", "thread_id": "t1",
...         "author": {"id": "u1"}, "text": "Prix ?", "received_at": "2026-03-02T09:30:00+01:00"}
>>> with open(path, "w") as f:
...     _ = f.write(json.dumps(line) + "\\n")
>>> [m.text for m in JSONLConversationSource(path).messages(MessageQuery())]
['Prix ?']
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from socialgoals.community.messages import Message, MessageKind
from socialgoals.converters import structure
from socialgoals.errors import BadRowError, UnsupportedActionError, ValidationError
from socialgoals.model import Platform
from socialgoals.protocols import ActionRequest, ActionResult, MessageQuery, SourceCapabilities

__all__ = ["JSONLConversationSource"]


class JSONLConversationSource:
    """Messages from a JSON Lines file, oldest first.

    Args:
        path: the file.
        on_error: ``"raise"`` (default) or ``"skip"`` bad lines (counted in ``skipped``).
        platforms: the platforms the file holds, if known (declared in capabilities).
        encoding: the file's encoding.
    """

    name: ClassVar[str] = "jsonl"

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        on_error: str = "raise",
        platforms: tuple[str, ...] = (),
        encoding: str = "utf-8",
    ) -> None:
        if on_error not in ("raise", "skip"):
            raise ValidationError("must be 'raise' or 'skip'", path="on_error", value=on_error)
        self.path = Path(path)
        self.on_error = on_error
        self.encoding = encoding
        self._capabilities = SourceCapabilities(
            platforms=frozenset(Platform.parse(p) for p in platforms),
            message_kinds=frozenset(MessageKind),
            incremental=True,
        )
        self.skipped = 0
        self.bad_rows: list[BadRowError] = []

    def __repr__(self) -> str:
        return f"JSONLConversationSource({str(self.path)!r})"

    @property
    def capabilities(self) -> SourceCapabilities:
        """Every message kind; the query window is honoured; no actions."""
        return self._capabilities

    def _bad(self, error: BadRowError) -> None:
        if self.on_error == "raise":
            raise error
        self.skipped += 1
        self.bad_rows.append(error)

    def messages(self, query: MessageQuery) -> Iterator[Message]:
        """Yield the messages ``query`` wants, sorted by arrival time."""
        self.skipped = 0
        self.bad_rows = []
        found: list[Message] = []
        with self.path.open(encoding=self.encoding) as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as exc:
                    self._bad(
                        BadRowError(f"invalid JSON: {exc.msg}", file=self.path.name, line=number)
                    )
                    continue
                try:
                    message = structure(data, Message)
                except ValidationError as exc:
                    first = exc.problems[0]
                    self._bad(
                        BadRowError(
                            f"{first.message} ({len(exc.problems)} problem(s))",
                            file=self.path.name,
                            line=number,
                            column=first.path or None,
                        )
                    )
                    continue
                if query.wants(message):
                    found.append(message)
        found.sort(key=lambda m: (m.received_at, m.id))
        yield from found

    def act(self, request: ActionRequest) -> ActionResult:
        """A file cannot act on a platform.

        Raises:
            UnsupportedActionError: always.
        """
        raise UnsupportedActionError(source=self.name, action=request.action.value)
