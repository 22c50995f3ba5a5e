"""The run store from Python: parley.Store over SQLite (and PostgreSQL when a test cluster
is given), and its interplay with the command line's `--store`."""

import datetime
import os
import pathlib
import sqlite3

import numpy as np
import pytest

import parley
from conftest import FLAGSHIP

pandas = pytest.importorskip("pandas")

SALIENCE_BEFORE = "USA: {position: 90, salience: 0.9,"
SALIENCE_AFTER = "USA: {position: 90, salience: 0.7,"
CHANGED_FIELD = "issues[nk-pressure].positions.USA.salience"


@pytest.fixture(scope="module")
def edited_flagship(tmp_path_factory):
    """The flagship with the USA's salience on nk-pressure lowered from 0.9 to 0.7."""
    text = FLAGSHIP.read_text()
    assert text.count(SALIENCE_BEFORE) == 1
    path = tmp_path_factory.mktemp("scenario") / "korea-2017-edited.yaml"
    path.write_text(text.replace(SALIENCE_BEFORE, SALIENCE_AFTER))
    return path


@pytest.fixture(scope="module")
def two_runs(edited_flagship):
    """The flagship's and the edited flagship's scenarios and default-model Results."""
    original = parley.load(FLAGSHIP)
    edited = parley.load(edited_flagship)
    return (original, parley.run(original)), (edited, parley.run(edited))


def save_both(store, two_runs):
    (original, first), (edited, second) = two_runs
    return store.save(original, first), store.save(edited, second, command="python")


def test_runs_lists_saved_runs_with_typed_columns(tmp_path, two_runs):
    store = parley.Store(tmp_path / "runs.db")
    a, b = save_both(store, two_runs)
    assert b > a

    runs = store.runs()
    assert list(runs.columns) == [
        "id",
        "created_at",
        "command",
        "scenario",
        "input_hash",
        "parley_version",
        "seed",
        "models",
    ]
    assert len(runs) == 2
    assert runs["id"].tolist() == [a, b]
    assert runs["id"].dtype == np.int64
    assert str(runs["created_at"].dtype) == "datetime64[ns, UTC]"
    assert str(runs["seed"].dtype) == "UInt64"
    assert runs["seed"].isna().all()
    assert runs["command"].tolist() == ["python", "python"]
    assert runs["parley_version"].tolist() == [parley.__version__] * 2
    (original, first), (edited, _) = two_runs
    assert runs["input_hash"].tolist() == [original.content_hash, edited.content_hash]
    assert runs["scenario"].tolist() == [original.name] * 2
    assert runs["models"][0] == [result.spec for result in first]
    now = pandas.Timestamp.now(tz="UTC")
    assert (abs(runs["created_at"] - now) < pandas.Timedelta(hours=1)).all()


def test_runs_filters(tmp_path, two_runs):
    store = parley.Store(tmp_path / "runs.db")
    (original, first), (edited, second) = two_runs
    a = store.save(original, first, command="run", seed=7)
    b = store.save(edited, second)
    assert store.runs(command="run")["id"].tolist() == [a]
    assert store.runs(scenario=edited)["id"].tolist() == [b]
    assert store.runs(scenario=original.content_hash)["id"].tolist() == [a]
    assert store.runs(scenario=original.name)["id"].tolist() == [a, b]
    assert len(store.runs(since="2000-01-01")) == 2
    tomorrow = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    assert store.runs(since=tomorrow).empty
    assert store.runs(since=tomorrow.date()).empty
    assert store.runs()["seed"].tolist()[0] == 7


def test_an_empty_store_has_typed_empty_frames(tmp_path):
    store = parley.Store(tmp_path / "runs.db")
    runs = store.runs()
    assert runs.empty and runs["id"].dtype == np.int64 and runs["command"].dtype == object
    assert str(runs["created_at"].dtype) == "datetime64[ns, UTC]"
    forecasts = store.forecasts()
    assert forecasts.empty and forecasts["forecast"].dtype == np.float64
    assert forecasts["issue"].dtype == object


def test_forecasts_are_tidy(tmp_path, two_runs):
    store = parley.Store(tmp_path / "runs.db")
    a, b = save_both(store, two_runs)
    (original, first), _ = two_runs
    issues, models = len(original.issue_ids), len(first)

    forecasts = store.forecasts()
    assert list(forecasts.columns) == [
        "run",
        "created_at",
        "scenario",
        "model",
        "spec",
        "issue",
        "forecast",
        "bargained",
        "rule",
    ]
    assert len(forecasts) == 2 * issues * models
    assert forecasts["forecast"].dtype == np.float64
    assert forecasts["bargained"].dtype == np.float64
    assert str(forecasts["created_at"].dtype) == "datetime64[ns, UTC]"

    mine = store.forecasts(run=a)
    assert len(mine) == issues * models
    expected = first.to_frame()
    assert mine["spec"].tolist() == expected["spec"].tolist()
    assert mine["issue"].tolist() == expected["issue"].tolist()
    assert mine["forecast"].tolist() == expected["forecast"].tolist()
    np.testing.assert_array_equal(mine["bargained"], expected["bargained"])
    assert mine["rule"].tolist() == expected["rule"].tolist()
    assert len(store.forecasts(run=[a, b])) == 2 * issues * models
    assert store.forecasts(run=[b + 1]).empty


