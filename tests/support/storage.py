"""What is in evidence storage, read through the storage API (as on S3, so on local disk)."""

from evidence.storage import evidence_storage


def stored_names(folder: str = "") -> set[str]:
    """Every file in evidence storage under `folder`."""
    try:
        directories, names = evidence_storage.listdir(folder)
    except FileNotFoundError:  # the local disk's folder was never made (S3 has no folders)
        return set()
    found = {f"{folder}{name}" for name in names}
    for directory in directories:
        found |= stored_names(f"{folder}{directory}/")
    return found
