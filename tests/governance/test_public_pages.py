import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance.models import Affiliation, Cooperation, PartnerProfile
from meetings.models import Registration
from members.models import FocalPoint, MemberState, Organisation

from ..factories import FocalPointFactory, InstitutionFactory, UserFactory
from ..meetings.factories import MeetingFactory
from ..workplan.factories import ActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ilo(reference_data):
    return Organisation.objects.get(slug="ilo")


def test_partner_page_shows_activities_meetings_and_cooperation(client, ilo):
    activity = ActivityFactory(title_en="Labour market information systems")
    activity.partners.add(ilo)
    ActivityFactory(title_en="Not with the ILO")
    officer = UserFactory()
    Affiliation.objects.create(user=officer, organisation=ilo)
    past = MeetingFactory(
        title_en="Fourth network meeting",
        start=datetime.datetime(2023, 5, 2, 8, tzinfo=datetime.UTC),
        end=datetime.datetime(2023, 5, 2, 12, tzinfo=datetime.UTC),
    )
    Registration.objects.create(meeting=past, user=officer, status="attended")
    Cooperation.objects.create(
        organisation=ilo, type="mou", title_en="MoU on PES capacity", date=datetime.date(2022, 3, 1)
    )
    PartnerProfile.objects.create(organisation=ilo, description_en="The ILO works with us.")
    body = client.get(reverse("governance:partner", kwargs={"slug": "ilo"})).content.decode()
    assert "Labour market information systems" in body and "Not with the ILO" not in body
    assert "Fourth network meeting" in body
    assert "MoU on PES capacity" in body and "Memorandum of understanding" in body
    assert "The ILO works with us." in body
    # Not a partner: no partner page.
    url = reverse("governance:partner", kwargs={"slug": "iskur"})
    assert client.get(url).status_code == 404


def test_secretariat_edits_the_partner_in_three_languages(client, secretariat_user, ilo):
    client.force_login(secretariat_user)
    url = reverse("governance:partner_edit", kwargs={"slug": "ilo"})
    response = client.post(
        url, {"description_en": "<script>x</script>", "description_ar": "", "description_fr": ""}
    )
    assert response.status_code == 400
    assert not PartnerProfile.objects.exists()
    response = client.post(
        url,
        {
            "description_en": "Partner since 2020.",
            "description_ar": "شريك منذ 2020.",
            "description_fr": "Partenaire depuis 2020.",
        },
    )
    assert response.status_code == 302
    assert PartnerProfile.objects.get().description_ar == "شريك منذ 2020."
    add = reverse("governance:cooperation_add", kwargs={"slug": "ilo"})
    bad = client.post(
        add,
        {
            "type": "mou",
            "title_en": "MoU",
            "date": "2024-01-10",
            "document": SimpleUploadedFile("mou.pdf", b"not a pdf"),
        },
    )
    assert bad.status_code == 400 and 'data-testid="error-document"' in bad.content.decode()
    assert not Cooperation.objects.exists()
    good = client.post(
        add,
        {
            "type": "mou",
            "title_en": "MoU",
            "title_fr": "Protocole d'accord",
            "date": "2024-01-10",
            "document": SimpleUploadedFile("mou.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    assert good.status_code == 302
    cooperation = Cooperation.objects.get()
    assert cooperation.document_name == "mou.pdf"
    client.logout()
    response = client.get(reverse("governance:cooperation_document", kwargs={"pk": cooperation.pk}))
    assert response.status_code == 200
    assert "mou.pdf" in response["Content-Disposition"]


def test_state_page_is_public_without_personal_data(client, reference_data):
    state = MemberState.objects.get(iso3="MAR")
    institution = InstitutionFactory(member_state=state, name_en="ANAPEC", acronym="ANAPEC")
    FocalPointFactory(
        member_state=state,
        institution=institution,
        given_name="Yasmine",
        family_name="Alaoui",
        email="y.alaoui@example.org",
        phone="+212522776501",
    )
    led = ActivityFactory(lead_member_state=state, title_en="Led by Morocco")
    helped = ActivityFactory(title_en="Helps Morocco")
    helped.beneficiaries.add(state)
    meeting = MeetingFactory(title_en="Upcoming focal-point meeting")
    Registration.objects.create(
        meeting=meeting, user=UserFactory(), member_state=state, status="registered"
    )
    response = client.get(reverse("governance:state", kwargs={"iso3": "MAR"}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "ANAPEC" in body and "A primary focal point is nominated." in body
    assert "No alternate focal point is nominated yet." in body
    assert "Led by Morocco" in body and "Helps Morocco" in body
    assert led.code in body
    assert "Upcoming focal-point meeting" in body
    for personal in ("Yasmine", "Alaoui", "y.alaoui@example.org", "776501"):
        assert personal not in body
    assert client.get(reverse("governance:state", kwargs={"iso3": "XXX"})).status_code == 404
    # The public members list links to it.
    listing = client.get(reverse("members:public_list")).content.decode()
    assert reverse("governance:state", kwargs={"iso3": "MAR"}) in listing
    assert FocalPoint.objects.count() == 1


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_pages_in_arabic_and_french(client, secretariat_user, ilo, language):
    from django.utils import translation

    from governance.models import Announcement

    item = Announcement.objects.create(
        title_en="News", title_ar="خبر", title_fr="Nouvelle", body_en="Text.", body_ar="نص."
    )
    client.force_login(secretariat_user)
    with translation.override(language):
        urls = [
            reverse("governance:about"),
            reverse("governance:partner", kwargs={"slug": "ilo"}),
            reverse("governance:state", kwargs={"iso3": "TUR"}),
            reverse("governance:accounts"),
            reverse("governance:account_changes"),
            reverse("governance:chair_terms"),
            reverse("governance:chair_term_create"),
            reverse("governance:invite"),
            reverse("governance:announcements"),
            reverse("governance:announcement_edit", kwargs={"pk": item.pk}),
            reverse("governance:my_account"),
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert f'lang="{language}"' in body
        assert ('dir="rtl"' in body) == (language == "ar")
    with translation.override(language):
        about = client.get(reverse("governance:about")).content.decode()
    assert ("عن الشبكة" in about) if language == "ar" else ("À propos du réseau" in about)
