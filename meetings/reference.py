"""The network's meetings that the communiqués refer to.

The third network meeting is on record (held online on 2–3 June 2021, its communiqué is in
communiques/demo_data). Its communiqué asked for an online focal-point meeting in 2022 and the
fourth network meeting in 2023: those rows carry plausible dates and are refined by the
secretariat when the meetings are convened. Loading is idempotent (matched by kind and number).
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from .models import Meeting

ANKARA = ZoneInfo("Europe/Istanbul")


def _at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=ANKARA)


MEETINGS = [
    {
        "kind": Meeting.Kind.NETWORK,
        "number": 3,
        "title_en": "Third Meeting of the OIC Public Employment Services Network (OIC-PESNET)",
        "title_ar": "الاجتماع الثالث لشبكة منظمة التعاون الإسلامي لخدمات التوظيف العامة",
        "title_fr": "Troisième réunion du Réseau des services publics de l'emploi de l'OCI",
        "start": _at(2021, 6, 2, 10),
        "end": _at(2021, 6, 3, 16),
        "place_en": "Online",
        "place_ar": "عبر الإنترنت",
        "place_fr": "En ligne",
        "mode": Meeting.Mode.ONLINE,
    },
    {
        "kind": Meeting.Kind.FOCAL_POINTS,
        "number": 1,
        "title_en": "Online Meeting of the National Focal Points of OIC-PESNET",
        "title_ar": "اجتماع جهات الاتصال الوطنية لشبكة منظمة التعاون الإسلامي لخدمات التوظيف "
        "العامة عبر الإنترنت",
        "title_fr": "Réunion en ligne des points focaux nationaux du Réseau des services publics "
        "de l'emploi de l'OCI",
        "start": _at(2022, 11, 15, 11),
        "end": _at(2022, 11, 15, 14),
        "place_en": "Online",
        "place_ar": "عبر الإنترنت",
        "place_fr": "En ligne",
        "mode": Meeting.Mode.ONLINE,
    },
    {
        "kind": Meeting.Kind.NETWORK,
        "number": 4,
        "title_en": "Fourth Meeting of the OIC Public Employment Services Network (OIC-PESNET)",
        "title_ar": "الاجتماع الرابع لشبكة منظمة التعاون الإسلامي لخدمات التوظيف العامة",
        "title_fr": "Quatrième réunion du Réseau des services publics de l'emploi de l'OCI",
        "start": _at(2023, 10, 24, 9, 30),
        "end": _at(2023, 10, 25, 17),
        "place_en": "Ankara, Türkiye",
        "place_ar": "أنقرة، تركيا",
        "place_fr": "Ankara (Türkiye)",
        "mode": Meeting.Mode.HYBRID,
    },
]


@transaction.atomic
def load_meetings() -> dict[tuple[str, int], Meeting]:
    meetings = {}
    for row in MEETINGS:
        values = dict(row)
        kind, number = values.pop("kind"), values.pop("number")
        meeting, _ = Meeting.objects.update_or_create(kind=kind, number=number, defaults=values)
        meetings[(kind, number)] = meeting
    return meetings


def third_meeting() -> Meeting:
    return Meeting.objects.get(kind=Meeting.Kind.NETWORK, number=3)
