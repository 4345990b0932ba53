import pytest
from django.urls import reverse

from governance.models import Announcement
from outbox.models import OutboxMessage

from ..factories import FocalPointFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_secretariat_writes_publishes_and_emails_an_announcement(
    client, secretariat_user, focal_point_user, reference_data
):
    FocalPointFactory(
        member_state__country="MA",
        member_state__iso3="MAR",
        preferred_language="fr",
        user=UserFactory(),
        email="fp.mar@example.org",
    )
    client.force_login(secretariat_user)
    bad = client.post(
        reverse("governance:announcement_create"),
        {
            "title_en": "News\u202e",
            "body_en": "",
            "title_ar": "",
            "title_fr": "",
            "body_ar": "",
            "body_fr": "",
        },
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert 'data-testid="error-title_en"' in body and 'data-testid="error-body_en"' in body
    assert not Announcement.objects.exists()
    response = client.post(
        reverse("governance:announcement_create"),
        {
            "title_en": "The fifth network meeting",
            "title_ar": "الاجتماع الخامس للشبكة",
            "title_fr": "La cinquième réunion du réseau",
            "body_en": "Registration is open.",
            "body_ar": "التسجيل مفتوح.",
            "body_fr": "Les inscriptions sont ouvertes.",
        },
    )
    assert response.status_code == 302
    item = Announcement.objects.get()
    assert item.created_by == secretariat_user
    # Not on the home page until published; e-mail refused before.
    assert "The fifth network meeting" not in client.get(reverse("home")).content.decode()
    client.post(reverse("governance:announcement_email", kwargs={"pk": item.pk}))
    assert not OutboxMessage.objects.filter(kind="announcement").exists()
    client.post(reverse("governance:announcement_publish", kwargs={"pk": item.pk}))
    client.logout()
    home = client.get(reverse("home")).content.decode()
    assert "The fifth network meeting" in home
    assert client.get(reverse("governance:announcement", kwargs={"pk": item.pk})).status_code == 200
    client.force_login(secretariat_user)
    response = client.post(reverse("governance:announcement_email", kwargs={"pk": item.pk}))
    item.refresh_from_db()
    assert response["Location"] == reverse("outbox:campaign", kwargs={"pk": item.campaign_id})
    messages = OutboxMessage.objects.filter(kind="announcement").order_by("to")
    assert [(m.to, m.language) for m in messages] == [
        ("focal@example.org", "en"),
        ("fp.mar@example.org", "fr"),
    ]
    assert "La cinquième réunion du réseau" in messages[1].subject
    # Once only.
    client.post(reverse("governance:announcement_email", kwargs={"pk": item.pk}))
    assert OutboxMessage.objects.filter(kind="announcement").count() == 2


def test_unpublished_announcement_is_not_public(client, role_users):
    item = Announcement.objects.create(title_en="Draft", body_en="Draft.")
    for user in role_users.values():
        client.logout()
        if user:
            client.force_login(user)
        assert (
            client.get(reverse("governance:announcement", kwargs={"pk": item.pk})).status_code
            == 404
        )
    for role in ("focal_point", "chair"):
        client.force_login(role_users[role])
        response = client.post(reverse("governance:announcement_publish", kwargs={"pk": item.pk}))
        assert response.status_code == 403
        response = client.post(reverse("governance:announcement_email", kwargs={"pk": item.pk}))
        assert response.status_code == 403
    item.refresh_from_db()
    assert item.published_at is None and item.campaign is None
