"""The secretariat's view of the outbox: what was sent to whom, and what to do about failures."""

from csp.decorators import csp_replace
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from pesnet.errors import DomainError, messages_of
from pesnet.queue import broker_reachable
from pesnet.roles import allowed

from . import selectors, services
from .kinds import all_kinds, kind_label
from .models import Campaign, OutboxAttachment, OutboxMessage

PAGE_SIZE = 50


def _kind_choices():
    names = {kind.name for kind in all_kinds()} | set(selectors.kinds_in_use())
    return sorted(((name, kind_label(name)) for name in names), key=lambda pair: pair[1])


def _status_choices():
    return [*OutboxMessage.Status.choices, ("review", _("Needs review"))]


@require_GET
@allowed("outbox.manage")
def message_list(request):
    kinds = dict(_kind_choices())
    statuses = dict(_status_choices())
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    kind = kind if kind in kinds else ""
    status = status if status in statuses else ""
    campaign = None
    if request.GET.get("campaign", "").isdigit():
        campaign = Campaign.objects.filter(pk=request.GET["campaign"]).first()
    page = Paginator(
        selectors.messages_for_secretariat(kind=kind, status=status, campaign=campaign),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    for message in page:
        message.kind_label = kinds.get(message.kind, message.kind)
    counts = selectors.status_counts()
    return render(
        request,
        "outbox/message_list.html",
        {
            "page": page,
            "counts": counts,
            "stalled": selectors.sending_stalled(counts),
            "kind_choices": kinds.items(),
            "status_choices": statuses.items(),
            "kind": kind,
            "status": status,
            "campaign": campaign,
            "kind_labels": kinds,
        },
    )


@require_GET
@allowed("outbox.manage")
def message_detail(request, pk):
    message = get_object_or_404(
        OutboxMessage.objects.select_related("campaign", "user", "changed_by", "content_type"),
        pk=pk,
    )
    return render(
        request,
        "outbox/message_detail.html",
        {
            "message": message,
            "attachments": message.attachments.defer("content"),
            "kind_label": kind_label(message.kind),
        },
    )


@require_GET
@allowed("outbox.manage")
@xframe_options_sameorigin
@csp_replace(
    {
        "default-src": ["'none'"],
        "style-src": ["'unsafe-inline'"],
        "img-src": ["data:"],
        "frame-ancestors": ["'self'"],
        "sandbox": [""],
    }
)
def message_html(request, pk):
    """The HTML body as the recipient saw it, in a sandbox (framed by the message page)."""
    message = get_object_or_404(OutboxMessage.objects.only("body_html"), pk=pk)
    return HttpResponse(message.body_html, content_type="text/html; charset=utf-8")


@require_GET
@allowed("outbox.manage")
def attachment_download(request, pk, attachment_pk):
    attachment = get_object_or_404(OutboxAttachment, pk=attachment_pk, message_id=pk)
    response = HttpResponse(bytes(attachment.content), content_type=attachment.mimetype)
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _message_action(action, done_message):
    @require_POST
    @allowed("outbox.manage")
    def view(request, pk):
        message = get_object_or_404(OutboxMessage, pk=pk)
        try:
            action(message, by=request.user)
        except DomainError as error:
            messages.error(request, messages_of(error))
        else:
            messages.success(request, done_message())
        return redirect("outbox:message", pk=pk)

    return view


resend = _message_action(
    services.resend, lambda: _("The message will be sent again within a minute.")
)
cancel = _message_action(services.cancel, lambda: _("The message was cancelled."))
mark_sent = _message_action(services.mark_sent, lambda: _("The message was marked as sent."))


@require_GET
@allowed("outbox.manage")
def campaign_list(request):
    page = Paginator(selectors.campaigns_with_counts(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outbox/campaign_list.html", {"page": page})


def _progress_context(campaign):
    progress = selectors.campaign_progress(campaign)
    return {
        "campaign": campaign,
        "progress": progress,
        "polling": bool(campaign.send_requested_at) and not progress["finished"],
    }


@require_GET
@allowed("outbox.manage")
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    recent = selectors.messages_for_secretariat(campaign=campaign)[:PAGE_SIZE]
    return render(
        request,
        "outbox/campaign_detail.html",
        {**_progress_context(campaign), "messages_page": recent},
    )


@require_GET
@allowed("outbox.manage")
def campaign_progress(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    return render(request, "outbox/includes/campaign_progress.html", _progress_context(campaign))


@require_POST
@allowed("outbox.manage")
def campaign_send(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    services.request_campaign_sending(campaign, by=request.user)
    if broker_reachable():
        messages.success(request, _("Sending has started; the progress shows below."))
    else:
        messages.warning(
            request,
            _(
                "The worker's queue is unavailable at the moment: the messages are now due and "
                "will be sent as soon as it is back."
            ),
        )
    return redirect("outbox:campaign", pk=pk)


@require_POST
@allowed("outbox.manage")
def campaign_cancel(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    count = services.cancel_campaign(campaign, by=request.user)
    messages.success(request, _("Pending messages cancelled: %(count)s.") % {"count": count})
    return redirect("outbox:campaign", pk=pk)
