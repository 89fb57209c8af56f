import textwrap
from datetime import date

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from core.phones import normalise_dialled_number
from platforms.directory import DEFAULT_PATH, DirectoryError, directory_load, directory_read
from platforms.models import ContactChannel, Platform, Policy

GOOD = textwrap.dedent(
    """\
    schema: 1
    revised_on: 2026-11-25
    platforms:
      - slug: testmall
        name: 测试商城
        name_en: Test mall
        kind: shopping
    channels:
      - platform: testmall
        key: testmall-phone
        kind: phone
        label: 客服电话
        value: "021-53395288"
        source:
          title: 测试来源甲
          url: ""
        status: unverified
        last_verified_on: null
      - platform: testmall
        key: testmall-after-sales
        kind: app_path
        label: 申请售后
        value: 我的 → 订单 → 申请售后
        steps: [打开订单, 点申请售后]
        source: {title: 测试来源乙}
        status: verified
        last_verified_on: 2026-11-20
    policies:
      - platform: testmall
        code: seven-day-return
        title: 七天无理由
        offer: 签收后7天内可申请退货
        source: {title: 测试来源丙}
        status: unverified
    """
)
SECOND_CHANNEL = (
    "  - platform: testmall\n"
    "    key: testmall-phone-{value}\n"
    "    kind: phone\n"
    "    label: 另一个电话\n"
    '    value: "{value}"\n'
    "    source: {{title: 测试来源丁}}\n"
    "    status: unverified\n"
)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line containing `needle`."""
    lines = [number for number, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[occurrence - 1]


def write(tmp_path, text: str):
    path = tmp_path / "directory.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def with_channel(value: str) -> str:
    return GOOD.replace("policies:\n", SECOND_CHANNEL.format(value=value) + "policies:\n")


# --- refused files: every problem with its line, nothing loaded ---------------------------


def _missing_source_title(text):
    return text.replace("      title: 测试来源甲\n", ""), ("source:", 1), "the source has no title"


def _no_source(text):
    bad = text.replace('    source:\n      title: 测试来源甲\n      url: ""\n', "")
    return bad, ("- platform: testmall", 1), "no source"


def _malformed_phone(text):
    return text.replace('"021-53395288"', '"400-66"'), ("400-66", 1), "not a phone number"


def _duplicate_channel_key(text):
    bad = text.replace("key: testmall-after-sales", "key: testmall-phone")
    return bad, ("key: testmall-phone", 2), "duplicate channel key testmall-phone"


def _unknown_platform(text):
    bad = text.replace(
        "  - platform: testmall\n    key: testmall-after-sales\n    kind: app_path",
        "  - platform: nomall\n    key: testmall-after-sales\n    kind: app_path",
    )
    return bad, ("platform: nomall", 1), "unknown platform 'nomall'"


def _unknown_policy_platform(text):
    bad = text.replace("  - platform: testmall\n    code:", "  - platform: nomall\n    code:")
    return bad, ("platform: nomall", 1), "unknown platform 'nomall'"


def _duplicate_channel(text):
    # The same number written differently is still the same channel.
    bad = with_channel("02153395288")
    return bad, ('"02153395288"', 1), "duplicate channel"


def _duplicate_platform(text):
    extra = "  - slug: testmall\n    name: 又一个\n    name_en: Again\n    kind: shopping\n"
    bad = text.replace("channels:\n", extra + "channels:\n")
    return bad, ("slug: testmall", 2), "duplicate platform 'testmall'"


def _duplicate_policy(text):
    policy = text[text.index("  - platform: testmall\n    code:") :]
    return text + policy, ("code: seven-day-return", 2), "duplicate policy"


def _unknown_kind(text):
    return text.replace("kind: app_path", "kind: fax"), ("kind: fax", 1), "unknown kind 'fax'"


def _unknown_status(text):
    bad = text.replace("status: verified", "status: checked")
    return bad, ("status: checked", 1), "unknown status 'checked'"


def _unknown_audience(text):
    bad = text.replace(
        "    status: unverified\n    last_verified_on: null\n",
        "    status: unverified\n    audience: kids\n",
        1,
    )
    return bad, ("audience: kids", 1), "unknown audience 'kids'"


def _bad_date(text):
    bad = text.replace("last_verified_on: 2026-11-20", "last_verified_on: 2026-02-30")
    return bad, ("2026-02-30", 1), "not a date"


def _verified_without_date(text):
    bad = text.replace("last_verified_on: 2026-11-20", "last_verified_on: null")
    return bad, ("status: verified", 1), "needs 'last_verified_on'"


def _unquoted_number(text):
    bad = with_channel("95152").replace('"95152"', "95152")
    return bad, ("value: 95152", 1), "must be text"


def _rumoured_number_listed(text):
    rumour = '    status: unverified\n    competing: {value: "400-666-8888", source: 网传}\n'
    bad = with_channel("400-666-8888").replace(
        "    status: unverified\n    last_verified_on: null\n", rumour, 1
    )
    return bad, ("competing:", 1), "rumoured number 4006668888"


def _unknown_key(text):
    return text.replace("    label: 申请售后", "    lable: 申请售后"), ("lable:", 1), "unknown key"


def _yaml_syntax(text):
    return (
        text.replace("    name: 测试商城", "    name: [测试商城"),
        ("name_en:", 1),
        "not valid YAML",
    )


@pytest.mark.parametrize(
    "breaks",
    [
        _missing_source_title,
        _no_source,
        _malformed_phone,
        _unknown_platform,
        _unknown_policy_platform,
        _duplicate_channel,
        _duplicate_platform,
        _duplicate_policy,
        _unknown_kind,
        _unknown_status,
        _unknown_audience,
        _bad_date,
        _verified_without_date,
        _unquoted_number,
        _rumoured_number_listed,
        _unknown_key,
        _yaml_syntax,
    ],
    ids=lambda breaks: breaks.__name__.strip("_"),
)
@pytest.mark.django_db
def test_a_bad_file_is_refused_with_the_line_and_nothing_is_loaded(tmp_path, breaks):
    # given
    text, (needle, occurrence), reason = breaks(GOOD)
    line = line_of(text, needle, occurrence)
    # when
    with pytest.raises(DirectoryError) as refused:
        directory_load(path=write(tmp_path, text))
    # then
    assert any(
        error.startswith(f"line {line}: ") and reason in error for error in refused.value.errors
    ), refused.value.errors
    assert not Platform.objects.filter(slug="testmall").exists()
    assert not ContactChannel.objects.filter(label="客服电话").exists()
    assert not Policy.objects.filter(code="seven-day-return").exists()


@pytest.mark.django_db
def test_the_good_sample_loads(tmp_path):
    report = directory_load(path=write(tmp_path, GOOD))
    assert (report.platforms.created, report.channels.created, report.policies.created) == (1, 2, 1)
    channel = ContactChannel.objects.get(platform__slug="testmall", kind="app_path")
    assert channel.steps == ["打开订单", "点申请售后"]
    assert channel.last_verified_on == date(2026, 11, 20)
    assert channel.source_title == "测试来源乙"


def test_every_problem_is_reported_at_once_in_line_order(tmp_path):
    text = GOOD.replace('"021-53395288"', '"12-34"').replace("kind: app_path", "kind: fax")
    with pytest.raises(DirectoryError) as refused:
        directory_read(path=write(tmp_path, text))
    lines = [int(error.split(":")[0].removeprefix("line ")) for error in refused.value.errors]
    assert len(lines) == 2
    assert lines == sorted(lines)


@pytest.mark.django_db
def test_a_refused_file_leaves_the_loaded_directory_untouched(tmp_path, directory):
    before = list(ContactChannel.objects.values_list("pk", "value", "status"))
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    # A harmless change and a broken number: neither may be written.
    text = text.replace("name: 抖音", "name: 抖音商城").replace('"950618"', '"95O618"')
    with pytest.raises(DirectoryError):
        directory_load(path=write(tmp_path, text))
    assert Platform.objects.get(slug="douyin").name == "抖音"
    assert list(ContactChannel.objects.values_list("pk", "value", "status")) == before


@pytest.mark.django_db
def test_entries_dropped_from_the_file_are_deleted_but_other_platforms_are_kept(
    tmp_path, directory
):
    # given a platform the file does not list, with a channel of its own
    extra = Platform.objects.create(slug="extra", name="额外", name_en="Extra")
    ContactChannel.objects.create(
        platform=extra, kind="phone", label="电话", value="12345", source_title="测试"
    )
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    start = text.index("  - platform: jd\n")
    end = text.index("  # --- 全国12315平台")
    # when the JD phone line leaves the file
    report = directory_load(path=write(tmp_path, text[:start] + text[end:]))
    # then
    assert report.channels.deleted == 1
    assert not ContactChannel.objects.filter(platform__slug="jd").exists()
    assert ContactChannel.objects.filter(platform=extra).exists()


# --- the real file ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_loading_the_real_file_twice_changes_nothing_the_second_time():
    first = directory_load()
    counts = (Platform.objects.count(), ContactChannel.objects.count(), Policy.objects.count())
    snapshot = list(ContactChannel.objects.order_by("pk").values())
    second = directory_load()
    assert first.channels.created > 0
    assert not second.changed
    assert second.channels.unchanged == first.channels.created
    assert counts == (
        Platform.objects.count(),
        ContactChannel.objects.count(),
        Policy.objects.count(),
    )
    assert list(ContactChannel.objects.order_by("pk").values()) == snapshot


@pytest.mark.django_db
def test_the_real_file_keeps_the_names_and_order_of_migrated_platforms(directory):
    names = dict(Platform.objects.values_list("slug", "name"))
    assert names["douyin"] == "抖音" and names["tmall"] == "天猫" and names["jd"] == "京东"
    order = list(Platform.objects.filter(kind="shopping").values_list("slug", flat=True))
    assert order[:5] == ["douyin", "tmall", "pinduoduo", "taobao", "jd"]
    kinds = dict(Platform.objects.values_list("slug", "kind"))
    assert kinds["12315"] == "government" and kinds["xiaoxiehui"] == "association"
    assert kinds["court"] == "court"


def _raw_file() -> dict:
    """The file read with plain PyYAML, independently of the loader under test."""
    return yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))


def test_every_channel_has_a_source_title_and_every_phone_can_be_dialled():
    for channel in _raw_file()["channels"]:
        assert channel["source"]["title"].strip(), channel
        if channel["kind"] == "phone":
            assert isinstance(channel["value"], str)
            assert normalise_dialled_number(channel["value"]), channel["value"]


def test_numbers_known_to_be_wrong_are_never_channels_only_warnings():
    channels = _raw_file()["channels"]
    dialled = {
        normalise_dialled_number(channel["value"])
        for channel in channels
        if channel["kind"] == "phone"
    }
    # The reference rejects these (no evidence, or "treat as wrong").
    for wrong in ("400-666-8888", "400-626-8888", "400-600-6666"):
        assert normalise_dialled_number(wrong) not in dialled
        assert any(wrong in channel.get("competing", {}).get("value", "") for channel in channels)


def test_a_number_no_source_was_found_for_is_listed_as_such_not_as_wrong():
    """95095: the reference found no source for it, which is not the same as knowing it is
    wrong. It is a channel with status no_source, never among the struck-through numbers."""
    channels = _raw_file()["channels"]
    quoted = [channel for channel in channels if channel["value"] == "95095"]
    assert [channel["status"] for channel in quoted] == ["no_source"]
    assert not any("95095" in channel.get("competing", {}).get("value", "") for channel in channels)


def test_every_unverified_source_says_so_in_plain_words():
    raw = _raw_file()
    for entry in raw["channels"] + raw["policies"]:
        title = entry["source"]["title"]
        if entry["status"] == "unverified":
            assert "未核实" in title, title
        elif entry["status"] == "no_source":
            assert title.startswith("未找到来源"), title
        for jargon in ("GitHub", "JS", "SEO", "占位", "src/"):
            assert jargon not in title, title


def test_status_follows_the_verification_date():
    raw = _raw_file()
    for entry in raw["channels"] + raw["policies"]:
        if entry["status"] == "verified":
            assert entry["last_verified_on"] == date(2026, 11, 25)
        else:
            assert entry["status"] in ("unverified", "no_source")
            assert entry.get("last_verified_on") is None


def test_the_pinduoduo_merchant_line_is_for_merchants_only():
    merchant = [
        channel
        for channel in _raw_file()["channels"]
        if channel["platform"] == "pinduoduo" and "5339-5088" in channel["value"]
    ]
    assert [channel.get("audience") for channel in merchant] == ["merchants"]


# --- the command -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_prints_counts(capsys):
    call_command("load_directory")
    call_command("load_directory")
    output = capsys.readouterr().out
    assert "channels:" in output and "created" in output
    assert "Nothing changed." in output


@pytest.mark.django_db
def test_the_command_fails_listing_each_problem(tmp_path):
    text = GOOD.replace('"021-53395288"', '"400-66"')
    with pytest.raises(CommandError) as failed:
        call_command("load_directory", "--file", str(write(tmp_path, text)))
    assert f"line {line_of(text, '400-66')}: " in str(failed.value)
    assert not Platform.objects.filter(slug="testmall").exists()
