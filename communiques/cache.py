"""What the communiqués app's writes make stale (pesnet.cache connects it): a meeting's page
links its communiqué once published."""

from meetings.cache import MEETINGS
from pesnet.cache import watch

watch("communiques.Communique", moves=[MEETINGS])
