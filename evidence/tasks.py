"""Celery tasks: thin wrappers that take ids and call the evidence services."""

from celery import shared_task

# Loaded when the worker starts, so the first dossier does not pay for WeasyPrint's import.
from . import dossiers, previews, services  # noqa: F401
from .models import Evidence


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
