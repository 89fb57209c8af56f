"""PDF dossiers: the only module that imports WeasyPrint.

A dossier is rendered from a Django template with a print stylesheet (A4, 第 N 页 共 M 页,
the case reference in the header) and the embedded Noto Sans CJK font. Images are the print
renditions (see renditions.prints), fetched from evidence storage through a URL fetcher that allows
nothing else: a dossier never loads anything from the network.
"""

import gc
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass

import pydyf
from django.template.loader import render_to_string
from django.utils import timezone
from PIL import ImageFile
from weasyprint import HTML
from weasyprint.images import RasterImage
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import Evidence
from .renditions.prints import RenditionInTheMaking
from .storage import read_whole

# WeasyPrint turns on Pillow's "load truncated images" for the whole process when imported;
# the vault relies on truncated uploads failing, and our print renditions are complete.
ImageFile.LOAD_TRUNCATED_IMAGES = False

SCHEME = "weiquan-evidence"

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


def evidence_rows(evidence: list[Evidence], pending: dict | None = None) -> list[dict]:
    """One row per piece of evidence, with what the index and the court list print."""
    return [
        {
            "item": item,
            "image_url": _image_url(item, pending or {}),
            "purpose": PURPOSE.get(item.kind, PURPOSE["other"]),
            "form": FORM[item.category],
        }
        for item in evidence
    ]


def render_dossier(*, variant: str, context: dict, pending: dict | None = None) -> RenderedDossier:
    """Lay out and write the PDF; `context` carries the case, its timeline and evidence rows.

    `pending` maps evidence ids to renditions still being made (renditions.prints.
    print_renditions_in_background); they are awaited only while the PDF is written.
    """
    html = render_to_string(
        "evidence/dossier/dossier.html",
        {**context, "variant": variant, "generated_at": timezone.localtime()},
    )
    images: dict = {}  # WeasyPrint's image cache, keyed by address: pending ones go in first
    for row in context["rows"]:
        item = row["item"]
        if row["image_url"] == _pending_url(item):
            images[row["image_url"]] = _RenditionInTheMaking(
                row["image_url"], item.number, pending[item.pk], images
            )
    with _cyclic_collector_paused():
        document = HTML(string=html, base_url=f"{SCHEME}:", url_fetcher=EvidenceFetcher()).render(
            cache=images
        )
        return RenderedDossier(pdf=document.write_pdf(), pages=len(document.pages))


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
