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
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.template.loader import get_template, render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

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


def _insert_ignoring_conflict(message: OutboxMessage) -> int | None:
    """INSERT … ON CONFLICT (dedup_key) DO NOTHING RETURNING id: the new id, or None."""
    fields = [f for f in OutboxMessage._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    values = [f.get_db_prep_save(f.pre_save(message, True), connection) for f in fields]
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(OutboxMessage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "
            f"ON CONFLICT (dedup_key) DO NOTHING RETURNING id",
            values,
        )
        row = cursor.fetchone()
    if row:
        MESSAGES.bump()
    return row[0] if row else None


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
    get_kind(kind)  # an unknown kind is a programming error, caught here rather than later
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    context = {**context, "action_url": action_url, "recipient_name": recipient_name}
    subject, body_text, body_html = render_message(template, context, language)
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
    with transaction.atomic():
        message.id = _insert_ignoring_conflict(message)
        if message.id is None:
            return None
        message._state.adding = False
        OutboxAttachment.objects.bulk_create(
            OutboxAttachment(
                message=message,
                filename=attachment.filename,
                mimetype=attachment.mimetype,
                content=attachment.content,
            )
            for attachment in attachments
        )
    return message


def queue_spec(spec: MessageSpec, *, campaign: Campaign | None = None) -> OutboxMessage | None:
    return queue_message(
        to=spec.to,
        language=spec.language,
        kind=spec.kind,
        template=spec.template,
        context=spec.context,
        dedup_key=spec.dedup_key,
        due_at=spec.due_at,
        user=spec.user,
        attachments=spec.attachments,
        related=spec.related,
        recipient_name=spec.recipient_name,
        action_url=spec.action_url,
        campaign=campaign,
    )


def kick_sender() -> None:
    """Ask a worker to send what is due once the current transaction commits.

    Best effort: when Redis is down the message stays pending and the every-minute beat task
    (or `send_reminders`) sends it later; the outbox is in PostgreSQL, so nothing is lost.
    """
    enqueue_on_commit("outbox.send_due_messages")
