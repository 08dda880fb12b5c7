"""Facebook and Instagram comments and DMs as socialgoals ``Message``s, with actions.

:class:`MetaConversationSource` reads, for a time window:

- Facebook Page comments: ``GET /{page-id}/feed`` then ``GET /{post-id}/comments``
  (``filter=stream``, so replies come too, with their ``parent``);
- Instagram comments: ``GET /{ig-user-id}/media`` then ``GET /{media-id}/comments``
  (replies through the nested ``replies`` field);
- Messenger and Instagram DMs: ``GET /{page-id}/conversations?platform=...``
  then ``GET /{conversation-id}/messages``.

Actions, where Meta has an API for them:

- hide a comment: ``POST /{comment-id}`` with ``is_hidden=true`` (Facebook)
  or ``hide=true`` (Instagram); DMs cannot be hidden;
- reply: ``POST /{comment-id}/comments`` (Facebook), ``POST /{comment-id}/replies``
  (Instagram), ``POST /{page-id}/messages`` for DMs (``messaging_type=RESPONSE``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Final

from socialgoals.community import Author, Message, MessageKind
from socialgoals.errors import Problem, UnsupportedActionError, ValidationError, check
from socialgoals.model import Platform, require_aware
from socialgoals.protocols import (
    Action,
    ActionRequest,
    ActionResult,
    MessageQuery,
    SourceCapabilities,
)
from socialgoals_meta._times import parse_graph_time
from socialgoals_meta.client import DEFAULT_BASE_URL, GraphClient

__all__ = ["MetaConversationSource", "CHANNELS", "ACTIONS"]

CHANNELS: Final = frozenset(
    {"facebook_comments", "instagram_comments", "messenger", "instagram_dm"}
)
"""What the source can read: comments and DMs on each platform."""
ACTIONS: Final = frozenset({Action.REPLY, Action.HIDE, Action.UNHIDE})
"""What the source can do to a message (hide and unhide: comments only)."""
_REMEMBERED: Final = 10_000

_FB_COMMENT_FIELDS: Final = "id,message,created_time,from{id,name},parent{id}"
_IG_REPLY_FIELDS: Final = "id,text,timestamp,username,from{id,username}"
_IG_COMMENT_FIELDS: Final = f"{_IG_REPLY_FIELDS},replies{{{_IG_REPLY_FIELDS}}}"
_DM_FIELDS: Final = "id,message,created_time,from"
SOURCE_NAME: Final = "meta"


class MetaConversationSource:
    """A conversation source for one Facebook Page and its Instagram account.

    Args:
        page_id: the Facebook Page id (Page comments and all DMs go through it).
        ig_user_id: the Instagram professional account id, for Instagram comments.
        channels: which of :data:`CHANNELS` to read (all those the ids allow by default).
        post_lookback: how old a post may be for its new comments to be read
            (comments arrive on older posts too).
        client: a ready :class:`GraphClient` (else one is built from ``token``).
        token: the Page access token (default ``$SOCIALGOALS_META_TOKEN``).
        base_url: the Graph API root with its version.
        default_lookback: how far back a query without ``since`` reads.
        now: gives the current instant, for queries without ``until`` (tests pin it).

    :meth:`act` works on messages this source has read (it remembers the last
    10,000) or was given with :meth:`remember`: the Graph API cannot tell
    from an id whether it is a comment or a DM.

    >>> src = MetaConversationSource(page_id="1", token="t", base_url="http://127.0.0.1:9/v1")
    >>> sorted(src.channels)
    ['facebook_comments', 'instagram_dm', 'messenger']
    >>> src.close()
    """

    name: ClassVar[str] = SOURCE_NAME
    platforms: ClassVar[frozenset[Platform]] = frozenset({Platform.FACEBOOK, Platform.INSTAGRAM})
    kinds: ClassVar[frozenset[MessageKind]] = frozenset({MessageKind.COMMENT, MessageKind.DM})

    def __init__(
        self,
        *,
        page_id: str | None = None,
        ig_user_id: str | None = None,
        channels: Sequence[str] | None = None,
        post_lookback: timedelta = timedelta(days=30),
        client: GraphClient | None = None,
        token: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        default_lookback: timedelta = timedelta(days=7),
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        problems: list[Problem] = []
        if not page_id and not ig_user_id:
            problems.append(Problem("page_id", page_id, "give a page_id, an ig_user_id or both"))
        possible = set()
        if page_id:
            possible |= {"facebook_comments", "messenger", "instagram_dm"}
        if ig_user_id:
            possible.add("instagram_comments")
        chosen = set(channels) if channels is not None else possible
        problems.extend(
            Problem("channels", channel, f"is not one of {sorted(CHANNELS)}")
            for channel in sorted(chosen - CHANNELS)
        )
        problems.extend(
            Problem("channels", channel, "needs an id this source was not given")
            for channel in sorted((chosen & CHANNELS) - possible)
        )
        check(problems)
        self.page_id = page_id
        self.ig_user_id = ig_user_id
        self.channels = frozenset(chosen)
        self.post_lookback = post_lookback
        self.default_lookback = default_lookback
        self._now = now
        self._read: OrderedDict[str, Message] = OrderedDict()
        self._limit = 100
        self._own_client = client is None
        self.client = client or GraphClient(token, base_url=base_url)

    def __repr__(self) -> str:
        return f"MetaConversationSource(page_id={self.page_id!r}, ig_user_id={self.ig_user_id!r})"

    def close(self) -> None:
        """Close the HTTP client if this source built it."""
        if self._own_client:
            self.client.close()

    @property
    def capabilities(self) -> SourceCapabilities:
        """The platforms and kinds of the configured channels; reply, hide, unhide."""
        platforms = {
            Platform.INSTAGRAM if "instagram" in channel else Platform.FACEBOOK
            for channel in self.channels
        }
        kinds = {
            MessageKind.COMMENT if channel.endswith("comments") else MessageKind.DM
            for channel in self.channels
        }
        return SourceCapabilities(
            platforms=platforms, message_kinds=kinds, incremental=True, actions=ACTIONS
        )

    # ------------------------------------------------------------------ reading

    def messages(self, query: MessageQuery | None = None) -> Iterator[Message]:
        """The messages ``query`` asks for, oldest first.

        Without ``query.until`` the window ends now; without ``query.since``
        it starts ``default_lookback`` earlier.
        """
        query = query or MessageQuery()
        until = query.until or self._now()
        since = query.since or until - self.default_lookback
        found = [m for m in self.read(since, until, page_size=query.page_size) if query.wants(m)]
        found.sort(key=lambda m: (m.received_at, m.id))
        for message in found:
            self._remember(message)
            yield message

    def remember(self, messages: Iterable[Message]) -> None:
        """Make messages read earlier (e.g. by another process) known to :meth:`act`."""
        for message in messages:
            self._remember(message)

    def _remember(self, message: Message) -> None:
        self._read[message.id] = message
        self._read.move_to_end(message.id)
        while len(self._read) > _REMEMBERED:
            self._read.popitem(last=False)

    def read(self, since: datetime, until: datetime, *, page_size: int = 100) -> Iterator[Message]:
        """Every comment and DM received in ``[since, until)``, channel by channel.

        Args:
            since: the first instant (timezone-aware).
            until: the end of the window, excluded.
            page_size: the ``limit`` asked of each list edge.
        """
        self._limit = page_size
        problems: list[Problem] = []
        for path, value in (("since", since), ("until", until)):
            try:
                require_aware(value, path)
            except ValidationError as exc:
                problems.extend(exc.problems)
        check(problems)
        if since >= until:
            raise ValidationError("must be after since", path="until", value=until)
        window = (since, until)
        if "facebook_comments" in self.channels and self.page_id:
            yield from self._facebook_comments(window)
        if "instagram_comments" in self.channels and self.ig_user_id:
            yield from self._instagram_comments(window)
        for channel, platform in (("messenger", "messenger"), ("instagram_dm", "instagram")):
            if channel in self.channels and self.page_id:
                yield from self._dms(platform, window)

    def _facebook_comments(self, window: tuple[datetime, datetime]) -> Iterator[Message]:
        assert self.page_id is not None
        params = {"fields": "id,created_time", "limit": self._limit, **self._posts_window(window)}
        for post in self.client.paginate(f"{self.page_id}/feed", params):
            post_id = _str(post.get("id"))
            if not post_id:
                continue
            comments = self.client.paginate(
                f"{post_id}/comments",
                {
                    "fields": _FB_COMMENT_FIELDS,
                    "filter": "stream",
                    "order": "chronological",
                    "limit": self._limit,
                },
            )
            for item in comments:
                parent = item.get("parent")
                parent_id = _str(parent.get("id")) if isinstance(parent, Mapping) else None
                message = self._message(
                    item,
                    platform=Platform.FACEBOOK,
                    kind=MessageKind.COMMENT,
                    thread_id=parent_id or _str(item.get("id")),
                    text_key="message",
                    time_key="created_time",
                    post_id=post_id,
                    in_reply_to=parent_id,
                )
                if message is not None and _inside(message, window):
                    yield message

    def _instagram_comments(self, window: tuple[datetime, datetime]) -> Iterator[Message]:
        assert self.ig_user_id is not None
        params = {"fields": "id,timestamp", "limit": self._limit, **self._posts_window(window)}
        for media in self.client.paginate(f"{self.ig_user_id}/media", params):
            media_id = _str(media.get("id"))
            if not media_id:
                continue
            for item in self.client.paginate(
                f"{media_id}/comments", {"fields": _IG_COMMENT_FIELDS, "limit": self._limit}
            ):
                top = self._ig_comment(item, media_id, None)
                if top is None:
                    continue
                if _inside(top, window):
                    yield top
                replies = item.get("replies")
                data = replies.get("data") if isinstance(replies, Mapping) else None
                for reply in data if isinstance(data, list) else []:
                    if isinstance(reply, Mapping):
                        message = self._ig_comment(reply, media_id, top.id)
                        if message is not None and _inside(message, window):
                            yield message

    def _posts_window(self, window: tuple[datetime, datetime]) -> dict[str, object]:
        since = window[0] - self.post_lookback
        return {"since": int(since.timestamp()), "until": int(window[1].timestamp())}

    def _ig_comment(
        self, item: Mapping[str, Any], media_id: str, parent_id: str | None
    ) -> Message | None:
        return self._message(
            item,
            platform=Platform.INSTAGRAM,
            kind=MessageKind.COMMENT,
            thread_id=parent_id or _str(item.get("id")),
            text_key="text",
            time_key="timestamp",
            post_id=media_id,
            in_reply_to=parent_id,
        )

    def _dms(self, platform: str, window: tuple[datetime, datetime]) -> Iterator[Message]:
        assert self.page_id is not None
        social = Platform.FACEBOOK if platform == "messenger" else Platform.INSTAGRAM
        params = {"platform": platform, "fields": "id,updated_time", "limit": self._limit}
        for conversation in self.client.paginate(f"{self.page_id}/conversations", params):
            conversation_id = _str(conversation.get("id"))
            updated = parse_graph_time(conversation.get("updated_time"))
            if not conversation_id or (updated is not None and updated < window[0]):
                continue
            for item in self.client.paginate(
                f"{conversation_id}/messages", {"fields": _DM_FIELDS, "limit": self._limit}
            ):
                message = self._message(
                    item,
                    platform=social,
                    kind=MessageKind.DM,
                    thread_id=conversation_id,
                    text_key="message",
                    time_key="created_time",
                )
                if message is not None and _inside(message, window):
                    yield message

    def _message(
        self,
        item: Mapping[str, Any],
        *,
        platform: Platform,
        kind: MessageKind,
        thread_id: str | None,
        text_key: str,
        time_key: str,
        post_id: str | None = None,
        in_reply_to: str | None = None,
    ) -> Message | None:
        message_id = _str(item.get("id"))
        received = parse_graph_time(item.get(time_key))
        if not message_id or not thread_id or received is None:
            return None
        sender = item.get("from")
        sender = sender if isinstance(sender, Mapping) else {}
        author_id = _str(sender.get("id")) or _str(item.get("username")) or "unknown"
        name = _str(sender.get("name")) or _str(sender.get("username")) or ""
        handle = _str(sender.get("username")) or _str(item.get("username"))
        text = item.get(text_key)
        return Message(
            id=message_id,
            platform=platform,
            kind=kind,
            thread_id=thread_id,
            author=Author(
                id=author_id,
                name=name,
                handle=handle,
                is_brand=author_id in {self.page_id, self.ig_user_id},
            ),
            text=text if isinstance(text, str) else "",
            received_at=received,
            in_reply_to=in_reply_to,
            post_id=post_id,
        )

    # ------------------------------------------------------------------ actions

    def act(self, request: ActionRequest) -> ActionResult:
        """Reply to, hide or unhide a message this source has read.

        Raises:
            UnsupportedActionError: delete and ban, or hiding a DM.
            ValidationError: the message was not read by this source.
            GraphAPIError: Meta refused.
        """
        if request.action not in ACTIONS:
            raise UnsupportedActionError(source=self.name, action=request.action.value)
        message = self._read.get(request.message_id)
        if message is None:
            raise ValidationError(
                "is not a message this source has read (read it with messages() first)",
                path="message_id",
                value=request.message_id,
                code="unknown_message",
            )
        if request.action is Action.REPLY:
            reply_id = self.reply(message, request.text or "")
            return ActionResult(done=True, platform_id=reply_id or None, detail="replied")
        hidden = request.action is Action.HIDE
        self.hide(message, hidden=hidden)
        return ActionResult(done=True, detail="hidden" if hidden else "unhidden")

    def hide(self, message: Message, *, hidden: bool = True) -> None:
        """Hide (or unhide) a comment; DMs cannot be hidden.

        Raises:
            UnsupportedActionError: the message is a DM.
        """
        if message.kind is not MessageKind.COMMENT:
            raise UnsupportedActionError(source=self.name, action=f"hide {message.kind.value}")
        flag = "is_hidden" if message.platform == Platform.FACEBOOK else "hide"
        self.client.post(message.id, params={flag: "true" if hidden else "false"}, idempotent=True)

    def reply(self, message: Message, text: str) -> str:
        """Answer a message in its channel; returns the id of the reply Meta created.

        Comments get a public reply; DMs a private message to their author.
        """
        if not isinstance(text, str) or not text.strip():
            raise ValidationError("must be a non-empty reply", path="text", value=text)
        if message.kind is MessageKind.COMMENT:
            edge = "comments" if message.platform == Platform.FACEBOOK else "replies"
            body = self.client.post(f"{message.id}/{edge}", params={"message": text})
            return _str(body.get("id")) or ""
        if message.kind is MessageKind.DM and self.page_id:
            body = self.client.post(
                f"{self.page_id}/messages",
                json={
                    "recipient": {"id": message.author.id},
                    "messaging_type": "RESPONSE",
                    "message": {"text": text},
                },
            )
            return _str(body.get("message_id")) or ""
        raise UnsupportedActionError(source=self.name, action=f"reply {message.kind.value}")


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _inside(message: Message, window: tuple[datetime, datetime]) -> bool:
    return window[0] <= message.received_at < window[1]
