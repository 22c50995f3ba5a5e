#!/usr/bin/env bash
# parley studio in a real browser (Debian's headless Chromium driven by puppeteer-core):
# tests/browser/studio.test.mjs edits the flagship on the page, checks "save as" against
# `parley run`, a refused edit, undo, a drag, "store this run", takes a screenshot, and
# times edit-to-chart on the flagship and on a generated 100-actor x 8-issue scenario.
# The studio runs on a temporary copy of the flagship with a temporary store, and must exit
# 0 on SIGINT. Exits 77 (ctest: skipped) when Chromium, Node.js or npm is missing
# (scripts/install-deps.sh installs them). puppeteer-core comes from npm ci into the build
# tree (STUDIO_BROWSER_DIR, default: beside ARTEFACT_DIR); it never downloads a browser.
# Usage: studio_browser_test.sh PATH/TO/parley PROJECT_DIR ARTEFACT_DIR
set -u
parley=$1
project=$2
artefacts=$3

browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z $browser ]]; then
  echo "studio_browser: SKIPPED: chromium not found (scripts/install-deps.sh installs it)"
  exit 77
fi
for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "studio_browser: SKIPPED: $tool not found (scripts/install-deps.sh installs Node.js and npm)"
    exit 77
  fi
done
export CHROMIUM=$browser

mkdir -p "$artefacts"
artefacts=$(cd "$artefacts" && pwd)
node_dir=${STUDIO_BROWSER_DIR:-$(dirname "$artefacts")/studio-browser}
mkdir -p "$node_dir"

# puppeteer-core as tests/browser/package-lock.json pins it; npm ci only when the lock changed.
export PUPPETEER_SKIP_DOWNLOAD=1
if ! cmp -s "$project/tests/browser/package-lock.json" "$node_dir/package-lock.json" ||
  [[ ! -f $node_dir/node_modules/puppeteer-core/package.json ]]; then
  cp "$project/tests/browser/package.json" "$project/tests/browser/package-lock.json" "$node_dir/"
  if ! (cd "$node_dir" && npm ci --no-audit --no-fund >npm.log 2>&1); then
    echo "studio_browser: FAIL: npm ci in $node_dir failed:"
    tail -20 "$node_dir/npm.log"
    exit 1
  fi
fi
# The test next to its node_modules, so that its import resolves there.
cp "$project/tests/browser/studio.test.mjs" "$node_dir/"

work=$(mktemp -d)
studio_pid=
cleanup() {
  if [[ -n $studio_pid ]] && kill -0 "$studio_pid" 2>/dev/null; then kill -KILL "$studio_pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

cp "$project/examples/korea-2017.yaml" "$work/korea-2017.yaml"
store=$work/runs.db
(cd "$work" && exec "$parley" studio korea-2017.yaml --port 0 --store "$store") \
  >"$work/studio.out" 2>"$work/studio.err" &
studio_pid=$!

url=
for _ in $(seq 1 300); do
  url=$(grep -o 'http://[^ ]*?token=[0-9a-f]*' "$work/studio.out" 2>/dev/null | head -n 1)
  [[ -n $url ]] && break
  if ! kill -0 "$studio_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [[ -z $url ]]; then
  echo "studio_browser: FAIL: parley studio printed no address:"
  cat "$work/studio.out" "$work/studio.err"
  exit 1
fi
echo "studio: $url"

status=0
(cd "$node_dir" && timeout 1800 node studio.test.mjs --parley "$parley" --url "$url" \
  --store "$store" --artefacts "$artefacts" --work "$work") || status=1

kill -INT "$studio_pid"
for _ in $(seq 1 150); do
  kill -0 "$studio_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$studio_pid" 2>/dev/null; then
  echo "studio_browser: FAIL: parley studio still running 15 s after SIGINT"
  kill -KILL "$studio_pid"
fi
wait "$studio_pid"
code=$?
studio_pid=
if [[ $code -ne 0 ]]; then
  echo "studio_browser: FAIL: parley studio exited with status $code on SIGINT:"
  cat "$work/studio.err"
  status=1
fi
if [[ $status -ne 0 ]]; then
  echo "studio_browser: FAIL (screenshot, when taken, in $artefacts)"
  exit 1
fi
echo "screenshot: $artefacts/studio.png"
echo "studio_browser: passed"
