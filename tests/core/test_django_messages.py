"""Django's own form messages are reworded in our catalogue, and ours win over Django's."""

import ast
from pathlib import Path

import django
import polib
import pytest
from django import forms
from django.utils import translation

from core import django_messages
from core.django_messages import REWORDED

DJANGO = Path(django.__file__).parent
OURS = Path(__file__).resolve().parents[2] / "locale/zh_Hans/LC_MESSAGES/django.po"
DJANGO_CATALOGUES = [
    DJANGO / "conf/locale/zh_Hans/LC_MESSAGES/django.po",
    DJANGO / "contrib/auth/locale/zh_Hans/LC_MESSAGES/django.po",
]


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in polib.pofile(str(path)) if entry.msgid}


def stock() -> dict[str, polib.POEntry]:
    found: dict[str, polib.POEntry] = {}
    for path in DJANGO_CATALOGUES:
        found.update(entries(path))
    return found


def plural_msgids() -> list[tuple[str, str]]:
    """The plural msgids as makemessages reads them: from the calls in the source (a lazy
    plural does not give its English back)."""
    tree = ast.parse(Path(django_messages.__file__).read_text())
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "ngettext_lazy"
    ]
    assert len(calls) == len(django_messages.REWORDED_PLURAL)
    return [(call.args[0].value, call.args[1].value) for call in calls]


def test_every_reworded_message_is_still_one_of_django_s():
    """After a Django upgrade that rewords one, our entry would silently stop applying."""
    django_entries = stock()
    for msgid in REWORDED:
        assert msgid in django_entries, msgid
    for singular, plural in plural_msgids():
        assert django_entries[singular].msgid_plural == plural, singular


def test_each_has_our_own_chinese_with_the_same_placeholders():
    ours, django_entries = entries(OURS), stock()
    for msgid in [*REWORDED, *(singular for singular, _ in plural_msgids())]:
        entry = ours[msgid]
        mine = entry.msgstr or entry.msgstr_plural[0]
        theirs = django_entries[msgid].msgstr or django_entries[msgid].msgstr_plural.get(0, "")
        assert mine and mine != theirs, msgid
        if entry.msgid_plural:
            assert entry.msgid_plural == django_entries[msgid].msgid_plural
            assert list(entry.msgstr_plural) == [0]  # Chinese has one plural form


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        (forms.CharField(max_length=5), "一二三四五六七", "最多可以填写 5 个字，现在是 7 个。"),
        (forms.CharField(min_length=3), "一", "至少需要填写 3 个字，现在是 1 个。"),
        (forms.CharField(), "", "请填写或选择这一项。"),
        (forms.CharField(), "a\x00b", "内容里夹带了看不见的特殊字符"),
        (forms.ChoiceField(choices=[("a", "A")]), "zzz", "“zzz”不在可选范围内"),
        (forms.IntegerField(max_value=10), "11", "不能大于 10。"),
        (forms.IntegerField(min_value=1), "0", "不能小于 1。"),
        (forms.EmailField(), "wang@", "请输入有效的邮箱地址"),
        (forms.DecimalField(decimal_places=2), "1.234", "小数点后最多 2 位。"),
        (forms.DateField(), "2026-13-45", "请输入有效日期，例如 2026-11-23。"),
    ],
)
def test_ours_win_over_django_s_catalogue_at_run_time(field, value, expected):
    with translation.override("zh-hans"), pytest.raises(forms.ValidationError) as raised:
        field.clean(value)
    assert expected in raised.value.messages[0]
