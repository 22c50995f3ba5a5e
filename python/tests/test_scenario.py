"""Making scenarios: from files, text, dicts and columns, all validated by the library."""

import copy
import json
import math

import numpy as np
import pytest

import parley
from conftest import FLAGSHIP, HAND_MADE, SOURCE_DIR


def issue_fields(scenario):
    """The schema fields of each issue, for from_columns(issues=...)."""
    fields = {}
    for issue in scenario.issues:
        entry = {
            "name": issue.name,
            "scale": {
                "min": issue.scale_min,
                "max": issue.scale_max,
                "min_label": issue.min_label,
                "max_label": issue.max_label,
            },
        }
        if issue.status_quo is not None:
            entry["status_quo"] = issue.status_quo
        if issue.decision is not None:
            entry["decision"] = issue.decision
        fields[issue.id] = entry
    return fields


def test_file_dict_and_columns_give_the_same_forecasts():
    from_file = parley.load(FLAGSHIP)
    from_dict = parley.Scenario.from_dict(from_file.to_dict())
    from_columns = parley.Scenario.from_columns(
        from_file.stances,
        actors={a.id: {"name": a.name, "capability": a.capability} for a in from_file.actors},
        issues=issue_fields(from_file),
        name=from_file.name,
    )
    for spec in ("compromise", "median", "nash", "eum", "exchange"):
        expected = from_file.run(spec).forecast
        assert from_dict.run(spec).forecast == expected, spec
        assert from_columns.run(spec).forecast == expected, spec
    # to_dict keeps the flagship's distributions, so the dict copy hashes as the file does;
    # the columns carry nominal values only, a certain scenario that hashes differently.
    assert from_dict.content_hash == from_file.content_hash
    assert len(from_dict.uncertain_inputs) == len(from_file.uncertain_inputs)
    assert from_columns.content_hash != from_file.content_hash
    assert not from_columns.uncertain_inputs


def test_a_certain_scenario_hashes_the_same_from_yaml_json_dict_and_columns(tmp_path):
    from_dict = parley.Scenario.from_dict(HAND_MADE)
    json_file = tmp_path / "hand.json"
    json_file.write_text(json.dumps(HAND_MADE))
    from_json = parley.load(json_file)
    from_text = parley.Scenario.from_text(json.dumps(HAND_MADE), "json")
    stances = from_dict.stances
    from_columns = parley.Scenario.from_columns(
        actor=stances["actor"],
        issue=stances["issue"],
        position=stances["position"],
        salience=stances["salience"],
        capability=stances["capability"],
        issues=issue_fields(from_dict),
        name="hand-made",
    )
    hashes = {s.content_hash for s in (from_dict, from_json, from_text, from_columns)}
    assert len(hashes) == 1
    assert from_json.source == str(json_file)
    assert from_dict.source == "<dict>"
    assert from_columns.source == "<columns>"


def test_from_columns_reads_a_dataframe_and_round_trips_to_frame():
    pandas = pytest.importorskip("pandas")
    scenario = parley.load(FLAGSHIP)
    frame = scenario.to_frame()
    assert isinstance(frame, pandas.DataFrame)
    again = parley.Scenario.from_columns(
        frame,
        actors={a.id: {"name": a.name, "capability": a.capability} for a in scenario.actors},
        issues=issue_fields(scenario),
        name=scenario.name,
    )
    assert again.run("eum").forecast == scenario.run("eum").forecast
    pandas.testing.assert_frame_equal(again.to_frame(), frame)


def test_from_columns_takes_numpy_arrays_and_orders_actors_and_issues():
    scenario = parley.Scenario.from_columns(
        actor=np.array(["B", "A", "B"]),
        issue=np.array(["y", "y", "x"]),
        position=np.array([1.0, 2.0, 3.0]),
        salience=np.array([0.5, 0.5, 1.0]),
        capability=np.array([1, 3, 1]),
        issues={"x": {"status_quo": 10}},
    )
    # Issues given in `issues` first, the rest in order of appearance; actors likewise.
    assert scenario.issue_ids == ["x", "y"]
    assert scenario.actor_ids == ["B", "A"]
    assert scenario.issues[0].status_quo == 10
    assert scenario.issues[1].status_quo is None
    np.testing.assert_array_equal(scenario.capabilities, [1.0, 3.0])
    np.testing.assert_array_equal(scenario.positions, [[3.0, 1.0], [np.nan, 2.0]])


