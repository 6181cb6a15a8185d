#!/usr/bin/env bash
# Side by side with the drizzle anchor, in one run, interleaved: the workplace's shared harness
# (../shared/bench/ours/run.sh beside this repository, or BENCH_SHARED=/path/to/shared/bench) installs
# the pinned drizzle-orm/drizzle-kit versions into a scratch folder (never into this package),
# generates the same N-table tenant schema for both tools, and prints type cost (tsc 5.9
# instantiations) and emit vs drizzle-kit generate (fresh and no-change), with ratios.
#
#   npm run bench:drizzle                                   (sizes: the harness's defaults)
#   TSC_NS="100 300" EMIT_NS="100 300" RUNS=3 npm run bench:drizzle
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${BENCH_SHARED:-$ROOT/../shared/bench}"
if [ ! -f "$SHARED/ours/run.sh" ]; then
  echo "bench:drizzle: the shared harness is not at $SHARED/ours/run.sh; set BENCH_SHARED to the folder holding ours/ and drizzle/" >&2
  exit 2
fi
(cd "$ROOT" && npm run build >/dev/null)
exec bash "$SHARED/ours/run.sh" "$ROOT" "${SCRATCH:-/tmp/tenant-schema-vs-drizzle}"
