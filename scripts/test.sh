#!/usr/bin/env bash
# The whole test suite: installs Debian chromium, PostgreSQL and nginx when missing, starts a throwaway
# PostgreSQL server on 127.0.0.1 (as the postgres user, in a folder under /tmp), runs pytest, stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)  # scripts/serve_many.sh's balancer
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} (Debian packages)..."
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

source scripts/postgres.sh
start_postgres
trap stop_postgres EXIT

"$PY" -m ruff check .
"$PY" -m ruff format --check .
"$PY" -m mypy                       # the pure domain, 0 errors (files listed in pyproject.toml)
"$PY" -m pytest -q -p no:cacheprovider --doctest-modules indicators --ignore=indicators/store/migrations
# Two workers for the tests that share nothing (each has its own SQLite copy); the browser tests
# (one app server per session) and the PostgreSQL tests (one shared test database) run after, in order.
"$PY" -m pytest -q -p no:cacheprovider -n 2 -m "not browser and not postgres" "$@"
"$PY" -m pytest -q -p no:cacheprovider -m "browser or postgres" "$@"
