from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgoals.converters import structure, unstructure
from socialgoals.errors import DuplicateIdError, KPICycleError, UnknownMetricError, ValidationError
from socialgoals.kpi import (
    KPI,
    STANDARD_METRICS,
    Catalogue,
    MetricTable,
    Undefined,
    Unit,
    rollup,
    standard_catalogue,
)
from socialgoals.model import FunnelStage, Indicator
from socialgoals.testing.strategies._kpi import kpis


def _kpi(kpi_id: str, formula: str, **kw: object) -> KPI:
    fields: dict[str, object] = {
        "id": kpi_id,
        "label": kpi_id.title(),
        "formula": formula,
        "unit": "percent",
        "higher_is_better": True,
        "stage": FunnelStage.ENGAGEMENT,
        "indicator": Indicator.LEADING,
    }
    fields.update(kw)
    return KPI(**fields)  # type: ignore[arg-type]


def test_standard_catalogue_covers_the_domain() -> None:
    cat = standard_catalogue()
    expected = {
        "reach", "impressions", "followers", "audience_growth_rate", "brand_mentions",
        "share_of_voice", "interactions", "engagement_rate", "engagement_rate_by_impressions",
        "engagement_rate_by_reach", "engagement_rate_by_followers", "comments_per_post",
        "clicks", "link_clicks", "profile_clicks", "ctr", "conversion_rate", "cpc", "cpl", "cpa",
        "social_referral_traffic", "leads", "conversation_to_lead_rate", "form_submissions",
        "promo_code_redemptions", "response_rate", "average_first_response_time", "csat", "nps",
        "net_sentiment", "escalation_rate", "resolution_satisfaction", "repeat_purchase_rate",
        "cac", "roi", "ltv", "ltv_to_cac",
    }  # fmt: skip
    assert expected <= set(cat.ids())
    assert len(cat) == len(cat.ids()) == len(set(cat.ids()))
    assert [k.id for k in cat] == list(cat.ids())
    assert "ctr" in cat
    assert "nope" not in cat


@pytest.mark.parametrize(
    ("kpi_id", "text"),
    [
        ("engagement_rate_by_impressions", "(likes + comments + shares) / impressions x 100"),
        ("engagement_rate_by_reach", "(likes + comments + shares) / reach x 100"),
        ("engagement_rate_by_followers", "(likes + comments + shares) / followers x 100"),
        ("ctr", "clicks / impressions x 100"),
        ("cpa", "spend / conversions"),
        ("nps", "(promoters - detractors) / nps_responses x 100"),
        ("cac", "(spend + creator_fees) / attributed_customers"),
        ("roi", "(attributed_revenue - spend - creator_fees) / spend x 100"),
    ],
)
def test_formula_texts(kpi_id: str, text: str) -> None:
    assert standard_catalogue().get(kpi_id).formula_text == text


def test_directions_and_units() -> None:
    cat = standard_catalogue(currency="USD")
    assert cat.get("average_first_response_time").higher_is_better is False
    assert cat.get("escalation_rate").higher_is_better is False
    assert cat.get("cpa").unit == Unit.parse("currency:USD")
    assert str(cat.get("nps").unit) == "score"
    assert cat.get("ctr").indicator is Indicator.LEADING
    assert cat.get("leads").indicator is Indicator.LAGGING


def test_every_standard_kpi_evaluates_with_all_metrics_present() -> None:
    cat = standard_catalogue()
    values = {name: 10.0 + i for i, name in enumerate(sorted(STANDARD_METRICS))}
    for kpi in cat:
        result = kpi.evaluate(values, cat)
        assert isinstance(result, float), kpi.id


def test_derived_kpis_follow_references() -> None:
    cat = standard_catalogue()
    values = {"new_followers": 150.0, "lost_followers": 50.0, "followers": 1100.0}
    # net growth 100 over 1000 followers at the start of the period
    assert cat.get("audience_growth_rate").evaluate(values, cat) == pytest.approx(10.0)
    ltv = {"lifetime_revenue": 3000.0, "customers": 10.0, "spend": 400.0, "creator_fees": 100.0}
    ltv["attributed_customers"] = 5.0
    assert cat.get("ltv_to_cac").evaluate(ltv, cat) == pytest.approx(300.0 / 100.0)
    assert cat.metrics_of("ltv_to_cac") == {
        "lifetime_revenue", "customers", "spend", "creator_fees", "attributed_customers",
    }  # fmt: skip


def test_missing_metric_is_not_zero() -> None:
    cat = standard_catalogue()
    result = cat.get("ctr").evaluate({"impressions": 100.0}, cat)
    assert result == Undefined("no data for metric clicks")
    assert cat.get("ctr").evaluate({"impressions": 100.0, "clicks": 0.0}, cat) == 0.0


