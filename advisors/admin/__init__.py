"""The advisors' side of the Django admin, one module per part:

- `sharing`: other apps' admins re-registered to hold only shared cases; the access log.
- `case_list`: the queue of shared cases (filters, columns, actions, the change list).
- `workspace`: a case's workspace, in place of the change form.
- `files`: a case's evidence and case files, opened from the workspace.
- `replies`: the workspace's advice (templates, preview, edit) and follow-up forms.
- `reply_templates`: the reply templates, written by superusers.
- `cases`: the case admin made of those parts.
"""

from . import cases, reply_templates, sharing

__all__ = ["cases", "reply_templates", "sharing"]
