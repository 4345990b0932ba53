"""A plausible 2021–2022 work plan for local demonstrations (see seed_demo).

The third meeting (2–3 June 2021) endorsed the network's work plan for 2021–2022. The
activities below follow its themes, but the codes, dates, progress and reports are invented and
the plan is flagged `is_demo`, which the interface shows as a badge on every page of it.
"""

import datetime

from django.utils import timezone

from meetings.models import Meeting
from members.models import FocalPoint, MemberState, Organisation
from pesnet.demo import DEMO_DOMAIN
from pesnet.models import User

from .models import Activity, Milestone, ProgressReport, WorkPlan
from .services import roll_up, sanitise_narrative

D = datetime.date

# code, category, lead ("state:ISO3" or "org:slug"), partners, beneficiaries (ISO3), start, end,
# status, progress, parent, weight, (en, ar, fr) title, (en, ar, fr) description
ACTIVITIES = [
    (
        "1.1",
        "capacity_building",
        "org:sesric",
        ["ilo", "wapes"],
        [],
        D(2021, 7, 1),
        D(2022, 12, 31),
        "in_progress",
        0,
        None,
        1,
        (
            "OIC-PESNET capacity-building programme (PES-CaB)",
            "برنامج بناء القدرات لشبكة خدمات التوظيف العامة (PES-CaB)",
            "Programme de renforcement des capacités des SPE (PES-CaB)",
        ),
        (
            "Training courses, study visits and e-learning for the staff of the public "
            "employment services of member states, run by SESRIC with the network's members.",
            "دورات تدريبية وزيارات دراسية وتعلم إلكتروني لموظفي خدمات التوظيف العامة في الدول "
            "الأعضاء، ينفذها سيسرك بالتعاون مع أعضاء الشبكة.",
            "Formations, visites d'étude et apprentissage en ligne pour le personnel des services "
            "publics de l'emploi des États membres, organisés par le SESRIC avec les membres.",
        ),
    ),
    (
        "1.1.1",
        "capacity_building",
        "org:iskur",
        ["ilo"],
        ["MAR", "IDN", "NGA", "PSE"],
        D(2021, 9, 1),
        D(2022, 3, 31),
        "completed",
        100,
        "1.1",
        2,
        (
            "Training course on job matching and services to employers",
            "دورة تدريبية حول المواءمة بين الوظائف والباحثين عنها والخدمات المقدمة لأصحاب العمل",
            "Formation sur le rapprochement de l'offre et de la demande et les services aux "
            "employeurs",
        ),
        ("", "", ""),
    ),
    (
        "1.1.2",
        "capacity_building",
        "state:MAR",
        [],
        ["NGA", "PSE"],
        D(2022, 2, 1),
        D(2022, 10, 31),
        "in_progress",
        50,
        "1.1",
        1,
        (
            "Study visit on active labour-market programmes",
            "زيارة دراسية حول برامج سوق العمل النشطة",
            "Visite d'étude sur les programmes actifs du marché du travail",
        ),
        ("", "", ""),
    ),
    (
        "1.1.3",
        "capacity_building",
        "state:IDN",
        ["ilo"],
        [],
        D(2022, 4, 1),
        D(2022, 12, 31),
        "planned",
        0,
        "1.1",
        1,
        (
            "E-learning course on career guidance",
            "دورة تعلم إلكتروني حول التوجيه المهني",
            "Cours en ligne sur l'orientation professionnelle",
        ),
        ("", "", ""),
    ),
    (
        "1.2",
        "capacity_building",
        "state:PSE",
        ["isdb", "ilo"],
        ["PSE"],
        D(2021, 10, 1),
        D(2022, 12, 31),
        "in_progress",
        40,
        None,
        1,
        (
            "Capacity building for the employment service of Palestine",
            "بناء قدرات خدمة التوظيف في فلسطين",
            "Renforcement des capacités du service de l'emploi de Palestine",
        ),
        (
            "Support to the Palestinian Fund for Employment and Social Protection: job-counsellor "
            "training and an assessment of its registration and placement services.",
            "دعم الصندوق الفلسطيني للتشغيل والحماية الاجتماعية: تدريب مرشدي التوظيف وتقييم "
            "خدمات التسجيل والتوظيف.",
            "Appui au Fonds palestinien pour l'emploi et la protection sociale : formation des "
            "conseillers et évaluation des services d'inscription et de placement.",
        ),
    ),
    (
        "1.3",
        "capacity_building",
        "state:NGA",
        ["wapes"],
        [],
        D(2022, 3, 1),
        D(2022, 11, 30),
        "postponed",
        10,
        None,
        1,
        (
            "Training of trainers on digital PES services",
            "تدريب المدربين على الخدمات الرقمية لخدمات التوظيف العامة",
            "Formation de formateurs aux services numériques des SPE",
        ),
        ("", "", ""),
    ),
    (
        "2.1",
        "knowledge_sharing",
        "org:sesric",
        ["ilo", "wapes"],
        [],
        D(2021, 6, 15),
        D(2021, 12, 15),
        "completed",
        100,
        None,
        1,
        (
            "Webinar series on the effects of COVID-19 on labour markets",
            "سلسلة ندوات عبر الإنترنت حول آثار جائحة كوفيد-19 على أسواق العمل",
            "Série de webinaires sur les effets de la COVID-19 sur les marchés du travail",
        ),
        (
            "Four webinars in which public employment services shared the measures they took "
            "during the pandemic.",
            "أربع ندوات عبر الإنترنت تبادلت فيها خدمات التوظيف العامة التدابير التي اتخذتها "
            "خلال الجائحة.",
            "Quatre webinaires où les services publics de l'emploi ont partagé les mesures "
            "prises pendant la pandémie.",
        ),
    ),
    (
        "2.2",
        "knowledge_sharing",
        "state:MAR",
        ["wapes"],
        [],
        D(2021, 11, 1),
        D(2022, 9, 30),
        "in_progress",
        60,
        None,
        1,
        (
            "Compendium of good practices of public employment services in OIC member states",
            "خلاصة الممارسات الجيدة لخدمات التوظيف العامة في الدول الأعضاء في منظمة التعاون "
            "الإسلامي",
            "Recueil de bonnes pratiques des services publics de l'emploi des États membres de "
            "l'OCI",
        ),
        ("", "", ""),
    ),
    (
        "2.3",
        "knowledge_sharing",
        "state:IDN",
        [],
        ["MAR", "NGA"],
        D(2022, 1, 15),
        D(2022, 12, 15),
        "in_progress",
        30,
        None,
        1,
        (
            "Peer-learning exchange on youth employment programmes",
            "تبادل التعلم بين الأقران حول برامج تشغيل الشباب",
            "Échange entre pairs sur les programmes d'emploi des jeunes",
        ),
        ("", "", ""),
    ),
    (
        "3.1",
        "research",
        "org:sesric",
        ["ilo"],
        [],
        D(2021, 9, 1),
        D(2022, 10, 31),
        "in_progress",
        75,
        None,
        1,
        (
            "Labour-market information study: LMI systems in OIC member states",
            "دراسة حول معلومات سوق العمل: أنظمة معلومات سوق العمل في الدول الأعضاء",
            "Étude sur l'information sur le marché du travail : les systèmes d'IMT des États "
            "membres",
        ),
        (
            "A survey of how member states collect and use labour-market information, with "
            "recommendations for the network.",
            "مسح لكيفية جمع الدول الأعضاء لمعلومات سوق العمل واستخدامها، مع توصيات للشبكة.",
            "Une enquête sur la collecte et l'usage de l'information sur le marché du travail "
            "par les États membres, avec des recommandations pour le réseau.",
        ),
    ),
    (
        "3.2",
        "research",
        "state:NGA",
        [],
        [],
        D(2022, 1, 1),
        D(2022, 12, 31),
        "in_progress",
        20,
        None,
        1,
        (
            "Survey of the institutional capacities of public employment services",
            "مسح القدرات المؤسسية لخدمات التوظيف العامة",
            "Enquête sur les capacités institutionnelles des services publics de l'emploi",
        ),
        ("", "", ""),
    ),
    (
        "4.1",
        "networking",
        "org:sesric",
        [],
        [],
        D(2022, 5, 1),
        D(2022, 5, 31),
        "completed",
        100,
        None,
        1,
        (
            "Online meeting of the national focal points (2022)",
            "اجتماع جهات الاتصال الوطنية عبر الإنترنت (2022)",
            "Réunion en ligne des points focaux nationaux (2022)",
        ),
        ("", "", ""),
    ),
    (
        "4.2",
        "networking",
        "org:iskur",
        ["ilo", "iom", "isdb", "wapes"],
        [],
        D(2022, 10, 1),
        D(2023, 6, 30),
        "in_progress",
        50,
        None,
        1,
        (
            "Fourth meeting of the OIC-PESNET (2023)",
            "الاجتماع الرابع لشبكة منظمة التعاون الإسلامي لخدمات التوظيف العامة (2023)",
            "Quatrième réunion du réseau OCI-PESNET (2023)",
        ),
        ("", "", ""),
    ),
    (
        "4.3",
        "networking",
        "org:sesric",
        ["wapes", "iom"],
        [],
        D(2021, 7, 1),
        D(2022, 12, 31),
        "in_progress",
        60,
        None,
        1,
        (
            "Cooperation framework with WAPES and IOM on labour migration",
            "إطار تعاون مع الرابطة العالمية لخدمات التوظيف العامة والمنظمة الدولية للهجرة حول "
            "هجرة اليد العاملة",
            "Cadre de coopération avec l'AMSEP et l'OIM sur les migrations de main-d'œuvre",
        ),
        ("", "", ""),
    ),
    (
        "5.1",
        "awareness",
        "org:sesric",
        [],
        [],
        D(2021, 6, 15),
        D(2022, 12, 31),
        "in_progress",
        80,
        None,
        1,
        (
            "OIC-PESNET web portal and newsletter",
            "البوابة الإلكترونية والنشرة الإخبارية للشبكة",
            "Portail web et lettre d'information du réseau",
        ),
        ("", "", ""),
    ),
    (
        "5.2",
        "awareness",
        "state:NGA",
        [],
        [],
        D(2021, 11, 1),
        D(2022, 2, 28),
        "cancelled",
        0,
        None,
        1,
        (
            "Regional job fair for young graduates",
            "معرض إقليمي للتوظيف لفائدة الخريجين الشباب",
            "Salon régional de l'emploi pour les jeunes diplômés",
        ),
        ("Cancelled because of the pandemic restrictions of early 2022.", "", ""),
    ),
]

