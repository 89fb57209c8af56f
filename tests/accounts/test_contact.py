"""The consumer's contact details: typed once on the profile, printed on every letter."""

import pytest
from django.urls import reverse

from accounts.contact import contact_details
from accounts.models import User
from cases.letters.drafts import letter_draft_restore, letter_draft_save
from cases.models import LetterDraft
from core.text import has_control_characters
from tests.accounts.test_privacy import data_of, download
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db
PROFILE = reverse("accounts:profile")


def _profile_post(user, **changes):
    data = {
        "display_name": user.display_name,
        "email": user.email,
        "phone": user.phone,
        "real_name": "",
        "contact_phone": "",
        "postal_address": "",
        "notify_by_email": "on",
        "notify_in_app": "on",
        "quiet_hours_start": "22:00",
        "quiet_hours_end": "08:00",
    }
    data.update(changes)
    return data


def test_the_profile_saves_name_phone_and_address_normalised(consumer, consumer_client):
    response = consumer_client.post(
        PROFILE,
        _profile_post(
            consumer,
            real_name=" 张小明 ",
            contact_phone="+86 138-0013-8000",
            postal_address="上海市长宁区仙霞路 99 号 1201 室",
        ),
    )
    assert response.status_code == 302
    consumer.refresh_from_db()
    assert consumer.real_name == "张小明"
    assert consumer.contact_phone == "13800138000"
    assert consumer.postal_address == "上海市长宁区仙霞路 99 号 1201 室"


def test_the_contact_phone_defaults_to_the_mobile_signed_up_with(consumer, consumer_client):
    html = consumer_client.get(PROFILE).content.decode()
    assert f'placeholder="{consumer.phone}"' in html
    assert contact_details(consumer).phone == consumer.phone
    consumer.contact_phone = "02153395288"
    assert contact_details(consumer).phone == "02153395288"


def test_the_fields_are_optional(consumer, consumer_client):
    assert consumer_client.post(PROFILE, _profile_post(consumer)).status_code == 302
    assert contact_details(UserFactory(phone="", email="a@example.com")).complete is False


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_phone", "12", "这不是有效的电话号码"),
        ("contact_phone", "138001380001234567", "这不是有效的电话号码"),
        ("real_name", "张" * 51, "50"),
        ("postal_address", "路" * 201, "200"),
        ("postal_address", "上海\u202e市", "控制字符"),
        ("real_name", "张\x00三", "字符"),
    ],
)
def test_bad_contact_details_get_a_chinese_message_beside_the_field(
    consumer, consumer_client, field, value, message
):
    before = (consumer.real_name, consumer.contact_phone, consumer.postal_address)
    response = consumer_client.post(PROFILE, _profile_post(consumer, **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    html = response.content.decode()
    assert f'id="error_1_id_{field}"' in html or "invalid-feedback" in html
    consumer.refresh_from_db()
    assert (consumer.real_name, consumer.contact_phone, consumer.postal_address) == before


def test_control_characters_are_found_but_line_breaks_are_letter_text():
    assert has_control_characters("a\x1bb")
    assert has_control_characters("a\nb")
    assert not has_control_characters("第一行\n第二行\t", multiline=True)
    assert has_control_characters("右\u202e左", multiline=True)


def test_the_export_holds_the_contact_details_and_saved_letters(consumer, consumer_client):

    consumer.real_name, consumer.contact_phone = "张小明", "02153395288"
    consumer.postal_address = "上海市长宁区仙霞路99号"
    consumer.save()
    case = CaseFactory(owner=consumer)
    letter_draft_save(case=case, kind="merchant", actor=consumer, text="我改过的信")
    letter_draft_restore(case=case, kind="merchant", actor=consumer)

    data = data_of(download(consumer_client))

    assert data["account"]["real_name"] == "张小明"
    assert data["account"]["contact_phone"] == "02153395288"
    assert data["account"]["postal_address"] == "上海市长宁区仙霞路99号"
    drafts = data["cases"][0]["letter_drafts"]
    assert [(d["letter"], d["version"], d["back_to_generated"]) for d in drafts] == [
        ("merchant", 1, False),
        ("merchant", 2, True),
    ]
    assert drafts[0]["text"] == "我改过的信" and drafts[0]["saved_by_you"] is True


def test_deleting_the_account_erases_contact_details_and_saved_letters(consumer, consumer_client):

    consumer.real_name, consumer.postal_address = "张小明", "上海市长宁区仙霞路99号"
    consumer.save()
    letter_draft_save(case=CaseFactory(owner=consumer), kind="court", actor=consumer, text="诉状")
    kept = letter_draft_save(
        case=CaseFactory(), kind="court", actor=consumer, text="别人的案件，由我保存"
    )

    response = consumer_client.post(
        reverse("accounts:delete"), {"password": "correct-horse-battery", "understood": "on"}
    )

    assert response.status_code == 302
    assert not User.objects.filter(real_name="张小明").exists()
    assert not User.objects.filter(postal_address__contains="仙霞路").exists()
    assert list(LetterDraft.objects.values_list("pk", flat=True)) == [kept.pk]
    kept.refresh_from_db()
    assert kept.actor is None  # another person's case keeps its letter, without me
