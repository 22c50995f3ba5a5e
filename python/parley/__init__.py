"""parley: forecasts of multi-party, multi-issue negotiations, from Python.

The same C++ library as the `parley` command line, with the same models, validation and
messages. A typical session:

    >>> import parley
    >>> scenario = parley.load("examples/korea-2017.yaml")
    >>> result = scenario.run("eum(preset=replication)")
    >>> result.forecast                        # issue -> forecast position
    >>> result.to_frame()                      # a pandas DataFrame
    >>> report = parley.ensemble(scenario, "compromise", runs=1000, seed=1)
    >>> report.to_frame()

Scenarios come from files (`load`), dicts in the YAML/JSON schema (`Scenario.from_dict`) or
tidy columns (`Scenario.from_columns`, which also takes a DataFrame). `models()` lists the
models; a model is chosen by a spec string, `name(param=value,...)`, and every result records
the resolved spec, the seed of stochastic models and the scenario's content hash.

The command line's analyses are functions with its options as keyword arguments:
`ensemble`, `sensitivity`, `linkage`, `leverage`, `validate` and `report`.

`Store(uri)` opens a run store (a SQLite file or a postgresql:// URI), the one the command
line's `--store URI` writes: `runs()`, `forecasts()` and `diff(a, b)` give DataFrames, and
`save(scenario, results)` (or `run(..., store=uri)`) keeps Python's runs next to the command
line's.

Scenarios, results, analysis reports and stored runs pickle (by value), so they travel to
other processes, e.g. with multiprocessing or concurrent.futures; a corrupted pickle raises
pickle.UnpicklingError.

Bad input raises `parley.InputError`, a ValueError whose message is exactly what the command
line prints after "parley: error: ". Results are dicts and numpy arrays; `to_frame()` gives
pandas DataFrames when pandas is installed (ImportError otherwise).
"""

from . import _parley
from ._analysis import (
    Brief,
    EnsembleReport,
    LeverageReport,
    LinkageReport,
    SensitivityReport,
    ValidationReport,
    ensemble,
    leverage,
    linkage,
    report,
    sensitivity,
    validate,
    brief,
)
from ._models import ModelSpec, default_models, model_names, models, resolve_spec
from ._result import Result, Results
from ._scenario import Actor, Issue, Scenario, as_scenario, load
from ._store import RunDiff, Store, StoredRun
from ._store import save_results as _save_results

__version__ = _parley.__version__

InputError = _parley.InputError
InputError.__module__ = "parley"
InputError.__doc__ = """Bad input: a malformed scenario, an invalid value, an unknown name or spec.

A ValueError. str(error) is the message the command line prints after "parley: error: ";
the attributes file, line, column (0 when unknown) and field say where the problem is.
"""


def run(scenario, spec=None, *, store=None):
    """Runs a model spec, or a list of specs, on a scenario (`parley run`).

    Args:
        scenario: a Scenario, a path or a dict in the schema.
        spec: e.g. "eum(preset=replication)" (see `models()`), a list of specs, or None
            (the default) for every registered model, as `parley run` does.
        store: a Store, or a store's URI (a SQLite file or a postgresql:// URI), to keep
            the run in as `parley run --store URI` does (command "run"); None keeps nothing.
            `Store.save` does the same and returns the new run's id.

    Returns:
        A Result for one spec; Results (a list of Result) for a list of specs or None.
    """
    scenario = as_scenario(scenario)
    results = scenario.run(spec)
    if store is not None:
        _save_results(store, scenario, results, "run")
    return results


__all__ = [
    "Actor",
    "EnsembleReport",
    "InputError",
    "Issue",
    "Brief",
    "LeverageReport",
    "LinkageReport",
    "ModelSpec",
    "Result",
    "Results",
    "RunDiff",
    "Scenario",
    "SensitivityReport",
    "Store",
    "StoredRun",
    "ValidationReport",
    "brief",
    "ensemble",
    "leverage",
    "linkage",
    "load",
    "model_names",
    "default_models",
    "models",
    "report",
    "resolve_spec",
    "run",
    "sensitivity",
    "validate",
]
