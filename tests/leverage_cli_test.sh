#!/usr/bin/env bash
# End-to-end checks of `parley leverage`: outputs and exit statuses on a small tidy file,
# and on the COW data when ../shared is present.
# Usage: leverage_cli_test.sh PATH/TO/parley PROJECT_DIR
set -u
source "$(dirname "$0")/cli_lib.sh"
cli_setup leverage_cli "$1" "$2"

# North Korea: 90 of its 100 with China, which trades 990 in all (see trade_test.cc).
cat >"$work/trade.csv" <<'CSV'
reporter,partner,year,exports,imports
PRK,CHN,2014,30,60
PRK,KOR,2014,5,5
CHN,USA,2014,400,100
CHN,KOR,2014,250,150
USA,KOR,2014,40,60
PRK,CHN,2013,20,40
PRK,KOR,2013,20,20
CHN,USA,2013,300,100
CSV
printf 'country,year,gdp\nPRK,2014,1000\nCHN,2014,10000\n' >"$work/gdp.csv"

check "table" 0 "$parley" leverage "$work/trade.csv" --year 2014 --actor PRK
contains "table names the actor" "$work/out" "North Korea"
contains "table has China's share" "$work/out" "90.00%"
contains "table has the leverage ratio" "$work/out" "9.90"
contains "table has the HHI" "$work/out" "Herfindahl 0.8200"

check "default year is the latest" 0 "$parley" leverage "$work/trade.csv" --actor 731
contains "latest year" "$work/out" "2014"

check "csv with gdp and sanction" 0 "$parley" leverage "$work/trade.csv" "$work/gdp.csv" \
  --year 2014 --actor "North Korea" --substitution 0.25 --sanction 0.5 --format csv -o "$work/out.csv"
contains "csv header" "$work/out.csv" "year,actor,actor_iso3,actor_name,total"
contains "csv row" "$work/out.csv" "2014,731,PRK,North Korea,100,partner_sum,1000,0.82"
python3 - "$work/out.csv" <<'PY' || failures=$((failures + 1))
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 2, rows
china = rows[0]
assert china["partner_iso3"] == "CHN", china
assert abs(float(china["share_of_actor"]) - 0.9) < 1e-12
assert abs(float(china["leverage_ratio"]) - 9.9) < 1e-12
assert abs(float(china["vulnerability"]) - 0.675) < 1e-12
assert abs(float(china["actor_loss_share_of_trade"]) - 0.3375) < 1e-12
assert abs(float(china["partner_loss_share_of_gdp"]) - 0.003375) < 1e-12
PY

check "json time series" 0 "$parley" leverage "$work/trade.csv" --years 2013-2014 --actor PRK \
  --format json
python3 - "$work/out" <<'PY' || failures=$((failures + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
assert [r["year"] for r in doc["rows"]] == [2013, 2014], doc["rows"]
assert doc["rows"][0]["partners"][0]["partner"]["iso3"] == "CHN"
assert abs(doc["rows"][0]["herfindahl"] - 0.52) < 1e-12  # 2013: 0.6^2 + 0.4^2
PY

check "ranking without an actor" 0 "$parley" leverage "$work/trade.csv" --year 2014 --top 2
contains "most concentrated first" "$work/out" "North Korea"

check "unknown country" 2 "$parley" leverage "$work/trade.csv" --year 2014 --actor Atlantis
contains "unknown country message" "$work/err" "unknown country 'Atlantis'"
check "year not in data" 2 "$parley" leverage "$work/trade.csv" --year 1999 --actor PRK
contains "year message" "$work/err" "1999 is not in the trade data"
check "actor without trade" 2 "$parley" leverage "$work/trade.csv" --year 2014 --actor JPN
check "bad range" 2 "$parley" leverage "$work/trade.csv" --years 2014-2013
check "substitution out of range" 2 "$parley" leverage "$work/trade.csv" --substitution 1.5
check "missing file" 2 "$parley" leverage "$work/none.csv"
contains "missing file message" "$work/err" "no such file"
printf 'reporter,partner,year,exports,imports\nPRK,CHN,2014,abc,1\n' >"$work/bad.csv"
check "malformed file" 2 "$parley" leverage "$work/bad.csv"
contains "malformed message" "$work/err" "bad.csv:2:"
contains "malformed field" "$work/err" "exports: 'abc'"

cow=$project/../shared/data/trade/cow-dyadic-1870-2014.csv.gz
if [[ -f $cow ]]; then
  check "COW dyadic" 0 "$parley" leverage "$cow" --year 2014 --actor PRK
  contains "COW: China first" "$work/out" "   1 China"
  contains "COW: China's share" "$work/out" "79.30%"
  check "COW with national totals" 0 "$parley" leverage "$cow" \
    "$project/../shared/data/trade/cow-national-1870-2014.csv" --year 2014 --actor PRK --top 3
  contains "COW national: China's share" "$work/out" "82.38%"
else
  echo "leverage_cli: skipping the COW data checks (../shared/data/trade absent)"
fi

cli_finish
