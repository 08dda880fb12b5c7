"""The HTML report in a real headless Chromium: no console error, every chart drawn.

Needs Debian's ``chromium`` (``/usr/bin/chromium``) and Playwright for Python
(the ``browser`` extra; ``playwright install`` is never needed). Without them
the test skips with the reason, unless ``SOCIALGOALS_REQUIRE_BROWSER=1`` (set
by ``.ci/run``) turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from socialgoals.adapters import CSVMetricSource
from socialgoals.kpi import MetricTable
from socialgoals.planfile import load_plan
from socialgoals.protocols import MetricQuery
from socialgoals.reporting import Report, build_monthly, render_html

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "coffee-roaster"
BUILD = ROOT / "build"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str | None:
    for candidate in (os.environ.get("SOCIALGOALS_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def _missing(reason: str) -> None:
    if os.environ.get("SOCIALGOALS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SOCIALGOALS_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 - optional: skip without it
    except ImportError:
        _missing("playwright is not installed (pip install 'socialgoals[browser]')")
    executable = _chromium_path()
    if executable is None:
        _missing("no Chromium at /usr/bin/chromium (apt-get install chromium chromium-driver)")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _open(browser: Any, html_path: Path) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(html_path.as_uri())
    page.wait_for_load_state("load")
    problems.extend(f"network request: {url}" for url in requests if not url.startswith("file:"))
    return page, problems


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_report_renders_every_chart_without_console_errors(
    browser: Any, lang: str, make_report: Callable[..., Report]
) -> None:
    report = make_report(lang, hostile=" <img src=x onerror=alert(1)>")
    BUILD.mkdir(exist_ok=True)
    html_path = BUILD / f"report-browser-test-{lang}.html"
    html_path.write_text(render_html(report), encoding="utf-8")

    page, problems = _open(browser, html_path)
    try:
        assert problems == []
        charts = page.query_selector_all("svg.chart")
        assert [c.get_attribute("data-chart-id") for c in charts] == [c.id for c in report.charts()]
        for chart in charts:
            box = chart.bounding_box()
            assert box is not None
            assert box["width"] > 200
            assert box["height"] > 80
        # the objective chart draws actual, pace, target and the forecast interval
        objective = page.query_selector('svg[data-chart="objective"]')
        assert objective is not None
        for part in ("polyline.actual", "polyline.pace", "path.target", "polygon.forecast-band"):
            assert objective.query_selector(part) is not None, part
        # hostile text stays text
        assert page.query_selector("img") is None
        assert "<img src=x" in page.inner_text("h1")
        shot = BUILD / f"report-browser-test-{lang}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
    finally:
        page.close()


def test_the_coffee_roaster_monthly_report_in_chromium(browser: Any) -> None:
    plan = load_plan(EXAMPLE / "plan.toml")
    rows = []
    for preset, name in (
        ("meta_instagram_posts", "instagram_posts.csv"),
        ("meta_facebook_posts", "facebook_posts.csv"),
        ("long", "shop_daily.csv"),
    ):
        rows += CSVMetricSource(EXAMPLE / "data" / name, preset=preset).observations(MetricQuery())
    report = build_monthly(plan, MetricTable.from_observations(rows), as_of=date(2026, 6, 30))
    BUILD.mkdir(exist_ok=True)
    html_path = BUILD / "report-browser-test-coffee-roaster.html"
    html_path.write_text(render_html(report), encoding="utf-8")
    page, problems = _open(browser, html_path)
    try:
        assert problems == []
        drawn = [c.get_attribute("data-chart-id") for c in page.query_selector_all("svg.chart")]
        assert drawn == [c.id for c in report.charts()]
        assert {"dm-orders", "ig-engagement", "response-time"} <= set(drawn)
        page.screenshot(path=str(BUILD / "report-browser-test-coffee-roaster.png"), full_page=True)
    finally:
        page.close()
