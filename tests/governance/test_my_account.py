import json

import pytest
from django.urls import reverse

from governance.models import AccountChange
from members.models import FocalPoint

pytestmark = pytest.mark.django_db


def _post(client, **data):
    fields = {
        "first_name": "Leila",
        "last_name": "Haddad",
        "preferred_language": "ar",
        "time_zone": "Africa/Casablanca",
        **data,
    }
    return client.post(reverse("governance:my_account"), fields)


def test_my_account_is_one_source_with_the_focal_point_record(client, focal_point_user):
    client.force_login(focal_point_user)
    page = client.get(reverse("governance:my_account")).content.decode()
    assert reverse("account_change_password") in page and reverse("mfa_index") in page
    assert _post(client).status_code == 302
    focal_point_user.refresh_from_db()
    record = FocalPoint.objects.get(user=focal_point_user)
    assert (focal_point_user.preferred_language, focal_point_user.time_zone) == (
        "ar",
        "Africa/Casablanca",
    )
    assert (record.preferred_language, record.time_zone) == ("ar", "Africa/Casablanca")
    assert record.history.first().history_user == focal_point_user
    assert AccountChange.objects.filter(action="profile_changed", by=focal_point_user).exists()
    # The other way round: the record edited (the member page, the secretariat) moves the account.
    record.preferred_language, record.time_zone = "fr", "Europe/Paris"
    record.save()
    focal_point_user.refresh_from_db()
    assert (focal_point_user.preferred_language, focal_point_user.time_zone) == (
        "fr",
        "Europe/Paris",
    )


def test_bad_input_is_refused_next_to_the_field(client, focal_point_user):
    client.force_login(focal_point_user)
    before = (focal_point_user.first_name, focal_point_user.last_name)
    response = _post(client, first_name="Lei\u202ela", last_name="<i>H</i>", time_zone="Mars/Base")
    body = response.content.decode()
    assert response.status_code == 400
    for name in ("first_name", "last_name", "time_zone"):
        assert f'data-testid="error-{name}"' in body
    focal_point_user.refresh_from_db()
    assert (focal_point_user.first_name, focal_point_user.last_name) == before


def test_download_of_my_data(client, focal_point_user):
    client.force_login(focal_point_user)
    response = client.get(reverse("governance:my_data"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == focal_point_user.email
    assert data["focal_point_records"][0]["member_state"] == "TUR"
    assert data["focal_point_records"][0]["history"]
    assert client.get(reverse("governance:my_data")).status_code == 200
    client.logout()
    assert client.get(reverse("governance:my_data")).status_code == 302
