"""Benchmark: the load run of issue 17, bounded and on loopback.

gunicorn (gunicorn.conf.py, DEBUG off) on PostgreSQL + Redis + SeaweedFS, with a Celery
worker making the uploads' pictures, all private to the run (bench/load_stack.py). Locust
(bench/load_users.py) plays 50 consumers who sign in, browse their case list and the case
page's five sections and upload 1 MB photos through the real form, and 5 advisors who sign
in to the admin and page and search their list, for 60 s. Printed: requests per second and
p50/p95/p99 per page beside the minimal view's (/bench-minimal/, bench/load_urls.py), and
every error; then every upload answered as saved is checked: its row, its object in the bucket
and the object's SHA-256 against what was sent. Goals: 0 errors, 0 lost uploads, case page
p95 ≤ 10× the minimal view's p95 in the same run.

    .venv/bin/python bench/load.py [--seconds 60] [--users 50] [--advisors 5]
"""

import argparse
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_cpu import CpuSampler  # noqa: E402 - after the path, as in bench/run.py

PYTHON = str(ROOT / ".venv/bin/python")
LOCUST = str(ROOT / ".venv/bin/locust")
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
ADVISORS = 5
THINK = float(os.environ.get("BENCH_LOAD_THINK", "1.5"))
WEB_WORKERS = int(os.environ.get("BENCH_LOAD_WEB_WORKERS", "3"))
WEB_THREADS = int(os.environ.get("BENCH_LOAD_WEB_THREADS", "4"))
WORKER_CONCURRENCY = int(os.environ.get("BENCH_LOAD_WORKER_CONCURRENCY", "1"))
CASE_PAGE = "case page (5 sections)"
MINIMAL = "minimal view"
RATIO_GOAL = 10
# People arriving per second. Each sign-in costs a PBKDF2 hash (Django's 1,000,000 rounds,
# 0.3-0.9 s of CPU here): 5 a second swamped 2 shared cores and sign-ins timed out.
SPAWN_RATE = float(os.environ.get("BENCH_LOAD_SPAWN_RATE", "1"))
RAMP = 300  # seconds allowed for everyone to sign in before the measured window


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of `values` (sorted)."""
    return values[max(math.ceil(share * len(values)) - 1, 0)] if values else math.nan


def measured(run: dict) -> list:
    """The requests of the measured window, and every sign-in (made before it opens)."""
    start, stop = run["window"].get("start", math.inf), run["window"]["stop"]
    return [sample for sample in run["samples"]
            if "sign-in" in sample[0] or start <= sample[4] <= stop]  # fmt: skip


def figures(samples: list, seconds: float) -> dict:
    """Per page: requests, requests/s, p50/p95/p99 (ms), errors; the case page's five sections
    also together."""
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = Counter()
    for name, ms, status, error, _ in samples:
        groups = [name, CASE_PAGE] if name.startswith("case page: ") else [name]
        for group in groups:
            times[group].append(ms)
            if error or not 200 <= status < 400:
                errors[group] += 1
    table = {}
    for name, values in times.items():
        values.sort()
        table[name] = {
            "requests": len(values), "rps": len(values) / seconds, "errors": errors[name],
            "p50": percentile(values, 0.50), "p95": percentile(values, 0.95),
            "p99": percentile(values, 0.99),
        }  # fmt: skip
    return table


def error_kinds(samples: list) -> Counter:
    return Counter(
        f"{name}: {error or f'HTTP {status}'}"
        for name, _, status, error, _ in samples
        if error or not 200 <= status < 400
    )


def child(action: str, argument: str, env: dict) -> dict:
    done = subprocess.run([PYTHON, "bench/load_seed.py", action, argument], cwd=ROOT, env=env,
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"load_seed {action} failed: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def drive(site, *, seconds: int, users: int, advisors: int, out: Path) -> tuple[list, float, dict]:
    """Locust, headless, in a process of its own: everyone signs in (5 a second), then the
    measured window of `seconds`. The window's requests (and the sign-ins), its length, and
    the CPU seconds each part of the site (and the machine) used in it."""
    env = site.env | {
        "BENCH_LOAD_ACCOUNTS": str(out / "accounts.json"), "BENCH_LOAD_OUT": str(out),
        "BENCH_LOAD_THINK": str(THINK), "BENCH_LOAD_CONSUMERS": str(users),
        "BENCH_LOAD_ADVISORS": str(advisors), "BENCH_LOAD_SECONDS": str(seconds),
    }  # fmt: skip
    command = [LOCUST, "-f", "bench/load_users.py", "--headless", "--host", site.base_url,
               "-u", str(users + advisors), "-r", str(SPAWN_RATE), "-t", f"{seconds + RAMP}s",
               "--stop-timeout", "30", "--only-summary", "--loglevel", "WARNING",
               "--exit-code-on-error", "0"]  # fmt: skip
    with (out / "locust.log").open("w") as log:
        locust = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        sampler = CpuSampler(site.groups | {"locust": locust.pid})
        sampler.start()
        try:
            code = locust.wait(timeout=seconds + RAMP + 120)
        finally:
            if locust.poll() is None:
                os.killpg(locust.pid, signal.SIGKILL)
                locust.wait()
            sampler.stop()
    if code != 0:
        raise RuntimeError(f"locust failed: {(out / 'locust.log').read_text()[-3000:]}")
    run = json.loads((out / "samples.json").read_text())
    window = run["window"]
    if "start" not in window:
        raise RuntimeError(f"only {window.get('signed_in', 0)} people signed in within {RAMP} s")
    return (
        measured(run),
        window["stop"] - window["start"],
        sampler.between(window["start"], window["stop"]),
    )


def print_cpu(cpu: dict, seconds: float) -> None:
    """Who used the cores in the window: each part of the site, and everything else on the
    machine (the neighbours), in CPU seconds and as a share of all the machine's cores."""
    if not cpu:
        return
    capacity = (os.cpu_count() or 1) * seconds
    ours = sum(value for name, value in cpu.items() if name != "machine")
    parts = sorted(((v, n) for n, v in cpu.items() if n != "machine"), reverse=True)
    parts.append((max(cpu["machine"] - ours, 0.0), "rest of the machine"))
    parts.append((max(capacity - cpu["machine"], 0.0), "idle"))
    print(
        f"  CPU in the window ({os.cpu_count()} cores × {seconds:.0f} s = {capacity:.0f} s): "
        + ", ".join(f"{name} {value:.0f} s ({value / capacity:.0%})" for value, name in parts)
    )


