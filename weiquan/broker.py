"""The Redis broker transport, with one fix for a worker that loses Redis mid-task.

Celery 5.7's consumer, when the broker connection drops, first collects the connection
(`Connection.collect()`: channels closed, transport detached, `transport.client = None`) and
then closes it again. When a BRPOP was in flight the first close stops half-way (reading
the reply raises), so the second close runs the channel's shutdown for real: it restores
the unacknowledged messages through a new connection pool, whose parameters are read from
`transport.client` — now None — and the AttributeError (`'NoneType' object has no attribute
'hostname'`) is not a connection error, so it escapes the consumer's recovery and the worker
exits ("Unrecoverable error"). A task finishing later hits the same spot when it acks.
Celery 5.6 did not close the collected connection; kombu 5.7.0 and celery 5.7.0 are the
newest releases (reproduced with both; tests/reliability/test_broker.py replays it).

The fix says what the situation is: a channel whose connection was collected has no broker
to reach, which is a connection error. Every caller already handles that one — the channel
close is ignored, the late ack is logged as "Couldn't ack" — and the consumer reconnects.
The messages stay in Redis's unacked set and come back after the visibility timeout
(settings.CELERY_BROKER_TRANSPORT_OPTIONS), exactly as when a worker is killed.
"""

from kombu.transport import redis
from redis.exceptions import ConnectionError as RedisConnectionError


class Channel(redis.Channel):
    def _connparams(self, asynchronous: bool = False) -> dict:
        if self.connection.client is None:
            raise RedisConnectionError(
                "this channel's broker connection was closed after a connection loss"
            )
        return super()._connparams(asynchronous=asynchronous)


class Transport(redis.Transport):
    Channel = Channel
