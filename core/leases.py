"""One lease mechanism for every long-running background job (dossier builds, renditions, and
whatever comes later: OCR, transcripts).

A job works on one row of a model that has the `LeasedJob` columns (core/models.py) and a
state column with three states the job moves between: waiting (`pending`), being worked on
(`running`) and given up (`failed`). Whatever the job's success state is, it is the caller's.

The promises, and how each is kept:

1. **One holder at a time.** A worker *claims* the row with one conditional UPDATE: it is
   claimable when it is waiting, or when it is being worked on but its lease has run out
   (the holder died: SIGKILL, OOM, a lost machine). The claim writes who holds it
   (`lease_owner`: host, pid and a random part, new for every claim), until when
   (`lease_until` = now + `WEIQUAN_JOB_LEASE_SECONDS`) and counts the attempt. Exactly one
   caller wins; every other run of the same job (a duplicate message, a redelivery, the
   sweep's re-queue racing the first run) is a no-op.
2. **Alive means renewing.** While it works, the holder *renews* the lease: at its natural
   progress points and from a small heartbeat thread (`heartbeat()`) that renews every
   lease/3 seconds until the job ends. A renewal is conditional on still holding the lease;
   a holder that finds it lost the lease stops without writing anything.
3. **Results only from the holder.** The job *releases* the row (to its success state, or to
   `failed` with a reason) with an UPDATE conditional on its own `lease_owner`, in the same
   transaction that records the result, so a job run twice never records two results.
4. **Nothing stays "in progress".** A periodic sweep (every minute, from beat) finds leases
   that ran out. Below `WEIQUAN_JOB_MAX_ATTEMPTS` the job goes back to waiting and is queued
   again after a backoff (`WEIQUAN_JOB_RETRY_BACKOFF_SECONDS` × 1, 4, 16 …); at the limit
   it is marked failed with a reason the consumer can read, and a person may ask again.
   The sweep also queues jobs that wait past their `next_attempt_at` (a retry whose time has
   come, or a job whose queue message was lost) and moves that time on by one lease, so a
   lost message is queued again but a long queue is not flooded.
5. **Pages read the row.** `lease_expired()` tells a page that a job shown as running has
   stopped renewing, so it never shows a spinner for longer than one lease.

The broker's own redelivery (acks_late, a visibility timeout) is a second chance, not the
guarantee: whichever way a message arrives twice, the claim makes the second a no-op.
"""

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, models
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Lease:
    """A claim won: the row, who holds it and until when."""

    pk: int
    owner: str
    until: datetime


class LeaseLost(Exception):
    """The lease ran out and another run may hold the job now: stop, write nothing."""


@dataclass(frozen=True)
class SweepResult:
    retried: list[int]
    failed: list[int]
    queued: list[int]


def lease_seconds() -> int:
    return settings.WEIQUAN_JOB_LEASE_SECONDS


def retry_backoff(attempts: int) -> timedelta:
    """How long a job interrupted on its n-th attempt waits: base × 4^(n-1) (1, 4, 16 min)."""
    return timedelta(seconds=settings.WEIQUAN_JOB_RETRY_BACKOFF_SECONDS * 4 ** max(0, attempts - 1))


def lease_expired(*, lease_until: datetime | None, now: datetime | None = None) -> bool:
    """Whether a job shown as running stopped renewing its lease (its holder is gone)."""
    return lease_until is not None and lease_until < (now or timezone.now())


