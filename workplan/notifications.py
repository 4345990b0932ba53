"""E-mails of the work plan, all through the outbox (one row per message, deduplicated)."""

from django.utils.translation import gettext_lazy as _

from outbox.api import kick_sender, message_kind, portal_url, queue_message

REVIEW_KIND = "workplan_review"

message_kind(
    REVIEW_KIND,
    _("Review of a progress report"),
    "Tells the reporter that the chair or the secretariat accepted their progress report or "
    "returned it for revision.",
)


def review_outcome(report) -> None:
    """Tell the reporter how their report was reviewed: one message per report.

    A report is reviewed once, so its id is the deduplication key; the row is committed with the
    review itself, or not at all.
    """
    reporter = report.submitted_by
    language = reporter.preferred_language
    queue_message(
        to=reporter.email,
        language=language,
        kind=REVIEW_KIND,
        template="workplan/email/review_outcome",
        context={"report": report, "activity": report.activity, "reviewer": report.reviewer},
        dedup_key=f"workplan-review:{report.pk}",
        user=reporter,
        related=report,
        recipient_name=reporter.get_full_name(),
        action_url=portal_url("workplan:report", report.pk, language=language),
    )
    kick_sender()
