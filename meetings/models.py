from django.db import models
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    """A meeting of the network: the annual network meeting, an online focal-point meeting…

    Kept small on purpose: communiqués and the Rules of Procedure only need to say at which
    meeting they were adopted. Agenda, documents and registration come with the meetings issue.
    """

    class Kind(models.TextChoices):
        NETWORK = "network", _("Network meeting")
        FOCAL_POINTS = "focal_points", _("Focal-point meeting")
        WORKSHOP = "workshop", _("Workshop")

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.NETWORK)
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("The ordinal of a network meeting.")
    )
    title = models.CharField(_("title"), max_length=300)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode, default=Mode.IN_PERSON)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="meeting_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["kind", "number"],
                condition=models.Q(number__isnull=False),
                name="one_meeting_per_kind_and_number",
            ),
        ]

    def __str__(self):
        return self.title
