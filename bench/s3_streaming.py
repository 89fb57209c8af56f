"""Benchmark: a 500 MB video downloaded and verified from S3 (a real SeaweedFS on loopback).

Each way of reading runs in a fresh process that measures its own resident memory (VmRSS,
sampled every 8 MiB) above its baseline, and the time to the first byte a browser would
get:
- streamed: what weiquan does (evidence/storage.open_stream: the object's body, 1 MiB at a
  time), for the download response and for the verification's hash;
- django-storages' own `open()` as it is by default (AWS_S3_MAX_MEMORY_SIZE=0: the object is
  read whole into memory), and with the 8 MB spill weiquan's S3 settings set (the object is
  copied whole to a temporary file before the first byte).
Goal: the streamed download and verify grow the process by at most 64 MB.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
SIZE_MB = int(os.environ.get("BENCH_S3_MB", "500"))
GOAL_MB = 64
NAME = "evidence/be/bench-video"

MEASURE = r"""
import hashlib, json, os, sys, time
import django
django.setup()
from evidence.models import Evidence
from evidence.responses import evidence_file_response
from evidence.storage import evidence_storage, open_stream
from evidence.vault import stored_sha256

def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

name, how = sys.argv[1], sys.argv[2]
with open_stream(name) as warm:  # the connection, boto's models and the code are loaded
    warm.read(1024)
evidence = Evidence(file=name, original_name="video.mp4", content_type="video/mp4")
base = peak = rss_mb()
started = time.perf_counter()
first = None
hasher = hashlib.sha256()
if how == "verify":
    found = stored_sha256(evidence)
    peak = max(peak, rss_mb())
else:
    if how == "download":
        response = evidence_file_response(
            evidence, name, content_type="video/mp4", attachment=True
        )
        chunks = iter(response.streaming_content)
    else:  # django-storages' open(), as FileResponse would read it
        stored = evidence_storage.open(name, "rb")
        chunks = iter(lambda: stored.read(1024 * 1024), b"")
    read = 0
    for chunk in chunks:
        if first is None:
            first = time.perf_counter() - started
            peak = max(peak, rss_mb())
        hasher.update(chunk)
        read += len(chunk)
        if read % (8 * 1024 * 1024) < len(chunk):
            peak = max(peak, rss_mb())
    found = hasher.hexdigest()
print(json.dumps({
    "growth_mb": peak - base, "seconds": time.perf_counter() - started,
    "first_byte_s": first, "sha256": found,
}))
"""


def row(name: str, value: str, goal: str, ok: bool) -> dict:
    return {"name": name, "value": value, "goal": goal, "ok": ok}


def _measure(server, how: str, *, max_memory_mb: str) -> dict:
    env = {
        **os.environ,
        **server.storage_environ("bench"),
        "WEIQUAN_S3_MAX_MEMORY_MB": max_memory_mb,
        "DJANGO_SETTINGS_MODULE": "weiquan.settings",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [PYTHON, "-c", MEASURE, NAME, how],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def run() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from bench.seaweedfs import seaweedfs

    with tempfile.TemporaryDirectory() as folder:
        video = Path(folder) / "video"
        with video.open("wb") as out:
            for _ in range(SIZE_MB):
                out.write(os.urandom(1024 * 1024))
        (Path(folder) / "s3").mkdir()
        with seaweedfs(Path(folder) / "s3") as server:
            server.client(timeout=60).upload_file(str(video), server.bucket, f"bench/{NAME}")
            video.unlink()
            results = {
                "download": _measure(server, "download", max_memory_mb="8"),
                "verify": _measure(server, "verify", max_memory_mb="8"),
                "open-default": _measure(server, "open", max_memory_mb="0"),
                "open-spill": _measure(server, "open", max_memory_mb="8"),
            }
    hashes = {result["sha256"] for result in results.values()}
    assert len(hashes) == 1, "every way of reading must see the same bytes"
    rows = []
    for how, label in (("download", "download"), ("verify", "verify (re-hash)")):
        result = results[how]
        rows.append(
            row(
                f"S3 {SIZE_MB} MB {label}, streamed: memory growth",
                f"{result['growth_mb']:.1f} MB in {result['seconds']:.1f} s",
                f"≤ {GOAL_MB} MB",
                result["growth_mb"] <= GOAL_MB,
            )
        )
    rows.append(
        row(
            f"S3 {SIZE_MB} MB download, streamed: first byte",
            f"{results['download']['first_byte_s'] * 1000:.0f} ms",
            "beside django-storages' open() below",
            True,
        )
    )
    for how, label in (("open-default", "no spill (default)"), ("open-spill", "8 MB spill")):
        result = results[how]
        rows.append(
            row(
                f"S3 {SIZE_MB} MB via django-storages open(), {label}",
                f"{result['growth_mb']:.0f} MB, first byte {result['first_byte_s']:.1f} s",
                "(for comparison: not used)",
                True,
            )
        )
    return rows


if __name__ == "__main__":
    for line in run():
        print(f"{line['name']}: {line['value']} (goal {line['goal']})")
