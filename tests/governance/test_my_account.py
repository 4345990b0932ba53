import json

import pytest
from django.urls import reverse

from governance.models import AccountChange
from members.models import FocalPoint

from ..factories import UserFactory

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


def test_my_data_downloads_as_a_workbook_with_typed_text_kept_as_text(client, focal_point_user):
    import io

    from openpyxl import load_workbook

    record = FocalPoint.objects.get(user=focal_point_user)
    record.position = '=HYPERLINK("http://example.org")'
    record.save()
    client.force_login(focal_point_user)
    response = client.get(reverse("governance:my_data_xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-pesnet-data.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "account",
        "focal_point_records",
        "focal_point_history",
        "meeting_registrations",
        "account_changes",
    ]
    account = {row[0]: row[1] for row in workbook["account"].iter_rows(values_only=True)}
    assert account["email"] == focal_point_user.email
    records = list(workbook["focal_point_records"].iter_rows(values_only=True))
    header, first = records[0], dict(zip(records[0], records[1], strict=True))
    assert "position" in header and first["member_state"] == "TUR"
    assert first["position"] == '\'=HYPERLINK("http://example.org")'  # never a live formula
    assert workbook["focal_point_history"].max_row >= 3  # header and two saves
    # Someone else's workbook holds only their own data.
    client.force_login(UserFactory())
    other = load_workbook(io.BytesIO(client.get(reverse("governance:my_data_xlsx")).content))
    sheet = other["focal_point_records"]
    assert sheet.max_row == 1 and sheet["A1"].value is None
