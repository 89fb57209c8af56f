"""What a dossier prints of each evidence's content: the text OCR read under each picture, and
the pages of each PDF evidence stamped with 证据 N and the original's SHA-256. Real WeasyPrint,
real pypdf, read back with poppler (pdftotext per page, pdfinfo)."""

import ast
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image, ImageDraw, ImageFont

from evidence.models import CustodyAction, Evidence, Transcript, TranscriptState
from evidence.reading.ocr import OcrLine
from tests.evidence.test_dossiers import built, saved_pdf
from tests.support import files
from tests.support.evidence import tamper, upload

pytestmark = pytest.mark.django_db

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
TITLE = "图片中的文字（机器识别，仅供参考，以原图为准）"
ROOT = Path(__file__).resolve().parents[2]


def page_texts(path: Path) -> list[str]:
    """The text of each page, in order (pdftotext separates pages with a form feed)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def screenshot(lines: list[str], size=(900, 520)) -> bytes:
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 40)
    for row, text in enumerate(lines):
        draw.text((50, 60 + row * 100), text, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def with_transcript(item: Evidence, lines: list[str], state=TranscriptState.DONE) -> Transcript:
    return Transcript.objects.create(
        evidence=item,
        state=state,
        lines=[OcrLine(t, (10, 10 + 40 * n, 400, 40 + 40 * n), 0.98).as_json() for n, t in
               enumerate(lines)],
        text="\n".join(lines),
    )  # fmt: skip


# --- transcripts ---------------------------------------------------------------------


@pytest.mark.usefixtures("ocr")
def test_the_dossier_prints_the_text_the_engine_read_in_each_screenshot(
    consumer_client, case, tmp_path
):
    # given a chat screenshot read by the real engine after its upload
    chat = screenshot(["客服：已过售后期", "不支持七天无理由退货"])
    upload(consumer_client, case, ("chat.png", chat), kind="chat_log")
    transcript = Transcript.objects.get(evidence__case=case)
    assert transcript.state == TranscriptState.DONE, transcript.error
    read = [line["text"] for line in transcript.lines]
    assert "不支持七天无理由退货" in read
    # when the dossier is made
    pages = page_texts(saved_pdf(built(case), tmp_path))
    # then the lines are printed as text, on the picture's page, under the title
    evidence_page = next(p for p in pages if "证据 1：" in p and "SHA-256" in p)
    assert TITLE in evidence_page
    for line in read:
        assert flat(line) in flat(evidence_page)


def test_a_long_capture_transcript_flows_over_pages_and_every_line_is_printed(
    consumer_client, case, tmp_path
):
    upload(consumer_client, case, ("long.png", files.png(size=(400, 4000), colour="white")))
    lines = [f"第{n:03d}条 商品评价与订单记录 ¥{n}.00" for n in range(1, 201)]
    with_transcript(case.evidence.get(), lines)
    dossier = built(case)
    path = saved_pdf(dossier, tmp_path)
    text = flat("".join(page_texts(path)))
    for line in lines:
        assert flat(line) in text
    pages_with_lines = [p for p in page_texts(path) if "商品评价与订单记录" in p]
    assert len(pages_with_lines) >= 2  # flowed on, not cut off


def test_no_transcript_an_empty_one_and_an_unfinished_one(consumer_client, case, tmp_path):
    upload(
        consumer_client, case,
        *[(f"{n}.png", files.png(colour=colour)) for n, colour in
          enumerate(["navy", "red", "olive", "green"])],
    )  # fmt: skip
    items = list(case.evidence.order_by("number"))
    # 1: never read (reading was off); 2: read, no text; 3: still waiting; 4: failed
    with_transcript(items[1], [])
    with_transcript(items[2], [], state=TranscriptState.PENDING)
    with_transcript(items[3], [], state=TranscriptState.FAILED)
    text = "".join(page_texts(saved_pdf(built(case), tmp_path)))
    assert TITLE not in text
    assert "证据3、4图片中的文字尚未识别完成或未能识别" in flat(text)


def test_transcripts_come_with_the_evidence_in_one_query(consumer_client, case):
    upload(consumer_client, case, *[(f"{n}.png", files.png(size=(300, 200 + n))) for n in range(4)])
    for item in case.evidence.all():
        with_transcript(item, [f"第 {item.number} 张截图"])
    with CaptureQueriesContext(connection) as queries:
        built(case)
    reads = [q["sql"] for q in queries if "evidence_transcript" in q["sql"]]
    # one with the evidence printed, one for the refusals the letters answer: not one per image
    assert len(reads) == 2, reads


# --- PDF evidence pages --------------------------------------------------------------

REPORT = ["Appraisal report page one QX7", "Findings page two ALPHA", "Signature page three"]


def stamps(page: str, number: int, sha256: str, of: int, at: int) -> bool:
    flattened = flat(page)
    return f"证据{number}（第{at}/{of}页）" in flattened and sha256 in flattened


def test_each_pdf_page_is_in_the_dossier_with_its_text_stamp_and_hash(
    consumer_client, case, tmp_path
):
    upload(
        consumer_client, case,
        ("report.pdf", files.pdf_with_text(REPORT)),
        ("scan.pdf", files.pdf_scanned(["鉴定结论 第一页", "第二页"])),
        ("wide.pdf", files.pdf_with_text(["Landscape invoice LX9"], size=(842, 595))),
        kind="appraisal_report",
    )  # fmt: skip
    report, scan, wide = case.evidence.order_by("number")
    dossier = built(case)
    path = saved_pdf(dossier, tmp_path)
    pages = page_texts(path)
    assert dossier.pages == page_count(path) == len(pages)
    for at, words in enumerate(REPORT, start=1):
        [page] = [p for p in pages if words in p]  # the text is still text, once
        assert stamps(page, report.number, report.sha256, of=3, at=at)
    scanned = [p for p in pages if "证据2（第" in flat(p)]
    assert len(scanned) == 2
    assert all(scan.sha256 in flat(p) for p in scanned)
    [landscape] = [p for p in pages if "Landscape invoice LX9" in p]
    assert stamps(landscape, wide.number, wide.sha256, of=1, at=1)
    assert "无法打印" not in "".join(pages)
    for number, page in enumerate(pages, start=1):  # every page's footer, merged ones too
        assert f"第{number}页共{len(pages)}页" in flat(page)


def test_the_court_list_points_to_the_page_of_each_evidence(consumer_client, case, tmp_path):
    # given an image, a 3-page PDF, then another image
    upload(consumer_client, case, ("order.jpg", files.jpeg(title="订单详情")))
    upload(consumer_client, case, ("report.pdf", files.pdf_with_text(REPORT)), kind="other")
    upload(consumer_client, case, ("chat.jpg", files.jpeg(title="聊天记录")), kind="chat_log")
    path = saved_pdf(built(case, "court"), tmp_path)
    pages = page_texts(path)
    court_list = next(p for p in pages if "证据清单" in p and "证明目的" in p)
    listed = {}
    for line in court_list.splitlines():
        row = re.match(r"\s*(\d)\s.*?(\d+)\s*$", line)
        if row:
            listed[int(row.group(1))] = int(row.group(2))
    assert sorted(listed) == [1, 2, 3]
    # then each number is the page where that evidence's caption or stamp is
    assert "证据1：" in flat(pages[listed[1] - 1])
    assert stamps(pages[listed[2] - 1], 2, case.evidence.get(number=2).sha256, of=3, at=1)
    assert "Appraisal report page one QX7" in pages[listed[2] - 1]
    assert "Signature page three" in pages[listed[2] + 1]
    assert listed[3] == listed[2] + 3
    assert "证据3：" in flat(pages[listed[3] - 1])


def test_a_turned_page_is_printed_as_it_is_seen(consumer_client, case, tmp_path):
    from pypdf import PdfWriter

    turned = PdfWriter(clone_from=io.BytesIO(files.pdf_with_text(["Turned page", "Upright"])))
    turned.pages[0].rotate(90)  # a portrait page shown landscape, as scanners do
    buffer = io.BytesIO()
    turned.write(buffer)
    upload(consumer_client, case, ("turned.pdf", buffer.getvalue()))
    path = saved_pdf(built(case), tmp_path)
    sizes = []
    for number, page in enumerate(page_texts(path), start=1):
        if "证据1（第" in flat(page):
            info = subprocess.run(
                ["pdfinfo", "-f", str(number), "-l", str(number), str(path)],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            width, height = map(float, re.search(r"size:\s+([\d.]+) x ([\d.]+)", info).groups())
            sizes.append(width > height)
    assert sizes == [True, False]  # landscape, then portrait


@pytest.mark.parametrize("variant", ["12315", "court"])
def test_the_other_variants_carry_the_pdf_pages_too(consumer_client, case, tmp_path, variant):
    upload(consumer_client, case, ("report.pdf", files.pdf_with_text(REPORT)))
    text = "".join(page_texts(saved_pdf(built(case, variant), tmp_path)))
    assert all(words in text for words in REPORT)


def test_a_pdf_that_cannot_be_read_keeps_the_paragraph_with_its_reason(
    consumer_client, case, tmp_path
):
    from pypdf import PdfWriter

    locked = PdfWriter(clone_from=io.BytesIO(files.pdf_with_text(["Secret page"])))
    locked.encrypt(user_password="1234", owner_password="owner")
    buffer = io.BytesIO()
    locked.write(buffer)
    editing_locked = PdfWriter(clone_from=io.BytesIO(files.pdf_with_text(["Owner only"])))
    editing_locked.encrypt(user_password="", owner_password="owner")  # opens without one
    opens = io.BytesIO()
    editing_locked.write(opens)
    upload(
        consumer_client, case,
        ("damaged.pdf", files.pdf_damaged()), ("locked.pdf", buffer.getvalue()),
        ("fine.pdf", files.pdf_with_text(["Readable page"])), ("opens.pdf", opens.getvalue()),
    )  # fmt: skip
    assert case.evidence.count() == 4
    dossier = built(case)
    assert dossier.state == "ready", dossier.error
    text = flat("".join(page_texts(saved_pdf(dossier, tmp_path))))
    assert "此PDF的页面未能并入本材料（PDF文件已损坏或格式无法识别）" in text
    assert "此PDF的页面未能并入本材料（PDF已加密，无法读取其页面）" in text
    assert "Readablepage" in text and "Owneronly" in text and "Secretpage" not in text
    for item in case.evidence.all():
        assert item.sha256 in text


def test_an_altered_pdf_stops_the_build_as_an_altered_picture_does(consumer_client, case):
    upload(consumer_client, case, ("report.pdf", files.pdf_with_text(REPORT)))
    report = case.evidence.get()
    tamper(report.file.name, files.pdf_with_text(["Forged page"]))
    dossier = built(case)
    assert dossier.state == "failed" and "指纹" in dossier.error
    assert CustodyAction.VERIFY_FAILED in report.custody.values_list("action", flat=True)


def test_pypdf_has_one_door():
    importers = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        if path.parts[len(ROOT.parts)] in {".venv", "tests", "var"}:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            )  # fmt: skip
            if any(name.split(".")[0] == "pypdf" for name in names):
                importers.append(str(path.relative_to(ROOT)))
    assert sorted(set(importers)) == ["evidence/pdf_pages.py"]


def test_a_web_process_never_loads_pypdf():
    script = (
        "import django, sys; django.setup(); import weiquan.urls, evidence.views, "
        "evidence.dossier_pipeline; print('pypdf' in sys.modules)"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "weiquan.settings"},
    ).stdout.split()  # fmt: skip
    assert loaded[-1] == "False"
