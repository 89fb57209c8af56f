import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from advisors.charts import bar_chart, clip, number, stacked_bar_chart, text_width
from advisors.dashboard import median_from_counts
from advisors.models import AdviceReply, HelpRequest
from advisors.services import case_release, case_take, help_request, help_withdraw, reply_send
from cases.models import Case, Outcome, Stage
from cases.services import case_close, case_move_stage
from tests.factories import CaseFactory, UserFactory, platform

URL = "/admin/dashboard/"
SHANGHAI = ZoneInfo("Asia/Shanghai")


class Tables(HTMLParser):
    """The text of every table cell, by the id of the nearest element around the table that has
    one (a chart's <figure>, the overdue list's module)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.ids: list[str | None] = []
        self.rows: list[list[str]] | None = None
        self.cell: list[str] | None = None

    def handle_startendtag(self, tag, attrs):
        pass  # <rect/>, <path/>...: nothing inside, nothing to track

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "hr", "img", "input", "link", "meta"):
            return  # HTML's empty elements: no end tag follows
        self.ids.append(dict(attrs).get("id"))
        if tag == "table":
            self.rows = []
            owner = next(i for i in reversed(self.ids) if i)
            self.tables[owner] = self.rows
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            self.rows = None
        if self.ids:
            self.ids.pop()

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables_of(response) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(response.content.decode())
    return parser.tables


def columns(table: list[list[str]]) -> dict[str, list[str]]:
    """A table turned back: each column's heading and the cells below it (totals last)."""
    return {column[0]: list(column[1:]) for column in zip(*table, strict=True)}


def open_case(*, slug: str, stage: Stage = Stage.EVIDENCE, overdue_days: int = 0, shared=False):
    case = CaseFactory(platform=platform(slug))
    if stage != Stage.EVIDENCE:
        case_move_stage(case=case, stage=stage, actor=case.owner)
    if overdue_days:
        # The stored deadline is not moved on by the days passing: in the past means missed.
        deadline = timezone.localdate() - timedelta(days=overdue_days)
        Case.objects.filter(pk=case.pk).update(next_deadline_on=deadline)
    if shared:
        help_request(case=case)
    return case


def closed_case(*, slug: str, outcome: Outcome, days: int):
    """A case opened `days` days ago and closed today."""
    opened = datetime.combine(timezone.localdate() - timedelta(days=days), datetime.min.time())
    with time_machine.travel(opened.replace(hour=10, tzinfo=SHANGHAI), tick=False):
        case = CaseFactory(platform=platform(slug))
    case_close(case=case, outcome=outcome, closed_on=timezone.localdate(), actor=case.owner)
    return case


# Pure parts: no database.


@pytest.mark.parametrize(
    ("counts", "median"),
    [
        ({}, None),
        ({7: 1}, 7),
        ({2: 1, 10: 1}, 6),
        ({1: 1, 2: 1, 9: 1}, 2),
        ({3: 2, 4: 1, 20: 1}, 3.5),
        ({0: 5, 30: 4}, 0),
        ({5: 3, 1: 3}, 3),
    ],
)
def test_median_from_counts(counts, median):
    assert median_from_counts(counts) == median


def test_number_and_text_width():
    assert number(4.0) == "4"
    assert number(4.5) == "4.5"
    assert text_width("淘宝", 14) == 28  # Chinese characters about square
    assert text_width("ab", 14) == pytest.approx(16.8)
    assert clip("Platform customer service intervention", 100).endswith("…")
    assert clip("京东", 100) == "京东"