def report(
    table: dict, verified: dict, errors: Counter, *, seconds: float, users: int, advisors: int
) -> list:
    from bench.upload_hashing import row

    minimal = table.get(MINIMAL, {"p95": math.nan})
    width = max(len(name) for name in table)
    print(f"\nload run: {users} consumers + {advisors} advisors, {seconds:.0f} s, "
          f"think {THINK:g} s, gunicorn {WEB_WORKERS}×{WEB_THREADS} threads")  # fmt: skip
    print(f"{'page'.ljust(width)}  requests   req/s    p50 ms   p95 ms   p99 ms  p95/minimal"
          "  errors")  # fmt: skip
    order = sorted(table, key=lambda name: (name != MINIMAL, name != CASE_PAGE, name))
    for name in order:
        f = table[name]
        print(f"{name.ljust(width)}  {f['requests']:8d}  {f['rps']:6.1f}  {f['p50']:8.0f} "
              f"{f['p95']:8.0f} {f['p99']:8.0f}  {f['p95'] / minimal['p95']:10.1f}x  "
              f"{f['errors']:6d}")  # fmt: skip
    total = sum(f["requests"] for name, f in table.items() if name != CASE_PAGE)
    print(f"{'all'.ljust(width)}  {total:8d}  {total / seconds:6.1f}")
    for kind, count in errors.most_common(10):
        print(f"  error ×{count}: {kind}")
    for lost in verified["lost"][:10]:
        print(f"  lost: {lost}")
    case = table.get(CASE_PAGE, {"p95": math.nan})
    ratio = case["p95"] / minimal["p95"]
    error_count = sum(errors.values())
    label = f"load run ({users} consumers + {advisors} advisors, {seconds:.0f} s)"
    rows = [
        row(f"{label}: {name}", f"{f['rps']:.1f} req/s, p50 {f['p50']:.0f} / p95 {f['p95']:.0f} / "
            f"p99 {f['p99']:.0f} ms", "(reference)", True)
        for name, f in ((name, table[name]) for name in order)
    ]  # fmt: skip
    rows += [
        row(f"{label}: errors", f"{error_count} of {total} requests", "0", error_count == 0),
        row(f"{label}: uploads lost", f"{len(verified['lost'])} of {verified['saved']} answered "
            f"as saved ({verified['sent']} sent)", "0", not verified["lost"]
            and verified["saved"] > 0),
        row(f"{label}: case page p95 / minimal view p95", f"{case['p95']:.0f} / "
            f"{minimal['p95']:.0f} ms = {ratio:.1f}x", f"≤ {RATIO_GOAL}x", ratio <= RATIO_GOAL),
    ]  # fmt: skip
    return rows


def run(seconds: int = SECONDS, users: int = USERS, advisors: int = ADVISORS) -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from bench.load_stack import site

    work = Path(tempfile.mkdtemp(prefix="weiquan-bench-load-"))
    begun = time.monotonic()
    try:
        with site(work, web_workers=WEB_WORKERS, web_threads=WEB_THREADS,
                  worker_concurrency=WORKER_CONCURRENCY) as running:  # fmt: skip
            print(f"  site up in {time.monotonic() - begun:.0f} s", flush=True)
            started = time.monotonic()
            accounts = child("seed", f"{users},{advisors}", running.env)
            (work / "accounts.json").write_text(json.dumps(accounts))
            drained = child("drain", "", running.env)
            print(f"  seeded {users} consumers, {accounts['shared']} shared cases in "
                  f"{time.monotonic() - started:.0f} s (pictures drained in "
                  f"{drained['seconds']:.0f} s)", flush=True)  # fmt: skip
            samples, length, cpu = drive(running, seconds=seconds, users=users, advisors=advisors,
                                    out=work)  # fmt: skip
            verified = child("verify", str(work / "uploads.jsonl"), running.env)
        print_cpu(cpu, length)
        return report(figures(samples, length), verified, error_kinds(samples),
                      seconds=length, users=users, advisors=advisors)  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=SECONDS)
    parser.add_argument("--users", type=int, default=USERS, help="simulated consumers")
    parser.add_argument("--advisors", type=int, default=ADVISORS)
    options = parser.parse_args()
    for line in run(options.seconds, options.users, options.advisors):
        mark = "" if line["ok"] else "  ← misses its goal"
        print(f"{line['name']}: {line['value']}  (goal {line['goal']}){mark}")
