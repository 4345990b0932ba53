from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .roles import _groups, has_totp

# Paths a user without a second factor may still reach: setting one up, signing out, the
# health check and static assets.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/metrics", "/i18n/")


class RequireMFAMiddleware:
    """Secretariat and chair accounts must set up MFA before they can do anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self._needs_setup(request, user):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _needs_setup(self, request, user) -> bool:
        path = request.path_info
        for prefix in _ALLOWED_PREFIXES:
            if path.startswith(prefix) or path[3:].startswith(prefix):
                return False
        if not (_groups(user) & set(settings.MFA_REQUIRED_GROUPS)) and not user.is_superuser:
            return False
        return not has_totp(user)
