"""Demo data: the third meeting's communiqué (Arabic original, the team's English and French),
adopted and published with its follow-up, and demo Rules of Procedure with one amendment."""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model

from meetings.models import Meeting
from meetings.reference import load_meetings
from pesnet.demo import DEMO_DOMAIN
from workplan import demo as workplan_demo
from workplan.models import Activity, WorkPlan

from . import services
from .demo_data.rules_of_procedure import AMENDMENT_2023, CHAPTERS, RULES_TITLE
from .importer import parse_document
from .models import Communique, FollowUp, Paragraph, RulesArticle, RulesChapter, RulesOfProcedure

DATA = Path(__file__).resolve().parent / "demo_data"
SOURCES = [
    ("ar", "pesnet-3-final-communique.ar.txt"),
    ("en", "pesnet-3-final-communique.en.txt"),
    ("fr", "pesnet-3-final-communique.fr.txt"),
]


def import_third_communique(meeting: Meeting) -> Communique:
    communique = None
    for language, name in SOURCES:
        parsed = parse_document((DATA / name).read_bytes(), language)
        communique = services.import_communique(parsed, meeting)
    return communique


def _operative(communique: Communique, number: int) -> Paragraph:
    return communique.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).order_by("order")[number - 1]


def _follow_up(paragraph, en, ar, fr, **fields):
    services.save_follow_up(
        FollowUp(paragraph=paragraph, action_en=en, action_ar=ar, action_fr=fr, **fields)
    )


def seed_follow_ups(communique: Communique, meetings: dict) -> None:
    S, C = FollowUp.Responsible.SECRETARIAT, FollowUp.Responsible.CHAIR
    _follow_up(
        _operative(communique, 5),
        "Collect the nominations of national focal points from the member states that have "
        "not yet nominated them",
        "جمع تسميات جهات الاتصال الوطنية من الدول الأعضاء التي لم تسمها بعد",
        "Recueillir les désignations des points focaux nationaux des États membres qui ne les "
        "ont pas encore désignés",
        responsible=S,
        status=FollowUp.Status.IN_PROGRESS,
        link=FollowUp.Link.NOMINATIONS,
    )
    _follow_up(
        _operative(communique, 8),
        "Publish the adopted Rules of Procedure",
        "نشر النظام الداخلي المعتمد",
        "Publier le règlement intérieur adopté",
        responsible=S,
        status=FollowUp.Status.DONE,
        due_date=datetime.date(2021, 9, 30),
    )
    _follow_up(
        _operative(communique, 10),
        "Establish cooperation with ILO, IOM, IsDB and WAPES",
        "إقامة علاقات تعاون مع منظمة العمل الدولية والمنظمة الدولية للهجرة والبنك الإسلامي "
        "للتنمية والرابطة العالمية لخدمات التوظيف العامة",
        "Établir une coopération avec l'OIT, l'OIM, la BID et l'AMSEP",
        responsible=C,
        status=FollowUp.Status.IN_PROGRESS,
        due_date=datetime.date(2023, 6, 2),
    )
    _follow_up(
        _operative(communique, 12),
        "Organise the online meeting of the national focal points (2022)",
        "تنظيم اجتماع جهات الاتصال الوطنية عبر الإنترنت (2022)",
        "Organiser la réunion en ligne des points focaux nationaux (2022)",
        responsible=S,
        status=FollowUp.Status.DONE,
        due_date=datetime.date(2022, 12, 31),
        link=FollowUp.Link.MEETING,
        meeting=meetings[(Meeting.Kind.FOCAL_POINTS, 1)],
    )
    _follow_up(
        _operative(communique, 12),
        "Convene the Fourth Meeting of the Network (2023)",
        "عقد الاجتماع الرابع للشبكة (2023)",
        "Convoquer la quatrième réunion du Réseau (2023)",
        responsible=S,
        status=FollowUp.Status.DONE,
        due_date=datetime.date(2023, 12, 31),
        link=FollowUp.Link.MEETING,
        meeting=meetings[(Meeting.Kind.NETWORK, 4)],
    )


