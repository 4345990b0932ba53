"""Which writes make the outbox's cached pages stale (see pesnet.cache.watch)."""

from pesnet.cache import watch
from pesnet.navigation import HOME_WORK

from .models import MESSAGES

watch("outbox.OutboxMessage", moves=[MESSAGES])
# The secretariat's "what needs you" on the home page counts failed messages and those
# waiting for review.
watch("outbox.OutboxMessage", moves=[HOME_WORK])
