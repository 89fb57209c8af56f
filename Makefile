# The two commands a newcomer needs: `make run` and `make test`. Both set the machine up first.
.PHONY: run test setup lint format messages bench

run: setup
	scripts/run.sh

test:
	scripts/test.sh

setup:
	scripts/setup.sh

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# Re-extract translatable text after changing templates or code, then translate locale/*/django.po.
messages:
	.venv/bin/python manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=staticfiles
	.venv/bin/python manage.py compilemessages --ignore=.venv

# Benchmarks print figures with their goals; not part of `make test` or CI.
bench: setup
	.venv/bin/python bench/run.py
