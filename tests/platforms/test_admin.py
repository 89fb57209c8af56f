import pytest
from django.urls import reverse

from platforms.models import Platform

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "admin:platforms_platform_changelist",
        "admin:platforms_contactchannel_changelist",
        "admin:platforms_policy_changelist",
    ],
)
def test_directory_lists_render(admin_client, directory, name):
    assert admin_client.get(reverse(name)).status_code == 200


def test_channel_list_filters_and_searches(admin_client, directory):
    url = reverse("admin:platforms_contactchannel_changelist")
    html = admin_client.get(url + "?status__exact=verified").content.decode()
    assert "https://www.12315.cn/" in html and "95152" not in html
    html = admin_client.get(url + "?q=95152").content.decode()
    assert "95152" in html


def test_a_platform_opens_with_its_channels_and_policies(admin_client, directory):
    tmall = Platform.objects.get(slug="tmall")
    html = admin_client.get(reverse("admin:platforms_platform_change", args=[tmall.pk])).content
    html = html.decode()
    assert "400-860-8608" in html and "genuine-goods-insurance" in html
    assert "directory.yaml" in html
