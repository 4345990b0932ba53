"""What the work plan's writes make stale (pesnet.cache connects it): a training's page names
its work-plan activity."""

from meetings.cache import MEETINGS
from pesnet.cache import watch

watch("workplan.Activity", moves=[MEETINGS])
