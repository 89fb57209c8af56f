"""Benchmark: the phone journey of issue 16, from the landing page to a 12315 complaint to paste
and the 12315 PDF, counted in taps, typed characters, page loads, screens scrolled, the tallest
page and the server's waits, and priced with the Keystroke-Level Model.

A visitor who bought fake AirPods (¥299) on Pinduoduo signs up with a mobile number, opens the
case, uploads an order screenshot, a product photo and a PDF appraisal, logs the merchant's
refusal and the platform's refusal, moves the case up to the 12315 rung, opens and copies the
12315 complaint letter, and makes and downloads the 12315 PDF, built by a real Celery worker.
Playwright drives Debian's Chromium as a 390×844 touch phone in zh-CN; every control is found
by its visible role and name, and only the start URL `/` is typed. Self-contained: a scratch
SQLite database, a private redis-server, a worker and the Django server on free ports, all
stopped at the end, even on failure. How each action is counted: bench/phone_counts.py.
"""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}
MOBILE = "13912345678"
SCREENSHOT_MOBILE = "13912345679"  # the screenshot story's visitor, in the same scratch site
PASSWORD = "维权-correct-horse-9"
DOSSIER_TIMEOUT_MS = 180_000
# The page gives up on a reading after 60 s (evidence/prefill/shown.py) and shows the form.
PREFILL_TIMEOUT_MS = 90_000
# Upload → prefilled form, the median of a few: the goal is the OCR goal of issue 18 (≤ 1.5 s
# warm per 1170×2532 screenshot) plus the upload and the order reader (≈ 0.5 s), the page's
# polling (it asks every 1.5 s, so up to 1.5 s late) and two page loads (≈ 0.5 s): ≤ 5 s.
PREFILL_RUNS = 3
PREFILL_GOAL_S = 5.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited: {log.read_text()[-2000:]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


@contextmanager
def process(args: list[str], *, env: dict, log: Path, port: int | None = None):
    """A child in its own process group, stopped with its children whatever happens."""
    with log.open("w") as output:
        child = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        if port is not None:
            wait_for_port(port, child, 60, log)
        yield child
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()


def redis_command(work: Path, port: int) -> list[str]:
    """A private redis-server on loopback that keeps nothing on disk."""
    return [shutil.which("redis-server") or "redis-server", "--bind", "127.0.0.1",
            "--port", str(port), "--save", "", "--appendonly", "no",
            "--dir", str(work)]  # fmt: skip


def worker_command() -> list[str]:
    """One Celery worker process (solo pool) that does every task itself."""
    return [str(ROOT / ".venv/bin/celery"), "-A", "weiquan", "worker", "--pool", "solo",
            "--loglevel", "WARNING", "--without-gossip", "--without-mingle"]  # fmt: skip


def days_ago(days: int) -> str:
    return time.strftime("%Y-%m-%d", time.localtime(time.time() - days * 86400))


def story_screenshot() -> bytes:
    """The story's order screenshot, with its dates: bought 12 days ago, received 9 days ago."""
    from datetime import datetime, timedelta

    from bench import phone_counts

    now = datetime.now().replace(microsecond=0)  # noqa: DTZ005 (the phone's local clock)
    return phone_counts.order_screenshot_png(
        ordered=now - timedelta(days=12, hours=1), received=now - timedelta(days=9, hours=1)
    )


def typed_case(page, tally) -> None:
    """The typed story: every fact of the order typed or picked on the form."""
    from playwright.sync_api import expect

    tally.tap(page.get_by_label("拼多多"))
    tally.type(page.get_by_label("店铺/商家名称"), "数码优选专营店")
    tally.type(page.get_by_label("订单号"), "231104-58392019347721")
    tally.type(page.get_by_label("买了什么"), "AirPods Pro 2")
    tally.type(page.get_by_label("实付金额"), "299")
    tally.pick_date(page.get_by_label("购买日期"), days_ago(12))
    tally.pick_date(page.get_by_label("收货日期"), days_ago(9))
    tally.tap(page.get_by_label("假货"))
    # what people ask for with a fake (退款 and 赔偿) is ticked by the problem
    expect(page.get_by_label("退款", exact=True)).to_be_checked()
    expect(page.get_by_label("赔偿", exact=True)).to_be_checked()
    tally.tap(page.get_by_role("button", name="创建案件"), navigates=True)


def screenshot_case(page, tally, screenshot: bytes) -> float:
    """The screenshot story: the order screenshot picked, read by the worker while the page
    shows progress, the facts checked on the prefilled form; returns the seconds from the
    pick to the prefilled form."""
    from playwright.sync_api import expect

    started = time.perf_counter()
    tally.pick_files(
        page.get_by_label("上传订单截图，自动填写"),
        [{"name": "订单截图.png", "mimeType": "image/png", "buffer": screenshot}],
        navigates=True,
    )
    read_note = page.get_by_text(re.compile("^已从截图读出"))
    tally.wait(lambda: expect(read_note).to_be_visible(timeout=PREFILL_TIMEOUT_MS))
    seconds = time.perf_counter() - started
    tally.measure("new case, prefilled")
    for label in ("店铺/商家名称", "实付金额", "订单号", "购买日期", "收货日期"):
        expect(page.get_by_label(label)).not_to_have_value("")
    expect(page.get_by_label("拼多多")).to_be_checked()
    expect(page.get_by_label("实付金额")).to_have_value("299.00")
    tally.tap(page.get_by_label("假货"))
    expect(page.get_by_label("退款", exact=True)).to_be_checked()
    tally.tap(page.get_by_role("button", name="创建案件"), navigates=True)
    return seconds


def play(
    page,
    base_url: str,
    work: Path,
    *,
    measure_sections: bool = True,
    story: str = "typed",
    mobile: str = MOBILE,
) -> dict:
    """Play the journey once in a phone-sized page whose context may read the clipboard and
    accepts downloads; returns the tally's figures. The story is "typed" (every fact of the
    order typed) or "screenshot" (the order screenshot picked and read, the facts checked).
    The CI tests play it too (tests/e2e/test_phone_journey.py), against the live server and
    a real worker."""
    from playwright.sync_api import expect

    from bench import phone_counts
    from bench.phone_counts import Tally

    tally = Tally(page)
    screenshot = story_screenshot() if story == "screenshot" else phone_counts.screenshot_png()

    # the landing page, typed once; then signing up with a mobile number
    page.goto(base_url + "/")
    tally.measure("landing")
    tally.tap(page.get_by_role("link", name="开始维权").first, navigates=True)
    tally.measure("sign-up")
    tally.type(page.get_by_label("手机号或邮箱"), mobile)
    tally.type(page.get_by_label(re.compile(r"^\s*密码")), PASSWORD)
    tally.tap(page.get_by_label("我已阅读并同意"))
    tally.tap(page.get_by_role("button", name="创建账户"), navigates=True)

    # the case
    expect(page.get_by_role("heading", name="新建案件")).to_be_visible()
    tally.measure("new case")
    prefill_s = None
    if story == "screenshot":
        prefill_s = screenshot_case(page, tally, screenshot)
    else:
        typed_case(page, tally)
    expect(page.get_by_text("¥299.00").first).to_be_visible()
    tally.measure("case, new")

    # the first rung's primary action: the files from the gallery, uploaded as the gallery
    # closes, each one's kind read from the file (the screenshot story has its order
    # screenshot in the case already, as evidence 1)
    picked = [
        {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": phone_counts.product_jpeg()},
        {"name": "鉴定报告.pdf", "mimeType": "application/pdf",
         "buffer": phone_counts.appraisal_pdf()},
    ]  # fmt: skip
    if story == "typed":
        picked.insert(0, {"name": "订单截图.png", "mimeType": "image/png", "buffer": screenshot})
    tally.pick_files(page.get_by_label("添加截图、照片或文件"), picked, navigates=True)
    expect(page.get_by_text(f"已保存 {len(picked)} 个文件")).to_be_visible()
    for kind in ("订单截图", "商品照片", "鉴定报告"):
        expect(page.locator(".evidence-grid").get_by_text(kind).first).to_be_visible()
    tally.measure("case, files")

    # the merchant's refusal (yesterday), logged and moved up in one step
    tally.tap(page.get_by_role("link", name="下一步"), navigates=True)
    tally.tap(page.get_by_role("link", name=re.compile("^记录：商家回复")), navigates=True)
    tally.tap(page.get_by_label("昨天"))
    tally.tap(page.get_by_label("商家拒绝退款"))
    tally.tap(page.get_by_role("button", name=re.compile("^添加，并进入")), navigates=True)
    expect(page.get_by_text("案件已进入")).to_be_visible()
    # the platform's refusal, just now: its next step names the entry it waits for
    tally.tap(page.get_by_role("link", name=re.compile("^记录：平台处理结果")), navigates=True)
    tally.tap(page.get_by_label("平台拒绝退款"))
    tally.tap(page.get_by_role("button", name=re.compile("^添加，并进入")), navigates=True)
    expect(page.get_by_role("heading", name="向 12315 投诉")).to_be_visible()
    tally.measure("case, 12315 rung")

    # the 12315 complaint, copied from the rung's card
    tally.tap(page.get_by_role("button", name="复制投诉内容"))
    # the text is fetched when the button is pressed: wait for its "copied" feedback
    copied_feedback = page.get_by_role("button", name=re.compile("^已复制"))
    tally.wait(lambda: expect(copied_feedback).to_be_visible())
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "299" in copied and "数码优选专营店" in copied, copied[:200]

    # the 12315 PDF, built by the worker while the page waits, then downloaded
    tally.tap(page.get_by_role("button", name="生成 12315 投诉材料（PDF）"), navigates=True)
    files_card = page.locator("section").filter(
        has=page.get_by_role("heading", name="证据材料（PDF）")
    )
    download = files_card.get_by_role("link", name="下载").or_(
        files_card.get_by_role("button", name="下载")
    )
    tally.wait(lambda: expect(download).to_be_visible(timeout=DOSSIER_TIMEOUT_MS))
    tally.measure("case files, 12315 PDF")
    with page.expect_download() as download_info:
        tally.tap(download)
    pdf = work / "12315.pdf"
    download_info.value.save_as(pdf)
    # every section of the case at the 12315 rung, measured (not counted: no one needs
    # them on this journey)
    loads = tally.loads
    for tab in ("下一步", "证据", "沟通记录", "材料", "更多") if measure_sections else ():
        with page.expect_navigation():
            page.locator(".case-tabs").get_by_role("link", name=re.compile(f"^{tab}")).click()
        tally.measure(f"12315 rung: {tab}")
    tally.loads = loads
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "数码优选专营店" in text and "12315" in text, text[:300]
    return {
        "line": ("screenshot " if story == "screenshot" else "") + tally.line(),
        "prefill_s": prefill_s,
        "taps": tally.taps,
        "chars": tally.chars,
        "loads": tally.loads,
        "swipes": tally.swipes,
        "tallest": tally.tallest,
        "rung": max(height for label, height in tally.heights.items() if "12315 rung" in label),
        "waits": tally.waits_s,
        "klm": tally.klm_s,
        "heights": tally.heights,
    }


def prefill_seconds(page, base_url: str, screenshot: bytes, *, times: int) -> list[float]:
    """Seconds from picking the order screenshot on /cases/new/ to the prefilled form, each
    time a fresh upload read by the worker (the upload, the reading, the page's polling)."""
    from playwright.sync_api import expect

    seconds = []
    for _ in range(times):
        page.goto(base_url + "/cases/new/")
        started = time.perf_counter()
        with page.expect_navigation():
            page.get_by_label("上传订单截图，自动填写").set_input_files(
                [{"name": "订单截图.png", "mimeType": "image/png", "buffer": screenshot}]
            )
        expect(page.get_by_text(re.compile("^已从截图读出"))).to_be_visible(
            timeout=PREFILL_TIMEOUT_MS
        )
        seconds.append(time.perf_counter() - started)
    return seconds


def journey(base_url: str, work: Path) -> dict[str, dict]:
    """Play both stories once in Debian's Chromium, each as a new visitor; returns each
    story's figures, and the upload → prefilled form times measured after the second."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)
    figures = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for story, mobile in (("typed", MOBILE), ("screenshot", SCREENSHOT_MOBILE)):
                context = browser.new_context(**PHONE, accept_downloads=True)
                context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
                page = context.new_page()
                figures[story] = play(page, base_url, work, story=story, mobile=mobile)
            figures["screenshot"]["prefill_times"] = prefill_seconds(
                page, base_url, story_screenshot(), times=PREFILL_RUNS
            )
        finally:
            browser.close()
    return figures


def run() -> list[dict]:
    sys.path.insert(0, str(ROOT))
    from bench.scratch import prepare, scratch_env
    from bench.upload_hashing import row

    work = Path(tempfile.mkdtemp(prefix="weiquan-bench-phone-"))
    env = scratch_env(work)
    manage = [PYTHON, "manage.py"]
    redis_port, web_port = free_port(), free_port()
    env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    redis = redis_command(work, redis_port)
    celery = worker_command()
    server = [*manage, "runserver", "--noreload", f"127.0.0.1:{web_port}"]  # fmt: skip
    try:
        prepare(env)
        with ExitStack() as stack:
            stack.enter_context(process(redis, env=env, log=work / "redis.log", port=redis_port))
            stack.enter_context(process(celery, env=env, log=work / "worker.log"))
            stack.enter_context(process(server, env=env, log=work / "web.log", port=web_port))
            stories = journey(f"http://127.0.0.1:{web_port}", work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = []
    for story, figures in stories.items():
        print(figures["line"])
        print("  page heights (screens): " + ", ".join(
            f"{label} {height:.1f}" for label, height in figures["heights"].items()
        ))  # fmt: skip
        rows += story_rows(story, figures, row)
    times = stories["screenshot"]["prefill_times"]
    median = statistics.median(times)
    print("  upload → prefilled form (s): " + ", ".join(f"{t:.1f}" for t in times))
    rows.append(row(
        f"new case from its order screenshot: upload → prefilled form (median of {len(times)}, "
        "real worker)", f"{median:.1f} s", f"≤ {PREFILL_GOAL_S:.0f} s", median <= PREFILL_GOAL_S,
    ))  # fmt: skip
    return rows


def story_rows(story: str, figures: dict, row) -> list[dict]:
    """The typed story keeps issue 16's goals; the screenshot story has issue 18's (≤ 25 taps,
    ≤ 40 characters) and the same page goals."""
    label = "phone journey (issue 16): landing → 12315 letter copied + 12315 PDF"
    taps, chars = (35, 90) if story == "typed" else (25, 40)
    if story == "screenshot":
        label = "phone journey, from the order screenshot (issue 18)"
    return [
        row(f"{label}: taps", str(figures["taps"]), f"≤ {taps}", figures["taps"] <= taps),
        row(f"{label}: typed characters", str(figures["chars"]), f"≤ {chars}",
            figures["chars"] <= chars),
        row(f"{label}: page loads", str(figures["loads"]), "(reference)", True),
        row(f"{label}: scrolled", f"{figures['swipes']:.1f} screens", "≤ 10",
            figures["swipes"] <= 10),
        row(f"{label}: tallest page at the 12315 rung", f"{figures['rung']:.1f} screens "
            f"(tallest of all {figures['tallest']:.1f})", "≤ 2.5", figures["rung"] <= 2.5),
        row(f"{label}: KLM time", f"{figures['klm']:.0f} s (server waits "
            f"{figures['waits']:.1f} s)", "≤ 120 s", figures["klm"] <= 120),
    ]  # fmt: skip


if __name__ == "__main__":
    for line in run():
        print(line)
