#!/usr/bin/env bash
# End-to-end checks of the parley command line: outputs and exit statuses.
# Usage: cli_test.sh PATH/TO/parley PROJECT_DIR
set -u
source "$(dirname "$0")/cli_lib.sh"
cli_setup cli "$1" "$2"

flagship=$project/examples/korea-2017.yaml

check "run table" 0 "$parley" run "$flagship"
contains "table has every model" "$work/out" "compromise"
contains "table has nash" "$work/out" "nash(utility=quadratic"
contains "table has an issue" "$work/out" "nk-pressure"

check "run json" 0 "$parley" run "$flagship" --format json
python3 - "$work/out" <<'PY' || failures=$((failures + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
issues = [i["id"] for i in doc["scenario"]["issues"]]
assert issues == ["nk-pressure", "trade-terms", "nk-program", "taiwan"], issues
models = [r["model"] for r in doc["results"]]
assert {"compromise", "median", "nash"} <= set(models), models
for result in doc["results"]:
    assert "(" in result["spec"] or result["parameters"] == {}, result["spec"]
    assert [f["issue"] for f in result["forecasts"]] == issues
    for f in result["forecasts"]:
        assert 0 <= f["position"] <= 100
PY

check "run csv to file" 0 "$parley" run "$flagship" --model median --model 'nash(utility=linear)' --format csv -o "$work/out.csv"
contains "csv header" "$work/out.csv" "issue,issue_name,scale_min"
contains "csv spec" "$work/out.csv" "nash(utility=linear,weights=capability"
[[ $(wc -l <"$work/out.csv") -eq 9 ]] && passes=$((passes + 1)) || { echo "FAIL csv rows"; failures=$((failures + 1)); }

check "check ok" 0 "$parley" check "$flagship"
contains "check summary" "$work/out" "ok: 7 actors, 4 issues"
check "models" 0 "$parley" models
contains "models lists nash" "$work/out" "nash"
check "models json" 0 "$parley" models --format json
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert {m['name'] for m in d} >= {'nash','median','compromise'}" "$work/out" \
  || failures=$((failures + 1))

printf 'actors:\n  - {id: A, capability: 1}\nissues:\n  - id: x\n    positions:\n      A: {position: 1, salience: 3}\n' >"$work/bad.yaml"
check "bad salience exits 2" 2 "$parley" run "$work/bad.yaml"
contains "bad salience message" "$work/err" "bad.yaml:6:10: issues[0].positions.A.salience: is 3; expected a value in [0, 1]"
check "check bad exits 2" 2 "$parley" check "$work/bad.yaml"

printf 'actors: [\n' >"$work/broken.yaml"
check "malformed yaml exits 2" 2 "$parley" run "$work/broken.yaml"
contains "malformed yaml names the line" "$work/err" "broken.yaml:2"

check "missing file exits 2" 2 "$parley" run "$work/none.yaml"
check "bad spec exits 2" 2 "$parley" run "$flagship" --model 'nash(utility=cubic)'
contains "bad spec message" "$work/err" "expected one of: quadratic, linear"
check "unknown model exits 2" 2 "$parley" run "$flagship" --model eum2
check "unknown option exits 2" 2 "$parley" run "$flagship" --colour
check "bad format exits 2" 2 "$parley" run "$flagship" --format xml
check "no subcommand exits 2" 2 "$parley"

# Scenario formats: KTAB's CSV is known by its first row (name, description, actors,
# dimensions) whatever its header says; --input-format names the format where the
# extension and first line do not; --format stays the output format.
printf 'Tiny KTAB,"A test",3,1,\nName,Description,Power,Pos 1,Sal 1,\nA,Alpha,100,20,50,\nB,Beta,60,70,40,\nC,Gamma,30,50,30,\n' >"$work/ktab.csv"
cp "$work/ktab.csv" "$work/ktab.dat"
check "ktab with a Name header is detected" 0 "$parley" check "$work/ktab.csv"
contains "ktab detected: actors and issue" "$work/out" "ok: 3 actors, 1 issue"
check "unknown extension exits 2" 2 "$parley" check "$work/ktab.dat"
contains "unknown extension points to --input-format" "$work/err" "--input-format"
for command in check run linkage brief ensemble; do
  case $command in
    ensemble) extra=(-m compromise --runs 20 --quiet) ;;
    brief) extra=(--runs 0) ;;
    *) extra=() ;;
  esac
  check "$command --input-format ktab" 0 "$parley" $command "$work/ktab.dat" --input-format ktab "${extra[@]}"