def seed_work_plan_follow_ups(communique: Communique) -> None:
    """Paragraph 6 (PES-CaB) carries out activity 1.1, paragraph 7 (Palestine) activity 1.2 and
    paragraph 9 endorses the 2021–2022 plan itself. Safe to run again."""
    plan = WorkPlan.objects.filter(start_year=2021, end_year=2022).first()
    if plan is None:
        return
    activities = {a.code: a for a in Activity.objects.filter(plan=plan, code__in=["1.1", "1.2"])}
    S = FollowUp.Responsible.SECRETARIAT
    links = [
        (
            6,
            (
                "Run the PES-CaB training programme with the member states' public employment "
                "services",
                "تنفيذ برنامج بناء القدرات في مجال خدمات التوظيف العامة مع مؤسسات التوظيف العامة "
                "في الدول الأعضاء",
                "Mettre en œuvre le programme de formation PES-CaB avec les services publics de "
                "l'emploi des États membres",
            ),
            {"link": FollowUp.Link.ACTIVITY, "activity": activities.get("1.1")},
        ),
        (
            7,
            (
                "Support the capacity building of the employment service of Palestine",
                "دعم بناء قدرات خدمة التوظيف في دولة فلسطين",
                "Appuyer le renforcement des capacités du service de l'emploi de la Palestine",
            ),
            {"link": FollowUp.Link.ACTIVITY, "activity": activities.get("1.2")},
        ),
        (
            9,
            (
                "Carry out the Work Plan 2021–2022 and report its progress to the chair",
                "تنفيذ خطة العمل للفترة 2021–2022 ورفع تقارير التقدم المحرز إلى الرئاسة",
                "Mettre en œuvre le plan de travail 2021–2022 et rendre compte de ses progrès à "
                "la présidence",
            ),
            {"link": FollowUp.Link.WORK_PLAN, "work_plan": plan},
        ),
    ]
    for number, (en, ar, fr), target in links:
        paragraph = _operative(communique, number)
        if None in target.values() or paragraph.follow_ups.filter(link=target["link"]).exists():
            continue
        _follow_up(
            paragraph,
            en,
            ar,
            fr,
            responsible=S,
            status=FollowUp.Status.IN_PROGRESS,
            **target,
        )


def seed_rules(meetings: dict, user) -> RulesOfProcedure:
    rules = RulesOfProcedure.objects.create(
        is_demo=True,
        **{f"title_{code}": text for code, text in RULES_TITLE.items()},
    )
    for number, titles, articles in CHAPTERS:
        chapter = RulesChapter.objects.create(
            rules=rules,
            number=number,
            **{f"title_{code}": text for code, text in titles.items()},
        )
        for article_number, article_titles, bodies in articles:
            RulesArticle.objects.create(
                chapter=chapter,
                number=article_number,
                **{f"title_{code}": text for code, text in article_titles.items()},
                **{f"body_{code}": text for code, text in bodies.items()},
            )
    services.adopt_rules(
        rules, meetings[(Meeting.Kind.NETWORK, 3)], datetime.date(2021, 6, 3), "", by=user
    )
    for number, bodies in AMENDMENT_2023.items():
        article = RulesArticle.objects.get(chapter__rules=rules, number=number)
        services.update_article(article, {f"body_{code}": text for code, text in bodies.items()})
    services.adopt_rules(
        rules,
        meetings[(Meeting.Kind.NETWORK, 4)],
        datetime.date(2023, 10, 25),
        {
            "en": "Article 10: a yearly online meeting of the focal points.",
            "ar": "المادة 10: اجتماع سنوي لجهات الاتصال الوطنية عبر الإنترنت.",
            "fr": "Article 10 : une réunion annuelle en ligne des points focaux.",
        },
        by=user,
    )
    return rules


def seed(password: str, log) -> None:
    meetings = load_meetings()
    secretariat = get_user_model().objects.filter(email=f"secretariat@{DEMO_DOMAIN}").first()
    third = meetings[(Meeting.Kind.NETWORK, 3)]
    if not Communique.objects.filter(meeting=third).exists():
        communique = import_third_communique(third)
        communique.is_demo = True
        communique.save(update_fields=["is_demo"])
        services.adopt(communique, by=secretariat)
        services.publish(communique, by=secretariat)
        seed_follow_ups(communique, meetings)
    communique = Communique.objects.filter(meeting=third, is_demo=True).first()
    if communique is not None:
        # The work plan's demo comes after this app's; it is idempotent, so it runs first here
        # for the follow-up actions that carry out its activities.
        if not WorkPlan.objects.filter(start_year=2021, end_year=2022).exists():
            workplan_demo.seed(password=password, log=log)
        seed_work_plan_follow_ups(communique)
    if not RulesOfProcedure.objects.exists():
        seed_rules(meetings, secretariat)
    log("Communiqués: the third meeting's (ar, en, fr), published; demo Rules of Procedure.")
