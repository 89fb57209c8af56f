"""The merchant's refusals answered where they were found: beside the timeline entry, after
the screenshot whose text says it (read by the real OCR engine end to end in one test), and
in the letters, each with its statute."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from cases import services
from cases.models import EventKind
from cases.selectors import case_excuses
from evidence.models import Transcript, TranscriptState
from tests.factories import CaseFactory
from tests.support import files
from tests.support.evidence import upload

pytestmark = pytest.mark.django_db

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


@pytest.fixture
def case(consumer):
    return CaseFactory(owner=consumer)


def log(case, kind, summary, **facts):
    return services.case_add_event(
        case=case,
        kind=kind,
        happened_at=timezone.now() - timedelta(hours=2),
        actor=case.owner,
        summary=summary,
        **facts,
    )


def block(html: str, marker: str) -> str:
    """The list item that begins with `marker`, up to its end."""
    assert marker in html, marker
    return html.split(marker, 1)[1].split("</li>", 1)[0]


def section(client, case, name: str) -> str:
    response = client.get(reverse(f"cases:{name}", args=[case.reference]))
    assert response.status_code == 200
    return response.content.decode()


def chat_transcript(evidence, lines, width=1170):
    """A chat screenshot's transcript as the engine stores it: lines with their boxes."""
    return Transcript.objects.create(
        evidence=evidence,
        state=TranscriptState.DONE,
        lines=lines,
        text="\n".join(line["text"] for line in lines),
        width=width,
        height=2532,
        read_at=timezone.now(),
    )


def test_the_card_is_beside_the_merchants_reply_that_said_it(consumer_client, case):
    asked = log(case, EventKind.MERCHANT_MESSAGE, "我要求退货，不是质量问题吗？")
    refused = log(case, EventKind.MERCHANT_REPLY, "亲，已过售后期了哦", promise="")
    html = section(consumer_client, case, "timeline")
    card = block(html, f'id="event-{refused.pk}"')
    assert 'data-excuse="after_sales_expired"' in card
    assert "商家说「已过售后期」" in card and "法律怎么说" in card
    assert "第二十四条" in card and "什么时候不适用" in card and "下一步" in card
    guide = reverse("cases:guidance", args=[case.reference, "platform_intervention"])
    assert guide in card
    # The consumer's own message is not the merchant's refusal.
    assert "excuse-card" not in block(html, f'id="event-{asked.pk}"')


def test_the_card_follows_the_file_whose_text_holds_the_refusal(consumer_client, case):
    upload(consumer_client, case, ("a.png", files.png(colour=(10, 20, 30))), kind="chat_log")
    upload(consumer_client, case, ("b.png", files.png(colour=(200, 20, 30))), kind="chat_log")
    first, second = case.evidence.order_by("number")
    chat_transcript(first, [{"text": "您好，请问有什么可以帮您", "box": [120, 300, 640, 350]}])
    chat_transcript(
        second,
        [
            {"text": "不支持七天无", "box": [120, 300, 420, 350]},
            {"text": "理由退货哦", "box": [120, 360, 360, 410]},
            # The consumer's own bubble, on the right: quoting the merchant is not refusing.
            {"text": "你们说运费自理，我不同意", "box": [560, 480, 1050, 530]},
        ],
    )
    html = section(consumer_client, case, "evidence")
    assert f'id="evidence-{first.number}-excuses"' not in html
    cards = block(html, f'id="evidence-{second.number}-excuses"')
    assert 'data-excuse="no_seven_day_return"' in cards
    assert "shipping_paid_by_buyer" not in cards
    assert "商家说「不支持七天无理由退货」" in cards
    assert [(s.excuse.id, s.evidence_number) for s in case_excuses(case=case)] == [
        ("no_seven_day_return", second.number)
    ]


