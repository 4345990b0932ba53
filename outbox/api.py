"""What the other apps may use of the outbox; the rest of it is the outbox's own business.

Queue a message (rendered in the recipient's language, stored once per deduplication key):
    queue_message(...), queue_spec(MessageSpec(...)), Attachment, portal_url, kick_sender
Declare what an app sends (in its `reminders.py`, discovered at start-up; see outbox.kinds):
    message_kind(name, label, description), @reminder_kind(name, ...), MONTHLY_ON_THE_FIRST,
    month_start, kind_label(name)
Read what was sent:
    messages_about(obj), sent_counts_about(kind, objects, before=None), MESSAGES (generation)
Plan a reminder kind now (commands, demo data, tests), or send a campaign's messages now:
    plan_reminders(kind_name, today=None, *, is_demo=False), Campaign,
    request_campaign_sending(campaign, *, by)

import-linter's "outbox-api" contract keeps the other apps to this module.
"""

from .kinds import MONTHLY_ON_THE_FIRST, kind_label, message_kind, month_start, reminder_kind
from .models import MESSAGES, Campaign, OutboxMessage
from .planning import PlanReport, plan_reminders
from .queueing import Attachment, MessageSpec, kick_sender, portal_url, queue_message, queue_spec
from .selectors import messages_about, sent_counts_about
from .services import request_campaign_sending

__all__ = [
    "MESSAGES",
    "MONTHLY_ON_THE_FIRST",
    "Attachment",
    "Campaign",
    "MessageSpec",
    "OutboxMessage",
    "PlanReport",
    "kick_sender",
    "kind_label",
    "message_kind",
    "messages_about",
    "month_start",
    "plan_reminders",
    "portal_url",
    "queue_message",
    "queue_spec",
    "reminder_kind",
    "request_campaign_sending",
    "sent_counts_about",
]
