"""Queueing: a message becomes a row of the outbox, rendered in its recipient's language.

    queue_message(*, to, language, kind, template, context, dedup_key, due_at=None, user=None,
                  attachments=(), related=None, recipient_name="", action_url="",
                  campaign=None) -> OutboxMessage | None

Renders `<template>.subject.txt`, `<template>.txt` and `<template>.html` inside
`translation.override(language)` and inserts one row with
`INSERT … ON CONFLICT (dedup_key) DO NOTHING`. Returns the new row, or None when a row with
that key already exists (whatever its status): calling it twice, or from two processes at
once, queues one message. The templates extend `outbox/email/base.txt` / `base.html`, which
add the greeting line, the link to `action_url` (an absolute URL, see `portal_url`) and the
secretariat's signature. `attachments` are `Attachment(filename, content, mimetype)`s (an .ics
invitation, a PDF). `related` is any model instance the message is about (a member state, a
meeting): `outbox.selectors.messages_about(obj)` lists them. The caller's transaction decides:
the row is committed with the caller's other writes, or not at all. Call `kick_sender()` after
queueing something urgent; otherwise the every-minute beat task sends it.

Planning stores a kind's messages with `queue_specs(specs, campaign=...)`: the same rows as
queue_spec on each, in a few round trips, each template rendered once per language and
context (MessageRenderer).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model
from django.template.loader import get_template, render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.html import escape

from pesnet.queue import enqueue_on_commit

from .kinds import get_kind
from .models import MESSAGES, Campaign, OutboxAttachment, OutboxMessage


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


@dataclass
class MessageSpec:
    """What a planner wants sent; queue_message's arguments as a value."""

    to: str
    language: str
    template: str
    context: dict
    dedup_key: str
    kind: str = ""
    due_at: datetime | None = None
    user: object = None
    attachments: Iterable[Attachment] = ()
    related: object = None
    recipient_name: str = ""
    action_url: str = ""


def portal_url(url_name: str, *args, language: str, fallback: str = "home", **kwargs) -> str:
    """Absolute URL of a portal page in `language`, for links in e-mails.

    Falls back to `fallback` (the home page) when `url_name` is not installed, so that an app
    can link to a page another app provides once that app is merged.
    """
    with translation.override(language):
        try:
            path = reverse(url_name, args=args or None, kwargs=kwargs or None)
        except NoReverseMatch:
            path = reverse(fallback)
    return f"{settings.SITE_URL}{path}"


