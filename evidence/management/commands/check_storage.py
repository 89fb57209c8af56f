"""Check evidence storage at deploy time and leave the sentinel /healthz looks for:
`manage.py check_storage` (run after `migrate`; safe to run again)."""

from django.core.management.base import BaseCommand, CommandError

from evidence.storage import SENTINEL, evidence_storage, storage_sentinel_write


class Command(BaseCommand):
    help = "Write (if missing) and read back the storage sentinel that /healthz checks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--create-bucket",
            action="store_true",
            help="On S3, first create the bucket (private) if it does not exist.",
        )

    def handle(self, *args, create_bucket: bool = False, **options):
        where = _describe()
        try:
            if create_bucket and getattr(evidence_storage, "bucket_name", None):
                _create_bucket()
            created = storage_sentinel_write()
        except Exception as error:
            raise CommandError(
                f"Evidence storage ({where}) is not usable: {type(error).__name__}: {error}"
            ) from error
        state = "written" if created else "present"
        self.stdout.write(f"Evidence storage ({where}): sentinel {SENTINEL} {state}.")


def _describe() -> str:
    bucket = getattr(evidence_storage, "bucket_name", None)
    if bucket:
        endpoint = evidence_storage.endpoint_url or "AWS"
        location = evidence_storage.location
        return f"s3://{bucket}/{location + '/' if location else ''} at {endpoint}"
    return f"local disk {evidence_storage.location}"


def _create_bucket() -> None:
    """For a fresh SeaweedFS or MinIO (docker compose): a bucket with no ACL, so private."""
    from botocore.exceptions import ClientError

    client = evidence_storage.connection.meta.client
    try:
        client.head_bucket(Bucket=evidence_storage.bucket_name)
    except ClientError as error:
        if error.response["ResponseMetadata"]["HTTPStatusCode"] != 404:
            raise
        client.create_bucket(Bucket=evidence_storage.bucket_name)
