"""Which writes make the outbox's cached pages stale (see pesnet.cache.watch)."""

from pesnet.cache import watch

from .models import MESSAGES

watch("outbox.OutboxMessage", moves=[MESSAGES])