MILESTONES = {
    "1.1.1": [
        (
            D(2021, 11, 15),
            "Course held in Ankara",
            "عقد الدورة في أنقرة",
            "Formation tenue à Ankara",
            True,
        ),
        (D(2022, 3, 31), "Evaluation report", "تقرير التقييم", "Rapport d'évaluation", True),
    ],
    "1.2": [
        (D(2022, 3, 31), "Needs assessment", "تقييم الاحتياجات", "Évaluation des besoins", True),
        (
            D(2022, 9, 30),
            "Counsellor training",
            "تدريب المرشدين",
            "Formation des conseillers",
            False,
        ),
    ],
    "3.1": [
        (D(2022, 2, 28), "Questionnaire sent", "إرسال الاستبيان", "Questionnaire envoyé", True),
        (D(2022, 10, 31), "Draft study", "مسودة الدراسة", "Projet d'étude", False),
    ],
    "4.2": [
        (
            D(2023, 3, 31),
            "Draft agenda circulated",
            "تعميم مشروع جدول الأعمال",
            "Projet d'ordre du jour diffusé",
            True,
        ),
        (D(2023, 6, 30), "Meeting held", "عقد الاجتماع", "Réunion tenue", False),
    ],
}

# code, reporter (ISO3 of the focal point, or "secretariat"), date, percent, narrative,
# review ("accepted", "needs_revision" or "submitted"), review comment
REPORTS = [
    (
        "2.1",
        "secretariat",
        D(2021, 12, 20),
        100,
        "Four webinars held between June and December 2021, with 180 participants from 31 member "
        "states. Recordings and presentations are on the portal.",
        "accepted",
        "",
    ),
    (
        "1.1.1",
        "TUR",
        D(2022, 4, 10),
        100,
        "The course took place in Ankara for 24 staff of four PES; the evaluation report is "
        "attached to the programme file.",
        "accepted",
        "Thank you, well documented.",
    ),
    (
        "1.1.2",
        "MAR",
        D(2022, 6, 30),
        50,
        "Programme agreed with the hosting agency; participants from Nigeria and Palestine "
        "confirmed.",
        "accepted",
        "",
    ),
    (
        "1.1.2",
        "MAR",
        D(2023, 1, 20),
        80,
        "The study visit took place in Rabat and Casablanca in November 2022; the visit report is "
        "being finalised.",
        "submitted",
        "",
    ),
    (
        "1.2",
        "PSE",
        D(2022, 6, 15),
        40,
        "Needs assessment completed with the support of IsDB; the training curriculum for job "
        "counsellors is drafted.",
        "accepted",
        "",
    ),
    (
        "1.2",
        "PSE",
        D(2023, 1, 31),
        70,
        "Two training sessions held for 35 job counsellors in Ramallah and Nablus; the "
        "assessment of registration services is under way.",
        "submitted",
        "",
    ),
    (
        "2.2",
        "MAR",
        D(2023, 2, 5),
        85,
        "Fourteen good practices collected from nine member states; the compendium is in layout "
        "in Arabic, English and French.",
        "submitted",
        "",
    ),
    (
        "2.3",
        "IDN",
        D(2022, 5, 1),
        30,
        "First exchange held online.",
        "needs_revision",
        "Please say which programmes were presented and how many countries took part.",
    ),
    (
        "3.1",
        "secretariat",
        D(2022, 9, 1),
        75,
        "Questionnaire answered by 29 member states; the analysis is in progress.",
        "accepted",
        "",
    ),
    (
        "3.2",
        "NGA",
        D(2023, 2, 10),
        45,
        "Questionnaire sent to all focal points; 17 answers received so far.",
        "submitted",
        "",
    ),
]


