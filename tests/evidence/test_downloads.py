"""How stored files leave (docs/downloads.md): X-Accel-Redirect to nginx on the local disk,
streamed through Django on S3, and never a storage URL: no page or response carries a public
or signed address of an evidence object, and any signed URL would expire within minutes."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from storages.backends.s3 import S3Storage

from advisors.roles import make_advisor
from advisors.services import help_request
from evidence.dossier_pipeline import dossier_build, dossier_request
from evidence.storage import evidence_storage
from tests.factories import UserFactory
from tests.support import files
from tests.support.evidence import upload
from tests.support.sections import every_section

pytestmark = pytest.mark.django_db

ROOT = Path(django_settings.BASE_DIR)


def test_on_s3_the_file_streams_through_django_even_with_the_nginx_prefix_set(
    consumer_client, case, settings, s3_storage
):
    settings.EVIDENCE_X_ACCEL_REDIRECT_PREFIX = "/protected/"  # left over from the disk days
    data = files.png()
    upload(consumer_client, case, ("a.png", data))
    evidence = case.evidence.get()
    response = consumer_client.get(reverse("evidence:download", args=[evidence.public_id]))
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == data


def test_no_page_or_response_ever_carries_a_storage_url(
    consumer_client, case, settings, s3_storage, monkeypatch
):
    made = []
    real_url = S3Storage.url

    def url(storage, name, *args, **kwargs):
        made.append(name)
        return real_url(storage, name, *args, **kwargs)

    monkeypatch.setattr(S3Storage, "url", url)
    # given a case with a photo, a HEIC, a PDF, a dossier, shared with an advisor
    upload(consumer_client, case, ("订单.jpg", files.jpeg()))
    upload(consumer_client, case, ("照片.heic", files.heic()))
    upload(consumer_client, case, ("发票.pdf", files.pdf()))
    help_request(case=case, message="请帮忙看看")
    dossier = dossier_build(
        dossier_id=dossier_request(case=case, variant="full", actor=case.owner, queue=False).pk
    )
    assert dossier.state == "ready"
    advisor = UserFactory()
    make_advisor(advisor)
    advisor_client = Client()
    advisor_client.force_login(advisor)
    # when every page and file is fetched
    responses = [consumer_client.get(url) for url in every_section(case)]
    for evidence in case.evidence.all():
        for name in ("detail", "download", "thumbnail", "preview"):
            responses.append(
                consumer_client.get(reverse(f"evidence:{name}", args=[evidence.public_id]))
            )
        for what in ("download", "thumbnail", "preview"):
            responses.append(
                advisor_client.get(
                    reverse(
                        "admin:advisors_evidence_file", args=[case.pk, evidence.public_id, what]
                    )
                )
            )
    responses.append(
        consumer_client.get(reverse("evidence:dossier_download", args=[dossier.public_id]))
    )
    responses.append(advisor_client.get(reverse("admin:cases_case_change", args=[case.pk])))
    # then no storage URL was made, and none is in any answer
    assert made == []
    endpoint = evidence_storage.endpoint_url
    for response in responses:
        assert response.status_code in (200, 302, 404), response.status_code
        headers = " ".join(f"{key}: {value}" for key, value in response.items())
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for text in (headers, body.decode("utf-8", "replace")):
            assert endpoint not in text
            assert "X-Amz-" not in text and "AWSAccessKeyId" not in text


def test_signed_urls_if_ever_made_expire_within_minutes(s3_storage):
    assert 0 < evidence_storage.querystring_expire <= 300
    assert evidence_storage.querystring_auth  # never an unsigned, public address
    assert evidence_storage.default_acl is None  # objects stay private


def test_no_code_or_template_asks_storage_for_an_evidence_url():
    pattern = re.compile(
        r"(evidence_storage\.url\(|\.(file|thumbnail|preview|print_rendition)\.url\b)"
    )
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("evidence", "advisors", "cases", "accounts", "templates", "weiquan")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".html", ".txt"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
