"""The one lease mechanism (core/leases.py), on a real leased model: the dossier."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from core.leases import LeasedRows, retry_backoff
from evidence.models import Dossier, DossierState
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

JOBS = LeasedRows(
    model=Dossier,
    pending=DossierState.PENDING,
    running=DossierState.BUILDING,
    failed=DossierState.FAILED,
    cleared_on_claim=("error",),
)


@pytest.fixture
def job(consumer):
    return Dossier.objects.create(case=CaseFactory(owner=consumer), variant="full")


def row(job) -> Dossier:
    return Dossier.objects.get(pk=job.pk)


def test_exactly_one_claim_wins_and_it_records_who_until_when(job):
    first = JOBS.claim(job.pk)
    assert first is not None
    assert JOBS.claim(job.pk) is None  # a second run of the same job is a no-op
    held = row(job)
    assert held.state == DossierState.BUILDING and held.attempts == 1
    assert held.lease_owner == first.owner and held.lease_until == first.until
    assert timedelta(seconds=55) < first.until - timezone.now() <= timedelta(seconds=60)


def test_a_lease_that_ran_out_can_be_claimed_and_the_old_holder_can_no_longer_write(job):
    old = JOBS.claim(job.pk, now=timezone.now() - timedelta(minutes=5))
    new = JOBS.claim(job.pk)
    assert new is not None and new.owner != old.owner
    assert row(job).attempts == 2
    assert not JOBS.renew(old, progress="排版")
    assert not JOBS.release(old, state=DossierState.READY)
    assert JOBS.renew(new, progress="排版")
    assert row(job).progress == "排版"
    assert JOBS.release(new, state=DossierState.READY)
    done = row(job)
    assert done.state == DossierState.READY and done.lease_owner == "" and done.lease_until is None


def test_finished_and_failed_jobs_are_not_claimable(job):
    lease = JOBS.claim(job.pk)
    JOBS.release(lease, state=DossierState.FAILED, error="坏了")
    assert JOBS.claim(job.pk) is None
    assert row(job).error == "坏了"


def test_the_sweep_retries_with_backoff_then_gives_up_with_the_reason(job, settings):
    settings.WEIQUAN_JOB_MAX_ATTEMPTS = 3
    queued = []
    past = timezone.now() - timedelta(minutes=5)
    for attempt in (1, 2):
        JOBS.claim(job.pk, now=past)  # claimed, then its worker died
        now = timezone.now()
        result = JOBS.sweep(queue=queued.append, gave_up=lambda n: f"gave up after {n}", now=now)
        assert result.retried == [job.pk] and result.queued == []
        waiting = row(job)
        assert waiting.state == DossierState.PENDING and waiting.lease_owner == ""
        assert waiting.next_attempt_at == now + retry_backoff(attempt)
        # not queued before its time, queued once it has come, and queued again a lease later
        # if the message is lost
        assert JOBS.sweep(queue=queued.append, gave_up=str, now=now).queued == []
        due = waiting.next_attempt_at
        assert JOBS.sweep(queue=queued.append, gave_up=str, now=due).queued == [job.pk]
        assert JOBS.sweep(queue=queued.append, gave_up=str, now=due).queued == []
        assert row(job).next_attempt_at == due + timedelta(seconds=60)
    JOBS.claim(job.pk, now=past)
    result = JOBS.sweep(queue=queued.append, gave_up=lambda n: f"gave up after {n}")
    assert result.failed == [job.pk]
    failed = row(job)
    assert failed.state == DossierState.FAILED and failed.error == "gave up after 3"
    assert queued == [job.pk, job.pk]


def test_backoff_is_one_four_sixteen_minutes_by_default():
    assert [retry_backoff(n) for n in (1, 2, 3)] == [
        timedelta(minutes=1),
        timedelta(minutes=4),
        timedelta(minutes=16),
    ]


def test_a_live_lease_is_left_alone_by_the_sweep(job):
    JOBS.claim(job.pk)
    result = JOBS.sweep(queue=lambda pk: None, gave_up=str)
    assert result.retried == result.failed == result.queued == []
    assert row(job).state == DossierState.BUILDING


def test_queuing_with_the_broker_down_leaves_the_job_due_for_the_next_sweep(job):
    JOBS.schedule(job.pk, now=timezone.now() - timedelta(minutes=5))

    def broker_down(pk):
        raise ConnectionError("redis is down")

    assert JOBS.sweep(queue=broker_down, gave_up=str).queued == []
    assert JOBS.sweep(queue=lambda pk: None, gave_up=str).queued == [job.pk]


def test_give_back_retries_later_then_fails_at_the_limit(job, settings):
    settings.WEIQUAN_JOB_MAX_ATTEMPTS = 2
    assert JOBS.give_back(JOBS.claim(job.pk), reason="磁盘满了") == DossierState.PENDING
    assert row(job).next_attempt_at > timezone.now()
    assert JOBS.give_back(JOBS.claim(job.pk), reason="磁盘满了") == DossierState.FAILED
    assert row(job).error == "磁盘满了"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shopping_platforms")
def test_the_heartbeat_renews_while_the_job_runs_and_stops_with_it(job, settings):
    settings.WEIQUAN_JOB_LEASE_SECONDS = 1.5  # renewed every half second
    lease = JOBS.claim(job.pk)
    with JOBS.heartbeat(lease) as lost:
        time.sleep(2.2)  # longer than the lease: only the heartbeat keeps it
        assert row(job).lease_until > timezone.now()
        assert JOBS.claim(job.pk) is None
    assert not lost.is_set()
    time.sleep(1.7)  # stopped with the block: the lease runs out
    assert JOBS.claim(job.pk) is not None


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shopping_platforms")
def test_the_heartbeat_says_when_the_lease_was_lost(job, settings):
    settings.WEIQUAN_JOB_LEASE_SECONDS = 0.6
    lease = JOBS.claim(job.pk)
    Dossier.objects.filter(pk=job.pk).update(lease_owner="someone else")
    with JOBS.heartbeat(lease) as lost:
        assert lost.wait(timeout=3)
