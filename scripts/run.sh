#!/usr/bin/env bash
# Run weiquan locally: the Django dev server, a Celery worker and beat, and a private
# redis-server unless one already answers at REDIS_URL. Ctrl-C stops them all.
#
# Nothing started here outlives this script, however it is stopped (Ctrl-C, a SIGTERM to
# its process group from a supervisor, a closed terminal): redis-server and honcho run as
# its children, not daemonized, and the trap stops them, honcho first (it stops the web
# server, worker and beat, which it starts in sessions of their own), then redis-server.
#
# A web server, worker or beat that dies is started again (scripts/supervise.sh, named in the
# Procfile): honcho alone would stop everything else when one of them exits.
set -euo pipefail
cd "$(dirname "$0")/.."

children=()
stop_children() {
  trap - INT TERM HUP EXIT
  local i
  for ((i = ${#children[@]} - 1; i >= 0; i--)); do
    kill -TERM "${children[i]}" 2>/dev/null || true
    wait "${children[i]}" 2>/dev/null || true
  done
}
trap 'stop_children; exit 130' INT
trap 'stop_children; exit 143' TERM
trap 'stop_children; exit 129' HUP
trap stop_children EXIT

export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
redis_host=$(.venv/bin/python -c "from urllib.parse import urlparse as u; print(u('$REDIS_URL').hostname or '127.0.0.1')")
redis_port=$(.venv/bin/python -c "from urllib.parse import urlparse as u; print(u('$REDIS_URL').port or 6379)")

if redis-cli -h "$redis_host" -p "$redis_port" ping >/dev/null 2>&1; then
  echo "run: using the Redis already answering at $REDIS_URL"
else
  echo "run: starting redis-server on $redis_host:$redis_port"
  mkdir -p var
  redis-server --bind "$redis_host" --port "$redis_port" --save '' --appendonly no \
    --logfile "$PWD/var/redis.log" &
  children+=("$!")
  for _ in $(seq 50); do redis-cli -h "$redis_host" -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_directory
.venv/bin/python manage.py check_storage
.venv/bin/python manage.py seed_demo

# honcho sets PORT itself (5000 and up) for every process: pass ours under another name.
export WEIQUAN_PORT="${PORT:-8000}"
echo "run: open http://127.0.0.1:${WEIQUAN_PORT}/"
# In the background and waited for, so a signal reaches the trap at once.
.venv/bin/honcho start -f Procfile &
children+=("$!")
wait "$!"
