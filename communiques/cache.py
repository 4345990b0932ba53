"""What the communiqués' writes make stale (pesnet.cache connects it): the home page shows the
latest published communiqué and the consultations open."""

from pesnet.cache import watch
from pesnet.navigation import HOME

watch("communiques.Communique", moves=[HOME])
