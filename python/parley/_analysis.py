"""The analyses of the command line as functions: ensemble, sensitivity, linkage, leverage
and validate. Keyword arguments mirror the subcommands' options; each returns a report
that renders exactly as the command line does (`table()`, `to_json()`, `to_csv()`) and
gives the figures as dicts, numpy arrays and DataFrames."""

import json
import numbers
import os
import pickle

import numpy as np

from . import _frames, _parley
from ._scenario import as_scenario


def _check_integer(name, value, low, high):
    """Refuses what the command line's range checks refuse, before the library sees it."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} is {value!r}; expected an integer in [{low}, {high}]")
    if not low <= value <= high:
        raise ValueError(f"{name} is {value}; expected an integer in [{low}, {high}]")
    return int(value)


def _check_fraction(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} is {value!r}; expected a number in [0, 1]")
    if not 0 <= value <= 1:
        raise ValueError(f"{name} is {value}; expected a number in [0, 1]")
    return float(value)


def _string_list(name, values):
    """A list of strings from one string or an iterable of them."""
    if isinstance(values, (str, os.PathLike)):
        return [os.fspath(values)]
    values = [os.fspath(value) if isinstance(value, os.PathLike) else value for value in values]
    for value in values:
        if not isinstance(value, str):
            raise TypeError(f"{name} holds {value!r}; expected strings")
    return values


_PICKLE_FORMAT = 1


class _Rendered:
    """An unpickled report's stand-in for the library's object: the renderings (methods
    returning the kept text) and attributes that the report was pickled with."""

    def __init__(self, texts, values):
        self._texts = texts
        self._values = values

    def __getattr__(self, name):
        if name.startswith("__") or name in ("_texts", "_values"):
            raise AttributeError(name)
        if name in self._values:
            return self._values[name]
        if name in self._texts:
            return lambda: self._texts[name]
        raise AttributeError(f"an unpickled report keeps no '{name}'")


class _Report:
    """What every analysis report offers: the command line's three renderings, the JSON
    as a dict, and the tidy CSV as a DataFrame.

    Reports pickle. The library's report structs have no reader, so a pickle keeps what the
    report shows: its renderings (table, JSON, CSV, ...) and the attributes read from the
    library (seed, runs, ...), every figure being in the JSON. An unpickled report holds
    these texts instead of the library's object (`_Rendered`) and answers alike.
    """

    _what = "report"
    _text_columns = ()
    # The library object's renderings and attributes that a pickle keeps.
    _native_texts = ("to_json", "to_csv", "to_table")
    _native_values = ()
    _rendered_type = _Rendered  # what stands in for the library's object once unpickled

    def __init__(self, native):
        self._native = native
        self._dict = None

    def __reduce__(self):
        native = {
            "texts": {name: getattr(self._native, name)() for name in self._native_texts},
            "values": self._pickle_values(),
        }
        return (_unpickle_report, (type(self), _PICKLE_FORMAT, native, self._pickle_arguments()))

    def _pickle_values(self):
        return {name: getattr(self._native, name) for name in self._native_values}

    def _pickle_arguments(self):
        """The arguments besides the library object that rebuild the report."""
        return ()

    def table(self):
        """The report as the command line prints it (its table format)."""
        return self._native.to_table()

    def to_json(self):
        """The JSON document the command line writes with --format json."""
        return self._native.to_json()

    def to_csv(self):
        """The tidy CSV the command line writes with --format csv."""
        return self._native.to_csv()

    def to_dict(self):
        """The JSON document as a dict (see `to_json`)."""
        if self._dict is None:
            self._dict = json.loads(self._native.to_json())
        return self._dict

    def tidy_frame(self):
        """The tidy CSV (see `to_csv`) as a DataFrame. Needs pandas."""
        return _frames.read_tidy_csv(
            self.to_csv(), f"{self._what}.tidy_frame()", self._text_columns
        )

    def __str__(self):
        return self.table()


def _unpickle_report(cls, format, native, arguments):
    """Rebuilds a pickled report; pickle.UnpicklingError for a corrupted payload."""
    if format != _PICKLE_FORMAT:
        raise pickle.UnpicklingError(
            f"a parley report pickle of format {format!r}; this parley reads format "
            f"{_PICKLE_FORMAT} (was it made by another version of parley?)"
        )
    if not (isinstance(cls, type) and issubclass(cls, _Report)):
        raise pickle.UnpicklingError(f"not a parley report pickle (corrupted payload): {cls!r}")
    what = f"parley.{cls.__name__}"
    try:
        texts, values = native["texts"], native["values"]
        expected = set(cls._native_texts)
        if set(texts) != expected or not all(isinstance(text, str) for text in texts.values()):
            raise TypeError("texts")
        if set(values) != set(cls._native_values) or not isinstance(arguments, tuple):
            raise TypeError("values")
        report = cls(cls._rendered_type(texts, values), *arguments)
    except (KeyError, TypeError, ValueError) as error:
        raise pickle.UnpicklingError(
            f"a {what} pickle whose fields are not what a {what} keeps (corrupted payload)"
        ) from error
    return report



# -- Ensembles ----------------------------------------------------------------------------

QUANTILE_NAMES = ("p05", "p25", "p50", "p75", "p95")
SUMMARY_STATISTICS = ("mean", "sd", "min", "max") + QUANTILE_NAMES


class _DrawnReport(_Report):
    """A report made from random draws: it records the seed, the runs and the input hash
    needed to reproduce it."""

    _native_values = ("seed", "runs", "input_hash")

    @property
    def seed(self):
        return self._native.seed

    @property
    def runs(self):
        return self._native.runs

    @property
    def input_hash(self):
        return self._native.input_hash


class EnsembleReport(_DrawnReport):
    """A Monte Carlo ensemble's summaries, per model and issue (see `parley.ensemble`).

    Attributes:
        seed, runs: as given; run r drew its inputs from pcg32(seed, r), so the same seed
            gives the same report whatever the number of threads.
        input_hash: the content hash of the (nominal) scenario.
        specs: the resolved specs, one per model, in the order given.
        models: the registry names, in the same order.
        keys: the key of each model in `summary` and the other dicts: its name, or its
            resolved spec when the same model ran with several specs.
    """

    _what = "EnsembleReport"
    _text_columns = ("model", "spec", "issue", "actor", "statistic", "input_hash")

    def __init__(self, native, with_errors=None):
        super().__init__(native)
        # With an error model: (table, json, csv) as `parley ensemble --errors` renders them.
        self._with_errors = with_errors
        if with_errors is not None and not (
            len(with_errors) == 3 and all(isinstance(text, str) for text in with_errors)
        ):
            raise TypeError("with_errors: expected (table, json, csv)")

    def _pickle_arguments(self):
        return (None if self._with_errors is None else tuple(self._with_errors),)

    def table(self):
        return self._with_errors[0] if self._with_errors else self._native.to_table()

    def to_json(self):
        return self._with_errors[1] if self._with_errors else self._native.to_json()

    def to_csv(self):
        return self._with_errors[2] if self._with_errors else self._native.to_csv()

    @property
    def model_error(self):
        """With `errors=`: per model and issue the range from the inputs alone and with the
        model's own error (a dict, as the JSON's "model_error"); else None."""
        if not self._with_errors:
            return None
        return json.loads(self._with_errors[1])["model_error"]

    @property
    def specs(self):
        return [model["spec"] for model in self.to_dict()["results"]]

    @property
    def models(self):
        return [model["model"] for model in self.to_dict()["results"]]

    @property
    def keys(self):
        names = self.models
        return [spec if names.count(name) > 1 else name for name, spec in zip(names, self.specs)]

    @property
    def exact_quantiles(self):
        """Whether quantiles are exact (up to quantile_cap runs) or from a histogram."""
        return self.to_dict()["ensemble"]["quantiles"].startswith("exact")

    @property
    def inputs(self):
        """The uncertain inputs drawn, as "label ~ distribution" texts."""
        return list(self.to_dict()["ensemble"]["uncertain_inputs"])

    @property
    def summary(self):
        """key -> issue -> {mean, sd, min, max, p05, p25, p50, p75, p95}."""
        summary = {}
        for key, model in zip(self.keys, self.to_dict()["results"]):
            summary[key] = {
                issue["issue"]: {
                    **{name: issue[name] for name in ("mean", "sd", "min", "max")},
                    **issue["quantiles"],
                }
                for issue in model["issues"]
            }
        return summary

    def statistic(self, name, model=None):
        """One statistic (e.g. "mean" or "p95") of every issue as a numpy array in scenario
        order, for `model` (a key; default: the first model)."""
        if name not in SUMMARY_STATISTICS:
            raise ValueError(f"statistic '{name}'; expected one of {', '.join(SUMMARY_STATISTICS)}")
        issues = self.summary[self._key(model)]
        return np.array([stats[name] for stats in issues.values()])

    def histogram(self, model=None):
        """Run counts in 20 equal bins on each issue's scale: an integer array [issue,
        bin] in scenario order, for `model` (a key; default: the first model)."""
        index = self.keys.index(self._key(model))
        issues = self.to_dict()["results"][index]["issues"]
        return np.array([issue["histogram"] for issue in issues], dtype=np.int64)

    @property
    def probabilities(self):
        """key -> threshold text (e.g. "nk-pressure>=60") -> share of runs passing it."""
        return {
            key: {entry["threshold"]: entry["probability"] for entry in model["thresholds"]}
            for key, model in zip(self.keys, self.to_dict()["results"])
        }

    @property
    def move_shares(self):
        """key -> list of {actor, kind, share}: the share of runs in which the actor made at
        least one move of that kind (models with moves, e.g. eum)."""
        return {
            key: list(model["moves"]) for key, model in zip(self.keys, self.to_dict()["results"])
        }

    def to_frame(self):
        """One row per model and issue: model, spec, issue, mean, sd, min, max, p05, p25,
        p50, p75, p95. Needs pandas (`tidy_frame` has every figure in long form)."""
        columns = {name: [] for name in ("model", "spec", "issue") + SUMMARY_STATISTICS}
        for model in self.to_dict()["results"]:
            for issue in model["issues"]:
                columns["model"].append(model["model"])
                columns["spec"].append(model["spec"])
                columns["issue"].append(issue["issue"])
                for name in ("mean", "sd", "min", "max"):
                    columns[name].append(issue[name])
                for name in QUANTILE_NAMES:
                    columns[name].append(issue["quantiles"][name])
        return _frames.frame(columns, "EnsembleReport.to_frame()")

    to_pandas = to_frame

    def _key(self, model):
        keys = self.keys
        if model is None:
            return keys[0]
        if model not in keys:
            raise KeyError(f"no model '{model}' in this ensemble; expected one of {keys}")
        return model

    def __repr__(self):
        return (
            f"<parley.EnsembleReport {', '.join(self.keys)}: {self.runs} runs, seed {self.seed}, "
            f"input hash {self.input_hash}>"
        )


def ensemble(
    scenario,
    models,
    *,
    runs=1000,
    seed=1,
    threads=0,
    thresholds=(),
    quantile_cap=1_000_000,
    progress=None,
    errors=None,
):
    """Runs models many times over draws of the scenario's uncertain inputs
    (`parley ensemble`).

    The GIL is released while the runs go on (in parallel with oneTBB); Ctrl-C stops them.

    Args:
        scenario: a Scenario, a path or a dict in the schema.
        models: a spec string or a list of them (`--model`, repeatable).
        runs: the number of runs, 1 to 2^40 (`--runs`).
        seed: run r draws every input from pcg32(seed, r), so the report is the same for
            any number of threads (`--seed`).
        threads: worker threads; 0 = every core (`--threads`).
        thresholds: texts such as "nk-pressure>=60" (also >, <=, <): the probability that an
            outcome passes each (`--threshold`).
        quantile_cap: quantiles are exact up to this many runs, from a 16384-bin histogram
            beyond.
        progress: optional callable progress(done, total), called from the calling thread
            about every 0.1 s; an exception it raises stops the ensemble.
        errors: an error model, "deu3" (shipped, fitted on EU legislation: an outside view
            elsewhere) or a file from `validate(..., fit_errors=path)` (`--errors`): the
            report then adds each model's range with its own error (`model_error`).

    Returns:
        An EnsembleReport.

    Raises:
        InputError: bad specs or thresholds, with the command line's messages.
    """
    scenario = as_scenario(scenario)
    native = _parley.ensemble(
        scenario._native,
        _string_list("models", models),
        _check_integer("runs", runs, 1, 1 << 40),
        _check_integer("seed", seed, 0, (1 << 64) - 1),
        _check_integer("threads", threads, 0, 4096),
        _string_list("thresholds", thresholds),
        _check_integer("quantile_cap", quantile_cap, 0, (1 << 64) - 1),
        progress,
    )
    if errors is None:
        return EnsembleReport(native)
    with_errors = _parley.ensemble_with_errors(scenario._native, native, os.fspath(errors))
    return EnsembleReport(native, tuple(with_errors))


# -- Sensitivity --------------------------------------------------------------------------

SENSITIVITY_COLUMNS = (
    "issue",
    "input",
    "nominal",
    "first",
    "first_se",
    "total",
    "total_se",
    "low_value",
    "high_value",
    "low_outcome",
    "high_outcome",
    "swing",
)


class SensitivityReport(_DrawnReport):
    """Which uncertain inputs move each outcome (see `parley.sensitivity`): a tornado (each
    input at its 5th and 95th percentile, the others nominal) and first-order and total
    Sobol indices with bootstrap standard errors.

    Attributes:
        spec: the resolved spec; seed, runs (rows of the Saltelli design), input_hash.
    """

    _what = "SensitivityReport"
    _text_columns = ("model", "spec", "issue", "input", "statistic")
    _native_values = ("seed", "runs", "input_hash", "spec")

    @property
    def spec(self):
        return self._native.spec

    @property
    def issues(self):
        """issue -> {nominal, variance, tornado: [...], sobol: [...]} (lists of dicts, the
        tornado by |swing|, largest first; Sobol indices in input order)."""
        return {issue["issue"]: issue for issue in self.to_dict()["issues"]}

    def to_frame(self):
        """One row per issue and uncertain input: issue, input, nominal (the issue's
        outcome on the nominal scenario), first, first_se, total, total_se (Sobol), and the
        tornado's low_value, high_value, low_outcome, high_outcome, swing. Needs pandas."""
        columns = {name: [] for name in SENSITIVITY_COLUMNS}
        for issue in self.to_dict()["issues"]:
            bars = {bar["input"]: bar for bar in issue["tornado"]}
            for index in issue["sobol"]:
                bar = bars[index["input"]]
                columns["issue"].append(issue["issue"])
                columns["input"].append(index["input"])
                columns["nominal"].append(issue["nominal"])
                for name in ("first", "first_se", "total", "total_se"):
                    columns[name].append(index[name])
                for name in ("low_value", "high_value", "low_outcome", "high_outcome", "swing"):
                    columns[name].append(bar[name])
        return _frames.frame(columns, "SensitivityReport.to_frame()")

    to_pandas = to_frame

    def __repr__(self):
        return f"<parley.SensitivityReport {self.spec}: {self.runs} rows, seed {self.seed}>"


