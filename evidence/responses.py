"""File responses for evidence and case files: private, never cached by others, sandboxed.

Used by the consumer's own views and by the advisors' workspace, which check access first.
Files stream in 1 MiB chunks from storage (storage.open_stream: on S3 the object's own body,
so a 500 MB video never sits in memory or on a temporary disk), or, on the local disk behind
nginx, are handed to nginx (X-Accel-Redirect). No response ever carries a storage URL: on S3
the bytes go through Django too (docs/storage.md, "Downloads").
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _

from .models import Dossier, Evidence, OrderScreenshot
from .storage import STREAM_CHUNK, StorageUnavailable, is_local, open_stream

# A stored file is never a page: if a browser ever rendered one as HTML (a polyglot that got
# past the checks, a PDF viewer's scripts), it may load nothing and runs as a sandboxed,
# origin-less document. The site's own page policy (weiquan/middleware.py) yields to this.
FILE_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox"


def _streamed(name: str, *, filename: str, attachment: bool, content_type: str) -> HttpResponse:
    try:
        stored = open_stream(name)
    except StorageUnavailable:
        response = HttpResponse(
            _("The evidence store cannot be reached right now. Try again in a few minutes."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "60"
        return response
    response = FileResponse(
        stored, as_attachment=attachment, filename=filename, content_type=content_type
    )
    response.block_size = STREAM_CHUNK
    response["Content-Length"] = stored.size  # an S3 body cannot seek to tell its length
    return response


def _private_file(response: HttpResponse, *, cache: str) -> HttpResponse:
    """The headers every evidence and dossier file carries, in one place."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache
    response["Content-Security-Policy"] = FILE_CONTENT_SECURITY_POLICY
    return response


def evidence_file_response(
    evidence: Evidence | OrderScreenshot,
    name: str,
    *,
    content_type: str,
    attachment: bool,
    filename: str | None = None,
) -> HttpResponse:
    """Stream a stored file, or hand it to nginx (X-Accel-Redirect) when configured and the
    files are on the local disk (nginx's internal location is an alias of MEDIA_ROOT)."""
    disposition = "attachment" if attachment else "inline"
    if filename is None:
        filename = evidence.original_name if attachment else f"{evidence.public_id.hex}.jpg"
    prefix = settings.EVIDENCE_X_ACCEL_REDIRECT_PREFIX
    if prefix and is_local():
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    else:
        response = _streamed(
            name, filename=filename, attachment=attachment, content_type=content_type
        )
    return _private_file(
        response, cache="private, no-store" if attachment else "private, max-age=3600"
    )


def dossier_file_response(dossier: Dossier) -> HttpResponse:
    """A dossier PDF as a download, for its owner or an advisor (access checked before)."""
    response = _streamed(
        dossier.file.name,
        attachment=True,
        filename=f"{dossier.case.reference}-{dossier.variant}-{dossier.created_at:%Y%m%d%H%M}.pdf",
        content_type="application/pdf",
    )
    return _private_file(response, cache="private, no-store")
