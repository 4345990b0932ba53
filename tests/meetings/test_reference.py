import pytest
from django.db import IntegrityError

from meetings.models import Meeting
from meetings.reference import load_meetings

pytestmark = pytest.mark.django_db


def test_the_network_meetings_load_once_with_aware_times():
    load_meetings()
    load_meetings()
    assert Meeting.objects.count() == 3
    third = Meeting.objects.get(kind=Meeting.Kind.NETWORK, number=3)
    assert third.mode == Meeting.Mode.ONLINE
    assert (third.start.date().isoformat(), third.end.date().isoformat()) == (
        "2021-06-02",
        "2021-06-03",
    )
    assert third.start.tzinfo is not None
    assert third.title_ar.startswith("الاجتماع الثالث")
    assert Meeting.objects.get(kind=Meeting.Kind.NETWORK, number=4).start.year == 2023
    assert Meeting.objects.get(kind=Meeting.Kind.FOCAL_POINTS).start.year == 2022


def test_a_meeting_cannot_end_before_it_starts():
    load_meetings()
    third = Meeting.objects.get(kind=Meeting.Kind.NETWORK, number=3)
    with pytest.raises(IntegrityError):
        Meeting.objects.create(
            kind=Meeting.Kind.WORKSHOP, title="x", start=third.end, end=third.start
        )
