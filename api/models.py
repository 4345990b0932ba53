import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "pesnet_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A secretariat member's personal token for the API's personal data (the directory).
    Only its hash is kept; the token itself is shown once, when it is created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(_("first characters"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @staticmethod
    def new_secret() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiTokenUse(models.Model):
    """Every request made with a token: who, when, what, from where."""

    token = models.ForeignKey(
        ApiToken, verbose_name=_("token"), on_delete=models.CASCADE, related_name="uses"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    path = models.CharField(_("address"), max_length=500)
    client = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    status = models.PositiveSmallIntegerField(_("answer"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("API token use")
        verbose_name_plural = _("API token uses")

    def __str__(self):
        return f"{self.token} {self.at:%Y-%m-%d %H:%M} {self.path}"
