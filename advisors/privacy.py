"""The advisors part of a person's data export and account deletion (see accounts.privacy).

The consumer gets their help requests, the advice written to them and who looked at their
cases. Internal notes are the advisors' working papers, never shown or exported; advisors
appear only by the name they sign with, never by account, email or phone.
"""

from accounts.models import User
from accounts.privacy import DataExport

from .models import AccessEntry, AdviceReply, AdvisorNote, HelpRequest


def advisors_export(user: User, export: DataExport) -> None:
    help_requests = HelpRequest.objects.filter(case__owner=user).select_related("case")
    for request in help_requests:
        export.case(request.case.reference)["help_request"] = {
            "message": request.message,
            "consent_version": request.consent_version,
            "consented_at": request.consented_at,
            "withdrawn_at": request.withdrawn_at,
        }
    replies = AdviceReply.objects.filter(case__owner=user).select_related("case")
    for reply in replies.prefetch_related("answers").order_by("created_at", "id"):
        export.case(reply.case.reference).setdefault("advice_replies", []).append(
            {
                "author_name": reply.author_name,
                "body": reply.body,
                "created_at": reply.created_at,
                "edited_at": reply.edited_at,
                "answers": [
                    {"body": answer.body, "created_at": answer.created_at}
                    for answer in reply.answers.all()
                ],
            }
        )
    entries = AccessEntry.objects.filter(case__owner=user).select_related("case")
    for entry in entries.order_by("at", "id"):
        export.case(entry.case.reference).setdefault("access_log", []).append(
            {
                "at": entry.at,
                "actor_name": entry.actor_name,
                "action": entry.action,
                "action_label": entry.get_action_display(),
                "target": entry.target,
            }
        )


def advisors_erase(user: User) -> None:
    """Help requests, notes, replies and the answers to them go with the cases. The access
    log stays as the record, keeping only the case reference once the case row is gone."""
    AdvisorNote.objects.filter(case__owner=user).delete()
    AdviceReply.objects.filter(case__owner=user).delete()
    HelpRequest.objects.filter(case__owner=user).delete()
