"""Running models: every model, known values, what results record, and the same output as
the command line."""

import json

import numpy as np
import pytest

import parley
from conftest import FLAGSHIP, HAND_MADE, shared_file


@pytest.fixture(scope="module")
def flagship():
    return parley.load(FLAGSHIP)


def test_models_lists_every_model_with_its_descriptor():
    descriptors = parley.models()
    names = [d["name"] for d in descriptors]
    assert names == parley.model_names()
    assert names[:3] == ["compromise", "median", "nash"]
    assert {"eum", "exchange", "smp", "blend"} <= set(names)
    eum = descriptors[names.index("eum")]
    assert eum["citation"] and eum["summary"]
    preset = next(p for p in eum["params"] if p["name"] == "preset")
    assert preset["type"] == "choice"
    assert preset["default"] == "corrected"
    assert "replication" in preset["choices"]
    rounds = next(p for p in eum["params"] if p["name"] == "rounds")
    assert rounds["type"] == "integer" and rounds["min"] is not None


def test_models_match_the_command_line(run_cli):
    status, out, _ = run_cli("models", "--format", "json")
    assert status == 0
    expected = json.loads(out)
    assert [d["name"] for d in parley.models()] == [d["name"] for d in expected]
    for ours, theirs in zip(parley.models(), expected):
        assert [(p["name"], p["default"]) for p in ours["params"]] == [
            (p["name"], p["default"]) for p in theirs["params"]
        ]


@pytest.mark.parametrize("name", parley.model_names())
def test_every_model_runs_on_the_flagship(flagship, name):
    result = flagship.run(name)
    assert result.model == name
    assert result.spec.startswith(name + "(")
    # The recorded spec reproduces the run and resolves to itself.
    again = flagship.run(result.spec)
    assert (again.spec, again.forecast) == (result.spec, result.forecast)
    assert result.input_hash == flagship.content_hash
    assert list(result.forecast) == flagship.issue_ids
    for issue, value in zip(flagship.issues, result.forecasts_array):
        assert issue.scale_min <= value <= issue.scale_max


def test_run_every_model_as_the_command_line_does(flagship, run_cli):
    results = parley.run(flagship, None)
    # Every model that applies: blend is fitted to EU legislation and the flagship has no
    # Commission or Parliament, so it is left out of the default set.
    assert [r.model for r in results] == parley.default_models(flagship)
    assert "blend" not in parley.default_models(flagship)
    assert set(parley.default_models(flagship)) == set(parley.model_names()) - {"blend"}
    # The rule that decided each issue travels with the result.
    eum = next(r for r in results if r.model == "eum")
    assert eum.rules["nk-pressure"].startswith("decider CHN")
    assert eum.rules["taiwan"].startswith("decider USA")
    status, out, _ = run_cli("run", FLAGSHIP)
    assert status == 0
    assert results.table() == out
    status, out, _ = run_cli("run", FLAGSHIP, "--format", "csv", "-m", "eum", "-m", "nash")
    assert flagship.run(["eum", "nash"]).to_csv() == out
    status, out, _ = run_cli("run", FLAGSHIP, "--format", "json", "-m", "exchange")
    assert flagship.run("exchange").to_json() == out
    status, out, _ = run_cli("run", FLAGSHIP, "--trace", "-m", "eum", "-m", "exchange")
    results = flagship.run(["eum", "exchange"])
    assert out == results.table() + results.trace()
    assert results[0].trace() in out


def test_side_files_match_the_command_line(flagship, run_cli, tmp_path):
    results = flagship.run(["eum", "exchange", "nash"])
    args = ["run", FLAGSHIP, "-m", "eum", "-m", "exchange", "-m", "nash"]
    for option, rendering in (
        ("--details", results.details_csv()),
        ("--trajectory", results.trajectory_csv()),
        ("--moves", results.moves_csv()),
        ("--exchanges", results.exchanges_csv()),
    ):
        path = tmp_path / (option.strip("-") + ".csv")
        status, _, _ = run_cli(*args, option, path)
        assert status == 0
        assert rendering == path.read_text(), option
    assert results[0].to_csv() == run_cli("run", FLAGSHIP, "-m", "eum", "-f", "csv")[1]