def test_a_screenshot_whose_sides_cannot_be_told_says_so(consumer_client, case):
    upload(consumer_client, case, ("a.png", files.png()), kind="chat_log")
    chat_transcript(case.evidence.get(), [{"text": "不是质量问题"}], width=None)
    cards = block(section(consumer_client, case, "evidence"), 'id="evidence-1-excuses"')
    assert 'data-excuse="not_quality_problem"' in cards
    assert "截图看不出是谁说的" in cards
    # …and the letters do not put words in the merchant's mouth that may be the consumer's.
    letter = letter_text(consumer_client, case, "platform")
    assert "不是质量问题" not in letter


def letter_text(client, case, kind: str) -> str:
    url = reverse("cases:letter", args=[case.reference, kind])
    response = client.get(url, {"format": "text"})
    assert response.status_code == 200
    return response.content.decode()


def test_the_letters_answer_each_refusal_once_with_its_statute(consumer_client, case):
    log(case, EventKind.MERCHANT_REPLY, "已过售后期，不支持七天无理由")
    log(case, EventKind.PHONE_CALL, "客服又说已过售后期")  # the same refusal again
    upload(consumer_client, case, ("chat.png", files.png()), kind="chat_log")
    chat_transcript(case.evidence.get(), [{"text": "运费自理哦", "box": [120, 300, 400, 350]}])

    merchant = letter_text(consumer_client, case, "merchant")
    assert merchant.count("贵店以“已过售后期”为由拒绝") == 1
    assert "依据《消费者权益保护法》第二十四条、第二十三条第三款" in merchant
    assert "贵店以“不支持七天无理由退货”为由拒绝。依据《消费者权益保护法》第二十五条" in merchant
    assert "贵店以“运费需要自行承担”为由拒绝。依据《消费者权益保护法》第二十四条" in merchant

    platform = letter_text(consumer_client, case, "platform")
    assert "商家以“已过售后期”为由拒绝" in platform and "运输等必要费用由经营者承担" in platform
    complaint = letter_text(consumer_client, case, "12315")
    assert "商家以“不支持七天无理由退货”为由拒绝" in complaint


def test_a_case_without_refusals_has_no_cards_and_no_answers(consumer_client, case):
    log(case, EventKind.MERCHANT_REPLY, "本店支持七天无理由退货，请寄回")
    assert "excuse-card" not in section(consumer_client, case, "timeline")
    assert "为由拒绝" not in letter_text(consumer_client, case, "merchant")


def chat_screenshot() -> bytes:
    """A small chat screenshot: the shop's grey bubble on the left refuses, the consumer's
    green bubble on the right quotes another refusal back."""
    image = Image.new("RGB", (750, 640), (237, 237, 237))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 30)
    draw.text((300, 30), "数码优选专营店", fill="black", font=font)
    draw.rounded_rectangle((30, 130, 520, 210), radius=12, fill="white")
    draw.text((50, 150), "亲，已过售后期了，不能退哦", fill="black", font=font)
    draw.rounded_rectangle((230, 300, 730, 380), radius=12, fill=(149, 236, 105))
    draw.text((245, 320), "你们说不是质量问题，我不同意", fill="black", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.mark.usefixtures("ocr")
def test_a_refusal_in_an_uploaded_chat_screenshot_is_read_and_answered(consumer_client, case):
    # given a chat screenshot uploaded as the page does, read by the real engine on commit
    response = upload(consumer_client, case, ("chat.png", chat_screenshot()), kind="chat_log")
    assert response.status_code in (200, 302)
    transcript = Transcript.objects.get(evidence__case=case)
    assert transcript.state == TranscriptState.DONE, transcript.error
    read = transcript.text.replace(" ", "")
    assert "已过售后期" in read and "不是质量问题" in read  # both bubbles were read
    # when the consumer opens the evidence section
    html = section(consumer_client, case, "evidence")
    # then the card follows the screenshot, for the shop's words only
    cards = block(html, 'id="evidence-1-excuses"')
    assert 'data-excuse="after_sales_expired"' in cards
    assert "not_quality_problem" not in cards
    assert "商家说「已过售后期」" in cards
    assert "商家以“已过售后期”为由拒绝" in letter_text(consumer_client, case, "platform")
