#!/usr/bin/env bash
# Everything CI checks, in the order a developer wants to hear about it.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "== mypy (the modules listed under [tool.mypy] in pyproject.toml)"
.venv/bin/mypy

echo "== migrations are committed"
.venv/bin/python manage.py makemigrations --check --dry-run

echo "== docker-compose.yml against the Compose spec"
.venv/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml

echo "== production settings pass the deploy checks"
DJANGO_DEBUG=0 DJANGO_SECRET_KEY="ci-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')-0123456789abcdefghijklmnopqrstuvwxyz" \
  DJANGO_ALLOWED_HOSTS=weiquan.example \
  .venv/bin/python manage.py check --deploy --fail-level WARNING

export DJANGO_ALLOW_ASYNC_UNSAFE=true
# The suite runs once per database engine: SQLite (the default of `make run`), then PostgreSQL in
# a private cluster (scripts/pg.sh) that this script starts and always stops.
# WEIQUAN_TEST_ENGINES="sqlite" (or "postgresql") runs one of them.
engines="${WEIQUAN_TEST_ENGINES:-sqlite postgresql}"
for engine in $engines; do
  case "$engine" in
    sqlite)
      echo "== pytest on SQLite"
      env -u DATABASE_URL .venv/bin/python -m pytest "$@"
      ;;
    postgresql)
      echo "== pytest on PostgreSQL"
      trap 'scripts/pg.sh stop' EXIT
      DATABASE_URL="$(scripts/pg.sh start)" .venv/bin/python -m pytest "$@"
      scripts/pg.sh stop
      trap - EXIT
      ;;
    *)
      echo "test.sh: unknown engine '$engine' in WEIQUAN_TEST_ENGINES" >&2
      exit 2
      ;;
  esac
done
