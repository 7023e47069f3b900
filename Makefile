.DEFAULT_GOAL := help
# `make run PORT=9000` reaches the scripts (and the links they print) as the environment.
export PORT BIND
.PHONY: help run serve test test-postgres lint format bench bench-imports

help:  ## List the documented targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

run:  ## Set up, load demo data and serve the portal on http://127.0.0.1:8000
	@scripts/run

serve:  ## Serve the portal under gunicorn with the production settings (behind a TLS proxy in production)
	@scripts/serve

test:  ## Install what tests need and run every test (SQLite unless DATABASE_URL is set)
	@scripts/test $(PYTEST_ARGS)

test-postgres:  ## Every test against the local PostgreSQL server, on a fresh database
	@DATABASE_URL=postgres://postgres@127.0.0.1:5432/betterwork scripts/test --create-db $(PYTEST_ARGS)

lint:  ## ruff check, format check and the import contracts of .importlinter
	@scripts/lint

format:  ## Apply ruff fixes and formatting
	@.venv/bin/ruff check --fix . && .venv/bin/ruff format .

bench:  ## Time every page under gunicorn at demo size and at 100,000 factories (PostgreSQL databases of its own)
	@.venv/bin/python benchmarks/pages.py $(if $(SIZES),--sizes $(SIZES)) $(if $(COMPARE),--compare $(COMPARE))

bench-imports:  ## Time import_factories on 100,000 generated rows (PostgreSQL, its own database)
	@psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'betterwork_bench_imports'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE betterwork_bench_imports"
	@DATABASE_URL=postgres://postgres@127.0.0.1:5432/betterwork_bench_imports .venv/bin/python benchmarks/imports.py