done
# Read, then refused for what it is: KTAB's inputs carry no uncertainty.
check "sensitivity --input-format ktab" 2 "$parley" sensitivity "$work/ktab.dat" --input-format ktab \
  -m compromise
contains "sensitivity --input-format ktab reads the file" "$work/err" "no uncertain inputs"
check "report --input-format ktab" 0 "$parley" report "$work/ktab.dat" --input-format ktab --runs 0 \
  -m compromise -o "$work/ktab.html"
cp "$flagship" "$work/flagship.txt"
check "--input-format yaml on a .txt file" 0 "$parley" run "$work/flagship.txt" --input-format yaml -m median
contains "--input-format yaml reads it" "$work/out" "nk-pressure"
check "wrong --input-format exits 2" 2 "$parley" run "$work/ktab.csv" --input-format decide
contains "wrong --input-format says what was asked" "$work/err" "(read as decide, as --input-format decide asks)"
check "--input-format csv is not second-guessed" 2 "$parley" check "$work/ktab.csv" --input-format csv
contains "--input-format csv: the BDM reader's message" "$work/err" "read as BDM CSV"
check "unknown --input-format exits 2" 2 "$parley" run "$work/ktab.csv" --input-format xml
contains "unknown --input-format lists the formats" "$work/err" "ktab"
check "--format ktab exits 2" 2 "$parley" run "$work/ktab.csv" --format ktab
contains "--format ktab points to --input-format" "$work/err" "a scenario file's format is named with --input-format"
check "--format xml exits 2" 2 "$parley" run "$work/ktab.csv" --format xml
contains "--format xml lists the output formats" "$work/err" "expected table|json|csv"

# Start-up: PostgreSQL, the studio's server and MPI are plug-ins (apps/parley/plugins.h), so
# that no command pays for loading them but the one that uses them.
LD_TRACE_LOADED_OBJECTS=1 "$parley" >"$work/libraries" 2>&1
for library in libpq libmpi libcpp-httplib libssl libcrypto libgnutls; do
  if grep -q "$library" "$work/libraries"; then
    echo "FAIL start-up loads $library"; failures=$((failures + 1))
  else
    passes=$((passes + 1))
  fi
done
check "studio without its plug-in exits 2" 2 env PARLEY_PLUGIN_DIR="$work" "$parley" studio "$flagship" --port 0
contains "studio without its plug-in says so" "$work/err" "parley studio: the plug-in parley-studio.so is not installed"
check "help exits 0" 0 "$parley" --help
check "run help exits 0" 0 "$parley" run --help
contains "run help documents --model" "$work/out" "--model"
# main.cc builds only the command its first argument names: each command listed in the
# top-level help must still parse as itself (its own help, naming it).
commands=$("$parley" --help | awk '/^Subcommands:/ {on = 1; next} on && NF {print $1}')
[[ $(wc -w <<<"$commands") -eq 12 ]] && passes=$((passes + 1)) ||
  { echo "FAIL help lists 12 commands: $commands"; failures=$((failures + 1)); }
for command in $commands; do
  check "$command help exits 0" 0 "$parley" "$command" --help
  contains "$command help names it" "$work/out" "Usage: $parley $command"
done
check "unwritable output exits 2" 2 "$parley" run "$flagship" -o /nonexistent/dir/out.txt

