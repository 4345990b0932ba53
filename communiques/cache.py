"""What makes the communiqués' and the Rules of Procedure's cached pages stale
(pesnet.cache connects it).

The public communiqué page and the Rules of Procedure page are cached whole per viewer
(`pesnet.pagecache.cached_page`) under `COMMUNIQUES`. The communiqué page also shows, beside its
operative paragraphs, the follow-up actions with the meeting or the nomination status they
link to and the progress of a linked work-plan activity: it is keyed on the work plan's and the
directory's generations as well. A cached PDF download keeps its bytes under `COMMUNIQUES` too.
"""

from pesnet.cache import Generation, watch

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
