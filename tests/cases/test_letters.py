"""Letters: filled with the consumer's contact details, saved as versions, copied field by
field on the 12315 page."""

import re

import pytest
from django.urls import reverse

from accounts.contact import contact_details
from cases.letters import letter_for
from cases.letters.complaint_12315 import FIELD_CODES, FIELDS
from cases.letters.drafts import (
    MAX_FIELD_CHARS,
    DraftRejected,
    letter_draft_history,
    letter_draft_latest,
    letter_draft_restore,
    letter_draft_save,
)
from cases.models import LetterDraft, Want
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(consumer):
    return CaseFactory(owner=consumer, wants=[Want.REFUND, Want.COMPENSATION])


def page(client, case, kind="12315"):
    return client.get(reverse("cases:letter", args=[case.reference, kind]))


def save_url(case, kind="12315"):
    return reverse("cases:letter_save", args=[case.reference, kind])


def restore_url(case, kind="12315"):
    return reverse("cases:letter_restore", args=[case.reference, kind])


def fields_post(case, consumer, **changes):
    letter = letter_for("12315", case=case, events=[], contact=contact_details(consumer))
    data = {f"field-{code}": value for code, value in letter.fields.items()}
    data.update({f"field-{code}": value for code, value in changes.items()})
    return data


# --- the service ----------------------------------------------------------------------


def test_each_save_is_a_new_version_and_restore_is_one_too(case, consumer):
    first = letter_draft_save(case=case, kind="merchant", actor=consumer, text="第一版")
    second = letter_draft_save(case=case, kind="merchant", actor=consumer, text="第二版")
    restored = letter_draft_restore(case=case, kind="merchant", actor=consumer)
    assert [first.version, second.version, restored.version] == [1, 2, 3]
    assert restored.generated and restored.text == ""
    assert [d.text for d in letter_draft_history(case=case, kind="merchant")] == [
        "",
        "第二版",
        "第一版",
    ]
    # other letters of the case number their own versions
    assert letter_draft_save(case=case, kind="court", actor=consumer, text="诉状").version == 1
    assert letter_draft_latest(case=case, kind="merchant") == restored


def test_the_saved_version_is_shown_until_restored(case, consumer):
    contact = contact_details(consumer)
    generated = letter_for("merchant", case=case, events=[], contact=contact)
    letter_draft_save(case=case, kind="merchant", actor=consumer, text="我改过的信")
    assert letter_for("merchant", case=case, events=[], contact=contact).text == "我改过的信\n"
    letter_draft_restore(case=case, kind="merchant", actor=consumer)
    assert letter_for("merchant", case=case, events=[], contact=contact).text == generated.text


def test_a_12315_save_keeps_fields_and_the_text_is_made_from_them(case, consumer):
    letter_draft_save(
        case=case,
        kind="12315",
        actor=consumer,
        fields={"respondent_address": "杭州市余杭区文一西路 969 号"},
    )
    letter = letter_for("12315", case=case, events=[], contact=contact_details(consumer))
    assert letter.fields["respondent_address"] == "杭州市余杭区文一西路 969 号"
    assert "地址：杭州市余杭区文一西路 969 号" in letter.text
    assert letter.fields["product"] == case.product  # a field never saved stays generated
    assert list(letter.fields) == list(FIELD_CODES)


@pytest.mark.parametrize(
    ("kind", "changes"),
    [
        ("12315", {"fields": {"poem": "x"}}),
        ("12315", {"fields": {"facts": "长" * (MAX_FIELD_CHARS + 1)}}),
        ("merchant", {"fields": {"facts": "x"}}),
        ("merchant", {"text": "长" * 10001}),
    ],
)
def test_the_service_refuses_what_is_not_a_letter(case, consumer, kind, changes):
    with pytest.raises(DraftRejected):
        letter_draft_save(case=case, kind=kind, actor=consumer, **changes)
    assert not LetterDraft.objects.exists()


