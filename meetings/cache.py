"""What the meetings app's writes make stale (pesnet.cache connects it).

A member state's page shows the meetings its people were invited to and attended
(`{% state_participation %}`), so meetings and registrations move the directory's generation,
which that page is cached under.
"""

from members.cache import DIRECTORY
from pesnet.cache import watch
from pesnet.navigation import HOME

watch("meetings.Meeting", "meetings.Registration", moves=[DIRECTORY])

# The home page: the next meeting, and the invitations a user has still to answer.
watch("meetings.Meeting", "meetings.Registration", moves=[HOME])