def sensitivity(scenario, model, *, runs=2048, seed=1, threads=0, bootstrap=200, progress=None):
    """Ranks the uncertain inputs by their effect on each outcome (`parley sensitivity`).

    Args:
        scenario: a Scenario, a path or a dict in the schema.
        model: one spec string (`--model`).
        runs: rows N of the Saltelli design, 2 to 2^32: N (k + 2) model runs for k inputs
            (`--runs`).
        seed: `--seed`.
        threads: worker threads; 0 = every core (`--threads`).
        bootstrap: resamples for the standard errors, 0 to 100000 (`--bootstrap`).
        progress: optional callable progress(done, total), as for `ensemble`.

    Raises:
        InputError: a bad spec, or a scenario without uncertain inputs.
    """
    scenario = as_scenario(scenario)
    if not isinstance(model, str):
        raise TypeError(f"model is {model!r}; expected one spec string")
    native = _parley.sensitivity(
        scenario._native,
        model,
        _check_integer("runs", runs, 2, 1 << 32),
        _check_integer("seed", seed, 0, (1 << 64) - 1),
        _check_integer("threads", threads, 0, 4096),
        _check_integer("bootstrap", bootstrap, 0, 100000),
        progress,
    )
    return SensitivityReport(native)


# -- Linkage ------------------------------------------------------------------------------

