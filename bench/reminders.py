"""Reminder benchmark: 1,000 reminders from planning to an SMTP sink, beside the sink's limit.

    .venv/bin/python bench/reminders.py        (bench/run.py calls it too)

1. outbox: a reminder kind plans 1,000 nomination reminders (rendered in Arabic, English and
   French, inserted with their deduplication keys), then `send_due_messages` claims and sends
   them in batches over one SMTP connection per batch, recording each outcome in PostgreSQL.
2. limit: the very same 1,000 messages (bytes built beforehand) sent by a bare `smtplib` loop
   on one connection to the same sink: what the sink accepts at most.

Prints the rates and their ratio and writes bench/results/reminders.json. It works in its own
database (`<DATABASE_URL's name>_reminders_bench`, created and migrated on first use), so it
never touches the development data. BENCH_REMINDERS (default 1000), BENCH_ROUNDS (default 3,
the median is reported).
"""

import json
import os
import smtplib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
COUNT = int(os.environ.get("BENCH_REMINDERS", "1000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def _serve(port, accepted, ready, stop):
    """The sink's own process, so that it never competes with the sender for the GIL."""
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with accepted.get_lock():
                accepted.value += 1
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


class CountingSink:
    """aiosmtpd on a free loopback port, in a separate process, counting what it accepts."""

    def __init__(self):
        import multiprocessing
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        context = multiprocessing.get_context("spawn")
        self._accepted = context.Value("i", 0)
        self._ready = context.Event()
        self._stop = context.Event()
        self._process = context.Process(
            target=_serve, args=(self.port, self._accepted, self._ready, self._stop)
        )

    @property
    def accepted(self) -> int:
        return self._accepted.value

    def __enter__(self):
        self._process.start()
        if not self._ready.wait(30):
            raise SystemExit("the SMTP sink did not start")
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._process.join(10)


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pesnet.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.conf import settings

    database = settings.DATABASES["default"]
    database.setdefault("TEST", {})["NAME"] = f"{database['NAME']}_reminders_bench"
    django.setup()
    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True)
    from members.reference import load_reference_data

    load_reference_data()


def register_bench_kind():
    """A reminder kind whose planner yields COUNT nomination reminders (the real templates)."""
    from members.models import MemberState
    from outbox.api import MessageSpec, portal_url, reminder_kind
    from outbox.kinds import _KINDS

    if "bench" in _KINDS:
        return
    states = list(MemberState.objects.order_by("pk"))
    languages = ("ar", "en", "fr")
    links = {language: portal_url("home", language=language) for language in languages}

    @reminder_kind("bench", label="Benchmark reminder", description="bench/reminders.py")
    def plan(today):
        run = plan.run
        for number in range(COUNT):
            state = states[number % len(states)]
            language = languages[number % 3]
            yield MessageSpec(
                to=f"contact{number}@pes-{state.iso3.lower()}.bench.example",
                language=language,
                template="members/email/nomination_reminder",
                context={
                    "state": state,
                    "reminder_number": 1,
                    "previous_reminders": 0,
                    "nominated_count": 5,
                    "total_states": len(states),
                },
                dedup_key=f"bench:{run}:{number}",
                related=state,
                recipient_name=f"Public Employment Service {number}",
                action_url=links[language],
            )

    plan.run = 0
    return plan


def use_sink(sink):
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def outbox_round(plan, round_number, sink) -> dict:
    from outbox.models import Campaign, OutboxMessage
    from outbox.planning import plan_reminders
    from outbox.sending import send_due_messages

    OutboxMessage.objects.all().delete()
    Campaign.objects.all().delete()
    plan.run = f"{time.time_ns()}-{round_number}"
    before = sink.accepted
    cpu = time.process_time()
    start = time.perf_counter()
    report = plan_reminders("bench")
    planned = time.perf_counter()
    sent = send_due_messages()
    end = time.perf_counter()
    assert len(report.created) == COUNT and sent.sent == COUNT, (report, sent)
    assert sink.accepted - before == COUNT
    return {
        "cpu_seconds": time.process_time() - cpu,
        "seconds": end - start,
        "planning_seconds": planned - start,
        "sending_seconds": end - planned,
    }


def prepared_messages() -> list[tuple[str, list[str], bytes]]:
    from outbox.models import OutboxMessage
    from outbox.sending import build_email

    prepared = []
    for message in OutboxMessage.objects.order_by("id").prefetch_related("attachments"):
        email = build_email(message)
        prepared.append(
            (email.from_email, email.recipients(), email.message().as_bytes(linesep="\r\n"))
        )
    return prepared


def smtplib_round(prepared, sink) -> tuple[float, float]:
    from email.utils import parseaddr

    before = sink.accepted
    cpu = time.process_time()
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", sink.port) as client:
        for sender, recipients, data in prepared:
            client.sendmail(parseaddr(sender)[1], recipients, data)
    seconds = time.perf_counter() - start
    assert sink.accepted - before == len(prepared)
    return seconds, time.process_time() - cpu


def main():
    with CountingSink() as sink:
        setup_django()
        plan = register_bench_kind()
        from django.conf import settings

        use_sink(sink)
        outbox_runs = [outbox_round(plan, n, sink) for n in range(ROUNDS)]
        prepared = prepared_messages()
        limit_runs = [smtplib_round(prepared, sink) for _ in range(ROUNDS)]
    outbox_seconds = statistics.median(run["seconds"] for run in outbox_runs)
    median_run = min(outbox_runs, key=lambda run: abs(run["seconds"] - outbox_seconds))
    limit_seconds = statistics.median(run[0] for run in limit_runs)
    limit_cpu = statistics.median(run[1] for run in limit_runs)
    outbox_rate = COUNT / outbox_seconds
    limit_rate = COUNT / limit_seconds
    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "messages": COUNT,
        "rounds": ROUNDS,
        "batch_size": settings.OUTBOX_BATCH_SIZE,
        "outbox": {
            "messages_per_second": round(outbox_rate, 1),
            "seconds": round(outbox_seconds, 3),
            "planning_seconds": round(median_run["planning_seconds"], 3),
            "sending_seconds": round(median_run["sending_seconds"], 3),
            "sending_messages_per_second": round(COUNT / median_run["sending_seconds"], 1),
            # CPU time of this process: what the outbox itself costs, whatever the load.
            "cpu_ms_per_message": round(median_run["cpu_seconds"] / COUNT * 1000, 2),
        },
        "smtplib_limit": {
            "messages_per_second": round(limit_rate, 1),
            "seconds": round(limit_seconds, 3),
            "cpu_ms_per_message": round(limit_cpu / COUNT * 1000, 2),
        },
        "ratio_to_limit": round(outbox_rate / limit_rate, 3),
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()[0]},
        "sending_ratio_to_limit": round((COUNT / median_run["sending_seconds"]) / limit_rate, 3),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "reminders.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    print(
        f"\n{COUNT} reminders planned and sent: {outbox_rate:.0f}/s; bare smtplib on one "
        f"connection: {limit_rate:.0f}/s; ratio {outbox_rate / limit_rate:.2f} "
        f"(sending alone {result['sending_ratio_to_limit']:.2f})."
    )


if __name__ == "__main__":
    main()
