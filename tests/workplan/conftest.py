import pytest

from members.models import FocalPoint
from tests.factories import FocalPointFactory, UserFactory

from .factories import ActivityFactory, ProgressReportFactory, other_state


@pytest.fixture
def turkiye(focal_point_user):
    return FocalPoint.objects.get(user=focal_point_user).member_state


@pytest.fixture
def activity(turkiye):
    """An activity led by the focal point user's state (Türkiye)."""
    return ActivityFactory(code="1.1", lead_member_state=turkiye)


@pytest.fixture
def morocco(db):
    return other_state()


@pytest.fixture
def other_focal_point_user(morocco):
    user = UserFactory(email="focal.mar@example.org")
    FocalPointFactory(user=user, email=user.email, member_state=morocco)
    return user


@pytest.fixture
def other_activity(morocco):
    return ActivityFactory(code="2.1", lead_member_state=morocco)


@pytest.fixture
def pending_report(activity, focal_point_user):
    return ProgressReportFactory(activity=activity, submitted_by=focal_point_user, percent=60)


@pytest.fixture(autouse=True)
def _english_urls():
    """reverse() prefixes URLs with the active language; a request in Arabic leaves it active."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")