def test_diff_shows_the_one_input_and_the_forecasts_it_moved(tmp_path, two_runs):
    store = parley.Store(tmp_path / "runs.db")
    a, b = save_both(store, two_runs)
    diff = store.diff(a, b)

    assert len(diff.inputs) == 1
    change = diff.inputs.iloc[0]
    assert change["field"] == CHANGED_FIELD
    assert (change["old"], change["new"]) == ("0.9", "0.7")
    assert change["old_source"] and change["old_source"] == change["new_source"]
    assert "China" in change["old_source"]
    assert diff.settings["field"].tolist() == ["scenario_path"]
    assert diff.old_run["id"] == a and diff.new_run["id"] == b

    forecasts = diff.forecasts
    (original, first), _ = two_runs
    assert len(forecasts) == len(original.issue_ids) * len(first)
    assert forecasts["moved"].dtype == bool and forecasts["moved"].any()
    np.testing.assert_array_equal(forecasts["change"], forecasts["new"] - forecasts["old"])
    assert (forecasts["change"] != 0).any()
    assert diff.metrics.empty

    tidy = diff.to_frame()
    assert list(tidy.columns) == [
        "section",
        "kind",
        "model",
        "issue",
        "subject",
        "name",
        "field",
        "old",
        "new",
        "change",
        "moved",
        "old_source",
        "new_source",
    ]
    inputs = tidy[tidy["section"] == "input"]
    assert inputs["field"].tolist() == [CHANGED_FIELD]
    assert inputs[["old", "new"]].values.tolist() == [["0.9", "0.7"]]
    tidy_forecasts = tidy[tidy["section"] == "forecast"]
    assert len(tidy_forecasts) == len(forecasts)
    assert tidy_forecasts["moved"].sum() == forecasts["moved"].sum()
    # The same rows as the command line's CSV, section for section.
    csv_sections = [line.split(",")[0] for line in diff.to_csv().splitlines()[1:]]
    assert csv_sections == tidy["section"].tolist()
    assert CHANGED_FIELD in diff.to_text()
    assert "moved" in repr(diff)


def test_run_gives_the_settings_and_results_back(tmp_path, two_runs):
    store = parley.Store(tmp_path / "runs.db")
    (original, first), _ = two_runs
    a = store.save(
        original, first, command="python", seed=3, threads=2, command_line="python analysis.py"
    )
    run = store.run(a)
    assert run.id == a
    assert run.command == "python" and run.command_line == "python analysis.py"
    assert run.seed == 3 and run.threads == 2
    assert run.input_hash == original.content_hash
    assert run.scenario_path == str(FLAGSHIP)
    assert "salience: 0.9" in run.scenario_source
    assert run.created_at.tzinfo is not None
    assert run.specs == [result.spec for result in first]
    assert run.settings()["specs"] == run.specs

    assert run.scenario.content_hash == original.content_hash
    results = run.results
    assert isinstance(results, parley.Results)
    assert [result.spec for result in results] == run.specs
    for stored, ran in zip(results, first):
        assert stored.forecast == ran.forecast
        assert stored.rules == ran.rules
    pandas.testing.assert_frame_equal(results.to_frame(), first.to_frame())
    pandas.testing.assert_frame_equal(run.forecasts, store.forecasts(run=a))
    metric_columns = ["run", "kind", "model", "issue", "subject", "name", "value"]
    assert list(run.metrics.columns) == metric_columns
    assert run.to_csv().startswith("run,model,spec,issue,forecast,bargained,rule\n")
    assert f"{a}" in repr(run)


def test_run_store_keyword(tmp_path):
    path = tmp_path / "runs.db"
    result = parley.run(FLAGSHIP, "nash", store=path)
    assert isinstance(result, parley.Result)
    store = parley.Store(path)
    parley.run(FLAGSHIP, ["median", "nash"], store=store)
    runs = store.runs()
    assert runs["command"].tolist() == ["run", "run"]
    assert [len(models) for models in runs["models"]] == [1, 2]
    assert store.run(runs["id"][0]).results[0].forecast == result.forecast


def test_save_refuses_results_of_another_scenario(tmp_path, two_runs):
    store = parley.Store(tmp_path / "runs.db")
    (original, _), (_, second) = two_runs
    with pytest.raises(ValueError, match="ran on scenario"):
        store.save(original, second)
    assert store.runs().empty


def test_remove(tmp_path, two_runs):
    store = parley.Store(tmp_path / "runs.db")
    a, b = save_both(store, two_runs)
    assert store.remove(a) is None
    assert store.runs()["id"].tolist() == [b]
    assert set(store.forecasts()["run"]) == {b}
    with pytest.raises(parley.InputError, match=f"no run {a} in the store"):
        store.remove(a)
    with pytest.raises(parley.InputError, match=f"no run {a} in the store"):
        store.run(a)
    with pytest.raises(parley.InputError, match=f"no run {a} in the store"):
        store.diff(a, b)


