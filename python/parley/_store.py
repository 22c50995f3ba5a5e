"""The run store: where forecasts are kept, queried and compared (`parley runs`).

A store is a SQLite file or a PostgreSQL database that the command line's `--store URI`
writes to; `Store` reads and writes the same stores, so runs made from Python and from the
command line sit side by side.
"""

import datetime
import os
import shlex
import sys
from numbers import Integral

import numpy as np

from . import _frames, _parley
from ._result import Result, Results
from ._scenario import Scenario, as_scenario

# The columns of the DataFrames, in order.
RUN_COLUMNS = (
    "id",
    "created_at",
    "command",
    "scenario",
    "input_hash",
    "parley_version",
    "seed",
    "models",
)
FORECAST_COLUMNS = (
    "run",
    "created_at",
    "scenario",
    "model",
    "spec",
    "issue",
    "forecast",
    "bargained",
    "rule",
)
DIFF_COLUMNS = (
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
)

# How the store writes times (UTC).
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class Store:
    """A run store: a SQLite file or a PostgreSQL database of parley runs.

    `Store(uri)` opens (and, for a SQLite file that does not exist yet, creates) the store
    the command line's `--store URI` names: a file path, `sqlite:PATH`, or a
    `postgresql://` URI. Every method returns plain Python objects or pandas DataFrames
    (pandas is needed for those).

    Example:
        >>> store = parley.Store("runs.db")
        >>> scenario = parley.load("examples/korea-2017.yaml")
        >>> first = store.save(scenario, parley.run(scenario))
        >>> store.runs()                     # one row per run
        >>> store.forecasts(run=first)       # one row per model and issue
        >>> store.diff(first, second).inputs # what changed between two runs

    Raises:
        InputError: the file is not a SQLite database, is corrupt, is a database that is
            not a parley store, or is of a newer schema than this parley reads (message as
            the command line's); a failure to reach a PostgreSQL server.
    """

    __slots__ = ("_native",)

    def __init__(self, uri):
        self._native = _parley.Store(os.fspath(uri))

    @property
    def uri(self):
        """The store as its messages name it (a file path or a URI without password)."""
        return self._store().uri

    @property
    def schema_version(self):
        """The version of the store's schema."""
        return self._store().schema_version

    @property
    def migrated_from(self):
        """The schema version the store had before opening it migrated it, or None."""
        return self._store().migrated_from

    def runs(self, scenario=None, since=None, command=None):
        """The stored runs, oldest first (`parley runs list`).

        Args:
            scenario: only runs of this scenario: its name, its content hash, the path of
                its file, or a Scenario (matched on its content hash).
            since: only runs made at or after this time (UTC): "YYYY-MM-DD",
                "YYYY-MM-DDTHH:MM:SSZ", a datetime.date or a datetime.datetime (a naive
                one is taken as UTC).
            command: only runs of this command, e.g. "run", "ensemble", "python".

        Returns:
            A DataFrame, one row per run, with the columns id (int64), created_at
            (datetime64[ns, UTC]), command, scenario (its name), input_hash,
            parley_version, seed (nullable UInt64: <NA> when the run had none) and models
            (a list of the resolved specs that ran, in order).
        """
        columns = self._store().list(*_filter(scenario, since, command))
        return _runs_frame(columns, "Store.runs()")

    def forecasts(self, run=None, scenario=None, since=None, command=None):
        """Every stored forecast of the matching runs, by run, then model, then issue.

        Args:
            run: only this run id, or these run ids (a list); None for every run.
            scenario, since, command: as for `runs`.

        Returns:
            A tidy DataFrame, one row per run, model and issue, with the columns run
            (int64), created_at (datetime64[ns, UTC]), scenario, model, spec, issue,
            forecast (float), bargained (float: the bargaining stage's forecast before
            the issue's decision rule; NaN when the issue has none) and rule.
        """
        columns = self._store().forecasts(*_filter(scenario, since, command))
        data = _frame(columns, "Store.forecasts()")
        data["created_at"] = _times(data["created_at"])
        if run is not None:
            ids = [run] if isinstance(run, Integral) else list(run)
            data = data[data["run"].isin([int(i) for i in ids])].reset_index(drop=True)
        return data

    def diff(self, a, b):
        """What changed from run `a` to run `b` (`parley runs diff A B`).

        Returns:
            A RunDiff: its DataFrames settings, inputs, forecasts and metrics, and
            `to_frame()`, all of it as one tidy DataFrame (the columns of
            `parley runs diff --format csv`).

        Raises:
            InputError: the store has no run `a` or no run `b`.
        """
        return RunDiff(self._store().diff(int(a), int(b)))

    def run(self, id):
        """The whole of run `id`, as a StoredRun (settings, scenario, Results, metrics,
        documents).

        Raises:
            InputError: the store has no run `id`.
        """
        return StoredRun(self._store().load(int(id)))

    def save(
        self, scenario, results, command="python", *, seed=None, threads=0, command_line=None
    ):
        """Stores model results as a new run, in one transaction.

        Args:
            scenario: the Scenario the results ran on (or a path or dict, read as
                `parley.load` does). The run records its name, content hash, normalised
                form and, for a YAML file that still holds it, the file's text (so diffs
                quote its source comments).
            results: a Result, Results or a list of Result, all of them run on `scenario`.
            command: the run's command, which `runs(command=...)` filters on.
            seed: the seed to record for the run (None: none).
            threads: the thread count to record (0 = every core).
            command_line: the command line to record; by default this Python process's.

        Returns:
            The new run's id (int).

        Raises:
            ValueError: a result ran on another scenario.
            InputError: the store refused the run.
        """
        scenario = as_scenario(scenario)
        if isinstance(results, Result):
            results = [results]
        results = list(results)
        for result in results:
            if not isinstance(result, Result):
                raise TypeError(f"expected parley.Result objects, not {type(result).__name__}")
            if result.input_hash != scenario.content_hash:
                raise ValueError(
                    f"a result of {result.spec} ran on scenario {result.input_hash}, not on "
                    f"{scenario.name or scenario.source} ({scenario.content_hash})"
                )
        record = _parley.new_run_record(command, scenario._native)
        record.command_line = _command_line() if command_line is None else command_line
        record.seed = seed
        record.threads = int(threads)
        record.specs = [result.spec for result in results]
        record.results = [result._native for result in results]
        return self._store().save(record)

    def remove(self, id):
        """Deletes run `id` and everything it holds (`parley runs rm`). Returns None.

        Raises:
            InputError: the store has no run `id`.
        """
        self._store().remove(int(id))

    def close(self):
        """Closes the store; its other methods raise ValueError afterwards."""
        self._native = None

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()

    def __reduce__(self):
        raise TypeError(
            "a parley.Store is an open connection and does not pickle; pickle its uri and open "
            "it again with parley.Store(uri), or pickle the runs (StoredRun) it returns"
        )

    def __repr__(self):
        if self._native is None:
            return "<parley.Store (closed)>"
        return f"<parley.Store {self._native.uri!r}>"

    def _store(self):
        if self._native is None:
            raise ValueError("the parley.Store is closed")
        return self._native


