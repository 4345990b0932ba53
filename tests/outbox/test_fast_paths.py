"""The sender's and the planner's fast paths give what the straightforward ones gave (issue 14).

- outbox.wire builds a row's bytes directly: parsed back, every header and part is the one
  Django's EmailMultiAlternatives (sending.build_email) makes of the same row.
- the planner renders a template once per language and context and puts each recipient's
  name and link in afterwards: the result is render_message's, character for character, and a
  template that does more than print them is rendered in full.
- outcomes are committed without waiting for the disk during a batch only; a claim older
  than the database server's start is flagged whole, never released.
"""

import email
from email import policy

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from outbox import sending
from outbox.models import OutboxMessage
from outbox.queueing import MessageRenderer, MessageSpec, queue_specs, render_message
from outbox.sending import ADVISORY_LOCK_NAMESPACE, build_email, build_wire_message

from .factories import OutboxAttachmentFactory, OutboxMessageFactory

Status = OutboxMessage.Status
LONG_LINE = "word " * 300  # 1,500 characters on one line: quoted-printable


def _parsed(data: bytes):
    return email.message_from_bytes(data, policy=policy.default)


def _django_bytes(message) -> bytes:
    return build_email(message).message().as_bytes(linesep="\r\n")


ROWS = [
    {"language": "en", "recipient_name": "Employment Agency"},
    {"language": "ar", "recipient_name": "رانيا حداد", "subject": "التذكير الأول & المزيد"},
    {"language": "fr", "recipient_name": 'Agence, nationale "PES"', "subject": "Rappel é"},
    {"language": "en", "recipient_name": ""},
    {
        "language": "en",
        "subject": " ".join(["A rather long subject line"] * 6),
        "body_text": f"Dear Sir or Madam,\n\n{LONG_LINE}\n",
        "body_html": f"<p>{LONG_LINE}</p>\n",
    },
    {"language": "ar", "body_text": "تحية طيبة وبعد،\r\nسطر ثان\n", "body_html": "<p>مرحبا</p>"},
]


@pytest.mark.parametrize("overrides", ROWS)
def test_the_wire_bytes_are_the_message_django_builds(db, settings, overrides):
    settings.OUTBOX_REPLY_TO = "Secretariat <secretariat@pesnet.example.org>"
    message = OutboxMessageFactory(**overrides)
    ours, theirs = _parsed(build_wire_message(message)), _parsed(_django_bytes(message))
    assert b"\r\n" in build_wire_message(message) and b"\n\n" not in build_wire_message(message)
    names = [name.lower() for name in theirs.keys()]
    assert [name.lower() for name in ours.keys()] == names
    for name in set(names) - {"date", "content-type"}:
        assert str(ours[name]) == str(theirs[name]), name
    assert ours.get_content_type() == theirs.get_content_type() == "multipart/alternative"
    ours_parts, theirs_parts = list(ours.iter_parts()), list(theirs.iter_parts())
    assert len(ours_parts) == len(theirs_parts) == 2
    for mine, django in zip(ours_parts, theirs_parts, strict=True):
        assert mine.get_content_type() == django.get_content_type()
        assert mine.get_content_charset() == django.get_content_charset() == "utf-8"
        assert mine["Content-Transfer-Encoding"] == django["Content-Transfer-Encoding"]
        assert mine.get_content() == django.get_content()


def test_a_row_with_attachments_goes_through_djangos_builder(db):
    attachment = OutboxAttachmentFactory(message__language="ar")
    mail = _parsed(build_wire_message(attachment.message))
    assert mail.get_content_type() == "multipart/mixed"
    [ics] = list(mail.iter_attachments())
    assert ics.get_filename() == "meeting.ics" and ics.get_content_type() == "text/calendar"


def test_a_line_break_in_a_header_fails_the_row_and_sends_nothing(db, smtp_sink):
    broken = OutboxMessageFactory(recipient_name="Agency\nBcc: someone@example.org")
    fine = OutboxMessageFactory()
    report = sending.send_due_messages()
    assert (report.sent, report.failed) == (1, 1)
    assert smtp_sink.outbox_ids() == [fine.pk]
    broken.refresh_from_db()
    assert broken.status == Status.FAILED


def test_a_row_that_breaks_while_built_in_advance_fails_alone(db, smtp_sink):
    """The second row's bytes are built while the server takes the first: its error is
    recorded on its own turn, and the rows around it still go."""
    first = OutboxMessageFactory()
    broken = OutboxMessageFactory(recipient_name="Agency\nBcc: someone@example.org")
    last = OutboxMessageFactory()
    report = sending.send_due_messages()
    assert (report.sent, report.failed) == (2, 1)
    assert sorted(smtp_sink.outbox_ids()) == [first.pk, last.pk]
    broken.refresh_from_db()
    assert broken.status == Status.FAILED and "line break" in broken.last_error


def _setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_only_the_batchs_answers_skip_the_wait_for_the_disk(db, smtp_sink):
    seen = []
    OutboxMessageFactory.create_batch(3)
    before = _setting("synchronous_commit")
    sending.send_due_messages(progress=lambda report: seen.append(_setting("synchronous_commit")))
    assert seen == ["off"] * 3
    assert _setting("synchronous_commit") == before == "on"


def _dsn() -> str:
    params = connection.get_connection_params()
    return psycopg.conninfo.make_conninfo(
        **{k: v for k, v in params.items() if k in ("host", "port", "dbname", "user", "password")}
    )


