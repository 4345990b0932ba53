from django.utils import timezone
from django.utils.translation import gettext as _

from pesnet.errors import DomainError

from .models import ApiToken, ApiTokenUse, hash_token


def create_token(*, name: str, by) -> tuple[ApiToken, str]:
    """A new personal token of `by`; returns it and the secret, shown to them once."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Name the token (what it is for)."), field="name")
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=by, name=name[:100], token_hash=hash_token(secret), hint=secret[:12]
    )
    return token, secret


def revoke_token(token: ApiToken, *, by) -> None:
    if token.user_id != by.pk:
        raise DomainError(_("Only its owner can revoke a token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_user(secret: str):
    """The owner of a valid, unrevoked token who may still use it, else None."""
    if not secret:
        return None, None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None, None
    return token, token.user


def record_use(token: ApiToken, *, path: str, client: str | None, status: int) -> None:
    now = timezone.now()
    ApiTokenUse.objects.create(token=token, path=path[:500], client=client, status=status)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
