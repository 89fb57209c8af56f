"""Reading an order screenshot for a new case, in a worker (evidence.tasks): its lines by the
OCR door, then the order's facts by the order reader, kept on the row as plain text.

Under a lease like the transcripts (evidence/jobs.py SCREENSHOT_JOBS), so a retried task and
the sweep read it once. A picture the engine cannot read ends `failed`, which the page shows
as "nothing could be read" with the empty form: never an error page.
"""

from __future__ import annotations

import logging

from .. import integrity  # noqa: F401 (registers the HEIC opener the OCR door's Pillow uses)
from ..jobs import SCREENSHOT_JOBS, transcript_gave_up
from ..models import OrderScreenshot, ScreenshotState
from ..reading import ocr, orders
from ..reading.transcripts import reading_columns
from ..storage import read_whole
from ..tasks import order_screenshot_read_task

logger = logging.getLogger(__name__)


def order_screenshot_queue(screenshot_id: int) -> None:
    """Called on commit of the upload: the task, and the sweep's schedule should it be lost."""
    SCREENSHOT_JOBS.schedule(screenshot_id)
    try:
        order_screenshot_read_task.delay(screenshot_id)
    except Exception as error:  # no broker: the sweep queues it once one is back
        logger.warning("order screenshot %s not queued: %s", screenshot_id, error)


def order_facts(reading: ocr.OcrReading) -> dict[str, str]:
    """What the order reader (evidence/reading/orders/) is sure of, as text ("299.00",
    "2026-11-20"); a fact it left None is absent."""
    facts = orders.order_facts_of(reading).as_json(file="")
    return {name: facts[name] for name in orders.FIELDS if facts[name] is not None}


def order_screenshot_read(*, screenshot_id: int) -> str | None:
    """Read the screenshot once; returns the state it ended in, None when it is gone (the
    case was opened meanwhile, or the row expired)."""
    lease = SCREENSHOT_JOBS.claim(screenshot_id)
    screenshot = OrderScreenshot.objects.filter(pk=screenshot_id).first()
    if screenshot is None:
        return None
    if lease is None:
        return screenshot.state
    try:
        with SCREENSHOT_JOBS.heartbeat(lease):
            data = read_whole(screenshot.file.name)
    except FileNotFoundError:
        SCREENSHOT_JOBS.release(lease, state=ScreenshotState.FAILED, error="file gone")
        return ScreenshotState.FAILED
    except Exception as error:  # storage trouble: the sweep tries again later
        SCREENSHOT_JOBS.give_back(lease, reason=transcript_gave_up(screenshot.attempts))
        logger.warning("order screenshot %s could not be read: %s", screenshot_id, error)
        raise
    try:
        with SCREENSHOT_JOBS.heartbeat(lease):
            reading = ocr.read_bytes(data)
            facts = order_facts(reading)
    except ocr.OcrError as error:
        logger.info("order screenshot %s: %s", screenshot_id, error)
        SCREENSHOT_JOBS.release(lease, state=ScreenshotState.FAILED, error=str(error)[:300])
        return ScreenshotState.FAILED
    SCREENSHOT_JOBS.release(
        lease, state=ScreenshotState.DONE, facts=facts, **reading_columns(reading)
    )
    return ScreenshotState.DONE
