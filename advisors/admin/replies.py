"""The workspace's advice and follow-up forms, kept apart from the rest of the workspace.

Advice: choose a template or write → "preview" (filled, shown as the consumer's page shows
it) → "send" (only the text previewed) → correct it within the edit window. Follow-ups:
"remind me on…" for the volunteer, "remind the consumer on… / now".
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case

from .. import followups, services
from ..forms import ConsumerReminderForm, FollowUpForm, ReplyEditForm, ReplyForm
from ..replies import (
    PLACEHOLDERS,
    REPLY_EDIT_WINDOW,
    fill,
    placeholder_values,
    preview_digest,
    reply_edit,
    reply_editable,
    templates_for_case,
)

# The submit buttons this part answers; the workspace hands any post naming one to it.
POSTS = ("reply-preview", "reply-send", "reply-edit", "followup-add", "remind-on", "remind-now")


def _back(request, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{request.path}#{anchor}")


class RepliesMixin:
    """Handles the posts in `POSTS`; `replies_context` gives the forms to draw."""

    @staticmethod
    def is_replies_post(request) -> bool:
        return any(name in request.POST for name in POSTS)

    def replies_post(self, request, case: Case):
        """A redirect once something was done, else the forms to show again (with errors or
        the preview)."""
        post = request.POST
        if "reply-preview" in post or "reply-send" in post:
            return self._reply(request, case)
        if "reply-edit" in post:
            return self._reply_edit(request, case)
        if "followup-add" in post:
            return self._follow_up(request, case)
        return self._remind_consumer(request, case)

    def _reply(self, request, case: Case):
        if not request.user.has_perm("advisors.add_advicereply"):
            raise PermissionDenied
        templates = templates_for_case(case=case)
        form = ReplyForm(request.POST, prefix="reply", templates=templates)
        if not form.is_valid():
            return {"reply_form": form}
        body, template = form.cleaned_data["body"], form.cleaned_data["template"]
        try:  # only the holder writes advice: said at the preview already, not only at the send
            services.holder_required(case=case, advisor=request.user)
            if "reply-send" in request.POST and template is None:
                if form.cleaned_data["previewed"] == preview_digest(body):
                    services.reply_send(case=case, author=request.user, body=body)
                    self.message_user(request, _("Reply sent. The consumer is notified."))
                    return _back(request, "replies")
                self.message_user(
                    request,
                    _("The text is not the one previewed: check the preview, then send."),
                    messages.WARNING,
                )
        except services.NotHolder as refused:
            form.add_error("body", refused.message)
            return {"reply_form": form}
        # A template chosen replaces the text; typed placeholders are filled too.
        text = fill(template.body if template else body, placeholder_values(case=case))
        return {
            "reply_form": ReplyForm(
                prefix="reply",
                templates=templates,
                initial={"body": text, "previewed": preview_digest(text)},
            ),
            "reply_preview": {
                "author_name": services.advisor_name(request.user),
                "created_at": timezone.now(),
                "body": text,
            },
        }

    def _reply_edit(self, request, case: Case):
        if not request.user.has_perm("advisors.add_advicereply"):
            raise PermissionDenied
        reply = get_object_or_404(case.advice_replies, pk=request.POST.get("reply-edit"))
        if not reply_editable(reply, user=request.user):
            self.message_user(
                request,
                _("Only the author can correct advice, within %(minutes)d minutes of sending.")
                % {"minutes": REPLY_EDIT_WINDOW.seconds // 60},
                messages.ERROR,
            )
            return _back(request, "replies")
        form = ReplyEditForm(request.POST, prefix=f"edit-{reply.pk}")
        if not form.is_valid():
            return {"edit_form": form, "edit_reply_id": reply.pk}
        if reply_edit(reply=reply, author=request.user, body=form.cleaned_data["body"]):
            self.message_user(request, _("Advice corrected. The consumer sees it as edited."))
        return _back(request, "replies")

    def _follow_up(self, request, case: Case):
        if not request.user.has_perm("advisors.add_advisorfollowup"):
            raise PermissionDenied
        form = FollowUpForm(request.POST)
        if not form.is_valid():
            return {"followup_form": form}
        day = form.cleaned_data["due_on"]
        followups.followup_add(
            case=case, advisor=request.user, due_on=day, note=form.cleaned_data["note"]
        )
        self.message_user(
            request, _("You will be reminded on %(day)s.") % {"day": f"{day:%Y-%m-%d}"}
        )
        return _back(request, "followups")

    def _remind_consumer(self, request, case: Case):
        now = "remind-now" in request.POST
        form = ConsumerReminderForm(request.POST, now=now)
        if not form.is_valid():
            return {"remind_form": form}
        if case.is_closed:
            self.message_user(request, _("This case is closed: no reminders."), messages.ERROR)
            return _back(request, "followups")
        message = form.cleaned_data["message"]
        if now:
            followups.consumer_remind_now(case=case, advisor=request.user, message=message)
            self.message_user(request, _("The consumer is being reminded now."))
        else:
            day = form.cleaned_data["remind_on"]
            followups.consumer_remind_on(case=case, advisor=request.user, day=day, message=message)
            self.message_user(
                request,
                _("The consumer will be reminded on %(day)s.") % {"day": f"{day:%Y-%m-%d}"},
            )
        return _back(request, "followups")

    def replies_context(self, request, case: Case, shown: dict) -> dict:
        templates = templates_for_case(case=case)
        replies = list(case.advice_replies.prefetch_related("answers")[:100])
        now = timezone.now()
        for reply in replies:
            reply.editable = reply_editable(reply, user=request.user, now=now)
            if shown.get("edit_reply_id") == reply.pk:
                reply.edit_form = shown["edit_form"]
            elif reply.editable:
                reply.edit_form = ReplyEditForm(
                    prefix=f"edit-{reply.pk}", initial={"body": reply.body}
                )
        return {
            "reply_form": shown.get("reply_form") or ReplyForm(prefix="reply", templates=templates),
            "reply_templates": templates,
            "reply_preview": shown.get("reply_preview"),
            "replies": replies,
            "placeholders": PLACEHOLDERS,
            "followup_form": shown.get("followup_form") or FollowUpForm(),
            "remind_form": shown.get("remind_form") or ConsumerReminderForm(),
            "followups": followups.followups_pending(case=case, advisor=request.user),
            "may_follow_up": request.user.has_perm("advisors.add_advisorfollowup"),
            "edit_minutes": REPLY_EDIT_WINDOW.seconds // 60,
        }
