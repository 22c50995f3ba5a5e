"""Scenarios: reading them from files, dicts and columns, and looking inside."""

import json
import math
import numbers
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Optional

import numpy as np

from . import _frames, _parley
from ._result import Result, Results

# Formats Scenario.from_text reads (ScenarioFormat in parley/io.h).
TEXT_FORMATS = ("yaml", "json", "csv", "decide", "ktab")

# The columns Scenario.from_columns reads and Scenario.to_frame writes.
STANCE_COLUMNS = (
    "actor",
    "issue",
    "position",
    "salience",
    "capability",
    "issue_capability",
    "payoff_cooperate",
    "payoff_defect",
    "payoff_punished",
)
PAYOFF_COLUMNS = {
    "payoff_cooperate": "cooperate",
    "payoff_defect": "defect",
    "payoff_punished": "punished",
}


@dataclass(frozen=True)
class Actor:
    """An actor: who bargains, with how much capability (> 0; only ratios matter)."""

    id: str
    name: str
    capability: float


@dataclass(frozen=True)
class Issue:
    """A one-dimensional issue: its scale with labelled ends, an optional status quo and an
    optional decision block (who decides: the schema's mapping with rule, decider,
    threshold, voting_weights, veto, agenda_setter; None = collective bargaining)."""

    id: str
    name: str
    scale_min: float
    scale_max: float
    min_label: str
    max_label: str
    status_quo: Optional[float]
    decision: Optional[dict] = None


