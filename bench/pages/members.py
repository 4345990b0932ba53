"""Members directory pages for `make bench` (issue 3), at the network's scale and ten times it.

BENCH_MEMBERS_SCALE=1 (default): the 57 member states with 2 active focal points each.
BENCH_MEMBERS_SCALE=10: ten times the states and focal points (513 synthetic states are added
beside the 57 real ones, 2 focal points each), for the same pages. Run `make bench` once per
scale; the page names carry the scale so the results can be put side by side.
The Django admin's changelist of focal points is measured for comparison.
"""

import os

from bench.harness import Page

SCALE = int(os.environ.get("BENCH_MEMBERS_SCALE", "1"))
BENCH_DOMAIN = "bench.pesnet.test"


def _user(email, **extra):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Group

    from pesnet.models import User
    from pesnet.roles import SECRETARIAT

    user, _ = User.objects.get_or_create(email=email, defaults=extra)
    EmailAddress.objects.get_or_create(user=user, email=email, verified=True, primary=True)
    if extra.get("is_staff"):
        user.groups.add(Group.objects.get(name=SECRETARIAT))
        if not Authenticator.objects.filter(user=user, type="totp").exists():
            TOTP.activate(user, generate_totp_secret())
    return user


_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Real country codes are two letters: a digit in the code never collides with one.
# (Two digits would be read as a numeric ISO code by django-countries, so one of each.)
_CODES = [letter + d for letter in _LETTERS for d in _DIGITS] + [
    d + letter for d in _DIGITS for letter in _LETTERS
]


def _synthetic_states(count):
    """States beyond the 57, with codes that contain a digit (no real country's does)."""
    from members.models import MemberState

    for n in range(count):
        code = _CODES[n]
        MemberState.objects.get_or_create(
            country=code,
            defaults={
                "iso3": f"X{code}",
                "name_en": f"Bench state {n}",
                "name_ar": f"دولة اختبار {n}",
                "name_fr": f"État de test {n}",
                "oic_group": "asian",
            },
        )


def _populate():
    from members.models import FocalPoint, Institution, MemberState

    if SCALE > 1:
        _synthetic_states(57 * (SCALE - 1))
    for state in MemberState.objects.filter(focal_points__isnull=True):
        institution = Institution.objects.create(
            member_state=state,
            name_en=f"Public employment service of {state.name_en}",
            acronym=f"PES-{state.iso3}",
            email=f"pes.{state.iso3.lower()}@{BENCH_DOMAIN}",
            phone="+903122922900",
        )
        for role in (FocalPoint.Role.PRIMARY, FocalPoint.Role.ALTERNATE):
            FocalPoint.objects.create(
                member_state=state,
                role=role,
                status=FocalPoint.Status.ACTIVE,
                given_name="Bench",
                family_name=f"{state.iso3} {role}",
                email=f"{role}.{state.iso3.lower()}@{BENCH_DOMAIN}",
                institution=institution,
                phone="+903122922901",
            )


def _history_of_turkiye():
    """At ten times the scale, Türkiye's page also has ten times the past focal points."""
    from members.models import FocalPoint, MemberState

    state = MemberState.objects.get(iso3="TUR")
    wanted = 2 * (SCALE - 1)
    have = FocalPoint.objects.filter(member_state=state, status="superseded").count()
    for n in range(have, wanted):
        FocalPoint.objects.create(
            member_state=state,
            role=FocalPoint.Role.PRIMARY if n % 2 else FocalPoint.Role.ALTERNATE,
            status=FocalPoint.Status.SUPERSEDED,
            given_name="Former",
            family_name=f"focal point {n}",
            email=f"former{n}.tur@{BENCH_DOMAIN}",
        )


def pages(ctx):
    _populate()
    _history_of_turkiye()
    secretariat = _user(f"secretariat@{BENCH_DOMAIN}", is_staff=True)
    cookie = ctx.session_cookie(secretariat)
    suffix = f" ×{SCALE}" if SCALE > 1 else ""
    return [
        Page(f"members public list (en){suffix}", "/en/members/", group="members"),
        Page(f"members public list (ar){suffix}", "/ar/members/", group="members"),
        Page(
            f"secretariat directory{suffix}",
            "/en/members/secretariat/",
            headers=cookie,
            group="members",
        ),
        Page(
            f"secretariat directory, search{suffix}",
            "/ar/members/secretariat/?q=tur",
            headers=cookie,
            group="members",
        ),
        Page(
            f"network directory{suffix}", "/en/members/directory/", headers=cookie, group="members"
        ),
        Page(
            f"member state page (TUR){suffix}",
            "/en/members/states/TUR/",
            headers=cookie,
            group="members",
        ),
        Page(
            f"dashboard{suffix}",
            "/en/members/secretariat/dashboard/",
            headers=cookie,
            group="members",
        ),
        Page(
            f"admin changelist of focal points{suffix}",
            "/en/admin/members/focalpoint/",
            headers=cookie,
            group="members",
        ),
    ]
