"""Dossiers rendered by the real WeasyPrint with the real CJK font, read back with poppler."""

import hashlib
import logging
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from evidence.dossier_pipeline import dossier_build, dossier_request
from evidence.models import CustodyAction, Dossier, DossierState
from evidence.storage import evidence_storage
from tests.factories import add_call
from tests.support import files
from tests.support.evidence import stored_files, tamper, upload
from tests.support.sections import section

pytestmark = pytest.mark.django_db


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_fonts(path: Path) -> str:
    return subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout


def built(case, variant="full") -> Dossier:
    dossier = dossier_request(case=case, variant=variant, actor=case.owner, queue=False)
    return dossier_build(dossier_id=dossier.pk)


def saved_pdf(dossier: Dossier, tmp_path: Path) -> Path:
    path = tmp_path / f"{dossier.public_id}.pdf"
    with evidence_storage.open(dossier.file.name, "rb") as stored:
        path.write_bytes(stored.read())
    return path


@pytest.fixture
def case_with_evidence(consumer_client, case):
    case.description = "收到的耳机没有防伪码"
    case.save()
    add_call(case, summary="客服答应三天内处理", agent_id="PDD-0731", promise="三天内处理")
    upload(
        consumer_client,
        case,
        ("订单.jpg", files.jpeg(title="订单详情")),
        ("包装.png", files.png()),
        ("报告.pdf", files.pdf()),
    )
    return case


def test_full_dossier_has_the_chinese_summary_reference_and_every_hash(
    case_with_evidence, tmp_path, caplog
):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    dossier = built(case_with_evidence)
    assert dossier.state == DossierState.READY, dossier.error
    path = saved_pdf(dossier, tmp_path)
    text = pdf_text(path)
    assert case_with_evidence.reference in text
    assert "收到的耳机没有防伪码" in text and "案件概要与诉求" in text
    assert re.search(r"第\s*1\s*页\s*共\s*\d+\s*页", text)
    assert "PDD-0731" in text
    for item in case_with_evidence.evidence.all():
        assert item.sha256 in text.replace("\n", "").replace(" ", "")
    # the Chinese is drawn with an embedded CJK font, not boxes
    fonts = pdf_fonts(path)
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line for line in cjk)
    assert not [r for r in caplog.records if "glyph" in r.getMessage().lower()]
    assert dossier.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert dossier.pages >= 5
    assert dossier.evidence_hashes == {
        str(e.number): e.sha256 for e in case_with_evidence.evidence.all()
    }


def test_each_evidence_file_is_logged_as_included(case_with_evidence):
    built(case_with_evidence)
    for item in case_with_evidence.evidence.all():
        assert CustodyAction.INCLUDED_IN_DOSSIER in item.custody.values_list("action", flat=True)


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("12315", ["12315 投诉材料", "【投诉人】", "【事实与理由】", "证据目录"]),
        ("court", ["证据清单", "证明目的", "来源/形式", "民事起诉状"]),
    ],
)
def test_variants(case_with_evidence, tmp_path, variant, expected):
    text = pdf_text(saved_pdf(built(case_with_evidence, variant), tmp_path))
    for words in expected:
        assert words in text


def test_page_count_grows_with_evidence(consumer_client, case):
    few = built(case).pages
    upload(consumer_client, case, *[(f"p{n}.jpg", files.jpeg(title=f"照片{n}")) for n in range(4)])
    assert built(case).pages >= few + 3


def test_an_altered_file_stops_the_build_with_a_clear_message(case_with_evidence):
    first = case_with_evidence.evidence.get(number=1)
    tamper(first.file.name, files.png(colour="red"))
    dossier = built(case_with_evidence)
    assert dossier.state == DossierState.FAILED
    assert not dossier.file
    assert "1" in dossier.error and "指纹" in dossier.error
    assert CustodyAction.VERIFY_FAILED in first.custody.values_list("action", flat=True)


# Transactional: a build this long renews its lease from a heartbeat thread (core/leases.py),
# whose own connection sees committed rows only; on PostgreSQL, inside a test transaction,
# it found no lease and the dossier stayed "building" (whenever the build passed lease/3 s).
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shopping_platforms")  # the flush before it emptied the seeded platforms
def test_a_case_with_forty_photos_completes(consumer_client, case):
    for batch in range(2):
        upload(
            consumer_client, case,
            *[
                (f"p{batch}-{n}.jpg", files.jpeg(title=f"照片 {batch}-{n}", size=(1200, 900)))
                for n in range(20)
            ],
        )  # fmt: skip
    assert case.evidence.count() == 40
    dossier = built(case)
    assert dossier.state == DossierState.READY
    assert dossier.pages >= 40
    assert dossier.size < 10 * 1024 * 1024


def test_harfbuzz_subsetting_is_available():
    """Without libharfbuzz-subset0 WeasyPrint falls back to a subsetting ~60× slower."""
    from weasyprint.text.ffi import harfbuzz_subset

    assert harfbuzz_subset is not None


def test_worker_warm_up_lays_out_a_sample_without_queries_or_files(
    django_assert_num_queries,
):
    from evidence.dossier_pipeline import dossier_warm_up

    with django_assert_num_queries(0):
        dossier_warm_up()
    assert stored_files() == []
    assert not Dossier.objects.exists()


# --- pages ---------------------------------------------------------------------------


def test_make_poll_and_download_from_the_case_page(
    consumer_client, case_with_evidence, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued on commit
        response = consumer_client.post(
            reverse("dossier_new", args=[case_with_evidence.reference]), {"variant": "court"}
        )
    assert response.status_code == 302
    dossier = case_with_evidence.dossiers.get()
    status = consumer_client.get(
        reverse("evidence:dossier_status", args=[dossier.public_id])
    ).json()
    assert status["state"] == "ready" and status["download"]
    download = consumer_client.get(status["download"])
    body = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert hashlib.sha256(body).hexdigest() == dossier.sha256
    assert response.url == section(case_with_evidence, "files")
    html = consumer_client.get(response.url).content.decode()
    assert dossier.sha256 in html


def test_the_page_says_when_evidence_changed_since_the_last_dossier(
    consumer_client, case_with_evidence
):
    built(case_with_evidence)
    html = consumer_client.get(section(case_with_evidence, "files")).content.decode()
    assert "证据有变动" not in html
    upload(consumer_client, case_with_evidence, ("new.jpg", files.jpeg(title="新证据")))
    html = consumer_client.get(section(case_with_evidence, "files")).content.decode()
    assert "证据有变动" in html


def test_another_consumer_gets_404_on_every_dossier_url(client, case_with_evidence, other_consumer):
    dossier = built(case_with_evidence)
    client.force_login(other_consumer)
    assert (
        client.get(reverse("evidence:dossier_download", args=[dossier.public_id])).status_code
        == 404
    )
    assert (
        client.get(reverse("evidence:dossier_status", args=[dossier.public_id])).status_code == 404
    )
    create = client.post(
        reverse("dossier_new", args=[case_with_evidence.reference]), {"variant": "full"}
    )
    assert create.status_code == 404
    assert case_with_evidence.dossiers.count() == 1


def test_build_dossier_command_writes_the_pdf(case_with_evidence, tmp_path):
    output = tmp_path / "case.pdf"
    call_command("build_dossier", case_with_evidence.reference, "--output", str(output))
    assert output.read_bytes().startswith(b"%PDF")
    assert case_with_evidence.reference in pdf_text(output)
