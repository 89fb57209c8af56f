"""Where thumbnails used to be made on demand; they are now made by the task queued after
upload (evidence.renditions).

Temporary: advisors/admin.py still calls `ensure_thumbnail` while it shows the workspace and
serves a thumbnail. It now only reads whether the thumbnail exists (no GET makes files); this
module goes once the workspace calls evidence.renditions.thumbnail_ready.
"""

from .renditions import thumbnail_ready as ensure_thumbnail

__all__ = ["ensure_thumbnail"]