class Scenario:
    """A negotiation: actors, issues, and each actor's position and salience on each issue.

    A Scenario is immutable and always valid: every way of making one runs the library's
    validation and raises `parley.InputError` (a ValueError) with the message the command
    line prints. Make one with `parley.load` / `Scenario.from_file`, `Scenario.from_dict`,
    `Scenario.from_text` or `Scenario.from_columns`.

    Numbers that are distributions in the file (uncertain inputs) take their nominal value
    here; `uncertain_inputs` lists the distributions, which ensembles draw from.

    Scenarios pickle (by value: the normalised JSON, the source and the trade derivations),
    so they go to other processes, e.g. with multiprocessing or concurrent.futures.
    """

    __slots__ = ("_native",)

    def __init__(self, native):
        """Wraps a scenario of the extension module; use the from_* constructors instead."""
        if not isinstance(native, _parley.Scenario):
            raise TypeError(
                "Scenario() is not called directly; use parley.load(path), "
                "Scenario.from_dict(...), Scenario.from_text(...) or Scenario.from_columns(...)"
            )
        self._native = native

    # -- Making scenarios ---------------------------------------------------------------

    @classmethod
    def from_file(cls, path, format=None):
        """Reads a scenario file in any format the command line reads.

        Without `format`, the format follows the extension: .yaml/.yml, .json, and .csv or
        .txt, read as decide input when the first line is an #A line, as KTAB's CSV when
        the first row is KTAB's (name, description, number of actors, number of
        dimensions), else as Bueno de Mesquita's table.

        Args:
            path: the file.
            format: None, or the format to read it in whatever its extension or first line
                (as `parley --input-format`): "yaml", "json", "csv" (Bueno de Mesquita's
                table), "decide" or "ktab".

        Raises:
            InputError: the file is missing or invalid; the message is exactly what
                `parley check PATH` prints after "parley: error: ".
        """
        return cls(_parley.read_scenario_file(os.fspath(path), format or ""))

    @classmethod
    def from_text(cls, text, format, source="<text>"):
        """Parses scenario text in a given format.

        Args:
            text: the file's content.
            format: "yaml", "json", "csv" (Bueno de Mesquita's table), "decide" or "ktab".
            source: the name messages give the text (and relative trade files resolve
                against its directory).
        """
        return cls(_parley.parse_scenario(text, format, source))

    @classmethod
    def from_dict(cls, document, source="<dict>"):
        """Builds a scenario from a dict in the YAML/JSON schema (docs/scenario-format.md).

        The dict is read by the library's JSON reader, so the validation is the same as for
        a file. Numbers may be Python or numpy numbers (NaN and infinity are reported as the
        YAML reader reports them); lists may be tuples or numpy arrays. Messages name the
        offending field by its path in the dict, e.g. `issues[0].positions.USA.salience`.

        Example:
            >>> parley.Scenario.from_dict({
            ...     "actors": [{"id": "A", "capability": 2}, {"id": "B", "capability": 1}],
            ...     "issues": [{"id": "x", "status_quo": 50,
            ...                 "positions": {"A": [20, 1.0], "B": [80, 0.5]}}]})
        """
        if not isinstance(document, Mapping):
            raise TypeError(f"from_dict needs a mapping, not {type(document).__name__}")
        text = json.dumps(_jsonable(document), allow_nan=False, ensure_ascii=False)
        return cls(_parley.parse_generated_json(text, source))

    @classmethod
    def from_columns(
        cls,
        data=None,
        *,
        actor=None,
        issue=None,
        position=None,
        salience=None,
        capability=None,
        issue_capability=None,
        payoff_cooperate=None,
        payoff_defect=None,
        payoff_punished=None,
        actors=None,
        issues=None,
        name=None,
        description=None,
        salience_scale=None,
        extra=None,
        source="<columns>",
    ):
        """Builds a scenario from tidy columns, one row per actor and issue it takes part in.

        Columns come from `data` (a pandas DataFrame or a dict of columns with the names
        below) or from the keyword arguments (any sequence, numpy array or Series).
        `Scenario.to_frame()` and `Scenario.stances` give this layout.

        Args:
            data: a DataFrame or mapping with columns actor, issue, position, salience and
                optionally capability, issue_capability and the payoff columns.
            actor, issue: ids per row.
            position: the actor's position on the issue's scale, per row.
            salience: its salience, in [0, 1] (or [0, 100] with salience_scale=100).
            capability: the actor's capability, repeated on each of its rows (one value per
                actor; NaN or None rows are skipped); or give `actors`.
            issue_capability: optional capability on this issue only (NaN/None = none).
            payoff_cooperate, payoff_defect, payoff_punished: optional repeated-game payoffs
                of the stance, for the enforcement part of `linkage` (NaN/None = none;
                all three or none per row).
            actors: optional mapping actor id -> capability, or -> dict with the schema's
                actor fields (name, capability, note). Its order comes first.
            issues: optional mapping issue id -> dict with the schema's issue fields: name,
                scale ({min, max, min_label, max_label}; default 0 to 100), status_quo,
                decision (the decision block: see `Issue.decision`), note. Its order comes first; other issues follow in order of appearance.
            name, description, salience_scale: the scenario's fields.
            extra: further top-level fields of the schema (e.g. uncertainty, trade,
                leverage), merged into the document.
            source: the name messages give these columns.

        The document built is validated by `from_dict`; a message about a stance says which
        row it comes from (counted from 0, as DataFrame.iloc counts).

        Example:
            >>> parley.Scenario.from_columns(
            ...     actor=["A", "B", "A", "B"], issue=["x", "x", "y", "y"],
            ...     position=[20, 80, 0, 100], salience=[1, 0.5, 0.4, 0.9],
            ...     capability=[2, 1, 2, 1], issues={"x": {"status_quo": 50}})
        """
        columns = _gather_columns(
            data,
            actor=actor,
            issue=issue,
            position=position,
            salience=salience,
            capability=capability,
            issue_capability=issue_capability,
            payoff_cooperate=payoff_cooperate,
            payoff_defect=payoff_defect,
            payoff_punished=payoff_punished,
        )
        document, rows = _document_from_columns(columns, actors, issues)
        for key, value in (
            ("name", name),
            ("description", description),
            ("salience_scale", salience_scale),
        ):
            if value is not None:
                document[key] = value
        for key, value in (extra or {}).items():
            if key in document:
                raise ValueError(f"extra field '{key}' is set by from_columns itself")
            document[key] = value
        try:
            return cls.from_dict(document, source=source)
        except _parley.InputError as error:
            raise _with_row(error, rows) from None

    # -- What is inside -----------------------------------------------------------------

    @property
    def name(self):
        return self._native.name

    @property
    def description(self):
        return self._native.description

    @property
    def source(self):
        """The file (or "<dict>", "<columns>", ...) the scenario was read from."""
        return self._native.source

    @property
    def content_hash(self):
        """A stable 16-hex-digit hash of the content (not the source or format): a YAML
        file and the same scenario as a dict hash the same. Results record it."""
        return self._native.content_hash

    hash = content_hash

    @property
    def actors(self):
        """The actors in scenario order, as `Actor` records."""
        return tuple(Actor(**actor) for actor in self._native.actors())

    @property
    def issues(self):
        """The issues in scenario order, as `Issue` records."""
        return tuple(
            Issue(
                id=issue["id"],
                name=issue["name"],
                scale_min=issue["scale_min"],
                scale_max=issue["scale_max"],
                min_label=issue["min_label"],
                max_label=issue["max_label"],
                status_quo=issue["status_quo"],
                decision=issue["decision"],
            )
            for issue in self._native.issues()
        )

    @property
    def actor_ids(self):
        return [actor["id"] for actor in self._native.actors()]

    @property
    def issue_ids(self):
        return [issue["id"] for issue in self._native.issues()]

    @property
    def stances(self):
        """Every stance as a dict of columns (one row per actor and issue it takes part
        in, issue by issue): actor, issue, position, salience, capability (the actor's),
        issue_capability (its capability on this issue only) and payoff_cooperate,
        payoff_defect, payoff_punished (repeated-game payoffs); NaN where there is none.
        The layout `from_columns` reads."""
        return self._native.stances()

    @property
    def positions(self):
        """Positions as an array [actor, issue] in scenario order; NaN where an actor takes
        no part."""
        return self._matrix("position")

    @property
    def saliences(self):
        """Saliences as an array [actor, issue] in [0, 1]; NaN where an actor takes no
        part."""
        return self._matrix("salience")

    @property
    def capabilities(self):
        """The actors' capabilities as an array, in scenario order."""
        return np.array([actor["capability"] for actor in self._native.actors()])

    @property
    def uncertain_inputs(self):
        """The uncertain inputs ensembles draw, in file order, then those added by relative
        noise: dicts with label (e.g. "CHN.nk-pressure.position"), field, actor, issue
        (None for a capability), distribution (e.g. "uniform(30, 55)"), nominal and
        from_noise."""
        return self._native.uncertain_inputs()

    @property
    def relative_noise(self):
        return self._native.relative_noise

    @property
    def derivations(self):
        """Issue capabilities derived from trade data, with their inputs (list of dicts)."""
        return self._native.derivations()

    def derivations_text(self):
        """The derived capabilities as `parley check` prints them ("" when none)."""
        return self._native.derivations_text()

    def to_json(self):
        """The scenario in parley's JSON schema, readable back by `from_dict`/`from_text`,
        distributions and relative noise included. Capabilities derived from trade data are
        written as the numbers they came to (the trade data are not)."""
        return self._native.to_json()

    def to_dict(self):
        """The scenario as a dict in the YAML/JSON schema (see `to_json`)."""
        return json.loads(self._native.to_json())

    def to_frame(self):
        """The stances as a DataFrame with the columns `from_columns` reads (see
        `stances`). Needs pandas."""
        return _frames.frame(self._native.stances(), "Scenario.to_frame()")

    to_pandas = to_frame

    # -- Running models and analyses ----------------------------------------------------

    def run(self, spec=None):
        """Runs one model spec, e.g. "eum(preset=replication)", or a list of them.

        Args:
            spec: a spec string (returns a Result), or a list of spec strings (returns
                Results, every spec checked before any model runs); None (the default) runs
                every model that applies to the scenario, as `parley run` does (blend only
                on EU legislative scenarios).

        Raises:
            InputError: a bad spec, or a scenario lacking what the model needs.
        """
        if spec is None:
            specs = list(_parley.default_models(self._native))
        elif isinstance(spec, str):
            return Result(_parley.run(self._native, [spec])[0], self)
        else:
            specs = list(spec)
        return Results([Result(native, self) for native in _parley.run(self._native, specs)], self)

    def ensemble(self, models, **options):
        """`parley.ensemble(self, models, ...)`: see there."""
        from ._analysis import ensemble

        return ensemble(self, models, **options)

    def sensitivity(self, model, **options):
        """`parley.sensitivity(self, model, ...)`: see there."""
        from ._analysis import sensitivity

        return sensitivity(self, model, **options)

    def linkage(self, **options):
        """`parley.linkage(self, ...)`: see there."""
        from ._analysis import linkage

        return linkage(self, **options)

    def sample(self, seed, run):
        """Run `run` of an ensemble with `seed`: the scenario with every uncertain input
        drawn as `parley.ensemble` draws it for that run."""
        return Scenario(_parley.sample_scenario(self._native, seed, run))

    # -- Agenda changes -----------------------------------------------------------------

    def without_issues(self, *issue_ids):
        """A new scenario without these issues."""
        return Scenario(_parley.without_issues(self._native, list(issue_ids)))

    def without_actors(self, *actor_ids):
        """A new scenario without these actors."""
        return Scenario(_parley.without_actors(self._native, list(actor_ids)))

    def with_issue_from(self, donor, issue_id):
        """A new scenario with issue `issue_id` of scenario `donor` added, with the donor's
        positions on it (every actor taking part must exist here)."""
        return Scenario(_parley.with_issue_from(self._native, donor._native, issue_id))

    def with_actor_from(self, donor, actor_id):
        """A new scenario with actor `actor_id` of scenario `donor` added, with its stances
        on the issues this scenario has."""
        return Scenario(_parley.with_actor_from(self._native, donor._native, actor_id))

    def __reduce__(self):
        # Pickled by value (see _parley.Scenario's pickle): the library's JSON of the
        # scenario, its source, content hash and trade derivations. Loading checks the hash;
        # a corrupted payload raises pickle.UnpicklingError.
        return (Scenario, (self._native,))

    def __repr__(self):
        return (
            f"<parley.Scenario {self.name!r}: {len(self.actor_ids)} actors, "
            f"{len(self.issue_ids)} issues, hash {self.content_hash}>"
        )

    def _matrix(self, field):
        stances = self._native.stances()
        actor_index = {actor: a for a, actor in enumerate(self.actor_ids)}
        issue_index = {issue: k for k, issue in enumerate(self.issue_ids)}
        matrix = np.full((len(actor_index), len(issue_index)), np.nan)
        for actor, issue, value in zip(stances["actor"], stances["issue"], stances[field]):
            matrix[actor_index[actor], issue_index[issue]] = value
        return matrix


