import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communiques.demo import seed_rules
from meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_the_library_lists_every_public_document(client, published, meetings, secretariat_user):
    seed_rules(meetings, secretariat_user)
    response = client.get("/en/documents/")
    assert response.status_code == 200
    body = response.content.decode()
    kinds = [d.kind for d in response.context["documents"]]
    assert "communique" in kinds and "rules" in kinds
    communique = next(d for d in response.context["documents"] if d.kind == "communique")
    # Each layout of the adopted communiqué, languages side by side.
    assert [code for code, _ in communique.files] == ["ar", "en", "fr", "side-by-side"]
    assert f"/en/communiques/{published.pk}/pdf/side-by-side/" in body
    rules = next(d for d in response.context["documents"] if d.kind == "rules")
    assert [v.label for v in rules.versions] == ["Version 1"]
    assert "/en/rules-of-procedure/pdf/en/?version=1" in body


def test_filters(client, published, meetings, secretariat_user):
    seed_rules(meetings, secretariat_user)
    third = meetings[(Meeting.Kind.NETWORK, 3)]
    only_rules = client.get("/en/documents/", {"kind": "rules"}).context["documents"]
    assert {d.kind for d in only_rules} == {"rules"}
    of_third = client.get("/en/documents/", {"meeting": third.pk}).context["documents"]
    assert {d.kind for d in of_third} == {"communique"}
    assert client.get("/en/documents/", {"year": 1999}).context["documents"] == []
    bad = client.get("/en/documents/", {"year": "x", "meeting": "y"})
    assert bad.status_code == 200 and 'data-testid="library-errors"' in bad.content.decode()


def test_earlier_versions_of_a_communique_for_members_only(
    client, published, secretariat_user, focal_point_user
):
    from communiques import services

    services.start_new_version(published, by=secretariat_user)
    services.adopt(published, by=secretariat_user)
    services.publish(published, by=secretariat_user)
    anonymous = client.get("/en/documents/", {"kind": "communique"}).context["documents"]
    assert anonymous[0].versions == []
    client.force_login(focal_point_user)
    member = client.get("/en/documents/", {"kind": "communique"}).context["documents"]
    assert [v.label for v in member[0].versions] == ["Version 1"]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_library_in_each_language(client, published, language):
    assert client.get(f"/{language}/documents/").status_code == 200


def test_query_count_does_not_grow_with_the_documents(client, published, meetings):
    with CaptureQueriesContext(connection) as few:
        client.get("/en/documents/")
    from workplan.models import WorkPlan

    for year in range(2000, 2020, 2):
        WorkPlan.objects.create(start_year=year, end_year=year + 1, title_en=f"Plan {year}")
    with CaptureQueriesContext(connection) as many:
        client.get("/en/documents/")
    assert len(many) == len(few)