DEAL_COLUMNS = (
    "actor_i",
    "issue_i",
    "actor_j",
    "issue_j",
    "rate_min",
    "rate_max",
    "rate_equal",
    "move_i",
    "move_j",
    "target_i",
    "target_j",
    "gain_i",
    "gain_j",
    "joint_gain",
)


class _RenderedLinkage(_Rendered):
    """An unpickled LinkageReport's stand-in: to_table(deals) is the table of every deal
    with the deals past the first `deals` cut, as LinkageToTable lists them (two lines
    each after the "2. Deals" heading, then how many more there are)."""

    def to_table(self, deals):
        lines = self._values["table_of_every_deal"].splitlines(keepends=True)
        count = len(json.loads(self._texts["to_json"])["deals"])
        heading = next(
            k for k, line in enumerate(lines) if line.startswith("2. Deals: trades that benefit")
        )
        shown = min(deals, count)
        cut = lines[: heading + 1 + 2 * shown]
        if shown < count:
            cut.append(f"   ... {count - shown} more (all of them in --format json or csv)\n")
        return "".join(cut + lines[heading + 1 + 2 * count :])


class LinkageReport(_Report):
    """Does linking the issues pay, for whom, at what price (see `parley.linkage`)."""

    _what = "LinkageReport"
    _text_columns = ("section", "item", "model", "issue", "actor", "partner", "measure")
    # The table is kept with every deal listed (to_table(deals) cuts it, see
    # _RenderedLinkage).
    _native_texts = ("to_json", "to_csv")
    _native_values = ("table_of_every_deal",)
    _rendered_type = _RenderedLinkage

    def __init__(self, native, deals):
        super().__init__(native)
        if isinstance(deals, bool) or not isinstance(deals, numbers.Integral):
            raise TypeError("deals: expected an integer")
        self._deals_shown = deals

    def _pickle_values(self):
        return {"table_of_every_deal": self._native.to_table(len(self.deals))}

    def _pickle_arguments(self):
        return (self._deals_shown,)

    def table(self, deals=None):
        """The report as `parley linkage` prints it, with `deals` deals listed (default:
        the number given to `parley.linkage`)."""
        shown = self._deals_shown if deals is None else _check_integer("deals", deals, 0, 10**6)
        return self._native.to_table(shown)

    @property
    def comparisons(self):
        """Linked vs separate: a list of {separate_spec, linked_spec, issues: [{issue,
        separate, linked}], actors: [{actor, separate, linked, change}]}."""
        return self.to_dict()["linked_vs_separate"]

    @property
    def deals(self):
        """Every mutually beneficial trade, by joint gain: a list of dicts (see
        `deals_frame` for the fields)."""
        return self.to_dict()["deals"]

    @property
    def agenda(self):
        """The agenda changes, before and after: a list of dicts."""
        return self.to_dict()["agenda"]

    @property
    def enforcement(self):
        """Critical discount factors (a dict), or None without repeated-game payoffs."""
        return self.to_dict()["enforcement"]

    @property
    def notes(self):
        return self.to_dict()["notes"]

    @property
    def deciders(self):
        """Offers between deciders (a dict: discount_factor, offers, agenda, slippery_slope,
        notes), or None for a scenario without decision blocks. Each offer: the two deciders,
        the package issues, no agreement, the Nash and equal-gain agreements, gains, each
        promise's critical discount factor and verdict, the first mover, the outcome if the
        other reneges, and every actor's utility change."""
        return self.to_dict()["deciders"]

    def deals_frame(self):
        """The deals as a DataFrame, one row each, ranked by joint gain: actor_i, issue_i,
        actor_j, issue_j, rate_min, rate_max, rate_equal, move_i, move_j, target_i,
        target_j, gain_i, gain_j, joint_gain. Needs pandas."""
        columns = {name: [deal[name] for deal in self.deals] for name in DEAL_COLUMNS}
        return _frames.frame(columns, "LinkageReport.deals_frame()")

    def to_frame(self):
        """The whole report in the long form of `parley linkage --format csv`: section,
        item, model, issue, actor, partner, measure, value. Needs pandas."""
        return self.tidy_frame()

    to_pandas = to_frame

    def __repr__(self):
        return f"<parley.LinkageReport {self.to_dict()['scenario']!r}: {len(self.deals)} deals>"


