"""docker-compose.yml: web, worker and beat share only PostgreSQL, Redis and S3 (SeaweedFS),
no disk, so each can run on its own host. (Validated against the Compose spec by
scripts/test.sh; Docker itself does not run here.)"""

from pathlib import Path

import yaml

COMPOSE = yaml.safe_load((Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text())
APP_SERVICES = ("migrate", "web", "worker", "beat")


def test_the_app_services_mount_no_volume_and_store_files_in_s3():
    services = COMPOSE["services"]
    for name in APP_SERVICES:
        service = services[name]
        assert not service.get("volumes"), f"{name} mounts {service.get('volumes')}"
        environment = service["environment"]
        assert environment["WEIQUAN_STORAGE"] == "s3", name
        assert environment["WEIQUAN_S3_ENDPOINT_URL"].endswith("http://seaweedfs:8333}"), name
        assert "DJANGO_MEDIA_ROOT" not in environment, name
    # web, worker and beat wait for migrate, which waits for the three
    assert set(services["migrate"]["depends_on"]) == {"postgres", "redis", "seaweedfs"}
    assert "media" not in COMPOSE["volumes"]


def test_seaweedfs_keeps_its_data_in_its_own_volume_and_is_not_published():
    seaweedfs = COMPOSE["services"]["seaweedfs"]
    assert seaweedfs["image"].startswith("chrislusf/seaweedfs:")
    assert "weed server -s3" in seaweedfs["command"][0]
    assert seaweedfs["volumes"] == ["s3data:/data"]
    assert "ports" not in seaweedfs
    assert "healthcheck" in seaweedfs


def test_migrate_creates_the_bucket_and_the_health_sentinel():
    command = COMPOSE["services"]["migrate"]["command"][-1]
    assert "check_storage --create-bucket" in command
