"""The evidence app's services before they were split: the vault (vault.py) and the dossier
pipeline (dossier_pipeline.py). Import from those.

Temporary: advisors/admin.py still imports `dossier_request` from here; this module goes once
it imports evidence.dossier_pipeline.
"""

from .dossier_pipeline import (
    DOSSIER_TITLES,
    dossier_build,
    dossier_request,
    dossier_warm_up,
    evidence_changed_since,
)
from .vault import (
    case_evidence_percent_refresh,
    custody_record,
    evidence_add,
    evidence_mark_downloaded,
    evidence_mark_viewed,
    evidence_record_verification,
    evidence_remove,
    evidence_verify,
    stored_sha256,
)

__all__ = [
    "DOSSIER_TITLES",
    "case_evidence_percent_refresh",
    "custody_record",
    "dossier_build",
    "dossier_request",
    "dossier_warm_up",
    "evidence_add",
    "evidence_changed_since",
    "evidence_mark_downloaded",
    "evidence_mark_viewed",
    "evidence_record_verification",
    "evidence_remove",
    "evidence_verify",
    "stored_sha256",
]
