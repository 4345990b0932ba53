from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import TIME_ZONE_CHOICES


class Meeting(models.Model):
    """A meeting of the network: the annual network meeting, an online focal-point meeting…

    Times are stored in UTC and shown in the meeting's own time zone (where it is held, or the
    organiser's for an online meeting) beside the viewer's. The online link is for registered
    participants and the secretariat only.
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
    time_zone = models.CharField(
        _("time zone of the meeting"),
        max_length=64,
        choices=TIME_ZONE_CHOICES,
        default="Europe/Istanbul",
    )
    online_link = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Shown to registered participants only."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Empty: registration stays open until the meeting starts."),
    )
    is_demo = models.BooleanField(_("demo record"), default=False)

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

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def has_started(self) -> bool:
        return self.start <= timezone.now()

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def registration_closes(self):
        return self.registration_deadline or self.start

    @property
    def registration_open(self) -> bool:
        return timezone.now() < self.registration_closes


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    start = models.DateTimeField(_("start"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    speaker = models.CharField(_("speaker or moderator"), max_length=200, blank=True)

    class Meta:
        ordering = ["order", "start", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class Registration(models.Model):
    """A person's answer to a meeting: registered, declined; then attended or not."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        DECLINED = "declined", _("Declined")
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Did not attend")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="meeting_registrations",
    )
    member_state = models.ForeignKey(
        "members.MemberState",
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_registrations",
        help_text=_("Empty for the secretariat, the chair and partners."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status)
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        ordering = ["member_state__name_en", "user__email"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_answer_per_person"),
        ]

    def __str__(self):
        return f"{self.user} · {self.meeting}"

    @property
    def is_coming(self) -> bool:
        return self.status in (self.Status.REGISTERED, self.Status.ATTENDED)