def _lead(key: str) -> dict:
    kind, value = key.split(":", 1)
    if kind == "state":
        return {"lead_member_state": MemberState.objects.get(iso3=value), "lead_organisation": None}
    return {"lead_member_state": None, "lead_organisation": Organisation.objects.get(slug=value)}


def seed(password: str, log) -> None:
    third_meeting = Meeting.objects.filter(kind=Meeting.Kind.NETWORK, number=3).first()
    plan, _ = WorkPlan.objects.update_or_create(
        start_year=2021,
        end_year=2022,
        defaults={
            "title": "OIC-PESNET work plan 2021–2022",
            "title_en": "OIC-PESNET work plan 2021–2022",
            "title_ar": "خطة عمل الشبكة للفترة 2021–2022",
            "title_fr": "Plan de travail de l'OCI-PESNET 2021–2022",
            "adopted_on": D(2021, 6, 3),
            "adopted_at_meeting": third_meeting,
            "adopted_at": "Third Meeting of the OIC-PESNET (online, 2–3 June 2021)",
            "adopted_at_en": "Third Meeting of the OIC-PESNET (online, 2–3 June 2021)",
            "adopted_at_ar": "الاجتماع الثالث للشبكة (عبر الإنترنت، 2–3 يونيو 2021)",
            "adopted_at_fr": "troisième réunion de l'OCI-PESNET (en ligne, 2-3 juin 2021)",
            "is_demo": True,
        },
    )
    by_code = {}
    for (
        code,
        category,
        lead,
        partners,
        beneficiaries,
        start,
        end,
        status,
        progress,
        parent,
        weight,
        titles,
        descriptions,
    ) in ACTIVITIES:
        activity, _ = Activity.objects.update_or_create(
            plan=plan,
            code=code,
            defaults={
                "category": category,
                **_lead(lead),
                "planned_start": start,
                "planned_end": end,
                "status": status,
                "progress": progress,
                "parent": by_code.get(parent),
                "weight": weight,
                "title": titles[0],
                "title_en": titles[0],
                "title_ar": titles[1],
                "title_fr": titles[2],
                "description": descriptions[0],
                "description_en": descriptions[0],
                "description_ar": descriptions[1],
                "description_fr": descriptions[2],
            },
        )
        activity.partners.set(Organisation.objects.filter(slug__in=partners))
        activity.beneficiaries.set(MemberState.objects.filter(iso3__in=beneficiaries))
        by_code[code] = activity
    for code, milestones in MILESTONES.items():
        for date, en, ar, fr, done in milestones:
            Milestone.objects.update_or_create(
                activity=by_code[code],
                date=date,
                defaults={
                    "title": en,
                    "title_en": en,
                    "title_ar": ar,
                    "title_fr": fr,
                    "done": done,
                },
            )
    secretariat = User.objects.get(email=f"secretariat@{DEMO_DOMAIN}")
    chair = User.objects.get(email=f"chair@{DEMO_DOMAIN}")
    for code, reporter, date, percent, narrative, review, comment in REPORTS:
        if reporter == "secretariat":
            user, state = secretariat, by_code[code].lead_state
        else:
            focal_point = FocalPoint.objects.select_related("user", "member_state").get(
                email=f"fp.{reporter.lower()}@{DEMO_DOMAIN}"
            )
            user, state = focal_point.user, focal_point.member_state
        reviewed = review != ProgressReport.Review.SUBMITTED
        ProgressReport.objects.update_or_create(
            activity=by_code[code],
            date=date,
            submitted_by=user,
            defaults={
                "member_state": state,
                "percent": percent,
                "narrative": sanitise_narrative(narrative),
                "review_status": review,
                "reviewer": chair if reviewed else None,
                "review_comment": comment,
                "reviewed_at": timezone.make_aware(
                    datetime.datetime.combine(date + datetime.timedelta(days=7), datetime.time(10))
                )
                if reviewed
                else None,
            },
        )
    roll_up(by_code["1.1"].pk)
    pending = ProgressReport.objects.filter(
        activity__plan=plan, review_status=ProgressReport.Review.SUBMITTED
    ).count()
    log(
        f"Demo work plan {plan.period}: {len(by_code)} activities, {pending} progress reports "
        "waiting for the chair's review."
    )
