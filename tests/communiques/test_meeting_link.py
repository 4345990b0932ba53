"""A meeting's communiqué from the meeting's page: import it with the meeting preselected, link
an existing one, or create the meeting from a communiqué whose meeting is not in the portal."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from communiques.importer import parse_document
from communiques.models import Communique
from communiques.services import import_communique, proposed_meeting
from meetings.models import Meeting

from ..meetings.factories import MeetingFactory
from .conftest import arabic_source, english_source

pytestmark = pytest.mark.django_db


def _upload(client, url, source, language, **extra):
    return client.post(
        url, {"document": SimpleUploadedFile("c.txt", source), "language": language, **extra}
    )


def test_the_meeting_page_offers_the_import_with_the_meeting_preselected(
    client, secretariat_user, meetings
):
    meeting = MeetingFactory(title_en="Fourth Meeting of OIC-PESNET")
    client.force_login(secretariat_user)
    page = client.get(meeting.get_absolute_url()).content.decode()
    link = f"{reverse('communiques:import')}?meeting={meeting.pk}"
    assert f'href="{link}"' in page and 'data-testid="link-communique"' in page
    form = client.get(link).content.decode()
    assert f'<option value="{meeting.pk}" selected>' in form
    # The document's dates name the third meeting; the meeting chosen is the one kept.
    preview = _upload(client, link, english_source(), "en", meeting=meeting.pk)
    assert preview.context["preview"]["meeting"] == meeting
    assert client.post(link, {"token": preview.context["token"]}).status_code == 302
    assert Communique.objects.get().meeting == meeting
    page = client.get(meeting.get_absolute_url()).content.decode()
    edit = reverse("communiques:edit", args=[Communique.objects.get().pk])
    assert f'href="{edit}"' in page and 'data-testid="import-communique"' not in page


@pytest.mark.parametrize("value", ["abc", "99999999", "-1", "1" * 40])
def test_a_bad_meeting_parameter_preselects_nothing(client, secretariat_user, value):
    client.force_login(secretariat_user)
    response = client.get(f"{reverse('communiques:import')}?meeting={value}")
    assert response.status_code == 200
    assert '<option value="" selected>Recognise it from the dates' in response.content.decode()


def test_a_communique_of_a_meeting_not_in_the_portal_creates_it(client, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("communiques:import")
    preview = _upload(client, url, english_source(), "en")
    html = preview.content.decode()
    assert 'data-testid="proposed-meeting"' in html
    assert "Third Meeting of the OIC Public Employment Services Network" in html
    assert 'data-testid="import-confirm"' not in html
    # Saving without accepting the meeting stores nothing.
    refused = client.post(url, {"token": preview.context["token"]}, follow=True)
    assert "No meeting was held on 2021-06-02" in refused.content.decode()
    assert not Meeting.objects.exists() and not Communique.objects.exists()
    saved = client.post(url, {"token": preview.context["token"], "create_meeting": "yes"})
    assert saved.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.title_en.startswith("Third Meeting of the OIC Public Employment Services")
    assert meeting.status == Meeting.Status.HELD and meeting.mode == Meeting.Mode.ONLINE
    istanbul = ZoneInfo("Europe/Istanbul")
    assert meeting.start.astimezone(istanbul) == datetime.datetime(2021, 6, 2, 9, tzinfo=istanbul)
    assert meeting.end.astimezone(istanbul) == datetime.datetime(2021, 6, 3, 17, tzinfo=istanbul)
    assert Communique.objects.get().meeting == meeting
    # The Arabic text then finds the meeting by its dates and joins the same communiqué.
    arabic = _upload(client, url, arabic_source(), "ar")
    assert arabic.context["preview"]["meeting"] == meeting
    assert 'data-testid="proposed-meeting"' not in arabic.content.decode()


def test_the_place_is_read_from_the_date_line_or_the_opening():
    text = english_source().decode("utf-8-sig")
    in_istanbul = text.replace("2–3 June 2021", "Istanbul, 6–7 December 2023", 1)
    proposal = proposed_meeting(parse_document(in_istanbul, "en"))
    assert proposal["place"] == "Istanbul" and proposal["mode"] == Meeting.Mode.IN_PERSON
    held_in = text.replace("held virtually on", "held in Baku, Azerbaijan, on", 1)
    assert proposed_meeting(parse_document(held_in, "en"))["place"] == "Baku"
    online = proposed_meeting(parse_document(text, "en"))
    assert online["place"] == "" and online["mode"] == Meeting.Mode.ONLINE


def test_the_secretariat_links_an_existing_communique_to_the_meeting(
    client, secretariat_user, third_meeting
):
    wrong = import_communique(parse_document(english_source(), "en"), third_meeting)
    meeting = MeetingFactory(title_en="Third Meeting (held online)")
    url = reverse("communiques:link_meeting", args=[meeting.pk])
    client.force_login(secretariat_user)
    page = client.get(url).content.decode()
    assert f'<option value="{wrong.pk}">' in page and third_meeting.title in page
    for bad in ("", "abc", "999999"):
        response = client.post(url, {"communique": bad})
        assert (
            response.status_code == 200 and 'data-testid="field-error"' in response.content.decode()
        )
    wrong.refresh_from_db()
    assert wrong.meeting == third_meeting
    assert client.post(url, {"communique": wrong.pk}).status_code == 302
    wrong.refresh_from_db()
    assert wrong.meeting == meeting
    # The meeting that now has none can take it back only once the other has none.
    other = import_communique(parse_document(english_source(), "en"), third_meeting)
    refused = client.post(
        reverse("communiques:link_meeting", args=[meeting.pk]), {"communique": other.pk}
    )
    assert "already has a communiqué" in refused.content.decode()
    other.refresh_from_db()
    assert other.meeting == third_meeting


def test_only_the_secretariat_links_or_imports(client, role_users):
    meeting = MeetingFactory()
    url = reverse("communiques:link_meeting", args=[meeting.pk])
    assert client.get(url).status_code == 302
    assert client.post(url, {"communique": 1}).status_code == 302
    for role in ("focal_point", "chair"):
        client.force_login(role_users[role])
        assert client.get(url).status_code == 403
        assert client.post(url, {"communique": 1}).status_code == 403
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert 'data-testid="import-communique"' not in page
    client.force_login(role_users["secretariat"])
    assert client.get(reverse("communiques:link_meeting", args=[99999])).status_code == 404
