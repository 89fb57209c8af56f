"""Django upload handler that streams evidence through `integrity.Receiver`.

Installed only on the evidence upload view. Each file is sniffed from its first bytes,
hashed and written to a temporary file chunk by chunk; a refused file is dropped at once
(the rest of its bytes are never stored) and noted on the request, so the view can say
which files failed and why while the others are saved.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext_lazy as _

from .integrity import Receiver, RefusedFile, sanitise_filename

UPLOAD_FIELD = "files"
logger = logging.getLogger(__name__)


@dataclass
class Refusal:
    index: int
    name: str
    message: str


class EvidenceUploadHandler(FileUploadHandler):
    chunk_size = 1024 * 1024  # 1 MiB: large enough for hashing speed, small for memory

    def __init__(self, request=None):
        super().__init__(request)
        self.refusals: list[Refusal] = []
        self.received = 0
        self.request_too_large = False
        self.receiver: Receiver | None = None
        request.evidence_refusals = self.refusals

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_too_large = content_length > settings.EVIDENCE_MAX_REQUEST_BYTES
        return None

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        index = self.received
        self.received += 1
        self.receiver = None
        if field_name != UPLOAD_FIELD:
            raise SkipFile()
        if self.request_too_large:
            limit_mb = settings.EVIDENCE_MAX_REQUEST_BYTES // (1024 * 1024)
            self._refuse(
                index,
                file_name,
                _(
                    "Together the files are larger than %(limit)s MB. "
                    "Upload them in smaller batches."
                )
                % {"limit": limit_mb},
            )
        if index >= settings.EVIDENCE_MAX_FILES_PER_UPLOAD:
            self._refuse(
                index,
                file_name,
                _("At most %(count)s files at a time. Upload this one in the next batch.")
                % {"count": settings.EVIDENCE_MAX_FILES_PER_UPLOAD},
            )
        self.receiver = Receiver(file_name, index=index)

    def receive_data_chunk(self, raw_data, start):
        if self.receiver is None:
            return None
        try:
            self.receiver.feed(raw_data)
        except RefusedFile as refused:
            self._refuse(self.receiver.index, self.file_name, refused.message)
        return None

    def file_complete(self, file_size):
        if self.receiver is None:
            return None
        receiver, self.receiver = self.receiver, None
        try:
            received = receiver.finish()
        except RefusedFile as refused:
            self.refusals.append(Refusal(receiver.index, receiver.name, str(refused.message)))
            return None
        logger.info(
            "received evidence upload: %d bytes, %s, hashed in %.3f s",
            received.size,
            received.file_type.mime,
            receiver.hash_seconds,
        )
        return received

    def upload_interrupted(self):
        if self.receiver is not None:
            self.receiver.discard()
            self.receiver = None

    def _refuse(self, index: int, file_name: str, message) -> None:
        if self.receiver is not None:
            self.receiver.discard()
            self.receiver = None
        self.refusals.append(Refusal(index, sanitise_filename(file_name), str(message)))
        raise SkipFile()
