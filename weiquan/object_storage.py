"""The S3-compatible storage settings, read from the WEIQUAN_S3_* variables (configuration
only: settings.py calls this when WEIQUAN_STORAGE=s3). docs/storage.md describes each one."""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

REQUIRED = ("WEIQUAN_S3_BUCKET", "WEIQUAN_S3_ACCESS_KEY_ID", "WEIQUAN_S3_SECRET_ACCESS_KEY")


def s3_storage(environ: Mapping[str, str]) -> dict:
    """The S3-compatible storage (django-storages) described by the WEIQUAN_S3_* variables.

    Evidence must never be overwritten (a second file of the same name gets a new name), never
    public (no ACL: the bucket's private default holds) and never under a long-lived URL (the
    code serves files through permission-checked views; a signed URL, if one is ever made,
    expires within WEIQUAN_S3_URL_EXPIRE_SECONDS). Objects larger than
    WEIQUAN_S3_MAX_MEMORY_MB spill to a temporary file instead of sitting in memory."""
    missing = [name for name in REQUIRED if not environ.get(name, "").strip()]
    if missing:
        raise ImproperlyConfigured(
            f"WEIQUAN_STORAGE=s3 needs {', '.join(missing)} (see .env.example and docs/storage.md)."
        )
    style = environ.get("WEIQUAN_S3_ADDRESSING_STYLE", "path").strip().lower()
    if style not in {"path", "virtual"}:
        raise ImproperlyConfigured(
            f"WEIQUAN_S3_ADDRESSING_STYLE must be 'path' or 'virtual', not {style!r}."
        )
    from botocore.config import Config

    timeout = float(environ.get("WEIQUAN_S3_TIMEOUT_SECONDS", "10"))
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "endpoint_url": environ.get("WEIQUAN_S3_ENDPOINT_URL", "").strip() or None,
            "bucket_name": environ["WEIQUAN_S3_BUCKET"].strip(),
            "region_name": environ.get("WEIQUAN_S3_REGION", "").strip() or "us-east-1",
            "access_key": environ["WEIQUAN_S3_ACCESS_KEY_ID"].strip(),
            "secret_key": environ["WEIQUAN_S3_SECRET_ACCESS_KEY"].strip(),
            "addressing_style": style,
            "signature_version": "s3v4",
            "location": environ.get("WEIQUAN_S3_LOCATION", "").strip().strip("/"),
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": int(environ.get("WEIQUAN_S3_URL_EXPIRE_SECONDS", "60")),
            "max_memory_size": int(environ.get("WEIQUAN_S3_MAX_MEMORY_MB", "8")) * 1024 * 1024,
            "client_config": Config(
                connect_timeout=timeout,
                read_timeout=timeout,
                retries={"max_attempts": 3, "mode": "standard"},
                s3={"addressing_style": style},
                signature_version="s3v4",
            ),
        },
    }
