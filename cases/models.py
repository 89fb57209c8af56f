from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from platforms.models import Platform


class Problem(models.TextChoices):
    COUNTERFEIT = "counterfeit", _("Counterfeit goods")
    DEFECT = "defect", _("Quality defect")
    NOT_AS_DESCRIBED = "not_as_described", _("Not as described")
    REFUND_REFUSED = "refund_refused", _("Refund refused")
    NOT_DELIVERED = "not_delivered", _("Not delivered")
    UNSAFE_FOOD = "unsafe_food", _("Expired or unsafe food")
    AUTO_RENEWAL = "auto_renewal", _("Unauthorised auto-renewal charge")
    OTHER = "other", _("Other problem")


class Want(models.TextChoices):
    REFUND = "refund", _("Refund")
    RETURN_REFUND = "return_refund", _("Return and refund")
    EXCHANGE = "exchange", _("Exchange")
    REPAIR = "repair", _("Repair")
    COMPENSATION = "compensation", _("Compensation")


class Stage(models.TextChoices):
    """The escalation ladder, in the order a consumer climbs it."""

    EVIDENCE = "evidence", _("Keep evidence")
    MERCHANT = "merchant", _("Negotiate with the merchant")
    PLATFORM = "platform", _("Platform after-sales / complaint")
    PLATFORM_INTERVENTION = "platform_intervention", _("Platform customer service intervention")
    CONSUMER_AUTHORITY = "consumer_authority", _("12315 / consumer association")
    REGULATOR = "regulator", _("Report to market regulation")
    LAWSUIT = "lawsuit", _("Lawsuit")


STAGE_ORDER = [stage.value for stage in Stage]


