"""PDF dossiers: the only module that imports WeasyPrint.

A dossier is rendered from a Django template with a print stylesheet (A4, 第 N 页 共 M 页,
the case reference in the header) and the embedded Noto Sans CJK font. Images are the print
renditions (see renditions.prints), fetched from evidence storage through a URL fetcher that allows
nothing else: a dossier never loads anything from the network.

Under each picture the dossier prints the text OCR read in it (courts read text). A PDF
evidence's own pages are printed in its place: this module lays out one page per source page,
with the stamp (证据 N, its SHA-256) and an empty frame, and pdf_pages draws the source page
into the frame, so the page numbers and the 证据清单 are right by construction.
"""

import gc
import hashlib
import logging
from contextlib import contextmanager
from dataclasses import dataclass

import pydyf
from django.template.loader import render_to_string
from django.utils import timezone
from PIL import ImageFile
from weasyprint import HTML
from weasyprint.images import RasterImage
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import pdf_pages
from .models import Evidence, TranscriptState
from .renditions.prints import RenditionInTheMaking
from .storage import read_whole

# WeasyPrint turns on Pillow's "load truncated images" for the whole process when imported;
# the vault relies on truncated uploads failing, and our print renditions are complete.
ImageFile.LOAD_TRUNCATED_IMAGES = False

logger = logging.getLogger(__name__)

SCHEME = "weiquan-evidence"
PT_PER_PX = 0.75  # CSS pixels are 1/96 in, PDF points 1/72 in

# What each kind of evidence proves, for the court's 证据清单 (证明目的).
PURPOSE = {
    "order_screenshot": "证明双方存在网络购物合同关系、购买时间及价款",
    "payment_proof": "证明原告已支付价款",
    "chat_log": "证明原告已向被告主张权利及被告的答复",
    "refund_request": "证明原告申请售后/退款及处理结果",
    "product_photo": "证明收到商品的实际状况",
    "packaging_photo": "证明商品包装、标签及防伪信息的状况",
    "defect_video": "证明商品存在的问题",
    "unboxing_video": "证明收货及开箱时商品的状况",
    "logistics_record": "证明发货、收货时间及物流情况",
    "product_page": "证明被告对商品的宣传和承诺",
    "call_recording": "证明通话内容及对方的承诺",
    "appraisal_report": "证明商品系假冒或不合格",
    "medical_report": "证明原告所受损害",
    "other": "证明相关事实",
}
FORM = {
    "image": "电子数据（照片/截图）",
    "video": "电子数据（视频）",
    "audio": "电子数据（录音）",
    "document": "书证（PDF 文件）",
}


class EvidenceFetcher(URLFetcher):
    """Serves print renditions from evidence storage; refuses every other address."""

    def __init__(self):
        super().__init__(allowed_protocols={SCHEME}, fail_on_errors=True)

    def fetch(self, url, headers=None):
        body = read_whole(url.removeprefix(f"{SCHEME}:"))
        return URLFetcherResponse(url, body=body, headers={"Content-Type": "image/jpeg"})


class RenditionNotMade(RuntimeError):
    pass


class _AwaitedJpeg(pydyf.Object):
    """The bytes of a print rendition still being made: read only when the PDF is written."""

    def __init__(self, number: int, job: RenditionInTheMaking):
        super().__init__()
        self.number = number
        self.job = job

    @property
    def data(self) -> bytes:
        jpeg = self.job.future.result().jpeg
        if jpeg is None:
            raise RenditionNotMade(f"证据 {self.number} 的图片无法读取，未能生成证据材料。")
        return jpeg


class _RenditionInTheMaking(RasterImage):
    """A picture WeasyPrint can lay out before it exists: its size and mode are known from
    the original's header (renditions.prints.print_geometry), so the text and the pages are laid out
    on one core while the renditions are decoded on the other.

    Fills in what RasterImage.__init__ would have found by opening finished JPEG bytes; the
    PDF then embeds the JPEG as it is (DCTDecode), as it would a finished rendition.
    """

    def __init__(self, url: str, number: int, job: RenditionInTheMaking, cache: dict):
        self.id = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
        self._cache = cache
        self._jpeg_quality = None
        self._dpi = None
        self.mode = job.geometry.mode
        self.width, self.height = job.geometry.size
        self.ratio = self.width / self.height
        self.optimize = False
        self.invert_colors = False
        self.format = "JPEG"
        self.image_data = _AwaitedJpeg(number, job)


@dataclass(frozen=True)
class RenderedDossier:
    pdf: bytes
    pages: int


def _pending_url(item: Evidence) -> str:
    return f"{SCHEME}:pending/{item.pk}"


def _image_url(item: Evidence, pending: dict) -> str:
    if item.print_rendition:
        return f"{SCHEME}:{item.print_rendition.name}"
    if item.pk in pending:
        return _pending_url(item)
    return ""


