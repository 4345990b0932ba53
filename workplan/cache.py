"""What the work plan's writes make stale (pesnet.cache connects it): a training's page names
its work-plan activity; the home page shows the plan's overall progress, the reports due and
those waiting for the chair's review."""

from meetings.cache import MEETINGS
from pesnet.cache import watch
from pesnet.navigation import HOME

watch("workplan.Activity", moves=[MEETINGS])
watch("workplan.WorkPlan", "workplan.Activity", "workplan.ProgressReport", moves=[HOME])
