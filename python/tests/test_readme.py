"""The README's Python section runs as written and prints what it shows.

Its ```python cells run in order in one namespace, from the project directory; a cell
followed by a ```text block must print exactly that (trailing spaces aside, which editors
strip). readme_cells.py finds and runs them (pip_install_check.py runs them too, in a
virtual environment that `pip install .` made).
"""

import pytest

from conftest import SOURCE_DIR
from readme_cells import cells, run_cells


def test_readme_python_section_runs_as_written(monkeypatch):
    pytest.importorskip("pandas")  # the section shows DataFrames
    monkeypatch.chdir(SOURCE_DIR)
    for number, printed, expected in run_cells(cells(SOURCE_DIR / "README.md")):
        if expected is not None:
            assert printed == expected, f"cell {number}"
