"""The secretariat's outbox in a real browser, in Arabic and in English: find a failed reminder,
resend it, and send a campaign now while the progress bar follows the worker."""

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from outbox.models import OutboxMessage
from pesnet.celery import app

from ..outbox.conftest import use_sink
from ..outbox.factories import CampaignFactory, OutboxMessageFactory
from ..outbox.smtp_sink import SmtpSink

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sink(settings):
    sink = SmtpSink().start()
    use_sink(settings, sink)
    yield sink
    sink.stop()


TEXT = {
    "en": {"outbox": "Outbox", "failed": "Failed", "resend": "Resend", "send": "Send now"},
    "ar": {
        "outbox": "البريد الصادر",
        "failed": "تعذّر الإرسال",
        "resend": "إعادة الإرسال",
        "send": "الإرسال الآن",
    },
}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_secretariat_resends_a_failure_and_sends_a_campaign_now(
    page,
    sign_in,
    secretariat_user,
    sink,
    language,
):
    words = TEXT[language]
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    failed = OutboxMessageFactory(
        status=OutboxMessage.Status.FAILED,
        subject="Nomination of the national focal points of Jordan to the OIC-PESNET",
        last_error="550 5.1.1 Mailbox unavailable",
        attempts=3,
    )
    OutboxMessageFactory(subject="Already delivered", status=OutboxMessage.Status.SENT)
    campaign = CampaignFactory()
    OutboxMessageFactory.create_batch(
        25, campaign=campaign, due_at=timezone.now() + timedelta(days=2)
    )

    sign_in(secretariat_user, language=language)
    page.get_by_role("link", name=words["outbox"], exact=True).first.click()
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.select_option("#id_status", "failed")
    page.locator("[data-testid=filters] button[type=submit]").click()
    rows = page.locator("[data-testid=messages] tbody tr")
    assert rows.count() == 1 and words["failed"] in rows.first.inner_text()
    rows.first.get_by_role("link").click()
    assert "550 5.1.1" in page.locator("[data-testid=last-error]").inner_text()
    page.get_by_role("button", name=words["resend"]).click()
    page.wait_for_selector(".alert")
    failed.refresh_from_db()
    assert failed.status == OutboxMessage.Status.PENDING

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        page.goto(f"{page.base_url}/{language}/outbox/campaigns/{campaign.pk}/")
        page.get_by_role("button", name=words["send"]).click()
        progress = page.locator("#campaign-progress-bar")
        assert progress.get_attribute("max") == "25"
        # htmx polls the progress every second until the worker has sent everything.
        page.wait_for_selector("[data-testid=progress-finished]", timeout=30_000)
    assert page.locator("#campaign-progress-bar").get_attribute("value") == "25"
    assert campaign.messages.filter(status=OutboxMessage.Status.SENT).count() == 25
    assert len([m for m in sink.outbox_ids() if m != failed.pk]) >= 25
    assert errors == []
