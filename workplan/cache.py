"""What makes the work plan's cached pages and fragments stale (pesnet.cache connects it).

The plan page, the activity page and the chair's dashboard are cached whole per viewer
(`pesnet.pagecache.cached_page`) under `WORKPLAN`; the part of the plan page that grows with
the plan (the Gantt chart and the tables, a page of activities at a time) is the same for every
viewer and is rendered once per generation, language, filters, page and time bucket
(`cached_fragment`), so a viewer whose page is not cached yet does not draw it again either.

They show the leads' names (member states, organisations) and the meeting that endorsed the
plan, so those models move `WORKPLAN` too.

A training's page names its work-plan activity (`MEETINGS`); the home page shows the plan's
overall progress, the reports due and those waiting for the chair's review (`HOME`).
"""

from meetings.cache import MEETINGS
from pesnet.cache import Generation, watch
from pesnet.cache import cached_fragment as fragment
from pesnet.navigation import HOME

TIMEOUT = 600
# Overdue flags, "no report for 90 days" and the Gantt chart's "today" line follow the clock.
BUCKET_SECONDS = 600

WORKPLAN = Generation("workplan:version")

watch(
    "workplan.WorkPlan",
    "workplan.Activity",
    "workplan.Activity_partners",
    "workplan.Activity_beneficiaries",
    "workplan.Milestone",
    "workplan.ProgressReport",
    "workplan.EvidenceFile",
    "workplan.ProgressExport",
    "members.MemberState",
    "members.Organisation",
    "meetings.Meeting",
    moves=[WORKPLAN],
)
watch("workplan.Activity", moves=[MEETINGS])
watch("workplan.WorkPlan", "workplan.Activity", "workplan.ProgressReport", moves=[HOME])


def cached_fragment(name: str, build, *parts, keep=None):
    """`build()`'s value (rendered HTML), cached per work-plan generation, language, time
    bucket and `parts`."""
    return fragment(
        "workplan",
        [WORKPLAN],
        name,
        build,
        *parts,
        bucket_seconds=BUCKET_SECONDS,
        timeout=TIMEOUT,
        keep=keep,
    )
