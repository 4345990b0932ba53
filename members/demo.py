"""Demo focal points behind the demo accounts (local use only, see seed_demo).

Every person here is invented; names carry no link to the real focal points of the network.
"""

import datetime

from django.utils import timezone

from pesnet.demo import DEMO_DOMAIN, demo_user

from .models import FocalPoint, Institution, MemberState
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
                "name": inst_en,
                "name_en": inst_en,
                "name_ar": inst_ar,
                "name_fr": inst_fr,
                "website": website,
                "email": inst_email,
                "phone": inst_phone,
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
                "details_confirmed_at": timezone.now() - datetime.timedelta(days=90),
            },
        )
    log(f"Demo focal points: fp.<iso3>@{DEMO_DOMAIN} for TUR, MAR, IDN, NGA, PSE (today {today}).")
