"""The secretariat withdraws a focal point without a successor: the record stays as past, the
account stops acting for the state, open invitations are revoked; bad input changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import FocalPoint, Invitation
from members.selectors import DirectoryStatus, directory_rows_for_state

pytestmark = pytest.mark.django_db


def _url(person):
    return reverse("members:withdraw", kwargs={"pk": person.pk})


def _withdraw(client, person, **data):
    return client.post(
        _url(person),
        {"effective_to": timezone.localdate().isoformat(), "reason": "Retired", **data},
    )


def test_withdrawing_the_only_primary_leaves_the_state_without_one(
    client, secretariat_user, focal_point_user
):
    person = FocalPoint.objects.get(user=focal_point_user)
    invitation = services.invite(
        by=secretariat_user,
        member_state=person.member_state,
        focal_point=person,
        role=person.role,
        given_name=person.given_name,
        family_name=person.family_name,
        email="second.address@example.org",
        language="en",
    )
    client.force_login(secretariat_user)
    assert 'data-testid="withdraw"' in client.get("/en/members/states/TUR/").content.decode()
    response = _withdraw(client, person, reason="Retired from İŞKUR")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == FocalPoint.Status.WITHDRAWN
    assert person.effective_to == timezone.localdate()
    assert person.withdrawal_reason == "Retired from İŞKUR"
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is not None
    assert directory_rows_for_state(person.member_state).status == DirectoryStatus.NONE
    past = client.get("/en/members/states/TUR/").content.decode().split("past-focal-points")[1]
    assert f'data-focal-point="{person.pk}" data-status="withdrawn"' in past
    assert "Retired from İŞKUR" in past
    # The history names who did it.
    assert person.history.first().history_user == secretariat_user

    # The former focal point's account no longer acts for Türkiye.
    client.force_login(focal_point_user)
    assert client.get("/en/members/states/TUR/").status_code == 404
    # A withdrawn record cannot be withdrawn again.
    client.force_login(secretariat_user)
    assert client.get(_url(person)).status_code == 404


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"reason": ""}, "reason", "This field is required."),
        ({"reason": "<b>gone</b>"}, "reason", "HTML is not allowed"),
        ({"reason": "x" * 301}, "reason", "at most 300 characters"),
        ({"reason": "left\u202e"}, "reason", "text-direction characters"),
        ({"effective_to": "not a date"}, "effective_to", "Enter a valid date."),
        ({"effective_to": "2099-01-01"}, "effective_to", "cannot be in the future"),
        ({"effective_to": "2020-01-01"}, "effective_to", "before the start of the term"),
    ],
)
def test_bad_input_changes_nothing(
    client, secretariat_user, focal_point_user, data, field, message
):
    person = FocalPoint.objects.get(user=focal_point_user)
    person.effective_from = datetime.date(2024, 3, 1)
    person.save()
    client.force_login(secretariat_user)
    response = _withdraw(client, person, **data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    person.refresh_from_db()
    assert person.status == FocalPoint.Status.ACTIVE
    assert person.effective_to is None


def test_errors_are_translated(client, secretariat_user, focal_point_user):
    person = FocalPoint.objects.get(user=focal_point_user)
    client.force_login(secretariat_user)
    response = client.post(
        f"/ar{_url(person)[3:]}", {"effective_to": "2099-01-01", "reason": "تقاعد"}
    )
    assert response.status_code == 200
    assert "لا يمكن أن يكون التاريخ في المستقبل" in response.content.decode()


def test_only_the_secretariat_withdraws(
    client, focal_point_user, chair_user, other_state_focal_point
):
    person = FocalPoint.objects.get(user=focal_point_user)
    client.force_login(focal_point_user)
    assert _withdraw(client, person).status_code == 403  # own state: a secretariat action
    client.force_login(other_state_focal_point.user)
    assert _withdraw(client, person).status_code == 404  # another state: not revealed
    client.force_login(chair_user)
    assert _withdraw(client, person).status_code == 403
    person.refresh_from_db()
    assert person.status == FocalPoint.Status.ACTIVE
