"""The case page in sections, each its own URL: who may see them, what each costs in queries,
what the first section offers first, the tabs' counts, and the kind chips without JavaScript."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from advisors.services import help_request
from cases import events, services
from cases.models import EventKind, Stage
from evidence.dossier_pipeline import dossier_request
from tests.factories import CaseFactory, add_call
from tests.support import files
from tests.support.evidence import upload
from tests.support.sections import SECTIONS

pytestmark = pytest.mark.django_db

SECTION_NAMES = [name.split(":")[1] for name in SECTIONS]


def url(case, name: str) -> str:
    return reverse(f"cases:{name}", args=[case.reference])


@pytest.fixture
def big_case(consumer_client, consumer):
    """A case as it looks after weeks: 20 evidence files, 30 entries (calls with promises,
    edited ones, a deleted one, stage changes), a dossier, reminders and a volunteer's help."""
    case = CaseFactory(owner=consumer)
    colours = [(n * 12, 40, 90) for n in range(20)]
    upload(
        consumer_client, case, *[(f"p{n}.png", files.png(colour=c)) for n, c in enumerate(colours)]
    )
    assert case.evidence.count() == 20
    soon = timezone.localdate() + timedelta(days=3)
    while case.events.count() < 28:
        facts = {"agent_id": f"A{case.events.count()}", "promise": "退款", "promised_by": soon}
        event = add_call(case, **facts)
        services.case_event_edit(
            event=event, actor=consumer, happened_at=event.happened_at, summary="改过", **facts
        )
    services.case_event_hide(event=add_call(case, summary="记错了"), actor=consumer)
    services.case_move_stage(case=case, stage=Stage.MERCHANT, actor=consumer)
    services.case_move_stage(case=case, stage=Stage.PLATFORM, actor=consumer)
    assert case.events.count() >= 30
    dossier_request(case=case, variant="full", actor=consumer, queue=False)
    help_request(case=case, message="请帮忙看看")
    case.refresh_from_db()
    return case


# Queries per section for a case with 20 files and 30 entries: at most 12 each (issue 16),
# once the process holds the directory and the calendar (core/reference.py; the first view
# after an edit of either reads them again: three or four queries more). "more" reads 11:
# session, user, case with the tabs' counts, entries, the versions of the directory and of
# the calendar, reminders, unread notifications, then the volunteer panel's request,
# replies and access log.
MAX_QUERIES = dict.fromkeys(("detail", "evidence", "timeline", "files", "more"), 12)


@pytest.mark.parametrize("name", SECTION_NAMES)
def test_each_section_is_the_owners_alone(
    client, consumer_client, other_consumer, big_case, name, django_assert_max_num_queries
):
    consumer_client.get(url(big_case, name))  # as any view after the process's first
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        response = consumer_client.get(url(big_case, name))
    assert response.status_code == 200
    html = response.content.decode()
    assert big_case.reference in html
    assert html.count('aria-current="page"') == 1  # its own tab is marked
    stranger = Client()
    stranger.force_login(other_consumer)
    assert stranger.get(url(big_case, name)).status_code == 404
    anonymous = Client().get(url(big_case, name))
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", SECTION_NAMES)
def test_an_unknown_case_is_a_404_in_every_section(consumer_client, name):
    assert (
        consumer_client.get(f"/cases/WQ-2026-999999/{name}/".replace("/detail/", "/")).status_code
        == 404
    )


def test_each_section_shows_its_own_part(consumer_client, big_case):
    page = {
        name: consumer_client.get(url(big_case, name)).content.decode() for name in SECTION_NAMES
    }
    assert 'id="next-step-title"' in page["detail"] and 'name="then"' not in page["detail"]
    newest = str(big_case.evidence.get(number=20).public_id)
    assert newest in page["evidence"] and newest not in page["detail"]
    assert 'id="add-event"' in page["timeline"] and "A27" in page["timeline"]
    assert "A27" not in page["detail"]
    assert 'id="letters"' in page["files"] and 'data-state="pending"' in page["files"]
    assert 'id="reminders"' in page["more"] and 'id="facts"' in page["more"]
    assert 'id="compensation"' in page["more"] and 'id="help"' in page["more"]


# --- the first section: the rung's primary action first --------------------------------


def first_section(html: str) -> str:
    """The page from the case's header on (the site's menu and footer have buttons too)."""
    start = html.index('class="case-header')
    return html[start : html.index("</main>", start)] if "</main>" in html else html[start:]


