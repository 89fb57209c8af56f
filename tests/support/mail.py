"""Email backends for tests that run a real Celery worker in another process."""

import os
import time

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class HangingBackend(BaseEmailBackend):
    """A mail server that never answers: the worker is stuck inside `send`, holding its claim."""

    def send_messages(self, email_messages):
        time.sleep(600)
        return 0


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server refused the connection")


class SlowFileBackend(BaseEmailBackend):
    """A slow mail server (WEIQUAN_TEST_MAIL_DELAY seconds a message) that keeps what it
    accepts as files in EMAIL_FILE_PATH: a reminder send becomes a task that runs long
    enough to lose the broker in the middle of it."""

    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("WEIQUAN_TEST_MAIL_DELAY", "3")))
        return FileBackend().send_messages(email_messages)
