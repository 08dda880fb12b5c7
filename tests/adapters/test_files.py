"""CSV/JSON metric sources, presets, bad rows, and the JSONL conversation source."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.adapters import (
    PRESETS,
    ColumnMapping,
    CSVMetricSource,
    JSONLConversationSource,
    JSONMetricSource,
    parse_number,
    preset,
)
from socialgoals.community import MessageKind
from socialgoals.errors import BadRowError, UnsupportedActionError, ValidationError
from socialgoals.model import Platform
from socialgoals.protocols import Action, ActionRequest, MessageQuery, MetricQuery

# Meta Business Suite content export (Instagram): one row per post, lifetime totals.
META_IG = (
    "Post ID,Account ID,Account username,Account name,Description,Duration (sec),"
    "Publish time,Permalink,Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,"
    "Comments,Saves\n"
    '17900000000000001,1784140000,brand,Brand,"Nouvelle collection, enfin !",0,'
    "03/18/2026 09:30,https://www.instagram.com/p/AAA/,IG image,,Lifetime,5400,3900,312,"
    "18,4,27,41\n"
    "17900000000000002,1784140000,brand,Brand,Reel,12,03/19/2026 18:05,"
    "https://www.instagram.com/reel/BBB/,IG reel,,Lifetime,12850,9100,845,96,,61,120\n"
)

# LinkedIn page analytics "Metrics" sheet saved as CSV: a title line, then the header.
LINKEDIN = (
    "Aggregated page metrics for the selected dates\n"
    "Date,Impressions (organic),Impressions (sponsored),Impressions (total),"
    "Unique impressions (organic),Clicks (organic),Clicks (sponsored),Clicks (total),"
    "Reactions (total),Comments (total),Reposts (total),Engagement rate (total)\n"
    "03/01/2026,1200,300,1500,800,20,10,30,12,3,1,0.0307\n"
    "03/02/2026,1300,320,1620,850,25,16,41,15,2,0,0.0358\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_meta_instagram_preset_reads_post_rows(tmp_path: Path) -> None:
    path = _write(tmp_path, "ig.csv", META_IG)
    rows = list(CSVMetricSource(path, preset="meta_instagram_posts").observations(MetricQuery()))
    first = {o.metric: o.value for o in rows if o.post == "17900000000000001"}
    assert first == {
        "views": 5400,
        "reach": 3900,
        "likes": 312,
        "shares": 18,
        "follows": 4,
        "comments": 27,
        "saves": 41,
    }
    second = {o.metric for o in rows if o.post == "17900000000000002"}
    assert "follows" not in second  # empty cell: missing, not zero
    assert {o.date for o in rows} == {date(2026, 3, 18), date(2026, 3, 19)}
    assert {o.platform for o in rows} == {Platform.INSTAGRAM}
    assert {o.account for o in rows} == {"1784140000"}
    assert {o.source for o in rows} == {"csv:ig.csv"}


def test_linkedin_preset_skips_the_title_line_and_ignores_rates(tmp_path: Path) -> None:
    path = _write(tmp_path, "li.csv", LINKEDIN)
    rows = list(CSVMetricSource(path, preset="linkedin_page_metrics").observations(MetricQuery()))
    metrics = {o.metric for o in rows}
    assert "impressions" in metrics
    assert not any("rate" in m for m in metrics)
    assert {(o.date, o.value) for o in rows if o.metric == "clicks"} == {
        (date(2026, 3, 1), 30.0),
        (date(2026, 3, 2), 41.0),
    }


def test_semicolon_files_with_decimal_commas(tmp_path: Path) -> None:
    path = _write(tmp_path, "fr.csv", "jour;portée;dépense\n2026-03-01;1 234;12,50\n")
    mapping = ColumnMapping(
        date="jour",
        metrics={"portée": "reach", "dépense": "spend"},
        platform="facebook",
        decimal=",",
        thousands=" ",
    )
    rows = list(CSVMetricSource(path, mapping=mapping).observations(MetricQuery()))
    assert {o.metric: o.value for o in rows} == {"reach": 1234.0, "spend": 12.5}


def test_a_bad_cell_names_file_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "li.csv", LINKEDIN.replace(",1620,", ",16x0,"))
    with pytest.raises(BadRowError) as info:
        list(CSVMetricSource(path, preset="linkedin_page_metrics").observations(MetricQuery()))
    err = info.value
    assert (err.file, err.line, err.column) == ("li.csv", 4, "Impressions (total)")
    assert "li.csv:4, column 'Impressions (total)'" in str(err)


def test_bad_rows_can_be_skipped_and_counted(tmp_path: Path) -> None:
    text = LINKEDIN + "13/45/2026,1,1,1,1,1,1,1,1,1,1,0.1\n03/04/2026,1,2\n"
    src = CSVMetricSource(
        _write(tmp_path, "li.csv", text), preset="linkedin_page_metrics", on_error="skip"
    )
    rows = list(src.observations(MetricQuery()))
    assert src.skipped == 2
    assert [(e.line, e.column) for e in src.bad_rows] == [(5, "Date"), (6, None)]
    assert {o.date for o in rows} == {date(2026, 3, 1), date(2026, 3, 2)}


def test_an_ambiguous_thousands_separator_is_an_error_not_a_wrong_number() -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number("1,23")
    with pytest.raises(ValueError, match="not a number"):
        parse_number("12,3456")
    assert parse_number("12,345") == 12345.0


def test_conflicting_duplicate_rows_are_an_error(tmp_path: Path) -> None:
    text = "date,platform,metric,value\n2026-03-01,x,reach,10\n2026-03-01,x,reach,11\n"
    src = CSVMetricSource(_write(tmp_path, "d.csv", text), preset="long")
    with pytest.raises(BadRowError, match="on line 2") as info:
        list(src.observations(MetricQuery()))
    assert info.value.line == 3


def test_identical_duplicate_rows_are_yielded_once(tmp_path: Path) -> None:
    text = "date,platform,metric,value\n2026-03-01,x,reach,10\n2026-03-01,x,reach,10\n"
    rows = list(
        CSVMetricSource(_write(tmp_path, "d.csv", text), preset="long").observations(MetricQuery())
    )
    assert len(rows) == 1


def test_missing_columns_are_reported_on_the_header(tmp_path: Path) -> None:
    text = "date,platform,value\n2026-03-01,x,10\n"
    with pytest.raises(BadRowError, match="missing column") as info:
        list(
            CSVMetricSource(_write(tmp_path, "d.csv", text), preset="long").observations(
                MetricQuery()
            )
        )
    assert (info.value.line, info.value.column) == (1, "metric")


def test_the_query_window_and_metrics_filter_rows(tmp_path: Path) -> None:
    path = _write(tmp_path, "li.csv", LINKEDIN)
    q = MetricQuery(start=date(2026, 3, 2), metrics=frozenset({"clicks"}))
    rows = list(CSVMetricSource(path, preset="linkedin_page_metrics").observations(q))
    assert [(o.date, o.metric) for o in rows] == [(date(2026, 3, 2), "clicks")]


def test_json_array_and_data_wrapper(tmp_path: Path) -> None:
    records = [{"date": "2026-03-01", "platform": "tiktok", "metric": "views", "value": 99}]
    for name, doc in (("a.json", records), ("b.json", {"data": records})):
        path = _write(tmp_path, name, json.dumps(doc))
        (obs,) = JSONMetricSource(path, preset="long").observations(MetricQuery())
        assert (obs.platform, obs.value) == (Platform.TIKTOK, 99.0)


def test_json_syntax_errors_give_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.json", '[\n{"date": "2026-03-01",\n oops}\n]')
    with pytest.raises(BadRowError) as info:
        list(JSONMetricSource(path, preset="long").observations(MetricQuery()))
    assert info.value.line == 3


def test_jsonl_bad_value_gives_line_and_column(tmp_path: Path) -> None:
    lines = [
        {"date": "2026-03-01", "platform": "x", "metric": "reach", "value": 1},
        {"date": "2026-03-02", "platform": "x", "metric": "reach", "value": "lots"},
    ]
    path = _write(tmp_path, "m.jsonl", "\n".join(json.dumps(r) for r in lines))
    with pytest.raises(BadRowError) as info:
        list(JSONMetricSource(path, preset="long").observations(MetricQuery()))
    assert (info.value.line, info.value.column) == (2, "value")


def test_mapping_validation_reports_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        ColumnMapping(date="d", metrics={"A": "Not A Slug"}, decimal=",", thousands=",")
    assert set(info.value.paths) == {"metrics['A']", "platform", "thousands"}


def test_presets_are_valid_and_overridable() -> None:
    assert all(isinstance(m, ColumnMapping) for m in PRESETS.values())
    assert preset("meta_facebook_posts", account="page-1").account == "page-1"
    with pytest.raises(ValidationError, match="unknown preset"):
        preset("tiktok_magic")


@given(
    value=st.integers(min_value=0, max_value=10**12),
    cents=st.integers(min_value=0, max_value=99),
    style=st.sampled_from([(".", ","), (",", " "), (",", "."), (".", "")]),
)
def test_formatted_numbers_read_back_exactly(
    value: int, cents: int, style: tuple[str, str]
) -> None:
    decimal, thousands = style
    grouped = f"{value:,}".replace(",", thousands) if thousands else str(value)
    text = f"{grouped}{decimal}{cents:02d}"
    assert parse_number(text, decimal=decimal, thousands=thousands) == float(f"{value}.{cents:02d}")


MESSAGE = {
    "id": "m1",
    "platform": "facebook",
    "kind": "dm",
    "thread_id": "t1",
    "author": {"id": "u1", "name": "Léa"},
    "text": "Bonjour",
    "received_at": "2026-03-02T09:30:00+01:00",
}


def test_jsonl_conversations_sorted_and_filtered(tmp_path: Path) -> None:
    later = {**MESSAGE, "id": "m2", "kind": "comment", "received_at": "2026-03-03T09:30:00Z"}
    path = _write(tmp_path, "inbox.jsonl", json.dumps(later) + "\n\n" + json.dumps(MESSAGE))
    src = JSONLConversationSource(path)
    assert [m.id for m in src.messages(MessageQuery())] == ["m1", "m2"]
    assert [m.id for m in src.messages(MessageQuery(kinds=frozenset({MessageKind.DM})))] == ["m1"]


def test_jsonl_conversation_bad_lines(tmp_path: Path) -> None:
    naive = {**MESSAGE, "id": "m2", "received_at": "2026-03-02T09:30:00"}
    path = _write(tmp_path, "inbox.jsonl", json.dumps(MESSAGE) + "\n{nope\n" + json.dumps(naive))
    with pytest.raises(BadRowError) as info:
        list(JSONLConversationSource(path).messages(MessageQuery()))
    assert info.value.line == 2
    src = JSONLConversationSource(path, on_error="skip")
    assert [m.id for m in src.messages(MessageQuery())] == ["m1"]
    assert [(e.line, e.column) for e in src.bad_rows] == [(2, None), (3, "received_at")]


def test_jsonl_conversation_source_cannot_act(tmp_path: Path) -> None:
    src = JSONLConversationSource(_write(tmp_path, "i.jsonl", json.dumps(MESSAGE)))
    with pytest.raises(UnsupportedActionError):
        src.act(ActionRequest(Action.HIDE, "m1", reason="spam"))


ADS = (
    "Reporting starts,Reporting ends,Campaign name,Reach,Impressions,Link clicks,"
    "Amount spent (EUR),Results\n"
    '2026-03-01,2026-03-01,Spring launch,10200,15800,240,"1,250.40",31\n'
    "2026-03-02,2026-03-02,Spring launch,9800,14900,198,1180.10,\n"
)


def test_meta_ads_daily_preset(tmp_path: Path) -> None:
    rows = list(
        CSVMetricSource(_write(tmp_path, "ads.csv", ADS), preset="meta_ads_daily").observations(
            MetricQuery()
        )
    )
    spend = {o.date: o.value for o in rows if o.metric == "spend"}
    assert spend == {date(2026, 3, 1): 1250.40, date(2026, 3, 2): 1180.10}
    assert {o.campaign for o in rows} == {"Spring launch"}
    assert ("results", date(2026, 3, 2)) not in {(o.metric, o.date) for o in rows}


def test_bad_cells_holding_personal_data_are_redacted_in_errors(tmp_path: Path) -> None:
    text = "date,platform,metric,value\n2026-03-01,x,reach,lea@example.com\n"
    with pytest.raises(BadRowError) as info:
        list(
            CSVMetricSource(_write(tmp_path, "d.csv", text), preset="long").observations(
                MetricQuery()
            )
        )
    assert "lea@example.com" not in str(info.value)
    assert "<email>" in str(info.value)