def _new_owner() -> str:
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass(frozen=True)
class LeasedRows:
    """The lease mechanism over one model: which column holds the state and its three values.

    `reason_field` is the text column the sweep writes the consumer's reason to when it gives
    up; `cleared_on_claim` are the columns a fresh attempt starts from empty (a progress line,
    an old error).
    """

    model: type[models.Model]
    pending: str
    running: str
    failed: str
    state_field: str = "state"
    reason_field: str = "error"
    cleared_on_claim: tuple[str, ...] = ()

    def _in(self, state: str) -> Q:
        return Q(**{self.state_field: state})

    def claimable(self, now: datetime) -> Q:
        """Waiting, or running under a lease that ran out."""
        return self._in(self.pending) | (self._in(self.running) & Q(lease_until__lt=now))

    def held(self, lease: Lease) -> Q:
        return self._in(self.running) & Q(pk=lease.pk, lease_owner=lease.owner)

    def claim(self, pk: int, *, now: datetime | None = None, **fields) -> Lease | None:
        """Take the job for this worker; None when another holds it or it is not waiting."""
        now = now or timezone.now()
        lease = Lease(pk=pk, owner=_new_owner(), until=now + timedelta(seconds=lease_seconds()))
        claimed = self.model._default_manager.filter(self.claimable(now), pk=pk).update(
            **{self.state_field: self.running},
            lease_owner=lease.owner,
            lease_until=lease.until,
            attempts=F("attempts") + 1,
            next_attempt_at=None,
            **dict.fromkeys(self.cleared_on_claim, ""),
            **fields,
        )
        return lease if claimed else None

    def renew(self, lease: Lease, **fields) -> bool:
        """Extend the lease (and write progress fields) if this worker still holds it."""
        until = timezone.now() + timedelta(seconds=lease_seconds())
        return bool(
            self.model._default_manager.filter(self.held(lease)).update(lease_until=until, **fields)
        )

    def renew_or_stop(self, lease: Lease, **fields) -> None:
        if not self.renew(lease, **fields):
            raise LeaseLost(lease.pk)

    def release(self, lease: Lease, *, state: str, **fields) -> bool:
        """End the job in `state` if this worker still holds it; False when it does not (then
        the caller must keep nothing of what it made)."""
        return bool(
            self.model._default_manager.filter(self.held(lease)).update(
                **{self.state_field: state}, lease_owner="", lease_until=None, **fields
            )
        )

    def give_back(self, lease: Lease, *, reason: str, now: datetime | None = None) -> str | None:
        """The attempt failed in a way another attempt may not (a storage hiccup): back to
        waiting with a backoff, or failed with `reason` once the attempts are used up. Returns
        the state it went to, None when this worker no longer held the job."""
        now = now or timezone.now()
        manager = self.model._default_manager
        attempts = manager.filter(self.held(lease)).values_list("attempts", flat=True).first()
        if attempts is None:
            return None
        fields: dict[str, object]
        if attempts >= settings.WEIQUAN_JOB_MAX_ATTEMPTS:
            state, fields = self.failed, {self.reason_field: reason, "next_attempt_at": None}
        else:
            state, fields = self.pending, {"next_attempt_at": now + retry_backoff(attempts)}
        return state if self.release(lease, state=state, **fields) else None

    @contextmanager
    def heartbeat(self, lease: Lease) -> Iterator[threading.Event]:
        """Renew the lease every lease/3 seconds from a thread while the block runs. Yields an
        event that is set if a renewal found the lease lost."""
        lost = threading.Event()
        done = threading.Event()
        interval = max(0.5, lease_seconds() / 3)

        def beat() -> None:
            try:
                while not done.wait(interval):
                    try:
                        if not self.renew(lease):
                            lost.set()
                            return
                    except Exception:  # a database hiccup: try again next beat
                        logger.warning("lease %s renewal failed", lease.owner, exc_info=True)
            finally:
                connection.close()  # this thread's own connection

        thread = threading.Thread(target=beat, name=f"lease-{lease.pk}", daemon=True)
        thread.start()
        try:
            yield lost
        finally:
            done.set()
            thread.join()

    def schedule(self, pk: int, *, now: datetime | None = None) -> None:
        """A waiting job's queue message may be lost: let the sweep queue it after a lease."""
        now = now or timezone.now()
        self.model._default_manager.filter(self._in(self.pending), pk=pk).update(
            next_attempt_at=now + timedelta(seconds=lease_seconds())
        )

    def sweep(
        self,
        *,
        queue: Callable[[int], object],
        gave_up: Callable[[int], str],
        now: datetime | None = None,
        limit: int = 500,
    ) -> SweepResult:
        """Retry or fail every job whose lease ran out, and queue every waiting job that is due.

        `gave_up(attempts)` is the reason shown once the attempts are used up. Queuing that
        fails (the broker is down) leaves the job for the next sweep.
        """
        now = now or timezone.now()
        manager = self.model._default_manager
        retried: list[int] = []
        failed: list[int] = []
        expired = (
            manager.filter(self._in(self.running), lease_until__lt=now)
            .order_by()
            .values_list("pk", "attempts")[:limit]
        )
        for pk, attempts in expired:
            still_expired = Q(pk=pk, lease_until__lt=now) & self._in(self.running)
            if attempts >= settings.WEIQUAN_JOB_MAX_ATTEMPTS:
                changed = manager.filter(still_expired).update(
                    **{self.state_field: self.failed, self.reason_field: gave_up(attempts)},
                    lease_owner="",
                    lease_until=None,
                    next_attempt_at=None,
                )
                (failed if changed else []).append(pk)
            else:
                changed = manager.filter(still_expired).update(
                    **{self.state_field: self.pending},
                    lease_owner="",
                    lease_until=None,
                    next_attempt_at=now + retry_backoff(attempts),
                )
                (retried if changed else []).append(pk)
            if changed:
                logger.warning("job %s %s: lease ran out on attempt %s", self.model, pk, attempts)
        queued: list[int] = []
        due = (
            manager.filter(self._in(self.pending), next_attempt_at__lte=now)
            .order_by()
            .values_list("pk", flat=True)[:limit]
        )
        for pk in due:
            manager.filter(self._in(self.pending), pk=pk).update(
                next_attempt_at=now + timedelta(seconds=lease_seconds())
            )
            try:
                queue(pk)
            except Exception as error:  # broker down: it stays due for the next sweep
                manager.filter(self._in(self.pending), pk=pk).update(next_attempt_at=now)
                logger.warning("job %s %s not queued (%s)", self.model, pk, error)
                break
            queued.append(pk)
        return SweepResult(retried=retried, failed=failed, queued=queued)
