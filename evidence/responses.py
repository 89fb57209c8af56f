"""File responses for evidence and case files: private, never cached by others, sandboxed.

Used by the consumer's own views and by the advisors' workspace, which check access first.
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse

from .models import Dossier, Evidence
from .storage import evidence_storage

# A stored file is never a page: if a browser ever rendered one as HTML (a polyglot that got
# past the checks, a PDF viewer's scripts), it may load nothing and runs as a sandboxed,
# origin-less document. The site's own page policy (weiquan/middleware.py) yields to this.
FILE_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox"


def _private_file(response: HttpResponse, *, cache: str) -> HttpResponse:
    """The headers every evidence and dossier file carries, in one place."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache
    response["Content-Security-Policy"] = FILE_CONTENT_SECURITY_POLICY
    return response


def evidence_file_response(
    evidence: Evidence, name: str, *, content_type: str, attachment: bool
) -> HttpResponse:
    """Stream a stored file, or hand it to nginx (X-Accel-Redirect) when configured."""
    disposition = "attachment" if attachment else "inline"
    filename = evidence.original_name if attachment else f"{evidence.public_id.hex}.jpg"
    prefix = settings.EVIDENCE_X_ACCEL_REDIRECT_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    else:
        response = FileResponse(
            evidence_storage.open(name, "rb"),
            as_attachment=attachment,
            filename=filename,
            content_type=content_type,
        )
    return _private_file(
        response, cache="private, no-store" if attachment else "private, max-age=3600"
    )


def dossier_file_response(dossier: Dossier) -> HttpResponse:
    """A dossier PDF as a download, for its owner or an advisor (access checked before)."""
    response = FileResponse(
        evidence_storage.open(dossier.file.name, "rb"),
        as_attachment=True,
        filename=f"{dossier.case.reference}-{dossier.variant}-{dossier.created_at:%Y%m%d%H%M}.pdf",
        content_type="application/pdf",
    )
    return _private_file(response, cache="private, no-store")
