import hashlib
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from members.models import TIME_ZONE_CHOICES
from pesnet.cache import GenerationQuerySet
from pesnet.files import private_storage
from pesnet.uploads import random_name


def document_path(instance, filename):
    """A random name under meetings/ (a module-level function, so migrations can name it)."""
    return random_name("meetings")(instance, filename)


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
        TRAINING = "training", _("Training (PES-CaB)")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        INVITED = "invited", _("Invitations sent")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.NETWORK)
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("The ordinal of a network meeting.")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place = models.CharField(_("venue"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLANNED)
    host_organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("host organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_meetings",
    )
    # A training's work-plan activity. Meetings sit below the work plan, so this is a plain
    # reference that the work plan resolves through meetings.links (its AppConfig fills it in).
    activity_id = models.PositiveIntegerField(_("work-plan activity"), null=True, blank=True)
    # iCalendar SEQUENCE: raised each time the meeting's time changes or it is cancelled, so
    # calendars replace the event they already hold (same UID).
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_published = models.BooleanField(_("minutes published"), default=False)
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

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

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
    def place_besides_mode(self) -> str:
        """The venue where it says more than the mode: an online meeting's venue is often just
        "Online" (in any of the three languages), which beside the mode would read
        "Online · Online"."""
        place = (self.place or "").strip()
        if not place:
            return ""
        label = self.Mode(self.mode).label
        names = set()
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.add(str(label).casefold())
        return "" if place.casefold() in names else place

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
        return not self.is_cancelled and timezone.now() < self.registration_closes

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def calendar_uid(self) -> str:
        return f"meeting-{self.pk}@pesnet-portal"


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
    presenter_state = models.ForeignKey(
        "members.MemberState",
        verbose_name=_("presenting member state"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    presenter_organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("presenting organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    documents = models.ManyToManyField(
        "MeetingDocument", verbose_name=_("documents"), blank=True, related_name="agenda_items"
    )

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["order", "start", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class MeetingDocument(models.Model):
    """A document of a meeting in one language. A new upload of the same document (same kind,
    language and title) is a new version; the earlier ones stay listed."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        CONCEPT_NOTE = "concept_note", _("Concept note")
        PRESENTATION = "presentation", _("Presentation")
        REPORT = "report", _("Report")
        COMMUNIQUE = "communique", _("Communiqué")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents"
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Unticked: network members only.")
    )
    file = models.FileField(
        _("file"),
        upload_to=document_path,
        storage=private_storage,
        max_length=200,
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveIntegerField(_("size"), default=0)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    # The document's words, extracted in the background for the portal's search.
    text = models.TextField(_("extracted text"), blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo record"), default=False)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["language", "kind", "title", "-version"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        return self.original_name.rsplit(".", 1)[-1].lower() if "." in self.original_name else ""


class Registration(models.Model):
    """A person's place at a meeting: invited; registered or declined; then attended or absent.

    People without an account (a delegation's members) carry their name, position and e-mail.
    """

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
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
        null=True,
        blank=True,
        related_name="meeting_registrations",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, blank=True
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["member_state__name_en", "user__email"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_answer_per_person"),
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=~models.Q(email=""),
                name="one_registration_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.display_name} · {self.meeting}"

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.name or self.user.email
        return self.name or self.email

    @property
    def address(self) -> str:
        return self.user.email if self.user_id else self.email

    @property
    def is_coming(self) -> bool:
        return self.status in (self.Status.REGISTERED, self.Status.ATTENDED)


def hash_feed_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A person's secret calendar address: only its hash is stored; a new one revokes the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="meeting_feed",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        verbose_name = _("personal calendar feed")
        verbose_name_plural = _("personal calendar feeds")

    def __str__(self):
        return str(self.user)

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(24)
