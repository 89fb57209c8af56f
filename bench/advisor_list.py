"""Benchmark: the advisors' case list and the consumer's pages at 10,000 to 1,000,000 cases,
on SQLite and on PostgreSQL.

Server time per request (middleware, session, permissions, the page's queries, the template)
through Django's test client in one process with production settings, beside the time of a
minimal view in the same process, and the number of queries. The cases are made in bulk
(bench/bulk_cases.py: COPY on PostgreSQL, executemany on SQLite) and the database analysed
before measuring; each size is the previous one plus more cases in the same proportions.

PostgreSQL: the server BENCH_DATABASE_URL (or DATABASE_URL, when it is a postgres URL) names,
else the private cluster of scripts/pg.sh, started and stopped here. The benchmark creates
its own database on that server and drops it afterwards (BENCH_KEEP_DATABASE=1 keeps it).

Goals (issue 17), on PostgreSQL at 1,000,000 cases: list ≤ 20 ms, filtered ≤ 25 ms, each
search ≤ 30 ms, ≤ 12 queries on every page, and time(1M) / time(10k) ≤ 1.5 for each advisor
page and for the consumer's case page and case list. SQLite is measured for comparison; its
goals are the same apart from the size (it stops at BENCH_SQLITE_MAX_CASES, 100,000 by
default, because a million rows through executemany take minutes and SQLite serves one host).
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000,1000000").split(",")]
SQLITE_MAX = int(os.environ.get("BENCH_SQLITE_MAX_CASES", "100000"))
ENGINES = os.environ.get("BENCH_ENGINES", "sqlite,postgresql").split(",")
ROUNDS = os.environ.get("BENCH_ROUNDS", "30")
BENCH_DB = "weiquan_bench_scale"

GOAL_MS = {"list": 20.0, "filtered": 25.0}  # searches: 30 ms
GOAL_QUERIES, GOAL_RATIO = 12, 1.5


def _goal_ms(page: str) -> float | None:
    if page.startswith("search"):
        return 30.0
    return GOAL_MS.get(page)


class PrivateCluster:
    """scripts/pg.sh's cluster, started only if it was not running, and stopped only then."""

    def __enter__(self) -> str:
        running = subprocess.run(["scripts/pg.sh", "url"], cwd=ROOT, capture_output=True)
        data = ROOT / "var/pg/data/postmaster.pid"
        self.started = not (running.returncode == 0 and data.exists())
        return subprocess.run(
            ["scripts/pg.sh", "start"], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.strip()

    def __exit__(self, *exc) -> None:
        if self.started:
            subprocess.run(["scripts/pg.sh", "stop"], cwd=ROOT, check=True)


def _server_url() -> str | None:
    for name in ("BENCH_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql://")):
            return url
    return None


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin_sql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def _measure(env: dict, sizes: list[int]) -> list[dict]:
    from bench.scratch import MANAGE, prepare

    prepare(env)
    lines = []
    with subprocess.Popen(
        [*MANAGE, "shell", "-c", "from bench.advisor_pages import main; main()"],
        cwd=ROOT,
        env=env | {"BENCH_SIZES": ",".join(map(str, sizes)), "BENCH_ROUNDS": ROUNDS},
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("{"):
                lines.append(json.loads(line))
                # Each size's figures as they come: a long run stopped early keeps them.
                sys.stderr.write(line)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, process.args)
    return lines


def _postgresql(work: str) -> list[dict]:
    from bench.scratch import scratch_env

    def measure(server: str) -> list[dict]:
        url = _with_database(server, BENCH_DB)
        _admin_sql(server, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        _admin_sql(server, f"CREATE DATABASE {BENCH_DB}")
        try:
            return _measure(scratch_env(work, production=True) | {"DATABASE_URL": url}, SIZES)
        finally:
            if not os.environ.get("BENCH_KEEP_DATABASE"):  # kept to EXPLAIN its queries
                _admin_sql(server, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")

    server = _server_url()
    if server:
        return measure(server)
    with PrivateCluster() as server:
        return measure(server)


def _sqlite(work: str) -> list[dict]:
    from bench.scratch import scratch_env

    sizes = [size for size in SIZES if size <= SQLITE_MAX]
    return _measure(scratch_env(work, production=True), sizes) if sizes else []


def table(lines: list[dict]) -> list[dict]:
    """One row per engine × size × page, with its goal and whether it is met."""
    from bench.upload_hashing import row

    first = {(line["engine"]): line for line in reversed(lines)}  # each engine's smallest size
    rows = []
    for line in lines:
        engine, size, results = line["engine"], line["size"], line["results"]
        minimal = results["minimal"]["ms"]
        base = first[engine]
        for page, figure in results.items():
            label = f"scale, {engine}, {size:>9,} cases: {page}"
            value = f"{figure['ms']:6.1f} ms, {figure['queries']:2d} queries"
            if page == "minimal":
                rows.append(row(label, value, "— (reference)", True))
                continue
            ratio = figure["ms"] / base["results"][page]["ms"]
            value += f", ×{ratio:.2f} of {base['size']:,}, minimal {minimal:.1f} ms"
            if figure["rows"]:
                value += f", {figure['rows']} rows"
            goals, ok = [], figure["queries"] <= GOAL_QUERIES
            limit = _goal_ms(page)
            if limit is not None:
                goals.append(f"≤ {limit:.0f} ms")
                ok = ok and figure["ms"] <= limit
            goals.append(f"≤ {GOAL_QUERIES} queries")
            if size > base["size"]:
                goals.append(f"≤ ×{GOAL_RATIO}")
                ok = ok and ratio <= GOAL_RATIO
            rows.append(row(label, value, ", ".join(goals), ok))
    return rows


def run() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from bench.upload_hashing import row

    lines = []
    with tempfile.TemporaryDirectory(prefix="weiquan-bench-scale-") as work:
        if "sqlite" in ENGINES:
            lines += _sqlite(work)
        if "postgresql" in ENGINES:
            lines += _postgresql(work)
    rows = table(lines)
    skipped = [size for size in SIZES if size > SQLITE_MAX]
    if "sqlite" in ENGINES and skipped:
        rows.append(
            row(
                f"scale, sqlite, {skipped[0]:>9,} cases",
                "not measured",
                f"capped at BENCH_SQLITE_MAX_CASES={SQLITE_MAX:,}",
                True,
            )
        )
    for line in lines:
        rows.append(
            row(
                f"scale, {line['engine']}, {line['size']:>9,} cases: bulk load",
                f"{line['seeded_s']:.0f} s (this step's rows, then ANALYZE)",
                "—",
                True,
            )
        )
    return rows


if __name__ == "__main__":
    for line in run():
        mark = "" if line["ok"] else "  FAIL"
        print(f"{line['name']:<55} {line['value']:<70} {line['goal']}{mark or '  PASS'}")