def test_compromise_and_median_by_hand():
    scenario = parley.Scenario.from_dict(HAND_MADE)
    # Weights capability x salience. Issue x: A 2 x 1 = 2, B 1 x 0.5 = 0.5, C 1 x 1 = 1;
    # (2 x 20 + 0.5 x 80 + 1 x 60) / 3.5 = 140 / 3.5 = 40. Issue y (C takes no part):
    # A 2 x 0.5 = 1, B 1 x 0.5 = 0.5; (1 x -10 + 0.5 x 10) / 1.5 = -10 / 3.
    compromise = scenario.run("compromise")
    assert compromise.forecast["x"] == pytest.approx(40.0, abs=1e-12)
    assert compromise.forecast["y"] == pytest.approx(-10.0 / 3.0, abs=1e-12)
    # A alone holds more than half the weight on both issues: the median is A's position.
    assert scenario.run("median").forecast == {"x": 20.0, "y": -10.0}
    # Equal weights: (20 + 80 + 60) / 3 and (-10 + 10) / 2.
    equal = scenario.run("compromise(weight=equal)").forecast
    assert equal["x"] == pytest.approx(160.0 / 3.0, abs=1e-12)
    assert equal["y"] == pytest.approx(0.0, abs=1e-12)


def test_eum_replication_on_the_reference_example():
    path = shared_file("data/eum/Example.csv")
    trace = json.loads(shared_file("data/eum/Example.trace.json").read_text())
    result = parley.load(path).run("eum(preset=replication)")
    last = trace["rounds"][-1]
    [forecast] = result.forecasts_array
    assert forecast == pytest.approx(last["mean_position_after"], rel=1e-9)
    details = result.details
    median = [v for n, v in zip(details["name"], details["value"]) if n == "median"]
    assert median == [pytest.approx(last["median_position_after"], rel=1e-9)]
    # Every round of every actor, as in the reference trace.
    positions = result.trajectory_array()
    assert positions.shape == (len(trace["rounds"]) + 1, len(trace["actors"]), 1)
    for round_ in trace["rounds"]:
        np.testing.assert_allclose(
            positions[round_["round"], :, 0], round_["x_after"], rtol=1e-9, atol=1e-9
        )
    np.testing.assert_allclose(
        result.trajectory_array("risk")[last["round"], :, 0], last["r"], rtol=1e-9, atol=1e-9
    )


def test_results_record_the_resolved_spec_seed_and_scenario_hash(flagship):
    exchange = flagship.run("exchange(variant=random,seed=42)")
    assert exchange.seed == 42
    assert exchange.spec.startswith("exchange(") and "seed=42" in exchange.spec
    assert exchange.parameters["variant"] == "random"
    assert exchange.scenario_hash == flagship.content_hash == exchange.input_hash
    assert exchange.scenario is flagship
    eum = flagship.run("eum(preset=replication)")
    assert eum.seed is None
    # Every parameter, eum's presets replaced by the values that ran.
    assert eum.spec == (
        "eum(preset=replication,probability=triples,votes=risk,risk=actors,"
        "expectation=status_quo,q=1,t=1,compromise=ratio,selection=scholz,capitulation=off,"
        "median=condorcet,stop=fixed,rounds=10,tolerance=1e-06,patience=2,algorithm=auto)"
    )
    assert parley.resolve_spec("eum(preset=replication)").text == eum.spec
    assert eum.to_dict()["spec"] == eum.spec
    # The spec reproduces the result.
    assert flagship.run(eum.spec).forecast == eum.forecast


def test_trajectories_moves_and_exchanges(flagship):
    eum = flagship.run("eum")
    trajectory = eum.trajectory
    assert isinstance(trajectory["position"], np.ndarray)
    assert len(trajectory["round"]) == len(trajectory["actor"]) > 0
    positions = eum.trajectory_array()
    assert positions.shape[1:] == (7, 4)
    assert np.isnan(positions[0, 2, 1])  # North Korea takes no part in trade terms
    initial = flagship.positions
    np.testing.assert_array_equal(positions[0], initial)
    assert len(eum.moves["kind"]) > 0
    assert set(eum.moves["kind"]) <= {"confrontation", "compromise", "capitulation"}
    exchange = flagship.run("exchange")
    assert len(exchange.exchanges["gain"]) > 0
    assert flagship.run("compromise").trajectory_array().shape == (0, 7, 4)
    with pytest.raises(ValueError):
        eum.trajectory_array("salience")


def test_bad_specs_fail_before_any_model_runs(flagship):
    with pytest.raises(parley.InputError, match="unknown model 'nope'"):
        flagship.run(["compromise", "nope"])
    with pytest.raises(ValueError):
        parley.resolve_spec("eum(q=2)")


def test_run_takes_paths_and_dicts():
    assert parley.run(FLAGSHIP, "median").forecast == parley.load(FLAGSHIP).run("median").forecast
    assert parley.run(HAND_MADE, "median").forecast == {"x": 20.0, "y": -10.0}
    with pytest.raises(TypeError):
        parley.run(42, "median")
