"""The secretariat's outbox pages: reading, filtering, resending, cancelling, sending a campaign."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutboxMessage

from .factories import CampaignFactory, OutboxAttachmentFactory, OutboxMessageFactory

pytestmark = pytest.mark.django_db
Status = OutboxMessage.Status


@pytest.fixture
def secretariat(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def test_the_list_costs_the_same_queries_for_5_and_for_60_messages(
    secretariat, django_assert_num_queries
):
    url = reverse("outbox:list")
    OutboxMessageFactory.create_batch(5, campaign=CampaignFactory())
    secretariat.get(url)  # warm the per-session caches
    with django_assert_num_queries(6) as few:
        assert secretariat.get(url).status_code == 200
    OutboxMessageFactory.create_batch(55, campaign=CampaignFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        response = secretariat.get(url)
    assert response.context["page"].paginator.count == 60


def test_the_campaign_list_costs_the_same_queries_for_2_and_for_12_campaigns(
    secretariat, django_assert_num_queries
):
    url = reverse("outbox:campaigns")
    for _ in range(2):
        OutboxMessageFactory.create_batch(3, campaign=CampaignFactory(is_demo=True))
    secretariat.get(url)
    with django_assert_num_queries(4) as few:
        page = secretariat.get(url).content.decode()
    assert page.count("text-bg-warning") == 2  # demo campaigns say so
    for _ in range(10):
        OutboxMessageFactory.create_batch(3, campaign=CampaignFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        assert secretariat.get(url).status_code == 200


def test_filters_by_kind_and_status_and_review(secretariat):
    OutboxMessageFactory(kind="nomination", subject="Nomination A")
    OutboxMessageFactory(kind="confirm_details", subject="Confirm B", status=Status.FAILED)
    OutboxMessageFactory(subject="In doubt C", status=Status.SENDING, needs_review=True)
    url = reverse("outbox:list")

    def subjects(**params):
        return {m.subject for m in secretariat.get(url, params).context["page"]}

    assert subjects(kind="confirm_details") == {"Confirm B"}
    assert subjects(status="failed") == {"Confirm B"}
    assert subjects(status="review") == {"In doubt C"}
    assert subjects(status="bogus") == {"Nomination A", "Confirm B", "In doubt C"}
    assert "Confirm B" in secretariat.get(url, {"kind": "confirm_details"}).content.decode()


def test_a_message_shows_what_was_sent_to_whom(secretariat):
    attachment = OutboxAttachmentFactory(
        message__language="ar", message__body_text="تحية طيبة وبعد،", message__to="x@gov.example"
    )
    message = attachment.message
    page = secretariat.get(reverse("outbox:message", args=[message.pk])).content.decode()
    assert "x@gov.example" in page and "تحية طيبة وبعد،" in page and 'dir="rtl"' in page
    html = secretariat.get(reverse("outbox:message_html", args=[message.pk]))
    assert html.content.decode() == message.body_html
    assert "sandbox" in html["Content-Security-Policy"]
    download = secretariat.get(reverse("outbox:attachment", args=[message.pk, attachment.pk]))
    assert download.content == bytes(attachment.content)
    assert download["Content-Type"] == "text/calendar"
    other = OutboxMessageFactory()
    assert (
        secretariat.get(reverse("outbox:attachment", args=[other.pk, attachment.pk])).status_code
        == 404
    )


def test_resend_a_failed_message_and_cancel_a_pending_one(secretariat, secretariat_user):
    failed = OutboxMessageFactory(status=Status.FAILED, attempts=8, last_error="550 No such user")
    pending = OutboxMessageFactory()
    response = secretariat.post(reverse("outbox:resend", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.changed_by) == (
        Status.PENDING,
        0,
        secretariat_user,
    )
    secretariat.post(reverse("outbox:cancel", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.status == Status.CANCELLED
    # A sent message cannot be cancelled: a message, no change, no 500.
    sent = OutboxMessageFactory(status=Status.SENT)
    response = secretariat.post(reverse("outbox:cancel", args=[sent.pk]), follow=True)
    assert response.status_code == 200
    assert "can no longer be changed" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == Status.SENT


def test_a_message_in_review_is_marked_sent_by_the_secretariat(secretariat):
    doubtful = OutboxMessageFactory(status=Status.SENDING, needs_review=True, claim_token=77)
    page = secretariat.get(reverse("outbox:message", args=[doubtful.pk])).content.decode()
    assert 'data-testid="review-notice"' in page
    secretariat.post(reverse("outbox:mark_sent", args=[doubtful.pk]))
    doubtful.refresh_from_db()
    assert (doubtful.status, doubtful.needs_review) == (Status.SENT, False)


@pytest.mark.parametrize(
    "name", ["resend", "cancel", "mark_sent", "campaign_send", "campaign_cancel"]
)
def test_actions_are_for_the_secretariat_only(client, role_users, name):
    message = OutboxMessageFactory(status=Status.FAILED, campaign=CampaignFactory())
    pk = message.campaign_id if name.startswith("campaign") else message.pk
    url = reverse(f"outbox:{name}", args=[pk])
    for role in ("anonymous", "focal_point", "chair"):
        client.logout()
        if role_users[role]:
            client.force_login(role_users[role])
        assert client.post(url).status_code == (302 if role == "anonymous" else 403)
        assert client.get(url).status_code in (302, 403, 405)
    message.refresh_from_db()
    assert message.status == Status.FAILED


def test_send_now_makes_the_campaign_due_and_shows_progress(
    secretariat, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory()

    later = timezone.now() + timedelta(days=3)
    OutboxMessageFactory.create_batch(3, campaign=campaign, due_at=later)
    OutboxMessageFactory(campaign=campaign, status=Status.SENT)
    page = secretariat.get(reverse("outbox:campaign", args=[campaign.pk])).content.decode()
    assert 'data-testid="send-now"' in page and "hx-trigger" not in page
    with django_capture_on_commit_callbacks() as callbacks:
        secretariat.post(reverse("outbox:campaign_send", args=[campaign.pk]))
    # The Celery task, enqueued once the request commits (besides cache generation bumps).
    tasks = [c for c in callbacks if not c.__qualname__.startswith("Generation.")]
    assert len(tasks) == 1
    campaign.refresh_from_db()
    assert campaign.send_task_id and campaign.send_requested_at
    assert not campaign.messages.filter(status=Status.PENDING, due_at__gt=timezone.now()).exists()
    progress = secretariat.get(reverse("outbox:campaign_progress", args=[campaign.pk]))
    body = progress.content.decode()
    assert 'hx-trigger="every 1s"' in body and 'value="1"' in body and 'max="4"' in body


def test_only_the_secretariat_sees_the_outbox_in_the_menu(client, role_users):
    for role, user in role_users.items():
        client.logout()
        if user:
            client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        assert (reverse("outbox:list") in page) == (role == "secretariat"), role
