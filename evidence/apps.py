from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = _("Evidence")

    def ready(self):
        from accounts.privacy import privacy_register
        from cases.models import Case

        from .privacy import evidence_erase, evidence_export

        post_save.connect(_problem_may_have_changed, sender=Case, dispatch_uid="evidence_percent")
        privacy_register(name="evidence", export=evidence_export, erase=evidence_erase)


def _problem_may_have_changed(sender, instance, created, update_fields=None, **kwargs):
    """A case's problem decides its evidence checklist (cases cannot import evidence)."""
    if created or (update_fields is not None and "problem" not in update_fields):
        return
    from .services import case_evidence_percent_refresh

    case_evidence_percent_refresh(case=instance)
