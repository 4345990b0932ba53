import datetime

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from governance.models import AccountChange, Affiliation
from governance.schedules import CHAIR_TERMS_TASK, ensure_schedules
from governance.services import apply_chair_terms
from members.models import ChairTerm, MemberState, Organisation
from pesnet.roles import CHAIR

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

HANDOVER = datetime.date(2023, 6, 3)


@pytest.fixture
def handover(reference_data, chair_user):
    """İŞKUR's term (reference data) ends on 2 June 2023; the next chair's starts on 3 June."""
    iskur = Organisation.objects.get(slug="iskur")
    egypt = MemberState.objects.get(iso3="EGY")
    nextchair = Organisation.objects.create(
        slug="next-chair",
        name_en="Next Chair Employment Service",
        acronym="NCES",
        kind=Organisation.Kind.MEMBER_PES,
        member_state=egypt,
    )
    ChairTerm.objects.create(
        organisation=nextchair,
        member_state=egypt,
        start=HANDOVER,
        end=datetime.date(2025, 6, 2),
    )
    old = UserFactory(email="old@iskur.example.org")
    new = UserFactory(email="new@nces.example.org")
    Affiliation.objects.create(user=old, organisation=iskur)
    Affiliation.objects.create(user=new, organisation=nextchair)
    return old, new, chair_user


def _chairs():
    return set(
        UserFactory._meta.model.objects.filter(groups__name=CHAIR).values_list("email", flat=True)
    )


def test_handover_before_on_and_after_the_date_and_twice(handover):
    old, new, unaffiliated = handover
    apply_chair_terms(HANDOVER - datetime.timedelta(days=1))
    assert _chairs() == {old.email, unaffiliated.email}
    # Twice on the same day changes and records nothing more.
    recorded = AccountChange.objects.count()
    apply_chair_terms(HANDOVER - datetime.timedelta(days=1))
    assert AccountChange.objects.count() == recorded == 1

    result = apply_chair_terms(HANDOVER)
    assert _chairs() == {new.email, unaffiliated.email}
    assert result["granted"] == [new.pk] and result["removed"] == [old.pk]
    second = apply_chair_terms(HANDOVER)
    assert second["granted"] == second["removed"] == []

    apply_chair_terms(HANDOVER + datetime.timedelta(days=30))
    assert _chairs() == {new.email, unaffiliated.email}
    changes = list(
        AccountChange.objects.order_by("pk").values_list("action", "email", "role", "by")
    )
    assert changes == [
        ("role_granted", old.email, "chair", None),
        ("role_granted", new.email, "chair", None),
        ("role_removed", old.email, "chair", None),
    ]
    # After every term: nobody affiliated holds it.
    apply_chair_terms(datetime.date(2026, 1, 1))
    assert _chairs() == {unaffiliated.email}


def test_the_beat_schedule_is_registered_once(db):
    assert PeriodicTask.objects.filter(task=CHAIR_TERMS_TASK).count() == 1
    assert ensure_schedules() == []
    assert PeriodicTask.objects.filter(task=CHAIR_TERMS_TASK).count() == 1


def test_the_task_calls_the_service_for_today(handover):
    from governance.tasks import apply_chair_terms as task

    old, _new, _unaffiliated = handover
    apply_chair_terms(HANDOVER - datetime.timedelta(days=1))
    # Today no term runs (İŞKUR's and the next chair's are over): the old chair loses it.
    assert task.apply().get() == {"granted": [], "removed": [old.pk]}


def test_secretariat_records_a_term_in_the_portal(client, secretariat_user, handover):
    old, new, _unaffiliated = handover
    client.force_login(secretariat_user)
    nces = Organisation.objects.get(slug="next-chair")
    # Overlapping the next chair's term: refused next to the field, nothing stored.
    response = client.post(
        reverse("governance:chair_term_create"),
        {"organisation": nces.pk, "start": "2024-01-01", "end": "2026-01-01"},
    )
    assert response.status_code == 400
    assert "overlaps" in response.content.decode()
    response = client.post(
        reverse("governance:chair_term_create"),
        {"organisation": nces.pk, "start": "2026-01-01", "end": "2025-01-01"},
    )
    assert response.status_code == 400
    assert 'data-testid="error-end"' in response.content.decode()
    assert ChairTerm.objects.count() == 2
    today = datetime.date.today()
    response = client.post(
        reverse("governance:chair_term_create"),
        {
            "organisation": nces.pk,
            "start": (today - datetime.timedelta(days=10)).isoformat(),
            "end": (today + datetime.timedelta(days=700)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    term = ChairTerm.objects.get(start=today - datetime.timedelta(days=10))
    assert term.member_state.iso3 == "EGY"
    # Saving the running term applies it at once.
    assert new.email in _chairs() and old.email not in _chairs()
    assert AccountChange.objects.filter(action="term_recorded", by=secretariat_user).exists()
    page = client.get(reverse("governance:chair_terms")).content.decode()
    assert "Current" in page
    about = client.get(reverse("governance:about")).content.decode()
    assert "Next Chair Employment Service" in about and "Turkish Employment Agency" in about


def test_about_page_is_public(client, reference_data):
    response = client.get(reverse("governance:about"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Statistical, Economic and Social Research" in body
    assert "Turkish Employment Agency" in body  # the past chair, 2021–2023
    assert reverse("governance:partner", kwargs={"slug": "ilo"}) in body
    assert reverse("communiques:rules") in body


def test_a_new_chair_is_chosen_among_the_directorys_institutions(
    client, secretariat_user, reference_data
):
    from ..factories import InstitutionFactory

    egypt = MemberState.objects.get(iso3="EGY")
    institution = InstitutionFactory(member_state=egypt, name_en="National Employment Office")
    client.force_login(secretariat_user)
    url = reverse("governance:chair_term_create")
    # Overlapping İŞKUR's term: refused, and no organisation is created for the institution.
    response = client.post(
        url, {"institution": institution.pk, "start": "2022-01-01", "end": "2024-01-01"}
    )
    assert response.status_code == 400
    assert not Organisation.objects.filter(name_en="National Employment Office").exists()
    # Both lists, or neither: refused next to the field.
    iskur = Organisation.objects.get(slug="iskur")
    response = client.post(
        url,
        {
            "organisation": iskur.pk,
            "institution": institution.pk,
            "start": "2030-01-01",
            "end": "2031-01-01",
        },
    )
    assert 'data-testid="error-organisation"' in response.content.decode()
    response = client.post(
        url, {"institution": institution.pk, "start": "2023-06-03", "end": "2025-06-02"}
    )
    assert response.status_code == 302
    term = ChairTerm.objects.get(start=datetime.date(2023, 6, 3))
    assert term.organisation.kind == Organisation.Kind.MEMBER_PES
    assert term.organisation.member_state == egypt == term.member_state
