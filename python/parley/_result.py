"""What a model run returns: forecasts, per-actor details and the rounds of iterative models."""

import json

import numpy as np

from . import _frames, _parley

# The columns of `parley run --format csv`, which Result.to_frame reproduces.
FORECAST_COLUMNS = (
    "issue",
    "issue_name",
    "scale_min",
    "scale_max",
    "min_label",
    "max_label",
    "status_quo",
    "model",
    "spec",
    "forecast",
    "input_hash",
    "rule",
    "bargained",
)


class Result:
    """One model's forecast of every issue of a scenario.

    A result is self-describing: it records the model, the fully resolved spec (every
    parameter, defaults filled in), the content hash of the scenario it ran on and, for
    stochastic models, the seed, so any forecast can be reproduced. Results come from
    `Scenario.run` or `parley.run`. They pickle, with their scenario.

    Attributes:
        model: registry name, e.g. "nash".
        spec: the resolved spec, e.g. "nash(utility=quadratic,weights=capability,...)".
        parameters: parameter name -> value as written in the spec, in spec order.
        input_hash: the scenario's content hash (also `scenario_hash`).
        seed: the seed of stochastic models (e.g. exchange), else None.
        scenario: the Scenario it ran on.
    """

    __slots__ = ("_native", "scenario")

    def __init__(self, native, scenario):
        self._native = native
        self.scenario = scenario

    @property
    def model(self):
        return self._native.model

    @property
    def spec(self):
        return self._native.spec

    @property
    def parameters(self):
        return dict(self._native.parameters)

    @property
    def input_hash(self):
        return self._native.input_hash

    @property
    def scenario_hash(self):
        """The content hash of the scenario the model ran on (same as input_hash)."""
        return self._native.input_hash

    @property
    def seed(self):
        return self._native.seed

    @property
    def issues(self):
        """Issue ids in scenario order, the order of `forecasts_array`."""
        return list(self._native.forecasts["issue"])

    @property
    def forecast(self):
        """Issue id -> forecast position on the issue's own scale."""
        columns = self._native.forecasts
        return dict(zip(columns["issue"], columns["position"].tolist()))

    @property
    def rules(self):
        """Issue id -> how the issue was decided: "bargaining" (no decision block), else the
        decision stage's explanation, e.g. "decider USA; veto CONGRESS (binding)"."""
        columns = self._native.forecasts
        return dict(zip(columns["issue"], columns["rule"]))

    @property
    def bargained(self):
        """Issue id -> the bargaining stage's forecast before the decision rule was applied
        (NaN where the issue has no decision block)."""
        columns = self._native.forecasts
        return dict(zip(columns["issue"], columns["bargained"].tolist()))

    @property
    def forecasts_array(self):
        """The forecasts as a numpy array, one per issue in scenario order."""
        return self._native.forecasts["position"]

    @property
    def details(self):
        """Named per-issue, per-actor figures the model reports (e.g. nash's utility gains).

        A dict of columns: issue, actor, name (lists; "" when a figure is not about one
        issue or actor) and value (numpy array).
        """
        return self._native.details

    @property
    def trajectory(self):
        """Every actor's state after every round of an iterative model (round 0 = start).

        A dict of columns: round (numpy int array), issue, actor (lists), position and risk
        (numpy arrays; risk is the model's risk exponent, 0 where it has none). Empty
        columns for models without rounds. See `trajectory_array` for a 3-D array.
        """
        return self._native.trajectory

    @property
    def moves(self):
        """Every position change an iterative model made (eum): dict of columns round,
        issue, actor, toward, kind, from, to, eu_self, eu_other."""
        return self._native.moves

    @property
    def exchanges(self):
        """Every exchange a vote-trading model realised (exchange): dict of columns round,
        order, actor_i, issue_i, from_i, to_i, actor_j, issue_j, from_j, to_j, gain."""
        return self._native.exchanges

    def trajectory_array(self, field="position"):
        """The trajectory as an array indexed [round, actor, issue] in scenario order.

        Args:
            field: "position" or "risk".

        Returns:
            A float array of shape (rounds + 1, actors, issues); NaN where an actor takes no
            part in an issue. Shape (0, actors, issues) for models without rounds.
        """
        if field not in ("position", "risk"):
            raise ValueError(f"field is '{field}'; expected 'position' or 'risk'")
        columns = self._native.trajectory
        rounds = columns["round"]
        actor_index = {actor: a for a, actor in enumerate(self.scenario.actor_ids)}
        issue_index = {issue: k for k, issue in enumerate(self.scenario.issue_ids)}
        count = int(rounds.max()) + 1 if len(rounds) else 0
        array = np.full((count, len(actor_index), len(issue_index)), np.nan)
        actors = np.fromiter((actor_index[a] for a in columns["actor"]), int, len(rounds))
        issues = np.fromiter((issue_index[k] for k in columns["issue"]), int, len(rounds))
        array[rounds, actors, issues] = columns[field]
        return array

    def to_frame(self):
        """The forecasts as a DataFrame, one row per issue, with the columns of
        `parley run --format csv`: issue, issue_name, scale_min, scale_max, min_label,
        max_label, status_quo, model, spec, forecast, input_hash, rule, bargained. Needs
        pandas."""
        return _frames.frame(self._forecast_columns(), "Result.to_frame()")

    to_pandas = to_frame

    def details_frame(self):
        """`details` as a DataFrame with the columns of `parley run --details`: model, spec,
        issue, actor, name, value. Needs pandas."""
        return self._side_frame(self._native.details, "Result.details_frame()")

    def trajectory_frame(self):
        """`trajectory` as a DataFrame with the columns of `parley run --trajectory`: model,
        spec, round, issue, actor, position, risk. Needs pandas."""
        return self._side_frame(self._native.trajectory, "Result.trajectory_frame()")

    def moves_frame(self):
        """`moves` as a DataFrame with the columns of `parley run --moves`. Needs pandas."""
        return self._side_frame(self._native.moves, "Result.moves_frame()")

    def exchanges_frame(self):
        """`exchanges` as a DataFrame with the columns of `parley run --exchanges`. Needs
        pandas."""
        return self._side_frame(self._native.exchanges, "Result.exchanges_frame()")

    def to_dict(self):
        """Everything `parley run --format json` writes for this result (its "results"
        entry: model, spec, parameters, input_hash, seed, forecasts, details, rounds)."""
        return json.loads(self.to_json())["results"][0]

    def to_json(self):
        """The JSON document `parley run --format json --model SPEC` writes."""
        return _parley.results_to_json(self.scenario._native, [self._native])

    def to_csv(self):
        """The tidy CSV `parley run --format csv --model SPEC` writes."""
        return _parley.results_to_csv(self.scenario._native, [self._native])

    def table(self):
        """The table `parley run --model SPEC` prints."""
        return _parley.results_to_table(self.scenario._native, [self._native])

    def trace(self):
        """The rounds of iterative models as `parley run --trace` prints them."""
        return _parley.trace_to_text(self.scenario._native, [self._native])

    def _forecast_columns(self):
        columns = {name: [] for name in FORECAST_COLUMNS}
        issues = {issue.id: issue for issue in self.scenario.issues}
        native = self._native.forecasts
        for k, (issue_id, position) in enumerate(self.forecast.items()):
            issue = issues[issue_id]
            columns["issue"].append(issue.id)
            columns["issue_name"].append(issue.name)
            columns["scale_min"].append(issue.scale_min)
            columns["scale_max"].append(issue.scale_max)
            columns["min_label"].append(issue.min_label)
            columns["max_label"].append(issue.max_label)
            columns["status_quo"].append(np.nan if issue.status_quo is None else issue.status_quo)
            columns["model"].append(self.model)
            columns["spec"].append(self.spec)
            columns["forecast"].append(position)
            columns["input_hash"].append(self.input_hash)
            columns["rule"].append(native["rule"][k])
            columns["bargained"].append(float(native["bargained"][k]))
        return columns

    def _side_frame(self, columns, what):
        rows = len(next(iter(columns.values())))
        labelled = {"model": [self.model] * rows, "spec": [self.spec] * rows}
        labelled.update(columns)
        return _frames.frame(labelled, what)

    def __reduce__(self):
        # Pickled by value: the library's result, every row of it (see _parley.Result's
        # pickle), and the Scenario it ran on.
        return (Result, (self._native, self.scenario))

    def __repr__(self):
        forecasts = ", ".join(f"{issue}={value:.4g}" for issue, value in self.forecast.items())
        return f"<parley.Result {self.spec} on {self.input_hash}: {forecasts}>"


