"""Consumer pages for cases. Thin: validate a form, call one service, redirect.

Every lookup goes through `cases_for_owner`, so another person's case is a 404 by
construction and never confirms that it exists. The case page is split into short
sections (`page`), each rendering only what it shows; the timeline, the stage, the
reminders and the letters have their own modules.
"""

from .guidance import case_guidance
from .letters import case_letter, letter_restore, letter_save
from .page import (
    case_create,
    case_edit,
    case_form_initial,
    case_list,
    case_section,
    render_case_detail,
)
from .reminders import reminder_create, reminder_done, reminder_snooze
from .stage import case_close, case_move_stage, case_reopen, case_undo_stage
from .timeline import event_create, event_delete, event_edit

__all__ = [
    "case_close",
    "case_create",
    "case_edit",
    "case_form_initial",
    "case_guidance",
    "case_letter",
    "case_list",
    "case_move_stage",
    "case_reopen",
    "case_section",
    "case_undo_stage",
    "event_create",
    "event_delete",
    "event_edit",
    "letter_restore",
    "letter_save",
    "reminder_create",
    "reminder_done",
    "reminder_snooze",
    "render_case_detail",
]
