"""Celery tasks: thin wrappers that take ids and call the evidence services.

Each imports what it calls inside its body (services import tasks, not the other way round):
importing this module, as the web process does to queue work, loads neither the dossier
pipeline nor WeasyPrint. Workers load WeasyPrint as they start (below).
"""

import logging
import time

from celery import shared_task
from celery.signals import worker_init, worker_process_init

logger = logging.getLogger(__name__)


@worker_init.connect
def load_dossier_renderer(**_):
    """In the worker's main process, before it starts its pool: WeasyPrint is imported once,
    and forked pool processes share it instead of each paying for the import."""
    from . import dossiers  # noqa: F401


@worker_process_init.connect
def warm_up_dossier_renderer(**_):
    """Every worker process lays out a sample dossier as it starts, so the first consumer
    does not wait for fonts and templates to load (dossier_pipeline.dossier_warm_up)."""
    from . import dossier_pipeline

    started = time.monotonic()
    try:
        dossier_pipeline.dossier_warm_up()
    except Exception:  # a worker that cannot warm up can still work: it is only slower once
        logger.exception("dossier warm-up failed; the first dossier will load everything itself")
    else:
        logger.info("dossier renderer warmed up in %.2f s", time.monotonic() - started)


@shared_task
def dossier_build_task(dossier_id: int) -> str:
    """Safe to run twice: only the run that claims the dossier's lease builds it."""
    from .dossier_pipeline import dossier_build

    return dossier_build(dossier_id=dossier_id).state


@shared_task
def renditions_make_task(evidence_id: int) -> str | None:
    """After an upload: the thumbnail, a HEIC photo's preview, a video's poster and a
    picture's print rendition, each made once. Safe to run twice."""
    from .renditions import renditions_make

    state = renditions_make(evidence_id=evidence_id)
    return None if state is None else str(state)


@shared_task
def transcript_make_task(transcript_id: int) -> str | None:
    """After an image upload: its text read by OCR (evidence/reading/). Safe to run twice."""
    from .reading.transcripts import transcript_make

    return transcript_make(transcript_id=transcript_id)


@shared_task
def order_screenshot_read_task(screenshot_id: int) -> str | None:
    """After an order screenshot is uploaded on /cases/new/: its text read by OCR and the
    order's facts read from it (evidence/prefill/). Safe to run twice."""
    from .prefill.reading import order_screenshot_read

    return order_screenshot_read(screenshot_id=screenshot_id)


@worker_process_init.connect
def warm_up_ocr(**_):
    """Every worker process loads the OCR engine as it starts, so the first screenshot read
    does not wait for the models to load (about 1 s). Not while reading is off."""
    from django.conf import settings

    from .reading import ocr

    if not settings.WEIQUAN_OCR:
        return

    try:
        seconds = ocr.warm_up()
    except Exception:
        logger.exception("OCR warm-up failed; the first reading will load the engine itself")
    else:
        logger.info("OCR engine warmed up in %.2f s", seconds)


@shared_task
def print_rendition_task(evidence_id: int) -> str | None:
    """The task's old name, for messages queued before an upgrade; does the same."""
    from .renditions import renditions_make

    state = renditions_make(evidence_id=evidence_id)
    return None if state is None else str(state)


@shared_task
def jobs_sweep_task() -> dict[str, dict[str, int]]:
    """Every minute (beat): retry or fail the dossier builds and renditions whose worker
    stopped renewing its lease, and queue those whose retry is due (evidence/jobs.py); delete
    the order screenshots of new cases never opened (evidence/prefill/)."""
    from kombu.exceptions import OperationalError

    from .jobs import jobs_sweep
    from .prefill.services import order_screenshots_expire

    expired = order_screenshots_expire()
    try:
        results = jobs_sweep()
    except OperationalError as error:  # broker gone mid-sweep: the next sweep goes on
        logger.warning("job sweep stopped, broker unavailable: %s", error)
        return {}
    return {
        **{
            name: {"retried": len(r.retried), "failed": len(r.failed), "queued": len(r.queued)}
            for name, r in results.items()
        },
        "screenshots expired": {"deleted": expired},
    }
