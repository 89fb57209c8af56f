"""The kind guessed for a file left on 自动识别: a pure rule, tested without the database."""

import pytest

from evidence.kinds import Shape, accept_for, guess_kind, shape_of

COUNTERFEIT = [  # the checklist of a counterfeit case with nothing uploaded yet
    "order_screenshot",
    "product_photo",
    "packaging_photo",
    "chat_log",
    "product_page",
    "appraisal_report",
]
NOTHING_MISSING: list[str] = []


@pytest.mark.parametrize(
    ("category", "width", "height", "camera", "shape"),
    [
        ("image", 1170, 2532, False, Shape.SCREENSHOT),  # iPhone 13 screenshot
        ("image", 750, 1334, False, Shape.SCREENSHOT),  # iPhone SE screenshot, 16:9
        ("image", 1080, 2400, False, Shape.SCREENSHOT),  # Android screenshot
        ("image", 1080, 2400, True, Shape.PHOTO),  # a 16:9 camera photo: EXIF wins
        ("image", 4032, 3024, False, Shape.PHOTO),  # 4:3 landscape, EXIF stripped by WeChat
        ("image", 3024, 4032, False, Shape.PHOTO),  # 4:3 portrait
        ("image", 4000, 6000, False, Shape.PHOTO),  # 3:2 portrait
        ("image", 300, 200, True, Shape.PHOTO),
        ("image", 800, 800, False, Shape.PICTURE),  # square: could be anything
        ("image", 2532, 1170, False, Shape.PICTURE),  # landscape screenshot or panorama
        ("image", None, None, False, Shape.PICTURE),  # size unreadable
        ("video", None, None, False, Shape.VIDEO),
        ("audio", None, None, False, Shape.AUDIO),
        ("document", None, None, False, Shape.DOCUMENT),
    ],
)
def test_shape_of(category, width, height, camera, shape):
    assert shape_of(category=category, width=width, height=height, has_camera_exif=camera) == shape


@pytest.mark.parametrize(
    ("category", "size", "camera", "missing", "kind"),
    [
        # the first screenshot of a case is its order screenshot, the next ones its chat
        ("image", (1170, 2532), False, COUNTERFEIT, "order_screenshot"),
        ("image", (1170, 2532), False, COUNTERFEIT[1:], "chat_log"),
        ("image", (1170, 2532), False, ["product_page"], "product_page"),
        ("image", (1170, 2532), False, NOTHING_MISSING, "chat_log"),
        # an auto-renewal case asks for the payment record first
        ("image", (1170, 2532), False, ["payment_proof", "order_screenshot"], "payment_proof"),
        # camera photos: the product first, then the packaging
        ("image", (4032, 3024), True, COUNTERFEIT, "product_photo"),
        ("image", (4032, 3024), True, ["packaging_photo", "chat_log"], "packaging_photo"),
        ("image", (4032, 3024), False, NOTHING_MISSING, "product_photo"),
        # unsure pictures take the first missing picture kind, else "other"
        ("image", (800, 800), False, ["chat_log", "packaging_photo"], "chat_log"),
        ("image", (800, 800), False, ["appraisal_report"], "other"),
        # videos: the defect first, then the optional unboxing
        (
            "video",
            None,
            False,
            ["order_screenshot", "defect_video", "unboxing_video"],
            "defect_video",
        ),
        ("video", None, False, ["chat_log", "unboxing_video"], "unboxing_video"),
        ("video", None, False, NOTHING_MISSING, "defect_video"),
        ("audio", None, False, COUNTERFEIT, "call_recording"),
        # a PDF is the appraisal report a counterfeit case lacks, else a receipt (e-invoice)
        ("document", None, False, COUNTERFEIT, "appraisal_report"),
        ("document", None, False, ["medical_report"], "medical_report"),
        ("document", None, False, ["payment_proof", "medical_report"], "payment_proof"),
        ("document", None, False, ["chat_log"], "payment_proof"),
    ],
)
def test_guess_kind(category, size, camera, missing, kind):
    width, height = size or (None, None)
    guessed = guess_kind(
        category=category, width=width, height=height, has_camera_exif=camera, missing=missing
    )
    assert guessed == kind


@pytest.mark.parametrize(
    ("kind", "accept"),
    [
        ("order_screenshot", "image/*,.heic,.heif"),
        ("product_photo", "image/*,.heic,.heif"),
        ("defect_video", "video/*"),
        ("call_recording", "audio/*,.amr,.m4a"),
        ("appraisal_report", "application/pdf,image/*,.heic,.heif"),
        ("payment_proof", "image/*,.heic,.heif,application/pdf"),
        ("other", None),
    ],
)
def test_each_items_picker_offers_the_types_its_kind_comes_as(kind, accept):
    assert accept_for(kind) == accept
