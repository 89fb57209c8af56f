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
# Then the suites about stored files (evidence, dossiers, privacy, advisors) run once more with
# every file in a real SeaweedFS (tests/support/s3.py), on the last engine: PostgreSQL + S3 is
# how production runs. WEIQUAN_TEST_STORAGES="local" leaves that pass out.
engines="${WEIQUAN_TEST_ENGINES:-sqlite postgresql}"
storages="${WEIQUAN_TEST_STORAGES:-local s3}"
s3_suites=(tests/evidence tests/accounts/test_privacy.py tests/advisors tests/cases/test_events.py)
last_engine="${engines##* }"

s3_pass() {
  local engine_name="$1"
  shift
  if [[ " $storages " == *" s3 "* ]]; then
    echo "== pytest on $engine_name with evidence in S3 (SeaweedFS)"
    WEIQUAN_TEST_STORAGE=s3 .venv/bin/python -m pytest "${s3_suites[@]}" "$@"
  fi
}

for engine in $engines; do
  case "$engine" in
    sqlite)
      echo "== pytest on SQLite"
      env -u DATABASE_URL .venv/bin/python -m pytest "$@"
      if [[ "$last_engine" == sqlite ]]; then
        (unset DATABASE_URL; s3_pass SQLite "$@")
      fi
      ;;
    postgresql)
      echo "== pytest on PostgreSQL"
      trap 'scripts/pg.sh stop' EXIT
      DATABASE_URL="$(scripts/pg.sh start)"
      export DATABASE_URL
      .venv/bin/python -m pytest "$@"
      if [[ "$last_engine" == postgresql ]]; then
        s3_pass PostgreSQL "$@"
      fi
      unset DATABASE_URL
      scripts/pg.sh stop
      trap - EXIT
      ;;
    *)
      echo "test.sh: unknown engine '$engine' in WEIQUAN_TEST_ENGINES" >&2
      exit 2
      ;;
  esac
done