def test_bar_chart_escapes_labels_and_carries_its_numbers_as_text():
    svg = bar_chart(
        chart_id="c1",
        title="Days <to> close",
        description="A & B",
        label_heading="Platform",
        value_heading="Days",
        rows=[('<script>alert("x")</script>', 3), ("京东", 4.5), ("拼多多", None)],
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert '<title id="c1-title">Days &lt;to&gt; close</title>' in svg
    assert '<desc id="c1-desc">A &amp; B</desc>' in svg
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert 'viewBox="0 0 480 ' in svg and 'width="100%"' in svg
    assert ">4.5</text>" in svg and ">–</text>" in svg
    assert '<td class="num">4.5</td>' in svg  # the table fallback


def test_stacked_bar_chart_has_a_legend_patterns_and_totals():
    svg = stacked_bar_chart(
        chart_id="c2",
        title="Open",
        description="By stage",
        series_heading="Stage",
        series=["Evidence", "Merchant", "Lawsuit"],
        rows=[("淘宝", [3, 0, 1]), ("京东", [0, 2, 0])],
    )
    assert svg.count("<pattern ") == 3
    assert 'fill="url(#c2-s1)"' in svg  # a segment and the legend swatch share the pattern
    for name in ("Evidence", "Merchant", "Lawsuit"):
        assert f">{name}</text>" in svg
    assert 'font-weight="bold">4</text>' in svg  # 淘宝's total at the end of its bar
    assert "<title>淘宝 · Lawsuit: 1</title>" in svg
    # the table: a row per series, a column per bar, totals on both sides
    assert '<th scope="col">Stage</th><th scope="col">淘宝</th><th scope="col">京东</th>' in svg
    assert (
        '<th scope="row">Merchant</th><td class="num">0</td><td class="num">2</td>'
        '<td class="num">2</td>'
    ) in svg
    assert (
        f'<tfoot><tr><th scope="row">{gettext("Total")}</th><td class="num">4</td>'
        '<td class="num">2</td><td class="num">6</td></tr></tfoot>'
    ) in svg


def test_charts_without_rows_say_so():
    html = bar_chart(
        chart_id="c3",
        title="Nothing",
        description="",
        label_heading="Platform",
        value_heading="Days",
        rows=[],
    )
    assert "<svg" not in html and "chart-empty" in html


# The page.


def test_url_is_the_admin_dashboard():
    assert reverse("advisor_dashboard") == URL


@pytest.mark.django_db
def test_numbers_shown_match_the_data(advisor_client, advisor, other_advisor):
    # given: open cases on three platforms at several stages, two of them overdue
    open_case(slug="taobao")
    open_case(slug="taobao", stage=Stage.MERCHANT, overdue_days=3)
    open_case(slug="taobao", stage=Stage.MERCHANT)
    open_case(slug="jd", stage=Stage.CONSUMER_AUTHORITY, overdue_days=1)
    open_case(slug="pinduoduo", stage=Stage.LAWSUIT)
    # ... a deadline still ahead is not overdue
    ahead = open_case(slug="jd")
    Case.objects.filter(pk=ahead.pk).update(next_deadline_on=timezone.localdate())
    # ... closed cases: taobao in 2 and 10 days, jd in 4, 6 and 20 days
    closed_case(slug="taobao", outcome=Outcome.REFUNDED, days=2)
    closed_case(slug="taobao", outcome=Outcome.LOST, days=10)
    closed_case(slug="jd", outcome=Outcome.REFUNDED, days=4)
    closed_case(slug="jd", outcome=Outcome.COMPENSATED, days=6)
    closed_case(slug="jd", outcome=Outcome.REFUNDED, days=20)
    # ... help requests: two waiting, one taken, one withdrawn (counts as neither)
    waiting = open_case(slug="jd", shared=True)
    help_request(case=CaseFactory(platform=platform("jd")))
    taken = open_case(slug="taobao", shared=True)
    case_take(case=taken, advisor=advisor)
    gone = open_case(slug="tmall", shared=True)
    case_take(case=gone, advisor=other_advisor)
    help_withdraw(case=gone)

    # when
    response = advisor_client.get(URL)

    # then
    assert response.status_code == 200
    assert response.context["open_cases"].total == 10
    tables = tables_of(response)
    stages = columns(tables["chart-open-stage"])
    assert len(stages) == 1 + 4 + 1  # the stages, the platforms with open cases, total
    assert len(next(iter(stages.values()))) == len(Stage.labels) + 1  # every stage, total
    by_platform = dict(list(stages.items())[1:])
    #                  evidence, merchant, platform, intervention, 12315, regulator, lawsuit, total
    assert by_platform["天猫"] == ["1", "0", "0", "0", "0", "0", "0", "1"]
    assert by_platform["拼多多"] == ["0", "0", "0", "0", "0", "0", "1", "1"]
    assert by_platform["淘宝"] == ["2", "2", "0", "0", "0", "0", "0", "4"]
    assert by_platform["京东"] == ["3", "0", "0", "0", "1", "0", "0", "4"]
    assert list(by_platform.values())[-1] == ["6", "2", "0", "0", "1", "0", "1", "10"]  # totals

    overdue = {row[0]: row[1] for row in tables["chart-overdue"][1:]}
    assert overdue == {"天猫": "0", "拼多多": "0", "淘宝": "1", "京东": "1"}

    medians = {row[0]: row[1] for row in tables["chart-median-days"][1:]}
    assert medians == {"淘宝": "6", "京东": "6"}  # (2+10)/2; 4, 6, 20

    outcomes = columns(tables["chart-outcomes"])
    #                   refunded, compensated, partly, withdrawn, lost, total
    assert outcomes["淘宝"] == ["1", "0", "0", "0", "1", "2"]
    assert outcomes["京东"] == ["2", "1", "0", "0", "0", "3"]

    html = response.content.decode()
    # open, overdue, help waiting, help taken, closed, median days to close (2, 4, 6, 10, 20)
    assert re.findall(r"<dd>\s*([^<]*?)\s*</dd>", html) == ["10", "2", "2", "1", "5", "6"]
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 4
    assert waiting.reference not in html  # shared but not overdue: not listed


@pytest.mark.django_db
def test_only_shared_overdue_cases_are_listed_but_all_are_counted(
    advisor_client, advisor, shared_case, private_case
):
    # given: both of the consumer's cases overdue; only one shared with advisors
    yesterday = timezone.localdate() - timedelta(days=1)
    Case.objects.filter(pk__in=[shared_case.pk, private_case.pk]).update(
        next_deadline_on=yesterday, next_deadline_name="承诺：平台承诺回复"
    )
    case_take(case=shared_case, advisor=advisor)
    withdrawn = open_case(slug="jd", overdue_days=5, shared=True)
    help_withdraw(case=withdrawn)

    # when
    response = advisor_client.get(URL)

    # then: counted anonymously...
    html = response.content.decode()
    assert response.context["open_cases"].overdue == 3
    # ... listed only when shared, linking to the admin page
    rows = tables_of(response)["overdue-shared"][1:]
    assert [row[0] for row in rows] == [shared_case.reference]
    assert rows[0][1] == "逾期 1 天：承诺：平台承诺回复"
    assert rows[0][2] == "小林"
    assert reverse("admin:advisors_case_overdue", args=[shared_case.pk]) in html
    assert reverse("admin:cases_case_change", args=[shared_case.pk]) in html
    assert private_case.reference not in html
    assert withdrawn.reference not in html
    assert reverse("admin:cases_case_change", args=[private_case.pk]) not in html


@pytest.mark.django_db
def test_a_superuser_may_see_it(client, superuser):
    client.force_login(superuser)
    assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_staff_who_are_not_advisors_are_refused(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={URL}"


def test_a_consumer_is_sent_to_the_admin_login(consumer_client):
    response = consumer_client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# Measured: 5 for the session, the user, the advisor check and the admin's app list (two
# permission reads); 6 for the dashboard: open cases and their platforms, closed cases and
# their platforms, help requests, the overdue list; 2 for the volunteers' figures (first
# responses, then the volunteers with what they hold and advised).
MAX_QUERIES = 13


@pytest.mark.django_db
@pytest.mark.parametrize("cases", [5, 60])
def test_queries_do_not_grow_with_the_number_of_cases(
    advisor_client, advisor, django_assert_max_num_queries, cases
):
    slugs = ["taobao", "jd", "pinduoduo", "douyin", "tmall"]
    stages = list(Stage)
    for index in range(cases):
        slug = slugs[index % len(slugs)]
        if index % 4 == 3:
            closed_case(slug=slug, outcome=list(Outcome)[index % 5], days=index % 9)
            continue
        shared = index % 2 == 0
        case = open_case(slug=slug, stage=stages[index % 7], overdue_days=index % 3, shared=shared)
        if shared and index % 5 == 0:
            case_take(case=case, advisor=advisor)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = advisor_client.get(URL)

    assert response.status_code == 200
    assert len(response.context["overdue"].cases) > 0


@pytest.mark.django_db
def test_the_page_loads_nothing_from_elsewhere(advisor_client, shared_case):
    class Sources(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "script" and attrs.get("src"):
                self.found.append(attrs["src"])
            if tag == "link" and attrs.get("href"):
                self.found.append(attrs["href"])

    parser = Sources()
    parser.feed(advisor_client.get(URL).content.decode())
    assert parser.found  # the admin's own CSS and scripts
    assert not [src for src in parser.found if src.startswith(("http://", "https://", "//"))]


@pytest.mark.django_db
def test_figures_per_volunteer_name_volunteers_and_no_consumer(
    advisor_client, advisor, other_advisor
):
    # given: 小林 holds two open cases and a closed one; answered one request after 2 hours
    # and one after 6; 老周 holds nothing and answered once, last month
    now = timezone.now()
    owner = UserFactory(display_name="王小明")

    def held_case(days_ago: float, *, by=advisor, reply_after: float | None = None):
        case = CaseFactory(owner=owner)
        help_request(case=case, message="帮帮我")
        asked = now - timedelta(days=days_ago)
        HelpRequest.objects.filter(case=case).update(consented_at=asked)
        case_take(case=case, advisor=by)
        if reply_after is not None:
            reply = reply_send(case=case, author=by, body="先申请平台介入")
            AdviceReply.objects.filter(pk=reply.pk).update(
                created_at=asked + timedelta(hours=reply_after)
            )
        return case

    held_case(1, reply_after=2)
    held_case(0.5, reply_after=6)
    closed = held_case(3)
    case_close(case=closed, outcome=Outcome.REFUNDED, closed_on=timezone.localdate(), actor=owner)
    last_month = (timezone.localtime(now).replace(day=1) - timedelta(days=3)).astimezone(UTC)
    answered_long_ago = held_case(2, by=other_advisor)
    reply = reply_send(case=answered_long_ago, author=other_advisor, body="旧建议")
    AdviceReply.objects.filter(pk=reply.pk).update(created_at=last_month)
    case_release(case=answered_long_ago, advisor=other_advisor, note="已答复，交回队列")

    # when
    response = advisor_client.get(URL)

    # then
    rows = {row[0]: row[1:] for row in tables_of(response)["volunteers"][1:]}
    assert rows["小林"] == ["2", "4 小时", "2"]
    assert rows["老周"] == ["0", "–", "0"]
    assert "王小明" not in response.content.decode()
