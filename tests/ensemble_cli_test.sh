#!/usr/bin/env bash
# End-to-end checks of `parley ensemble` and `parley sensitivity`: outputs, determinism
# across threads, no progress bar when stderr is not a terminal, exit 2 on bad input.
# Usage: ensemble_cli_test.sh PATH/TO/parley PROJECT_DIR
set -u
source "$(dirname "$0")/cli_lib.sh"
cli_setup ensemble_cli "$1" "$2"

# The flagship, with relative noise unless it already declares uncertainty.
flagship=$work/korea.yaml
cp "$project/examples/korea-2017.yaml" "$flagship"
grep -q '^uncertainty:' "$flagship" || echo 'uncertainty: {relative_noise: 0.05}' >>"$flagship"

check "ensemble table" 0 "$parley" ensemble "$flagship" --model eum --runs 200 --seed 3
contains "table has the header" "$work/out" "Ensemble: 200 runs, seed 3"
contains "table has an issue" "$work/out" "nk-pressure"
contains "table has moves" "$work/out" "share of runs with a move"
empty "piped: no progress bar" "$work/err"

check "ensemble json 1 thread" 0 "$parley" ensemble "$flagship" -m compromise -m nash \
  --runs 1500 --seed 9 --threads 1 --threshold 'nk-pressure>=60' --format json -o "$work/one.json"
check "ensemble json 2 threads" 0 "$parley" ensemble "$flagship" -m compromise -m nash \
  --runs 1500 --seed 9 --threads 2 --threshold 'nk-pressure>=60' --format json -o "$work/two.json"
if cmp -s "$work/one.json" "$work/two.json"; then passes=$((passes + 1)); else
  echo "FAIL json differs between 1 and 2 threads"; failures=$((failures + 1)); fi
python3 - "$work/one.json" <<'PY' || failures=$((failures + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["ensemble"]["runs"] == 1500 and doc["ensemble"]["seed"] == 9, doc["ensemble"]
assert len(doc["ensemble"]["input_hash"]) == 16
assert [r["model"] for r in doc["results"]] == ["compromise", "nash"]
for result in doc["results"]:
    assert "(" in result["spec"]
    for issue in result["issues"]:
        q = issue["quantiles"]
        assert issue["min"] <= q["p05"] <= q["p25"] <= q["p50"] <= q["p75"] <= q["p95"] <= issue["max"]
        assert sum(issue["histogram"]) == 1500
    assert 0 <= result["thresholds"][0]["probability"] <= 1
PY

check "ensemble csv" 0 "$parley" ensemble "$flagship" -m median --runs 100 --format csv --quiet
contains "csv header" "$work/out" "model,spec,issue,actor,statistic,value,seed,runs,input_hash"
contains "csv p95 row" "$work/out" ",p95,"

check "sensitivity" 0 "$parley" sensitivity "$flagship" --model compromise --runs 64 --bootstrap 20
contains "sensitivity table" "$work/out" "S_Ti (se)"
empty "sensitivity piped: no progress bar" "$work/err"

# A terminal gets a bar (when `script` can provide one).
if command -v script >/dev/null; then
  script -qec "$parley ensemble $flagship -m compromise --runs 5000 -o $work/tty.txt" /dev/null \
    >"$work/tty" 2>&1
  contains "terminal: progress bar" "$work/tty" "5000/5000"
  script -qec "$parley ensemble $flagship -m compromise --runs 500 --quiet -o $work/tty.txt" \
    /dev/null >"$work/tty" 2>&1
  empty "terminal with --quiet: no bar" "$work/tty"
fi

# Bad input: exit 2 and a message naming the problem.
check "no model" 2 "$parley" ensemble "$flagship" --runs 10
check "zero runs" 2 "$parley" ensemble "$flagship" -m compromise --runs 0
check "bad threshold" 2 "$parley" ensemble "$flagship" -m compromise --threshold 'nk-pressure=60'
contains "threshold message" "$work/err" "--threshold: 'nk-pressure=60' has no comparison"
check "unknown threshold issue" 2 "$parley" ensemble "$flagship" -m compromise --threshold 'oil>=1'
contains "unknown issue message" "$work/err" "unknown issue 'oil'"
check "bad model" 2 "$parley" ensemble "$flagship" -m 'nash(utility=cubic)' --runs 10
check "bad format" 2 "$parley" ensemble "$flagship" -m compromise --format xml
printf 'actors:\n  - {id: A, capability: 1}\nissues:\n  - id: x\n    positions:\n      A: {position: {uniform: [5, 200]}, salience: 1}\n' >"$work/bad.yaml"
check "bad distribution" 2 "$parley" ensemble "$work/bad.yaml" -m compromise
contains "distribution message" "$work/err" "bad.yaml:6:"
printf 'actors:\n  - {id: A, capability: 1}\nissues:\n  - id: x\n    positions:\n      A: {position: 5, salience: 1}\n' >"$work/certain.yaml"
check "sensitivity without uncertainty" 2 "$parley" sensitivity "$work/certain.yaml" -m compromise
contains "sensitivity message" "$work/err" "no uncertain inputs"

cli_finish
