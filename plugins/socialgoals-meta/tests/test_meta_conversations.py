"""MetaConversationSource against the fake Graph API: comments, DMs, reply and hide."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from socialgoals_meta.client import GraphClient
from socialgoals_meta.conversations import MetaConversationSource
from socialgoals_meta.errors import GraphTransientError
from socialgoals_meta.testing import FakeGraphAPI, graph_time

from socialgoals.community import MessageKind
from socialgoals.errors import UnsupportedActionError, ValidationError
from socialgoals.model import Platform
from socialgoals.protocols import Action, ActionRequest, ConversationSource, MessageQuery

MakeClient = Callable[..., GraphClient]
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def at(minutes: int) -> str:
    return graph_time(T0 + timedelta(minutes=minutes))


def fill(fake: FakeGraphAPI) -> None:
    fake.edges["page1/feed"] = [{"id": "page1_post1"}]
    fake.edges["page1_post1/comments"] = [
        {
            "id": "c1",
            "message": "Quel est le prix ?",
            "created_time": at(1),
            "from": {"id": "u1", "name": "Léa Martin"},
        },
        {
            "id": "c2",
            "message": "Bonjour Léa, 49 €",
            "created_time": at(5),
            "from": {"id": "page1", "name": "Brand"},
            "parent": {"id": "c1"},
        },
        {"id": "c_old", "message": "old", "created_time": at(-600), "from": {"id": "u9"}},
    ]
    fake.edges["ig1/media"] = [{"id": "media1"}]
    fake.edges["media1/comments"] = [
        {
            "id": "ig_c1",
            "text": "Love it",
            "timestamp": at(2),
            "username": "fan",
            "from": {"id": "u2", "username": "fan"},
            "replies": {
                "data": [
                    {
                        "id": "ig_c2",
                        "text": "Thanks!",
                        "timestamp": at(3),
                        "username": "brand",
                        "from": {"id": "ig1", "username": "brand"},
                    }
                ]
            },
        },
    ]
    fake.edges["page1/conversations"] = [{"id": "t_1", "updated_time": at(4)}]
    fake.edges["t_1/messages"] = [
        {
            "id": "m_1",
            "message": "Where is my order?",
            "created_time": at(4),
            "from": {"id": "psid_7", "name": "Sam"},
        },
    ]


@pytest.fixture
def source(fake_graph: FakeGraphAPI, make_client: MakeClient) -> MetaConversationSource:
    fill(fake_graph)
    return MetaConversationSource(
        page_id="page1",
        ig_user_id="ig1",
        channels=["facebook_comments", "instagram_comments", "messenger"],
        client=make_client(),
    )


def window() -> MessageQuery:
    return MessageQuery(since=T0, until=T0 + timedelta(hours=1))


def test_comments_and_dms_become_messages_oldest_first(source: MetaConversationSource) -> None:
    assert isinstance(source, ConversationSource)
    got = list(source.messages(window()))
    assert [m.id for m in got] == ["c1", "ig_c1", "ig_c2", "m_1", "c2"]
    by_id = {m.id: m for m in got}
    assert (by_id["c1"].platform, by_id["c1"].kind, by_id["c1"].thread_id) == (
        Platform.FACEBOOK,
        MessageKind.COMMENT,
        "c1",
    )
    assert by_id["c1"].author.first_name == "Léa"
    assert (by_id["c2"].thread_id, by_id["c2"].in_reply_to, by_id["c2"].author.is_brand) == (
        "c1",
        "c1",
        True,
    )
    assert (by_id["ig_c2"].platform, by_id["ig_c2"].thread_id, by_id["ig_c2"].from_brand) == (
        Platform.INSTAGRAM,
        "ig_c1",
        True,
    )
    assert (by_id["m_1"].kind, by_id["m_1"].thread_id, by_id["m_1"].post_id) == (
        MessageKind.DM,
        "t_1",
        None,
    )
    assert all(m.received_at.tzinfo is not None for m in got)


def test_the_query_filters_kinds_and_time(source: MetaConversationSource) -> None:
    only_dms = MessageQuery(since=T0, until=T0 + timedelta(hours=1), kinds={MessageKind.DM})
    assert [m.id for m in source.messages(only_dms)] == ["m_1"]
    early = MessageQuery(since=T0, until=T0 + timedelta(minutes=2))
    assert [m.id for m in source.messages(early)] == ["c1"]


def test_capabilities_follow_the_channels(source: MetaConversationSource) -> None:
    caps = source.capabilities
    assert caps.platforms == {Platform.FACEBOOK, Platform.INSTAGRAM}
    assert caps.message_kinds == {MessageKind.COMMENT, MessageKind.DM}
    assert caps.actions == {Action.REPLY, Action.HIDE, Action.UNHIDE}


def test_hide_uses_is_hidden_on_facebook_and_hide_on_instagram(
    source: MetaConversationSource, fake_graph: FakeGraphAPI
) -> None:
    list(source.messages(window()))
    assert source.act(ActionRequest(Action.HIDE, "c1", reason="spam")).done
    assert source.act(ActionRequest(Action.HIDE, "ig_c1", reason="spam")).done
    assert source.act(ActionRequest(Action.UNHIDE, "ig_c1")).done
    assert fake_graph.hidden == {"c1": True, "ig_c1": False}
    posts = [(r.path, dict(r.query)) for r in fake_graph.requests if r.method == "POST"]
    assert posts == [
        ("c1", {"is_hidden": "true"}),
        ("ig_c1", {"hide": "true"}),
        ("ig_c1", {"hide": "false"}),
    ]


def test_replies_go_to_comments_replies_or_messages(
    source: MetaConversationSource, fake_graph: FakeGraphAPI
) -> None:
    list(source.messages(window()))
    fb = source.act(ActionRequest(Action.REPLY, "c1", text="Merci !"))
    ig = source.act(ActionRequest(Action.REPLY, "ig_c1", text="Thanks"))
    dm = source.act(ActionRequest(Action.REPLY, "m_1", text="On its way"))
    assert fb.platform_id
    assert ig.platform_id
    assert dm.platform_id
    assert fake_graph.replies == [("c1", "comments", "Merci !"), ("ig_c1", "replies", "Thanks")]
    assert fake_graph.sent_messages == [
        {
            "recipient": {"id": "psid_7"},
            "messaging_type": "RESPONSE",
            "message": {"text": "On its way"},
        }
    ]


def test_unsupported_actions_are_refused(source: MetaConversationSource) -> None:
    list(source.messages(window()))
    with pytest.raises(UnsupportedActionError):
        source.act(ActionRequest(Action.HIDE, "m_1", reason="rude"))
    with pytest.raises(UnsupportedActionError):
        source.act(ActionRequest(Action.BAN, "c1", reason="troll"))
    with pytest.raises(ValidationError, match="message_id"):
        source.act(ActionRequest(Action.HIDE, "never-read", reason="spam"))


def test_bad_configuration_is_reported_at_once(make_client: MakeClient) -> None:
    with pytest.raises(ValidationError) as info:
        MetaConversationSource(
            ig_user_id="ig1", channels=["messenger", "fax"], client=make_client()
        )
    assert info.value.paths == ["channels", "channels"]


def test_page_size_is_passed_as_limit_and_changes_nothing_but_the_paging(
    source: MetaConversationSource, fake_graph: FakeGraphAPI
) -> None:
    full = [m.id for m in source.messages(window())]
    calls = len(fake_graph.requests)
    small = MessageQuery(since=T0, until=T0 + timedelta(hours=1), page_size=1)
    assert [m.id for m in source.messages(small)] == full
    assert len(fake_graph.requests) - calls > calls
    assert {r.query.get("limit") for r in fake_graph.requests[calls:]} == {"1"}


def test_a_reply_is_never_retried_after_an_ambiguous_failure(
    source: MetaConversationSource, fake_graph: FakeGraphAPI
) -> None:
    list(source.messages(window()))
    fake_graph.fail(code=2, status=500, path_prefix="c1/comments", times=3)
    with pytest.raises(GraphTransientError):
        source.act(ActionRequest(Action.REPLY, "c1", text="Merci !"))
    assert len([r for r in fake_graph.requests if r.path == "c1/comments"]) == 1


def test_a_throttled_reply_is_retried(
    source: MetaConversationSource, fake_graph: FakeGraphAPI
) -> None:
    list(source.messages(window()))
    fake_graph.fail(code=613, path_prefix="c1/comments")
    assert source.act(ActionRequest(Action.REPLY, "c1", text="Merci !")).done
    assert fake_graph.replies == [("c1", "comments", "Merci !")]


def test_hiding_is_retried_after_a_transient_failure(
    source: MetaConversationSource, fake_graph: FakeGraphAPI
) -> None:
    list(source.messages(window()))
    fake_graph.fail(code=1, status=500, path_prefix="c1")
    assert source.act(ActionRequest(Action.HIDE, "c1", reason="spam")).done
    assert fake_graph.hidden == {"c1": True}


def test_messages_read_elsewhere_can_be_remembered_for_actions(
    source: MetaConversationSource, fake_graph: FakeGraphAPI, make_client: MakeClient
) -> None:
    read = list(source.messages(window()))
    other = MetaConversationSource(page_id="page1", ig_user_id="ig1", client=make_client())
    other.remember(read)
    assert other.act(ActionRequest(Action.HIDE, "ig_c1", reason="spam")).done
    assert fake_graph.hidden == {"ig_c1": True}
