"""A shared case's files, opened from its workspace: evidence (thumbnail, view, download) and
finished case files (PDF). Every opening and download is written to the access log, which
the consumer reads on their case page."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path

from evidence.models import Dossier, DossierState, Evidence
from evidence.renditions import thumbnail_ready
from evidence.responses import dossier_file_response, evidence_file_response

from .. import services
from ..models import AccessAction


class CaseFilesMixin:
    """The case admin's file addresses, under each case's own."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:case_id>/evidence/<uuid:public_id>/<str:what>/",
                wrap(self.evidence_file_view),
                name="advisors_evidence_file",
            ),
            path(
                "<int:case_id>/dossiers/<uuid:public_id>/",
                wrap(self.dossier_file_view),
                name="advisors_dossier_file",
            ),
            *super().get_urls(),
        ]

    def evidence_file_view(self, request, case_id, public_id, what):
        case = self.shared_case(request, case_id)
        # Evidence the consumer removed is gone for advisors too, as it is from the workspace.
        evidence = get_object_or_404(
            Evidence, case=case, public_id=public_id, removed_at__isnull=True
        )
        if what == "thumbnail":
            if not thumbnail_ready(evidence):
                raise Http404
            return evidence_file_response(
                evidence, evidence.thumbnail.name, content_type="image/jpeg", attachment=False
            )
        if what not in ("view", "download"):
            raise Http404
        services.access_record(
            actor=request.user,
            case=case,
            action=AccessAction.VIEWED_EVIDENCE
            if what == "view"
            else AccessAction.DOWNLOADED_EVIDENCE,
            target=f"#{evidence.number} {evidence.public_id}",
        )
        return evidence_file_response(
            evidence,
            evidence.file.name,
            content_type=evidence.content_type,
            attachment=what == "download",
        )

    def dossier_file_view(self, request, case_id, public_id):
        case = self.shared_case(request, case_id)
        dossier = get_object_or_404(
            Dossier, case=case, public_id=public_id, state=DossierState.READY
        )
        services.access_record(
            actor=request.user,
            case=case,
            action=AccessAction.DOWNLOADED_DOSSIER,
            target=str(dossier.public_id),
        )
        return dossier_file_response(dossier)
