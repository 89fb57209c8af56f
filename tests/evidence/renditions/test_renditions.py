"""Renditions are made by the task after upload and never during a GET; pages show a
placeholder until they exist."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from advisors.roles import make_advisor
from advisors.services import help_request
from evidence.models import Evidence
from evidence.storage import evidence_storage
from tests.factories import CaseFactory, UserFactory
from tests.support import files
from tests.support.evidence import upload
from tests.support.s3 import disk_only
from tests.support.sections import every_section, section
from tests.support.storage import stored_names
from tests.support.waiting import wait_for

RENDITIONS = ("thumbnail", "preview", "print_rendition", "preview_failed")
PLACEHOLDER = "预览生成中"


def renditions_of(case) -> list[tuple]:
    return list(case.evidence.order_by("number").values_list("number", *RENDITIONS))


@pytest.fixture
def unrendered(consumer_client, case, mp4_bytes):
    """A photo, a HEIC photo, a video and a PDF, uploaded; no worker has made anything yet."""
    upload(
        consumer_client,
        case,
        ("订单.jpg", files.jpeg()),
        ("包装.heic", files.heic()),
        ("开箱.mp4", mp4_bytes),
        ("报告.pdf", files.pdf()),
        renditions=False,
    )
    return case


@pytest.mark.django_db
def test_no_get_of_any_evidence_page_or_file_writes_a_file(
    consumer_client, unrendered, consumer, client
):
    case = unrendered
    help_request(case=case)
    advisor = UserFactory()
    make_advisor(advisor)
    evidence = list(case.evidence.order_by("number"))
    urls = [*every_section(case), reverse("admin:cases_case_change", args=[case.pk])]
    for item in evidence:
        urls.append(item.get_absolute_url())
        for name in ("evidence:thumbnail", "evidence:preview", "evidence:download"):
            urls.append(reverse(name, args=[item.public_id]))
        for what in ("thumbnail", "view"):
            urls.append(
                reverse("admin:advisors_evidence_file", args=[case.pk, item.public_id, what])
            )
    files_before, rows_before = stored_names(), renditions_of(case)
    assert len(files_before) == 4  # the four originals, nothing made from them yet
    client.force_login(advisor)
    for url in urls:
        browser = client if "/admin/" in url else consumer_client
        assert browser.get(url).status_code in (200, 302, 404), url
    assert stored_names() == files_before
    assert renditions_of(case) == rows_before


@pytest.mark.django_db
def test_the_placeholder_shows_until_the_rendition_exists_then_the_picture(
    consumer_client, unrendered
):
    from evidence.renditions import renditions_make

    case = unrendered
    photo, heic, video, document = case.evidence.order_by("number")
    page = consumer_client.get(section(case, "evidence")).content.decode()
    assert page.count(PLACEHOLDER) == 3  # the two photos and the video; the PDF has its icon
    assert reverse("evidence:thumbnail", args=[photo.public_id]) not in page
    assert "evidence-document.svg" in page
    assert PLACEHOLDER in consumer_client.get(heic.get_absolute_url()).content.decode()
    # a photo the browser can show is shown as it is, thumbnail or not
    detail = consumer_client.get(photo.get_absolute_url()).content.decode()
    assert reverse("evidence:preview", args=[photo.public_id]) in detail
    # when the task has run
    for item in (photo, heic, video, document):
        renditions_make(evidence_id=item.pk)
    page = consumer_client.get(section(case, "evidence")).content.decode()
    assert PLACEHOLDER not in page
    for item in (photo, heic, video):
        assert reverse("evidence:thumbnail", args=[item.public_id]) in page
    detail = consumer_client.get(heic.get_absolute_url()).content.decode()
    assert PLACEHOLDER not in detail
    assert reverse("evidence:preview", args=[heic.public_id]) in detail


@disk_only
@pytest.mark.django_db
def test_a_failed_rendition_keeps_the_upload_and_make_renditions_finishes_it(
    consumer_client, case, settings
):
    # given storage that cannot take renditions (a file where their folder should be)
    blocker = settings.MEDIA_ROOT / "previews"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_bytes(b"")
    response = upload(consumer_client, case, ("订单.jpg", files.jpeg()))
    # then the upload is kept, and the page says its picture is still to come
    assert response.status_code == 302
    evidence = case.evidence.get()
    assert evidence_storage.exists(evidence.file.name) and not evidence.thumbnail
    assert PLACEHOLDER in consumer_client.get(section(case, "evidence")).content.decode()
    # when the storage is fixed, the command makes what is missing, and only that
    blocker.unlink()
    call_command("make_renditions")
    evidence.refresh_from_db()
    assert evidence.thumbnail and evidence.print_rendition
    made = stored_names()
    call_command("make_renditions")
    assert stored_names() == made


@pytest.mark.django_db
def test_make_renditions_makes_the_missing_ones_of_older_evidence(
    consumer_client, unrendered, capsys
):
    call_command("make_renditions")
    assert "3 evidence" in capsys.readouterr().out  # the PDF needs none
    photo, heic, video, document = unrendered.evidence.order_by("number")
    assert photo.thumbnail and photo.print_rendition and not photo.preview
    assert heic.thumbnail and heic.preview and heic.print_rendition
    assert video.thumbnail and not video.print_rendition
    assert not (document.thumbnail or document.print_rendition or document.preview_failed)
    call_command("make_renditions")
    assert "0 evidence" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shopping_platforms")
def test_the_worker_makes_thumbnail_poster_and_print_rendition_after_upload(
    worker, client, mp4_bytes
):
    """The real path: the upload commits, its task goes through Redis to a Celery worker."""
    owner = UserFactory()
    case = CaseFactory(owner=owner)
    client.force_login(owner)
    response = upload(
        client, case, ("订单.jpg", files.jpeg()), ("开箱.mp4", mp4_bytes), kind="product_photo"
    )
    assert response.status_code == 302
    photo, video = Evidence.objects.filter(case=case).order_by("number")

    def made() -> bool:
        rows = dict(Evidence.objects.filter(case=case).values_list("number", "thumbnail"))
        return all(rows.values())

    assert wait_for(made, seconds=30), connection.settings_dict["NAME"]
    photo.refresh_from_db()
    video.refresh_from_db()
    assert evidence_storage.exists(photo.thumbnail.name)
    assert evidence_storage.exists(video.thumbnail.name)  # the poster frame
    assert wait_for(lambda: Evidence.objects.get(pk=photo.pk).print_rendition, seconds=10)
    page = client.get(section(case, "evidence")).content.decode()
    assert PLACEHOLDER not in page
    assert reverse("evidence:thumbnail", args=[video.public_id]) in page