def report(
    scenario,
    models=None,
    *,
    runs=0,
    seed=1,
    threads=0,
    sensitivity_model=None,
    path=None,
    progress=None,
    errors=None,
):
    """The self-contained HTML report of a scenario (`parley report`): the scenario, every
    model's forecast, trajectories, linkage, leverage and, with runs > 0, ensemble
    distributions and a sensitivity analysis, with Vega-Lite charts inlined (opens offline).

    The GIL is released while the report is built; Ctrl-C stops it.

    Args:
        scenario: a Scenario, a path or a dict in the schema.
        models: a spec string or a list of them; None = every model that runs on the
            scenario (`--model`).
        runs: ensemble runs per model; 0 = no ensemble and no sensitivity (`--runs`).
        seed: seed of the ensemble and the sensitivity analysis (`--seed`).
        threads: worker threads; 0 = every core. The report does not depend on it.
        sensitivity_model: the model the sensitivity analysis runs; None = the first.
        path: when given, the report is also written to this file.
        progress: optional callable progress(done, total) over the ensemble and
            sensitivity runs.
        errors: an error model ("deu3" or a file, `--errors`): with runs > 0, each model's
            range with its own error, fan charts and the error model's calibration.

    Returns:
        The HTML document (str); the same scenario and options give the same bytes.

    Raises:
        InputError: bad specs, or a model given in `models` that cannot run on the scenario.
    """
    scenario = as_scenario(scenario)
    html = _parley.report(
        scenario._native,
        [] if models is None else _string_list("models", models),
        _check_integer("runs", runs, 0, 1 << 40),
        _check_integer("seed", seed, 0, (1 << 64) - 1),
        _check_integer("threads", threads, 0, 1 << 16),
        sensitivity_model or "",
        "",
        progress,
        "" if errors is None else os.fspath(errors),
    )
    if path is not None:
        with open(path, "w", encoding="utf-8") as file:
            file.write(html)
    return html


