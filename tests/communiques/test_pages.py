import pytest
from django.urls import reverse

from communiques import services
from communiques.models import Communique

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(communique, secretariat_user):
    services.adopt(communique, by=secretariat_user)
    services.publish(communique, by=secretariat_user)
    return Communique.objects.get(pk=communique.pk)


def test_public_list_shows_published_communiques_in_constant_queries(
    client, published, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("communiques:list"))
    assert response.status_code == 200
    assert "Third Meeting" in response.content.decode()


def test_public_page_in_each_language_and_side_by_side(client, published):
    url = reverse("communiques:detail", args=[published.pk])
    arabic = client.get(url + "?text=ar").content.decode()
    assert "يشدد على" in arabic and 'dir="rtl"' in arabic
    assert "شوال 1442هـ" in client.get("/ar" + url[3:]).content.decode()
    english = client.get(url + "?text=en").content.decode()
    assert "Stresses" in english
    both = client.get(url + "?text=side-by-side").content.decode()
    assert "Stresses" in both and "يشدد على" in both
    # French was not imported: it is not offered.
    assert "?text=fr" not in both


def test_a_draft_is_not_public(client, communique):
    assert client.get(reverse("communiques:detail", args=[communique.pk])).status_code == 404


def test_secretariat_editor_shows_both_languages_and_missing_translations(
    client, communique, secretariat_user
):
    client.force_login(secretariat_user)
    page = client.get(reverse("communiques:edit", args=[communique.pk])).content.decode()
    assert page.count('data-testid="editor-row"') == 18
    assert page.count('data-testid="missing"') == 18  # no French yet
    assert "يشدد على" in page and "Stresses" in page


def test_rules_page_without_rules(client):
    assert client.get(reverse("communiques:rules")).status_code == 200


def test_browser_import_previews_then_saves_and_refuses_bad_documents(
    client, secretariat_user, meetings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import arabic_source

    client.force_login(secretariat_user)
    url = reverse("communiques:import")
    bad = client.post(
        url,
        {
            "document": SimpleUploadedFile("c.txt", b"Final Communique\n\nno structure"),
            "language": "en",
        },
    )
    assert bad.status_code == 200
    assert 'data-testid="field-error"' in bad.content.decode()
    assert "too short" in bad.content.decode()
    wrong_type = client.post(
        url, {"document": SimpleUploadedFile("c.pdf", b"%PDF-1.7"), "language": "en"}
    )
    assert "Upload a .txt or .md file." in wrong_type.content.decode()
    preview = client.post(
        url, {"document": SimpleUploadedFile("c.txt", arabic_source()), "language": "ar"}
    )
    html = preview.content.decode()
    assert "6 preambular and 12 operative paragraphs" in html
    assert not Communique.objects.exists()  # nothing saved before the confirmation
    token = preview.context["token"]
    saved = client.post(url, {"token": token})
    assert saved.status_code == 302
    assert Communique.objects.get().paragraphs.count() == 18
    tampered = client.post(url, {"token": token[:-2] + "xx"})
    assert tampered.status_code == 302
    assert Communique.objects.get().paragraphs.count() == 18


def test_follow_up_form_validates_and_the_page_shows_where_it_stands(
    client, secretariat_user, published
):
    from communiques.models import FollowUp

    client.force_login(secretariat_user)
    paragraph = published.paragraphs.filter(kind="operative").order_by("order")[11]
    url = reverse("communiques:follow_ups", args=[published.pk])
    missing_state = client.post(
        url,
        {
            "paragraph": paragraph.pk,
            "action_en": "Host the fourth meeting",
            "responsible": "member_state",
            "status": "planned",
        },
    )
    assert missing_state.status_code == 200
    assert "Name the member state responsible." in missing_state.content.decode()
    assert not FollowUp.objects.exists()
    created = client.post(
        url,
        {
            "paragraph": paragraph.pk,
            "action_en": "Convene the fourth meeting <b>in 2023</b>",
            "action_ar": "عقد الاجتماع الرابع",
            "responsible": "secretariat",
            "status": "in_progress",
            "due_date": "2023-12-31",
        },
    )
    assert created.status_code == 302
    assert FollowUp.objects.get().action_en == "Convene the fourth meeting in 2023"
    public = client.get(reverse("communiques:detail", args=[published.pk]) + "?text=en")
    assert 'data-testid="follow-up"' in public.content.decode()
    assert "Convene the fourth meeting in 2023" in public.content.decode()
