"""A throw-away weiquan site for a benchmark: its environment and its database.

Every benchmark that starts the app uses these, so they all run on the same kind of site: a
scratch SQLite database and media folder in a temporary directory, mail to the dummy backend,
quiet logs, and, for the server-time figures, production settings (DEBUG off, collected static
files, no HTTPS redirect) rather than development ones.
"""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv/bin/python")
MANAGE = [PYTHON, "manage.py"]


def scratch_env(work: Path | str, *, production: bool = False, hosts: str = "testserver") -> dict:
    """The environment of a site whose database, media and static files live under `work`."""
    work = Path(work)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DJANGO_LOG_LEVEL": "WARNING",
        "WEIQUAN_REQUEST_LOG_LEVEL": "WARNING",
    }
    if production:
        env |= {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_ALLOWED_HOSTS": hosts,
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_STATIC_ROOT": str(work / "static"),
        }
    return env


def prepare(env: dict) -> None:
    """Migrate, load the platform directory and, with production settings, collect static."""
    commands = [["migrate"], ["load_directory"]]
    if env.get("DJANGO_DEBUG") == "0":
        commands.append(["collectstatic", "--noinput"])
    for command in commands:
        subprocess.run(
            [*MANAGE, *command, "-v0"], cwd=ROOT, env=env, check=True, capture_output=True
        )


def manage_shell(env: dict, code: str) -> str:
    """Run code in `manage.py shell` on the site; its standard output."""
    return subprocess.run(
        [*MANAGE, "shell", "-c", code], cwd=ROOT, env=env, check=True, capture_output=True,
        text=True,
    ).stdout  # fmt: skip