def linkage(
    scenario,
    *,
    utility="quadratic",
    add_issues=(),
    drop_issues=(),
    add_actors=(),
    drop_actors=(),
    deals=10,
):
    """Linked vs separate bargaining, deals, agenda changes and enforcement
    (`parley linkage`).

    Args:
        scenario: a Scenario, a path or a dict in the schema.
        utility: "quadratic" or "linear" (`--utility`).
        add_issues, add_actors: ids in the scenario (compared without them) or "FILE:ID"
            (`--add-issue`, `--add-actor`); one string or a list.
        drop_issues, drop_actors: ids (`--drop-issue`, `--drop-actor`).
        deals: deals listed by `table()` (`--deals`; every deal is in the report).

    Raises:
        InputError: unknown ids or utility, or an agenda change that leaves an invalid
            scenario, with the command line's messages.
    """
    scenario = as_scenario(scenario)
    native = _parley.linkage(
        scenario._native,
        utility,
        _string_list("add_issues", add_issues),
        _string_list("drop_issues", drop_issues),
        _string_list("add_actors", add_actors),
        _string_list("drop_actors", drop_actors),
    )
    return LinkageReport(native, _check_integer("deals", deals, 0, 10**6))


# -- Brief --------------------------------------------------------------------------------


class Brief(_Report):
    """The one-page answer of `parley brief`: per issue the forecast, the spread across
    models, who decides and what moved the decider; linkage; agenda edits; what the answer
    hinges on. `table()` and `markdown()` print it as the command does, `to_json()` /
    `to_dict()` hold every number."""

    _what = "Brief"
    _native_texts = ("to_json", "to_table", "to_markdown")

    def markdown(self):
        """The brief as markdown (`parley brief --format markdown`)."""
        return self._native.to_markdown()

    def to_csv(self):
        raise NotImplementedError("a brief has no tidy CSV; use to_json() or to_dict()")


