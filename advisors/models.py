from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case

# The text a consumer agrees to when asking for help; bump the version when it changes.
CONSENT_VERSION = "2026-11"


class VolunteerStatus(models.TextChoices):
    """Where the volunteers' side of a case stands, beside the consumer's own stage."""

    NEEDS_VOLUNTEER = "needs_volunteer", _("needs a volunteer")
    TAKEN = "taken", _("taken")
    WAITING_ON_CONSUMER = "waiting_consumer", _("waiting on the consumer")
    ADVISED = "advised", _("advised")
    ENDED = "ended", _("ended")


class VolunteerOutcome(models.TextChoices):
    """How a volunteer's help ended, as the volunteer records it."""

    RESOLVED = "resolved", _("resolved: the consumer got what they asked for")
    PARTLY = "partly", _("partly resolved")
    ESCALATED = "escalated", _("handed on to a regulator, mediator or court")
    NO_REPLY = "no_reply", _("the consumer stopped answering")
    NO_CLAIM = "no_claim", _("no claim could be made")
    OTHER = "other", _("other")


class HelpRequest(models.Model):
    """A consumer asking for a volunteer, and with it their consent that advisors may read the
    case and its evidence. Withdrawing hides the case from advisors again."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="help_request", verbose_name=_("case")
    )
    message = models.TextField(_("what the consumer would like help with"), blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consented_at = models.DateTimeField(_("consent given at"))
    withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advised_requests",
        verbose_name=_("advisor"),
    )
    assigned_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    status = models.CharField(
        _("volunteer status"),
        max_length=20,
        choices=VolunteerStatus.choices,
        default=VolunteerStatus.NEEDS_VOLUNTEER,
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=VolunteerOutcome.choices, blank=True
    )
    first_advice_at = models.DateTimeField(_("first advice sent at"), null=True, blank=True)
    # The last release or hand-over: who let the case go, when, and what they left for the next.
    handover_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last handed over by"),
    )
    handover_at = models.DateTimeField(_("last handed over at"), null=True, blank=True)
    handover_note = models.TextField(_("handover note"), blank=True)
    # The deadline date the holder was last told about, so each is announced once.
    deadline_told_on = models.DateField(
        _("deadline announced to the holder"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        indexes = [
            models.Index(fields=["withdrawn_at", "advisor"], name="help_open_advisor"),
            # The advisors' list filtered by advisor (unassigned, mine) looks each case's
            # advisor up from the index alone.
            models.Index(fields=["case", "advisor"], name="help_case_advisor"),
        ]

    def __str__(self) -> str:
        return self.case.reference

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def first_response(self):
        """Help asked → first advice (a timedelta), or None before any advice."""
        if self.first_advice_at is None:
            return None
        return self.first_advice_at - self.consented_at


class _WrittenByAnAdvisor(models.Model):
    """Something an advisor wrote on a case."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.body[:40]}"


