"""The 12315 pack as printed: the consumer's contact details, the complaint as they saved it,
evidence named by kind in Chinese. Real WeasyPrint, read back with poppler."""

import subprocess

import pytest

from cases.letters.drafts import letter_draft_save
from cases.models import Want
from tests.evidence.test_dossiers import built, pdf_text, saved_pdf
from tests.factories import CaseFactory
from tests.support import files
from tests.support.evidence import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack_case(consumer, consumer_client):
    case = CaseFactory(owner=consumer, wants=[Want.REFUND, Want.COMPENSATION])
    upload(consumer_client, case, ("订单.jpg", files.jpeg(title="订单详情")))
    upload(consumer_client, case, ("包装.png", files.png()), kind="packaging_photo")
    return case


def flat(text: str) -> str:
    return "".join(text.split())


def test_the_12315_pack_prints_contact_details_saved_text_and_chinese_kinds(
    consumer, pack_case, tmp_path
):
    consumer.real_name = "张小明"
    consumer.contact_phone = "02153395288"
    consumer.postal_address = "上海市长宁区仙霞路99号1201室"
    consumer.save()
    letter_draft_save(
        case=pack_case,
        kind="12315",
        actor=consumer,
        fields={"respondent_address": "杭州市余杭区文一西路969号（营业执照所载）"},
    )
    dossier = built(pack_case, "12315")
    assert dossier.state == "ready", dossier.error
    path = saved_pdf(dossier, tmp_path)
    text = flat(pdf_text(path))
    for printed in ("张小明", "02153395288", "上海市长宁区仙霞路99号1201室"):
        assert text.count(printed) >= 2, printed  # on the cover and in the complaint
    assert "杭州市余杭区文一西路969号（营业执照所载）" in text  # the saved version
    assert "退款299.00元；赔偿897.00元（价款三倍）" in text
    assert "订单截图" in text and "包装或标签照片" in text
    assert "image/jpeg" not in text and "image/png" not in text
    assert "购买日期" in text and "签收日期" in text
    # what the reader sees first: the cover, then the complaint on page 2
    for page in (1, 2):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-f",
                str(page),
                "-l",
                str(page),
                str(path),
                str(tmp_path / f"page{page}"),
            ],
            check=True,
        )
    assert list(tmp_path.glob("page*.png"))


def test_without_contact_details_the_cover_says_not_filled_in(consumer, pack_case, tmp_path):
    consumer.phone, consumer.email = "", "someone@example.com"
    consumer.save()
    text = pdf_text(saved_pdf(built(pack_case, "12315"), tmp_path))
    cover = text.split("\f", 1)[0]
    for label in ("消费者", "联系电话", "通讯地址"):
        line = next(line for line in cover.splitlines() if line.strip().startswith(label))
        assert "未填写" in line, line
    assert "【请填写联系电话】" in flat(text) and "【请填写通讯地址】" in flat(text)


@pytest.mark.parametrize("variant", ["full", "court"])
def test_every_variant_names_evidence_by_kind_not_mime_type(pack_case, tmp_path, variant):
    text = flat(pdf_text(saved_pdf(built(pack_case, variant), tmp_path)))
    assert "订单截图" in text and "包装或标签照片" in text
    assert "image/" not in text
