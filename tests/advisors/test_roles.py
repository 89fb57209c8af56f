import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from advisors.models import HelpRequest
from advisors.roles import advisor_permission_codenames, ensure_advisors_group
from advisors.selectors import is_advisor
from advisors.services import case_take

pytestmark = pytest.mark.django_db


def test_group_has_exactly_the_listed_permissions_and_is_idempotent():
    group = ensure_advisors_group()
    group.permissions.clear()
    group = ensure_advisors_group()
    ensure_advisors_group()
    got = sorted(group.permissions.values_list("content_type__app_label", "codename"))
    assert got == sorted(advisor_permission_codenames())
    assert not any(code.endswith("accessentry") for _app, code in got)
    assert not any(app == "accounts" for app, _code in got)


def test_create_advisor_command_makes_staff_not_superuser(capsys):
    call_command(
        "create_advisor", "Helper@Example.cn", "--name", "小林", "--password", "a-long-pass-1"
    )
    user = User.objects.get(email="helper@example.cn")
    assert user.is_staff and not user.is_superuser
    assert user.display_name == "小林"
    assert is_advisor(user)
    assert user.check_password("a-long-pass-1")
    call_command("create_advisor", "helper@example.cn")  # again: nothing breaks
    assert User.objects.filter(email="helper@example.cn").count() == 1


def test_plain_staff_is_not_an_advisor(consumer):
    consumer.is_staff = True
    consumer.save()
    assert not is_advisor(consumer)


def test_revoking_the_role_releases_cases_and_shuts_the_admin(shared_case, capsys):
    call_command("create_advisor", "helper@example.cn", "--password", "a-long-pass-1")
    helper = User.objects.get(email="helper@example.cn")
    case_take(case=shared_case, advisor=helper)
    client = Client()
    client.force_login(helper)
    assert client.get(reverse("admin:cases_case_change", args=[shared_case.pk])).status_code == 200
    call_command("create_advisor", "helper@example.cn", "--revoke")
    assert "1 cases released" in capsys.readouterr().out
    assert HelpRequest.objects.get(case=shared_case).advisor is None
    assert not is_advisor(User.objects.get(pk=helper.pk))
    assert client.get(reverse("admin:cases_case_change", args=[shared_case.pk])).status_code == 403
