"""Scenarios, results, analysis reports and stored runs pickle: every protocol gives back
the same values (positions, forecasts, rounds, frames, renderings), in this process and in
another one, and a corrupted payload raises pickle.UnpicklingError rather than crashing."""

import json
import os
import pickle
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import parley
from parley import _parley
from parley._analysis import _unpickle_report
from conftest import FLAGSHIP, HAND_MADE, shared_file

PROTOCOLS = range(pickle.HIGHEST_PROTOCOL + 1)


def round_trip(value, protocol=pickle.DEFAULT_PROTOCOL):
    return pickle.loads(pickle.dumps(value, protocol=protocol))


@pytest.fixture(scope="module")
def flagship():
    return parley.load(FLAGSHIP)


@pytest.fixture(scope="module")
def results(flagship):
    # eum has rounds and moves, exchange exchanges (and, randomised, a seed), nash details;
    # the flagship's decision blocks give rules and bargained forecasts.
    return flagship.run(
        ["eum(preset=replication)", "exchange(variant=random,seed=5)", "nash", "compromise"]
    )


def assert_same_scenario(restored, scenario):
    assert type(restored) is parley.Scenario
    assert restored.content_hash == scenario.content_hash
    assert (restored.name, restored.description, restored.source) == (
        scenario.name,
        scenario.description,
        scenario.source,
    )
    assert restored.actors == scenario.actors
    assert restored.issues == scenario.issues
    assert restored.to_json() == scenario.to_json()
    for field in ("positions", "saliences", "capabilities"):
        np.testing.assert_array_equal(getattr(restored, field), getattr(scenario, field))
    assert restored.uncertain_inputs == scenario.uncertain_inputs
    assert restored.relative_noise == scenario.relative_noise
    assert restored.derivations == scenario.derivations


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_scenarios_pickle_with_every_protocol(flagship, protocol):
    assert_same_scenario(round_trip(flagship, protocol), flagship)
    hand_made = parley.Scenario.from_dict(HAND_MADE)
    assert_same_scenario(round_trip(hand_made, protocol), hand_made)


def test_a_pickled_scenario_keeps_its_trade_derivations_for_ensembles(flagship):
    # The flagship derives China's weight on nk-pressure from trade data and has relative
    # noise on every capability: an ensemble re-derives the weight from each drawn
    # capability, which needs the derivations the scenario's JSON leaves out.
    assert flagship.derivations
    restored = round_trip(flagship)
    assert restored.derivations == flagship.derivations
    original = parley.ensemble(flagship, "compromise", runs=200, seed=4)
    again = parley.ensemble(restored, "compromise", runs=200, seed=4)
    assert again.to_json() == original.to_json()


def test_scenarios_pickle_inside_other_objects(flagship):
    both = round_trip({"a": flagship, "b": [flagship]})
    assert both["a"] is both["b"][0]  # pickle's memo: one scenario, loaded once
    assert_same_scenario(both["a"], flagship)


def assert_same_result(restored, result):
    assert type(restored) is parley.Result
    for name in ("model", "spec", "parameters", "input_hash", "seed", "issues"):
        assert getattr(restored, name) == getattr(result, name), name
    assert restored.forecast == result.forecast
    assert restored.rules == result.rules
    np.testing.assert_array_equal(
        list(restored.bargained.values()), list(result.bargained.values())
    )
    np.testing.assert_array_equal(restored.forecasts_array, result.forecasts_array)
    np.testing.assert_array_equal(restored.trajectory_array(), result.trajectory_array())
    np.testing.assert_array_equal(
        restored.trajectory_array("risk"), result.trajectory_array("risk")
    )
    for table in ("details", "trajectory", "moves", "exchanges"):
        mine, theirs = getattr(restored, table), getattr(result, table)
        assert mine.keys() == theirs.keys()
        for column in mine:
            np.testing.assert_array_equal(mine[column], theirs[column], err_msg=table + column)
    assert restored.to_json() == result.to_json()
    assert restored.to_csv() == result.to_csv()
    assert restored.trace() == result.trace()
    assert repr(restored) == repr(result)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_results_pickle_with_every_protocol(results, protocol):
    restored = round_trip(results, protocol)
    assert type(restored) is parley.Results
    assert len(restored) == len(results)
    assert_same_scenario(restored.scenario, results.scenario)
    for mine, theirs in zip(restored, results):
        assert_same_result(mine, theirs)
        assert mine.scenario is restored.scenario  # one scenario for every result
    assert restored.table() == results.table()
    assert restored.to_json() == results.to_json()
    one = round_trip(results[0], protocol)
    assert_same_result(one, results[0])