class RunDiff:
    """What changed from one stored run to another (`Store.diff`).

    Attributes (DataFrames; the `old`/`new` of settings and inputs are text, JSON values
    as the scenario schema writes them, "(absent)" on the side without the field; those of
    forecasts and metrics are floats, NaN on the side without them):
        settings: field, old, new, old_source, new_source -- the run settings that differ
            (command, models, seed, threads, parley_version, scenario_path).
        inputs: field, old, new, old_source, new_source -- every scenario field that
            differs, e.g. field "issues[nk-pressure].positions.USA.salience", with the
            source comment the YAML file gave the field in either run ("" when none).
        forecasts: model (the resolved spec), issue, old, new, change (new - old), moved
            (the forecast or its bargained value moved, or it is in one run only),
            old_rule, new_rule, old_bargained, new_bargained -- every model and issue of
            either run.
        metrics: kind, model, issue, subject, name, old, new, change, moved -- every
            analysis figure of either run.
        old_run, new_run: the two runs' rows of `Store.runs()`, as dicts.
    """

    __slots__ = ("_native", "settings", "inputs", "forecasts", "metrics", "old_run", "new_run")

    def __init__(self, native):
        self._native = native
        what = "Store.diff()"
        self.settings = _frame(native.settings, what)
        self.inputs = _frame(native.inputs, what)
        self.forecasts = _with_change(_frame(native.forecasts, what), 4)
        self.metrics = _with_change(_frame(native.metrics, what), 7)
        self.old_run = _runs_frame(native.old_run, what).iloc[0].to_dict()
        self.new_run = _runs_frame(native.new_run, what).iloc[0].to_dict()

    def to_frame(self):
        """The whole diff as one tidy DataFrame, rows in the order settings, inputs,
        forecasts, metrics, with the columns of `parley runs diff --format csv` plus kind
        and moved: section ("setting", "input", "forecast" or "metric"), kind (the
        metric's analysis, "" elsewhere), model, issue, subject, name, field, old, new
        (text for settings and inputs, floats for forecasts and metrics), change (float;
        NaN for settings and inputs), moved (bool; True for settings and inputs),
        old_source, new_source."""
        pandas = _frames.require_pandas("RunDiff.to_frame()")
        parts = []
        for section, data in (("setting", self.settings), ("input", self.inputs)):
            part = data.assign(section=section, change=np.nan, moved=True)
            parts.append(part)
        parts.append(self.forecasts.assign(section="forecast"))
        parts.append(self.metrics.assign(section="metric"))
        parts = [part.astype({"old": object, "new": object}) for part in parts]
        data = pandas.concat(parts, ignore_index=True)
        for name in DIFF_COLUMNS:
            if name not in data.columns:
                data[name] = ""
        text_columns = ("kind", "model", "issue", "subject", "name", "field")
        for name in (*text_columns, "old_source", "new_source"):
            data[name] = data[name].fillna("")
        data["moved"] = data["moved"].astype(bool)
        data["change"] = data["change"].astype(float)
        return data[list(DIFF_COLUMNS)]

    def __reduce__(self):
        # Pickled by value: the library's diff (see _parley.RunDiff's pickle).
        return (RunDiff, (self._native,))

    def to_text(self):
        """The text `parley runs diff A B` prints."""
        return self._native.to_text()

    def to_json(self):
        """The JSON `parley runs diff A B --format json` writes."""
        return self._native.to_json()

    def to_csv(self):
        """The tidy CSV `parley runs diff A B --format csv` writes."""
        return self._native.to_csv()

    def __repr__(self):
        moved = int(self.forecasts["moved"].sum())
        return (
            f"<parley.RunDiff run {self.old_run['id']} -> {self.new_run['id']}: "
            f"{len(self.settings)} settings, {len(self.inputs)} inputs changed; "
            f"{moved} of {len(self.forecasts)} forecasts moved>"
        )


