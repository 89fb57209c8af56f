import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
GOOD_PASSWORD = "维权-correct-horse-9"


def signup(client, identifier, *, password=GOOD_PASSWORD, accept=True):
    data = {"identifier": identifier, "password1": password}
    if accept:
        data["accept_privacy"] = "on"
    return client.post(SIGNUP, data)


def test_signup_page_is_chinese_and_links_the_privacy_notice(client):
    response = client.get(SIGNUP)
    html = response.content.decode()
    assert response.status_code == 200
    assert "注册" in html
    assert reverse("accounts:privacy") in html


def test_privacy_notice_has_its_own_page_in_plain_chinese(client):
    html = client.get(reverse("accounts:privacy")).content.decode()
    assert "隐私说明" in html
    assert "个人信息保护法" in html


def test_signup_with_a_mobile_number_logs_in_and_records_consent(client):
    response = signup(client, "138 0013 8000")
    assert response.status_code == 302
    assert response.url == reverse("cases:new")
    user = User.objects.get(phone="13800138000")
    assert user.privacy_accepted_at is not None
    assert user.privacy_notice_version
    assert client.get(reverse("cases:list")).status_code == 200


def test_signup_with_an_email_then_login_with_it_in_other_case(client):
    signup(client, "Xiao.Wang@Example.cn")
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": "xiao.wang@example.cn", "password": GOOD_PASSWORD}
    )
    assert response.status_code == 302
    assert User.objects.get().email == "xiao.wang@example.cn"


def test_login_with_mobile_number_in_any_format(client):
    signup(client, "13800138000")
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": "+86 138-0013-8000", "password": GOOD_PASSWORD}
    )
    assert response.status_code == 302


def test_wrong_password_gets_a_chinese_message(client):
    UserFactory(phone="13800138000")
    response = client.post(
        reverse("accounts:login"), {"username": "13800138000", "password": "nope"}
    )
    assert response.status_code == 200
    assert "密码" in response.content.decode()


@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        ("12800138000", "不是有效的中国大陆手机号"),
        ("1380013800", "不是有效的中国大陆手机号"),
        ("wang@", "邮箱"),
        ("wang", "手机号或邮箱"),
    ],
)
def test_invalid_identifier_is_explained_in_chinese_and_nothing_is_created(
    client, identifier, message
):
    response = signup(client, identifier)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_duplicate_signup_says_log_in_instead_and_keeps_the_input(client):
    UserFactory(phone="13800138000")
    response = signup(client, "13800138000")
    html = response.content.decode()
    assert "已经注册" in html
    assert 'value="13800138000"' in html
    assert User.objects.count() == 1


def test_duplicate_email_is_case_insensitive(client):
    UserFactory(email="wang@example.cn", phone="")
    response = signup(client, "WANG@example.cn")
    assert "已经注册" in response.content.decode()


def test_signup_requires_agreeing_to_the_privacy_notice(client):
    response = signup(client, "13800138000", accept=False)
    html = response.content.decode()
    assert "隐私说明" in html
    assert 'value="13800138000"' in html
    assert not User.objects.exists()


def test_weak_passwords_are_refused(client):
    assert "太短" in signup(client, "13800138000", password="abc").content.decode()
    assert "太常见" in signup(client, "13800138000", password="password123").content.decode()
    assert "不能只有数字" in signup(client, "13800138000", password="8316402759").content.decode()
    assert not User.objects.exists()


def test_the_password_is_typed_once_and_can_be_shown(client):
    html = client.get(SIGNUP).content.decode()
    assert html.count('type="password"') == 1
    assert 'name="password2"' not in html
    assert 'data-reveal="显示"' in html


def test_password_reset_by_email_sends_a_working_link(client):
    signup(client, "wang@example.cn")
    client.logout()
    client.post(reverse("accounts:password_reset"), {"email": "wang@example.cn"})
    [message] = mail.outbox
    assert "重置" in message.subject
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "另一个-new-pass-77", "new_password2": "另一个-new-pass-77"},
    )
    assert response.status_code == 302
    signed_in = client.post(
        reverse("accounts:login"), {"username": "wang@example.cn", "password": "另一个-new-pass-77"}
    )
    assert signed_in.status_code == 302


def test_logout_needs_post_and_csrf(client):
    user = UserFactory()
    csrf_client = client.__class__(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    assert csrf_client.post(reverse("accounts:logout")).status_code == 403


def test_profile_adds_an_email_and_refuses_a_taken_one(client):
    user = UserFactory(phone="13800138000")
    UserFactory(email="taken@example.cn")
    client.force_login(user)
    quiet = {"quiet_hours_start": "22:00", "quiet_hours_end": "08:00", "notify_by_email": "on"}
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "小王", "email": "taken@example.cn", "phone": "13800138000", **quiet},
    )
    assert "已被其他账户使用" in response.content.decode()
    client.post(
        reverse("accounts:profile"),
        {"display_name": "小王", "email": "me@example.cn", "phone": "13800138000", **quiet},
    )
    user.refresh_from_db()
    assert (user.email, user.display_name) == ("me@example.cn", "小王")


def test_public_name_masks_the_phone_number():
    assert UserFactory(phone="13800138000").public_name == "138****8000"
