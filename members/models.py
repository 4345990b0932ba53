import datetime
import hashlib
import secrets
from zoneinfo import available_timezones

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from pesnet.cache import GenerationQuerySet
from pesnet.files import private_storage
from pesnet.uploads import random_name

TIME_ZONE_CHOICES = sorted((tz, tz) for tz in available_timezones() if "/" in tz)


class OICGroup(models.TextChoices):
    ARAB = "arab", _("Arab group")
    AFRICAN = "african", _("African group")
    ASIAN = "asian", _("Asian group")


class MemberState(models.Model):
    """One of the 57 member states of the OIC."""

    is_member_state = True  # pesnet.roles.state_id_of: a state belongs to itself

    country = CountryField(_("country"), unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)
    name = models.CharField(_("official name"), max_length=120)
    oic_group = models.CharField(_("OIC geographic group"), max_length=10, choices=OICGroup)
    default_time_zone = models.CharField(
        _("default time zone"), max_length=64, choices=TIME_ZONE_CHOICES, default="UTC"
    )
    # Folded (accent-, case- and diacritic-free) names of the state, its institutions and its
    # current focal points in all languages: the directory searches this one column.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("member state")
        verbose_name_plural = _("member states")

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """An institution that takes part in the network's work other than as a member state."""

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        MEMBER_PES = "member_pes", _("Public employment service of a member state")
        PARTNER = "partner", _("Partner organisation")

    slug = models.SlugField(_("short identifier"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["kind", "acronym", "name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class ChairTerm(models.Model):
    """The chair of the network: a member state's PES, elected for a term."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("chair institution"), on_delete=models.PROTECT
    )
    member_state = models.ForeignKey(
        MemberState, verbose_name=_("member state"), on_delete=models.PROTECT
    )
    start = models.DateField(_("start of term"))
    end = models.DateField(_("end of term"))

    class Meta:
        ordering = ["-start"]
        verbose_name = _("chair term")
        verbose_name_plural = _("chair terms")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="chair_term_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.start:%Y}–{self.end:%Y}"


class Institution(models.Model):
    """A member state's public employment service (PES) institution."""

    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        related_name="institutions",
    )
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), max_length=500, blank=True)
    email = models.EmailField(_("institutional e-mail"), blank=True)
    phone = PhoneNumberField(_("institutional phone"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)
    # Its history is registered in translation.py, after the translated name fields exist.

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["member_state__name_en", "name_en"]
        verbose_name = _("PES institution")
        verbose_name_plural = _("PES institutions")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class SendingAuthority(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    PERMANENT_MISSION = "mission", _("Permanent mission to the OIC")
    PES_HEAD = "pes_head", _("Head of the public employment service")


class FocalPoint(models.Model):
    """A person nominated by a member state as its primary or alternate national focal point."""

    class Role(models.TextChoices):
        PRIMARY = "primary", _("Primary focal point")
        ALTERNATE = "alternate", _("Alternate focal point")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        ACTIVE = "active", _("Active")
        SUPERSEDED = "superseded", _("Superseded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Honorific(models.TextChoices):
        MR = "mr", _("Mr")
        MS = "ms", _("Ms")
        DR = "dr", _("Dr")
        PROF = "prof", _("Prof.")
        ENG = "eng", _("Eng.")
        H_E = "he", _("H.E.")

    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        related_name="focal_points",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="focal_points",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.SUBMITTED)
    honorific = models.CharField(_("honorific"), max_length=5, choices=Honorific, blank=True)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    position = models.CharField(_("position"), max_length=200, blank=True)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_points",
    )
    email = models.EmailField(_("e-mail"))
    phone = PhoneNumberField(_("office phone"), blank=True)
    mobile = PhoneNumberField(_("mobile phone"), blank=True)
    phones_shared = models.BooleanField(_("phone numbers shared with the network"), default=False)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONE_CHOICES, blank=True
    )
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for the withdrawal"), max_length=300, blank=True)
    details_confirmed_at = models.DateTimeField(_("details last confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The nomination: an official act of the state, recorded and then verified by the secretariat.
    nomination_letter = models.FileField(
        _("nomination letter"),
        upload_to=random_name("nominations"),
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    nomination_letter_name = models.CharField(
        _("file name of the nomination letter"), max_length=255, blank=True
    )
    sending_authority = models.CharField(
        _("sending authority"), max_length=20, choices=SendingAuthority, blank=True
    )
    sending_authority_name = models.CharField(
        _("name of the sending authority"), max_length=200, blank=True
    )
    nomination_recorded_at = models.DateTimeField(_("nomination recorded"), null=True, blank=True)
    nomination_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nomination recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The secretariat's request to the nominee to correct their details (outbox e-mail).
    corrections_requested_at = models.DateTimeField(
        _("corrections requested"), null=True, blank=True
    )
    corrections_note = models.TextField(
        _("corrections requested"), max_length=1000, blank=True, default="", db_default=""
    )
    is_demo = models.BooleanField(_("demo record"), default=False)
    history = HistoricalRecords()

    objects = GenerationQuerySet.as_manager()  # bulk writes move the caches too

    class Meta:
        ordering = ["member_state__name_en", "role", "family_name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        constraints = [
            # A state has at most one active focal point per role at a time.
            models.UniqueConstraint(
                fields=["member_state", "role"],
                condition=models.Q(status="active"),
                name="one_active_focal_point_per_role",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES

    @property
    def nomination_recorded(self) -> bool:
        return bool(self.nomination_letter) and bool(self.sending_authority)

    @property
    def corrections_pending(self) -> bool:
        """The secretariat asked for corrections and the nominee has not saved them since."""
        asked = self.corrections_requested_at
        return bool(asked) and (
            self.details_confirmed_at is None or self.details_confirmed_at < asked
        )

    def details_stale(self, now=None) -> bool:
        """Not confirmed for twelve months (or, never confirmed, in office or on record for
        twelve months): the directory flags the person and the yearly campaign asks them to
        confirm. `details_stale_condition` is the same rule as a query; keep them together."""
        if self.status != self.Status.ACTIVE:
            return False
        limit = confirmation_limit(now)
        if self.details_confirmed_at:
            return self.details_confirmed_at < limit
        if self.effective_from:
            return self.effective_from <= timezone.localdate(limit)
        return self.created_at is None or self.created_at < limit


CONFIRMATION_PERIOD = datetime.timedelta(days=365)


def confirmation_limit(now=None) -> datetime.datetime:
    """Details confirmed before this moment are due for confirmation again."""
    return (now or timezone.now()) - CONFIRMATION_PERIOD


def details_stale_condition(now=None) -> models.Q:
    """FocalPoint.details_stale as a filter: the campaign and the counts ask the database."""
    limit = confirmation_limit(now)
    never_confirmed = models.Q(details_confirmed_at__isnull=True) & (
        models.Q(effective_from__lte=timezone.localdate(limit))
        | models.Q(effective_from__isnull=True, created_at__lt=limit)
    )
    return models.Q(status=FocalPoint.Status.ACTIVE) & (
        models.Q(details_confirmed_at__lt=limit) | never_confirmed
    )


CURRENT_STATUSES = (
    FocalPoint.Status.SUBMITTED,
    FocalPoint.Status.VERIFIED,
    FocalPoint.Status.ACTIVE,
)
PENDING_STATUSES = (FocalPoint.Status.SUBMITTED, FocalPoint.Status.VERIFIED)
INVITATION_VALIDITY = datetime.timedelta(days=14)


def _default_expiry():
    return timezone.now() + INVITATION_VALIDITY


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class OpenInvitationsMixin:
    """Querysets of invitation links: those still open."""

    def open(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class InvitationLink:
    """The life of an invitation link, shared by focal points' and staff invitations: only the
    hash of the token is stored; a link is open until accepted, revoked or expired."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("invitation state", "Open")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    def new_token(self) -> str:
        """A fresh unguessable link token; only its hash is kept."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.OPEN

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class InvitationQuerySet(OpenInvitationsMixin, GenerationQuerySet):
    pass


class Invitation(InvitationLink, models.Model):
    """An invitation to open an account as a state's primary or alternate focal point.

    Only the SHA-256 of the token is stored: the link in the e-mail is the one secret, and a
    database leak does not open accounts. A new link is made on every (re)send.
    """

    member_state = models.ForeignKey(
        MemberState,
        verbose_name=_("member state"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    role = models.CharField(_("role"), max_length=10, choices=FocalPoint.Role)
    email = models.EmailField(_("e-mail"))
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    language = models.CharField(
        _("language of the invitation"), max_length=2, choices=settings.LANGUAGES, default="en"
    )
    focal_point = models.ForeignKey(
        FocalPoint,
        verbose_name=_("focal point"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), default=_default_expiry)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=0)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account created"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} ({self.member_state.iso3}, {self.get_role_display()})"