def load(path, format=None):
    """Reads a scenario file (any format the command line reads); see Scenario.from_file."""
    return Scenario.from_file(path, format)


def as_scenario(scenario):
    """A Scenario from a Scenario, a path or a dict in the schema."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, Mapping):
        return Scenario.from_dict(scenario)
    if isinstance(scenario, (str, os.PathLike)):
        return Scenario.from_file(scenario)
    raise TypeError(f"expected a parley.Scenario, a path or a dict, not {type(scenario).__name__}")


# -- Dicts to JSON --------------------------------------------------------------------------


def _jsonable(value):
    """`value` with numpy numbers and arrays, tuples and mappings made plain JSON types.

    NaN and infinities become the strings "nan", "inf" and "-inf", which the library's
    number parser reads like YAML's .nan and .inf, so its own message reports them
    ("is nan; expected a finite number") with the field's path.
    """
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return [_jsonable(item) for item in value.tolist()]
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return "nan"
        if math.isinf(number):
            return "inf" if number > 0 else "-inf"
        return number
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return value


# -- Columns to a document ----------------------------------------------------------------


def _gather_columns(data, **given):
    columns = {}
    for name, values in given.items():
        from_data = data is not None and name in data
        if values is not None and from_data:
            raise TypeError(f"column '{name}' is given both in data and as an argument")
        if from_data:
            values = data[name]
        if values is not None:
            columns[name] = list(values.tolist() if hasattr(values, "tolist") else values)
    missing = [name for name in ("actor", "issue", "position", "salience") if name not in columns]
    if missing:
        raise TypeError(
            f"from_columns needs the column(s) {', '.join(missing)}; "
            f"expected columns {', '.join(STANCE_COLUMNS[:4])} "
            f"(and optionally {', '.join(STANCE_COLUMNS[4:])})"
        )
    lengths = {name: len(values) for name, values in columns.items()}
    if len(set(lengths.values())) > 1:
        listed = ", ".join(f"{name} {length}" for name, length in lengths.items())
        raise ValueError(f"the columns differ in length ({listed}); expected one row per stance")
    return columns


def _is_missing(value):
    return value is None or (isinstance(value, numbers.Real) and math.isnan(value))


def _document_from_columns(columns, actors, issues):
    """The schema document for tidy columns, and (issue index, actor id) -> row number."""
    actor_fields = {}
    for actor_id, fields in (actors or {}).items():
        if isinstance(fields, Mapping):
            actor_fields[str(actor_id)] = {"id": str(actor_id), **fields}
        else:
            actor_fields[str(actor_id)] = {"id": str(actor_id), "capability": fields}
    issue_fields = {str(issue_id): dict(fields) for issue_id, fields in (issues or {}).items()}
    positions = {issue_id: {} for issue_id in issue_fields}
    row_of = {}
    capability_column = columns.get("capability")
    issue_capability_column = columns.get("issue_capability")
    for row, (actor_id, issue_id) in enumerate(zip(columns["actor"], columns["issue"])):
        actor_id, issue_id = str(actor_id), str(issue_id)
        actor = actor_fields.setdefault(actor_id, {"id": actor_id})
        if capability_column is not None and not _is_missing(capability_column[row]):
            value = capability_column[row]
            if "capability" in actor and actor["capability"] != value:
                raise ValueError(
                    f"row {row}: actor '{actor_id}' has capability {value}, but "
                    f"{actor['capability']} elsewhere; expected one capability per actor "
                    "(issue_capability gives one for a single issue)"
                )
            actor["capability"] = value
        stances = positions.setdefault(issue_id, {})
        if actor_id in stances:
            raise ValueError(
                f"rows {row_of[issue_id, actor_id]} and {row} both give actor '{actor_id}' "
                f"a stance on issue '{issue_id}'; expected one row per actor and issue"
            )
        stance = {"position": columns["position"][row], "salience": columns["salience"][row]}
        if issue_capability_column is not None:
            if not _is_missing(issue_capability_column[row]):
                stance["capability"] = issue_capability_column[row]
        payoffs = {
            field: columns[name][row]
            for name, field in PAYOFF_COLUMNS.items()
            if name in columns and not _is_missing(columns[name][row])
        }
        if payoffs:
            stance["payoffs"] = payoffs  # the library says which of the three is missing
        stances[actor_id] = stance
        row_of[issue_id, actor_id] = row
    without = [actor_id for actor_id, actor in actor_fields.items() if "capability" not in actor]
    if without:
        raise ValueError(
            f"no capability for actor(s) {', '.join(without)}; expected a capability column "
            "or actors={id: capability}"
        )
    document = {"parley": 1, "actors": list(actor_fields.values()), "issues": []}
    rows = {}
    for index, (issue_id, stances) in enumerate(positions.items()):
        document["issues"].append(
            {"id": issue_id, **issue_fields.get(issue_id, {}), "positions": stances}
        )
        for actor_id in stances:
            rows[index, actor_id] = row_of[issue_id, actor_id]
    return document, rows


_STANCE_FIELD = re.compile(r"issues\[(\d+)\]\.positions\.(.+)$")


def _with_row(error, rows):
    """The error, its message saying which row of the columns a stance field came from."""
    match = _STANCE_FIELD.match(getattr(error, "field", "") or "")
    if not match:
        return error
    index, rest = int(match.group(1)), match.group(2)
    # The field is "<actor>" or "<actor>.<leaf>"; actor ids may contain dots.
    candidates = [
        row
        for (issue, actor), row in rows.items()
        if issue == index and (rest == actor or rest.startswith(actor + "."))
    ]
    if len(candidates) != 1:
        return error
    located = _parley.InputError(f"{error} (row {candidates[0]} of the columns)")
    for name in ("file", "line", "column", "field"):
        setattr(located, name, getattr(error, name, None))
    return located
