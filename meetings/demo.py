"""Meetings for the demo: the third network meeting and the two it called for (see reference),
and an upcoming online focal-point meeting with its agenda and a few answers (marked demo)."""

import datetime

from django.utils import timezone

from members.models import FocalPoint

from .models import AgendaItem, Meeting, Registration
from .reference import ANKARA, load_meetings

AGENDA = [
    (
        "Opening remarks by the chair (İŞKUR) and the secretariat (SESRIC)",
        "كلمة افتتاحية للرئاسة (İŞKUR) والأمانة (سيسرك)",
        "Allocution d'ouverture de la présidence (İŞKUR) et du secrétariat (SESRIC)",
        15,
    ),
    (
        "Status of the nominations of national focal points",
        "وضع ترشيحات جهات الاتصال الوطنية",
        "État des désignations des points focaux nationaux",
        20,
    ),
    (
        "Progress of the 2021–2022 work plan: reports of the activity leads",
        "التقدم المحرز في خطة العمل 2021–2022: تقارير الجهات المسؤولة عن الأنشطة",
        "Avancement du plan de travail 2021-2022 : rapports des responsables d'activités",
        60,
    ),
    (
        "Preparations for the next meeting of the network",
        "التحضيرات للاجتماع المقبل للشبكة",
        "Préparatifs de la prochaine réunion du réseau",
        30,
    ),
    ("Any other business and closing", "ما يستجد من أعمال والاختتام", "Divers et clôture", 15),
]
ANSWERS = {"TUR": Registration.Status.REGISTERED, "IDN": Registration.Status.REGISTERED}
ANSWERS["NGA"] = Registration.Status.DECLINED


def seed(password: str, log) -> None:
    meetings = load_meetings()
    day = timezone.localdate() + datetime.timedelta(days=21)
    start = datetime.datetime.combine(day, datetime.time(11, 0), tzinfo=ANKARA)
    meeting, _ = Meeting.objects.update_or_create(
        kind=Meeting.Kind.FOCAL_POINTS,
        number=2,
        defaults={
            "title_en": "Second Online Meeting of the National Focal Points of OIC-PESNET",
            "title_ar": "الاجتماع الثاني لجهات الاتصال الوطنية لشبكة منظمة التعاون الإسلامي "
            "لخدمات التوظيف العامة عبر الإنترنت",
            "title_fr": "Deuxième réunion en ligne des points focaux nationaux du Réseau des "
            "services publics de l'emploi de l'OCI",
            "start": start,
            "end": start + datetime.timedelta(hours=2, minutes=30),
            "place_en": "Online",
            "place_ar": "عبر الإنترنت",
            "place_fr": "En ligne",
            "mode": Meeting.Mode.ONLINE,
            "time_zone": "Europe/Istanbul",
            "online_link": "https://meet.demo.pesnet.test/pesnet-focal-points-2",
            "registration_deadline": start - datetime.timedelta(days=3),
            "is_demo": True,
        },
    )
    meeting.agenda.all().delete()
    at = start
    for order, (title_en, title_ar, title_fr, minutes) in enumerate(AGENDA, start=1):
        AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            title_en=title_en,
            title_ar=title_ar,
            title_fr=title_fr,
            start=at,
            duration_minutes=minutes,
        )
        at += datetime.timedelta(minutes=minutes)
    for iso3, status in ANSWERS.items():
        person = FocalPoint.objects.filter(
            member_state__iso3=iso3, status=FocalPoint.Status.ACTIVE, user__isnull=False
        ).first()
        if person is not None:
            Registration.objects.update_or_create(
                meeting=meeting,
                user=person.user,
                defaults={"member_state": person.member_state, "status": status, "is_demo": True},
            )
    log(
        f"Meetings: {len(meetings) + 1} (third network meeting, two focal-point meetings, fourth "
        f"meeting); the second focal-point meeting on {day} has an agenda and 3 answers."
    )
