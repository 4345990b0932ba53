"""Demo partner descriptions, a cooperation record and an announcement (local use only, see
seed_demo). Every record is marked demo; the texts are illustrative, not the network's own.

The chair's term İŞKUR 2021–2023 is reference data (members.reference). The demo chair
account is left without an affiliation, so it keeps its chair role although no term runs
today; the demo secretariat account is affiliated with SESRIC.
"""

import datetime

from django.utils import timezone

from members.models import Organisation
from pesnet.demo import DEMO_DOMAIN
from pesnet.models import User

from .models import Affiliation, Announcement, Cooperation, PartnerProfile

DESCRIPTIONS = {
    "ilo": (
        "The International Labour Organization shares its expertise on employment services "
        "and labour market information with the network's members, notably in joint "
        "capacity-building workshops.",
        "تتقاسم منظمة العمل الدولية خبرتها في مجال خدمات التوظيف ومعلومات سوق العمل مع "
        "أعضاء الشبكة، ولا سيما من خلال ورش عمل مشتركة لبناء القدرات.",
        "L'Organisation internationale du Travail partage son expertise en matière de "
        "services de l'emploi et d'information sur le marché du travail avec les membres du "
        "réseau, notamment lors d'ateliers conjoints de renforcement des capacités.",
    ),
    "iom": (
        "The International Organization for Migration cooperates with the network on labour "
        "migration and the services that public employment services offer to migrants.",
        "تتعاون المنظمة الدولية للهجرة مع الشبكة في مجال هجرة اليد العاملة والخدمات التي "
        "تقدمها خدمات التوظيف العامة للمهاجرين.",
        "L'Organisation internationale pour les migrations coopère avec le réseau sur les "
        "migrations de main-d'œuvre et les services que les services publics de l'emploi "
        "offrent aux migrants.",
    ),
    "isdb": (
        "The Islamic Development Bank supports the network's member states in projects on "
        "youth employment and skills.",
        "يدعم البنك الإسلامي للتنمية الدول الأعضاء في الشبكة في مشاريع تشغيل الشباب "
        "وتنمية المهارات.",
        "La Banque islamique de développement soutient les États membres du réseau dans des "
        "projets relatifs à l'emploi des jeunes et aux compétences.",
    ),
    "wapes": (
        "The World Association of Public Employment Services exchanges practices with the "
        "network and invites its members to its events.",
        "تتبادل الرابطة العالمية لخدمات التوظيف العامة الممارسات مع الشبكة وتدعو أعضاءها "
        "إلى فعالياتها.",
        "L'Association mondiale des services d'emploi publics échange des pratiques avec le "
        "réseau et invite ses membres à ses manifestations.",
    ),
}


def seed(password: str, log) -> None:
    for slug, (en, ar, fr) in DESCRIPTIONS.items():
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            continue
        PartnerProfile.objects.update_or_create(
            organisation=organisation,
            defaults={
                "description_en": f"{en} (Demo text.)",
                "description_ar": f"{ar} (نص تجريبي.)",
                "description_fr": f"{fr} (Texte de démonstration.)",
                "is_demo": True,
            },
        )
    wapes = Organisation.objects.filter(slug="wapes").first()
    if wapes is not None:
        Cooperation.objects.update_or_create(
            organisation=wapes,
            title_en="Exchange of practices on digital employment services (demo)",
            defaults={
                "type": Cooperation.Type.JOINT_ACTIVITY,
                "title_ar": "تبادل الممارسات في مجال خدمات التوظيف الرقمية (تجريبي)",
                "title_fr": "Échange de pratiques sur les services numériques de l'emploi (démo)",
                "date": datetime.date(2022, 11, 15),
                "is_demo": True,
            },
        )
    Announcement.objects.update_or_create(
        title_en="Focal points: please confirm your contact details (demo)",
        defaults={
            "title_ar": "جهات الاتصال: يرجى تأكيد بيانات الاتصال (تجريبي)",
            "title_fr": "Points focaux : veuillez confirmer vos coordonnées (démo)",
            "body_en": "The secretariat asks every national focal point to check and confirm "
            "their contact details on the portal before the next network meeting.",
            "body_ar": "تطلب الأمانة من كل جهة اتصال وطنية مراجعة بيانات الاتصال الخاصة بها "
            "وتأكيدها على البوابة قبل الاجتماع القادم للشبكة.",
            "body_fr": "Le secrétariat demande à chaque point focal national de vérifier et "
            "de confirmer ses coordonnées sur le portail avant la prochaine réunion du réseau.",
            "published_at": timezone.now(),
            "is_demo": True,
        },
    )
    secretariat = User.objects.filter(email=f"secretariat@{DEMO_DOMAIN}").first()
    sesric = Organisation.objects.filter(kind=Organisation.Kind.SECRETARIAT).first()
    if secretariat is not None and sesric is not None:
        Affiliation.objects.update_or_create(user=secretariat, defaults={"organisation": sesric})
    log("Demo governance: partner descriptions, a cooperation record, an announcement.")
