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
echo "ensemble_mpi: $((3 - failures < 0 ? 0 : 3 - failures)) passed, $failures failed"
[[ $failures -eq 0 ]]
