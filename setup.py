"""Builds the Python package `parley` for `pip install .` (see pyproject.toml).

The pure-Python layer (python/parley/*.py) is copied as it is; the compiled module
parley._parley is built by the project's CMake build (target _parley, python/CMakeLists.txt)
and copied into the package. Two ways:

- By default a CMake build tree of its own, build-python/cmake (Release, without the tests
  and benchmarks), configured once and then built incrementally by the next `pip install`.
  The first build compiles the whole library: several minutes on two cores.
- PARLEY_CMAKE_BUILD_DIR=DIR reuses a configured build tree, e.g. `build` of `make`: only
  `cmake --build DIR --target _parley` runs (nothing to do when it is up to date) and the
  module is copied from DIR/python/parley. DIR's module must be for the Python that runs pip
  (the one CMake found; `make` builds for /usr/bin/python3).

PARLEY_CMAKE_ARGS adds arguments to the configure step of the first way, e.g.
"-DPARLEY_NODE_MODULES=/path/to/node_modules" where `npm ci` cannot reach its registry.
CMAKE_BUILD_PARALLEL_LEVEL sets the build's jobs (default: every core).

The version is the library's, include/parley/version.h (checked against CMakeLists.txt).
"""

import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


def project_version():
    """kVersion of include/parley/version.h, which must equal CMake's project version."""
    header = (ROOT / "include" / "parley" / "version.h").read_text()
    found = re.search(r'kVersion\s*=\s*"([^"]+)"', header)
    cmake_lists = (ROOT / "CMakeLists.txt").read_text()
    cmake = re.search(r"project\(parley\s+VERSION\s+([0-9.]+)", cmake_lists)
    if not found or not cmake:
        sys.exit("setup.py: no version in include/parley/version.h or CMakeLists.txt")
    if found.group(1) != cmake.group(1):
        sys.exit(
            f"setup.py: include/parley/version.h says {found.group(1)} but CMakeLists.txt "
            f"says {cmake.group(1)}; make them agree"
        )
    return found.group(1)


def build_base():
    """Where setuptools keeps its build files: inside the reused CMake tree, else
    build-python/ in the source tree (ignored by git, like every build-*/)."""
    reused = os.environ.get("PARLEY_CMAKE_BUILD_DIR")
    base = pathlib.Path(reused).resolve() / "python-setuptools" if reused else ROOT / "build-python"
    base.mkdir(parents=True, exist_ok=True)
    return str(base)


class CMakeBuild(build_ext):
    """Builds parley._parley with CMake instead of compiling sources itself."""

    def build_extension(self, ext):
        target = pathlib.Path(self.get_ext_fullpath(ext.name)).resolve()
        reused = os.environ.get("PARLEY_CMAKE_BUILD_DIR")
        if reused:
            tree = pathlib.Path(reused).resolve()
            if not (tree / "CMakeCache.txt").is_file():
                sys.exit(f"setup.py: PARLEY_CMAKE_BUILD_DIR={reused} is no configured CMake build")
        else:
            tree = pathlib.Path(self.build_temp).resolve() / "cmake"
            self.configure(tree)
        self.command(["cmake", "--build", str(tree), "--target", "_parley", *self.jobs()])
        built = tree / "python" / "parley" / ("_parley" + sysconfig.get_config_var("EXT_SUFFIX"))
        if not built.is_file():
            others = ", ".join(sorted(path.name for path in built.parent.glob("_parley*")))
            sys.exit(
                f"setup.py: {built} was not built"
                + (f"; {built.parent} holds {others}, for another Python" if others else "")
                + f" (this is {sys.executable}, Python {sysconfig.get_python_version()})"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)
        shutil.copymode(built, target)

    def configure(self, tree):
        """Configures the build tree once (CMake reruns itself when its inputs change), and
        again for another Python (e.g. another virtual environment's)."""
        self.require_numpy()
        cache = tree / "CMakeCache.txt"
        python = f"Python_EXECUTABLE:FILEPATH={sys.executable}\n"
        if cache.is_file() and python in cache.read_text():
            return
        tree.mkdir(parents=True, exist_ok=True)
        arguments = [
            "cmake",
            "-S",
            str(ROOT),
            "-B",
            str(tree),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DPARLEY_TESTS=OFF",
            "-DPARLEY_BENCH=OFF",
            "-DPARLEY_PYTHON=ON",
            f"-DPython_EXECUTABLE={sys.executable}",
            *shlex.split(os.environ.get("PARLEY_CMAKE_ARGS", "")),
        ]
        try:
            self.command(arguments)
        except BaseException:
            cache.unlink(missing_ok=True)  # configure again next time
            raise

    @staticmethod
    def require_numpy():
        try:
            import numpy  # noqa: F401
        except ImportError:
            sys.exit(
                f"setup.py: {sys.executable} has no numpy, which parley needs to build and run. "
                "On Debian: apt-get install python3-numpy, and make the virtual environment with "
                "`python3 -m venv --system-site-packages` so that it sees the system's packages; "
                "install with `pip install --no-build-isolation .`"
            )

    @staticmethod
    def jobs():
        if os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL"):
            return []
        return ["-j", str(os.cpu_count() or 2)]

    @staticmethod
    def command(arguments):
        print("setup.py:", shlex.join(arguments), flush=True)
        if shutil.which(arguments[0]) is None:
            sys.exit("setup.py: cmake not found (scripts/install-deps.sh installs it)")
        subprocess.run(arguments, check=True)


setup(
    version=project_version(),
    ext_modules=[Extension("parley._parley", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": build_base()}, "egg_info": {"egg_base": build_base()}},
)
