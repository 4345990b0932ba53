"""Meetings for the demo: the third network meeting and the two it called for (see reference),
and an upcoming online focal-point meeting with its agenda and a few answers (marked demo)."""

import datetime

from django.utils import timezone

from members.models import FocalPoint

from .models import AgendaItem, Meeting, MeetingDocument, Registration
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


# The 2022 online focal-points meeting (called for by the third communiqué), as held: who
# attended, by state, and its minutes. Plausible, marked demo.
HELD_2022 = {
    "attended": ["TUR", "IDN", "MYS", "MAR", "SEN", "EGY", "SUR", "PAK"],
    "absent": ["NGA", "AZE"],
    "declined": ["SAU"],
}
MINUTES_2022 = {
    "en": "<p>The focal points reviewed the status of nominations and the progress of the "
    "2021–2022 work plan, and agreed to prepare the fourth meeting of the network in 2023.</p>"
    "<ul><li>Eight member states reported on their activities.</li><li>The secretariat will "
    "circulate the draft agenda of the fourth meeting.</li></ul>",
    "ar": "<p>استعرضت جهات الاتصال الوطنية وضع الترشيحات والتقدم المحرز في خطة العمل 2021–2022، "
    "واتفقت على التحضير للاجتماع الرابع للشبكة في عام 2023.</p>",
    "fr": "<p>Les points focaux ont examiné l'état des désignations et l'avancement du plan de "
    "travail 2021-2022, et sont convenus de préparer la quatrième réunion du réseau en 2023.</p>",
}


def _demo_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Concept note (demo)"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def seed_held_2022(meeting: Meeting) -> int:
    from django.core.files.base import ContentFile

    from members.models import MemberState

    meeting.status = Meeting.Status.HELD
    meeting.is_demo = True
    meeting.description_en = (
        "Online meeting of the national focal points called for by the third meeting of the "
        "network: nominations, progress of the work plan and preparation of the fourth meeting."
    )
    meeting.description_ar = (
        "اجتماع جهات الاتصال الوطنية عبر الإنترنت الذي دعا إليه الاجتماع الثالث للشبكة: "
        "الترشيحات والتقدم المحرز في خطة العمل والتحضير للاجتماع الرابع."
    )
    meeting.description_fr = (
        "Réunion en ligne des points focaux nationaux demandée par la troisième réunion du "
        "réseau : désignations, avancement du plan de travail et préparation de la quatrième "
        "réunion."
    )
    for language, html in MINUTES_2022.items():
        setattr(meeting, f"minutes_{language}", html)
    meeting.minutes_published = True
    meeting.save()
    if not meeting.agenda.exists():
        for order, (title_en, title_ar, title_fr, minutes) in enumerate(AGENDA, start=1):
            AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                title_en=title_en,
                title_ar=title_ar,
                title_fr=title_fr,
                duration_minutes=minutes,
            )
    if not meeting.documents.exists():
        document = MeetingDocument(
            meeting=meeting,
            language="en",
            kind=MeetingDocument.Kind.CONCEPT_NOTE,
            title="Concept note (demo)",
            is_public=True,
            original_name="concept-note.pdf",
            content_type="application/pdf",
            is_demo=True,
        )
        content = _demo_pdf()
        document.size = len(content)
        document.file.save("concept-note.pdf", ContentFile(content), save=False)
        document.save()
    states = {s.iso3: s for s in MemberState.objects.filter(iso3__in=sum(HELD_2022.values(), []))}
    count = 0
    for status, codes in HELD_2022.items():
        for iso3 in codes:
            state = states.get(iso3)
            if state is None:
                continue
            Registration.objects.update_or_create(
                meeting=meeting,
                email=f"focal-point.{iso3.lower()}@demo.pesnet.test",
                defaults={
                    "member_state": state,
                    "name": f"Focal point of {state.name_en}",
                    "status": status,
                    "time_zone": state.default_time_zone,
                    "is_demo": True,
                },
            )
            count += 1
    return count


def seed(password: str, log) -> None:
    meetings = load_meetings()
    held = seed_held_2022(meetings[(Meeting.Kind.FOCAL_POINTS, 1)])
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
        f"meeting); the second focal-point meeting on {day} has an agenda and 3 answers; the "
        f"2022 online focal-points meeting is held, with {held} participants and its minutes."
    )
