"""PDF dossiers: the only module that imports WeasyPrint.

A dossier is rendered from a Django template with a print stylesheet (A4, 第 N 页 共 M 页,
the case reference in the header) and the embedded Noto Sans CJK font. Images are the print
renditions (see previews), fetched from evidence storage through a URL fetcher that allows
nothing else: a dossier never loads anything from the network.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from PIL import ImageFile
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import Evidence
from .storage import evidence_storage

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
    """Serves print renditions from evidence storage, or waits for one still being made;
    refuses every other address."""

    def __init__(self, pending: dict | None = None):
        super().__init__(allowed_protocols={SCHEME}, fail_on_errors=True)
        self.pending = pending or {}

    def fetch(self, url, headers=None):
        name = url.removeprefix(f"{SCHEME}:")
        if name.startswith("pending/"):
            body = self.pending[int(name.removeprefix("pending/"))].result()
        else:
            with evidence_storage.open(name, "rb") as stored:
                body = stored.read()
        return URLFetcherResponse(url, body=body, headers={"Content-Type": "image/jpeg"})


@dataclass(frozen=True)
class RenderedDossier:
    pdf: bytes
    pages: int


def _image_url(item: Evidence, pending: dict) -> str:
    if item.print_rendition:
        return f"{SCHEME}:{item.print_rendition.name}"
    if item.pk in pending:
        return f"{SCHEME}:pending/{item.pk}"
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
    """Lay out and write the PDF; `context` carries the case, its timeline and evidence rows."""
    html = render_to_string(
        "evidence/dossier/dossier.html",
        {**context, "variant": variant, "generated_at": timezone.localtime()},
    )
    fetcher = EvidenceFetcher(pending)
    document = HTML(string=html, base_url=f"{SCHEME}:", url_fetcher=fetcher).render()
    return RenderedDossier(pdf=document.write_pdf(), pages=len(document.pages))