def brief(scenario, *, runs=1000, seed=1, threads=0, sensitivity_model="compromise", errors=None):
    """The one-page answer to an analyst's questions (`parley brief`).

    Args:
        scenario: a Scenario, a path or a dict in the schema.
        runs: ensemble runs for the input-uncertainty ranges (`--runs`; 0 = none).
        seed: seed of the ensemble and the sensitivity analysis (`--seed`).
        threads: 0 = every core (`--threads`); the brief does not depend on it.
        sensitivity_model: the model whose tornado says what the answer hinges on
            (`--sensitivity-model`).
        errors: an error model ("deu3" or a file, `--errors`): each issue's range with the
            ensemble model's own error as well.
    """
    scenario = as_scenario(scenario)
    native = _parley.brief(
        scenario._native,
        _check_integer("runs", runs, 0, 10**9),
        _check_integer("seed", seed, 0, 2**64 - 1),
        _check_integer("threads", threads, 0, 4096),
        str(sensitivity_model),
        "" if errors is None else os.fspath(errors),
    )
    return Brief(native)


# -- Leverage -----------------------------------------------------------------------------


class LeverageReport(_Report):
    """Asymmetric trade dependence (see `parley.leverage`)."""

    _what = "LeverageReport"
    _text_columns = (
        "actor_iso3",
        "actor_name",
        "total_source",
        "partner_iso3",
        "partner_name",
    )

    @property
    def rows(self):
        """Per year, the actor's (or every ranked country's) figures: a list of dicts."""
        return self.to_dict()["rows"]

    def to_frame(self):
        """One row per year, actor and partner, the columns of `parley leverage --format
        csv`. Needs pandas."""
        return self.tidy_frame()

    to_pandas = to_frame

    def __repr__(self):
        return f"<parley.LeverageReport {len(self.rows)} rows>"