def test_at_the_evidence_rung_the_upload_comes_first(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    html = first_section(consumer_client.get(case.get_absolute_url()).content.decode())
    first_form = re.search(r"<form[^>]*>.*?</form>", html, re.DOTALL).group(0)
    assert f'action="{reverse("evidence_upload", args=[case.reference])}"' in first_form
    assert re.search(r'<input[^>]*type="file"[^>]*name="files"', first_form)
    # then the log link and the stage control, after it
    assert html.index('name="files"') < html.index("?kind=merchant_reply#add-event")
    assert html.index('name="files"') < html.index(reverse("cases:stage", args=[case.reference]))


def test_at_the_12315_rung_the_complaint_pack_is_the_first_button(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    services.case_move_stage(case=case, stage=Stage.CONSUMER_AUTHORITY, actor=consumer)
    html = first_section(consumer_client.get(case.get_absolute_url()).content.decode())
    first_button = re.search(r"<button[^>]*>(.*?)</button>", html, re.DOTALL)
    assert first_button.group(1).strip() == "生成 12315 投诉材料（PDF）"
    form = html[html.rindex("<form", 0, first_button.start()) : first_button.start()]
    assert f'action="{reverse("dossier_new", args=[case.reference])}"' in form
    assert 'name="variant" value="12315"' in form
    # and pressing it asks for the 12315 file
    response = consumer_client.post(
        reverse("dossier_new", args=[case.reference]), {"variant": "12315"}
    )
    assert response.url == url(case, "files")
    assert case.dossiers.get().variant == "12315"


def test_at_other_rungs_the_expected_entry_is_offered(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    services.case_move_stage(case=case, stage=Stage.MERCHANT, actor=consumer)
    html = first_section(consumer_client.get(case.get_absolute_url()).content.decode())
    assert f"{url(case, 'timeline')}?kind=merchant_reply#add-event" in html
    assert "记录：商家回复" in html or "商家回复" in html
    # the next rung is one tap away
    assert 'name="stage" value="platform"' in html


def test_the_tabs_count_evidence_entries_and_files(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    upload(consumer_client, case, ("a.png", files.png()), ("b.png", files.png(colour="red")))
    upload(consumer_client, case, ("c.png", files.png(colour="green")))
    consumer_client.post(reverse("evidence:remove", args=[case.evidence.get(number=3).public_id]))
    add_call(case)
    add_call(case)
    services.case_event_hide(event=add_call(case), actor=consumer)  # not counted
    dossier_request(case=case, variant="full", actor=consumer, queue=False)
    shown_entries = case.events.filter(hidden_at__isnull=True).count()
    html = consumer_client.get(case.get_absolute_url()).content.decode()
    counts = dict(
        re.findall(
            rf'<a href="/cases/{case.reference}/(\w+)/"[^>]*>[^<]*<span class="count">(\d+)</span>',
            html,
        )
    )
    assert counts == {"evidence": "2", "timeline": str(shown_entries), "files": "1"}
    assert shown_entries == 2 + case.events.exclude(kind=EventKind.PHONE_CALL).count()


# --- the kind chips work without JavaScript --------------------------------------------


def form_of(html: str) -> str:
    start = html.index('class="event-form"')
    return html[start : html.index("</form>", start)]


@pytest.mark.parametrize(
    "kind", [EventKind.PHONE_CALL, EventKind.COMPLAINT_12315, EventKind.COURT_FILING]
)
def test_a_kind_chip_is_a_link_that_renders_that_kinds_fields(consumer_client, consumer, kind):
    case = CaseFactory(owner=consumer)
    timeline = consumer_client.get(url(case, "timeline")).content.decode()
    chips = re.findall(r'<a class="chip" href="\?kind=(\w+)#add-event"', timeline)
    assert kind in chips and len(chips) == len(set(chips)) == 9
    html = consumer_client.get(f"{url(case, 'timeline')}?kind={kind}").content.decode()
    form = form_of(html)
    assert f'name="kind" value="{kind}"' in form
    own = {fact.key for fact in events.facts_of(kind) if not fact.is_system}
    for fact in events.FORM_FACTS:
        assert (f'name="{fact.key}"' in form) == (fact.key in own), (kind, fact.key)
    for phrase in events.phrases_of(kind):
        assert f'value="{phrase}"' in form
    assert re.search(rf'href="\?kind={kind}#add-event" aria-current="true"', html)


def test_without_a_chip_the_form_opens_on_the_rungs_kind(consumer_client, consumer):
    case = CaseFactory(owner=consumer)
    for query in ("", "?kind=gossip", "?kind=stage_change"):
        form = form_of(consumer_client.get(url(case, "timeline") + query).content.decode())
        assert 'name="kind" value="merchant_reply"' in form, query
        assert 'name="agent_id"' not in form


def test_the_contacts_section_shows_the_newest_ten_and_the_rest_one_tap_away(
    consumer_client, big_case
):
    # given a case with 30 entries, one of them deleted
    html = consumer_client.get(url(big_case, "timeline")).content.decode()
    visible = big_case.events.filter(hidden_at__isnull=True).order_by("-happened_at", "-id")
    newest = list(visible.values_list("pk", flat=True))
    # then the newest ten are shown, and a link offers the others
    shown = [pk for pk in newest if f'id="event-{pk}"' in html]
    assert shown == newest[:10]
    assert 'href="?all=1#timeline"' in html
    assert f"显示更早的 {len(newest) - 10} 条记录" in html
    # and that link shows them all
    everything = consumer_client.get(url(big_case, "timeline") + "?all=1").content.decode()
    assert all(f'id="event-{pk}"' in everything for pk in newest)
    assert 'href="?all=1#timeline"' not in everything