@pytest.mark.django_db(transaction=True)
def test_a_claim_older_than_the_database_servers_start_is_flagged_whole():
    ids = [m.pk for m in OutboxMessageFactory.create_batch(4, due_at=timezone.now())]
    with connection.cursor() as cursor:
        # As if the server had crashed and restarted after this claim was made: answers the
        # dead sender recorded without waiting for the disk may be lost.
        cursor.execute(
            "UPDATE outbox_outboxmessage SET status = 'sending', claim_token = 4343, "
            "claimed_at = pg_postmaster_start_time() - interval '1 minute' WHERE id = ANY(%s)",
            [ids[:3]],
        )
    assert sending.recover_abandoned_claims() == (0, 3)
    flagged = OutboxMessage.objects.filter(needs_review=True)
    assert sorted(flagged.values_list("pk", flat=True)) == ids[:3]
    assert {m.status for m in flagged} == {Status.SENDING}
    assert all(m.last_error == sending.RESTART_NOTE for m in flagged)
    assert OutboxMessage.objects.get(pk=ids[3]).status == Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_a_live_senders_old_claim_is_left_alone():
    [message] = OutboxMessageFactory.create_batch(1)
    other = psycopg.connect(_dsn(), autocommit=True)
    try:
        other.execute("SELECT pg_advisory_lock(%s, %s)", [ADVISORY_LOCK_NAMESPACE, 4344])
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=Status.SENDING, claim_token=4344, claimed_at=None
        )
        assert sending.recover_abandoned_claims() == (0, 0)
    finally:
        other.close()


SPEC_NAMES = ["Rania Haddad", "A & B <Agency>", 'Agence "nationale"', "", "O'Brien", "Ms Example"]


def _specs(template: str) -> list[MessageSpec]:
    specs = []
    for number, name in enumerate(SPEC_NAMES):
        for language in ("ar", "en", "fr"):
            specs.append(
                MessageSpec(
                    to=f"person{number}@example.org",
                    language=language,
                    template=template,
                    kind="test",
                    context={"number": number % 2, "name": "Ms Example"},
                    dedup_key=f"fast:{template}:{number}:{language}",
                    recipient_name=name,
                    action_url="" if number == 5 else f"http://127.0.0.1:8000/{language}/?a=1&b=2",
                )
            )
    specs.append(
        MessageSpec(
            to="special@example.org",
            language="en",
            template=template,
            kind="test",
            context={"number": 0, "name": "Ms Example"},
            dedup_key=f"fast:{template}:special",
            recipient_name="Rania Haddad",
            action_url="http://127.0.0.1:8000/en/special/",
        )
    )
    return specs


def _direct(spec: MessageSpec) -> tuple[str, str, str]:
    context = {**spec.context, "action_url": spec.action_url}
    context["recipient_name"] = spec.recipient_name
    return render_message(spec.template, context, spec.language)


@pytest.mark.parametrize("template", ["outbox_test/email/hello", "outbox_test/email/shout"])
def test_planning_renders_what_each_message_rendered_alone_would_be(db, test_templates, template):
    specs = _specs(template)
    created, existing = queue_specs(specs)
    assert (len(created), existing) == (len(specs), 0)
    for spec, message in zip(specs, created, strict=True):
        subject, text, html = _direct(spec)
        assert (message.subject, message.body_text, message.body_html) == (subject, text, html)
        stored = OutboxMessage.objects.get(pk=message.pk)
        assert (stored.dedup_key, stored.body_html) == (spec.dedup_key, html)
    assert queue_specs(specs) == ([], len(specs))  # planning twice


def test_the_renderer_renders_a_skeleton_once_per_language_and_context(test_templates):
    renderer = MessageRenderer()
    specs = [s for s in _specs("outbox_test/email/hello") if s.language == "en"]
    for spec in specs:
        context = {**spec.context, "action_url": spec.action_url}
        context["recipient_name"] = spec.recipient_name
        assert renderer(spec.template, context, spec.language) == _direct(spec)
    # (number, name?, link?): (0, yes, yes) for 0, 2, 4 and the special one; (1, yes, yes) for
    # 1; (1, no, yes) for 3; (1, yes, no) for 5. Seven messages, four renderings.
    assert len(renderer._skeletons) == 4
    assert all(skeleton is not False for skeleton in renderer._skeletons.values())


def test_a_template_that_does_more_than_print_the_name_is_rendered_in_full(test_templates):
    renderer = MessageRenderer()
    for spec in _specs("outbox_test/email/shout"):
        context = {**spec.context, "action_url": spec.action_url}
        context["recipient_name"] = spec.recipient_name
        renderer(spec.template, context, spec.language)
    assert any(skeleton is False for skeleton in renderer._skeletons.values())


@pytest.mark.django_db(transaction=True)
def test_the_outcome_statement_is_prepared_again_on_a_new_connection(smtp_sink):
    """Each message's outcome runs a statement prepared once per PostgreSQL session: after the
    connection is dropped (a restart, a recycled connection) the next batch prepares it anew
    rather than failing on a name the new session does not know."""
    first = OutboxMessageFactory()
    assert sending.send_due_messages().sent == 1
    connection.close()
    second = OutboxMessageFactory()
    assert sending.send_due_messages().sent == 1
    statuses = set(
        OutboxMessage.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    )
    assert statuses == {Status.SENT}
    assert sorted(smtp_sink.outbox_ids()) == [first.pk, second.pk]
