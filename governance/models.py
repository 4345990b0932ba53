"""People and governance: staff accounts and their roles, the chair's term followed by the
accounts, partners' cooperation, announcements."""

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import (
    INVITATION_VALIDITY,
    InvitationLink,
    OpenInvitationsMixin,
    Organisation,
)
from pesnet.cache import GenerationQuerySet


def _default_expiry():
    return timezone.now() + INVITATION_VALIDITY


class StaffRole(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    CHAIR = "chair", _("Chair")


class StaffInvitationQuerySet(OpenInvitationsMixin, models.QuerySet):
    pass


class StaffInvitation(InvitationLink, models.Model):
    """An invitation to open an account in the secretariat or as an officer of the chair
    institution. Like a focal point's invitation, only the hash of the link's token is kept."""

    role = models.CharField(_("role"), max_length=12, choices=StaffRole)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("e-mail"))
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    language = models.CharField(
        _("language of the invitation"), max_length=2, choices=settings.LANGUAGES, default="en"
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
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = StaffInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"


class Affiliation(models.Model):
    """The organisation a staff account works for: the secretariat or a chair institution.

    The chair role follows it: an account affiliated with the institution whose chair term is
    running holds the role (governance.services.apply_chair_terms)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="affiliation",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="affiliations",
    )
    since = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class AccountChange(models.Model):
    """One change to accounts, roles or the chair's terms: who, when, what. Never edited."""

    class Action(models.TextChoices):
        INVITED = "invited", _("Invited")
        INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
        JOINED = "joined", _("Account opened through an invitation")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_REMOVED = "role_removed", _("Role removed")
        DEACTIVATED = "deactivated", _("Account deactivated")
        REACTIVATED = "reactivated", _("Account reactivated")
        SESSIONS_REVOKED = "sessions_revoked", _("Sessions revoked")
        TERM_RECORDED = "term_recorded", _("Chair term recorded")
        TERM_CHANGED = "term_changed", _("Chair term changed")
        PROFILE_CHANGED = "profile_changed", _("Account details changed")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_changes",
    )
    # The address at the time, kept when the account is gone or was never opened.
    email = models.EmailField(_("e-mail"), blank=True)
    action = models.CharField(_("change"), max_length=20, choices=Action)
    role = models.CharField(_("role"), max_length=12, choices=StaffRole, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.email}"


def _private_storage():
    return storages["private"]


def cooperation_path(instance, filename):
    from pesnet.uploads import random_name

    return random_name("cooperation")(instance, filename)


class PartnerProfile(models.Model):
    """What the network says of a partner organisation on its public page."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("partner organisation"),
        on_delete=models.CASCADE,
        related_name="partner_profile",
    )
    description = models.TextField(_("description"), max_length=3000, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        verbose_name = _("partner profile")
        verbose_name_plural = _("partner profiles")

    def __str__(self):
        return str(self.organisation)


class Cooperation(models.Model):
    """A record of cooperation with a partner: a memorandum of understanding, a joint activity."""

    class Type(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding")
        JOINT_ACTIVITY = "joint_activity", _("Joint activity")
        AGREEMENT = "agreement", _("Agreement")
        OTHER = "other", _("Other cooperation")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner organisation"),
        on_delete=models.CASCADE,
        related_name="cooperations",
    )
    type = models.CharField(_("type"), max_length=20, choices=Type)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    # Kept behind a view (the record's public page links it), under a random name.
    document = models.FileField(
        _("document"),
        upload_to=cooperation_path,
        storage=_private_storage,
        blank=True,
        max_length=200,
    )
    document_name = models.CharField(_("file name"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("cooperation record")
        verbose_name_plural = _("cooperation records")

    def __str__(self):
        return self.title


class Announcement(models.Model):
    """A short news item of the secretariat, shown on the home page once published."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=3000)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    emailed_at = models.DateTimeField(_("e-mailed to the focal points"), null=True, blank=True)
    campaign = models.ForeignKey(
        "outbox.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demo record"), default=False)

    objects = GenerationQuerySet.as_manager()  # bulk writes move the home page's cache too

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class RetentionPolicy(models.Model):
    """How long the portal keeps the phone numbers and personal e-mail of people who are no
    longer focal points (withdrawn or superseded); the secretariat sets it. One row."""

    DEFAULT_YEARS = 5

    years = models.PositiveSmallIntegerField(
        _("retention period (years)"),
        default=DEFAULT_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "After this many years from the end of their term, the phone numbers and e-mail "
            "address of former focal points are erased from their record and its history; the "
            "fact of their nomination stays."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention period")

    def __str__(self):
        return str(self.years)

    @classmethod
    def current(cls) -> "RetentionPolicy":
        return cls.objects.order_by("pk").first() or cls(years=cls.DEFAULT_YEARS)