class AdvisorNote(_WrittenByAnAdvisor):
    """An advisor's internal note on a case: never shown to the consumer or exported."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="advisor_notes", verbose_name=_("case")
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta(_WrittenByAnAdvisor.Meta):
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")


class AdviceReply(_WrittenByAnAdvisor):
    """Advice written to the consumer: shown on their case page, and they are notified."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="advice_replies", verbose_name=_("case")
    )
    author_name = models.CharField(_("signed as"), max_length=50)
    body = models.TextField(_("advice"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    # Set when the author corrected the text within the edit window (advisors/replies.py):
    # the consumer sees "edited".
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    class Meta(_WrittenByAnAdvisor.Meta):
        verbose_name = _("advice reply")
        verbose_name_plural = _("advice replies")


class AdviceAnswer(models.Model):
    """The consumer's answer to one advice reply, from their case page; the volunteer is told."""

    reply = models.ForeignKey(
        AdviceReply, on_delete=models.CASCADE, related_name="answers", verbose_name=_("advice")
    )
    body = models.TextField(_("answer"))
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("answer to advice")
        verbose_name_plural = _("answers to advice")

    def __str__(self) -> str:
        return f"{self.reply_id}: {self.body[:40]}"


class ReplyTemplate(models.Model):
    """A ready-made advice text for a rung and a problem, with placeholders filled from the
    case (advisors/replies.py PLACEHOLDERS). Superusers write them; advisors use them."""

    title = models.CharField(_("title"), max_length=80)
    body = models.TextField(_("text"))
    # Empty means every stage (or every problem); else the values of cases.models.Stage and
    # Problem it fits.
    stages = models.JSONField(_("stages"), default=list, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    active = models.BooleanField(_("offered to advisors"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")

    def __str__(self) -> str:
        return self.title


class AdvisorFollowUp(models.Model):
    """ "Remind me on…": a volunteer's own follow-up on a shared case, told to them in-app on
    the morning of the day (advisors/followups.py)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="advisor_followups", verbose_name=_("case")
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="advisor_followups",
        verbose_name=_("advisor"),
    )
    due_on = models.DateField(_("remind on"))
    note = models.CharField(_("about what"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)
    notified_at = models.DateTimeField(_("told at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("advisor follow-up")
        verbose_name_plural = _("advisor follow-ups")
        # The daily sweep reads the follow-ups not yet told whose day has come.
        indexes = [models.Index(fields=["notified_at", "due_on"], name="followup_sweep")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.due_on}"


class AccessAction(models.TextChoices):
    VIEWED_CASE = "viewed_case", _("viewed the case")
    VIEWED_EVIDENCE = "viewed_evidence", _("viewed an evidence file")
    DOWNLOADED_EVIDENCE = "downloaded_evidence", _("downloaded an evidence file")
    DOWNLOADED_DOSSIER = "downloaded_dossier", _("downloaded a case file (PDF)")
    REQUESTED_DOSSIER = "requested_dossier", _("asked for a case file (PDF)")
    TOOK_CASE = "took_case", _("took the case")
    RELEASED_CASE = "released_case", _("released the case")
    WROTE_NOTE = "wrote_note", _("wrote an internal note")
    REPLIED = "replied", _("wrote advice to you")
    SENT_REMINDER = "sent_reminder", _("sent you a reminder")
    SCHEDULED_REMINDER = "scheduled_reminder", _("set you a reminder")
    EDITED_REPLY = "edited_reply", _("edited their advice")
    HANDED_OVER = "handed_over", _("handed the case to another volunteer")
    STEPPED_IN = "stepped_in", _("stepped in on the case")
    SET_STATUS = "set_status", _("updated the volunteer status")


class AccessEntry(models.Model):
    """Who (staff) looked at or changed what in a consumer's case, and when.

    Kept when the consumer deletes their account, then with only the case reference and
    anonymous file ids left (the case row itself is gone).
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("who (as shown to the consumer)"), max_length=50)
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        related_name="access_log",
        verbose_name=_("case"),
    )
    case_reference = models.CharField(_("case reference"), max_length=20)
    action = models.CharField(_("what"), max_length=30, choices=AccessAction.choices)
    target = models.CharField(_("which"), max_length=80, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["case", "-at"], name="access_case_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.case_reference}"


class AdvisorCaseSeen(models.Model):
    """When an advisor last opened a case's workspace: what came after is "new" to them."""

    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("advisor"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )
    seen_at = models.DateTimeField(_("last opened at"))

    class Meta:
        verbose_name = _("case last opened")
        verbose_name_plural = _("cases last opened")
        constraints = [
            models.UniqueConstraint(fields=["advisor", "case"], name="advisor_case_seen_once")
        ]

    def __str__(self) -> str:
        return f"{self.advisor_id} {self.case_id} {self.seen_at:%Y-%m-%d %H:%M}"


class AdvisorPreferences(models.Model):
    """What a volunteer wants to be told, and how. Without a row, everything, by email too."""

    advisor = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="advisor_preferences",
        verbose_name=_("advisor"),
    )
    new_requests = models.BooleanField(_("new help requests"), default=True)
    case_news = models.BooleanField(
        _("the consumer's new entries and files on cases I hold"), default=True
    )
    deadlines = models.BooleanField(_("deadlines of cases I hold coming due"), default=True)
    by_email = models.BooleanField(_("also by email"), default=True)
    platforms = models.ManyToManyField(
        "platforms.Platform",
        blank=True,
        related_name="+",
        verbose_name=_("only new requests on these platforms"),
    )
    problems = models.JSONField(
        _("only new requests with these problems"), default=list, blank=True
    )

    class Meta:
        verbose_name = _("advisor notification settings")
        verbose_name_plural = _("advisor notification settings")

    def __str__(self) -> str:
        return str(self.advisor_id)
