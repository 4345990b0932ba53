"""Retention: former focal points' phones and e-mail leave the record and its history once the
period the secretariat sets has passed; the nomination itself stays, current people are not
touched, and running twice changes nothing more."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.models import RetentionPolicy
from governance.schedules import RETENTION_TASK, ensure_schedules
from governance.tasks import erase_expired_personal_data
from members.models import FocalPoint, Invitation

from ..factories import FocalPointFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)


def _history_values(person):
    rows = FocalPoint.history.model.objects.filter(id=person.pk).values_list(
        "email", "phone", "mobile"
    )
    return {
        (email, getattr(phone, "as_e164", "") or "", getattr(mobile, "as_e164", "") or "")
        for email, phone, mobile in rows
    }


def _former(state, *, ended, status=FocalPoint.Status.WITHDRAWN, **fields):
    person = FocalPointFactory(
        member_state=state,
        role="alternate",
        phone="+905321112233",
        mobile="+905324445566",
        **fields,
    )
    # A change of phone kept in the history, then the end of the term.
    person.phone = "+903122922900"
    person.save()
    person.status, person.effective_to = status, ended
    person.save()
    return person


@pytest.fixture
def states(reference_data):
    from members.models import MemberState

    return {state.iso3: state for state in MemberState.objects.all()}


@pytest.fixture
def people(states):
    old = _former(states["TUR"], ended=datetime.date(2020, 6, 30), email="old@example.org")
    Invitation.objects.create(
        member_state=states["TUR"],
        role="alternate",
        email="old@example.org",
        given_name=old.given_name,
        family_name=old.family_name,
        focal_point=old,
        token_hash="x" * 64,
        accepted_at=timezone.now(),
    )
    superseded = _former(
        states["MAR"],
        ended=datetime.date(2021, 1, 15),
        status=FocalPoint.Status.SUPERSEDED,
        email="superseded@example.org",
    )
    recent = _former(states["SEN"], ended=datetime.date(2024, 3, 1), email="recent@example.org")
    current = FocalPointFactory(
        member_state=states["PAK"], phone="+905320000000", email="current@example.org"
    )
    current.effective_to = datetime.date(2019, 1, 1)  # an odd date must not matter: active
    current.save()
    return {"old": old, "superseded": superseded, "recent": recent, "current": current}


def test_erasure_empties_the_record_and_its_history_and_keeps_the_nomination(people):
    old = people["old"]
    assert ("old@example.org", "+905321112233", "+905324445566") in _history_values(old)
    erased = services.erase_expired_personal_data(TODAY)
    assert sorted(erased) == sorted([old.pk, people["superseded"].pk])
    for key in ("old", "superseded"):
        person = people[key]
        person.refresh_from_db()
        assert (person.email, str(person.phone), str(person.mobile)) == ("", "", "")
        # The history no longer holds them, in any row.
        assert _history_values(person) == {("", "", "")}
        # The fact of the nomination stays.
        assert person.status in (FocalPoint.Status.WITHDRAWN, FocalPoint.Status.SUPERSEDED)
        assert person.given_name and person.effective_to
        assert person.history.count() >= 4
    assert not Invitation.objects.filter(email="old@example.org").exists()
    assert old.history.first().history_change_reason == services.ERASURE_REASON
    # Within the period, and current people: untouched.
    for key in ("recent", "current"):
        person = people[key]
        before = _history_values(person)
        person.refresh_from_db()
        assert person.email and person.phone
        assert any(email for email, _phone, _mobile in before)
    assert ("current@example.org", "+905320000000", "") in _history_values(people["current"])
    # Twice: nothing more.
    rows = FocalPoint.history.model.objects.count()
    assert services.erase_expired_personal_data(TODAY) == []
    assert FocalPoint.history.model.objects.count() == rows


def test_the_period_is_the_secretariats_and_the_command_and_task_apply_it(
    people, client, secretariat_user, focal_point_user
):
    url = reverse("governance:retention")
    client.force_login(focal_point_user)
    assert client.get(url).status_code == 403
    client.force_login(secretariat_user)
    page = client.get(url)
    assert page.status_code == 200 and 'value="5"' in page.content.decode()
    # Bad input: a translated error beside the field, nothing stored.
    for years in ("0", "abc", "51"):
        response = client.post(url, {"years": years})
        assert response.status_code == 400, years
        assert 'data-testid="error-years"' in response.content.decode()
    assert not RetentionPolicy.objects.exists()
    assert client.post(url, {"years": "2"}).status_code == 302
    policy = RetentionPolicy.objects.get()
    assert (policy.years, policy.updated_by) == (2, secretariat_user)
    # Two years: the Senegalese term that ended in March 2024 is now past it too.
    erase_expired_personal_data.apply()
    people["recent"].refresh_from_db()
    assert people["recent"].email == ""
    assert _history_values(people["recent"]) == {("", "", "")}
    people["current"].refresh_from_db()
    assert people["current"].email == "current@example.org"
    from io import StringIO

    out = StringIO()
    call_command("erase_expired_personal_data", stdout=out)
    assert "0 record(s) erased" in out.getvalue()


def test_the_daily_schedule_exists_once():
    from django_celery_beat.models import PeriodicTask

    ensure_schedules()
    assert PeriodicTask.objects.filter(task=RETENTION_TASK).count() == 1
    assert ensure_schedules() == []