class StoredRun:
    """One run as the store keeps it (`Store.run`).

    Attributes:
        id: the run's id in its store.
        created_at: when it was stored, a timezone-aware datetime (UTC).
        command, command_line, parley_version: what made it.
        scenario_name, input_hash, scenario_path: the scenario it ran on (input_hash is
            its content hash; for `validate` runs, the data file's).
        scenario_source: the YAML file's text when the run kept it, else "".
        seed: the run's seed, or None. threads: the thread count asked for (0 = all).
        specs: the resolved specs of the models that ran, in order.
        documents: the command's output documents, name -> text (bytes when not UTF-8),
            e.g. "ensemble.json", "report.html".
    """

    def __init__(self, native):
        self._native = native
        self._scenario = None
        self.id = native.id
        self.created_at = datetime.datetime.strptime(native.created_at, _TIME_FORMAT).replace(
            tzinfo=datetime.timezone.utc
        )
        self.command = native.command
        self.command_line = native.command_line
        self.parley_version = native.parley_version
        self.scenario_name = native.scenario_name
        self.input_hash = native.scenario_hash
        self.scenario_path = native.scenario_path
        self.scenario_source = native.scenario_source
        self.seed = native.seed
        self.threads = native.threads
        self.specs = list(native.specs)
        self.documents = {name: _text(content) for name, content in native.documents.items()}

    @property
    def scenario(self):
        """The Scenario the run ran on, rebuilt from the stored normalised form; None for
        runs without one (`validate`)."""
        if self._scenario is None and self._native.scenario_json:
            self._scenario = Scenario.from_text(
                self._native.scenario_json, "json", self.scenario_path or "<store>"
            )
        return self._scenario

    @property
    def results(self):
        """The models' results as stored, as Results (each a parley.Result on `scenario`)."""
        scenario = self.scenario
        return Results([Result(native, scenario) for native in self._native.results], scenario)

    @property
    def forecasts(self):
        """The forecasts as a DataFrame with the columns of `Store.forecasts()`: run,
        created_at, scenario, model, spec, issue, forecast, bargained (NaN when none),
        rule."""
        pandas = _frames.require_pandas("StoredRun.forecasts")
        frames = []
        for native in self._native.results:
            part = _frame(native.forecasts, "StoredRun.forecasts")
            part = part.rename(columns={"position": "forecast"})
            frames.append(part.assign(model=native.model, spec=native.spec))
        columns = list(FORECAST_COLUMNS)
        if not frames:
            empty = {name: [] for name in columns}
            empty.update(run=np.empty(0, np.int64), forecast=np.empty(0), bargained=np.empty(0))
            data = _frame(empty, "StoredRun.forecasts")
            data["created_at"] = _times([])
            return data
        data = pandas.concat(frames, ignore_index=True)
        data["run"] = np.int64(self.id)
        data["created_at"] = pandas.Timestamp(self.created_at)
        data["scenario"] = self.scenario_name
        return data[columns]

    @property
    def metrics(self):
        """The analyses' figures as a tidy DataFrame: run, kind, model, issue, subject,
        name, value (the columns of `parley runs export --format csv --table metrics`)."""
        data = _frame(self._native.metrics, "StoredRun.metrics")
        data.insert(0, "run", np.full(len(data), self.id, dtype=np.int64))
        return data

    def settings(self):
        """The run's settings as a dict: id, created_at, command, command_line,
        parley_version, scenario_name, input_hash, scenario_path, seed, threads, specs."""
        names = (
            "id",
            "created_at",
            "command",
            "command_line",
            "parley_version",
            "scenario_name",
            "input_hash",
            "scenario_path",
            "seed",
            "threads",
            "specs",
        )
        return {name: getattr(self, name) for name in names}

    def to_text(self):
        """The text `parley runs show ID` prints."""
        return self._native.to_text()

    def to_json(self):
        """The JSON `parley runs export ID --format json` writes (everything the run holds)."""
        return self._native.to_json()

    def to_csv(self, table="forecasts"):
        """The CSV `parley runs export ID --format csv --table TABLE` writes: forecasts,
        trajectory, moves, exchanges, details or metrics."""
        return self._native.to_csv(table)

    def __reduce__(self):
        # Pickled by value: the library's record, results and documents included (see
        # _parley.RunRecord's pickle); no tie to the store it came from.
        return (StoredRun, (self._native,))

    def __repr__(self):
        return (
            f"<parley.StoredRun {self.id}: {self.command} on {self.scenario_name} "
            f"({self.input_hash}) at {self.created_at:{_TIME_FORMAT}}, "
            f"{len(self.specs)} models>"
        )