def _render_plain(template_name: str, context: dict) -> str:
    # Plain text and subjects are not HTML: no autoescaping (an "&" stays an "&").
    from django.template import Context

    text = get_template(template_name).template.render(Context(context, autoescape=False))
    # Template tags leave blank lines behind; a letter has at most one between paragraphs.
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def render_message(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """(subject, text body, HTML body) of `template` in `language`."""
    with translation.override(language):
        full = {
            **context,
            "language": language,
            "text_direction": "rtl" if language in settings.RTL_LANGUAGES else "ltr",
            "site_url": settings.SITE_URL,
        }
        subject = " ".join(_render_plain(f"{template}.subject.txt", full).split())
        full["subject"] = subject
        text = _render_plain(f"{template}.txt", full).strip() + "\n"
        html = render_to_string(f"{template}.html", full)
    return subject, text, html


class MessageRenderer:
    """render_message for the many messages of one planning run: each template is rendered
    once per language and context, whoever the recipient is.

    The recipient's name and link (`recipient_name`, `action_url`, which queue_message adds to
    every context) are what differ from one recipient to the next. They are rendered as
    markers and put in afterwards — escaped in the HTML, as Django would — provided the
    template only prints them: each skeleton is checked once by rendering it with two
    different sets of markers (the second with "&", "<" and a different length), and a
    template that filters, compares or marks them safe renders each message in full. A
    context value that cannot be compared (a list, a queryset, a lazy string) also renders in
    full. One instance per planning run: model instances are recognised by their key.
    """

    PER_RECIPIENT = ("recipient_name", "action_url")

    def __init__(self):
        self._skeletons: dict = {}

    def __call__(self, template: str, context: dict, language: str) -> tuple[str, str, str]:
        key = self._key(template, context, language)
        if key is None:
            return render_message(template, context, language)
        skeleton = self._skeletons.get(key)
        if skeleton is None:
            skeleton = self._skeletons[key] = self._skeleton(template, context, language)
        if skeleton is False:
            return render_message(template, context, language)
        values = [context[name] for name in self._substituted(context)]
        subject, text, html = skeleton
        for number, value in enumerate(values):
            marker = self._marker(number)
            subject = subject.replace(marker, value)
            text = text.replace(marker, value)
            html = html.replace(marker, escape(value))
        return subject, text, html

    @classmethod
    def _substituted(cls, context: dict) -> list[str]:
        return [name for name in cls.PER_RECIPIENT if context.get(name)]

    @staticmethod
    def _marker(number: int, check: bool = False) -> str:
        # Private-use characters: nothing a template or a translation contains.
        return f"\ue001{number}&<x\ue002" if check else f"\ue000{number}\ue000"

    @classmethod
    def _key(cls, template: str, context: dict, language: str):
        parts = []
        for name, value in sorted(context.items()):
            if name in cls.PER_RECIPIENT and value:
                # Printed as is only if rendering would not change it (Django's whitespace
                # clean-up of subjects and lines) and it is plain text to escape.
                if type(value) is not str or value != " ".join(value.split()):
                    return None
                parts.append((name, True))
                continue
            frozen = _frozen(value)
            if frozen is None:
                return None
            parts.append((name, frozen))
        return (template, language, tuple(parts))

    def _skeleton(self, template: str, context: dict, language: str):
        names = self._substituted(context)
        first = render_message(
            template, {**context, **{n: self._marker(i) for i, n in enumerate(names)}}, language
        )
        check = render_message(
            template,
            {**context, **{n: self._marker(i, check=True) for i, n in enumerate(names)}},
            language,
        )
        expected = list(first)
        for number in range(len(names)):
            marker, other = self._marker(number), self._marker(number, check=True)
            expected = [
                expected[0].replace(marker, other),
                expected[1].replace(marker, other),
                expected[2].replace(marker, escape(other)),
            ]
        return first if tuple(expected) == tuple(check) else False


def _frozen(value):
    """A hashable stand-in for a context value that renders the same whenever it is equal,
    or None."""
    if value is None or isinstance(value, (bool, int, float, Decimal, date, time)):
        return (type(value), value)
    if isinstance(value, str):
        return (type(value), str(value))  # SafeString and str render differently
    if isinstance(value, Model) and value.pk is not None:
        return (type(value), value.pk)
    if isinstance(value, tuple):
        items = tuple(_frozen(item) for item in value)
        return None if None in items else (tuple, items)
    return None


def _insert_ignoring_conflicts(messages: list[OutboxMessage]) -> dict[str, int]:
    """INSERT … ON CONFLICT (dedup_key) DO NOTHING RETURNING id, dedup_key for many rows at
    once: {dedup_key: new id} of the rows inserted (a key that exists is left out).

    The rows go in as one array per column (`SELECT … FROM unnest(…)`): a statement of a
    constant size, where a VALUES list of 500 rows made psycopg parse 10,000 placeholders."""
    if not messages:
        return {}
    fields = [f for f in OutboxMessage._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
    table = connection.ops.quote_name(OutboxMessage._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}) "
        f"ON CONFLICT (dedup_key) DO NOTHING RETURNING id, dedup_key"
    )
    inserted: dict[str, int] = {}
    with _server_bound_cursor() as cursor:
        for start in range(0, len(messages), INSERT_CHUNK):
            chunk = messages[start : start + INSERT_CHUNK]
            values = [
                [f.get_db_prep_save(f.pre_save(message, True), connection) for message in chunk]
                for f in fields
            ]
            cursor.execute(sql, values)
            inserted.update((key, pk) for pk, key in cursor.fetchall())
    if inserted:
        MESSAGES.bump()
    return inserted


def _server_bound_cursor():
    """A cursor whose parameters go to PostgreSQL apart from the SQL (psycopg's server-side
    binding), still through Django's wrappers (query counts, logs, metrics): the planned rows'
    arrays are sent as they are, where Django's client-side cursor quoted every value of them
    into the statement's text (a third of the planning's time)."""
    import psycopg

    connection.ensure_connection()
    return connection._prepare_cursor(psycopg.Cursor(connection.connection))


# Rows per INSERT (and per lookup of stored keys) when planning.
INSERT_CHUNK = 500


def _insert_ignoring_conflict(message: OutboxMessage) -> int | None:
    """INSERT … ON CONFLICT (dedup_key) DO NOTHING RETURNING id: the new id, or None."""
    return _insert_ignoring_conflicts([message]).get(message.dedup_key)


