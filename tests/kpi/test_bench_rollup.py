"""Smoke test: the rollup benchmark runs and its three engines agree (small size)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_rollup.py"


def test_benchmark_engines_agree_on_a_small_run(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("polars", reason="the benchmark peers are in the 'bench' extra")
    pytest.importorskip("pandas", reason="the benchmark peers are in the 'bench' extra")
    spec = importlib.util.spec_from_file_location("bench_rollup", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_rollup"] = module
    try:
        spec.loader.exec_module(module)
        assert module.main(["--rows", "5000", "--repeat", "1"]) == 0
    finally:
        del sys.modules["bench_rollup"]
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["same_numbers"] is True
    assert report["rows"] == 5000
    assert report["undefined_values"] > 0
    assert {
        "ratio_vs_polars_end_to_end",
        "ratio_vs_polars_prebuilt",
        "ratio_vs_pandas",
        "ratio_python_engine_vs_pandas",
    } <= set(report)
    assert report["engine"] == "numpy"  # pandas brings numpy: the default engine uses it
