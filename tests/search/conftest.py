import pytest
from django.utils import translation

from communiques import services
from communiques.importer import parse_document
from meetings.models import Meeting
from meetings.reference import load_meetings
from search.registry import rebuild
from tests.communiques.conftest import DATA, arabic_source, english_source


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def meetings(db):
    return load_meetings()


@pytest.fixture
def published(meetings, secretariat_user):
    """The seed communiqué of the third meeting (Arabic, the team's English and French),
    adopted and published, and the index rebuilt."""
    third = meetings[(Meeting.Kind.NETWORK, 3)]
    services.import_communique(parse_document(arabic_source(), "ar"), third)
    services.import_communique(parse_document(english_source(), "en"), third)
    communique = services.import_communique(
        parse_document((DATA / "pesnet-3-final-communique.fr.txt").read_bytes(), "fr"), third
    )
    services.adopt(communique, by=secretariat_user)
    services.publish(communique, by=secretariat_user)
    rebuild()
    communique.refresh_from_db()
    return communique