def leverage(files, *, year=None, years=None, actor=None, top=10, substitution=0.0, sanction=None):
    """Asymmetric trade dependence from trade data files (`parley leverage`).

    Args:
        files: a path or a list of paths: COW dyadic or national (.csv or .csv.gz), tidy
            (reporter,partner,year,exports,imports) or GDP (country,year,gdp) tables,
            merged in the order given.
        year: one year (`--year`; default: the latest in the data).
        years: a range, "Y1-Y2" or (Y1, Y2): a time series (`--years`); not with `year`.
        actor: a country (COW code, ISO3 or name) whose partners are listed; without it,
            countries are ranked by concentration (`--actor`).
        top: partners (or countries) listed, 1 to 1000 (`--top`).
        substitution: the share of cut trade that can be re-routed, 0 to 1.
        sanction: the cost if each partner cut this share of its trade with the actor.
    """
    if year is not None and years is not None:
        raise ValueError("give year or years, not both (as --year excludes --years)")
    if isinstance(years, (tuple, list)):
        if len(years) != 2:
            raise ValueError(f"years is {years!r}; expected (first, last) or 'Y1-Y2'")
        years = f"{years[0]}-{years[1]}"
    native = _parley.leverage(
        _string_list("files", files),
        None if year is None else _check_integer("year", year, -(1 << 31), (1 << 31) - 1),
        "" if years is None else str(years),
        "" if actor is None else str(actor),
        _check_integer("top", top, 1, 1000),
        _check_fraction("substitution", substitution),
        None if sanction is None else _check_fraction("sanction", sanction),
    )
    return LeverageReport(native)


