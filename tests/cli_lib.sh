# Shared helpers for the command-line test scripts (sourced, not run):
#   cli_setup NAME PARLEY PROJECT   sets parley, project, a temporary $work, counters
#   check NAME EXPECTED_STATUS COMMAND...  runs it (stdout in $work/out, stderr in $work/err)
#   contains NAME FILE TEXT, empty NAME FILE
#   cli_finish                       prints "NAME: N passed, M failed" and sets the status
cli_setup() {
  cli_name=$1
  parley=$2
  project=$3
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  failures=0
  passes=0
}
check() {
  local name=$1 expected=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local status=$?
  if [[ $status -ne $expected ]]; then
    echo "FAIL $name: exit $status, expected $expected"; cat "$work/err"; failures=$((failures + 1))
  else
    passes=$((passes + 1))
  fi
}
contains() {
  if grep -qF -- "$3" "$2"; then passes=$((passes + 1)); else
    echo "FAIL $1: '$3' not in $2:"; head -20 "$2"; failures=$((failures + 1)); fi
}
empty() {
  if [[ ! -s $2 ]]; then passes=$((passes + 1)); else
    echo "FAIL $1: $2 is not empty:"; head -5 "$2"; failures=$((failures + 1)); fi
}
cli_finish() {
  echo "$cli_name: $passes passed, $failures failed"
  [[ $failures -eq 0 ]]
}
