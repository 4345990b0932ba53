"""Queries of the API's own pages (the tokens page)."""

from django.db.models import Count

from .models import ApiToken, ApiTokenUse


def tokens_of(user):
    """The user's tokens, each with how many times it was used."""
    return ApiToken.objects.filter(user=user).annotate(use_count=Count("uses"))


def recent_uses_of(user, limit=20):
    return ApiTokenUse.objects.filter(token__user=user).select_related("token")[:limit]
