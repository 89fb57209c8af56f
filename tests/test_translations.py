"""Chinese is the default language: every piece of our interface text must have it."""

import re
from pathlib import Path

import polib

PO_FILE = Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\{ ?\w+ ?\}\}|\{\}")


def test_every_entry_is_translated_and_not_fuzzy():
    catalog = polib.pofile(str(PO_FILE))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_translations_keep_their_placeholders():
    catalog = polib.pofile(str(PO_FILE))
    for entry in catalog.translated_entries():
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
            PLACEHOLDER.findall(translated)
        ), entry.msgid
