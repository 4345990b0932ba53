import csv
import io

import pytest
from django.core.cache import cache
from django.test import override_settings
from openapi_spec_validator import validate

from api.models import ApiTokenUse
from api.services import create_token, revoke_token
from communiques.demo import seed_rules
from tests.factories import FocalPointFactory, InstitutionFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/member-states",
    "/api/v1/meetings",
    "/api/v1/communiques",
    "/api/v1/rules-of-procedure/articles",
    "/api/v1/workplan/activities",
]


@pytest.fixture
def corpus(published, meetings, secretariat_user, reference_data):
    from tests.workplan.factories import ActivityFactory, MilestoneFactory

    seed_rules(meetings, secretariat_user)
    MilestoneFactory(activity=ActivityFactory(progress=40))
    return published


def test_the_schema_validates_and_documents_every_endpoint(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    paths = set(schema["paths"])
    for path in [*LISTS, "/api/v1/communiques/{communique_id}", "/api/v1/directory"]:
        assert path in paths
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    body = docs.content.decode()
    # Self-hosted assets, no inline script (the CSP forbids them).
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn" not in body.lower()


def test_every_list_answers_as_documented_for_anonymous_visitors(client, corpus):
    schema = client.get("/api/v1/openapi.json").json()
    for url in LISTS:
        response = client.get(url, {"limit": 5})
        assert response.status_code == 200, url
        data = response.json()
        assert set(data) == {"items", "count"}
        assert len(data["items"]) <= 5 and data["count"] >= len(data["items"]) > 0, url
        documented = schema["paths"][url]["get"]["responses"]["200"]
        assert "application/json" in documented["content"]
    states = client.get("/api/v1/member-states", {"limit": 100}).json()
    assert states["count"] == 57
    first = states["items"][0]
    assert set(first) == {"iso3", "iso2", "name", "oic_group", "institutions", "nomination"}
    assert set(first["name"]) == {"ar", "en", "fr"}


def test_a_communique_with_its_paragraphs_in_each_language(client, corpus):
    response = client.get(f"/api/v1/communiques/{corpus.pk}")
    assert response.status_code == 200
    data = response.json()
    operative = [p for p in data["paragraphs"] if p["kind"] == "operative"]
    fifth = next(p for p in operative if p["number"] == 5)
    assert fifth["lead"]["en"] == "Calls upon"
    assert fifth["body"]["ar"] and fifth["body"]["fr"]
    assert "#p-" in fifth["url"]
    assert client.get("/api/v1/communiques/999999").status_code == 404


def test_no_personal_data_without_a_token(client, corpus, secretariat_user):
    person = FocalPointFactory(
        member_state=InstitutionFactory().member_state, status="active", phone="+905321234567"
    )
    for url in LISTS:
        body = client.get(url, {"limit": 100}).content.decode()
        assert person.email not in body and person.family_name not in body
    assert client.get("/api/v1/directory").status_code == 401
    # A session is not a token, not even the secretariat's.
    client.force_login(secretariat_user)
    assert client.get("/api/v1/directory").status_code == 401
    assert (
        client.get("/api/v1/directory", HTTP_AUTHORIZATION="Bearer pesnet_wrong").status_code == 401
    )


def test_a_secretariat_token_opens_the_directory_and_each_use_is_logged(
    client, secretariat_user, focal_point_user, db
):
    token, secret = create_token(name="SESRIC web site", by=secretariat_user)
    person = focal_point_user.focal_points.get()
    response = client.get("/api/v1/directory", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    emails = [row["email"] for row in response.json()["items"]]
    assert person.email in emails
    use = ApiTokenUse.objects.get(token=token)
    assert use.path == "/api/v1/directory" and use.client == "127.0.0.1"
    # Never cached for someone else.
    assert client.get("/api/v1/directory").status_code == 401
    revoke_token(token, by=secretariat_user)
    revoked = client.get("/api/v1/directory", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert revoked.status_code == 401


def test_a_token_of_someone_who_left_the_secretariat_stops_working(client, secretariat_user):
    _token, secret = create_token(name="script", by=secretariat_user)
    secretariat_user.groups.clear()
    assert client.get("/api/v1/directory", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_etag_and_if_none_match(client, corpus):
    first = client.get("/api/v1/meetings")
    etag = first["ETag"]
    assert first["X-Cache"] == "miss"
    again = client.get("/api/v1/meetings")
    assert again["X-Cache"] == "hit" and again.content == first.content
    not_modified = client.get("/api/v1/meetings", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified["ETag"] == etag


def test_a_change_makes_the_cached_answer_stale(client, corpus, django_capture_on_commit_callbacks):
    before = client.get("/api/v1/meetings").json()
    meeting = corpus.meeting
    with django_capture_on_commit_callbacks(execute=True):
        meeting.title_en = "Third Meeting, renamed"
        meeting.save()
    after = client.get("/api/v1/meetings")
    assert after["X-Cache"] == "miss"
    assert after.json() != before
    assert "Third Meeting, renamed" in after.content.decode()


@override_settings(API_RATE_LIMIT_PER_MINUTE=3)
def test_rate_limited_per_client_address(client, db):
    cache.delete_pattern("api:rate:*")
    answers = [client.get("/api/v1/meetings").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    other = client.get("/api/v1/meetings", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_the_csv_of_the_public_list_round_trips(client, corpus):
    response = client.get("/api/v1/member-states.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    api_rows = client.get("/api/v1/member-states", {"limit": 100}).json()["items"]
    assert len(rows) == len(api_rows) == 57
    for row, item in zip(rows, api_rows, strict=True):
        assert row["iso3"] == item["iso3"]
        assert row["name_ar"] == item["name"]["ar"]
        assert row["name_fr"] == item["name"]["fr"]
        assert row["nomination"] == item["nomination"]
    for name in ("meetings", "workplan-activities", "rules-of-procedure-articles"):
        assert client.get(f"/api/v1/{name}.csv").status_code == 200
    assert client.get("/api/v1/secrets.csv").status_code == 404


def test_public_pages_link_their_csv(client, corpus):
    for page, name in [
        ("/en/members/", "member-states"),
        ("/en/meetings/", "meetings"),
        ("/en/rules-of-procedure/", "rules-of-procedure-articles"),
    ]:
        assert f'href="/api/v1/{name}.csv"' in client.get(page).content.decode(), page


def test_the_token_page(client, secretariat_user, focal_point_user):
    from tests.factories import UserFactory  # noqa: F401

    client.force_login(focal_point_user)
    assert client.get("/en/api/tokens/").status_code == 403
    client.force_login(secretariat_user)
    page = client.get("/en/api/tokens/")
    assert page.status_code == 200
    empty = client.post("/en/api/tokens/", {"name": ""})
    assert empty.status_code == 400
    created = client.post("/en/api/tokens/", {"name": "OIC web site"})
    assert created.status_code == 200
    secret = created.context["secret"]
    assert secret.startswith("pesnet_") and secret in created.content.decode()
    token = secretariat_user.api_tokens.get()
    assert token.token_hash != secret and secret not in token.hint + token.name
    client.post(f"/en/api/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_query_count_of_the_member_state_list_is_constant(client, reference_data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/member-states", {"limit": 100}).status_code == 200
        return len(queries)

    few = count()
    for _ in range(10):
        InstitutionFactory()
    assert count() == few


def test_every_documented_endpoint_answers_anonymous_visitors_as_its_schema_says(client, corpus):
    """Each path of the schema, called without a token: public ones answer 200 with a body
    that validates against the documented response schema; those that need a token refuse."""
    from openapi_schema_validator import OAS31Validator

    schema = client.get("/api/v1/openapi.json").json()
    values = {"communique_id": corpus.pk, "name": "member-states"}
    checked = 0
    for path, operations in schema["paths"].items():
        operation = operations["get"]
        url = path.format(**values)
        response = client.get(url)
        if operation.get("security"):
            assert response.status_code == 401, url
            assert "items" not in response.content.decode()
            continue
        assert response.status_code == 200, url
        documented = operation["responses"]["200"]
        json_schema = documented.get("content", {}).get("application/json", {}).get("schema")
        if json_schema is None:
            assert response["Content-Type"].startswith("text/csv"), url
            continue
        validator = OAS31Validator({**json_schema, "components": schema["components"]})
        errors = list(validator.iter_errors(response.json()))
        assert not errors, (url, errors[:1])
        checked += 1
    assert checked >= 6
