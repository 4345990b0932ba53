"""Communiqués on the home page: the latest published communiqué for everyone, and in "what
needs you" the consultations open to the user (pesnet.navigation's registries)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pesnet.navigation import HOME_SECTIONS, NEEDS, HomeSection, Need
from pesnet.roles import can, is_secretariat

from .models import Communique
from .selectors import published_communiques


def needs(user):
    if is_secretariat(user):  # the secretariat runs the consultation; it answers nobody
        return
    open_now = Communique.objects.filter(
        status=Communique.Status.CONSULTATION, consultation_deadline__gt=timezone.now()
    ).select_related("meeting")
    for communique in open_now.order_by("consultation_deadline"):
        if can(user, "communiques.comment", communique):
            yield Need(
                _("The consultation on %(communique)s is open: comment before it closes")
                % {"communique": communique},
                reverse("communiques:work", kwargs={"pk": communique.pk}),
                "consultation_open",
            )


def latest_communique(request):
    return {"communique": published_communiques().first()}


def register():
    NEEDS.append(needs)
    HOME_SECTIONS.append(
        HomeSection("communiques/_home_latest.html", latest_communique, area="network", order=30)
    )
