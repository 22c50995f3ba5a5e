#!/usr/bin/env bash
# Refits the shipped error model data/error-models/deu3.json (`--errors deu3`) from the DEU
# III development file, which the project does not ship (../shared/data/deu3, see its
# README). Usage: bash scripts/fit-error-models.sh [DEU_FILE] [PARLEY]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/deu3/deu3-dev.tsv}
parley=${2:-build/parley}
"$parley" validate "$data" --procedure without \
  -m compromise -m median -m nash -m eum -m exchange -m smp -m procedural -m blend \
  --fit-errors data/error-models/deu3.json > /dev/null
echo "wrote data/error-models/deu3.json from $data"
