"""Benchmark: a case with 40 phone photos (4000×3000 JPEG, ~3 MB each) → full dossier.

Three measurements, each run in a process of its own so peak memory is its own: Pillow
fully decoding the 40 files (the floor a naive pipeline cannot beat), the dossier cold (no
print renditions yet) and warm (renditions made by the cold run). Each is repeated and the
median printed: on a shared 2-core machine one run can be a fifth slower than the next.
Runs on a throw-away database and media folder.
"""

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
PHOTOS = int(os.environ.get("BENCH_PHOTOS", "40"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def make_photo(path: Path, seed: int) -> None:
    """A 4000×3000 JPEG with photo-like detail (gradients and sensor-like noise), ~3 MB."""
    from PIL import Image, ImageChops

    width, height = 4000, 3000
    base = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 14 + seed % 5)
    red = ImageChops.add(base, noise, scale=1.6)
    green = ImageChops.add(base.rotate(90, expand=False), noise, scale=1.9)
    blue = ImageChops.multiply(noise, base)
    Image.merge("RGB", (red, green, blue)).save(path, "JPEG", quality=85)


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weiquan.settings")
    import django

    django.setup()


def phase_seed(folder: Path) -> dict:
    _django()
    import io
    from datetime import date
    from decimal import Decimal

    from accounts.services import user_sign_up
    from cases.services import case_create
    from evidence import integrity, renditions, vault
    from platforms.models import Platform

    renditions.renditions_queue = lambda evidence_id: None  # measured cold below, on purpose
    owner = user_sign_up(phone="13600000001", password="bench-password-2026")
    case = case_create(
        owner=owner, platform=Platform.objects.get(slug="tmall"), shop_name="运动潮鞋店",
        product="运动鞋", amount_paid=Decimal("1299"), purchase_date=date(2026, 11, 1),
        problem="counterfeit", wants=["refund", "compensation"],
    )  # fmt: skip
    for photo in sorted(folder.glob("*.jpg")):
        with photo.open("rb") as stream:
            received = integrity.receive_stream(io.BytesIO(stream.read()), photo.name)
        vault.evidence_add(case=case, received=received, kind="product_photo", actor=owner)
        received.close()
    return {"reference": case.reference}


def phase_decode(folder: Path) -> dict:
    from PIL import Image

    started = time.perf_counter()
    for photo in sorted(folder.glob("*.jpg")):
        with Image.open(photo) as image:
            image.load()
    return {"seconds": time.perf_counter() - started}


def phase_forget(reference: str) -> dict:
    """Back to cold: the case's print renditions are deleted."""
    _django()
    from evidence.models import Evidence

    for item in Evidence.objects.filter(case__reference=reference).exclude(print_rendition=""):
        item.print_rendition.delete(save=False)
        Evidence.objects.filter(pk=item.pk).update(print_rendition="")
    return {}


def phase_build(reference: str) -> dict:
    _django()
    import evidence.dossiers  # noqa: F401 - what a running worker has already imported
    from cases.models import Case
    from evidence.dossier_pipeline import dossier_build, dossier_request, dossier_warm_up

    dossier_warm_up()  # what every worker process does as it starts (evidence.tasks)
    case = Case.objects.get(reference=reference)
    started = time.perf_counter()
    dossier = dossier_request(case=case, variant="full", actor=None, queue=False)
    dossier = dossier_build(dossier_id=dossier.pk)
    seconds = time.perf_counter() - started
    assert dossier.state == "ready", dossier.error
    return {"seconds": seconds, "size": dossier.size, "pages": dossier.pages}


def child(phase: str, argument: str, env: dict) -> dict:
    os.sync()  # the previous phase's writes are flushed now, not during this one
    output = subprocess.run(
        [PYTHON, __file__, phase, argument], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def median_run(runs: list[dict]) -> dict:
    """The run with the median time, reporting the highest peak memory of them all."""
    times = sorted(run["seconds"] for run in runs)
    middle = sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]
    spread = f"{times[0]:.2f}–{times[-1]:.2f} s"
    return {**middle, "peak_mib": max(run["peak_mib"] for run in runs), "spread": spread}


def run() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from bench.upload_hashing import row

    work = Path(tempfile.mkdtemp(prefix="weiquan-bench-dossier-"))
    photos = work / "photos"
    photos.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    try:
        for seed in range(PHOTOS):
            make_photo(photos / f"IMG_{seed:04d}.jpg", seed)
        mean_mb = sum(p.stat().st_size for p in photos.glob("*.jpg")) / PHOTOS / 1e6
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        reference = child("seed", str(photos), env)["reference"]
        decode = median_run([child("decode", str(photos), env) for _ in range(REPEATS)])
        colds = []
        for _ in range(REPEATS):
            child("forget", reference, env)
            colds.append(child("build", reference, env))
        cold = median_run(colds)
        warm = median_run([child("build", reference, env) for _ in range(REPEATS)])
        floor = decode["seconds"]
        label = f"dossier, {PHOTOS} photos 4000×3000 ({mean_mb:.1f} MB each), median of {REPEATS}"
        return [
            row(f"{label}: Pillow full decode (floor)",
                f"{floor:.1f} s ({decode['spread']}), peak {decode['peak_mib']:.0f} MiB",
                "(reference)", True),
            row(f"{label}: cold (renditions made)",
                f"{cold['seconds']:.1f} s ({cold['spread']}) = "
                f"{cold['seconds'] / floor:.2f}x decode, "
                f"peak {cold['peak_mib']:.0f} MiB, {cold['size'] / 2**20:.1f} MiB PDF, "
                f"{cold['pages']} pages",
                "≤ 1.0x, ≤ 400 MiB, ≤ 10 MiB",
                cold["seconds"] <= floor and cold["peak_mib"] <= 400
                and cold["size"] <= 10 * 2**20),
            row(f"{label}: warm (renditions reused)",
                f"{warm['seconds']:.1f} s ({warm['spread']}) = "
                f"{warm['seconds'] / floor:.2f}x decode, "
                f"peak {warm['peak_mib']:.0f} MiB",
                "≤ 0.5x, ≤ 400 MiB", warm["seconds"] <= floor / 2 and warm["peak_mib"] <= 400),
        ]  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 3:
        phase, argument = sys.argv[1], sys.argv[2]
        if phase == "seed":
            result = phase_seed(Path(argument))
        elif phase == "decode":
            result = phase_decode(Path(argument))
        elif phase == "forget":
            result = phase_forget(argument)
        else:
            result = phase_build(argument)
        result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
    else:
        for line in run():
            print(line)
