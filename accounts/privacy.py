"""PIPL data rights: a copy of everything weiquan keeps about a person, and deleting it all.

accounts sits at the bottom of the app stack and cannot import cases, evidence or advisors.
So each app that keeps personal data registers a part in its AppConfig.ready(): a function
that writes its share of the export and one that erases its rows. This module runs them in
registration (= INSTALLED_APPS) order to export and in reverse order to erase, so the evidence
part can collect its stored files before the cases they hang on are deleted.
"""

import datetime
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .models import User

README = """\
weiquan 维权 · 个人数据副本
=========================

这是 weiquan 保存的关于你的全部数据（依据《个人信息保护法》第四十五条）。

data.json            你的账户（包括你填写的姓名、联系电话和通讯地址）、通知，以及每个案件的
                     全部记录（UTF-8 编码的 JSON）：案件信息、时间线（包括已删除的条目
                     及其修改前的版本）、提醒、你保存的各版文书、
                     证据的信息和保管记录、证据材料（PDF）的信息、求助、志愿者的回复，
                     以及哪位志愿者在什么时候查看或处理了你的案件。
cases/<案件编号>/evidence/   每份证据的原始文件（包括已从案件中移除的），
                     文件名为 “<证据编号>-<上传时的文件名>”。
cases/<案件编号>/dossiers/   已生成的证据材料 PDF。

data.json 里每个文件都有 SHA-256 指纹（sha256）。任何人都可以重新计算文件的指纹并与之
比对，以证明文件自上传以来没有被改动过：
  Windows:  certutil -hashfile 文件名 SHA256
  macOS:    shasum -a 256 文件名
  Linux:    sha256sum 文件名

志愿者的内部工作笔记不包含在内。
data.json 中的时间均为北京时间。

------------------------------------------------------------------------------------------
A copy of all the data weiquan keeps about you (PIPL article 45). data.json holds your
account, notifications and every case's records; cases/<reference>/evidence/ holds each
evidence file as uploaded (removed ones too), cases/<reference>/dossiers/ the case-file PDFs.
Each file's SHA-256 is in data.json, so anyone can re-hash the file and check it is unaltered.
"""

CHUNK = 1024 * 1024
ZIP64_LIMIT = 2**31 - 1
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
UNSAFE_IN_NAMES = str.maketrans({character: "_" for character in '<>:"|?*'})


class DataExport:
    """What the parts write into: their sections of data.json and files copied into the ZIP."""

    def __init__(self, archive: zipfile.ZipFile, data: dict):
        self.archive = archive
        self.data = data
        self._cases: dict[str, dict] = {}
        self._paths: set[str] = set()

    def case(self, reference: str) -> dict:
        """The data.json section of one case, made the first time a part asks for it."""
        if reference not in self._cases:
            self._cases[reference] = {"reference": reference}
            self.data.setdefault("cases", []).append(self._cases[reference])
        return self._cases[reference]

    def add_file(
        self,
        path: str,
        source: BinaryIO,
        *,
        modified: datetime.datetime | None = None,
        size: int | None = None,
    ) -> str:
        """Copy an open file into the ZIP in chunks (evidence can be hundreds of MB, so never
        whole in memory); returns the path it got in the ZIP."""
        info = zipfile.ZipInfo(self._unique(path), date_time=_zip_time(modified))
        info.compress_type = zipfile.ZIP_STORED  # photos, videos and PDFs are compressed already
        info.external_attr = 0o644 << 16
        force_zip64 = size is None or size > ZIP64_LIMIT
        with self.archive.open(info, "w", force_zip64=force_zip64) as target:
            shutil.copyfileobj(source, target, CHUNK)
        return info.filename

    def _unique(self, path: str) -> str:
        candidate, counter = path, 1
        while candidate in self._paths:
            counter += 1
            root, extension = os.path.splitext(path)
            candidate = f"{root}-{counter}{extension}"
        self._paths.add(candidate)
        return candidate


@dataclass(frozen=True)
class PrivacyPart:
    name: str
    export: Callable[[User, DataExport], None]
    erase: Callable[[User], None]


_parts: dict[str, PrivacyPart] = {}


def privacy_register(
    *,
    name: str,
    export: Callable[[User, DataExport], None],
    erase: Callable[[User], None],
) -> None:
    """Add an app's part to the export and the deletion (call it from AppConfig.ready)."""
    _parts[name] = PrivacyPart(name=name, export=export, erase=erase)


def account_export(*, user: User, zip_file: BinaryIO) -> None:
    """Write into zip_file a ZIP of everything kept about the person (PIPL art. 45: the right
    to a copy). Internal advisor notes are not theirs and stay out.

    The files go in as stored, so the SHA-256 next to each in data.json proves it unaltered.
    """
    data = {
        "exported_at": timezone.now(),
        "account": _account(user),
        "notifications": _notifications(user),
        "cases": [],
    }
    with zipfile.ZipFile(zip_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        export = DataExport(archive, data)
        for part in _parts.values():
            part.export(user, export)
        archive.writestr("README.txt", README)
        archive.writestr("data.json", json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=2))


def account_delete(*, user: User) -> None:
    """Delete the account and everything in it (PIPL art. 47), in one transaction.

    Stored files are deleted only once it commits (the parts use transaction.on_commit), so a
    failure leaves rows and files as they were. The custody and access logs stay as the
    record, without the person: their links to the user, case and evidence are set to NULL.
    """
    with transaction.atomic():
        for part in reversed(_parts.values()):
            part.erase(user)
        _sign_in_records_erase(user)
        user.delete()


def safe_file_name(name: str, *, fallback: str = "file") -> str:
    """A file name as uploaded, made safe to unpack anywhere: no folders, no control
    characters, nothing Windows refuses, not hidden, not too long."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(character for character in name if character.isprintable())
    name = name.translate(UNSAFE_IN_NAMES).strip().lstrip(".").strip()
    root, extension = os.path.splitext(name)
    if len(name) > 100:
        name = root[: 100 - len(extension[:20])] + extension[:20]
    return name or fallback


def _account(user: User) -> dict:
    return {
        "username": user.username,
        "email": user.email,
        "phone": user.phone,
        "display_name": user.display_name,
        "real_name": user.real_name,
        "contact_phone": user.contact_phone,
        "postal_address": user.postal_address,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "privacy_notice_version": user.privacy_notice_version,
        "privacy_accepted_at": user.privacy_accepted_at,
        "notify_by_email": user.notify_by_email,
        "notify_in_app": user.notify_in_app,
        "quiet_hours_start": user.quiet_hours_start,
        "quiet_hours_end": user.quiet_hours_end,
    }


def _notifications(user: User) -> list[dict]:
    return [
        {
            "title": notification.title,
            "body": notification.body,
            "url": notification.url,
            "created_at": notification.created_at,
            "read_at": notification.read_at,
        }
        for notification in user.notifications.order_by("created_at", "id")
    ]


def _sign_in_records_erase(user: User) -> None:
    """django-axes keeps failed sign-ins under the account's username, which holds the
    person's phone or email: they go with the account."""
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=user.username).delete()


def _zip_time(moment: datetime.datetime | None) -> tuple[int, ...]:
    if moment is None:
        moment = timezone.now()
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return max(moment.timetuple()[:6], ZIP_EPOCH)


class _Encoder(DjangoJSONEncoder):
    """Times in China time (the consumer's), not UTC."""

    def default(self, o):
        if isinstance(o, datetime.datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)
