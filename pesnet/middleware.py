from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from .cache import generations_snapshot
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


class PrivateResponsesMiddleware:
    """What a signed-in user is sent is theirs: the directories, a state's page, the exports
    (CSV, XLSX, vCard, PDF) carry personal data, so no shared proxy and no browser disk keeps
    them (`Cache-Control: private, no-store`). A response that sets its own Cache-Control
    keeps it; one with an ETag (a communiqué's PDF) is kept by the browser only to revalidate
    (`private, no-cache`). Anonymous visitors see public pages only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            if response.has_header("ETag"):
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(response, private=True, no_store=True)
        return response


class GenerationSnapshotMiddleware:
    """A GET or HEAD reads the cache generations once (pesnet.cache.generations_snapshot):
    the signed-in user, the page and its fragments are checked against that one reading, and
    what this process already holds at those stamps is served without another round trip."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with generations_snapshot():
            return self.get_response(request)
