"""The README's Python section runs as written and prints what it shows.

Its ```python cells run in order in one namespace, from the project directory; a cell
followed by a ```text block must print exactly that (trailing spaces aside, which editors
strip).
"""

import contextlib
import io
import re

import pytest

from conftest import SOURCE_DIR

CELL = re.compile(r"```python\n(.*?)```\n(?:\n```text\n(.*?)```\n)?", re.DOTALL)


def python_section():
    readme = (SOURCE_DIR / "README.md").read_text()
    match = re.search(r"^## Python\n(.*?)(?=^## )", readme, re.DOTALL | re.MULTILINE)
    assert match, "README.md has no '## Python' section"
    return match.group(1)


def cells():
    found = [(code, output) for code, output in CELL.findall(python_section())]
    assert found, "the README's Python section has no ```python cell"
    return found


def normalise(text):
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def test_readme_python_section_runs_as_written(monkeypatch):
    pytest.importorskip("pandas")  # the section shows DataFrames
    monkeypatch.chdir(SOURCE_DIR)
    namespace = {"__name__": "readme"}
    for index, (code, expected) in enumerate(cells()):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"README.md, Python cell {index + 1}", "exec"), namespace)
        if expected:
            assert normalise(printed.getvalue()) == normalise(expected), f"cell {index + 1}"