# parley run --trace and the tidy side files.
check "trace" 0 "$parley" run "$flagship" --model 'eum(preset=replication)' --trace \
  --trajectory "$work/trajectory.csv" --moves "$work/moves.csv" --details "$work/details.csv"
contains "trace prints rounds" "$work/out" "positions by round"
contains "trace prints moves" "$work/out" "moves:"
contains "trajectory csv" "$work/trajectory.csv" "model,spec,round,issue,actor,position,risk"
contains "moves csv" "$work/moves.csv" "model,spec,round,issue,actor,toward,kind"
contains "details csv" "$work/details.csv" "model,spec,issue,actor,name,value"

# parley linkage: all four parts on the flagship case.
check "linkage" 0 "$parley" linkage "$flagship"
for part in "1. Linked vs separate" "2. Deals" "3. Agenda changes" "4. Enforcement" "add issue taiwan"; do
  contains "linkage: $part" "$work/out" "$part"
done
check "linkage json" 0 "$parley" linkage "$flagship" --format json --drop-actor PRK --add-issue taiwan
python3 - "$work/out" <<'PY' || failures=$((failures + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
assert [a["change"] for a in doc["agenda"]] == ["add issue taiwan", "drop actor PRK"], doc["agenda"]
assert doc["deals"] and doc["linked_vs_separate"] and doc["enforcement"]
PY
check "linkage csv" 0 "$parley" linkage "$flagship" --format csv
contains "linkage csv header" "$work/out" "section,item,model,issue,actor,partner,measure,value"
check "linkage unknown issue exits 2" 2 "$parley" linkage "$flagship" --drop-issue tariffs
contains "linkage unknown issue message" "$work/err" "no issue 'tariffs'"

# parley brief: the one-page findings; every issue of the flagship, in three formats.
check "brief" 0 "$parley" brief "$flagship" --runs 200
contains "brief: findings" "$work/out" "Findings"
for issue in nk-pressure trade-terms nk-program taiwan; do
  contains "brief: issue $issue" "$work/out" "$issue"
done
contains "brief: decider" "$work/out" "Decided by: decider CHN"
check "brief markdown" 0 "$parley" brief "$flagship" --runs 200 --format markdown -o "$work/brief.md"
empty "brief markdown: nothing on stdout" "$work/out"
contains "brief markdown: heading" "$work/brief.md" "# Findings"
check "brief json" 0 "$parley" brief "$flagship" --runs 200 --format json
python3 - "$work/out" <<'PY' || failures=$((failures + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
assert [i["id"] for i in doc["issues"]] == ["nk-pressure", "trade-terms", "nk-program", "taiwan"]
assert all(i["decider"] for i in doc["issues"]), doc["issues"]
assert {"linkage", "agenda", "sensitivity"} <= set(doc), list(doc)
PY
check "brief missing file exits 2" 2 "$parley" brief "$work/none.yaml"
contains "brief missing file message" "$work/err" "none.yaml"
check "brief bad format exits 2" 2 "$parley" brief "$flagship" --format csv

# parley report: one HTML file; bad input exits 2 like every command.
check "report" 0 "$parley" report "$flagship" --model compromise --model eum --runs 50 --seed 4 \
  --quiet -o "$work/report.html"
empty "report: nothing on stdout" "$work/out"
contains "report: html" "$work/report.html" "<!DOCTYPE html>"
contains "report: hash in the header" "$work/report.html" "data-input-hash=\""
contains "report: reproducing command" "$work/report.html" "--runs 50 --seed 4"
check "report unknown model exits 2" 2 "$parley" report "$flagship" -m nosuch -o "$work/r.html"
contains "report unknown model message" "$work/err" "unknown model 'nosuch'"
check "report without -o exits 2" 2 "$parley" report "$flagship"
check "report missing scenario exits 2" 2 "$parley" report "$work/none.yaml" -o "$work/r.html"
check "report unwritable output exits 2" 2 "$parley" report "$flagship" -o "$work/no/dir/r.html"

# parley ensemble --errors: two ranges per issue, from the inputs and with model error.
check "ensemble with deu3 errors" 0 "$parley" ensemble "$flagship" -m compromise -m eum --runs 300 \
  --errors deu3 --quiet
contains "ensemble deu3 both ranges" "$work/out" "with model error"
contains "ensemble deu3 outside view" "$work/out" "outside view for other domains"
check "ensemble deu3 json" 0 "$parley" ensemble "$flagship" -m compromise --runs 100 --errors deu3 \
  --quiet -f json
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); r=d['model_error']['models'][0]['issues'][0]; assert len(r['with_model_error_p5_p50_p95']) == 3" "$work/out" \
  && passes=$((passes + 1)) || { echo "FAIL ensemble deu3 json"; failures=$((failures + 1)); }
check "ensemble bad errors file exits 2" 2 "$parley" ensemble "$flagship" -m compromise --runs 10 \
  --errors "$work/none.json" --quiet
contains "ensemble bad errors message" "$work/err" "expected deu3 or an error model"

check "brief with deu3 errors" 0 "$parley" brief "$flagship" --runs 200 --errors deu3
contains "brief deu3 range" "$work/out" "own error as well"
check "report with deu3 errors" 0 "$parley" report "$flagship" --runs 100 --errors deu3 -o "$work/e.html" --quiet
contains "report deu3 fan charts" "$work/e.html" "With the models' own error"

# parley validate: the published baseline when the DEU data is beside the project.
check "validate missing file exits 2" 2 "$parley" validate "$work/none.tsv"
deu="$project/../shared/data/deu3/deu3-dev.tsv"
if [[ -f $deu ]]; then
  check "validate compromise" 0 "$parley" validate "$deu" --model compromise --predictions "$work/pred.csv"
  contains "validate MAE 24.19" "$work/out" "24.19"
  contains "validate CRPS block" "$work/out" "Predictive distributions"
  check "validate fit errors" 0 "$parley" validate "$deu" --procedure without --model compromise \
    --fit-errors "$work/errors.json"
  check "ensemble with fitted errors" 0 "$parley" ensemble "$flagship" -m compromise --runs 200 \
    --errors "$work/errors.json" --quiet
  contains "ensemble fitted errors range" "$work/out" "with model error"
  [[ $(wc -l <"$work/pred.csv") -gt 200 ]] && passes=$((passes + 1)) ||
    { echo "FAIL validate predictions"; failures=$((failures + 1)); }
else
  echo "skipped: validate on DEU ($deu absent)"
fi

# parley studio: a bad scenario exits 2; on port 0 it prints its address, refuses requests
# without the token, serves the page with it, and SIGINT stops it with exit 0.
check "studio bad scenario exits 2" 2 "$parley" studio "$work/none.yaml"
"$parley" studio "$flagship" --port 0 -m compromise >"$work/studio.out" 2>"$work/studio.err" &
studio_pid=$!
for _ in $(seq 100); do grep -q "open http" "$work/studio.out" && break; sleep 0.1; done
contains "studio prints its address" "$work/studio.out" "?token="
studio_url=$(grep -o 'http://[^ ]*' "$work/studio.out")
if command -v curl >/dev/null; then
  [[ $(curl -s -o /dev/null -w '%{http_code}' "${studio_url%%\?*}api/state") == 403 ]] &&
    passes=$((passes + 1)) || { echo "FAIL studio without token"; failures=$((failures + 1)); }
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$studio_url") == 200 ]] &&
    passes=$((passes + 1)) || { echo "FAIL studio with token"; failures=$((failures + 1)); }
else
  echo "skipped: studio requests (no curl)"
fi
kill -INT "$studio_pid"
wait "$studio_pid" && passes=$((passes + 1)) ||
  { echo "FAIL studio SIGINT exit status"; failures=$((failures + 1)); }

cli_finish
