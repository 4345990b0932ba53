"""What the meetings app's writes make stale (pesnet.cache connects it).

- `MEETINGS`: the meetings' own pages (the list and each meeting's page, cached whole per
  viewer by `pesnet.pagecache.cached_page`): the meetings, their agenda, documents and
  registrations. The apps above that a meeting page shows (its communiqué, a training's
  work-plan activity) declare in their own cache.py that they move it too.
- A member state's page shows the meetings its people were invited to and attended
  (`{% state_participation %}`), and the secretariat's dashboard the participation over time
  (`{% network_participation %}`), so meetings and registrations move the directory's
  generation, which those pages are cached under.
"""

from members.cache import DIRECTORY
from pesnet.cache import Generation, watch
from pesnet.navigation import HOME

MEETINGS = Generation("meetings:pages:version")
# "Registration open", "has started", "held": a page changes with the clock too.
BUCKET_SECONDS = 60

watch("meetings.Meeting", "meetings.Registration", moves=[DIRECTORY, MEETINGS])
watch(
    "meetings.AgendaItem",
    "meetings.AgendaItem_documents",
    "meetings.MeetingDocument",
    # The host and the presenters are shown by name.
    "members.Organisation",
    moves=[MEETINGS],
)

# The home page: the next meeting, and the invitations a user has still to answer.
watch("meetings.Meeting", "meetings.Registration", moves=[HOME])
