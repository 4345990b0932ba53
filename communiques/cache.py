"""What the communiqués' writes make stale (pesnet.cache connects it): a meeting's page links
its communiqué once published; the home page shows the latest published communiqué and the
consultations open."""

from meetings.cache import MEETINGS
from pesnet.cache import watch
from pesnet.navigation import HOME

watch("communiques.Communique", moves=[MEETINGS, HOME])
