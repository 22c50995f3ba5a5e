#!/usr/bin/env bash
# Whole-process timing: `parley run SCENARIO --model SPEC` against a reference command.
#
#   bench/compare.sh [-r RUNS] [-p PARLEY] SCENARIO SPEC -- REFERENCE COMMAND...
#
# e.g. (the Python replication of the expected utility model, 10 rounds):
#   bench/compare.sh data.csv 'eum(preset=replication)' -- \
#       python3.10 -W ignore bdm_scholz_model.py data.csv 10
#
# The other peers, when a user has them (each runs its own input format):
#   KTAB's SMP (github.com/KAPSARC/KTAB, built from source; smpc reads KTAB CSV):
#     bench/compare.sh EC-10.csv smp -- smpc --csv EC-10.csv
#   decide's exchange model (github.com/foarsitter/decide-exchange-model; Python; its CLI
#   decide-cli, or the driver described in tests/data/exchange/README.md), 10 rounds,
#   against parley in decide's own arithmetic:
#     bench/compare.sh cop21.csv 'exchange(arithmetic=decimal)' -- \
#         decide-cli --input-file cop21.csv --iterations 10 --output-dir /tmp/decide
#   Check each peer's --help for its flags; only the timing is this script's.
#
# Uses hyperfine when installed (warm-up run, mean +- sd); otherwise a bash loop timing
# each run with `date +%s.%N` and reporting mean, min and max. PARLEY defaults to
# $PARLEY or the first of build/parley, build-eum/parley under the project root.
set -euo pipefail

runs=10
parley="${PARLEY:-}"
while getopts "r:p:h" option; do
  case "$option" in
    r) runs="$OPTARG" ;;
    p) parley="$OPTARG" ;;
    *) sed -n '2,21p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [[ $# -lt 4 || "$3" != "--" ]]; then
  sed -n '2,21p' "$0" >&2
  exit 2
fi
scenario="$1"
spec="$2"
shift 3
reference=("$@")

root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -z "$parley" ]]; then
  for candidate in "$root/build/parley" "$root/build-eum/parley"; do
    if [[ -x "$candidate" ]]; then parley="$candidate"; break; fi
  done
fi
if [[ -z "$parley" || ! -x "$parley" ]]; then
  echo "compare.sh: no parley binary (build it, or pass -p PATH / set PARLEY)" >&2
  exit 2
fi
parley_command=("$parley" run "$scenario" --model "$spec")

# Check both commands run before timing them.
"${parley_command[@]}" > /dev/null
"${reference[@]}" > /dev/null

quote() { printf '%q ' "$@"; }

if command -v hyperfine > /dev/null; then
  exec hyperfine --warmup 1 --runs "$runs" \
    --command-name parley "$(quote "${parley_command[@]}")" \
    --command-name reference "$(quote "${reference[@]}")"
fi

# Fallback: wall time of each run, in seconds.
time_runs() {
  local start end
  local -a times=()
  for ((run = 0; run < runs; ++run)); do
    start=$(date +%s.%N)
    "$@" > /dev/null
    end=$(date +%s.%N)
    times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f", e - s }')")
  done
  printf '%s\n' "${times[@]}" | awk '
    { sum += $1; if (NR == 1 || $1 < min) min = $1; if (NR == 1 || $1 > max) max = $1 }
    END { printf "mean %.4f s  min %.4f s  max %.4f s  (%d runs)\n", sum / NR, min, max, NR }'
}

echo "parley:    $(quote "${parley_command[@]}")"
parley_line=$(time_runs "${parley_command[@]}")
echo "           $parley_line"
echo "reference: $(quote "${reference[@]}")"
reference_line=$(time_runs "${reference[@]}")
echo "           $reference_line"
awk -v p="$parley_line" -v r="$reference_line" 'BEGIN {
  split(p, a, " "); split(r, b, " ");
  if (a[2] > 0) printf "reference / parley (mean): %.1fx\n", b[2] / a[2] }'
