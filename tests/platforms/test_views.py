import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def page(client, url, django_assert_max_num_queries, queries: int) -> str:
    with django_assert_max_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_groups_shopping_platforms_and_authorities(
    client, directory, django_assert_max_num_queries
):
    html = page(client, reverse("platforms:list"), django_assert_max_num_queries, 2)
    for name in (
        "抖音",
        "天猫",
        "拼多多",
        "全国12315平台",
        "中国消费者协会/各地消协",
        "人民法院/互联网法院",
    ):
        assert name in html
    assert html.index("抖音") < html.index("全国12315平台") < html.index("人民法院/互联网法院")
    assert reverse("platforms:detail", args=["12315"]) in html


@pytest.mark.parametrize(
    ("slug", "name", "values"),
    [
        ("douyin", "抖音", ["95152", "我的订单 → 举报商品"]),
        ("tmall", "天猫", ["400-860-8608", "假冒品牌", "正品保证险（假一赔四）"]),
        ("pinduoduo", "拼多多", ["021-53395288", "021-5339-5088", "400-8822-528"]),
        ("12315", "全国12315平台", ["12315", "https://www.12315.cn/", "全国12315"]),
    ],
)
def test_a_platform_page_shows_every_channel_with_its_source(
    client, directory, django_assert_max_num_queries, slug, name, values
):
    html = page(client, reverse("platforms:detail", args=[slug]), django_assert_max_num_queries, 3)
    assert name in html
    for value in values:
        assert value in html
    assert html.count('class="small text-body-secondary source"') >= len(values) - 1


def test_the_page_costs_the_same_queries_however_many_channels(
    client, directory, django_assert_num_queries
):
    with django_assert_num_queries(3):
        client.get(reverse("platforms:detail", args=["pinduoduo"]))
    with django_assert_num_queries(3):
        client.get(reverse("platforms:detail", args=["meituan"]))


def test_consumer_lines_can_be_tapped_but_not_the_merchant_line_or_rumours(client, directory):
    html = client.get(reverse("platforms:detail", args=["pinduoduo"])).content.decode()
    assert 'href="tel:02153395288"' in html
    assert "tel:02153395088" not in html
    assert "021-5339-5088" in html and "audience-merchants" in html
    assert "tel:4006668888" not in html
    assert re.search(r"<del[^>]*>400-666-8888</del>", html)
    # The rumour is shown with where it comes from, inside the warning.
    assert "rumour" in html and "没有证据属于拼多多" in html


def test_unverified_numbers_keep_their_link_with_a_warning_badge(client, directory):
    html = client.get(reverse("platforms:detail", args=["pinduoduo"])).content.decode()
    old_line = html[html.index("400-8822-528") - 2000 : html.index("400-8822-528")]
    assert "status-unverified" in old_line
    assert 'href="tel:4008822528"' in html


def test_douyin_warns_against_the_seo_numbers(client, directory):
    html = client.get(reverse("platforms:detail", args=["douyin"])).content.decode()
    assert 'href="tel:95152"' in html
    assert "status-unverified" in html and "status-disputed" not in html
    assert "已知有误，勿拨打" in html
    assert re.search(r"<del[^>]*>400-626-8888、400-600-6666</del>", html)
    assert "tel:4006268888" not in html and "tel:4006006666" not in html


def test_a_number_without_a_source_is_shown_plainly_not_as_wrong_and_not_tappable(
    client, directory
):
    html = client.get(reverse("platforms:detail", args=["tmall"])).content.decode()
    card = html[html.index('"95095"') - 3000 : html.index('"95095"') + 1500]
    assert "status-no-source" in card and "未找到来源" in card
    assert "tel:95095" not in html
    assert not re.search(r"<del[^>]*>[^<]*95095", html)
    assert "也没有证据表明它是错的" in card
    # The old Tmall line is just not verified: tappable, with its warning, no "disputed".
    assert 'href="tel:4008608608"' in html and "有争议" not in html


def test_a_verified_entry_shows_the_day_it_was_checked(client, directory):
    html = client.get(reverse("platforms:detail", args=["12315"])).content.decode()
    assert 'href="tel:12315"' in html
    assert "status-verified" in html and "2026年11月25日" in html


def test_copy_buttons_carry_the_value_and_the_page_has_no_inline_script(client, directory):
    html = client.get(reverse("platforms:detail", args=["12315"])).content.decode()
    assert 'data-copy="https://www.12315.cn/"' in html
    assert "js/app.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_an_unknown_platform_is_404(client, directory):
    assert client.get(reverse("platforms:detail", args=["no-such-shop"])).status_code == 404


def test_search_finds_platforms_by_name(client, directory, django_assert_max_num_queries):
    url = reverse("platforms:list") + "?q=拼多多"
    html = page(client, url, django_assert_max_num_queries, 2)
    assert reverse("platforms:detail", args=["pinduoduo"]) in html
    assert "search-results" in html


def test_search_finds_a_number_however_it_is_written(
    client, directory, django_assert_max_num_queries
):
    url = reverse("platforms:list") + "?q=021 5339 5288"
    html = page(client, url, django_assert_max_num_queries, 2)
    assert "021-53395288" in html
    assert "list-group-item-danger" not in html


def test_search_for_a_rumoured_number_warns(client, directory):
    html = client.get(reverse("platforms:list") + "?q=4006668888").content.decode()
    assert "list-group-item-danger rumour" in html
    assert re.search(r"<del[^>]*>400-666-8888</del>", html)
    assert "tel:" not in html


def test_search_with_no_hit_says_so(client, directory):
    html = client.get(reverse("platforms:list") + "?q=13900001111").content.decode()
    assert "alert-warning" in html
    assert "search-hit" not in html
