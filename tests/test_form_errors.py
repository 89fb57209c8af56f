"""Every form of the project, sent empty, over-long, with a choice that does not exist and
with a null character: each error it shows is one of weiquan's own sentences, and none of
Django's stock Chinese ("确保该变量包含不超过 N 字符", "这个字段是必填项") reaches the page."""

import html
import re
from collections.abc import Callable
from pathlib import Path

import django
import polib
import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import BaseForm
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.forms import AccountDeleteForm, LoginForm, ProfileForm, SignUpForm
from advisors.forms import AnswerForm, ConsumerReminderForm, FollowUpForm, HelpRequestForm
from advisors.roles import make_advisor
from advisors.services import case_take, help_request, reply_send
from cases.forms import CaseForm, CloseForm, EventForm, ReminderForm, StageForm
from evidence.forms import EvidenceDetailsForm
from tests.factories import CaseFactory, UserFactory, add_call
from tests.support import files

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
DJANGO = Path(django.__file__).parent
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}")

# What each field receives: nothing, far too much, a choice no list offers, a null character.
VARIANTS = {
    "empty": "",
    "over-long": "长" * 6000,
    "invalid choice": "no-such-choice",
    "null character": "订单\x00号",
}


def msgstrs(path: Path) -> list[str]:
    texts = []
    for entry in polib.pofile(str(path)):
        texts += [text for text in [entry.msgstr, *entry.msgstr_plural.values()] if text]
    return texts


def pattern(text: str) -> re.Pattern:
    """A msgstr as a pattern, its placeholders matching anything."""
    return re.compile(".*?".join(re.escape(part) for part in PLACEHOLDER.split(text)), re.S)


OUR_CATALOGUE = ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"
OUR_SENTENCES = [pattern(text) for text in msgstrs(OUR_CATALOGUE)]
# Django's own Chinese for forms and validation (core and django.contrib.auth), except
# where our catalogue says the same; short words (是, 删除) are left out, they are everywhere.
_ours = set(msgstrs(OUR_CATALOGUE))
STOCK = [
    (max(PLACEHOLDER.split(text), key=len), pattern(text))
    for path in [
        DJANGO / "conf/locale/zh_Hans/LC_MESSAGES/django.po",
        DJANGO / "contrib/auth/locale/zh_Hans/LC_MESSAGES/django.po",
    ]
    for text in msgstrs(path)
    if len(PLACEHOLDER.sub("", text).strip()) >= 6 and text not in _ours
]


def shown_errors(response) -> list[str]:
    """The errors of every form the page was rendered with, and its error messages."""
    errors: list[str] = []
    seen: set[int] = set()
    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, BaseForm) and id(value) not in seen:
                seen.add(id(value))
                errors += [str(e) for field in value.errors.values() for e in field]
    for message in response.context.get("messages", []) if response.context else []:
        if message.level_tag == "error":
            errors.append(str(message))
    return errors


def ours(error: str) -> bool:
    """An error is ours when it is made of our catalogue's sentences (a refused file's
    message nests one sentence in another)."""
    return any(pattern.fullmatch(error) for pattern in OUR_SENTENCES)


def stock_on(page: str) -> list[str]:
    """Django's stock sentences found in the page; a sentence's longest literal part is
    looked for first, so the full pattern runs only where it may match."""
    text = html.unescape(page)
    return [
        pattern.pattern for longest, pattern in STOCK if longest in text and pattern.search(text)
    ]


def fields_of(form_class, prefix: str = "") -> list[str]:
    return [f"{prefix}-{name}" if prefix else name for name in form_class.base_fields]


@pytest.fixture
def world(consumer):
    case = CaseFactory(owner=consumer)
    event = add_call(case, summary="客服说三天内退款")
    shared = CaseFactory(owner=consumer)
    help_request(case=shared, message="请帮忙")
    advisor = UserFactory()
    make_advisor(advisor)
    case_take(case=shared, advisor=advisor)
    reply = reply_send(case=shared, author=advisor, body="先在平台申请售后")
    return {"case": case, "event": event, "shared": shared, "advisor": advisor, "reply": reply}


