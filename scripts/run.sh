#!/usr/bin/env bash
# Run weiquan locally: the Django dev server, a Celery worker and beat, and a private
# redis-server unless one already answers at REDIS_URL. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."

export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
redis_host=$(.venv/bin/python -c "from urllib.parse import urlparse as u; print(u('$REDIS_URL').hostname or '127.0.0.1')")
redis_port=$(.venv/bin/python -c "from urllib.parse import urlparse as u; print(u('$REDIS_URL').port or 6379)")

if redis-cli -h "$redis_host" -p "$redis_port" ping >/dev/null 2>&1; then
  echo "run: using the Redis already answering at $REDIS_URL"
else
  echo "run: starting redis-server on $redis_host:$redis_port"
  mkdir -p var
  redis-server --bind "$redis_host" --port "$redis_port" --daemonize yes \
    --pidfile "$PWD/var/redis.pid" --save '' --appendonly no --logfile "$PWD/var/redis.log"
  trap 'kill "$(cat "$PWD/var/redis.pid")" 2>/dev/null || true' EXIT
  for _ in $(seq 50); do redis-cli -h "$redis_host" -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_directory
.venv/bin/python manage.py seed_demo

# honcho sets PORT itself (5000 and up) for every process: pass ours under another name.
export WEIQUAN_PORT="${PORT:-8000}"
echo "run: open http://127.0.0.1:${WEIQUAN_PORT}/"
.venv/bin/honcho start -f Procfile
