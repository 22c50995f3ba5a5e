"""pandas DataFrames: the expected columns, and a clear ImportError without pandas."""

import importlib.util
import sys

import numpy as np
import pytest

import parley
from conftest import FLAGSHIP, shared_file

needs_pandas = pytest.mark.skipif(
    importlib.util.find_spec("pandas") is None, reason="pandas is not installed"
)


@pytest.fixture(scope="module")
def flagship():
    return parley.load(FLAGSHIP)


@needs_pandas
def test_result_frames(flagship, run_cli):
    eum = flagship.run("eum")
    frame = eum.to_frame()
    assert list(frame.columns) == list(parley._result.FORECAST_COLUMNS)
    assert list(frame.issue) == flagship.issue_ids
    np.testing.assert_array_equal(frame.forecast.to_numpy(), eum.forecasts_array)
    assert (frame.spec == eum.spec).all() and (frame.input_hash == eum.input_hash).all()
    # The same header as `parley run --format csv`.
    status, out, _ = run_cli("run", FLAGSHIP, "-m", "eum", "-f", "csv")
    assert out.splitlines()[0] == ",".join(frame.columns)
    assert eum.to_pandas().equals(frame)
    assert list(eum.details_frame().columns) == ["model", "spec", "issue", "actor", "name", "value"]
    assert list(eum.trajectory_frame().columns) == [
        "model",
        "spec",
        "round",
        "issue",
        "actor",
        "position",
        "risk",
    ]
    assert list(eum.moves_frame().columns) == [
        "model",
        "spec",
        "round",
        "issue",
        "actor",
        "toward",
        "kind",
        "from",
        "to",
        "eu_self",
        "eu_other",
    ]
    exchanges = flagship.run("exchange").exchanges_frame()
    assert list(exchanges.columns) == [
        "model",
        "spec",
        "round",
        "order",
        "actor_i",
        "issue_i",
        "from_i",
        "to_i",
        "actor_j",
        "issue_j",
        "from_j",
        "to_j",
        "gain",
    ]
    assert len(exchanges) > 0
    # A model without rounds gives empty frames with the same columns.
    assert len(flagship.run("compromise").trajectory_frame()) == 0


@needs_pandas
def test_results_frames(flagship):
    results = flagship.run(["compromise", "median", "nash"])
    tidy = results.to_frame()
    assert len(tidy) == 12
    assert list(tidy.model.unique()) == ["compromise", "median", "nash"]
    wide = results.wide_frame()
    assert list(wide.columns) == ["compromise", "median", "nash"]
    assert list(wide.index) == flagship.issue_ids and wide.index.name == "issue"
    assert wide.loc["taiwan", "median"] == 0.0  # the US decides, Congress holds a veto at 0
    twice = flagship.run(["eum", "eum(preset=replication)"]).wide_frame()
    assert list(twice.columns) == [r.spec for r in flagship.run(["eum", "eum(preset=replication)"])]


@needs_pandas
def test_scenario_frame(flagship):
    frame = flagship.to_frame()
    assert list(frame.columns) == list(parley._scenario.STANCE_COLUMNS)
    assert len(frame) == 22


@needs_pandas
def test_analysis_frames(flagship):
    ensemble = parley.ensemble(flagship, ["eum", "compromise"], runs=100)
    frame = ensemble.to_frame()
    assert list(frame.columns) == [
        "model",
        "spec",
        "issue",
        "mean",
        "sd",
        "min",
        "max",
        "p05",
        "p25",
        "p50",
        "p75",
        "p95",
    ]
    assert len(frame) == 8
    tidy = ensemble.tidy_frame()
    assert list(tidy.columns) == [
        "model",
        "spec",
        "issue",
        "actor",
        "statistic",
        "value",
        "seed",
        "runs",
        "input_hash",
    ]
    means = tidy[(tidy.model == "eum") & (tidy.statistic == "mean")].value.to_numpy()
    np.testing.assert_array_equal(means, ensemble.statistic("mean", "eum"))  # exact numbers

    sensitivity = parley.sensitivity(flagship, "compromise", runs=8, bootstrap=2)
    frame = sensitivity.to_frame()
    assert list(frame.columns) == list(parley._analysis.SENSITIVITY_COLUMNS)
    assert len(frame) == 4 * 51

    linkage = parley.linkage(flagship)
    assert list(linkage.to_frame().columns) == [
        "section",
        "item",
        "model",
        "issue",
        "actor",
        "partner",
        "measure",
        "value",
    ]
    deals = linkage.deals_frame()
    assert list(deals.columns) == list(parley._analysis.DEAL_COLUMNS) and len(deals) == 46


@needs_pandas
def test_validation_frames():
    report = parley.validate(shared_file("data/deu3/deu3-dev.tsv"), models=["compromise"])
    frame = report.to_frame()
    assert list(frame.columns) == [
        "model",
        "spec",
        "group_kind",
        "group",
        "n",
        "failed",
        "mae",
        "rmse",
        "median_ae",
        "within10",
        "crps",
        "coverage50",
        "coverage80",
        "coverage90",
        "width80",
    ]
    overall = frame[frame.group_kind == "all"].iloc[0]
    assert overall.mae == report.accuracy["compromise"]["mae"]
    # Cross-validated predictive distributions: calibrated 80% intervals, CRPS below the MAE.
    assert 0.75 <= overall.coverage80 <= 0.85
    assert overall.crps == report.accuracy["compromise"]["crps"] < overall.mae
    predictions = report.predictions_frame()
    assert list(predictions.columns) == [
        "model",
        "proposal",
        "issue",
        "procedure",
        "voting_rule",
        "reference_point",
        "outcome",
        "forecast",
        "error",
        "failure",
    ]
    assert predictions.failure.dtype == object and (predictions.failure == "").all()


def test_without_pandas_frames_raise_a_clear_import_error(flagship, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    result = flagship.run("compromise")
    with pytest.raises(ImportError, match=r"Result.to_frame\(\) needs pandas"):
        result.to_frame()
    with pytest.raises(ImportError, match="needs pandas"):
        parley.ensemble(flagship, "compromise", runs=10).to_frame()
    # Everything else works without pandas.
    assert result.forecast and result.forecasts_array.shape == (4,)
