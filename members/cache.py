"""Rendered directory tables, cached in Redis under a version that every change bumps.

The directory pages render one row per member state; Django's templates make that the bulk of
the request. The tables are the same for everyone in a role, so they are rendered once per
(version, language, filters, audience) and reused until a member state, institution, focal
point or invitation changes (the `watch` declarations below: pesnet.cache connects them to
saves, deletes and bulk updates), or the time bucket turns (the "not confirmed for 12 months"
flag and invitation expiry depend on the clock).

A focal point or a member state also moves `auth:users` (pesnet.auth.USERS): the cached user
carries the member state they are an active focal point of.
"""

from pesnet.auth import USERS
from pesnet.cache import Generation, watch
from pesnet.cache import cached_fragment as fragment
from pesnet.navigation import HOME

VERSION_KEY = "members:directory:version"
TIMEOUT = 600
BUCKET_SECONDS = 600


DIRECTORY = Generation(VERSION_KEY)

watch("members.FocalPoint", "members.MemberState", moves=[USERS, DIRECTORY])
watch("members.Institution", "members.Invitation", moves=[DIRECTORY])


def cached_value(name: str, build, *parts, keep=None):
    """`build()`'s value, cached per directory version, language, time bucket and `parts`."""
    return fragment(
        "members",
        [DIRECTORY],
        name,
        build,
        *parts,
        bucket_seconds=BUCKET_SECONDS,
        timeout=TIMEOUT,
        keep=keep,
    )


# The home page: nominations (n of 57, the map) and each user's work (details to confirm,
# nominations to verify, invitations about to expire).
watch("members.FocalPoint", "members.MemberState", "members.Invitation", moves=[HOME])
