"""The timeline schema (cases.events), walked: every kind × every fact reaches every place
that prints an entry — the consumer's case page, the advisor workspace, each dossier variant
(real WeasyPrint, read back with pdftotext), the letters and the data export."""

import io
import json
import re
import subprocess
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from advisors.roles import make_advisor
from advisors.services import help_request
from cases import events, services
from cases.events import FactType
from cases.forms import EventForm
from cases.models import SYSTEM_EVENT_KINDS, EventKind, Outcome, Stage
from evidence.dossier_pipeline import dossier_build, dossier_request
from evidence.models import DossierState, DossierVariant
from evidence.storage import evidence_storage
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGGABLE = [kind for kind in EventKind if kind not in SYSTEM_EVENT_KINDS]


def typed_and_shown(kind_index: int, fact_index: int, fact) -> tuple[object, str]:
    """What a person types for a fact of a kind, and what every page must show for it.

    Values differ for every (kind, fact), so finding one proves it came from that entry.
    """
    if fact.type == FactType.PHONE:
        return "021-5339 5288", "021-53395288"
    if fact.type == FactType.PROMISED_DATE:
        day = timezone.localdate() + timedelta(days=20 + kind_index)
        return day, f"{day.year}年{day.month}月{day.day}日"
    value = f"{fact.key[:3].upper()}-{kind_index}{fact_index}X"
    return value, value


LAPSED_CALL = "客服说前天前回复"

# (kind, fact key) -> text shown, filled in by the fixture
Expected = dict[tuple[str, str], str]


def label(fact) -> str:
    with translation.override("zh-hans"):
        return str(fact.label)


@pytest.fixture
def walked_case(db) -> tuple:
    """A shared case holding one entry of every kind, each fact with a value of its own."""
    owner = UserFactory(display_name="王小明")
    case = CaseFactory(owner=owner, purchase_date=timezone.localdate() - timedelta(days=30))
    expected: Expected = {}
    start = timezone.now() - timedelta(days=1)
    for kind_index, kind in enumerate(LOGGABLE):
        facts = {}
        for fact_index, fact in enumerate(events.facts_of(kind)):
            typed, shown = typed_and_shown(kind_index, fact_index, fact)
            facts[fact.key] = typed
            expected[(kind, fact.key)] = shown
        # through the form, as a person logs it (the number is normalised there)
        form = EventForm(
            {
                "kind": kind,
                "when": "pick",
                "happened_at": (start + timedelta(minutes=kind_index)).strftime("%Y-%m-%dT%H:%M"),
                "summary": f"第{kind_index}条记录",
                **{
                    key: value.isoformat() if isinstance(value, date) else value
                    for key, value in facts.items()
                },
            },
            kind=kind,
        )
        assert form.is_valid(), form.errors
        services.case_add_event(
            case=case,
            kind=kind,
            happened_at=form.cleaned_data["happened_at"],
            actor=owner,
            summary=form.cleaned_data["summary"],
            **form.facts(),
        )
    # a promise that passed, dismissed by a volunteer (before the move up would answer it)
    lapsed = timezone.localdate() - timedelta(days=2)
    call = services.case_add_event(
        case=case,
        kind=EventKind.PHONE_CALL,
        happened_at=timezone.now() - timedelta(hours=1),
        actor=owner,
        summary=LAPSED_CALL,
        number_dialled="95188",
        agent_id="B-1",
        promise="回电",
        promised_by=lapsed,
    )
    dismissal = services.case_deadline_dismiss(
        case=case, code=f"promise-{call.pk}", reason="已回电", actor=UserFactory()
    )
    expected[(EventKind.DEADLINE_DISMISSED, "deadline_name")] = dismissal.data["deadline_name"]
    expected[(EventKind.DEADLINE_DISMISSED, "deadline_due")] = (
        f"{lapsed.year}年{lapsed.month}月{lapsed.day}日"
    )
    with translation.override("zh-hans"):
        services.case_move_stage(case=case, stage=Stage.CONSUMER_AUTHORITY, actor=owner)
        expected[(EventKind.STAGE_CHANGE, "from_stage")] = str(Stage.EVIDENCE.label)
        expected[(EventKind.STAGE_CHANGE, "to_stage")] = str(Stage.CONSUMER_AUTHORITY.label)
        services.case_close(
            case=case, outcome=Outcome.PARTLY, closed_on=timezone.localdate(), actor=owner
        )
        expected[(EventKind.OUTCOME, "outcome")] = str(Outcome.PARTLY.label)
        services.case_reopen(case=case, actor=owner)
        expected[(EventKind.REOPENED, "previous_outcome")] = str(Outcome.PARTLY.label)
    help_request(case=case, message="请帮忙看看")
    case.refresh_from_db()
    return case, expected


def every_kind_and_fact(*, loggable_only=False):
    """Every printed fact of every kind (a key the system matches on is stored, not shown)."""
    for kind, facts in events.KIND_FACTS.items():
        if loggable_only and kind in SYSTEM_EVENT_KINDS:
            continue
        for fact in facts:
            if fact.type != FactType.KEY:
                yield kind, fact


def flat(text: str) -> str:
    """Text without the spaces and line breaks a PDF's layout puts in."""
    return re.sub(r"\s+", "", text)


