"""The README's Python section: its code cells, and running them as written.

The ```python cells run in order in one namespace; a cell followed by a ```text block must
print exactly that (trailing spaces aside, which editors strip). test_readme.py runs them
under pytest from the build tree; pip_install_check.py runs this file as a script in a
virtual environment that `pip install .` made:

    python readme_cells.py README.md [--package-under DIR]

runs the cells from the current directory and exits 1 at the first cell that fails or
prints something else; with --package-under it first checks that `import parley` comes
from under DIR. Only the standard library here: a fresh environment may lack pytest.
"""

import contextlib
import io
import pathlib
import re
import sys

CELL = re.compile(r"```python\n(.*?)```\n(?:\n```text\n(.*?)```\n)?", re.DOTALL)


def python_section(readme):
    """The text of README.md's "## Python" section (`readme`: the file's path)."""
    text = pathlib.Path(readme).read_text()
    match = re.search(r"^## Python\n(.*?)(?=^## )", text, re.DOTALL | re.MULTILINE)
    assert match, f"{readme} has no '## Python' section"
    return match.group(1)


def cells(readme):
    """The section's (code, expected output or "") pairs, in order."""
    found = [(code, output) for code, output in CELL.findall(python_section(readme))]
    assert found, f"the Python section of {readme} has no ```python cell"
    return found


def normalise(text):
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def run_cells(found):
    """Runs the cells in order in one namespace, from the current directory; yields (cell
    number from 1, what it printed, what the README shows or None), both normalised."""
    namespace = {"__name__": "readme"}
    for index, (code, expected) in enumerate(found):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"README.md, Python cell {index + 1}", "exec"), namespace)
        yield index + 1, normalise(printed.getvalue()), normalise(expected) if expected else None


def main(arguments):
    if len(arguments) not in (1, 3) or (len(arguments) == 3 and arguments[1] != "--package-under"):
        print("usage: readme_cells.py README.md [--package-under DIR]", file=sys.stderr)
        return 2
    if len(arguments) == 3:
        import parley

        prefix = pathlib.Path(arguments[2]).resolve()
        for module in (parley, parley._parley):
            path = pathlib.Path(module.__file__).resolve()
            if prefix not in path.parents:
                print(f"{module.__name__} comes from {path}, not from under {prefix}")
                return 1
    found = cells(arguments[0])
    for number, printed, expected in run_cells(found):
        if expected is not None and printed != expected:
            print(f"README.md, Python cell {number} printed\n{printed}\ninstead of\n{expected}")
            return 1
    print(f"{arguments[0]}: {len(found)} Python cells ran as written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
