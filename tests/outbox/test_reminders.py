"""Nomination and "confirm your details" reminders: who gets what, in which language, once."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from members.models import FocalPoint, MemberState
from outbox.kinds import reminder_kinds
from outbox.models import Campaign, OutboxMessage
from outbox.planning import plan_reminders
from outbox.sending import send_due_messages
from pesnet.roles import SECRETARIAT

from ..factories import FocalPointFactory, InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db
DECEMBER = datetime.date(2026, 12, 1)


def state(iso3):
    return MemberState.objects.get(iso3=iso3)


@pytest.fixture
def network(reference_data):
    """Five states with a primary focal point; Jordan, Senegal and Malaysia reachable by their
    institution, Uganda only through its former focal point; the rest without a contact."""
    for iso3 in ("TUR", "MAR", "IDN", "NGA", "PSE"):
        FocalPointFactory(member_state=state(iso3), details_confirmed_at=timezone.now())
    InstitutionFactory(member_state=state("JOR"), email="mol@jo.example.org")
    InstitutionFactory(member_state=state("SEN"), email="anpej@sn.example.org")
    InstitutionFactory(member_state=state("MYS"), email="perkeso@my.example.org")
    FocalPointFactory(
        member_state=state("UGA"),
        institution=None,
        status=FocalPoint.Status.SUPERSEDED,
        email="former@ug.example.org",
        preferred_language="en",
        effective_to=datetime.date(2025, 5, 1),
    )
    return UserFactory(
        email="desk@sesric.example.org", roles=[SECRETARIAT], preferred_language="fr"
    )


def nomination(iso3, period="2026-12"):
    return OutboxMessage.objects.get(dedup_key=f"nomination:{iso3}:{period}")


def test_planning_twice_queues_each_reminder_once(network):
    first = plan_reminders("nomination", DECEMBER)
    second = plan_reminders("nomination", DECEMBER)
    # Four states with a contact and the secretariat's digest.
    assert len(first.created) == 5 and first.existing == 0
    assert second.created == [] and second.existing == 5
    assert Campaign.objects.get().key == "nomination:2026-12-01"
    assert OutboxMessage.objects.filter(kind="nomination").count() == 5


def test_each_contact_is_written_to_in_its_language(network):
    plan_reminders("nomination", DECEMBER)
    jordan, senegal, malaysia, uganda = (nomination(c) for c in ("JOR", "SEN", "MYS", "UGA"))
    assert (jordan.language, jordan.to) == ("ar", "mol@jo.example.org")
    assert "الأردن" in jordan.subject and "تتشرف بالتذكير" in jordan.body_text
    assert 'dir="rtl"' in jordan.body_html
    assert senegal.language == "fr" and "Sénégal" in senegal.subject
    assert "a l'honneur de rappeler" in senegal.body_text
    assert malaysia.language == "en" and "Malaysia" in malaysia.subject
    assert uganda.to == "former@ug.example.org"
    assert jordan.action_url == "http://127.0.0.1:8000/ar/members/"
    assert jordan.related == state("JOR")


def test_the_secretariat_digest_lists_every_missing_state_and_those_without_contact(network):
    plan_reminders("nomination", DECEMBER)
    digest = OutboxMessage.objects.get(dedup_key__startswith="nomination-digest:2026-12:")
    assert digest.to == "desk@sesric.example.org" and digest.language == "fr"
    assert "52 des 57 États membres" in digest.body_text
    assert "Afghanistan (AFG) : aucun contact connu" in digest.body_text.replace(": ", " : ")
    assert "Jordanie (JOR)" in digest.body_text
    assert "Türkiye" not in digest.body_text


def test_the_tone_escalates_after_three_reminders(network):
    for month in (9, 10, 11):
        plan_reminders("nomination", datetime.date(2026, month, 1))
        OutboxMessage.objects.filter(dedup_key=f"nomination:JOR:2026-{month:02}").update(
            status="sent", due_at=timezone.make_aware(datetime.datetime(2026, month, 1))
        )
    for month in (9, 10, 11):  # Senegal's earlier reminders were never sent
        OutboxMessage.objects.filter(dedup_key=f"nomination:SEN:2026-{month:02}").update(
            status="failed", due_at=timezone.make_aware(datetime.datetime(2026, month, 1))
        )
    plan_reminders("nomination", DECEMBER)
    jordan = nomination("JOR")
    assert "تلاحظ الأمانة مع القلق" in jordan.body_text
    assert "تذكيراتها السابقة البالغ عددها 3" in jordan.body_text
    assert "notes with concern" not in nomination("MYS").body_text
    assert "avec préoccupation" not in nomination("SEN").body_text


def test_a_state_that_nominates_is_no_longer_reminded(network):
    FocalPointFactory(member_state=state("JOR"))
    plan_reminders("nomination", DECEMBER)
    assert not OutboxMessage.objects.filter(dedup_key="nomination:JOR:2026-12").exists()


def test_confirm_your_details_reaches_stale_focal_points_in_their_language(reference_data):
    stale = timezone.now() - datetime.timedelta(days=400)
    arabic = FocalPointFactory(
        member_state=state("MAR"), preferred_language="ar", details_confirmed_at=stale
    )
    # Never confirmed since their designation, which is over a year old.
    french = FocalPointFactory(
        member_state=state("SEN"),
        preferred_language="fr",
        details_confirmed_at=None,
        effective_from=datetime.date(2020, 1, 1),
    )
    FocalPointFactory(member_state=state("TUR"), details_confirmed_at=timezone.now())
    # Designated last month and not confirmed yet: the directory does not flag them, nor does
    # the campaign write to them (one rule, FocalPoint.details_stale).
    FocalPointFactory(
        member_state=state("IDN"),
        details_confirmed_at=None,
        effective_from=timezone.localdate() - datetime.timedelta(days=30),
    )
    report = plan_reminders("confirm_details", DECEMBER)
    assert {m.to for m in report.created} == {arabic.email, french.email}
    ar = OutboxMessage.objects.get(to=arabic.email)
    fr = OutboxMessage.objects.get(to=french.email)
    assert ar.language == "ar" and "يُرجى تأكيد بياناتكم" in ar.subject
    assert "جهة الاتصال الرئيسية" in ar.body_text and 'dir="rtl"' in ar.body_html
    assert fr.language == "fr" and "Veuillez confirmer vos coordonnées" in fr.subject
    assert "Elles n'ont pas été confirmées depuis votre désignation." in fr.body_text
    assert plan_reminders("confirm_details", DECEMBER).created == []


def test_send_reminders_dry_run_changes_nothing(network, capsys):
    call_command("send_reminders", "--dry-run", "--date", "2026-12-01")
    out = capsys.readouterr().out
    assert "would queue  nomination:JOR:2026-12" in out
    assert "nothing changed" in out
    assert OutboxMessage.objects.count() == 0


def test_send_reminders_plans_and_sends_synchronously(network, smtp_sink, capsys):
    call_command("send_reminders")
    assert "Sent 5," in capsys.readouterr().out
    assert len(smtp_sink.messages) == 5
    call_command("send_reminders")
    assert len(smtp_sink.messages) == 5  # nothing twice
    to = {m["To"].addresses[0].addr_spec: m for m in smtp_sink.messages}
    assert "الأردن" in str(to["mol@jo.example.org"]["Subject"])
    assert to["mol@jo.example.org"]["Content-Language"] == "ar"
    assert to["anpej@sn.example.org"]["Content-Language"] == "fr"


def test_reminders_planned_ahead_wait_for_their_day(network, smtp_sink, capsys):
    call_command("send_reminders", "--date", "2099-12-01")
    assert "Sent 0," in capsys.readouterr().out
    assert OutboxMessage.objects.filter(status="pending").count() == 5


def test_schedules_live_in_the_database_with_descriptions_and_survive_edits():
    tasks = {task.task + json.dumps(task.kwargs): task for task in PeriodicTask.objects.all()}
    nomination = PeriodicTask.objects.get(
        task="outbox.plan_reminders", kwargs='{"kind": "nomination"}'
    )
    assert nomination.crontab.day_of_month == "1" and "1st of each month" in nomination.description
    assert PeriodicTask.objects.get(task="outbox.send_due_messages").interval.every == 1
    assert PeriodicTask.objects.filter(kwargs='{"kind": "confirm_details"}').exists()
    assert len(tasks) >= 3
    nomination.enabled = False
    nomination.save()
    call_command("reminder_schedules")
    nomination.refresh_from_db()
    assert nomination.enabled is False
    # One planner per reminder kind, whichever apps declare them (communiqués add one).
    assert PeriodicTask.objects.filter(task="outbox.plan_reminders").count() == len(
        reminder_kinds()
    )


def test_demo_plans_next_months_nomination_reminders(settings):
    settings.DEBUG = True
    call_command("seed_pesnet")
    call_command("seed_demo", password="demo-password-123")
    call_command("seed_demo", password="demo-password-123")
    upcoming = Campaign.objects.order_by("-period").first()
    pending = upcoming.messages.filter(status="pending", kind="nomination")
    reminders = pending.exclude(dedup_key__startswith="nomination-digest")
    assert reminders.count() >= 10 and upcoming.is_demo
    assert not reminders.filter(dedup_key__startswith="nomination:TUR").exists()
    assert pending.filter(to="secretariat@demo.pesnet.test").count() == 1
    assert "notes with concern" in reminders.get(dedup_key__startswith="nomination:MYS").body_text
    # Nothing of it is due yet: the next run sends nothing before the 1st.
    assert send_due_messages().sent == 0
