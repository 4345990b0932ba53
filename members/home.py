"""The members app on the home page: nominations (n of 57, the tile map) for everyone, and in
"what needs you" the person's own nomination or details to confirm, and the secretariat's
nominations to verify and invitations about to expire (pesnet.navigation's registries)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pesnet.navigation import HOME_SECTIONS, NEEDS, HomeSection, Need
from pesnet.roles import is_secretariat

from .models import CURRENT_STATUSES, PENDING_STATUSES, FocalPoint, Invitation

# An open invitation shows as "about to expire" this long before it does.
EXPIRING_WITHIN = datetime.timedelta(days=3)


def needs(user):
    own = FocalPoint.objects.filter(user=user, status__in=CURRENT_STATUSES).select_related(
        "member_state"
    )
    for person in own:
        values = {"state": person.member_state.name, "role": person.get_role_display()}
        if person.status in PENDING_STATUSES:
            text = (
                _("The secretariat asked you to correct your details as %(role)s of %(state)s.")
                if person.corrections_pending
                else _(
                    "Your nomination as %(role)s of %(state)s: complete your details and see "
                    "where it stands."
                )
            )
            url = reverse("members:nomination", kwargs={"pk": person.pk})
            yield Need(text % values, url, "my_nomination")
        elif person.details_stale():
            yield Need(
                _("Confirm that your contact details as %(role)s of %(state)s are correct.")
                % values,
                reverse("members:state_detail", kwargs={"iso3": person.member_state.iso3}),
                "details_to_confirm",
            )
    if not is_secretariat(user):
        return
    directory = reverse("members:secretariat_directory")
    pending = FocalPoint.objects.filter(status__in=PENDING_STATUSES).count()
    if pending:
        yield Need(
            ngettext("%(count)d nomination to verify", "%(count)d nominations to verify", pending)
            % {"count": pending},
            f"{directory}?status=pending",
            "nominations_to_verify",
            pending,
        )
    expiring = (
        Invitation.objects.open().filter(expires_at__lt=timezone.now() + EXPIRING_WITHIN).count()
    )
    if expiring:
        yield Need(
            ngettext(
                "%(count)d invitation expires within three days",
                "%(count)d invitations expire within three days",
                expiring,
            )
            % {"count": expiring},
            f"{directory}?status=pending",
            "invitations_expiring",
            expiring,
        )


def nominations(request):
    from .map import tile_map
    from .selectors import DirectoryStatus, directory_rows, status_counts

    rows = directory_rows()
    counts = status_counts(rows)
    with_focal_point = counts[DirectoryStatus.ACTIVE] + counts[DirectoryStatus.ALTERNATE_ONLY]
    return {
        "nominated": with_focal_point,
        "pending": counts[DirectoryStatus.PENDING],
        "total": len(rows),
        "tiles": tile_map(rows),
        "legend": [
            (status.value, status.label)
            for status in DirectoryStatus
            if status != DirectoryStatus.STALE
        ],
    }


def register():
    NEEDS.append(needs)
    HOME_SECTIONS.append(
        HomeSection("members/_home_nominations.html", nominations, area="network", order=10)
    )