def test_results_have_what_the_test_compares(results):
    # Not vacuous: the results hold rounds, moves, exchanges, details, a seed and rules.
    eum, exchange, nash, _ = results
    assert len(eum.trajectory["round"]) and len(eum.moves["round"])
    assert len(exchange.exchanges["round"]) and exchange.seed is not None
    assert len(nash.details["value"])
    assert any(rule != "bargaining" for rule in eum.rules.values())


def test_result_frames_survive_pickling(results):
    pandas = pytest.importorskip("pandas")
    restored = round_trip(results)
    pandas.testing.assert_frame_equal(restored.to_frame(), results.to_frame())
    pandas.testing.assert_frame_equal(restored.wide_frame(), results.wide_frame())
    pandas.testing.assert_frame_equal(
        restored[0].trajectory_frame(), results[0].trajectory_frame()
    )
    pandas.testing.assert_frame_equal(restored[0].moves_frame(), results[0].moves_frame())
    pandas.testing.assert_frame_equal(
        restored[1].exchanges_frame(), results[1].exchanges_frame()
    )


# -- In another process -----------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import json, pickle, sys
    import parley

    with open(sys.argv[1], "rb") as file:
        scenario, results, ensemble = pickle.load(file)
    values = {
        "hash": scenario.content_hash,
        "positions": scenario.positions.tolist(),
        "forecasts": [result.forecast for result in results],
        "trajectory": results[0].trajectory_array().tolist(),
        "exchanges": results[1].exchanges["gain"].tolist(),
        "results_json": results.to_json(),
        "ensemble": ensemble.to_json(),
        "ensemble_mean": ensemble.statistic("mean").tolist(),
        "ensemble_again": parley.ensemble(scenario, "compromise", runs=100, seed=2).to_json(),
    }
    print(json.dumps(values))
    # And back: a run made here, loaded by the parent.
    with open(sys.argv[2], "wb") as file:
        pickle.dump(scenario.run("exchange(variant=random)"), file)
    """
)


def test_pickles_load_in_another_process(tmp_path, flagship, results):
    ensemble = parley.ensemble(flagship, "compromise", runs=100, seed=2)
    sent, returned = tmp_path / "sent.pickle", tmp_path / "returned.pickle"
    sent.write_bytes(pickle.dumps((flagship, results, ensemble)))
    child = subprocess.run(
        [sys.executable, "-c", CHILD, sent, returned],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ,
    )
    assert child.returncode == 0, child.stderr
    values = json.loads(child.stdout)
    assert values["hash"] == flagship.content_hash
    # NaN where an actor takes no part: compare as arrays.
    np.testing.assert_array_equal(np.array(values["positions"]), flagship.positions)
    assert values["forecasts"] == [result.forecast for result in results]
    np.testing.assert_array_equal(
        np.array(values["trajectory"]), results[0].trajectory_array()
    )
    assert values["exchanges"] == results[1].exchanges["gain"].tolist()
    assert values["results_json"] == results.to_json()
    assert values["ensemble"] == ensemble.to_json()
    assert values["ensemble_mean"] == ensemble.statistic("mean").tolist()
    assert values["ensemble_again"] == ensemble.to_json()
    back = pickle.loads(returned.read_bytes())
    assert_same_result(back, flagship.run("exchange(variant=random)"))


# -- Analysis reports -------------------------------------------------------------------


def assert_same_report(restored, report):
    assert type(restored) is type(report)
    assert restored.table() == report.table()
    assert restored.to_json() == report.to_json()
    assert restored.to_dict() == report.to_dict()
    if not isinstance(report, parley.Brief):
        assert restored.to_csv() == report.to_csv()
    assert str(restored) == str(report)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_ensemble_reports_pickle(flagship, protocol):
    report = parley.ensemble(
        flagship, ["eum", "compromise"], runs=100, seed=3, thresholds=["nk-pressure>=60"]
    )
    restored = round_trip(report, protocol)
    assert_same_report(restored, report)
    assert (restored.seed, restored.runs, restored.input_hash) == (3, 100, flagship.content_hash)
    assert restored.summary == report.summary
    assert restored.probabilities == report.probabilities
    np.testing.assert_array_equal(restored.histogram(), report.histogram())
    assert repr(restored) == repr(report)
    assert_same_report(round_trip(restored, protocol), report)  # and again


def test_ensemble_reports_with_an_error_model_pickle(flagship):
    report = parley.ensemble(flagship, "compromise", runs=50, seed=1, errors="deu3")
    restored = round_trip(report)
    assert_same_report(restored, report)
    assert restored.model_error == report.model_error


def test_sensitivity_reports_pickle(flagship):
    report = parley.sensitivity(flagship, "compromise", runs=16, seed=2, bootstrap=5)
    restored = round_trip(report)
    assert_same_report(restored, report)
    assert (restored.spec, restored.seed, restored.runs) == (report.spec, 2, 16)
    assert restored.issues == report.issues
    assert repr(restored) == repr(report)


def test_linkage_reports_pickle_with_every_table_length(flagship):
    report = parley.linkage(flagship, deals=3)
    restored = round_trip(report)
    assert_same_report(restored, report)
    assert restored.deals == report.deals
    count = len(report.deals)
    assert count > 3
    # The table with any number of deals, cut from the table of every deal that is kept.
    for deals in (0, 1, 3, count - 1, count, count + 5):
        assert restored.table(deals) == report.table(deals), deals
    assert round_trip(restored).table(2) == report.table(2)


def test_briefs_pickle(flagship):
    brief = parley.brief(flagship, runs=50, seed=2)
    restored = round_trip(brief)
    assert_same_report(restored, brief)
    assert restored.markdown() == brief.markdown()


def test_leverage_reports_pickle(tmp_path):
    trade = tmp_path / "trade.csv"
    trade.write_text(
        "reporter,partner,year,exports,imports\n"
        "PRK,CHN,2013,90,110\nPRK,RUS,2013,5,5\nPRK,CHN,2014,100,200\nPRK,RUS,2014,10,10\n"
    )
    report = parley.leverage(trade, actor="PRK", years=(2013, 2014), top=2)
    restored = round_trip(report)
    assert_same_report(restored, report)
    assert restored.rows == report.rows


def test_validation_reports_pickle():
    report = parley.validate(shared_file("data/deu3/deu3-dev.tsv"), models=["compromise"])
    restored = round_trip(report)
    assert_same_report(restored, report)
    assert restored.accuracy == report.accuracy
    assert restored.predictions_csv() == report.predictions_csv()


# -- Stored runs ------------------------------------------------------------------------


def test_stored_runs_and_diffs_pickle(tmp_path, flagship, results):
    pytest.importorskip("pandas")
    store = parley.Store(tmp_path / "runs.db")
    edited = flagship.to_dict()
    edited["issues"][0]["positions"]["USA"]["salience"] = 0.7
    first = store.save(flagship, results, seed=7)
    second = store.save(parley.Scenario.from_dict(edited), parley.run(edited, ["nash", "eum"]))
    run = store.run(first)
    restored = round_trip(run)
    assert restored.settings() == run.settings()
    assert restored.to_text() == run.to_text()
    assert restored.to_json() == run.to_json()
    for table in ("forecasts", "trajectory", "moves", "exchanges", "details", "metrics"):
        assert restored.to_csv(table) == run.to_csv(table)
    assert restored.results.to_json() == run.results.to_json()
    assert_same_scenario(restored.scenario, run.scenario)
    diff = store.diff(first, second)
    again = round_trip(diff)
    assert again.to_text() == diff.to_text()
    assert again.to_json() == diff.to_json()
    assert again.to_csv() == diff.to_csv()
    for frame in ("settings", "inputs", "forecasts", "metrics"):
        assert getattr(again, frame).equals(getattr(diff, frame)), frame
    assert repr(again) == repr(diff)
    with pytest.raises(TypeError, match="open connection"):
        pickle.dumps(store)


def test_stored_runs_keep_their_documents(tmp_path, run_cli):
    path = tmp_path / "runs.db"
    status, _, stderr = run_cli(
        "ensemble", FLAGSHIP, "-m", "compromise", "--runs", "20", "--store", path
    )
    assert status == 0, stderr
    run = parley.Store(path).run(1)
    assert run.documents
    restored = round_trip(run)
    assert restored.documents == run.documents
    assert restored.metrics.equals(run.metrics)


# -- Corrupted payloads -----------------------------------------------------------------


class Payload:
    """Pickles as a call of `function(*arguments)`: a payload as a corrupted or foreign
    pickle would hold it."""

    def __init__(self, function, *arguments):
        self.function, self.arguments = function, arguments

    def __reduce__(self):
        return (self.function, self.arguments)


def load(function, *arguments):
    return pickle.loads(pickle.dumps(Payload(function, *arguments)))


def test_a_corrupted_scenario_payload_raises_unpickling_error(flagship):
    data = pickle.dumps(flagship)
    # A changed byte in the scenario's JSON (same length, so the pickle still parses): an
    # issue id no decision block or position matches, or a different content hash.
    assert data.count(b'"nk-pressure"') >= 1
    changed = data.replace(b'"nk-pressure"', b'"nk-pressurX"', 1)
    with pytest.raises(pickle.UnpicklingError, match=r"parley\.Scenario pickle"):
        pickle.loads(changed)
    position = data.index(b'"salience": 0.9')
    changed = data[:position] + b'"salience": 0.8' + data[position + 15 :]
    with pytest.raises(pickle.UnpicklingError, match="hashes to .* not to the 8ba377de86466e87"):
        pickle.loads(changed)
    with pytest.raises((pickle.UnpicklingError, EOFError)):
        pickle.loads(data[: len(data) // 2])


def test_corrupted_states_raise_unpickling_error(flagship, results):
    _, (state,) = flagship._native.__reduce__()
    json_text, source, content_hash, derivations = state[1]
    for bad in (
        "junk",
        (1,),
        (1, "fields"),
        (1, (json_text, source)),
        (1, (json_text, source, content_hash, [("CHN", "nk-pressure")])),
        (1, ("{", source, content_hash, [])),
    ):
        with pytest.raises(pickle.UnpicklingError, match="parley.Scenario"):
            load(_parley.Scenario, bad)
    with pytest.raises(pickle.UnpicklingError, match="format 2; parley .* reads format 1"):
        load(_parley.Scenario, (2, state[1]))
    _, (result_state,) = results[0]._native.__reduce__()
    fields = list(result_state[1])
    fields[5] = [("nk-pressure", "forty", "bargaining", None)]  # a forecast that is no number
    with pytest.raises(pickle.UnpicklingError, match=r"parley\.Result pickle whose fields"):
        load(_parley.Result, (1, tuple(fields)))
    report = parley.ensemble(flagship, "compromise", runs=10, seed=1)
    _, arguments = report.__reduce__()
    cls, format, native, extra = arguments
    with pytest.raises(pickle.UnpicklingError, match="EnsembleReport pickle"):
        load(_unpickle_report, cls, format, {"texts": {}, "values": {}}, extra)
    with pytest.raises(pickle.UnpicklingError, match="EnsembleReport pickle"):
        load(_unpickle_report, cls, format, native, ("table only",))
    with pytest.raises(pickle.UnpicklingError, match="format 7"):
        load(_unpickle_report, cls, 7, native, extra)
    with pytest.raises(pickle.UnpicklingError, match="not a parley report"):
        load(_unpickle_report, dict, format, native, extra)
