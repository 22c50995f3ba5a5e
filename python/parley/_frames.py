"""Helpers for pandas, which parley uses only when a DataFrame is asked for."""

import io

import numpy as np


def require_pandas(what):
    """Returns the pandas module, or raises ImportError saying what needed it."""
    try:
        import pandas
    except ImportError as error:
        raise ImportError(
            f"{what} needs pandas, which is not installed "
            "(Debian: apt-get install python3-pandas; elsewhere: pip install pandas); "
            "the same data is available without pandas as dicts and numpy arrays"
        ) from error
    return pandas


def frame(columns, what):
    """A DataFrame from a dict of equally long columns (lists or numpy arrays)."""
    pandas = require_pandas(what)
    return pandas.DataFrame({name: _column(values) for name, values in columns.items()})


def _column(values):
    # Empty lists would become object columns; numpy arrays keep their dtype.
    return values if isinstance(values, np.ndarray) else list(values)


def read_tidy_csv(text, what, text_columns):
    """Reads one of the library's tidy CSV tables as the command line writes it.

    Numbers are parsed exactly (the library writes the shortest text that reads back to
    the same double); `text_columns` stay strings, with blanks as "" rather than NaN, so
    an issue id such as "1" is not turned into a number.
    """
    pandas = require_pandas(what)
    data = pandas.read_csv(
        io.StringIO(text),
        dtype={name: str for name in text_columns},
        keep_default_na=False,
        na_values=[""],
        float_precision="round_trip",
    )
    for name in text_columns:
        if name in data.columns:
            data[name] = data[name].fillna("")
    return data