# --- contact details in every letter -------------------------------------------------


@pytest.mark.parametrize("kind", ["merchant", "platform", "12315", "court"])
def test_letters_print_the_contact_details_when_given(case, consumer, kind):
    consumer.real_name, consumer.postal_address = "张小明", "上海市长宁区仙霞路99号"
    consumer.save()
    text = letter_for(kind, case=case, events=[], contact=contact_details(consumer)).text
    assert "张小明" in text
    if kind in {"platform", "12315", "court"}:
        assert consumer.phone in text
    if kind in {"12315", "court"}:
        assert "上海市长宁区仙霞路99号" in text
    assert "【请填写你的姓名】" not in text and "【请填写联系电话】" not in text


def test_missing_details_show_a_placeholder_and_the_profile_link(consumer_client, case, consumer):
    consumer.phone, consumer.email = "", "someone@example.com"
    consumer.save()
    html = page(consumer_client, case).content.decode()
    for ask in ("【请填写你的姓名】", "【请填写联系电话】", "【请填写通讯地址】"):
        assert ask in html
    assert "在个人资料中填写一次" in html
    assert reverse("accounts:profile") + "#contact-details" in html


def test_no_profile_link_once_everything_is_filled_in(consumer_client, case, consumer):
    consumer.real_name, consumer.postal_address = "张小明", "上海市长宁区仙霞路99号"
    consumer.save()
    assert "在个人资料中填写一次" not in page(consumer_client, case).content.decode()


def test_the_12315_claims_are_listed_once_each_with_its_amount(consumer_client, case):
    html = page(consumer_client, case).content.decode()
    assert "退款299.00元；赔偿897.00元（价款三倍）" in html
    assert "退款、赔偿" not in html
    assert "》第二十四条及《" not in html and "》第五十五条第一款及《" not in html


# --- the 12315 page, field by field ---------------------------------------------------


def test_the_12315_page_has_a_copy_box_per_field_in_the_forms_order(consumer_client, case):
    html = page(consumer_client, case).content.decode()
    found = re.findall(r'data-field="([a-z_]+)"', html)
    assert found == list(FIELD_CODES)
    positions = [
        html.index(f"{index}. </span>{spec.label}</label>") for index, spec in enumerate(FIELDS, 1)
    ]
    assert positions == sorted(positions)
    for code in FIELD_CODES:
        assert f'data-copy-target="id_field-{code}"' in html
    # the copy-everything button is the last copy button, over the whole complaint
    targets = re.findall(r'data-copy-target="([^"]+)"', html)
    assert targets[-1] == "letter-text" and targets.count("letter-text") == 1
    assert 'aria-label="复制：被投诉方（经营者名称）"' in html
    assert re.search(r'<textarea id="letter-text"[^>]*readonly', html)


def test_saving_12315_fields_makes_a_version_shown_on_the_page(consumer_client, case, consumer):
    response = consumer_client.post(
        save_url(case), fields_post(case, consumer, respondent_address="杭州市余杭区文一西路")
    )
    assert response.status_code == 302
    draft = LetterDraft.objects.get()
    assert draft.version == 1 and draft.actor == consumer
    assert draft.fields["respondent_address"] == "杭州市余杭区文一西路"
    html = page(consumer_client, case).content.decode()
    assert "杭州市余杭区文一西路" in html and "恢复为自动生成的版本" in html
    assert "你保存的第 1 版" in html


def test_restore_goes_back_to_the_generated_letter(consumer_client, case, consumer):
    consumer_client.post(save_url(case, "merchant"), {"text": "我自己写的版本"})
    assert "我自己写的版本" in page(consumer_client, case, "merchant").content.decode()
    assert consumer_client.post(restore_url(case, "merchant")).status_code == 302
    html = page(consumer_client, case, "merchant").content.decode()
    assert "我自己写的版本" not in html and "您好" in html
    assert [d.version for d in letter_draft_history(case=case, kind="merchant")] == [2, 1]