def test_uri_repr_and_close(tmp_path):
    path = tmp_path / "runs.db"
    with parley.Store(path) as store:
        assert store.uri == str(path)
        assert repr(store) == f"<parley.Store {str(path)!r}>"
        assert store.schema_version >= 2 and store.migrated_from is None
    assert "closed" in repr(store)
    with pytest.raises(ValueError, match="closed"):
        store.runs()
    assert parley.Store(f"sqlite:{path}").runs().empty


def test_bad_stores_raise_input_error(tmp_path, run_cli):
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n")
    with pytest.raises(parley.InputError) as error:
        parley.Store(text)
    assert str(error.value).startswith(f"{text}: the file is not a SQLite database")
    assert text.read_text() == "not a database\n"
    # The command line says the same.
    status, _, stderr = run_cli("runs", "list", "--store", text)
    assert status == 2 and stderr == f"parley: error: {error.value}\n"

    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(parley.InputError, match="not a parley run store"):
        parley.Store(foreign)

    with pytest.raises(parley.InputError, match="unknown kind of store"):
        parley.Store("mysql://localhost/x")


def test_command_line_and_python_share_a_store(tmp_path, run_cli, edited_flagship):
    path = tmp_path / "runs.db"
    status, _, stderr = run_cli("run", FLAGSHIP, "--store", path)
    assert status == 0, stderr
    assert "stored as run 1" in stderr

    store = parley.Store(path)
    scenario = parley.load(edited_flagship)
    b = store.save(scenario, scenario.run())
    runs = store.runs()
    assert runs["command"].tolist() == ["run", "python"]
    a = runs["id"][0]
    assert store.run(a).command_line.startswith("parley run ")
    assert store.diff(a, b).inputs["field"].tolist() == [CHANGED_FIELD]

    # What Python stored, the command line reads.
    status, stdout, stderr = run_cli("runs", "list", "--store", path, "--format", "csv")
    assert status == 0, stderr
    assert stdout.splitlines()[0] == ",".join(runs.columns)
    assert [int(line.split(",")[0]) for line in stdout.splitlines()[1:]] == [a, b]
    status, stdout, stderr = run_cli("runs", "diff", a, b, "--store", path, "--format", "csv")
    assert status == 0, stderr
    assert stdout == store.diff(a, b).to_csv()
    assert CHANGED_FIELD in stdout

    # An analysis's figures and documents, stored by the command line, read from Python.
    args = ("ensemble", FLAGSHIP, "--model", "nash", "--runs", 20, "--seed", 5, "--quiet")
    status, _, stderr = run_cli(*args, "--store", path)
    assert status == 0, stderr
    ensemble = store.runs(command="ensemble")
    assert len(ensemble) == 1 and ensemble["seed"][0] == 5
    run = store.run(ensemble["id"][0])
    assert run.seed == 5
    metrics = run.metrics
    assert (metrics["kind"] == "ensemble").all()
    assert metrics.loc[metrics["name"] == "runs", "value"].tolist() == [20.0]
    assert metrics["value"].dtype == np.float64
    assert run.documents["ensemble.json"].lstrip().startswith("{")
    diff = store.diff(b, run.id)
    assert diff.metrics["old"].isna().all() and diff.metrics["new"].notna().all()
    assert not diff.metrics.empty and diff.metrics["moved"].all()
    assert (diff.to_frame()["section"] == "metric").sum() == len(diff.metrics)


def postgresql_uri():
    """The test cluster's URI (see tests/postgresql_cluster.sh), or a skip saying why not."""
    folder = os.environ.get("PARLEY_TEST_POSTGRESQL")
    if not folder:
        pytest.skip(
            "PARLEY_TEST_POSTGRESQL is not set: the PostgreSQL store tests run under "
            "ctest's store_postgresql test, which starts a throwaway cluster"
        )
    folder = pathlib.Path(folder)
    for name in ("uri", "skip"):
        try:
            line = (folder / name).read_text().splitlines()[0].strip()
        except (OSError, IndexError):
            continue
        if name == "uri" and line:
            return line
        if name == "skip" and line:
            pytest.skip(line)
    pytest.skip(f"PARLEY_TEST_POSTGRESQL={folder} holds neither uri nor skip")


def test_postgresql_store(two_runs):
    uri = postgresql_uri()
    store = parley.Store(uri)
    before = set(store.runs()["id"])
    a, b = save_both(store, two_runs)
    try:
        assert set(store.runs()["id"]) - before == {a, b}
        diff = store.diff(a, b)
        assert diff.inputs["field"].tolist() == [CHANGED_FIELD]
        assert diff.forecasts["moved"].any()
        assert len(store.forecasts(run=[a, b])) == len(diff.forecasts) * 2
    finally:
        store.remove(a)
        store.remove(b)
    assert set(store.runs()["id"]) == before
