"""The channel card the case page's next step draws once per language and directory
version (platforms/templatetags/platform_directory.py `channel_card`): never stale."""

from django.utils import translation

from platforms.models import ContactChannel
from platforms.templatetags.platform_directory import channel_card


def test_a_card_is_drawn_once_and_redrawn_after_any_edit_to_the_directory(directory):
    channel = ContactChannel.objects.filter(kind="phone", audience="consumers").first()
    first = channel_card(channel)
    assert channel.value in first
    # the same card again, even from an object that changed without saving: the copy
    channel.hours = "不会出现"
    assert channel_card(channel) == first
    # a saved edit is on the next card at once
    channel = ContactChannel.objects.get(pk=channel.pk)
    channel.hours = "每天 8:00–22:00"
    channel.save()
    assert "每天 8:00–22:00" in channel_card(ContactChannel.objects.get(pk=channel.pk))


def test_each_language_has_its_own_card(directory):
    channel = ContactChannel.objects.filter(kind="phone", audience="consumers").first()
    with translation.override("zh-hans"):
        chinese = channel_card(channel)
    with translation.override("en"):
        english = channel_card(channel)
    assert chinese != english
    assert "复制" in chinese and "Copy" in english
