import io

import pytest
from pypdf import PdfWriter

from members.models import FocalPoint, MemberState

from ..factories import FocalPointFactory, InstitutionFactory, UserFactory


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def states(reference_data):
    return {state.iso3: state for state in MemberState.objects.all()}


@pytest.fixture
def other_state_focal_point(states):
    """An active focal point of Morocco, with an account: another state than the fixture user's."""
    user = UserFactory(email="fp.mar@example.org")
    institution = InstitutionFactory(member_state=states["MAR"], acronym="ANAPEC")
    return FocalPointFactory(
        member_state=states["MAR"],
        user=user,
        email=user.email,
        institution=institution,
        phone="+212522776501",
        # A fixed surname: a random one ("Cooper") can be a word of the public page itself.
        family_name="Bennani",
    )


@pytest.fixture
def pending_nominee(states):
    return FocalPointFactory(
        member_state=states["TUR"],
        role=FocalPoint.Role.ALTERNATE,
        status=FocalPoint.Status.SUBMITTED,
        email="nominee@example.org",
    )


@pytest.fixture(autouse=True)
def _english_urls():
    """reverse() follows the active language, which a request to /ar/ leaves behind."""
    from django.utils import translation

    with translation.override("en"):
        yield
