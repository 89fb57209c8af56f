"""Celery tasks: thin wrappers that take ids and call the evidence services."""

import logging
import time

from celery import shared_task
from celery.signals import worker_process_init

# Loaded when the worker starts, so the first dossier does not pay for WeasyPrint's import.
from . import dossiers, previews, services  # noqa: F401
from .models import Evidence

logger = logging.getLogger(__name__)


@worker_process_init.connect
def warm_up_dossier_renderer(**_):
    """Every worker process lays out a sample dossier as it starts, so the first consumer
    does not wait for fonts and templates to load (services.dossier_warm_up)."""
    started = time.monotonic()
    try:
        services.dossier_warm_up()
    except Exception:  # a worker that cannot warm up can still work: it is only slower once
        logger.exception("dossier warm-up failed; the first dossier will load everything itself")
    else:
        logger.info("dossier renderer warmed up in %.2f s", time.monotonic() - started)


@shared_task
def dossier_build_task(dossier_id: int) -> str:
    """Safe to run twice: only a pending (or failed) dossier is built."""
    return services.dossier_build(dossier_id=dossier_id).state


@shared_task
def print_rendition_task(evidence_id: int) -> None:
    """After an upload: make the picture's print rendition once, for every later dossier."""
    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is not None:
        previews.ensure_print_renditions([evidence])
