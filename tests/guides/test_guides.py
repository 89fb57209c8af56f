"""The public guides: every one renders with live, resolving references and leads into a case."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from guides.library import CONTENT, REFERENCE, all_guides, load_errors, parse, search
from guides.render import render_guide
from platforms.directory import directory_load
from tests.factories import CaseFactory, UserFactory
from tests.support.sections import section

pytestmark = pytest.mark.django_db

GUIDES = sorted(all_guides())
# Phone-number-like runs of digits: a guide must embed numbers from the directory instead.
# "12315" and "12345" are also the names of the services and may be written as names.
PHONE_LIKE = re.compile(r"(?<![\d\-])(?!(?:12315|12345)(?!\d))\d[\d\- ]{4,}\d(?![\d\-])")


@pytest.fixture(autouse=True)
def directory(db):
    directory_load()


def test_every_guide_file_loads():
    assert load_errors() == ()


def test_there_are_guides_for_the_questions_the_seed_articles_answer():
    titles = " ".join(guide.title for guide in all_guides().values())
    for words in [("抖音", "假货"), ("抖音", "退款"), ("天猫", "假货"), ("拼多多", "投诉")]:
        assert all(word in titles for word in words), words
    assert len(GUIDES) >= 11


@pytest.mark.parametrize("slug", GUIDES)
def test_every_reference_resolves(slug):
    rendered = render_guide(all_guides()[slug])
    assert rendered.missing == [], rendered.missing
    assert "WQREF" not in rendered.html


@pytest.mark.parametrize("slug", GUIDES)
def test_no_number_is_typed_into_the_prose(slug):
    text = (CONTENT / f"{slug}.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    prose = REFERENCE.sub(" ", text)
    found = [match.group(0) for match in PHONE_LIKE.finditer(prose)]
    assert found == [], f"{slug}: numbers typed into the text instead of referenced: {found}"


@pytest.mark.parametrize("slug", GUIDES)
def test_every_guide_page_renders_for_a_visitor(client, slug, django_assert_max_num_queries):
    guide = all_guides()[slug]
    with django_assert_max_num_queries(6):
        response = client.get(reverse("guides:detail", args=[slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<title>{guide.title}" in page
    assert f'<meta property="og:title" content="{guide.title}">' in page
    assert 'property="og:image"' in page and 'name="description"' in page
    assert guide.reviewed.strftime("%Y") in page
    assert page.count("start-case") == 2  # at the top and after the guide


def test_a_missing_reference_is_reported_not_shown_blank(tmp_path, client):
    path = tmp_path / "broken.md"
    path.write_text(
        "---\ntitle: 测试\ndescription: 测试\nreviewed: 2026-11-25\nsources: []\n---\n"
        "拨打：\n\n{{ channel:no-such-channel }}\n\n依据 {{ rule:no_such_rule }}。\n",
        encoding="utf-8",
    )
    rendered = render_guide(parse(path))
    assert [(ref.kind, ref.name) for ref in rendered.missing] == [
        ("channel", "no-such-channel"),
        ("rule", "no_such_rule"),
    ]
    assert "guide-ref-missing" in rendered.html


def test_a_channel_correction_in_the_directory_shows_in_every_guide(client):
    from platforms.models import ContactChannel

    users = [s for s in GUIDES if any(r.name == "12315-phone" for r in all_guides()[s].references)]
    assert users, "some guide should point to the 12315 line"
    ContactChannel.objects.filter(key="12315-phone").update(label="测试用的新名称")
    for slug in users:
        page = client.get(reverse("guides:detail", args=[slug])).content.decode()
        assert "测试用的新名称" in page, slug


def start_url(page: str) -> str:
    url = re.search(r'start-case" href="([^"]+)"', page).group(1)
    return url.replace("&amp;", "&")


def test_start_button_prefills_the_new_case_form():
    guide = next(g for g in all_guides().values() if g.platform and g.problem)
    client = Client()
    client.force_login(UserFactory())
    page = client.get(reverse("guides:detail", args=[guide.slug])).content.decode()
    url = start_url(page)
    assert url == f"{reverse('cases:new')}?platform={guide.platform}&problem={guide.problem}"
    form = client.get(url).context["form"]
    assert form.initial["platform"].slug == guide.platform
    assert form.initial["problem"] == guide.problem


def test_a_visitor_goes_through_sign_up_and_lands_on_the_filled_form(client):
    guide = next(g for g in all_guides().values() if g.platform and g.problem)
    page = client.get(reverse("guides:detail", args=[guide.slug])).content.decode()
    url = start_url(page)
    assert url.startswith(reverse("accounts:signup"))
    signup = client.get(url).content.decode()
    next_value = re.search(r'name="next" value="([^"]+)"', signup).group(1).replace("&amp;", "&")
    response = client.post(
        reverse("accounts:signup"),
        {
            "identifier": "13911112222",
            "password1": "维权-correct-horse-9",
            "accept_privacy": "on",
            "next": next_value,
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == next_value
    assert f"platform={guide.platform}" in next_value


def test_sign_up_ignores_a_next_address_on_another_site(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "identifier": "13911113333",
            "password1": "维权-correct-horse-9",
            "accept_privacy": "on",
            "next": "https://evil.example.com/",
        },
    )
    assert response["Location"] == reverse("cases:new")


def test_sitemap_lists_every_guide(client):
    sitemap = client.get("/sitemap.xml").content.decode()
    for slug in GUIDES:
        assert reverse("guides:detail", args=[slug]) in sitemap
    assert reverse("platforms:detail", args=["douyin"]) in sitemap
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap:" in robots and "Disallow: /cases/" in robots


def test_search_finds_guides_by_what_people_type(client):
    found = [guide.slug for guide in search("拼多多 投诉")]
    assert found and "拼多多" in all_guides()[found[0]].title
    page = client.get(reverse("guides:list"), {"q": "抖音 假货"}).content.decode()
    assert "抖音" in page
    assert client.get(reverse("guides:list"), {"q": "不存在的词语组合"}).status_code == 200


def test_the_case_page_links_to_the_guides_for_its_platform_and_stage(client):
    consumer = UserFactory()
    client.force_login(consumer)
    from tests.factories import platform

    case = CaseFactory(owner=consumer, platform=platform("douyin"))
    page = client.get(section(case, "files")).content.decode()
    assert 'id="guides"' in page
    assert reverse("guides:detail", args=["douyin-counterfeit"]) in page