def test_from_columns_issue_capability_and_extra_fields():
    scenario = parley.Scenario.from_columns(
        actor=["A", "B"],
        issue=["x", "x"],
        position=[0, 100],
        salience=[1, 1],
        capability=[1, 1],
        issue_capability=[3, float("nan")],
        extra={"uncertainty": {"relative_noise": 0.1}},
        description="with noise",
    )
    assert scenario.run("compromise").forecast == {"x": 25.0}
    assert scenario.relative_noise == 0.1
    assert scenario.description == "with noise"
    assert len(scenario.uncertain_inputs) > 0


@pytest.mark.parametrize(
    "columns, message",
    [
        (
            dict(actor=["A"], issue=["x", "x"], position=[1], salience=[1], capability=[1]),
            "the columns differ in length (actor 1, issue 2, position 1, salience 1, "
            "capability 1); expected one row per stance",
        ),
        (
            dict(
                actor=["A", "A"],
                issue=["x", "x"],
                position=[1, 2],
                salience=[1, 1],
                capability=[1, 1],
            ),
            "rows 0 and 1 both give actor 'A' a stance on issue 'x'; expected one row per "
            "actor and issue",
        ),
        (
            dict(
                actor=["A", "B"],
                issue=["x", "x"],
                position=[1, 2],
                salience=[1, 1],
                capability=[1, None],
            ),
            "no capability for actor(s) B; expected a capability column or "
            "actors={id: capability}",
        ),
        (
            dict(
                actor=["A", "A"],
                issue=["x", "y"],
                position=[1, 2],
                salience=[1, 1],
                capability=[1, 2],
            ),
            "row 1: actor 'A' has capability 2, but 1 elsewhere; expected one capability per "
            "actor (issue_capability gives one for a single issue)",
        ),
    ],
)
def test_from_columns_layout_errors(columns, message):
    with pytest.raises(ValueError) as raised:
        parley.Scenario.from_columns(**columns)
    assert str(raised.value) == message


def test_from_columns_says_which_row_a_bad_value_is_in():
    with pytest.raises(parley.InputError) as raised:
        parley.Scenario.from_columns(
            actor=["A", "B", "C"],
            issue=["x", "x", "x"],
            position=[10, 20, 30],
            salience=[1, 1.5, 1],
            capability=[1, 1, 1],
        )
    assert str(raised.value) == (
        "<columns>: issues[0].positions.B.salience: is 1.5; expected a value in [0, 1] "
        "(or in [0, 100] when the file declares salience_scale: 100) (row 1 of the columns)"
    )
    assert raised.value.field == "issues[0].positions.B.salience"


def test_from_columns_needs_the_four_columns():
    with pytest.raises(TypeError, match="needs the column\\(s\\) salience"):
        parley.Scenario.from_columns(actor=["A"], issue=["x"], position=[1], capability=[1])


def test_from_dict_reports_nan_like_the_yaml_reader():
    document = copy.deepcopy(HAND_MADE)
    document["issues"][0]["positions"]["A"] = [20, math.nan]
    with pytest.raises(parley.InputError) as raised:
        parley.Scenario.from_dict(document)
    assert str(raised.value) == (
        "<dict>: issues[0].positions.A.salience: is nan; expected a finite number"
    )


def test_from_dict_takes_numpy_numbers_and_tuples():
    document = copy.deepcopy(HAND_MADE)
    document["actors"][0]["capability"] = np.int64(2)
    document["issues"][0]["positions"]["A"] = (np.float32(20), np.float64(1.0))
    assert parley.Scenario.from_dict(document).content_hash == (
        parley.Scenario.from_dict(HAND_MADE).content_hash
    )


def test_from_dict_refuses_what_is_not_a_mapping():
    with pytest.raises(TypeError):
        parley.Scenario.from_dict([1, 2])


def test_from_text_reads_every_format():
    csv = "Actor,Capability,Position,Salience\nA,2,20,1\nB,1,80,0.5\n"
    scenario = parley.Scenario.from_text(csv, "csv", source="bdm.csv")
    assert scenario.run("compromise").forecast == {"bdm": pytest.approx(32.0)}
    yaml = (SOURCE_DIR / "examples" / "paris-2015.yaml").read_text()
    assert parley.Scenario.from_text(yaml, "yaml").content_hash == (
        parley.load(SOURCE_DIR / "examples" / "paris-2015.yaml").content_hash
    )
    with pytest.raises(parley.InputError, match="unknown scenario format 'toml'"):
        parley.Scenario.from_text(yaml, "toml")


