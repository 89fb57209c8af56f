"""What writes the order screenshots of new cases, and the one read that finds them.

A screenshot is the consumer's before it is the case's: every lookup is scoped to its owner
(`order_screenshots_for_owner`), so another person's is a 404 by construction.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import User
from cases import services as case_services
from cases.models import Case

from .. import integrity, vault
from ..models import OrderScreenshot, ScreenshotState
from ..storage import StorageUnavailable, evidence_storage, outage_as_unavailable
from .reading import order_screenshot_queue

logger = logging.getLogger(__name__)

NOT_A_PICTURE = _lazy("This is not a picture. Upload a screenshot of the order page (PNG or JPEG).")
# A screenshot never used for a case is deleted with its file after this long.
KEPT_UNUSED = timedelta(days=1)


def order_screenshots_for_owner(*, owner: User) -> QuerySet[OrderScreenshot]:
    return OrderScreenshot.objects.filter(owner=owner)


def order_screenshot_receive(*, owner: User, received: integrity.ReceivedFile) -> OrderScreenshot:
    """Check a received picture as the vault checks any upload, store it under a random name
    and queue its reading on commit. Raises RefusedFile (nothing stored) for a file that is not
    a picture, a broken or booby-trapped one, or when storage cannot be reached. With reading
    off (settings.WEIQUAN_OCR) it is kept unread: the form comes back empty."""
    if received.file_type.category != "image":
        raise integrity.RefusedFile(NOT_A_PICTURE, "not_image")
    path = received.temporary_file_path()
    integrity.check_content(path, received.file_type)
    screenshot = OrderScreenshot(
        owner=owner,
        original_name=received.name,
        content_type=received.file_type.mime,
        size=received.size,
        sha256=received.sha256,
        exif=integrity.read_exif(path),
    )
    if not settings.WEIQUAN_OCR:  # reading is off: straight to the empty form, kept all the same
        screenshot.state, screenshot.error = ScreenshotState.FAILED, "reading is off"
    name = screenshot.file.field.generate_filename(screenshot, received.name)
    try:
        with outage_as_unavailable():
            screenshot.file.name = evidence_storage.save(name, received)
    except (StorageUnavailable, OSError) as error:
        logger.warning("order screenshot not stored: %s", error)
        raise integrity.RefusedFile(
            _(
                "The evidence store cannot be reached right now, so this file was not saved. "
                "Nothing was kept: upload it again in a few minutes."
            ),
            "storage",
        ) from error
    try:
        screenshot.save()
    except BaseException:
        _delete_file(screenshot.file.name)
        raise
    if settings.WEIQUAN_OCR:
        transaction.on_commit(lambda: order_screenshot_queue(screenshot.pk), robust=True)
    return screenshot


@transaction.atomic
def case_create_from_screenshot(*, owner: User, screenshot: OrderScreenshot, **fields) -> Case:
    """The case opened as on /cases/new/ (the cases service, the same validated fields), with
    the screenshot kept as its evidence 1 by the vault, in one transaction. Raises
    OrderScreenshot.DoesNotExist when it was used (or expired) meanwhile."""
    # Locked first: two taps on 开案 open one case, the second finds the screenshot gone.
    screenshot = OrderScreenshot.objects.select_for_update().get(pk=screenshot.pk, owner=owner)
    case = case_services.case_create(owner=owner, **fields)
    vault.evidence_adopt_screenshot(case=case, screenshot=screenshot, actor=owner)
    return case


def order_screenshots_expire(*, now: datetime | None = None) -> int:
    """Delete the screenshots uploaded more than a day ago for a case never opened, and their
    files (the job sweep, every minute). Returns how many went."""
    cutoff = (now or timezone.now()) - KEPT_UNUSED
    expired = list(
        OrderScreenshot.objects.filter(created_at__lt=cutoff).values_list("pk", "file")[:200]
    )
    for pk, name in expired:
        # The row first: a file with no row is the storage sweep's, a row with no file is lost.
        if OrderScreenshot.objects.filter(pk=pk).delete()[0]:
            _delete_file(name)
    return len(expired)


def _delete_file(name: str) -> None:
    try:
        with outage_as_unavailable():
            evidence_storage.delete(name)
    except (StorageUnavailable, OSError) as error:
        logger.error("orphan object %s left in storage (the sweep deletes it): %s", name, error)
