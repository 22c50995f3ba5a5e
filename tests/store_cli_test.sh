#!/usr/bin/env bash
# The run store from the command line: the README's workflow (run, edit, run, diff), every
# command's --store, runs list/show/export/rm, report --run byte for byte, PARLEY_STORE,
# bad stores (exit 2, never overwritten) and two shells writing into one file at once.
# Usage: store_cli_test.sh PARLEY PROJECT_DIR [POSTGRESQL_FOLDER]
set -u
source "$(dirname "$0")/cli_lib.sh"
cli_setup store_cli "$1" "$2"
flagship="$project/examples/korea-2017.yaml"
store="$work/runs.db"

# The workflow: a run, one salience changed, a second run, the diff.
cp "$flagship" "$work/korea.yaml"
check "run --store" 0 "$parley" run "$work/korea.yaml" --store "$store"
contains "run says where it stored" "$work/err" "stored as run 1 in $store"
sed -i 's/USA: {position: 90, salience: 0.9,/USA: {position: 90, salience: 0.7,/' "$work/korea.yaml"
check "second run --store" 0 "$parley" run "$work/korea.yaml" --store "$store"
contains "second run is run 2" "$work/err" "stored as run 2"
check "runs diff" 0 "$parley" runs diff 1 2 --store "$store"
contains "diff names the changed input" "$work/out" \
  "issues[nk-pressure].positions.USA.salience: 0.9 -> 0.7"
contains "diff quotes its source comment" "$work/out" \
  "source: wants China to cut oil too; the issue that drives its China policy [WSJ][TILLER]"
contains "diff lists moved forecasts" "$work/out" "forecasts that moved"
contains "diff shows the exchange model's move" "$work/out" "nk-pressure  exchange"
check "runs diff csv" 0 "$parley" runs diff 1 2 --store "$store" -f csv
contains "diff csv header" "$work/out" \
  "section,model,issue,subject,name,field,old,new,change,old_source,new_source"
contains "diff csv input row" "$work/out" "input,,,,,issues[nk-pressure].positions.USA.salience,0.9,0.7"
check "runs diff json" 0 "$parley" runs diff 1 2 --store "$store" -f json
contains "diff json" "$work/out" '"field": "issues[nk-pressure].positions.USA.salience"'
check "runs diff of a missing run exits 2" 2 "$parley" runs diff 1 9 --store "$store"
contains "missing run named" "$work/err" "no run 9 in the store"

# PARLEY_STORE stands in for --store; every analysis command stores its run.
export PARLEY_STORE="$store"
check "ensemble stores" 0 "$parley" ensemble "$flagship" -m compromise -n 500 -q
check "sensitivity stores" 0 "$parley" sensitivity "$flagship" -m compromise -n 64 -q
check "linkage stores" 0 "$parley" linkage "$flagship"
check "brief stores" 0 "$parley" brief "$flagship" -n 200
check "report stores" 0 "$parley" report "$flagship" -n 200 -q -o "$work/report.html"
check "runs list" 0 "$parley" runs list
contains "list has the ensemble" "$work/out" "ensemble"
contains "list has the report" "$work/out" "report"
[[ $(grep -c "US-China-North Korea" "$work/out") -eq 7 ]] && passes=$((passes + 1)) ||
  { echo "FAIL list: expected 7 runs"; cat "$work/out"; failures=$((failures + 1)); }
check "runs list --command" 0 "$parley" runs list --command ensemble -f csv
[[ $(wc -l <"$work/out") -eq 2 ]] && passes=$((passes + 1)) ||
  { echo "FAIL list --command: expected one run"; cat "$work/out"; failures=$((failures + 1)); }
check "runs list --scenario by hash" 0 "$parley" runs list --scenario 8ba377de86466e87 -f json
contains "list by hash" "$work/out" '"command": "ensemble"'
check "runs list --since the future" 0 "$parley" runs list --since 2999-01-01
contains "list empty" "$work/out" "no runs stored"
check "runs list --since garbage exits 2" 2 "$parley" runs list --since yesterday
contains "since message" "$work/err" "expected YYYY-MM-DD"

# The report of a stored run is the report made at the time, byte for byte.
check "report --run" 0 "$parley" report --run 7 -o "$work/again.html"
if cmp -s "$work/report.html" "$work/again.html"; then passes=$((passes + 1)); else
  echo "FAIL report --run: not byte-identical"; failures=$((failures + 1)); fi
check "report --run of a run without a report exits 2" 2 "$parley" report --run 1 -o "$work/x.html"
contains "says which command made it" "$work/err" "run 1 was made by 'parley run'"
check "report without scenario or --run exits 2" 2 "$parley" report -o "$work/x.html"

