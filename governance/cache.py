"""What governance's writes make stale (pesnet.cache connects it): the home page's
announcements."""

from pesnet.cache import watch
from pesnet.navigation import HOME

watch("governance.Announcement", moves=[HOME])
