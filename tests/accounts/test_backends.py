"""Staff permissions and groups kept per process between requests (accounts/backends.py),
and never stale after a membership or a group's permissions change."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.backends import group_names
from accounts.models import User
from advisors.selectors import is_advisor
from core.reference import tokens_once_per_request

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    """The user as the next request loads it: no per-object caches."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def staff(db):
    return User.objects.create_user(username="staff", password="x", is_staff=True)


def test_the_next_request_asks_only_for_the_version(staff, django_assert_num_queries):
    group = Group.objects.create(name="editors")
    group.permissions.add(Permission.objects.get(codename="view_case"))
    staff.groups.add(group)
    first = fresh(staff)
    assert first.has_perm("cases.view_case") and group_names(first) == {"editors"}
    user = fresh(staff)

    def next_request(request):
        assert user.has_perm("cases.view_case")
        assert not user.has_perm("cases.delete_case")
        assert group_names(user) == {"editors"}

    with django_assert_num_queries(1):  # the version token, not the three permission queries
        tokens_once_per_request(next_request)(object())


def test_a_permission_given_or_taken_from_a_group_shows_at_once(staff):
    group = Group.objects.create(name="editors")
    staff.groups.add(group)
    assert not fresh(staff).has_perm("cases.view_case")
    permission = Permission.objects.get(codename="view_case")
    group.permissions.add(permission)
    assert fresh(staff).has_perm("cases.view_case")
    group.permissions.remove(permission)
    assert not fresh(staff).has_perm("cases.view_case")


def test_joining_or_leaving_the_advisors_shows_at_once(staff):
    advisors = Group.objects.create(name="advisors")
    assert not is_advisor(fresh(staff))
    staff.groups.add(advisors)
    assert is_advisor(fresh(staff))
    advisors.user_set.remove(staff)
    assert not is_advisor(fresh(staff))
    staff.groups.add(advisors)
    advisors.delete()
    assert not is_advisor(fresh(staff))


def test_a_permission_given_to_the_user_shows_at_once(staff):
    assert not fresh(staff).has_perm("cases.view_case")
    staff.user_permissions.add(Permission.objects.get(codename="view_case"))
    assert fresh(staff).has_perm("cases.view_case")
    staff.user_permissions.clear()
    assert not fresh(staff).has_perm("cases.view_case")


def test_inactive_users_have_no_permissions_even_when_kept(staff):
    staff.user_permissions.add(Permission.objects.get(codename="view_case"))
    assert fresh(staff).has_perm("cases.view_case")
    User.objects.filter(pk=staff.pk).update(is_active=False)
    assert not fresh(staff).has_perm("cases.view_case")


def test_giving_a_group_what_it_has_moves_nothing(staff):
    from core.reference import data_version

    group = Group.objects.create(name="editors")
    permission = Permission.objects.get(codename="view_case")
    group.permissions.add(permission)
    staff.groups.add(group)
    token = data_version("permissions")
    group.permissions.add(permission)
    group.permissions.set([permission])
    staff.groups.add(group)
    assert data_version("permissions") == token


def test_only_staff_are_kept(db, django_assert_num_queries):
    consumer = User.objects.create_user(username="consumer", password="x")
    consumer.user_permissions.add(Permission.objects.get(codename="view_case"))
    assert fresh(consumer).has_perm("cases.view_case")
    user = fresh(consumer)
    with django_assert_num_queries(2):  # Django's own two queries, no version: nothing kept
        assert user.has_perm("cases.view_case")
    user = fresh(consumer)
    with django_assert_num_queries(1):
        assert group_names(user) == frozenset()