def _reset_confirm_url(client: Client, user) -> str:
    """The set-password page a reset email leads to (Django moves the token to the session)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    response = client.get(reverse("accounts:password_reset_confirm", args=[uid, token]))
    assert response.status_code == 302
    return response["Location"]


FormCase = tuple[str, Callable[[Client, Client, Client, dict], tuple[Client, str, list[str]]]]
FORMS: list[FormCase] = [
    (
        "sign-up",
        lambda anon, me, staff, w: (anon, reverse("accounts:signup"), fields_of(SignUpForm)),
    ),
    ("login", lambda anon, me, staff, w: (anon, reverse("accounts:login"), fields_of(LoginForm))),
    (
        "password reset",
        lambda anon, me, staff, w: (anon, reverse("accounts:password_reset"), ["email"]),
    ),
    (
        "password reset: new password",
        lambda anon, me, staff, w: (
            anon,
            _reset_confirm_url(anon, w["case"].owner),
            ["new_password1", "new_password2"],
        ),
    ),
    (
        "profile",
        lambda anon, me, staff, w: (me, reverse("accounts:profile"), fields_of(ProfileForm)),
    ),
    (
        "delete account",
        lambda anon, me, staff, w: (me, reverse("accounts:delete"), fields_of(AccountDeleteForm)),
    ),
    ("new case", lambda anon, me, staff, w: (me, reverse("cases:new"), fields_of(CaseForm))),
    (
        "edit case",
        lambda anon, me, staff, w: (
            me,
            reverse("cases:edit", args=[w["case"].reference]),
            fields_of(CaseForm),
        ),
    ),
    (
        "timeline entry",
        lambda anon, me, staff, w: (
            me,
            reverse("cases:event_new", args=[w["case"].reference]),
            fields_of(EventForm),
        ),
    ),
    (
        "edit timeline entry",
        lambda anon, me, staff, w: (
            me,
            reverse("cases:event_edit", args=[w["case"].reference, w["event"].pk]),
            fields_of(EventForm),
        ),
    ),
    (
        "stage",
        lambda anon, me, staff, w: (
            me,
            reverse("cases:stage", args=[w["case"].reference]),
            fields_of(StageForm),
        ),
    ),
    (
        "close",
        lambda anon, me, staff, w: (
            me,
            reverse("cases:close", args=[w["case"].reference]),
            fields_of(CloseForm),
        ),
    ),
    (
        "reminder",
        lambda anon, me, staff, w: (
            me,
            reverse("cases:reminder_new", args=[w["case"].reference]),
            fields_of(ReminderForm),
        ),
    ),
    (
        "help request",
        lambda anon, me, staff, w: (
            me,
            reverse("advisors:help", args=[w["case"].reference]),
            fields_of(HelpRequestForm, "help"),
        ),
    ),
    (
        "evidence upload",
        lambda anon, me, staff, w: (
            me,
            reverse("evidence_upload", args=[w["case"].reference]),
            fields_of(EvidenceDetailsForm),
        ),
    ),
    (
        "advisor's note",
        lambda anon, me, staff, w: (
            staff,
            reverse("admin:cases_case_change", args=[w["shared"].pk]),
            ["note-body"],
        ),
    ),
    (
        "advisor's reply",
        lambda anon, me, staff, w: (
            staff,
            reverse("admin:cases_case_change", args=[w["shared"].pk]),
            ["reply-body", "reply-template", "reply-preview"],
        ),
    ),
    (
        "advisor's follow-up",
        lambda anon, me, staff, w: (
            staff,
            reverse("admin:cases_case_change", args=[w["shared"].pk]),
            [*fields_of(FollowUpForm, "followup"), "followup-add"],
        ),
    ),
    (
        "reminder to the consumer",
        lambda anon, me, staff, w: (
            staff,
            reverse("admin:cases_case_change", args=[w["shared"].pk]),
            [*fields_of(ConsumerReminderForm, "remind"), "remind-on"],
        ),
    ),
    (
        "answer to advice",
        lambda anon, me, staff, w: (
            me,
            reverse("advisors:answer", args=[w["shared"].reference, w["reply"].pk]),
            fields_of(AnswerForm, "answer"),
        ),
    ),
]


# What a form rightly accepts: free text where any words will do, and a long new password.
ACCEPTED = {
    "help request": {"invalid choice"},
    "advisor's note": {"invalid choice"},
    "answer to advice": {"invalid choice"},
    "password reset: new password": {"over-long", "invalid choice"},
}


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize(("name", "where"), FORMS, ids=[name for name, _ in FORMS])
def test_every_error_a_form_shows_is_written_in_weiquan_s_voice(
    name, where, variant, world, consumer_client
):
    # given the form and what each of its fields receives
    staff = Client()
    staff.force_login(world["advisor"])
    client, url, fields = where(Client(), consumer_client, staff, world)
    value = VARIANTS[variant]
    data: dict = dict.fromkeys(fields, value)
    if name == "evidence upload":
        data["files"] = [SimpleUploadedFile("订单.jpg", files.jpeg(), "application/octet-stream")]
        if variant == "empty":
            data["files"].append(SimpleUploadedFile("空.jpg", b"", "application/octet-stream"))

    # when it is sent
    response = client.post(url, data, follow=True)

    # then it is refused, with our words only
    errors = shown_errors(response)
    if variant not in ACCEPTED.get(name, ()):
        assert errors, f"{name} accepted {variant}"
    strangers = [error for error in errors if not ours(error)]
    assert strangers == [], f"{name}, {variant}: {strangers}"
    page = response.content.decode()
    assert stock_on(page) == [], f"{name}, {variant}"