def _new_message(
    *,
    to: str,
    language: str,
    kind: str,
    template: str,
    context: dict,
    dedup_key: str,
    due_at: datetime | None = None,
    user=None,
    related=None,
    recipient_name: str = "",
    action_url: str = "",
    campaign: Campaign | None = None,
    renderer=None,
) -> OutboxMessage:
    """The row queue_message stores, rendered, not yet saved."""
    get_kind(kind)  # an unknown kind is a programming error, caught here rather than later
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    context = {**context, "action_url": action_url, "recipient_name": recipient_name}
    subject, body_text, body_html = (renderer or render_message)(template, context, language)
    message = OutboxMessage(
        dedup_key=dedup_key,
        kind=kind,
        campaign=campaign,
        to=to,
        recipient_name=recipient_name,
        user=user,
        language=language,
        subject=subject[:400],
        body_text=body_text,
        body_html=body_html,
        action_url=action_url,
        due_at=due_at or timezone.now(),
    )
    if related is not None:
        message.content_type = ContentType.objects.get_for_model(related)
        message.object_id = str(related.pk)
    return message


def _store_attachments(pairs) -> None:
    """pairs: (saved message, its Attachment values); one INSERT for all of them."""
    OutboxAttachment.objects.bulk_create(
        OutboxAttachment(
            message=message,
            filename=attachment.filename,
            mimetype=attachment.mimetype,
            content=attachment.content,
        )
        for message, attachments in pairs
        for attachment in attachments
    )


def queue_message(
    *,
    to: str,
    language: str,
    kind: str,
    template: str,
    context: dict,
    dedup_key: str,
    due_at: datetime | None = None,
    user=None,
    attachments: Iterable[Attachment] = (),
    related=None,
    recipient_name: str = "",
    action_url: str = "",
    campaign: Campaign | None = None,
) -> OutboxMessage | None:
    message = _new_message(
        to=to,
        language=language,
        kind=kind,
        template=template,
        context=context,
        dedup_key=dedup_key,
        due_at=due_at,
        user=user,
        related=related,
        recipient_name=recipient_name,
        action_url=action_url,
        campaign=campaign,
    )
    with transaction.atomic():
        message.id = _insert_ignoring_conflict(message)
        if message.id is None:
            return None
        message._state.adding = False
        _store_attachments([(message, list(attachments))])
    return message


def _message_fields(spec: MessageSpec) -> dict:
    """A spec's fields as queue_message and _new_message take them (attachments aside)."""
    return dict(
        to=spec.to,
        language=spec.language,
        kind=spec.kind,
        template=spec.template,
        context=spec.context,
        dedup_key=spec.dedup_key,
        due_at=spec.due_at,
        user=spec.user,
        related=spec.related,
        recipient_name=spec.recipient_name,
        action_url=spec.action_url,
    )


def queue_spec(spec: MessageSpec, *, campaign: Campaign | None = None) -> OutboxMessage | None:
    return queue_message(**_message_fields(spec), attachments=spec.attachments, campaign=campaign)


def queue_specs(
    specs: list[MessageSpec], *, campaign: Campaign | None = None
) -> tuple[list[OutboxMessage], int]:
    """queue_spec for many specs at once: (the new rows in the specs' order, how many keys
    were there already). The same as calling queue_spec on each in turn, with a few round
    trips in all instead of three per message: the keys already stored are looked up first
    (and not rendered again), the rest go in with one INSERT … ON CONFLICT DO NOTHING per 500
    rows (a key another process inserts meanwhile is still skipped, by the conflict)."""
    existing = 0
    fresh: dict[str, MessageSpec] = {}
    for spec in specs:
        if spec.dedup_key in fresh:
            existing += 1  # the first spec with a key wins, as one queue_spec after another
        else:
            fresh[spec.dedup_key] = spec
    stored = set()
    keys = list(fresh)
    for start in range(0, len(keys), INSERT_CHUNK):
        stored.update(
            OutboxMessage.objects.filter(
                dedup_key__in=keys[start : start + INSERT_CHUNK]
            ).values_list("dedup_key", flat=True)
        )
    existing += len(stored)
    renderer = MessageRenderer()
    messages = [
        _new_message(**_message_fields(spec), campaign=campaign, renderer=renderer)
        for key, spec in fresh.items()
        if key not in stored
    ]
    with transaction.atomic():
        inserted = _insert_ignoring_conflicts(messages)
        created = []
        for message in messages:
            message.id = inserted.get(message.dedup_key)
            if message.id is None:
                existing += 1
                continue
            message._state.adding = False
            created.append(message)
        _store_attachments(
            (message, list(fresh[message.dedup_key].attachments))
            for message in created
            if fresh[message.dedup_key].attachments
        )
    return created, existing


def kick_sender() -> None:
    """Ask a worker to send what is due once the current transaction commits.

    Best effort: when Redis is down the message stays pending and the every-minute beat task
    (or `send_reminders`) sends it later; the outbox is in PostgreSQL, so nothing is lost.
    """
    enqueue_on_commit("outbox.send_due_messages")
