"""Meeting pages for `make bench` (issue 11): a meeting's page with 100 registrations, signed in
as a focal point, and the public list of meetings. BENCH_MEMBERS_SCALE=10 gives ten times the
registrations and the meetings."""

import datetime
import os

from bench.harness import Page

SCALE = int(os.environ.get("BENCH_MEMBERS_SCALE", "1"))
BENCH_DOMAIN = "bench.pesnet.test"
REGISTRATIONS = 100
MEETINGS = 5  # the network's scale: a few meetings a year


def _meetings():
    from django.utils import timezone

    from meetings.models import Meeting

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    wanted = MEETINGS * SCALE
    have = Meeting.objects.filter(title_en__startswith="Bench meeting").count()
    for n in range(have, wanted):
        start = now + datetime.timedelta(days=30 * (n - wanted // 2))
        Meeting.objects.create(
            kind=Meeting.Kind.WORKSHOP,
            title_en=f"Bench meeting {n}",
            title_ar=f"اجتماع اختبار {n}",
            title_fr=f"Réunion de test {n}",
            start=start,
            end=start + datetime.timedelta(hours=3),
            mode=Meeting.Mode.ONLINE,
            online_link="https://meet.bench.pesnet.test/",
            is_demo=True,
        )
    return Meeting.objects.filter(title_en__startswith="Bench meeting").order_by("-start").first()


def _registrations(meeting):
    from meetings.models import Registration
    from members.models import MemberState

    states = list(MemberState.objects.order_by("pk")[:57])
    wanted = REGISTRATIONS * SCALE
    have = meeting.registrations.count()
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            member_state=states[n % len(states)],
            name=f"Bench participant {n}",
            email=f"participant{n}@{BENCH_DOMAIN}",
            status=Registration.Status.REGISTERED,
            is_demo=True,
        )
        for n in range(have, wanted)
    )


def _focal_point():
    """An active focal point of Türkiye with an account (the bench's own when the seed has
    none), so that the page is the one a focal point sees: their answer, their time zone."""
    from members.models import FocalPoint, Institution, MemberState
    from pesnet.models import User

    user, _ = User.objects.get_or_create(email=f"focal.meetings@{BENCH_DOMAIN}")
    state = MemberState.objects.get(iso3="TUR")
    if not FocalPoint.objects.filter(user=user, status=FocalPoint.Status.ACTIVE).exists():
        institution = Institution.objects.filter(member_state=state).first()
        if institution is None:
            institution = Institution.objects.create(
                member_state=state,
                name_en="İŞKUR (bench)",
                name_ar="إشكور",
                name_fr="İŞKUR",
                is_demo=True,
            )
        FocalPoint.objects.create(
            user=user,
            member_state=state,
            institution=institution,
            role=FocalPoint.Role.ALTERNATE,
            status=FocalPoint.Status.ACTIVE,
            given_name="Bench",
            family_name="Focal point",
            position="Head of International Relations",
            email=user.email,
            time_zone="America/Paramaribo",  # the viewer's own zone differs from the meeting's
            is_demo=True,
        )
    return user


def pages(ctx):
    meeting = _meetings()
    _registrations(meeting)
    cookie = ctx.session_cookie(_focal_point())
    suffix = f" ×{SCALE}" if SCALE > 1 else ""
    return [
        Page(f"meetings public list (en){suffix}", "/en/meetings/", group="meetings"),
        Page(
            f"meeting page, {REGISTRATIONS * SCALE} registrations, focal point{suffix}",
            f"/en/meetings/{meeting.pk}/",
            headers=cookie,
            group="meetings",
        ),
    ]