def save_results(store, scenario, results, command):
    """`parley.run(..., store=)`: saves into a Store or the store at a URI; returns the id."""
    if not isinstance(store, Store):
        store = Store(store)
    return store.save(scenario, results, command)


def _filter(scenario, since, command):
    """The RunFilter's three strings."""
    if scenario is None:
        scenario = ""
    elif isinstance(scenario, Scenario):
        scenario = scenario.content_hash
    else:
        scenario = os.fspath(scenario)
    if since is None:
        since = ""
    elif isinstance(since, datetime.datetime):
        if since.tzinfo is not None:
            since = since.astimezone(datetime.timezone.utc)
        since = since.strftime(_TIME_FORMAT)
    elif isinstance(since, datetime.date):
        since = since.strftime("%Y-%m-%d")
    return scenario, str(since), command or ""


def _frame(columns, what):
    """A DataFrame of the extension's columns: numpy arrays keep their dtype, lists (text)
    become object columns, also when empty."""
    pandas = _frames.require_pandas(what)
    return pandas.DataFrame(
        {
            name: values if isinstance(values, np.ndarray) else pandas.Series(values, dtype=object)
            for name, values in columns.items()
        }
    )


def _times(values):
    pandas = _frames.require_pandas("parley.Store")
    return pandas.to_datetime(pandas.Series(values, dtype=object), format=_TIME_FORMAT, utc=True)


def _runs_frame(columns, what):
    pandas = _frames.require_pandas(what)
    data = _frame(columns, what)
    data["created_at"] = _times(data["created_at"])
    data["seed"] = pandas.array(list(columns["seed"]), dtype="UInt64")
    data["models"] = pandas.Series([list(specs) for specs in columns["models"]], dtype=object)
    return data[list(RUN_COLUMNS)]


def _with_change(data, at):
    """`data` with change = new - old inserted as column `at` (NaN unless both exist)."""
    data.insert(at, "change", data["new"] - data["old"])
    return data


def _text(content):
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content


def _command_line():
    """This Python process's command line, as the run's command line."""
    arguments = [argument for argument in sys.argv if argument]
    return shlex.join([os.path.basename(sys.executable) or "python", *arguments])
