"""Email backends for tests that run a real Celery worker in another process."""

import time

from django.core.mail.backends.base import BaseEmailBackend


class HangingBackend(BaseEmailBackend):
    """A mail server that never answers: the worker is stuck inside `send`, holding its claim."""

    def send_messages(self, email_messages):
        time.sleep(600)
        return 0


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server refused the connection")
