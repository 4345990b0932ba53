"""What makes the communiqués' and the Rules of Procedure's cached pages stale
(pesnet.cache connects it).

The public communiqué page and the Rules of Procedure page are cached whole per viewer
(`pesnet.pagecache.cached_page`) under `COMMUNIQUES`. The communiqué page also shows, beside its
operative paragraphs, the follow-up actions with the meeting or the nomination status they
link to and the progress of a linked work-plan activity: it is keyed on the work plan's and the
directory's generations as well. A cached PDF download keeps its bytes under `COMMUNIQUES` too.

A meeting's page links its communiqué once published, and the home page shows the latest
published communiqué and the consultations open: a communiqué moves `MEETINGS` and `HOME`.
"""

from meetings.cache import MEETINGS
from pesnet.cache import Generation, watch
from pesnet.navigation import HOME
from workplan.cache import WORKPLAN

# The follow-up actions' "overdue" flag follows the clock.
BUCKET_SECONDS = 600

COMMUNIQUES = Generation("communiques:version")

watch(
    "communiques.Communique",
    "communiques.Paragraph",
    "communiques.FollowUp",
    "communiques.CommuniqueVersion",
    "communiques.RulesOfProcedure",
    "communiques.RulesChapter",
    "communiques.RulesArticle",
    "communiques.RulesVersion",
    "meetings.Meeting",
    moves=[COMMUNIQUES],
)

watch("communiques.Communique", moves=[MEETINGS, HOME])

# An activity's page lists the published paragraphs whose follow-up calls for it.
watch(
    "communiques.FollowUp",
    "communiques.Communique",
    "communiques.CommuniqueVersion",
    moves=[WORKPLAN],
)