class Outcome(models.TextChoices):
    REFUNDED = "refunded", _("Refunded")
    COMPENSATED = "compensated", _("Compensated")
    PARTLY = "partly", _("Partly resolved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    LOST = "lost", _("Lost")


class ReferenceCounter(models.Model):
    """The last case number handed out per year, so references are never reused."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Case(models.Model):
    """One dispute with one merchant about one order."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="cases",
        verbose_name=_("owner"),
    )
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="cases", verbose_name=_("platform")
    )
    shop_name = models.CharField(_("shop / merchant"), max_length=100)
    order_number = models.CharField(_("order number"), max_length=64, blank=True)
    product = models.CharField(_("product"), max_length=200)
    amount_paid = models.DecimalField(_("amount paid (CNY)"), max_digits=12, decimal_places=2)
    purchase_date = models.DateField(_("purchase date"))
    received_date = models.DateField(_("received date"), null=True, blank=True)
    problem = models.CharField(_("problem"), max_length=30, choices=Problem.choices)
    wants = models.JSONField(_("what you want"), default=list, blank=True)
    description = models.TextField(_("what happened"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=30, choices=Stage.choices, default=Stage.EVIDENCE
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    last_activity_at = models.DateTimeField(_("last activity"), db_index=True)
    # Kept up to date by the services so the advisors' list needs no per-row work: the deadline
    # the case waits on and its name (reminders_sync), the evidence checklist done (evidence
    # services), since when help waits for a volunteer (advisors.services; None once taken).
    next_deadline_on = models.DateField(_("next deadline"), null=True, blank=True, db_index=True)
    next_deadline_name = models.CharField(_("next deadline's name"), max_length=300, blank=True)
    evidence_percent = models.PositiveSmallIntegerField(_("evidence complete (%)"), default=0)
    help_waiting_since = models.DateTimeField(_("waiting for a volunteer since"), null=True)
    # Whether the owner asked advisors for help and consents to them reading the case (the
    # advisors app keeps it in step with its help request; indexed for the advisors' list).
    shared_with_advisors = models.BooleanField(_("shared with advisors"), default=False)

    class Meta:
        ordering = ["-last_activity_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["owner", "-last_activity_at"], name="case_owner_activity"),
            models.Index(
                fields=["shared_with_advisors", "-last_activity_at"], name="case_shared_activity"
            ),
            # The advisors' list filtered by platform, newest activity first, without a sort.
            models.Index(fields=["platform", "-last_activity_at"], name="case_platform_activity"),
            # ...and its count of a platform's open shared cases by deadline (overdue ones),
            # read from the index alone.
            models.Index(
                fields=["platform", "shared_with_advisors", "closed_on", "next_deadline_on"],
                name="case_platform_deadline",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_paid__gt=0), name="case_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(received_date__isnull=True)
                | models.Q(received_date__gte=models.F("purchase_date")),
                name="case_received_after_purchase",
            ),
            models.CheckConstraint(
                condition=(models.Q(outcome="") & models.Q(closed_on__isnull=True))
                | (~models.Q(outcome="") & models.Q(closed_on__isnull=False)),
                name="case_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.shop_name}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", kwargs={"reference": self.reference})

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)

    def get_wants_display(self) -> list[str]:
        labels = dict(Want.choices)
        return [str(labels.get(code, code)) for code in self.wants]


class EventKind(models.TextChoices):
    MERCHANT_MESSAGE = "merchant_message", _("Message to the merchant")
    MERCHANT_REPLY = "merchant_reply", _("Merchant reply")
    PLATFORM_REQUEST = "platform_request", _("Platform after-sales request or complaint")
    PLATFORM_DECISION = "platform_decision", _("Platform decision")
    PHONE_CALL = "phone_call", _("Phone call")
    COMPLAINT_12315 = "complaint_12315", _("12315 complaint")
    REGULATOR_REPORT = "regulator_report", _("Report to market regulation")
    COURT_FILING = "court_filing", _("Court filing")
    STAGE_CHANGE = "stage_change", _("Stage changed")
    OUTCOME = "outcome", _("Case closed")
    REOPENED = "reopened", _("Case reopened")
    NOTE = "note", _("Note")
    DEADLINE_DISMISSED = "deadline_dismissed", _("Overdue deadline dismissed")


# Kinds the services write themselves; a person cannot log, edit or delete them.
_SYSTEM_KINDS = ("stage_change", "outcome", "reopened", "deadline_dismissed")
SYSTEM_EVENT_KINDS = {EventKind(kind) for kind in _SYSTEM_KINDS}
LOGGABLE_EVENT_KINDS = [kind for kind in EventKind if kind not in SYSTEM_EVENT_KINDS]


class CaseEvent(models.Model):
    """One entry in a case's timeline. A record: edits keep revisions, deletes only hide."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    happened_at = models.DateTimeField(_("when it happened"))
    # False when the consumer said only the day ("today", "yesterday"): pages then print the
    # date without a time rather than a time nobody gave.
    time_known = models.BooleanField(_("time of day known"), default=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    summary = models.TextField(_("what was said or done"), blank=True)
    # Facts that depend on the kind: ticket/complaint numbers, number dialled, agent ID,
    # what was promised and by when, stage moved from/to, outcome.
    data = models.JSONField(_("details"), default=dict, blank=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deleted by"),
    )

    class Meta:
        ordering = ["-happened_at", "-id"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        indexes = [models.Index(fields=["case", "-happened_at"], name="event_case_happened")]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.get_kind_display()} {self.happened_at:%Y-%m-%d}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class CaseEventRevision(models.Model):
    """The text of an event as it stood before an edit."""

    event = models.ForeignKey(
        CaseEvent, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("event")
    )
    happened_at = models.DateTimeField(_("when it happened"))
    summary = models.TextField(_("what was said or done"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    replaced_at = models.DateTimeField(_("replaced at"), auto_now_add=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("replaced by"),
    )

    class Meta:
        ordering = ["-replaced_at", "-id"]
        verbose_name = _("event revision")
        verbose_name_plural = _("event revisions")

    def __str__(self) -> str:
        return f"{self.event_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class HolidayNotice(models.Model):
    """A year's official holiday schedule as the State Council published it, entered by
    advisors each autumn; it overrides the calendar package, which stops at its release."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("notice"), max_length=200)
    url = models.URLField(_("address of the notice"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("official holiday notice")
        verbose_name_plural = _("official holiday notices")

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class CalendarDay(models.Model):
    """A day the notice makes a holiday, or a weekend day it makes a working day (调休)."""

    notice = models.ForeignKey(
        HolidayNotice, on_delete=models.CASCADE, related_name="days", verbose_name=_("notice")
    )
    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(
        _("working day"), help_text=_("Tick for a make-up working day (调休); leave for a holiday.")
    )
    name = models.CharField(_("name"), max_length=40, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class ReminderKind(models.TextChoices):
    DEADLINE = "deadline", _("Deadline")
    PROMISE = "promise", _("Promised date")
    MANUAL = "manual", _("Set by hand")


class ReminderState(models.TextChoices):
    # A context of their own: "Failed" is also a dossier's state, "Done" also a button.
    SCHEDULED = "scheduled", pgettext_lazy("reminder state", "Scheduled")
    SENDING = "sending", pgettext_lazy("reminder state", "Being sent")
    SENT = "sent", pgettext_lazy("reminder state", "Sent")
    SNOOZED = "snoozed", pgettext_lazy("reminder state", "Snoozed")
    DONE = "done", pgettext_lazy("reminder state", "Done")
    CANCELLED = "cancelled", pgettext_lazy("reminder state", "Cancelled")
    FAILED = "failed", pgettext_lazy("reminder state", "Failed")


# States the sweep may pick up once due (a stale "sending" is picked up when its lease ends).
WAITING_STATES = (ReminderState.SCHEDULED, ReminderState.SNOOZED)


class Reminder(models.Model):
    """A nudge to follow up, sent once when due: a deadline, a promise, or one set by hand."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    # What the reminder follows: a deadline code or promise-<event id>; empty when set by hand.
    source_key = models.CharField(_("follows"), max_length=60, blank=True)
    due_at = models.DateTimeField(_("due at"))
    deadline_on = models.DateField(_("deadline"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=300)
    channels = models.JSONField(_("channels"), default=list)
    state = models.CharField(
        _("state"), max_length=20, choices=ReminderState.choices, default=ReminderState.SCHEDULED
    )
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [models.Index(fields=["state", "due_at"], name="reminder_sweep")]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "source_key"],
                condition=~models.Q(source_key=""),
                name="reminder_unique_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.message}"


class LetterDraft(models.Model):
    """One saved version of a letter the consumer edited (cases.letters.drafts writes them).

    Versions are never changed: saving adds the next one, and going back to the generated
    letter is a version too (`generated`, with no text), so the history shows every step.
    """

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="letter_drafts", verbose_name=_("case")
    )
    kind = models.CharField(_("letter"), max_length=20)
    version = models.PositiveIntegerField(_("version"))
    generated = models.BooleanField(_("back to the generated letter"), default=False)
    text = models.TextField(_("text"), blank=True)
    fields = models.JSONField(_("fields"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saved by"),
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["case", "kind", "-version"]
        verbose_name = _("letter draft")
        verbose_name_plural = _("letter drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "version"], name="letterdraft_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.kind} v{self.version}"
