"""The consumer's contact details: typed once on the profile, printed on every letter."""

import pytest
from django.urls import reverse

from accounts.contact import contact_details
from core.text import has_control_characters
from tests.factories import UserFactory

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
