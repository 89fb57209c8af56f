"""File responses for evidence and case files: private, never cached by others, sandboxed.

Used by the consumer's own views and by the advisors' workspace, which check access first.
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, HttpResponse

from .models import Dossier, Evidence
from .storage import evidence_storage


def evidence_file_response(evidence: Evidence, name: str, *, content_type: str, attachment: bool):
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
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if attachment else "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def dossier_file_response(dossier: Dossier) -> FileResponse:
    response = FileResponse(
        evidence_storage.open(dossier.file.name, "rb"),
        as_attachment=True,
        filename=f"{dossier.case.reference}-{dossier.variant}-{dossier.created_at:%Y%m%d%H%M}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
