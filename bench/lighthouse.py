"""Benchmark: Lighthouse's mobile accessibility score of the case, upload and guide pages.

Issue 16 asks for 100 on the case page (its five sections; the evidence section is the upload
page), a guide page and the landing page. Lighthouse 12.2.3 (the last line that runs on Node 20)
is installed with npm into a cache folder outside the repository the first time; without npm
the rows say "not measured", never a score. The pages are served by gunicorn with DEBUG off
and collected static files (WhiteNoise), from a scratch SQLite database holding a consumer's
case at the 12315 rung with 3 evidence files uploaded through the real upload view (their
thumbnails made as a worker makes them) and 5 timeline entries. The case sections are audited
logged in (the session's cookie is passed with `--extra-headers`), the guide and the landing
page as a visitor. Each row: the score × 100 and the ids of the audits that fail.
`BENCH_LIGHTHOUSE_KEEP=DIR` keeps the JSON reports there.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
CHROMIUM = "/usr/bin/chromium"
VERSION = "12.2.3"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "weiquan-bench"
PREFIX = CACHE / "lighthouse"
GUIDE = "file-with-12315"
TIMEOUT_S = 240

SEED = r"""
import json
from datetime import timedelta
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from bench import phone_counts
from cases import services
from cases.models import Stage
from evidence.models import Evidence
from evidence.renditions import renditions_make
from platforms.models import Platform

now, today = timezone.now(), timezone.localdate()
owner = User.objects.create_user(username="13912345678", phone="13912345678",
                                 password="bench-password-2026")
case = services.case_create(owner=owner, platform=Platform.objects.get(slug="pinduoduo"),
    shop_name="数码优选专营店", order_number="231104-58392019347721", product="AirPods Pro 2",
    amount_paid=299, purchase_date=today - timedelta(days=12),
    received_date=today - timedelta(days=9), problem="counterfeit",
    wants=["refund", "compensation"], description="收到的耳机是假货，序列号查不到。")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(owner)
upload = reverse("evidence_upload", args=[case.reference])
for kind, name, data in [
    ("order_screenshot", "订单截图.png", phone_counts.screenshot_png()),
    ("product_photo", "IMG_2041.jpg", phone_counts.product_jpeg()),
    ("appraisal_report", "鉴定报告.pdf", phone_counts.appraisal_pdf()),
]:
    response = client.post(upload, {"kind": kind, "description": "", "captured_on": "",
        "files": [SimpleUploadedFile(name, data, content_type="application/octet-stream")]})
    assert response.status_code in (200, 302), (response.status_code, name)
# the renditions a worker makes after the upload (the broker here is in memory: no worker)
for evidence in Evidence.objects.filter(case=case):
    renditions_make(evidence_id=evidence.pk)
images = Evidence.objects.filter(case=case, content_type__startswith="image/")
assert len(images) == 2 and all(image.thumbnail for image in images), "thumbnails"
services.case_add_event(case=case, kind="merchant_message", actor=owner,
    happened_at=now - timedelta(days=3), summary="要求商家退款并赔偿")
services.case_add_event(case=case, kind="merchant_reply", actor=owner,
    happened_at=now - timedelta(days=2), summary="商家拒绝退款")
services.case_move_stage(case=case, stage=Stage.PLATFORM, actor=owner,
                         happened_at=now - timedelta(days=2))
services.case_add_event(case=case, kind="platform_decision", actor=owner,
    happened_at=now - timedelta(days=1), summary="平台拒绝退款", ticket_number="PDD-20261130")
services.case_move_stage(case=case, stage=Stage.CONSUMER_AUTHORITY, actor=owner)
case.refresh_from_db()
assert case.stage == Stage.CONSUMER_AUTHORITY and case.events.count() == 5, case.events.count()
assert Evidence.objects.filter(case=case).count() == 3
print(json.dumps({"url": case.get_absolute_url(), "cookie": settings.SESSION_COOKIE_NAME,
                  "session": client.cookies[settings.SESSION_COOKIE_NAME].value}))