def test_scenario_contents():
    scenario = parley.load(FLAGSHIP)
    assert scenario.name == "US-China-North Korea, April 2017"
    assert scenario.content_hash == "8ba377de86466e87"
    assert scenario.actor_ids == ["USA", "CHN", "PRK", "KOR", "JPN", "RUS", "CONGRESS"]
    assert scenario.issue_ids == ["nk-pressure", "trade-terms", "nk-program", "taiwan"]
    assert scenario.actors[0] == parley.Actor("USA", "United States", 100.0)
    assert scenario.issues[0].min_label == "business as usual"
    assert scenario.positions.shape == (7, 4)
    assert math.isnan(scenario.positions[2, 1])  # North Korea has no stance on trade terms
    assert scenario.saliences[0, 0] == 0.9
    assert len(scenario.uncertain_inputs) == 51
    assert scenario.uncertain_inputs[0]["label"] == "CHN.capability"
    # Congress takes part in Taiwan only: no weight derived for it on the pressure issue.
    assert [d["actor"] for d in scenario.derivations] == scenario.actor_ids[:6]
    assert scenario.issues[3].decision == {"rule": "decider", "decider": "USA", "veto": ["CONGRESS"]}
    assert scenario.issues[0].decision == {"rule": "decider", "decider": "CHN"}
    assert scenario.derivations_text().startswith("capabilities derived from trade")
    assert "7 actors, 4 issues" in repr(scenario)


def test_agenda_changes_and_samples():
    scenario = parley.load(FLAGSHIP)
    without = scenario.without_issues("taiwan")
    assert without.issue_ids == ["nk-pressure", "trade-terms", "nk-program"]
    assert without.with_issue_from(scenario, "taiwan").issue_ids == scenario.issue_ids
    assert scenario.without_actors("RUS", "JPN").actor_ids == ["USA", "CHN", "PRK", "KOR", "CONGRESS"]
    with pytest.raises(parley.InputError):
        scenario.without_issues("nope")
    first, again, other = scenario.sample(7, 3), scenario.sample(7, 3), scenario.sample(7, 4)
    assert np.array_equal(first.positions, again.positions, equal_nan=True)
    assert not np.array_equal(first.positions, other.positions, equal_nan=True)


def test_scenarios_are_not_made_directly():
    with pytest.raises(TypeError):
        parley.Scenario(None)


def test_decision_blocks_travel_through_dicts_and_json():
    """The decision block is read from a dict, written by to_dict/to_json and read back."""
    document = {
        "actors": [{"id": "A", "capability": 2}, {"id": "B", "capability": 1}],
        "issues": [
            {
                "id": "x",
                "status_quo": 50,
                "positions": {"A": [10, 1], "B": [40, 1]},
                "decision": {"rule": "decider", "decider": "A", "veto": ["B"]},
            },
            {
                "id": "y",
                "status_quo": 20,
                "positions": {"A": [80, 1], "B": [60, 1]},
                "decision": {"rule": "vote", "threshold": 0.74, "voting_weights": {"A": 3, "B": 1}},
            },
        ],
    }
    scenario = parley.Scenario.from_dict(document)
    assert scenario.issues[0].decision == {"rule": "decider", "decider": "A", "veto": ["B"]}
    assert scenario.issues[1].decision["voting_weights"] == {"A": 3.0, "B": 1.0}
    again = parley.Scenario.from_dict(scenario.to_dict())
    assert again.content_hash == scenario.content_hash
    assert again.issues == scenario.issues
    result = scenario.run("compromise")
    # x: A wants 10, B (veto) at 40 accepts [30, 50]: 30. y: the upward pivot is A (3 of 4
    # votes at or above 80 reach 74%): q = 20 moves to 80.
    assert result.forecast == {"x": 30.0, "y": 80.0}
    assert result.rules["x"] == "decider A; veto B (binding)"
    assert result.bargained["x"] == pytest.approx(20.0)  # (2 x 10 + 40) / 3
    frame = result.to_frame()
    assert list(frame["rule"]) == ["decider A; veto B (binding)", "vote 0.74: pivot A"]


def test_a_bad_decision_block_raises_the_readers_message():
    document = {
        "actors": [{"id": "A", "capability": 1}],
        "issues": [
            {"id": "x", "positions": {"A": [10, 1]}, "decision": {"rule": "decider", "decider": "Z"}}
        ],
    }
    with pytest.raises(parley.InputError, match=r"issues\[0\]\.decision\.decider: unknown actor 'Z'"):
        parley.Scenario.from_dict(document)
