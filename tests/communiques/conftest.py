from pathlib import Path

import pytest
from django.utils import translation

from communiques.importer import parse_document
from communiques.services import import_communique
from meetings.models import Meeting
from meetings.reference import load_meetings

DATA = Path(__file__).resolve().parents[2] / "communiques" / "demo_data"
SHARED_ARABIC = Path("/work/shared/data/pesnet-3-final-communique.ar.txt")


def arabic_source() -> bytes:
    # The shared file is the reference; the copy in the app is the same text (for CI machines).
    path = SHARED_ARABIC if SHARED_ARABIC.exists() else DATA / "pesnet-3-final-communique.ar.txt"
    return path.read_bytes()


def english_source() -> bytes:
    return (DATA / "pesnet-3-final-communique.en.txt").read_bytes()


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English: a request to an /ar/ page leaves Arabic active in the thread."""
    with translation.override("en"):
        yield


@pytest.fixture
def meetings(db):
    return load_meetings()


@pytest.fixture
def third_meeting(meetings):
    return meetings[(Meeting.Kind.NETWORK, 3)]


@pytest.fixture
def communique(third_meeting):
    """The third meeting's communiqué, imported in Arabic and English (a draft)."""
    import_communique(parse_document(arabic_source(), "ar"), third_meeting)
    return import_communique(parse_document(english_source(), "en"), third_meeting)
