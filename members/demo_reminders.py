"""Demo nomination reminders (local use only, see seed_demo): last month's sent, next month's
planned and waiting, so that the secretariat sees the outbox at work.

members/demo.py runs it once its states and focal points are in. Reminders need somewhere to
go: when the members demo gives fewer than ten states without a focal point an institutional
e-mail, the institutions below are added to states that have none (invented addresses under
demo.pesnet.test).
"""

import datetime

from django.utils import timezone

from outbox.api import Campaign, OutboxMessage, plan_reminders

from .models import Institution, MemberState
from .reminders import ESCALATE_AFTER, NOMINATION, states_without_primary_focal_point

# (ISO3, name en, ar, fr, acronym, website)
DEMO_INSTITUTIONS = [
    (
        "JOR",
        "Ministry of Labour, Employment Directorate",
        "وزارة العمل، مديرية التشغيل",
        "Ministère du Travail, Direction de l'emploi",
        "MoL",
        "https://mol.gov.jo",
    ),
    (
        "EGY",
        "Ministry of Labour, Employment Sector",
        "وزارة العمل، قطاع التشغيل",
        "Ministère du Travail, Secteur de l'emploi",
        "MoL-EG",
        "https://manpower.gov.eg",
    ),
    (
        "SAU",
        "Human Resources Development Fund",
        "صندوق تنمية الموارد البشرية",
        "Fonds de développement des ressources humaines",
        "HADAF",
        "https://www.hrdf.org.sa",
    ),
    (
        "TUN",
        "National Agency for Employment and Independent Work",
        "الوكالة الوطنية للتشغيل والعمل المستقل",
        "Agence nationale pour l'emploi et le travail indépendant",
        "ANETI",
        "https://www.emploi.nat.tn",
    ),
    (
        "DZA",
        "National Employment Agency",
        "الوكالة الوطنية للتشغيل",
        "Agence nationale de l'emploi",
        "ANEM",
        "https://www.anem.dz",
    ),
    (
        "SEN",
        "National Agency for the Promotion of Youth Employment",
        "الوكالة الوطنية لتشغيل الشباب",
        "Agence nationale pour la promotion de l'emploi des jeunes",
        "ANPEJ",
        "https://www.anpej.sn",
    ),
    (
        "CIV",
        "Youth Employment Agency",
        "وكالة تشغيل الشباب",
        "Agence Emploi Jeunes",
        "AEJ",
        "https://www.agenceemploijeunes.ci",
    ),
    (
        "MYS",
        "Social Security Organisation, Employment Services",
        "مؤسسة الضمان الاجتماعي، خدمات التوظيف",
        "Organisation de la sécurité sociale, Services de l'emploi",
        "PERKESO",
        "https://www.perkeso.gov.my",
    ),
    (
        "AZE",
        "State Employment Agency",
        "وكالة التوظيف الحكومية",
        "Agence publique pour l'emploi",
        "DMA",
        "https://dma.gov.az",
    ),
    (
        "BFA",
        "National Employment Agency",
        "الوكالة الوطنية للتشغيل",
        "Agence nationale pour l'emploi",
        "ANPE",
        "https://www.anpe.bf",
    ),
    (
        "KAZ",
        "Workforce Development Centre",
        "مركز تنمية القوى العاملة",
        "Centre de développement de la main-d'œuvre",
        "WDC",
        "https://iac.enbek.kz",
    ),
]
# States that have been reminded for months: their next reminder is the insistent one.
LONG_OVERDUE = ("JOR", "SEN", "MYS")


def _add_institutional_contacts(log) -> None:
    missing = list(states_without_primary_focal_point())
    with_email = Institution.objects.filter(member_state__in=missing).exclude(email="")
    if with_email.values("member_state").distinct().count() >= 10:
        return
    added = 0
    for iso3, name_en, name_ar, name_fr, acronym, website in DEMO_INSTITUTIONS:
        state = MemberState.objects.get(iso3=iso3)
        if state.institutions.exists():
            continue
        Institution.objects.create(
            member_state=state,
            name=name_en,
            name_en=name_en,
            name_ar=name_ar,
            name_fr=name_fr,
            acronym=acronym,
            website=website,
            email=f"international@{acronym.lower().replace('-', '')}.demo.pesnet.test",
        )
        added += 1
    if added:
        log(f"Demo institutional contacts added for {added} states without focal points.")


def _first_of_month(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _mark_sent_as_of(campaign: Campaign, period: datetime.date, only=None) -> None:
    """History for the demo: these reminders went out on the morning of `period`."""
    when = datetime.datetime.combine(period, datetime.time(6), tzinfo=datetime.UTC)
    messages = campaign.messages.filter(status=OutboxMessage.Status.PENDING)
    if only is not None:
        messages = messages.filter(dedup_key__in=only)
    messages.update(status=OutboxMessage.Status.SENT, due_at=when, sent_at=when, attempts=1)


def seed(log) -> None:
    _add_institutional_contacts(log)
    this_month = timezone.localdate().replace(day=1)
    # Three earlier months for a few states, then last month's run for every state: sent.
    for months_back in range(ESCALATE_AFTER, 0, -1):
        period = _first_of_month(this_month, -months_back)
        report = plan_reminders(NOMINATION, period, is_demo=True)
        if report.campaign is not None:
            overdue = [f"nomination:{iso3}:{period:%Y-%m}" for iso3 in LONG_OVERDUE]
            report.campaign.messages.filter(status=OutboxMessage.Status.PENDING).exclude(
                dedup_key__in=overdue
            ).delete()
            _mark_sent_as_of(report.campaign, period)
    report = plan_reminders(NOMINATION, this_month, is_demo=True)
    if report.campaign is not None:
        _mark_sent_as_of(report.campaign, this_month)
    # Next month's run is planned and waits for its day (or for "Send now").
    upcoming = plan_reminders(NOMINATION, _first_of_month(this_month, 1), is_demo=True)
    log(
        f"Demo outbox: nomination reminders sent for {this_month:%B %Y}; "
        f"{len(upcoming.created)} new for {upcoming.period:%B %Y} "
        f"({upcoming.existing} already planned), due on {upcoming.period:%d %B}."
    )
