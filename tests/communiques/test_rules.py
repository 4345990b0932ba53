import datetime

import pytest
from django.urls import reverse

from communiques.models import RulesArticle, RulesVersion
from meetings.models import Meeting

from .samples import sample_rules

pytestmark = pytest.mark.django_db


def test_public_rules_page_shows_the_latest_adopted_version_and_its_changes(client):
    sample_rules()
    page = client.get(reverse("communiques:rules") + "?text=en").content.decode()
    assert "The Network is a forum for cooperation." in page
    assert 'data-testid="rules-versions"' in page
    older = client.get(reverse("communiques:rules") + "?version=1&text=en").content.decode()
    assert "The Network is a forum." in older
    diff = client.get(reverse("communiques:rules_diff") + "?a=1&b=2").content.decode()
    assert diff.count('data-status="changed"') == 1
    assert "<ins>for cooperation.</ins>" in diff or "<ins>for" in diff


def test_secretariat_amends_an_article_and_records_the_adoption(client, secretariat_user, meetings):
    rules = sample_rules()
    article = RulesArticle.objects.get(chapter__rules=rules, number=1)
    client.force_login(secretariat_user)
    response = client.post(
        reverse("communiques:article_edit", args=[article.pk]),
        {
            "title_en": "Name",
            "title_ar": "التسمية",
            "title_fr": "Dénomination",
            "body_en": "The Network is a forum.\nIt meets every two years. <script>x</script>",
            "body_ar": "الشبكة منتدى.",
            "body_fr": "Le Réseau est un forum.",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body_en == "The Network is a forum.<br>It meets every two years."
    # The adopted versions did not change.
    assert "every two years" not in str(RulesVersion.objects.get(rules=rules, number=2).content)
    meeting = meetings[(Meeting.Kind.NETWORK, 4)]
    response = client.post(
        reverse("communiques:rules_manage"),
        {
            "meeting": meeting.pk,
            "adopted_on": "2023-10-25",
            "note_en": "Article 1 amended.",
            "note_ar": "عُدّلت المادة 1.",
        },
    )
    assert response.status_code == 302
    latest = RulesVersion.objects.filter(rules=rules).latest("number")
    assert latest.number == 3 and latest.adopted_on == datetime.date(2023, 10, 25)
    assert (latest.note_en, latest.note_ar) == ("Article 1 amended.", "عُدّلت المادة 1.")
    # Recording the same text again is refused with a message next to the form.
    again = client.post(
        reverse("communiques:rules_manage"),
        {"meeting": meeting.pk, "adopted_on": "2023-10-26"},
    )
    assert again.status_code == 200 and "Nothing changed" in again.content.decode()
    assert "عُدّلت المادة 1." in client.get("/ar/rules-of-procedure/").content.decode()


@pytest.mark.parametrize("role", ["focal_point", "chair"])
def test_only_the_secretariat_amends_the_rules(client, role_users, role):
    rules = sample_rules()
    article = RulesArticle.objects.get(chapter__rules=rules, number=1)
    client.force_login(role_users[role])
    response = client.post(
        reverse("communiques:article_edit", args=[article.pk]),
        {"title_en": "x", "body_en": "changed"},
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.body_en == "The Network is a forum for cooperation."
