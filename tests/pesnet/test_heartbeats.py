"""Beat's and the worker's heartbeats in /healthz: a stopped worker is noticed."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from pesnet import heartbeats
from pesnet import redis as pesnet_redis
from pesnet.celery import app
from pesnet.models import Heartbeat


@pytest.fixture
def clean_heartbeats(db):
    heartbeats.forget()
    yield
    heartbeats.forget()
    app.control.purge()  # a tick no worker took must not reach a later test's worker


def beat_sends_the_tick():
    """What Celery beat does every minute (the stored schedule of ops/schedules.py)."""
    app.send_task(heartbeats.TICK_TASK)


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


@pytest.mark.django_db
def test_before_the_first_tick_healthz_reports_no_background(client, clean_heartbeats):
    body = client.get("/healthz").json()
    assert body == {"status": "ok", "database": "ok", "redis": "ok"}


@pytest.mark.django_db
def test_healthz_costs_one_query_and_reads_heartbeats_from_redis(
    client, clean_heartbeats, django_assert_num_queries
):
    heartbeats.record(heartbeats.BEAT)
    heartbeats.record(heartbeats.WORKER)
    with django_assert_num_queries(1):  # SELECT 1; the heartbeats come from Redis
        body = client.get("/healthz").json()
    assert body["beat"] == "ok" and body["worker"] == "ok"
    assert body["status"] == "ok"


@pytest.mark.django_db
def test_heartbeats_survive_a_redis_restart_through_postgresql(client, clean_heartbeats):
    heartbeats.record(heartbeats.BEAT)
    heartbeats.record(heartbeats.WORKER)
    pesnet_redis.client().delete(pesnet_redis.key("heartbeats"))  # Redis restarted empty
    body = client.get("/healthz").json()
    assert (body["beat"], body["worker"]) == ("ok", "ok")
    assert pesnet_redis.client().hlen(pesnet_redis.key("heartbeats")) == 2  # copied back


@pytest.mark.django_db
def test_a_silent_beat_is_a_503(client, clean_heartbeats, settings):
    settings.HEARTBEAT_MAX_SILENCE = 300
    heartbeats.record(heartbeats.WORKER)
    long_ago = time.time() - 301
    pesnet_redis.client().hset(pesnet_redis.key("heartbeats"), heartbeats.BEAT, long_ago)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["beat"] == "silent"
    assert response.json()["worker"] == "ok"
    assert response.json()["seconds_since"]["beat"] >= 301


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_healthz_goes_503_when_the_worker_stops(client, clean_heartbeats, settings):
    settings.HEARTBEAT_MAX_SILENCE = 3
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        beat_sends_the_tick()
        assert wait_for(lambda: Heartbeat.objects.filter(name=heartbeats.WORKER).exists())
        # The worker executed the tick after beat sent it.
        assert wait_for(lambda: client.get("/healthz").json().get("worker") == "ok")
        response = client.get("/healthz")
        assert response.status_code == 200
        assert (response.json()["beat"], response.json()["worker"]) == ("ok", "ok")
    # The worker is gone; beat goes on ticking, nobody runs the ticks.
    time.sleep(3.5)
    beat_sends_the_tick()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["beat"] == "ok"
    assert response.json()["worker"] == "silent"
    assert response.json()["database"] == "ok" and response.json()["redis"] == "ok"
