import os

import pytest
from django.core.cache import caches

from members.reference import load_reference_data
from pesnet.roles import CHAIR, SECRETARIAT

from .factories import FocalPointFactory, UserFactory, with_totp

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# under one unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty rate-limit counters and caches (keys under our prefix only)."""
    for alias in ("default", "pages"):
        caches[alias].delete_pattern("*")
    yield
    for alias in ("default", "pages"):
        caches[alias].delete_pattern("*")


@pytest.fixture
def reference_data(db):
    load_reference_data()


@pytest.fixture
def secretariat_user(db):
    user = UserFactory(email="secretariat@example.org", roles=[SECRETARIAT], is_staff=True)
    user.totp_secret = with_totp(user)
    return user


@pytest.fixture
def chair_user(db):
    user = UserFactory(email="chair@example.org", roles=[CHAIR])
    user.totp_secret = with_totp(user)
    return user


@pytest.fixture
def focal_point_user(db):
    user = UserFactory(email="focal@example.org")
    FocalPointFactory(user=user, email=user.email)
    return user


@pytest.fixture
def role_users(db, secretariat_user, chair_user, focal_point_user):
    """Everyone the portal distinguishes, keyed by role name (anonymous is None)."""
    return {
        "anonymous": None,
        "focal_point": focal_point_user,
        "chair": chair_user,
        "secretariat": secretariat_user,
    }
