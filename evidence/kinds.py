"""What an uploaded file probably is, guessed from its shape, when the consumer did not say.

A pure rule over narrow facts (the file's category, its upright size in pixels, whether its
EXIF names a camera, and which checklist items the case still lacks), so it runs without the
database and the browser can make the same guess before the upload (static/js/app.js reads
the same table from the evidence panel's data attributes). The guess is only a preselection:
the kind is shown on every tile and stays editable on the evidence page.
"""

from collections.abc import Sequence
from enum import StrEnum

from .models import EvidenceKind

K = EvidenceKind

# A phone screenshot is a tall portrait picture: iPhone 8/SE 750×1334 (1.78), iPhone 15
# 1179×2556 (2.17), most Android phones 1080×2400 (2.22). Camera photos are 4:3 (1.33) or
# 3:2 (1.5), either way round; 16:9 photos exist but carry camera EXIF, which wins.
SCREENSHOT_MIN_ASPECT = 1.7
PHOTO_ASPECTS = (1.2, 1.6)


class Shape(StrEnum):
    SCREENSHOT = "screenshot"
    PHOTO = "photo"
    PICTURE = "picture"  # an image that is neither: square, landscape, size unknown
    VIDEO = "video"
    AUDIO = "audio"
    DOCUMENT = "document"


# Which kinds a file of each shape can be, and the kind it gets when the checklist lacks none
# of them: more screenshots after the needed ones are usually more pages of the chat; a PDF
# in a consumer dispute is most often the 电子发票 (e-invoice) of the order, a receipt.
CANDIDATES: dict[Shape, tuple[EvidenceKind, ...]] = {
    Shape.SCREENSHOT: (
        K.ORDER_SCREENSHOT,
        K.PAYMENT_PROOF,
        K.CHAT_LOG,
        K.REFUND_REQUEST,
        K.LOGISTICS_RECORD,
        K.PRODUCT_PAGE,
    ),
    Shape.PHOTO: (K.PRODUCT_PHOTO, K.PACKAGING_PHOTO),
    Shape.VIDEO: (K.DEFECT_VIDEO, K.UNBOXING_VIDEO),
    Shape.AUDIO: (K.CALL_RECORDING,),
    Shape.DOCUMENT: (K.APPRAISAL_REPORT, K.MEDICAL_REPORT, K.PAYMENT_PROOF),
}
CANDIDATES[Shape.PICTURE] = CANDIDATES[Shape.SCREENSHOT] + CANDIDATES[Shape.PHOTO]
FALLBACK: dict[Shape, EvidenceKind] = {
    Shape.SCREENSHOT: K.CHAT_LOG,
    Shape.PHOTO: K.PRODUCT_PHOTO,
    Shape.PICTURE: K.OTHER,
    Shape.VIDEO: K.DEFECT_VIDEO,
    Shape.AUDIO: K.CALL_RECORDING,
    Shape.DOCUMENT: K.PAYMENT_PROOF,
}


IMAGES = "image/*,.heic,.heif"
# What each shape's file picker offers; a report on paper may come as a photo of it.
PICKER: dict[Shape, str] = {
    Shape.SCREENSHOT: IMAGES,
    Shape.PHOTO: IMAGES,
    Shape.VIDEO: "video/*",
    Shape.AUDIO: "audio/*,.amr,.m4a",
    Shape.DOCUMENT: f"application/pdf,{IMAGES}",
}


def accept_for(kind: str) -> str | None:
    """The file picker's `accept` for a checklist item's own upload button: the types a file
    of that kind comes as (None: any accepted type)."""
    types: list[str] = []
    for shape, accept in PICKER.items():
        if kind in CANDIDATES[shape]:
            types += [t for t in accept.split(",") if t not in types]
    return ",".join(types) or None


def shape_of(
    *, category: str, width: int | None, height: int | None, has_camera_exif: bool
) -> Shape:
    """The shape of a file: its category, and for images what the upright size suggests.

    Camera EXIF (Make or Model) means a photo whatever the crop; otherwise a portrait picture
    at least 1.7 times as tall as wide is a screenshot, and a 4:3 or 3:2 one a photo whose EXIF
    a chat app stripped. Anything else (square, landscape, unreadable size) stays a picture.
    """
    if category in (Shape.VIDEO, Shape.AUDIO, Shape.DOCUMENT):
        return Shape(category)
    if has_camera_exif:
        return Shape.PHOTO
    if not width or not height:
        return Shape.PICTURE
    if height / width >= SCREENSHOT_MIN_ASPECT:
        return Shape.SCREENSHOT
    low, high = PHOTO_ASPECTS
    if low <= max(width, height) / min(width, height) <= high:
        return Shape.PHOTO
    return Shape.PICTURE


def kind_for_shape(*, shape: Shape, missing: Sequence[str]) -> EvidenceKind:
    """The first item the case still lacks, in the checklist's order, that a file of this shape
    can be; when it lacks none of them, the shape's fallback.

    `missing` lists the checklist's kinds not yet on the case, optional ones included, in the
    checklist's order, so the first screenshot of a case is its
    order screenshot, the next ones fill the chat log, and a PDF in a counterfeit case is the
    appraisal report until there is one.
    """
    candidates = CANDIDATES[shape]
    for code in missing:
        if code in candidates:
            return EvidenceKind(code)
    return FALLBACK[shape]


def guess_kind(
    *,
    category: str,
    width: int | None,
    height: int | None,
    has_camera_exif: bool,
    missing: Sequence[str],
) -> EvidenceKind:
    """The kind preselected for a file the consumer left on 自动识别 (see the module's rule)."""
    shape = shape_of(category=category, width=width, height=height, has_camera_exif=has_camera_exif)
    return kind_for_shape(shape=shape, missing=missing)


def rules_for_browser() -> dict:
    """The same table for static/js/app.js, which preselects the guess before uploading."""
    return {
        "screenshot_min_aspect": SCREENSHOT_MIN_ASPECT,
        "photo_aspects": list(PHOTO_ASPECTS),
        "candidates": {shape.value: [str(k) for k in kinds] for shape, kinds in CANDIDATES.items()},
        "fallback": {shape.value: str(kind) for shape, kind in FALLBACK.items()},
    }
