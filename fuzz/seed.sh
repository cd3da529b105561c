#!/usr/bin/env bash
# Seed the fuzz corpus from ../shared/corpus/odd and the fixtures (never committed), then run:
#   RUSTC_BOOTSTRAP=1 cargo fuzz run extract corpus/extract -- -max_total_time=600 -rss_limit_mb=1024 -timeout=10
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/extract
cp ../../shared/corpus/odd/*.pdf corpus/extract/ 2>/dev/null || echo "no ../shared/corpus/odd; seeding from fixtures only"
cp ../fixtures/seed003*.pdf corpus/extract/
