"""Logs an operator can follow: a request id on every line, JSON lines when LOG_FORMAT=json.

`RequestIdMiddleware` takes the proxy's X-Request-ID (or makes one), answers with it and keeps
the request for the log filter; `ContextFilter` adds request_id, user_id (the account's number,
never an e-mail address or a phone number) and the Celery task id to every record;
`JsonFormatter` writes one JSON object per line.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.signals import request_finished
from django.utils.functional import empty

_current_request: ContextVar = ContextVar("pesnet_request", default=None)
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if _ACCEPTED_ID.match(given) else uuid.uuid4().hex
        # Kept until the request is finished, not only while the middleware runs: Django logs
        # "Not Found" and errors after the whole middleware chain has answered.
        _current_request.set(request)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


def _forget_request(**kwargs):
    _current_request.set(None)


request_finished.connect(_forget_request, dispatch_uid="pesnet-logs-request-finished")


def _user_id(request):
    user = getattr(request, "user", None)
    # Only a user the request has already loaded: logging must never run a query.
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty:
        return None
    return getattr(wrapped, "pk", None)


def _task_id():
    from celery import current_task

    try:
        return current_task.request.id if current_task else None
    except AttributeError:
        return None


class ContextFilter(logging.Filter):
    def filter(self, record):
        request = _current_request.get()
        record.request_id = getattr(request, "request_id", None) if request else None
        record.user_id = _user_id(request) if request else None
        record.task_id = _task_id()
        parts = [
            f"{name}={value}"
            for name, value in (
                ("request", record.request_id),
                ("user", record.user_id),
                ("task", record.task_id),
            )
            if value is not None
        ]
        record.context = f" [{' '.join(parts)}]" if parts else ""
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in ("request_id", "user_id", "task_id"):
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
