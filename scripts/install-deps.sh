#!/usr/bin/env bash
# Installs the Debian 12 packages parley needs to build and test, skipping those present.
# Idempotent: a second run installs nothing and does not touch the network.
# Usage: scripts/install-deps.sh [--fuzz]   (--fuzz adds clang and libFuzzer's runtime)
set -euo pipefail

packages=(
  cmake make g++ pkg-config
  libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libfmt-dev libeigen3-dev
  libgtest-dev libgmock-dev libbenchmark-dev libpcg-cpp-dev zlib1g-dev
  libboost-dev libtbb-dev libopenmpi-dev openmpi-bin
  # The run store (parley runs): SQLite through SQLiteCpp, PostgreSQL through libpqxx; the
  # server itself for the throwaway cluster the store tests start (tests/postgresql_cluster.sh).
  libsqlitecpp-dev libpqxx-dev postgresql
  # parley studio's local HTTP server (header-only cpp-httplib).
  libcpp-httplib-dev
  # The Python module (python/): built against the system interpreter, /usr/bin/python3.
  python3-dev pybind11-dev python3-numpy python3-pytest python3-pandas
  # `pip install .` (setup.py) offline, tested in a fresh venv: pip, the setuptools backend
  # and wheel from Debian, and venv (ensurepip).
  python3-pip python3-setuptools python3-wheel python3-venv
  # The HTML report's browser test: Debian's headless Chromium.
  chromium
)
# npm installs the chart libraries of HTML reports at build time. Where Node.js came from
# elsewhere (e.g. NodeSource, whose nodejs ships its own npm), Debian's npm conflicts with
# it: take Debian's only when there is no node or npm at all.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  packages+=(nodejs npm)
fi
if [[ "${1:-}" == "--fuzz" ]]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "parley: installing missing packages: ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
