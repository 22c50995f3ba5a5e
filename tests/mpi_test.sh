#!/usr/bin/env bash
# `parley ensemble` under MPI: 1 rank and 2 ranks give byte-identical JSON (and match a run
# without mpirun). Usage: mpi_test.sh PATH/TO/parley PROJECT_DIR [MPIEXEC]
set -u
parley=$1
project=$2
mpiexec=${3:-mpirun}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flagship=$work/korea.yaml
cp "$project/examples/korea-2017.yaml" "$flagship"
grep -q '^uncertainty:' "$flagship" || echo 'uncertainty: {relative_noise: 0.05}' >>"$flagship"
args=(ensemble "$flagship" -m compromise -m eum --runs 5000 --seed 4 --threads 1
  --threshold 'nk-pressure>=50' --format json --quiet)
mpi=("$mpiexec" --allow-run-as-root --oversubscribe)
export OMPI_MCA_btl_vader_single_copy_mechanism=none  # containers without CMA
export OMPI_MCA_plm=isolated  # all ranks on this machine: no ssh/rsh launcher needed
failures=0
"$parley" "${args[@]}" -o "$work/plain.json" || { echo "FAIL plain run"; failures=$((failures + 1)); }
"${mpi[@]}" -np 1 "$parley" "${args[@]}" -o "$work/one.json" || { echo "FAIL 1 rank"; failures=$((failures + 1)); }
"${mpi[@]}" -np 2 "$parley" "${args[@]}" -o "$work/two.json" || { echo "FAIL 2 ranks"; failures=$((failures + 1)); }
for ranks in one two; do
  if ! cmp "$work/plain.json" "$work/$ranks.json"; then
    echo "FAIL $ranks rank(s) differ from the plain run"; failures=$((failures + 1))
  fi
done
# Under MPI only rank 0 writes to the run store: 2 ranks store one run, as one process does.
"${mpi[@]}" -np 2 "$parley" "${args[@]}" -o "$work/stored.json" --store "$work/runs.db" ||
  { echo "FAIL 2 ranks with --store"; failures=$((failures + 1)); }
stored=$("$parley" runs list --store "$work/runs.db" --format csv | tail -n +2 | wc -l)
if [[ $stored -ne 1 ]]; then echo "FAIL 2 ranks stored $stored runs, expected 1"; failures=$((failures + 1)); fi
"$parley" runs export 1 --store "$work/runs.db" --format json >"$work/export.json" &&
  grep -q '"ensemble.json"' "$work/export.json" ||
  { echo "FAIL the stored MPI run has no ensemble.json"; failures=$((failures + 1)); }
# A bad store stops every rank before the runs (no rank is left waiting).
echo "not a database" >"$work/notes.txt"
"${mpi[@]}" -np 2 "$parley" "${args[@]}" -o "$work/bad.json" --store "$work/notes.txt" 2>"$work/bad.err"
[[ $? -ne 0 ]] && grep -q "not a" "$work/bad.err" ||
  { echo "FAIL 2 ranks with a bad store"; cat "$work/bad.err"; failures=$((failures + 1)); }
echo "ensemble_mpi: $((6 - failures < 0 ? 0 : 6 - failures)) passed, $failures failed"
[[ $failures -eq 0 ]]
