"""The model registry: which models exist and how spec strings resolve."""

from typing import NamedTuple

from . import _parley


class ModelSpec(NamedTuple):
    """A spec string parsed and checked against its model's descriptor.

    Attributes:
        name: the model's registry name, e.g. "eum".
        text: the canonical spec with every parameter, defaults filled in, e.g.
            "nash(utility=quadratic,weights=capability,no_status_quo=worst,tolerance=1e-09)".
            Parameters that depend on others are settled too (eum: each one left at
            "preset" takes the preset's value), so the text is what `Result.spec` records.
        parameters: parameter name -> value as a spec writes it, in name order.
    """

    name: str
    text: str
    parameters: dict


def models():
    """The registered models, in the order `parley models` lists them.

    Returns:
        A list of dicts, one per model, with keys name, summary, citation and params; each
        param is a dict with keys name, type ("real", "integer", "boolean" or "choice"),
        default (as a spec writes it), min and max (None unless real or integer), choices
        (empty unless choice) and help.
    """
    return _parley.models()


def model_names():
    """The registry names of the models, e.g. ["compromise", "median", ...]."""
    return [descriptor["name"] for descriptor in _parley.models()]


def default_models(scenario):
    """The models that run when none is named, for this scenario: every model that applies
    to it (blend only on EU legislative scenarios, with actors "com" and "ep")."""
    return list(_parley.default_models(scenario._native))


def resolve_spec(spec):
    """Parses a spec string such as "eum(preset=replication)" without running anything.

    Raises:
        InputError (a ValueError): unknown model or parameter, or a value out of range;
            the message is the one `parley run --model SPEC` prints.
    """
    name, text, parameters = _parley.resolve_spec(spec)
    return ModelSpec(name, text, dict(parameters))
