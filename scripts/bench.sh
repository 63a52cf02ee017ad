#!/usr/bin/env bash
# Every benchmark in turn (`make bench`), each printing its ratio measured in the same run.
# Generates the ~1M-row national file once into bench/out/ (git-ignored). Everything listens on
# 127.0.0.1 only. Benchmarks are measurements: a ratio that misses its goal prints FAIL, and the
# script still runs the rest; it exits non-zero only when a benchmark itself crashes.
#
#   bash scripts/bench.sh              # SQLite (the embedded default)
#   BENCH_POSTGRES=1 bash scripts/bench.sh   # also PostgreSQL: a throwaway server (scripts/postgres.sh)
#   BENCH_POSTGRES_URL=postgresql+psycopg://... bash scripts/bench.sh   # also PostgreSQL: this server
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
OUT=bench/out
mkdir -p "$OUT"
LOG="$OUT/bench-$(date +%Y%m%d-%H%M%S).log"
STATUS=0

run() {  # run NAME TIMEOUT_S CMD...: print its output, keep it in the log, note a crash
  local name=$1 limit=$2
  shift 2
  echo "== $name"
  timeout "$limit" "$@" 2>&1 | tee -a "$LOG"
  local rc=${PIPESTATUS[0]}
  if [ "$rc" -ne 0 ]; then
    echo "!! $name exited with $rc" | tee -a "$LOG"
    STATUS=1
  fi
}

if [ ! -f "$OUT/national.csv" ]; then
  run "generate the national file" 900 "$PY" bench/generate.py "$OUT/national.csv"
fi

DBS=$(mktemp -d /tmp/ysd-bench-dbs.XXXXXX)
PG_URL=${BENCH_POSTGRES_URL:-}
cleanup() {
  rm -rf "$DBS"
  if [ -n "${PG_STARTED:-}" ]; then stop_postgres; fi
}
trap cleanup EXIT
if [ -z "$PG_URL" ] && [ -n "${BENCH_POSTGRES:-}" ]; then
  source scripts/postgres.sh
  start_postgres && PG_STARTED=1 && PG_URL=$TEST_POSTGRES_URL
fi

run "ingest throughput (SQLite)" 1800 "$PY" bench/ingest_throughput.py --file "$OUT/national.csv"
run "service scaling (SQLite)" 2400 "$PY" bench/service_scaling.py --keep "$DBS"
run "memory scaling (SQLite)" 1200 "$PY" bench/memory_scaling.py --from "$DBS"
if [ -n "$PG_URL" ]; then
  run "ingest throughput (PostgreSQL)" 1800 "$PY" bench/ingest_throughput.py --file "$OUT/national.csv" --postgres "$PG_URL"
  run "service scaling (PostgreSQL)" 2400 "$PY" bench/service_scaling.py --postgres "$PG_URL"
fi
# Many people at once: LOAD_SESSIONS concurrent sessions for LOAD_SECONDS (defaults: the issue's 50 for 2 minutes).
run "serve under load (SQLite)" 900 "$PY" bench/serve_load.py --sessions "${LOAD_SESSIONS:-50}" --seconds "${LOAD_SECONDS:-120}"
if [ -n "$PG_URL" ]; then
  run "serve under load (PostgreSQL)" 900 "$PY" bench/serve_load.py --database-url "$PG_URL" \
    --sessions "${LOAD_SESSIONS:-50}" --seconds "${LOAD_SECONDS:-120}"
fi
if [ -f bench/overview_browser.py ]; then
  run "overview in a browser" 1800 "$PY" bench/overview_browser.py
fi
# One ratio per viewer page, against a bare page with as many Plotly charts.
run "every viewer page in a browser" 2400 "$PY" bench/pages_browser.py

echo "== ratios"
grep -h "RATIO" "$LOG" || true
echo "(full output: $LOG)"
exit $STATUS
