from django.conf import settings
from django.utils.translation import get_language

from . import roles
from .navigation import menu_for


def portal(request):
    user = request.user
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "LANGUAGE_IS_RTL": (get_language() or "en")[:2] in settings.RTL_LANGUAGES,
        "is_secretariat": roles.is_secretariat(user),
        "is_chair": roles.is_chair(user),
        "user_member_state": roles.member_state_of(user),
        "nav_items": menu_for(user, request.path),
    }