def test_the_table_holds_every_kind_and_every_fact_once():
    assert set(events.KIND_FACTS) == set(EventKind.values)
    used = {fact for facts in events.KIND_FACTS.values() for fact in facts}
    assert used == set(events.FACTS.values())
    # a form field for every fact a person types, asked for exactly the kinds that carry it
    forms = {kind: EventForm(kind=kind) for kind in LOGGABLE}
    for kind, form in forms.items():
        typed = [fact.key for fact in events.facts_of(kind) if not fact.is_system]
        assert form.fact_keys == typed
        assert set(form.fields) & set(events.FACTS) == set(typed), kind
    for fact in events.FORM_FACTS:
        kinds = [kind for kind, form in forms.items() if fact.key in form.fields]
        assert kinds == [k for k in LOGGABLE if fact in events.facts_of(k)]
        assert kinds, fact.key
        if fact.max_length:
            for kind in kinds:
                assert forms[kind].fields[fact.key].max_length == fact.max_length


def test_a_kind_stores_only_its_own_facts(walked_case):
    case, _ = walked_case
    for event in case.events.all():
        assert set(event.data) == {fact.key for fact in events.facts_of(event.kind)}


def test_every_fact_is_on_the_consumers_case_page(walked_case):
    case, expected = walked_case
    client = Client()
    client.force_login(case.owner)
    html = client.get(reverse("cases:timeline", args=[case.reference]) + "?all=1").content.decode()
    entries = {event.kind: event.pk for event in case.events.all()}
    for kind, fact in every_kind_and_fact():
        start = html.index(f'id="event-{entries[kind]}"')
        entry = html[start : html.index("</li>", start)]
        assert f"<dt>{label(fact)}</dt><dd>{expected[(kind, fact.key)]}</dd>" in entry, (
            kind,
            fact.key,
        )


def test_every_fact_is_in_the_advisor_workspace(walked_case):
    case, expected = walked_case
    advisor = UserFactory(display_name="小林")
    make_advisor(advisor)
    client = Client()
    client.force_login(advisor)
    response = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for kind, fact in every_kind_and_fact():
        if kind == EventKind.STAGE_CHANGE:
            continue  # a stage change reads from → to, below
        assert f"{label(fact)}: {expected[(kind, fact.key)]}" in html, (kind, fact.key)
    moved = (
        f"{expected[(EventKind.STAGE_CHANGE, 'from_stage')]} → "
        f"{expected[(EventKind.STAGE_CHANGE, 'to_stage')]}"
    )
    assert f'<span class="ws-stage-move">{moved}</span>' in html


def test_every_fact_is_in_each_dossier_variant(walked_case, tmp_path):
    """One dossier per variant over the case holding every kind. The full and court files
    print the timeline; the 12315 file prints the complaint, whose facts and reasons list
    what the consumer logged (the app's own stage changes stay out of every letter)."""
    case, expected = walked_case
    for variant in DossierVariant.values:
        dossier = dossier_request(case=case, variant=variant, actor=case.owner, queue=False)
        dossier = dossier_build(dossier_id=dossier.pk)
        assert dossier.state == DossierState.READY, dossier.error
        path = Path(tmp_path) / f"{variant}.pdf"
        with evidence_storage.open(dossier.file.name, "rb") as stored:
            path.write_bytes(stored.read())
        text = flat(
            subprocess.run(
                ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
            ).stdout
        )
        letters_only = variant == DossierVariant.COMPLAINT_12315
        for kind, fact in every_kind_and_fact(loggable_only=letters_only):
            assert flat(f"{label(fact)}：{expected[(kind, fact.key)]}") in text, (
                variant,
                kind,
                fact.key,
            )


@pytest.mark.parametrize("letter", ["platform", "12315", "court"])
def test_every_logged_fact_is_in_the_letters_that_tell_the_story(walked_case, letter):
    case, expected = walked_case
    client = Client()
    client.force_login(case.owner)
    html = client.get(reverse("cases:letter", args=[case.reference, letter])).content.decode()
    for kind, fact in every_kind_and_fact(loggable_only=True):
        assert f"{label(fact)}：{expected[(kind, fact.key)]}" in html, (kind, fact.key)


def test_letters_are_in_chinese_whatever_the_screen_language(walked_case):
    case, _ = walked_case
    client = Client()
    client.force_login(case.owner)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("cases:letter", args=[case.reference, "12315"])).content.decode()
    assert 'lang="en"' in html
    letter = html[html.index("【事实与理由】") :]
    with translation.override("zh-hans"):
        assert str(EventKind.PHONE_CALL.label) in letter
        assert f"{label(events.AGENT_ID)}：" in letter
    assert "Phone call" not in letter and "Agent ID" not in letter


def test_every_fact_is_in_the_data_export_with_its_key_and_label(walked_case):
    case, expected = walked_case
    client = Client()
    client.force_login(case.owner)
    response = client.post(reverse("accounts:data_export"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json").decode("utf-8"))
    (exported,) = [c for c in data["cases"] if c["reference"] == case.reference]
    by_kind = {
        entry["kind"]: entry
        for entry in exported["timeline"]
        if entry["summary"] != LAPSED_CALL  # the second call, there for its dismissal
    }
    for kind, fact in every_kind_and_fact():
        entry = by_kind[kind]
        assert entry["details"][fact.key]  # the stored value, as before
        labelled = {row["key"]: row for row in entry["details_labelled"]}
        assert labelled[fact.key]["label"] == label(fact), (kind, fact.key)
        assert labelled[fact.key]["value"] == expected[(kind, fact.key)], (kind, fact.key)