# -- Validation ---------------------------------------------------------------------------


class ValidationReport(_Report):
    """A backtest on issues with known outcomes (see `parley.validate`)."""

    _what = "ValidationReport"
    _text_columns = ("model", "spec", "group_kind", "group")
    _native_texts = ("to_json", "to_csv", "to_table", "predictions_csv")

    @property
    def accuracy(self):
        """Model label -> its overall accuracy {n, mae, rmse, median_ae, within10} and the
        scores of its cross-validated predictive distribution {crps, coverage50, coverage80,
        coverage90, width80, pit}."""
        return {model["model"]: model["overall"] for model in self.to_dict()["models"]}

    def to_frame(self):
        """Accuracy per model, overall and by procedure and voting rule, the columns of
        `parley validate --format csv`: model, spec, group_kind, group, n, failed, mae,
        rmse, median_ae, within10, crps, coverage50, coverage80, coverage90, width80. Needs
        pandas."""
        return self.tidy_frame()

    to_pandas = to_frame

    def predictions_csv(self):
        """Every forecast, as `parley validate --predictions FILE` writes them."""
        return self._native.predictions_csv()

    def predictions_frame(self):
        """Every forecast as a DataFrame: model, proposal, issue, procedure, voting_rule,
        reference_point, outcome, forecast, error, failure. Needs pandas."""
        return _frames.read_tidy_csv(
            self._native.predictions_csv(),
            "ValidationReport.predictions_frame()",
            ("model", "proposal", "issue", "procedure", "voting_rule", "failure"),
        )

    def __repr__(self):
        return f"<parley.ValidationReport {', '.join(self.accuracy)}>"


def validate(data, *, models=None, capabilities="equal", folds=10, procedure="both",
             fit_errors=None):
    """Backtests models on a DEU table of issues with known outcomes (`parley validate`).

    Args:
        data: path of the DEU table (tab-separated).
        models: spec strings, or "status-quo", "commission", "blend-cv" (`--model`);
            None = every registered model, the cross-validated blend and the baselines.
        capabilities: "equal", "file" (the capability row), "nice" (Council votes) or a
            file of "actor<TAB>capability" lines (`--capabilities`).
        folds: cross-validation folds for blend-cv, 2 to 1000 (`--folds`).
        procedure: "both" (each model without, then with each issue's legislative
            procedure as its decision rule, rows "<model> +procedure"), "with" or "without"
            (`--procedure`).
        fit_errors: a path: write every model's error distribution there, for
            `ensemble(..., errors=path)` (`--fit-errors`).
    """
    native = _parley.validate(
        os.fspath(data),
        [] if models is None else _string_list("models", models),
        os.fspath(capabilities),
        _check_integer("folds", folds, 2, 1000),
        str(procedure),
    )
    if fit_errors is not None:
        with open(os.fspath(fit_errors), "w", encoding="utf-8") as out:
            out.write(native.error_model(os.fspath(data)))
    return ValidationReport(native)
