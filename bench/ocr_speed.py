"""Benchmark: OCR speed and the worker's memory (issue 18).

- warm: seconds to read one 1170×2532 order screenshot with the engine loaded (the median of
  READS reads in this process, after a warm-up read); goal ≤ 1.5 s on the 2-core machine;
- cold: a fresh Python process importing the door, loading the models and reading the same
  screenshot once (its whole wall time), as the first read after a worker starts would be
  without the warm-up;
- worker peak memory: a real `celery worker` (solo pool, so one process does the reading) on a
  scratch site with a private redis-server, reading the screenshots uploaded to a case through
  the vault (the upload queues the transcript task as in production); its VmHWM from /proc
  once every transcript is done; goal ≤ 600 MB.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = str(ROOT / ".venv/bin/python")
READS = int(os.environ.get("BENCH_OCR_READS", "5"))
WORKER_FILES = 3
WARM_GOAL = 1.5
MEMORY_GOAL_MB = 600


def screenshot(index: int = 2) -> bytes:
    """A generated 1170×2532 order page (Pinduoduo/Taobao layouts alternate with the index)."""
    from PIL import Image

    from bench.screenshots import order_sample

    image = order_sample(index).image
    page = Image.new("RGB", (1170, 2532), image.getpixel((5, 5)))
    page.paste(image.crop((0, 0, 1170, min(2532, image.height))))
    out = io.BytesIO()
    page.save(out, "PNG")
    return out.getvalue()


def warm_seconds(data: bytes) -> list[float]:
    from evidence.reading import ocr

    ocr.warm_up()
    ocr.read_bytes(data)
    seconds = []
    for _ in range(READS):
        started = time.monotonic()
        ocr.read_bytes(data)
        seconds.append(time.monotonic() - started)
    return seconds


COLD = """
import sys
sys.path.insert(0, {root!r})
from evidence.reading import ocr
ocr.read_bytes(open({path!r}, "rb").read())
"""


def cold_seconds(path: Path) -> float:
    started = time.monotonic()
    subprocess.run(
        [PYTHON, "-c", COLD.format(root=str(ROOT), path=str(path))], cwd=ROOT, check=True
    )
    return time.monotonic() - started


UPLOAD = """
from pathlib import Path
from datetime import date
from decimal import Decimal
from django.db import transaction
from accounts.services import user_sign_up
from cases.services import case_create
from evidence.integrity import receive_stream
from evidence.vault import evidence_add
from platforms.models import Platform
user = user_sign_up(phone="13600000018", password="bench-password-2026")
case = case_create(owner=user, platform=Platform.objects.get(slug="taobao"), shop_name="bench",
                   product="bench", amount_paid=Decimal("1"), purchase_date=date(2026, 1, 1),
                   problem="defect")
for path in sorted(Path({folder!r}).glob("*.png")):
    with transaction.atomic(), path.open("rb") as stream:
        evidence_add(case=case, received=receive_stream(stream, path.name),
                     kind="order_screenshot", actor=user)
"""
STATES = (
    "import json; from evidence.models import Transcript; "
    "print(json.dumps(sorted(Transcript.objects.values_list('state', flat=True))))"
)


def worker_peak_mb(work: Path, files: list[bytes]) -> tuple[float, list[str]]:
    from bench.phone_journey import free_port, process, redis_command, worker_command
    from bench.scratch import manage_shell, prepare, scratch_env

    env = scratch_env(work)
    port = free_port()
    env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    env["WEIQUAN_OCR"] = "1"
    folder = work / "shots"
    folder.mkdir()
    for index, data in enumerate(files):
        (folder / f"order-{index}.png").write_bytes(data)
    redis = redis_command(work, port)
    celery = worker_command()
    prepare(env)
    with ExitStack() as stack:
        stack.enter_context(process(redis, env=env, log=work / "redis.log", port=port))
        worker = stack.enter_context(process(celery, env=env, log=work / "worker.log"))
        manage_shell(env, UPLOAD.format(folder=str(folder)))
        deadline = time.monotonic() + 600
        states: list[str] = []
        while time.monotonic() < deadline:
            states = json.loads(manage_shell(env, STATES).strip().splitlines()[-1])
            if len(states) == len(files) and all(s in {"done", "failed"} for s in states):
                break
            time.sleep(2)
        peak_kib = 0
        for line in Path(f"/proc/{worker.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak_kib = int(line.split()[1])
    return peak_kib / 1024, states


def run() -> list[dict]:
    from bench.upload_hashing import row

    data = screenshot()
    work = Path(tempfile.mkdtemp(prefix="weiquan-bench-ocr-"))
    try:
        path = work / "order.png"
        path.write_bytes(data)
        cold = cold_seconds(path)
        warm = warm_seconds(data)
        peak, states = worker_peak_mb(work, [screenshot(i) for i in (2, 6, 10)][:WORKER_FILES])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    median = statistics.median(warm)
    print(f"  OCR warm reads (s): {', '.join(f'{s:.2f}' for s in warm)}; cold {cold:.1f} s")
    print(f"  worker transcripts: {states}; peak RSS {peak:.0f} MB")
    read_all = states.count("done") == WORKER_FILES
    return [
        row("OCR 1170×2532 screenshot, warm (median)", f"{median:.2f} s", f"≤ {WARM_GOAL} s",
            median <= WARM_GOAL),
        row("OCR 1170×2532 screenshot, cold process", f"{cold:.1f} s", "(reference)", True),
        row("OCR worker peak memory", f"{peak:.0f} MB", f"≤ {MEMORY_GOAL_MB} MB",
            read_all and peak <= MEMORY_GOAL_MB),
    ]  # fmt: skip


if __name__ == "__main__":
    for result in run():
        print(f"{result['name']}: {result['value']} (goal {result['goal']})")
