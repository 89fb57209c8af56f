from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = _("Evidence")

    def ready(self):
        from accounts.privacy import privacy_register
        from cases.dependents import case_dependent_register
        from cases.excuses import excuse_source_register

        from .privacy import evidence_erase, evidence_export
        from .selectors import transcript_excuses
        from .vault import case_evidence_percent_refresh

        privacy_register(name="evidence", export=evidence_export, erase=evidence_erase)
        # A case's problem decides its evidence checklist; cases cannot import evidence, so
        # case_update calls this refresh when the problem is edited.
        case_dependent_register(field="problem", refresh=case_evidence_percent_refresh)
        # The merchant's refusals read in screenshots, for the letters (cases.excuses).
        excuse_source_register(transcript_excuses)
