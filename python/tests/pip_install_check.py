"""`pip install .` into a fresh virtual environment, then `import parley` and the README's
Python section there (ctest: python_pip_install).

    pip_install_check.py SOURCE_DIR BUILD_DIR WORK_DIR

1. WORK_DIR/venv: `python -m venv --system-site-packages` with this Python (the one the
   CMake build tree BUILD_DIR built the module for), so that it sees Debian's numpy.
2. `pip install --no-build-isolation --no-index SOURCE_DIR` into it: offline, with the
   system's setuptools and wheel, reusing BUILD_DIR (PARLEY_CMAKE_BUILD_DIR, see setup.py).
3. From a new directory outside both trees, without PYTHONPATH: `python -c "import parley"`
   must import the venv's package, compiled module included, and the README's Python
   section must run as written (readme_cells.py; examples/ is copied there, as the README's
   paths are relative to the project directory).

Exits 77, which ctest reports as skipped, when this Python cannot make a virtual environment
with pip (Debian: python3-venv) or lacks pandas (python3-pandas), which the README shows;
scripts/install-deps.sh installs both.
"""

import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77


def run(what, arguments, **options):
    """Runs a step, printing one line with its duration; its output only on failure."""
    print(f"== {what}: {' '.join(map(str, arguments))}", flush=True)
    started = time.monotonic()
    completed = subprocess.run(
        [str(argument) for argument in arguments],
        capture_output=True,
        text=True,
        check=False,
        **options,
    )
    print(f"   {time.monotonic() - started:.1f} s, exit status {completed.returncode}", flush=True)
    return completed


def show_output(completed):
    sys.stdout.write(completed.stdout[-20000:])
    sys.stdout.write(completed.stderr[-20000:])


def clean_environment():
    """The environment without what would let Python find parley elsewhere."""
    environment = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTHONUSERBASE"):
        environment.pop(name, None)
    for name in [name for name in environment if name.startswith("PARLEY_")]:
        environment.pop(name)
    return environment


def main(source, build, work):
    source, build, work = (pathlib.Path(path).resolve() for path in (source, build, work))
    try:
        import pandas  # noqa: F401
    except ImportError:
        print(f"skipped: {sys.executable} has no pandas (python3-pandas), which the README shows")
        return SKIP

    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    venv = work / "venv"
    made = run(
        "virtual environment",
        [sys.executable, "-m", "venv", "--system-site-packages", venv],
        env=clean_environment(),
    )
    if made.returncode != 0:
        show_output(made)
        if "ensurepip" in made.stdout + made.stderr:
            print(f"skipped: {sys.executable} cannot make a virtual environment (python3-venv)")
            return SKIP
        return 1
    python = venv / "bin" / "python"

    environment = clean_environment()
    environment.update(
        PARLEY_CMAKE_BUILD_DIR=str(build), PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1"
    )
    pip = [python, "-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-cache-dir"]
    installed = run("pip install", [*pip, source], env=environment, cwd=source)
    if installed.returncode != 0:
        show_output(installed)
        return 1

    outside = pathlib.Path(tempfile.mkdtemp(prefix="parley-pip-check-")).resolve()
    try:
        for tree in (source, build):
            if outside == tree or tree in outside.parents:
                print(f"the temporary directory {outside} is inside {tree}; set TMPDIR elsewhere")
                return 1
        shutil.copytree(source / "examples", outside / "examples")
        environment = clean_environment()
        imported = run(
            "import parley",
            [python, "-c", "import parley; print(parley.__file__); print(parley._parley.__file__)"],
            env=environment,
            cwd=outside,
        )
        if imported.returncode != 0:
            show_output(imported)
            return 1
        for line in imported.stdout.split():
            path = pathlib.Path(line).resolve()
            print(f"   {path}")
            if venv.resolve() not in path.parents:
                print(f"parley was imported from {path}, not from the virtual environment {venv}")
                return 1
        readme = run(
            "README.md, section Python",
            [
                python,
                source / "python" / "tests" / "readme_cells.py",
                source / "README.md",
                "--package-under",
                venv,
            ],
            env=environment,
            cwd=outside,
        )
        show_output(readme)
        return 0 if readme.returncode == 0 else 1
    finally:
        shutil.rmtree(outside, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print("usage: pip_install_check.py SOURCE_DIR BUILD_DIR WORK_DIR", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
