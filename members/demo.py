"""Demo focal points behind the demo accounts (local use only, see seed_demo).

Every person here is invented; names carry no link to the real focal points of the network.
"""

import datetime
import io
import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone

from pesnet.demo import DEMO_DOMAIN, demo_user

from . import demo_reminders
from .models import FocalPoint, Institution, Invitation, MemberState, SendingAuthority
from .reference import load_reference_data

# (ISO2, institution en, ar, fr, acronym, website, institutional e-mail, phone,
#  focal point: honorific, given, family, position, phone, preferred language, time zone)
DEMO_FOCAL_POINTS = [
    (
        "TR",
        "Turkish Employment Agency",
        "وكالة التوظيف التركية",
        "Agence turque pour l'emploi",
        "İŞKUR",
        "https://www.iskur.gov.tr",
        "international@iskur.demo.pesnet.test",
        "+903122922900",
        "ms",
        "Zeynep",
        "Aydın",
        "Head of External Relations Department",
        "+903122922901",
        "en",
        "Europe/Istanbul",
    ),
    (
        "MA",
        "National Agency for the Promotion of Employment and Skills",
        "الوكالة الوطنية لإنعاش التشغيل والكفاءات",
        "Agence nationale de promotion de l'emploi et des compétences",
        "ANAPEC",
        "https://www.anapec.org",
        "cooperation@anapec.demo.pesnet.test",
        "+212522776500",
        "mr",
        "Youssef",
        "El Amrani",
        "Director of Cooperation",
        "+212522776501",
        "ar",
        "Africa/Casablanca",
    ),
    (
        "ID",
        "Ministry of Manpower — Directorate General of Manpower Placement",
        "وزارة القوى العاملة — المديرية العامة لتوظيف القوى العاملة",
        "Ministère de la Main-d'œuvre — Direction générale du placement",
        "Kemnaker",
        "https://kemnaker.go.id",
        "pes@kemnaker.demo.pesnet.test",
        "+62215255733",
        "dr",
        "Siti",
        "Rahmawati",
        "Director of Domestic Placement",
        "+62215255734",
        "en",
        "Asia/Jakarta",
    ),
    (
        "NG",
        "National Electronic Labour Exchange, Federal Ministry of Labour and Employment",
        "البورصة الإلكترونية الوطنية للعمل، الوزارة الاتحادية للعمل والتوظيف",
        "Bourse électronique nationale du travail, ministère fédéral du Travail et de l'Emploi",
        "NELEX",
        "https://labour.gov.ng",
        "nelex@labour.demo.pesnet.test",
        "+2349012345670",
        "mr",
        "Chinedu",
        "Okafor",
        "Deputy Director, Employment and Wages",
        "+2349012345671",
        "en",
        "Africa/Lagos",
    ),
    (
        "PS",
        "Palestinian Fund for Employment and Social Protection",
        "الصندوق الفلسطيني للتشغيل والحماية الاجتماعية",
        "Fonds palestinien pour l'emploi et la protection sociale",
        "PFESP",
        "https://pfesp.ps",
        "info@pfesp.demo.pesnet.test",
        "+97022987654",
        "ms",
        "Rania",
        "Haddad",
        "Director of Employment Programmes",
        "+97022987655",
        "ar",
        "Asia/Gaza",
    ),
]


def seed(password: str, log) -> None:
    load_reference_data()
    today = timezone.localdate()
    for (
        iso2,
        inst_en,
        inst_ar,
        inst_fr,
        acronym,
        website,
        inst_email,
        inst_phone,
        honorific,
        given,
        family,
        position,
        phone,
        language,
        tz,
    ) in DEMO_FOCAL_POINTS:
        state = MemberState.objects.get(country=iso2)
        institution, _ = Institution.objects.update_or_create(
            member_state=state,
            acronym=acronym,
            defaults={
                "name_en": inst_en,
                "name_ar": inst_ar,
                "name_fr": inst_fr,
                "website": website,
                "email": inst_email,
                "phone": inst_phone,
                "is_demo": True,
            },
        )
        email = f"fp.{state.iso3.lower()}@{DEMO_DOMAIN}"
        user = demo_user(email, password, first_name=given, last_name=family, language=language)
        FocalPoint.objects.update_or_create(
            member_state=state,
            email=email,
            defaults={
                "user": user,
                "role": FocalPoint.Role.PRIMARY,
                "status": FocalPoint.Status.ACTIVE,
                "honorific": honorific,
                "given_name": given,
                "family_name": family,
                "position": position,
                "institution": institution,
                "phone": phone,
                "preferred_language": language,
                "time_zone": tz,
                "effective_from": datetime.date(2021, 6, 3),
                "details_confirmed_at": timezone.now()
                - datetime.timedelta(days=STALE_DAYS.get(iso2, 90)),
                "phones_shared": iso2 in PHONES_SHARED,
                "is_demo": True,
            },
        )
    log(f"Demo focal points: fp.<iso3>@{DEMO_DOMAIN} for TUR, MAR, IDN, NGA, PSE (today {today}).")
    _seed_institutions_without_focal_points()
    _seed_campaign_states()
    log(
        "Demo directory: institutions without focal points, an alternate only (JOR), a pending "
        "nomination (EGY) and two open invitations (SAU, MYS)."
    )
    # The nomination reminders are the members app's: their demo history needs the states above.
    demo_reminders.seed(log)


