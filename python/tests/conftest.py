"""Shared paths and scenarios for the tests of the Python module.

ctest runs these with PYTHONPATH pointing at the build tree's python/ directory and sets
PARLEY_BINARY (the command line, to compare messages and output), PARLEY_SOURCE_DIR and
PARLEY_SHARED_DIR (the reference data, ../shared, which a user's clone may not have).
"""

import os
import pathlib
import subprocess

import pytest

SOURCE_DIR = pathlib.Path(
    os.environ.get("PARLEY_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2])
)
SHARED_DIR = pathlib.Path(os.environ.get("PARLEY_SHARED_DIR", SOURCE_DIR.parent / "shared"))
FLAGSHIP = SOURCE_DIR / "examples" / "korea-2017.yaml"

# A small scenario whose forecasts are worked out by hand in test_models.py.
HAND_MADE = {
    "parley": 1,
    "name": "hand-made",
    "actors": [
        {"id": "A", "capability": 2},
        {"id": "B", "capability": 1},
        {"id": "C", "capability": 1},
    ],
    "issues": [
        {
            "id": "x",
            "status_quo": 50,
            "positions": {"A": [20, 1.0], "B": [80, 0.5], "C": [60, 1.0]},
        },
        {
            "id": "y",
            "scale": {"min": -10, "max": 10, "min_label": "left", "max_label": "right"},
            "positions": {"A": [-10, 0.5], "B": [10, 0.5]},
        },
    ],
}


def shared_file(relative):
    """A file of ../shared, or a skip saying it is absent."""
    path = SHARED_DIR / relative
    if not path.exists():
        pytest.skip(f"{path} absent (../shared)")
    return path


@pytest.fixture(scope="session")
def parley_binary():
    """The command-line program, or a skip when PARLEY_BINARY is not set."""
    binary = os.environ.get("PARLEY_BINARY")
    if not binary or not os.path.exists(binary):
        pytest.skip("PARLEY_BINARY not set (ctest sets it)")
    return binary


@pytest.fixture
def run_cli(parley_binary):
    """Runs `parley ARGS...`; returns (exit status, stdout, stderr)."""

    def run(*args):
        completed = subprocess.run(
            [parley_binary, *map(str, args)], capture_output=True, text=True, check=False
        )
        return completed.returncode, completed.stdout, completed.stderr

    return run