def evidence_rows(
    evidence: list[Evidence],
    pending: dict | None = None,
    pdfs: dict[int, pdf_pages.EvidencePdf] | None = None,
) -> list[dict]:
    """One row per piece of evidence, with what the index and the court list print.

    `pdfs` maps the ids of PDF evidence to what pdf_pages read of them; the transcripts come
    with the evidence (select_related), so this makes no query."""
    return [_row(item, pending or {}, (pdfs or {}).get(item.pk)) for item in evidence]


def _row(item: Evidence, pending: dict, pdf: pdf_pages.EvidencePdf | None) -> dict:
    lines, unread = _transcript(item)
    row = {
        "item": item,
        "image_url": _image_url(item, pending),
        "purpose": PURPOSE.get(item.kind, PURPOSE["other"]),
        "form": FORM[item.category],
        "transcript": lines,
        "transcript_unread": unread,
        "pdf": pdf,
        "pdf_pages": [],
        "pdf_problem": pdf.problem if pdf is not None else "",
    }
    if pdf is not None and pdf.printable:
        row["pdf_pages"] = [
            {
                "anchor": _frame_anchor(item.number, index),
                "page": index + 1,
                "landscape": page.landscape,
            }
            for index, page in enumerate(pdf.pages)
        ]
    return row


def _transcript(item: Evidence) -> tuple[list[str], bool]:
    """The lines OCR read in a picture, and whether its reading is still to come or failed
    (the index says so; nothing is printed under the picture then)."""
    if item.category != "image" or item.pk is None:
        return [], False
    try:
        transcript = item.transcript
    except Evidence.transcript.RelatedObjectDoesNotExist:
        return [], False  # never read (reading was off): nothing to say
    if transcript.state != TranscriptState.DONE:
        return [], True
    lines = [line["text"].strip() for line in transcript.lines]
    return [line for line in lines if line], False


def _frame_anchor(number: int, index: int) -> str:
    return f"pdf-frame-{number}-{index}"


def render_dossier(*, variant: str, context: dict, pending: dict | None = None) -> RenderedDossier:
    """Lay out and write the PDF; `context` carries the case, its timeline and evidence rows.

    `pending` maps evidence ids to renditions still being made (renditions.prints.
    print_renditions_in_background); they are awaited only while the PDF is written. The
    pages of PDF evidence are drawn into their frames once the PDF is written (pdf_pages).
    """
    html = render_to_string(
        "evidence/dossier/dossier.html",
        {
            **context,
            "variant": variant,
            "generated_at": timezone.localtime(),
            "transcripts_unread": [
                row["item"].number for row in context["rows"] if row["transcript_unread"]
            ],
        },
    )
    with _cyclic_collector_paused():
        document = HTML(string=html, base_url=f"{SCHEME}:", url_fetcher=EvidenceFetcher()).render(
            cache=_awaited_images(context["rows"], pending)
        )
        placements = _placements(document, context["rows"])
        pdf = document.write_pdf()
    try:
        pdf = pdf_pages.pages_merge(pdf, placements)
    except pdf_pages.PageNotMerged as failed:
        # Laid out again with that PDF's paragraph instead of its pages: one damaged file
        # never fails the dossier (pdf_read caught what it could before the layout).
        logger.warning("dossier %s: %s", context["case"].reference, failed)
        for row in context["rows"]:
            if row["item"].number == failed.number:
                row.update(pdf_pages=[], pdf_problem="PDF 页面无法合并")
        return render_dossier(variant=variant, context=context, pending=pending)
    return RenderedDossier(pdf=pdf, pages=len(document.pages))


def _awaited_images(rows: list[dict], pending: dict | None) -> dict:
    """WeasyPrint's image cache, keyed by address: the renditions still being made go in
    first."""
    images: dict = {}
    for row in rows:
        item = row["item"]
        if row["image_url"] == _pending_url(item):
            images[row["image_url"]] = _RenditionInTheMaking(
                row["image_url"], item.number, pending[item.pk], images
            )
    return images


def _placements(document, rows: list[dict]) -> list[pdf_pages.Placement]:
    """Where WeasyPrint left each PDF page's frame: found by its anchor, in points from the
    bottom of its page (WeasyPrint's anchors are CSS pixels from the top)."""
    frames = {}
    for index, page in enumerate(document.pages):
        height = page.height * PT_PER_PX
        for name, (x1, y1, x2, y2) in page.anchors.items():
            if name.startswith("pdf-frame-"):
                bottom, top = height - y2 * PT_PER_PX, height - y1 * PT_PER_PX
                frames[name] = (index, (x1 * PT_PER_PX, bottom, x2 * PT_PER_PX, top))
    placements = []
    for row in rows:
        for number, page in enumerate(row["pdf_pages"]):
            index, frame = frames[page["anchor"]]
            placements.append(pdf_pages.Placement(index, row["pdf"], number, frame))
    return placements


@contextmanager
def _cyclic_collector_paused():
    """WeasyPrint makes hundreds of thousands of short-lived objects, and Python's cyclic
    collector kept walking them (about a tenth of a long dossier's time). Reference counting
    still frees them; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
