#!/usr/bin/env bash
# One step of `make demo` / `make check`, as one line for the user: runs COMMAND with its
# output appended to LOG, prints "MESSAGE ... ok (Ns)", and on failure the last lines of
# the log and its path.
# Usage: scripts/step.sh MESSAGE LOG COMMAND...
set -uo pipefail
message=$1
log=$2
shift 2
mkdir -p "$(dirname "$log")"
printf '%s ... ' "$message"
start=$(date +%s)
{
  echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) $message: $*"
} >>"$log"
"$@" >>"$log" 2>&1
status=$?
if [[ $status -ne 0 ]]; then
  echo "failed (exit $status)"
  echo "---- last 40 lines of $log ----"
  tail -n 40 "$log"
  echo "---- the whole log: $log"
  exit "$status"
fi
echo "ok ($(($(date +%s) - start)) s)"