# show and export.
check "runs show" 0 "$parley" runs show 3
contains "show the command line" "$work/out" "command line: parley ensemble"
contains "show the seed" "$work/out" "seed: 1"
check "runs export json" 0 "$parley" runs export 2 --format json
contains "export has the scenario text" "$work/out" '"source_text": "# The 2017 US-China-North Korea'
contains "export has trajectories" "$work/out" '"trajectory": ['
check "runs export metrics csv" 0 "$parley" runs export 3 --format csv --table metrics
contains "ensemble quantiles kept" "$work/out" "ensemble,compromise(weight=capability*salience),taiwan,,p50,"
check "runs export trajectory csv" 0 "$parley" runs export 1 --format csv --table trajectory
contains "trajectory header" "$work/out" "model,spec,round,issue,actor,position,risk"
check "runs export needs a format" 2 "$parley" runs export 1

# rm.
check "runs rm" 0 "$parley" runs rm 2
check "removed run is gone" 2 "$parley" runs show 2
check "rm twice exits 2" 2 "$parley" runs rm 2
unset PARLEY_STORE
check "runs list without a store exits 2" 2 "$parley" runs list
contains "no store message" "$work/err" "no run store given"

# Bad stores: exit 2, a clear message, the file untouched.
printf 'actor,capability\nA,1\n' >"$work/notes.csv"
cp "$work/notes.csv" "$work/notes.before"
check "a text file as store exits 2" 2 "$parley" run "$flagship" --store "$work/notes.csv"
contains "says it is not a database" "$work/err" "not a"
if cmp -s "$work/notes.csv" "$work/notes.before"; then passes=$((passes + 1)); else
  echo "FAIL a text file given as store was changed"; failures=$((failures + 1)); fi
empty "nothing printed before the store is checked" "$work/out"
sqlite3 "$work/other.db" "CREATE TABLE invoices (id INTEGER); INSERT INTO invoices VALUES (1);" 2>/dev/null ||
  python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE invoices (id INTEGER)'); c.commit()" "$work/other.db"
check "a foreign database exits 2" 2 "$parley" runs list --store "$work/other.db"
contains "not a parley store" "$work/err" "not a parley run store"
check "a folder as store exits 2" 2 "$parley" runs list --store "$work"
check "an unknown URI scheme exits 2" 2 "$parley" runs list --store "mysql://localhost/x"

# validate keeps its scores (when the DEU data is beside the project).
deu="$project/../shared/data/deu3/deu3-dev.tsv"
if [[ -f $deu ]]; then
  check "validate --store" 0 "$parley" validate "$deu" --model compromise --procedure without \
    --store "$work/validate.db"
  check "validate run exported" 0 "$parley" runs export 1 --store "$work/validate.db" -f csv --table metrics
  contains "validate MAE kept" "$work/out" "validate,compromise,,,mae,24.19"
else
  echo "store_cli: validate --store skipped: no $deu (../shared is not beside the project)"
fi

# Two shells writing 50 runs each into one file at once lose none.
concurrent="$work/concurrent.db"
"$parley" runs list --store "$concurrent" >/dev/null
for writer in 1 2; do
  (for i in $(seq 50); do
    "$parley" run "$flagship" -m compromise -m median --store "$concurrent" >/dev/null 2>&1 || echo "writer $writer run $i failed"
  done) >"$work/writer$writer.log" &
done
wait
empty "no writer failed (1)" "$work/writer1.log"
empty "no writer failed (2)" "$work/writer2.log"
check "list the concurrent store" 0 "$parley" runs list --store "$concurrent" -f csv
[[ $(($(wc -l <"$work/out") - 1)) -eq 100 ]] && passes=$((passes + 1)) ||
  { echo "FAIL concurrent writers: $(($(wc -l <"$work/out") - 1)) runs, expected 100"; failures=$((failures + 1)); }

# The same workflow on PostgreSQL, when the throwaway cluster is up.
if [[ -n "${3:-}" && -s "$3/uri" ]]; then
  uri=$(cat "$3/uri")
  check "postgresql run" 0 "$parley" run "$flagship" --store "$uri"
  check "postgresql second run" 0 "$parley" run "$work/korea.yaml" --store "$uri"
  first=$(grep -o 'run [0-9]*' "$work/err" | grep -o '[0-9]*')
  check "postgresql diff" 0 "$parley" runs diff $((first - 1)) "$first" --store "$uri"
  contains "postgresql diff input" "$work/out" "issues[nk-pressure].positions.USA.salience: 0.9 -> 0.7"
elif [[ -n "${3:-}" ]]; then
  echo "store_cli: PostgreSQL part skipped: $(cat "$3/skip" 2>/dev/null || echo "no cluster in $3")"
fi

cli_finish
