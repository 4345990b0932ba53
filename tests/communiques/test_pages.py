import pytest
from django.urls import reverse

from communiques import services
from communiques.models import Communique

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(communique, secretariat_user):
    services.adopt(communique, secretariat_user)
    services.publish(communique, secretariat_user)
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