def test_unknown_metric_names_the_chain() -> None:
    base = standard_catalogue()
    with pytest.raises(UnknownMetricError) as info:
        base.extended([_kpi("a", "kpi:b * 2"), _kpi("b", "bogus / reach")])
    assert info.value.name == "bogus"
    assert info.value.referenced_by == ("a", "b")
    assert "a -> b -> bogus" in str(info.value)


def test_unknown_kpi_reference() -> None:
    with pytest.raises(UnknownMetricError) as info:
        standard_catalogue().extended([_kpi("a", "kpi:ctr + kpi:missing")])
    assert info.value.name == "missing"
    assert "a -> missing" in str(info.value)


def test_declared_metrics_are_accepted() -> None:
    cat = standard_catalogue().extended([_kpi("bookings_rate", "bookings / reach x 100")],
                                        metrics=["bookings"])  # fmt: skip
    assert cat.get("bookings_rate").evaluate({"bookings": 5.0, "reach": 50.0}, cat) == 10.0


def test_cycle_names_the_chain() -> None:
    with pytest.raises(KPICycleError) as info:
        standard_catalogue().extended(
            [_kpi("a", "kpi:b + 1"), _kpi("b", "kpi:c"), _kpi("c", "kpi:a * reach")]
        )
    assert info.value.chain == ("a", "b", "c", "a")


def test_self_reference_is_rejected() -> None:
    with pytest.raises(ValidationError, match="refers to itself"):
        _kpi("a", "kpi:a + 1")


def test_duplicate_ids() -> None:
    with pytest.raises(DuplicateIdError, match=r"kpis\[\d+\]\.id"):
        standard_catalogue().extended([_kpi("ctr", "clicks / reach")])


def test_kpi_validation_reports_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        _kpi("Bad Id", "reach", label=" ", higher_is_better="yes")
    assert set(info.value.paths) == {"id", "label", "higher_is_better"}


def test_plan_file_round_trip() -> None:
    data = {
        "id": "dm_to_order",
        "label": "DM -> order rate",
        "formula": "orders / dm_conversations x 100",
        "unit": "percent",
        "higher_is_better": True,
        "stage": "conversion",
        "indicator": "lagging",
        "description": "roaster",
    }
    kpi = structure(data, KPI)
    assert unstructure(kpi) == data
    assert structure(unstructure(kpi), KPI) == kpi
    cat = standard_catalogue().extended([kpi])
    assert cat.get("dm_to_order").evaluate({"orders": 2.0, "dm_conversations": 40.0}) == 5.0


def test_plan_file_errors_are_located() -> None:
    with pytest.raises(ValidationError) as info:
        structure(
            {"id": "x1", "label": "L", "formula": 3, "unit": "currency:eu",
             "higher_is_better": True, "stage": "nowhere", "indicator": "lagging"},
            KPI,
        )  # fmt: skip
    assert set(info.value.paths) == {"formula", "unit", "stage"}


def test_catalogue_repr() -> None:
    cat = Catalogue([], [])
    assert len(cat) == 0
    assert repr(cat) == "<Catalogue of 0 KPIs over 0 metrics>"


@given(st.from_type(KPI))
def test_kpi_round_trips_through_plan_files(kpi: KPI) -> None:
    assert structure(unstructure(kpi), KPI) == kpi


@given(kpis())
def test_any_kpi_over_standard_metrics_extends_the_catalogue(kpi: KPI) -> None:
    cat = standard_catalogue()
    if kpi.id in cat:
        return
    extended = cat.extended([kpi])
    assert extended.get(kpi.id) == kpi
    assert len(extended) == len(cat) + 1


def test_deep_reference_chains_validate_quickly() -> None:
    layer = [_kpi(f"k0_{i}", "clicks / impressions x 100") for i in range(3)]
    kpis = list(layer)
    for depth in range(1, 25):
        refs = " + ".join(f"kpi:{k.id}" for k in layer)
        layer = [_kpi(f"k{depth}_{i}", refs) for i in range(3)]
        kpis.extend(layer)
    cat = standard_catalogue().extended(kpis)  # 3**24 paths: validation must not walk them all
    assert "k24_0" in cat
    table = MetricTable.from_wide([(date(2026, 1, 1), 1.0, 100.0)],
                                  columns=["date", "clicks", "impressions"])  # fmt: skip
    assert rollup(table, ["k24_0"], catalogue=cat).get((), "k24_0") == pytest.approx(3.0**24)
    assert cat.get("k6_0").evaluate({"clicks": 1.0, "impressions": 100.0}, cat) == pytest.approx(
        3.0**6
    )
