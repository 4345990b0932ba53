"""Errors and logs an operator can follow: JSON lines with ids, Sentry without contact data."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker

from pesnet import logs, sentry
from pesnet.celery import app

ROOT = Path(__file__).resolve().parents[2]


def _json_handler():
    handler = logging.StreamHandler()
    handler.setFormatter(logs.JsonFormatter())
    handler.addFilter(logs.ContextFilter())
    lines = []
    handler.emit = lambda record: lines.append(json.loads(handler.format(record)))
    return handler, lines


@pytest.mark.django_db
def test_json_log_lines_carry_the_request_id_and_the_user_id(client, focal_point_user):
    handler, lines = _json_handler()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.force_login(focal_point_user)
        client.get("/en/no-such-page/", HTTP_X_REQUEST_ID="req-from-the-proxy")
    finally:
        logger.removeHandler(handler)
    (line,) = [line for line in lines if "Not Found" in line["message"]]
    assert line["request_id"] == "req-from-the-proxy"
    assert line["user_id"] == focal_point_user.pk
    assert line["level"] == "WARNING"
    assert focal_point_user.email not in json.dumps(line)


@pytest.mark.django_db
def test_each_response_names_its_request_id(client):
    response = client.get("/healthz")
    assert len(response["X-Request-ID"]) == 32
    response = client.get("/healthz", HTTP_X_REQUEST_ID="bad id with spaces")
    assert response["X-Request-ID"] != "bad id with spaces"


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_json_log_lines_of_a_task_carry_its_task_id():
    handler, lines = _json_handler()
    logger = logging.getLogger("pesnet.heartbeats")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = app.send_task("pesnet.log_probe", kwargs={"text": "probe"})
            result.get(timeout=20)
    finally:
        logger.removeHandler(handler)
    (line,) = [line for line in lines if line["message"] == "probe"]
    assert line["task_id"] == result.id


def test_the_log_format_setting_chooses_json_lines():
    env = dict(os.environ, LOG_FORMAT="json")
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('pesnet.probe').warning('hello %s', 'operator')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello operator" and line["logger"] == "pesnet.probe"


def test_sentry_events_lose_e_mail_addresses_and_phone_numbers():
    event = {
        "message": "Could not write to fp.tur@demo.pesnet.test (+90 312 555 01 23)",
        "user": {"id": 7, "email": "fp.tur@demo.pesnet.test", "ip_address": "192.0.2.1"},
        "timestamp": "2026-12-01T21:00:00Z",
        "exception": {"values": [{"stacktrace": {"frames": [{"vars": {"to": "a@b.org"}}]}}]},
    }
    scrubbed = sentry.scrub(event)
    text = json.dumps(scrubbed)
    assert "@" not in text and "312" not in text
    assert scrubbed["user"] == {"id": 7}
    assert scrubbed["timestamp"] == "2026-12-01T21:00:00Z"
    assert "[e-mail]" in scrubbed["message"] and "[phone]" in scrubbed["message"]


def test_sentry_is_set_up_from_sentry_dsn_with_django_and_celery():
    env = dict(os.environ, SENTRY_DSN="https://public@sentry.invalid/1")
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    code = (
        "import django; django.setup(); import sentry_sdk; client = sentry_sdk.get_client(); "
        "print(client.is_active(), client.options['send_default_pii'], "
        "sorted(client.integrations))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    active, pii, integrations = result.stdout.strip().split(" ", 2)
    assert (active, pii) == ("True", "False")
    assert "'django'" in integrations and "'celery'" in integrations
