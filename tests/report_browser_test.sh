#!/usr/bin/env bash
# The flagship HTML report in a real browser (Debian's headless Chromium): the page must
# record no error, render every chart (an SVG or canvas in each chart container, and
# body[data-rendered] = the number of containers) and hold every section. Then a screenshot
# of the whole page is kept as a test artefact. Exits 77 (ctest: skipped) when Chromium is
# not installed (scripts/install-deps.sh installs it).
# Usage: report_browser_test.sh PATH/TO/parley PROJECT_DIR ARTEFACT_DIR
set -u
parley=$1
project=$2
artefacts=$3

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
  echo "report_browser: SKIPPED: chromium not found (scripts/install-deps.sh installs it)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artefacts"
report=$artefacts/korea-2017-report.html
screenshot=$artefacts/korea-2017-report.png

start=$(date +%s.%N)
if ! "$parley" report "$project/examples/korea-2017.yaml" --runs 2000 --seed 1 --quiet \
  -o "$report"; then
  echo "report_browser: FAIL: parley report exited with status $?"
  exit 1
fi
end=$(date +%s.%N)
seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
echo "report: $report ($(stat -c %s "$report") bytes, made in $seconds s)"

# No network, no GPU, no first-run chores; a fresh profile each time. The virtual time budget
# lets every chart finish rendering before the DOM is dumped. The window is as wide as the
# screenshot's, so that the page height the page reports fits the screenshot.
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars
  --virtual-time-budget=30000)
width=1400
if ! timeout 300 "$browser" "${flags[@]}" --user-data-dir="$work/profile-dom" \
  --window-size="$width",1000 --dump-dom \
  "file://$report" >"$work/dom.html" 2>"$work/chromium.log"; then
  echo "report_browser: FAIL: chromium --dump-dom failed:"
  tail -20 "$work/chromium.log"
  exit 1
fi

# Checks on the rendered DOM; prints the page height (for the screenshot) on its last line.
python3 - "$work/dom.html" >"$work/checks" <<'PY'
import sys
from html.parser import HTMLParser

SECTIONS = ["section-scenario", "section-forecasts", "section-trajectories", "section-linkage",
            "section-leverage", "section-ensemble", "section-sensitivity"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, chart name or None)
        self.charts = {}  # chart name -> has an SVG or canvas drawn by Vega
        self.ids = set()
        self.body = {}
        self.errors = ""
        self.in_errors = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "body":
            self.body = attrs
        chart = attrs.get("data-chart")
        if chart is not None:
            self.charts[chart] = False
        # Vega's SVG renderer draws into <svg class="marks">; the canvas renderer a <canvas>.
        drawn = tag == "canvas" or (tag == "svg" and "marks" in (attrs.get("class") or "").split())
        if drawn:
            for _, name in self.stack:
                if name is not None:
                    self.charts[name] = True
        if attrs.get("id") == "parley-errors":
            self.in_errors = True
        if tag not in VOID:
            self.stack.append((tag, chart))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "pre":
            self.in_errors = False
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data):
        if self.in_errors:
            self.errors += data


page = Page()
page.feed(open(sys.argv[1], encoding="utf-8").read())
passed = failed = 0


def check(ok, message):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL " + message)


check(page.errors.strip() == "", "errors recorded in #parley-errors:\n" + page.errors.strip())
count = len(page.charts)
check(count >= 20, f"expected at least 20 chart containers, found {count}")
check(page.body.get("data-charts") == str(count),
      f"body data-charts is {page.body.get('data-charts')}, containers: {count}")
check(page.body.get("data-rendered") == str(count),
      f"body data-rendered is {page.body.get('data-rendered')} (missing: the page did not finish "
      f"rendering), containers: {count}")
blank = [name for name, drawn in page.charts.items() if not drawn]
check(not blank, f"chart containers without an SVG or canvas: {blank}")
for section in SECTIONS:
    check(section in page.ids, f"section #{section} missing")
print(f"charts: {count} containers, {count - len(blank)} drawn")
print(f"{passed} checks passed, {failed} failed")
print(page.body.get("data-height", "0"))
sys.exit(1 if failed else 0)
PY
status=$?
head -n -1 "$work/checks"
if [[ $status -ne 0 ]]; then
  echo "report_browser: FAIL (DOM kept as $artefacts/korea-2017-report.dom.html)"
  cp "$work/dom.html" "$artefacts/korea-2017-report.dom.html"
  exit 1
fi

# The whole page in one picture: the window as tall as the page (reported by the page itself).
height=$(tail -n 1 "$work/checks")
[[ $height =~ ^[0-9]+$ && $height -gt 0 ]] || height=20000
height=$((height + 40))
if ! timeout 300 "$browser" "${flags[@]}" --user-data-dir="$work/profile-shot" \
  --window-size="$width","$height" --screenshot="$screenshot" "file://$report" \
  >"$work/shot.log" 2>&1 || [[ ! -s $screenshot ]]; then
  echo "report_browser: FAIL: no screenshot"
  tail -20 "$work/shot.log"
  exit 1
fi
echo "screenshot: $screenshot ($width x $height)"
echo "report_browser: passed"
