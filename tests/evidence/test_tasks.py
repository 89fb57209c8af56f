"""The evidence tasks: thin, importing what they call inside their bodies, so the web process
that queues them never loads WeasyPrint; the workers load and warm it up as they start."""

import json
import logging
import os
import subprocess
import sys
import weakref
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Everything a web process imports: every URLconf (and the views behind it), every app's
# tasks, admin and template tags, and the Celery app's own task discovery.
WEB_PROCESS = """
import importlib, importlib.util, json, sys
import django
django.setup()
from django.apps import apps
from django.template.backends.django import get_installed_libraries
from django.urls import URLResolver, get_resolver

def walk(resolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            walk(pattern)

import weiquan.urls
walk(get_resolver())
loaded = []
for config in apps.get_app_configs():
    for part in ("tasks", "admin", "views", "urls", "selectors", "services"):
        name = f"{config.name}.{part}"
        if importlib.util.find_spec(config.name) and importlib.util.find_spec(name):
            importlib.import_module(name)
            loaded.append(name)
get_installed_libraries()
from weiquan.celery import app
app.loader.import_default_modules()
tasks = sorted(app.tasks)
report = {"loaded": loaded, "tasks": tasks, "weasyprint": "weasyprint" in sys.modules}
report["ocr"] = sorted({"rapidocr_onnxruntime", "onnxruntime", "cv2"} & set(sys.modules))
import evidence.dossiers  # the control: a worker's import does load it
report["weasyprint_after_dossiers"] = "weasyprint" in sys.modules
print(json.dumps(report))
"""


def test_the_web_process_never_imports_weasyprint_nor_the_ocr_engine():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "weiquan.settings"}
    result = subprocess.run(
        [sys.executable, "-c", WEB_PROCESS], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert {"evidence.tasks", "cases.tasks", "evidence.views", "advisors.admin"} <= set(
        report["loaded"]
    )
    assert {"evidence.tasks.renditions_make_task", "evidence.tasks.dossier_build_task"} <= set(
        report["tasks"]
    )
    assert report["weasyprint"] is False
    assert report["ocr"] == []
    assert "evidence.tasks.transcript_make_task" in report["tasks"]
    assert report["weasyprint_after_dossiers"] is True


def test_every_worker_process_warms_up_as_it_starts():
    from celery.signals import worker_process_init

    from evidence.tasks import warm_up_dossier_renderer

    receivers = [  # Celery keeps weak references to plain functions
        receiver() if isinstance(receiver, weakref.ref) else receiver
        for _, receiver in worker_process_init.receivers
    ]
    assert warm_up_dossier_renderer in receivers


def test_a_failed_warm_up_leaves_the_worker_working(monkeypatch, caplog):
    from evidence import dossier_pipeline, tasks

    def broken():
        raise OSError("font directory unreadable")

    monkeypatch.setattr(dossier_pipeline, "dossier_warm_up", broken)
    with caplog.at_level(logging.ERROR, logger="evidence.tasks"):
        tasks.warm_up_dossier_renderer()
    assert "dossier warm-up failed" in caplog.text


def test_the_worker_imports_the_renderer_before_it_starts_its_pool():
    from celery.signals import worker_init

    from evidence.tasks import load_dossier_renderer

    receivers = [
        receiver() if isinstance(receiver, weakref.ref) else receiver
        for _, receiver in worker_init.receivers
    ]
    assert load_dossier_renderer in receivers
