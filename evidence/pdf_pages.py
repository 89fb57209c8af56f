"""PDF evidence pages in dossiers: the only module that imports pypdf.

A PDF evidence is printed page by page, as vector content: each of its pages is drawn, scaled
to fit, into a frame WeasyPrint left empty on a page of its own (dossiers.py lays out that
page with the stamp 证据 N and the original's SHA-256 in its margin, and the page footer).
The dossier keeps its page count and its page numbers, and the evidence's text stays
selectable and searchable. Why merge rather than rasterise: docs/features.md, "PDF evidence".

A PDF the merger cannot read (password, damage, too many pages) is reported with its reason,
and the dossier prints the paragraph about where the original is instead: never a failed
dossier because of one file.
"""

import hashlib
import io
import logging
from dataclasses import dataclass, field

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

from .models import Evidence
from .storage import read_whole

logger = logging.getLogger(__name__)

# A long PDF is printed whole up to this; beyond it, its original is referred to.
MAX_PAGES = 200
# Space between the frame's edge and the page drawn in it, in points.
INSET = 2.0


@dataclass(frozen=True)
class SourcePage:
    """One page of a PDF evidence as it is seen (its /Rotate applied), in points."""

    width: float
    height: float

    @property
    def landscape(self) -> bool:
        return self.width > self.height


@dataclass
class EvidencePdf:
    """What was read of one PDF evidence: its pages, or why they cannot be printed."""

    number: int
    sha256: str | None  # of the bytes read: None when the file is gone
    pages: tuple[SourcePage, ...] = ()
    problem: str = ""
    document: PdfWriter | None = field(default=None, repr=False)

    @property
    def printable(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class Placement:
    """Where one source page goes: a page of the laid-out dossier and a frame on it, the
    frame as (left, bottom, right, top) in PDF points."""

    page_index: int
    source: EvidencePdf
    source_page: int
    frame: tuple[float, float, float, float]


class PageNotMerged(Exception):
    def __init__(self, number: int, reason: str):
        super().__init__(f"evidence {number}: {reason}")
        self.number = number
        self.reason = reason


def evidence_pdf_read(item: Evidence) -> EvidencePdf:
    """Read a PDF evidence from storage once: its hash (which the dossier's verification uses,
    so the pages printed are the bytes verified) and its pages.

    StorageUnavailable goes up (the dossier is tried again later)."""
    try:
        data = read_whole(item.file.name)
    except FileNotFoundError:
        return EvidencePdf(item.number, None, problem="原件不在证据库中")
    sha256 = hashlib.sha256(data).hexdigest()
    if sha256 != item.sha256:
        return EvidencePdf(item.number, sha256, problem="原件与上传时的指纹不符")
    return pdf_read(item.number, data, sha256)


def pdf_read(number: int, data: bytes, sha256: str) -> EvidencePdf:
    """The pages of a PDF, each parsed now so that a damaged one is found before the layout."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return EvidencePdf(number, sha256, problem="PDF 设有打开密码，无法读取其页面")
        if not reader.pages:
            return EvidencePdf(number, sha256, problem="PDF 中没有页面")
        if len(reader.pages) > MAX_PAGES:
            return EvidencePdf(
                number, sha256, problem=f"PDF 共 {len(reader.pages)} 页，超过 {MAX_PAGES} 页"
            )
        document = PdfWriter(clone_from=reader)  # its pages are changed (rotation) below
        pages = []
        for page in document.pages:
            page.transfer_rotation_to_content()
            width, height = float(page.cropbox.width), float(page.cropbox.height)
            if width < 1 or height < 1:
                raise ValueError(f"page size {width}×{height}")
            page.get_contents()  # a damaged content stream fails here, not after the layout
            pages.append(SourcePage(width, height))
    except Exception as error:  # pypdf raises many kinds on damaged files: each means "unreadable"
        logger.warning("PDF evidence %s unreadable: %r", number, error)
        return EvidencePdf(number, sha256, problem="PDF 文件已损坏或格式无法识别")
    return EvidencePdf(number, sha256, tuple(pages), document=document)


def pages_merge(pdf: bytes, placements: list[Placement]) -> bytes:
    """Draw each placed source page into its frame (scaled down to fit, never up, centred),
    over what WeasyPrint drew there. Raises PageNotMerged naming the evidence that failed."""
    if not placements:
        return pdf
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    for placement in placements:
        source = placement.source
        assert source.document is not None
        try:
            page = source.document.pages[placement.source_page]
            writer.pages[placement.page_index].merge_transformed_page(
                page, _fitted(page, placement.frame), over=True
            )
        except Exception as error:  # as in pdf_read: a damaged page, whatever pypdf calls it
            raise PageNotMerged(source.number, repr(error)) from error
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _fitted(page: PageObject, frame: tuple[float, float, float, float]) -> Transformation:
    left, bottom, right, top = frame
    room_width, room_height = right - left - 2 * INSET, top - bottom - 2 * INSET
    box = page.cropbox
    width, height = float(box.width), float(box.height)
    scale = min(room_width / width, room_height / height, 1.0)
    return (
        Transformation()
        .translate(-float(box.left), -float(box.bottom))
        .scale(scale, scale)
        .translate(
            left + INSET + (room_width - width * scale) / 2,
            bottom + INSET + (room_height - height * scale) / 2,
        )
    )
