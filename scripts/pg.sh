#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests and benchmarks: its own data directory under var/,
# a free port on 127.0.0.1 only, trust authentication on loopback, the socket in the data
# directory. It never touches the machine's default cluster.
#
#   scripts/pg.sh start   start it (creating it the first time) and print its DATABASE_URL
#   scripts/pg.sh url     print the DATABASE_URL of the running cluster
#   scripts/pg.sh stop    stop it (fast shutdown); a no-op when it is not running
#   scripts/pg.sh restart stop and start it again on the same port (the URL stays valid)
#
# Idempotent: `start` on a running cluster only prints the URL; a stopped cluster starts again
# on its previous port while that port is free, so its URL outlives a stop and start. As root (CI, containers) the
# server runs as the `postgres` user, because initdb and postgres refuse to run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

ROOT="${WEIQUAN_PG_DIR:-$PWD/var/pg}"
DATA="$ROOT/data"
PORT_FILE="$ROOT/port"
LOG="$ROOT/server.log"
DB_NAME="weiquan"

bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$newest" ]; then
    echo "pg.sh: PostgreSQL is not installed (scripts/setup.sh installs Debian's postgresql)" >&2
    exit 1
  fi
  echo "$newest"
}
BIN="$(bindir)"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() {
  [ -f "$DATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

url() {
  echo "postgres://postgres@127.0.0.1:$(cat "$PORT_FILE")/$DB_NAME"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The previous port if nothing listens there now, else a new free one. SO_REUSEADDR as the
# server sets it: the connections of the stop just made may linger in TIME_WAIT.
port_for_start() {
  if [ -f "$PORT_FILE" ] && python3 -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))' "$(cat "$PORT_FILE")" 2>/dev/null; then
    cat "$PORT_FILE"
  else
    free_port
  fi
}

start() {
  if running; then
    url
    return
  fi
  mkdir -p "$ROOT"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$ROOT"
  fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
      >"$ROOT/initdb.log" 2>&1 || { cat "$ROOT/initdb.log" >&2; exit 1; }
  fi
  port="$(port_for_start)"
  echo "$port" >"$PORT_FILE"
  # fsync off: a test cluster is thrown away, never recovered. Nothing listens beyond loopback.
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $(cat "$PORT_FILE") -k $DATA -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { tail -20 "$LOG" >&2; exit 1; }
  if ! as_owner "$BIN/psql" -h 127.0.0.1 -p "$(cat "$PORT_FILE")" -U postgres -d postgres -Atqc \
      "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$(cat "$PORT_FILE")" -U postgres "$DB_NAME"
  fi
  url
}

stop() {
  if running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
  fi
}

restart() {
  if running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -m fast -w -t 60 restart >/dev/null
    url
  else
    start
  fi
}

case "${1:-}" in
  start) start ;;
  url) url ;;
  stop) stop ;;
  restart) restart ;;
  *) echo "usage: scripts/pg.sh start|url|stop|restart" >&2; exit 2 ;;
esac