def test_a_too_long_field_is_refused_beside_it_and_nothing_saved_is_lost(
    consumer_client, case, consumer
):
    consumer_client.post(save_url(case), fields_post(case, consumer, order="第一次保存的订单号"))
    too_long = "长" * (MAX_FIELD_CHARS + 1)
    response = consumer_client.post(
        save_url(case), fields_post(case, consumer, facts=too_long, order="新订单号")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"最多 {MAX_FIELD_CHARS} 个字" in html
    assert 'id="id_field-facts-error"' in html and 'aria-invalid="true"' in html
    assert "新订单号" in html  # what was typed is still in its box
    assert LetterDraft.objects.count() == 1
    assert LetterDraft.objects.get().fields["order"] == "第一次保存的订单号"


def test_control_characters_in_a_letter_are_refused(consumer_client, case):
    response = consumer_client.post(save_url(case, "court"), {"text": "原告\u202e被告"})
    assert response.status_code == 400
    assert "控制字符" in response.content.decode()
    assert not LetterDraft.objects.exists()


@pytest.mark.parametrize("name", ["letter_save", "letter_restore"])
def test_saving_and_restoring_are_post_only(consumer_client, case, name):
    url = reverse(f"cases:{name}", args=[case.reference, "12315"])
    assert consumer_client.get(url).status_code == 405
    assert (
        consumer_client.post(reverse("cases:letter", args=[case.reference, "12315"])).status_code
        == 405
    )
    assert not LetterDraft.objects.exists()


@pytest.mark.parametrize("name", ["letter_save", "letter_restore"])
def test_another_consumers_letters_are_404(client, other_consumer, case, name):
    client.force_login(other_consumer)
    url = reverse(f"cases:{name}", args=[case.reference, "merchant"])
    assert client.post(url, {"text": "冒充"}).status_code == 404
    assert not LetterDraft.objects.exists()


@pytest.mark.parametrize("name", ["letter", "letter_save", "letter_restore"])
def test_anonymous_is_sent_to_log_in(client, case, name):
    url = reverse(f"cases:{name}", args=[case.reference, "12315"])
    response = client.post(url) if name != "letter" else client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_unknown_letter_kind_is_404(consumer_client, case):
    assert consumer_client.post(save_url(case, "poem"), {"text": "x"}).status_code == 404


def test_fields_left_as_made_keep_following_the_profile(consumer_client, case, consumer):
    consumer_client.post(save_url(case), fields_post(case, consumer, order="ORDER-1"))
    assert LetterDraft.objects.get().fields == {"order": "ORDER-1"}  # only what was changed
    consumer.real_name = "张小明"
    consumer.save()
    letter = letter_for("12315", case=case, events=[], contact=contact_details(consumer))
    assert letter.fields["name"] == "张小明" and letter.fields["order"] == "ORDER-1"


def test_the_complaint_as_text_is_what_the_copy_all_copies(consumer_client, case, consumer):
    # given a saved edit of one field
    letter_draft_save(
        case=case, kind="12315", actor=consumer, fields={"demand": "退款299元并赔偿500元"}
    )
    # when the case page's copy button fetches the complaint
    url = reverse("cases:letter", args=[case.reference, "12315"]) + "?format=text"
    response = consumer_client.get(url)
    # then it is the letter page's full text, saved edit included, never cached
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    made = letter_for(
        "12315", case=case, events=list(case.events.all()), contact=contact_details(consumer)
    )
    assert response.content.decode() == made.text
    assert "退款299元并赔偿500元" in made.text


def test_the_complaint_as_text_is_not_anyone_elses(client, other_consumer, case):
    url = reverse("cases:letter", args=[case.reference, "12315"]) + "?format=text"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(other_consumer)
    assert client.get(url).status_code == 404
