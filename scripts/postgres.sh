# Sourced by scripts/test.sh and bench scripts: a throwaway PostgreSQL cluster on 127.0.0.1.
PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
PG_DIR=""
PG_PORT=""

start_postgres() {
  PG_DIR=$(mktemp -d /tmp/ysd-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  local run=(runuser -u postgres --)
  [ "$(id -u)" = 0 ] || run=()
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  "${run[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust >/dev/null
  "${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off" start >/dev/null
  "${run[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres ysd_test
  export TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/ysd_test"
  echo "PostgreSQL running at $TEST_POSTGRES_URL"
}

stop_postgres() {
  [ -n "$PG_DIR" ] || return 0
  local run=(runuser -u postgres --)
  [ "$(id -u)" = 0 ] || run=()
  "${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