"""


def lighthouse_binary() -> tuple[Path | None, str]:
    """The cached Lighthouse CLI, installed with npm when missing; (None, why) without it."""
    binary = PREFIX / "node_modules/.bin/lighthouse"
    package = PREFIX / "node_modules/lighthouse/package.json"
    if binary.exists() and json.loads(package.read_text()).get("version") == VERSION:
        return binary, ""
    npm = shutil.which("npm")
    if npm is None:
        return None, "not measured: npm unavailable"
    PREFIX.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "-E", "--prefix", str(PREFIX),
         f"lighthouse@{VERSION}"], capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0 or not binary.exists():
        print(done.stderr[-2000:], file=sys.stderr)
        return None, "not measured: npm unavailable (npm install lighthouse failed)"
    return binary, ""


@contextmanager
def gunicorn(env: dict, log: Path):
    from bench.phone_journey import free_port, process

    port = free_port()
    server = [str(ROOT / ".venv/bin/gunicorn"), "weiquan.wsgi:application", "--bind",
              f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"]  # fmt: skip
    with process(server, env=env, log=log, port=port):
        yield f"http://127.0.0.1:{port}"


def audit(binary: Path, url: str, work: Path, name: str, headers: Path | None) -> dict:
    """One Lighthouse run, mobile form factor (its default), accessibility only."""
    report = work / f"{name}.json"
    args = [
        str(binary), url, f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
        "--disable-background-networking --disable-component-update --no-first-run",
        "--only-categories=accessibility", "--output=json", f"--output-path={report}",
        "--quiet",
    ]  # fmt: skip
    if headers is not None:
        args.append(f"--extra-headers={headers}")
    child = subprocess.Popen(
        args, env={**os.environ, "CHROME_PATH": CHROMIUM}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        output, _ = child.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, 9)
        child.wait()
        raise RuntimeError(f"lighthouse on {url} took over {TIMEOUT_S} s") from None
    if child.returncode != 0 or not report.exists():
        raise RuntimeError(f"lighthouse on {url} failed: {output[-2000:]}")
    result = json.loads(report.read_text())
    if result.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {result['runtimeError']}")
    category = result["categories"]["accessibility"]
    audits = result["audits"]
    failing = [
        ref["id"] for ref in category["auditRefs"]
        if ref.get("weight", 0) > 0 and audits[ref["id"]].get("score") is not None
        and audits[ref["id"]]["score"] < 1
    ]  # fmt: skip
    # where each failing audit points, to fix it
    for audit_id in failing:
        for item in (audits[audit_id].get("details") or {}).get("items", [])[:5]:
            node = item.get("node") or {}
            print(f"    {name} {audit_id}: {node.get('selector', '')} {node.get('snippet', '')}")
    return {
        "score": round(category["score"] * 100),
        "failing": failing,
        "final": result.get("finalDisplayedUrl", url),
    }


def run() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from bench.scratch import prepare, scratch_env
    from bench.upload_hashing import row

    label = "Lighthouse mobile accessibility"
    pages = ["case: next step", "case: evidence (upload)", "case: timeline", "case: files",
             "case: more", f"guide {GUIDE}", "landing page"]  # fmt: skip
    binary, why = lighthouse_binary()
    if binary is None:
        return [row(f"{label}: {page}", why, "100", False) for page in pages]
    work = Path(tempfile.mkdtemp(prefix="weiquan-bench-lighthouse-"))
    env = scratch_env(work, production=True, hosts="127.0.0.1") | {
        # nothing here runs a worker: the seed makes the renditions itself
        "CELERY_BROKER_URL": "memory://",
    }
    manage = [PYTHON, "manage.py"]
    keep = os.environ.get("BENCH_LIGHTHOUSE_KEEP")
    try:
        prepare(env)
        seeding = subprocess.run(
            [*manage, "shell", "-c", SEED], cwd=ROOT, env=env, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        if seeding.returncode != 0:
            raise RuntimeError(f"seeding failed: {seeding.stderr[-3000:]}")
        seeded = seeding.stdout
        seed = json.loads(seeded.strip().splitlines()[-1])
        headers = work / "headers.json"
        headers.write_text(json.dumps({"Cookie": f"{seed['cookie']}={seed['session']}"}))
        case = seed["url"]
        urls = [case, case + "evidence/", case + "timeline/", case + "files/", case + "more/",
                f"/guides/{GUIDE}/", "/"]  # fmt: skip
        results = {}
        with gunicorn(env, work / "web.log") as base:
            for number, (page, url) in enumerate(zip(pages, urls, strict=True)):
                logged_in = page.startswith("case")
                result = audit(binary, base + url, work, f"page{number}",
                               headers if logged_in else None)  # fmt: skip
                if logged_in and "/accounts/login" in result["final"]:
                    raise RuntimeError(f"{url} was audited logged out: {result['final']}")
                results[page] = result
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            for report in work.glob("page*.json"):
                shutil.copy(report, keep)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = []
    for page, result in results.items():
        failing = ", ".join(result["failing"]) or "no failing audit"
        rows.append(row(f"{label}: {page}", f"{result['score']} ({failing})", "100",
                        result["score"] == 100))  # fmt: skip
    return rows


if __name__ == "__main__":
    for line in run():
        print(line)
