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
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
)

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
    reader: PdfReader | None = field(default=None, repr=False)
    contents: tuple[bytes, ...] = field(default=(), repr=False)  # each page's drawing, decoded

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
    """The pages of a PDF, each decoded now so that a damaged one is found before the
    layout."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _opened(reader):
            return EvidencePdf(number, sha256, problem="PDF 已加密，无法读取其页面")
        if not reader.pages:
            return EvidencePdf(number, sha256, problem="PDF 中没有页面")
        if len(reader.pages) > MAX_PAGES:
            return EvidencePdf(
                number, sha256, problem=f"PDF 共 {len(reader.pages)} 页，超过 {MAX_PAGES} 页"
            )
        pages, contents = [], []
        for page in reader.pages:
            left, bottom, right, top = _seen(page, Transformation())
            if right - left < 1 or top - bottom < 1:
                raise ValueError(f"page size {right - left}×{top - bottom}")
            pages.append(SourcePage(right - left, top - bottom))
            contents.append(_drawing(page))
    except Exception as error:  # pypdf raises many kinds on damaged files: each means "unreadable"
        logger.warning("PDF evidence %s unreadable: %r", number, error)
        return EvidencePdf(number, sha256, problem="PDF 文件已损坏或格式无法识别")
    return EvidencePdf(number, sha256, tuple(pages), reader=reader, contents=tuple(contents))


def _opened(reader: PdfReader) -> bool:
    """Whether an encrypted PDF opens without a password (locked against editing only, as
    many statements and invoices are). AES needs the `cryptography` package, which is not
    installed: such files are reported as encrypted."""
    try:
        return bool(reader.decrypt(""))
    except Exception as error:  # DependencyError for AES, or a damaged encryption dictionary
        logger.warning("encrypted PDF not opened: %r", error)
        return False


def pages_merge(pdf: bytes, placements: list[Placement]) -> bytes:
    """Draw each placed source page into its frame (scaled down to fit, never up, centred,
    turned as its /Rotate says), over what WeasyPrint drew there. Raises PageNotMerged naming
    the evidence that failed.

    Each source page goes in as a form XObject: its drawing as it is (never parsed, so a
    long page costs what copying it costs), its resources (fonts, pictures) copied once,
    clipped to its crop box."""
    if not placements:
        return pdf
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    for number, placement in enumerate(placements):
        source = placement.source
        assert source.reader is not None
        try:
            page = source.reader.pages[placement.source_page]
            form = _form(writer, page, source.contents[placement.source_page])
            _draw(writer, writer.pages[placement.page_index], form, f"/WqEvidence{number}",
                  _fitted(page, placement.frame))  # fmt: skip
        except Exception as error:  # as in pdf_read: a damaged page, whatever pypdf calls it
            raise PageNotMerged(source.number, repr(error)) from error
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _drawing(page: PageObject) -> bytes:
    """The page's content streams, decoded and joined (a page may split its drawing)."""
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    parts = contents if isinstance(contents, ArrayObject) else [contents]
    return b"\n".join(part.get_object().get_data() for part in parts)


def _form(writer: PdfWriter, page: PageObject, drawing: bytes) -> IndirectObject:
    form = DecodedStreamObject()
    form.set_data(drawing)
    resources = page.get("/Resources")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(value) for value in page.cropbox),
            NameObject("/Resources"): (
                resources.get_object().clone(writer) if resources else DictionaryObject()
            ),
        }
    )
    # pypdf has no public call that adds a new indirect object; _add_object is what its own
    # page methods use (pinned: pypdf>=6,<7).
    return writer._add_object(form.flate_encode())


def _draw(
    writer: PdfWriter, target: PageObject, form: IndirectObject, name: str, at: Transformation
) -> None:
    """Add to the target page: its own drawing fenced in q…Q, then the form at `at`."""
    resources = target.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
    xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
    xobjects[NameObject(name)] = form
    matrix = " ".join(f"{value:.6f}" for value in at.ctm)  # never 6e-17: PDF has no exponents
    streams = []
    for data in (b"q\n", b"\nQ\n", f"q {matrix} cm {name} Do Q\n".encode()):
        stream = DecodedStreamObject()
        stream.set_data(data)
        streams.append(writer._add_object(stream))
    contents = target["/Contents"]
    existing = contents.get_object()
    parts = list(existing) if isinstance(existing, ArrayObject) else [contents]
    target[NameObject("/Contents")] = ArrayObject([streams[0], *parts, streams[1], streams[2]])


def _seen(page: PageObject, at: Transformation) -> tuple[float, float, float, float]:
    """The crop box as it is seen (turned by /Rotate, clockwise) and moved by `at`."""
    box = page.cropbox
    turned = at.rotate(-page.rotation)
    corners = [
        turned.apply_on((float(x), float(y)))
        for x in (box.left, box.right)
        for y in (box.bottom, box.top)
    ]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _fitted(page: PageObject, frame: tuple[float, float, float, float]) -> Transformation:
    left, bottom, right, top = frame
    room_width, room_height = right - left - 2 * INSET, top - bottom - 2 * INSET
    seen_left, seen_bottom, seen_right, seen_top = _seen(page, Transformation())
    width, height = seen_right - seen_left, seen_top - seen_bottom
    scale = min(room_width / width, room_height / height, 1.0)
    return (
        Transformation()
        .rotate(-page.rotation)
        .translate(-seen_left, -seen_bottom)
        .scale(scale, scale)
        .translate(
            left + INSET + (room_width - width * scale) / 2,
            bottom + INSET + (room_height - height * scale) / 2,
        )
    )