# Nigeria's focal point has not confirmed their details for over a year: the yearly campaign
# flags them. Türkiye and Morocco share their phone numbers with the network.
STALE_DAYS = {"NG": 420}
PHONES_SHARED = {"TR", "MA"}

# States without a focal point yet: the secretariat writes to the institution's address.
DEMO_INSTITUTIONS = Path(__file__).with_name("demo_institutions.json")


def _seed_institutions_without_focal_points() -> None:
    for row in json.loads(DEMO_INSTITUTIONS.read_text(encoding="utf-8")):
        Institution.objects.update_or_create(
            member_state=MemberState.objects.get(country=row["iso2"]),
            acronym=row["acronym"],
            defaults={
                "name_en": row["name_en"],
                "name_ar": row["name_ar"],
                "name_fr": row["name_fr"],
                "website": row["website"],
                "email": row["email"],
                "phone": row["phone"],
                "is_demo": True,
            },
        )


def demo_letter_pdf(text: str) -> bytes:
    """A one-page PDF standing in for a state's nomination letter."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _seed_campaign_states() -> None:
    jordan = MemberState.objects.get(country="JO")
    FocalPoint.objects.update_or_create(
        member_state=jordan,
        email=f"alternate.jor@{DEMO_DOMAIN}",
        defaults={
            "role": FocalPoint.Role.ALTERNATE,
            "status": FocalPoint.Status.ACTIVE,
            "honorific": "mr",
            "given_name": "Omar",
            "family_name": "Al-Khatib",
            "position": "Head of Employment Programmes",
            "institution": jordan.institutions.first(),
            "phone": "+96265000002",
            "preferred_language": "ar",
            "time_zone": "Asia/Amman",
            "effective_from": datetime.date(2024, 3, 1),
            "details_confirmed_at": timezone.now() - datetime.timedelta(days=30),
            "is_demo": True,
        },
    )
    egypt = MemberState.objects.get(country="EG")
    pending, created = FocalPoint.objects.update_or_create(
        member_state=egypt,
        email=f"nominee.egy@{DEMO_DOMAIN}",
        defaults={
            "role": FocalPoint.Role.PRIMARY,
            "status": FocalPoint.Status.SUBMITTED,
            "honorific": "dr",
            "given_name": "Mona",
            "family_name": "Abdelrahman",
            "position": "Director General of Employment",
            "institution": egypt.institutions.first(),
            "preferred_language": "ar",
            "time_zone": "Africa/Cairo",
            "sending_authority": SendingAuthority.PERMANENT_MISSION,
            "sending_authority_name": "Permanent Mission of Egypt to the OIC (demo)",
            "nomination_recorded_at": timezone.now() - datetime.timedelta(days=3),
            "effective_from": timezone.localdate(),
            "is_demo": True,
        },
    )
    if not pending.nomination_letter:
        pending.nomination_letter_name = "demo-nomination-egy.pdf"
        pending.nomination_letter.save(
            "demo-nomination-egy.pdf", ContentFile(demo_letter_pdf("Demo nomination letter"))
        )
    for iso2, role, given, family, language in (
        ("SA", FocalPoint.Role.PRIMARY, "Khalid", "Al-Otaibi", "ar"),
        ("MY", FocalPoint.Role.ALTERNATE, "Nurul", "Hassan", "en"),
    ):
        state = MemberState.objects.get(country=iso2)
        email = f"invitee.{state.iso3.lower()}@{DEMO_DOMAIN}"
        invitation = Invitation.objects.filter(member_state=state, email=email).first()
        if invitation is None:
            invitation = Invitation(member_state=state, email=email)
            invitation.new_token()
        invitation.role = role
        invitation.given_name = given
        invitation.family_name = family
        invitation.language = language
        invitation.sent_at = timezone.now() - datetime.timedelta(days=2)
        invitation.send_count = max(invitation.send_count, 1)
        invitation.expires_at = invitation.sent_at + datetime.timedelta(days=14)
        invitation.revoked_at = None
        invitation.accepted_at = None
        invitation.is_demo = True
        invitation.save()