class Results(list):
    """The results of several models on one scenario, in the order the specs were given.

    A list of Result with the command line's renderings of the whole set.
    """

    def __init__(self, results, scenario):
        super().__init__(results)
        self.scenario = scenario

    def by_model(self):
        """Model name -> Result (the last one when a model ran with several specs)."""
        return {result.model: result for result in self}

    def table(self):
        """The table `parley run` prints: one row per issue, one column per model."""
        return _parley.results_to_table(self.scenario._native, self._natives())

    def to_json(self):
        """The JSON document `parley run --format json` writes."""
        return _parley.results_to_json(self.scenario._native, self._natives())

    def to_csv(self):
        """The tidy CSV `parley run --format csv` writes."""
        return _parley.results_to_csv(self.scenario._native, self._natives())

    def trace(self):
        """The rounds of iterative models as `parley run --trace` prints them after the
        table."""
        return _parley.trace_to_text(self.scenario._native, self._natives())

    def details_csv(self):
        """The side file `parley run --details FILE` writes."""
        return _parley.details_to_csv(self._natives())

    def trajectory_csv(self):
        """The side file `parley run --trajectory FILE` writes."""
        return _parley.trajectory_to_csv(self._natives())

    def moves_csv(self):
        """The side file `parley run --moves FILE` writes."""
        return _parley.moves_to_csv(self._natives())

    def exchanges_csv(self):
        """The side file `parley run --exchanges FILE` writes."""
        return _parley.exchanges_to_csv(self._natives())

    def to_frame(self):
        """All forecasts as one tidy DataFrame (one row per issue and model), with the
        columns of `parley run --format csv`. Needs pandas."""
        columns = {name: [] for name in FORECAST_COLUMNS}
        for result in self:
            for name, values in result._forecast_columns().items():
                columns[name].extend(values)
        return _frames.frame(columns, "Results.to_frame()")

    to_pandas = to_frame

    def wide_frame(self):
        """Forecasts as a DataFrame indexed by issue, one column per result (named by its
        model, or by its spec when a model appears twice), as `parley run` shows them.
        Needs pandas."""
        pandas = _frames.require_pandas("Results.wide_frame()")
        names = [result.model for result in self]
        labels = [result.spec if names.count(result.model) > 1 else result.model for result in self]
        data = {label: result.forecasts_array for label, result in zip(labels, self)}
        return pandas.DataFrame(data, index=pandas.Index(self.scenario.issue_ids, name="issue"))

    def __reduce__(self):
        # The results and their one scenario, which pickle keeps once.
        return (Results, (list(self), self.scenario))

    def __repr__(self):
        models = ", ".join(result.model for result in self)
        return f"<parley.Results {models} on {self.scenario.content_hash}>"

    def _natives(self):
        return [result._native for result in self]
