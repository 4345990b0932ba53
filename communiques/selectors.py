from django.db.models import Count, Prefetch, Q
from django.urls import NoReverseMatch, reverse

from meetings.models import Meeting
from members.models import FocalPoint, MemberState
from workplan import selectors as workplan_selectors

from .models import Comment, Communique, FollowUp, Paragraph, RulesOfProcedure


def published_communiques():
    return (
        Communique.objects.filter(published_version__isnull=False)
        .select_related("meeting")
        .order_by("-date")
    )


def all_communiques():
    return Communique.objects.select_related("meeting").annotate(
        paragraph_count=Count("paragraphs")
    )


def communique_for_editing_queryset():
    """Communiqués with their meeting and their paragraphs in reading order."""
    return Communique.objects.select_related("meeting").prefetch_related(
        Prefetch("paragraphs", queryset=Paragraph.objects.order_by("-kind", "order", "pk"))
    )


def communique_for_editing(pk):
    return communique_for_editing_queryset().get(pk=pk)


def comments_by_paragraph(communique) -> dict[int, list[Comment]]:
    comments = {}
    for comment in (
        Comment.objects.filter(paragraph__communique=communique)
        .select_related("author", "member_state")
        .order_by("created_at")
    ):
        comments.setdefault(comment.paragraph_id, []).append(comment)
    return comments


def nomination_status() -> dict:
    """How many member states have an active focal point (the public nomination status)."""
    total = MemberState.objects.count()
    nominated = (
        MemberState.objects.filter(focal_points__status=FocalPoint.Status.ACTIVE).distinct().count()
    )
    return {"nominated": nominated, "total": total}


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def follow_ups_by_paragraph(communique) -> dict[int, list[dict]]:
    """Follow-up actions of each operative paragraph, with what they link to."""
    result: dict[int, list[dict]] = {}
    follow_ups = list(
        FollowUp.objects.filter(paragraph__communique=communique).select_related(
            "meeting", "member_state", "partner", "activity", "activity__plan", "work_plan"
        )
    )
    nominations = None
    # The work plan's side in two queries at most, however many actions link to it.
    reported = workplan_selectors.latest_accepted_reports(
        {f.activity_id for f in follow_ups if f.activity_id}
    )
    plans = workplan_selectors.plans_progress(
        {f.work_plan_id for f in follow_ups if f.work_plan_id}
    )
    for follow_up in follow_ups:
        item = {"follow_up": follow_up, "overdue": follow_up.is_overdue()}
        if follow_up.link == FollowUp.Link.NOMINATIONS:
            if nominations is None:
                nominations = nomination_status()
            item["nominations"] = nominations
            item["url"] = _url("members:public_list")
        elif follow_up.activity_id:
            item["activity"] = follow_up.activity
            item["latest_report"] = reported.get(follow_up.activity_id)
            item["url"] = follow_up.activity.get_absolute_url()
        elif follow_up.work_plan_id:
            item["work_plan"] = follow_up.work_plan
            item["plan_progress"] = plans.get(follow_up.work_plan_id, 0)
            item["url"] = follow_up.work_plan.get_absolute_url()
        elif follow_up.meeting_id:
            item["meeting"] = follow_up.meeting
            item["url"] = _url("meetings:detail", follow_up.meeting_id)
        result.setdefault(follow_up.paragraph_id, []).append(item)
    return result


def current_rules():
    return RulesOfProcedure.objects.order_by("pk").first()


def comment_counts(communique):
    return dict(
        Paragraph.objects.filter(communique=communique)
        .annotate(n=Count("comments", filter=Q(comments__isnull=False)))
        .values_list("pk", "n")
    )


def meeting_held_on(day) -> Meeting | None:
    """The meeting under way on a date (a communiqué's first date names its meeting)."""
    held = Meeting.objects.filter(start__date__lte=day, end__date__gte=day)
    return held.order_by("start").first()


def communique_of(meeting) -> Communique | None:
    return Communique.objects.filter(meeting=meeting).first()


def operative_numbers(paragraphs) -> dict[int, int]:
    """{paragraph id: its number}: operative paragraphs are numbered 1, 2, … in their order."""
    operative = sorted(
        (p for p in paragraphs if p.kind == Paragraph.Kind.OPERATIVE), key=lambda p: (p.order, p.pk)
    )
    return {p.pk: number for number, p in enumerate(operative, start=1)}


def numbered_follow_ups(communique) -> list[tuple[int | None, FollowUp]]:
    """The communiqué's follow-up actions, each with the number of its operative paragraph."""
    items = FollowUp.objects.filter(paragraph__communique=communique).select_related(
        "paragraph", "member_state", "partner", "meeting"
    )
    numbers = operative_numbers(
        communique.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).only("id", "kind", "order")
    )
    return [(numbers.get(item.paragraph_id), item) for item in items]


# --- Recorded versions (communiqués and the Rules of Procedure) -------------------------------


def version_list(versions):
    """Recorded versions without their (large) content, oldest first."""
    return versions.select_related("created_by").defer("content").order_by("number")


def rules_version_list(rules):
    return version_list(rules.versions).select_related("meeting")


def latest_version_number(versions) -> int | None:
    return versions.order_by("-number").values_list("number", flat=True).first()


def recorded_version(versions, number, *, with_content=True):
    """The recorded version of that number, or None."""
    found = versions.filter(number=number)
    return (found if with_content else found.defer("content")).first()


def paragraphs_calling_for(activity) -> list[dict]:
    """The operative paragraphs of published communiqués whose follow-up carries out this
    activity: {communique, number, paragraph, follow_up}, for the activity page."""
    follow_ups = list(
        FollowUp.objects.filter(
            activity=activity, paragraph__communique__published_version__isnull=False
        ).select_related("paragraph__communique__meeting")
    )
    operative: dict[int, list[Paragraph]] = {}
    for paragraph in Paragraph.objects.filter(
        communique_id__in={f.paragraph.communique_id for f in follow_ups},
        kind=Paragraph.Kind.OPERATIVE,
    ).only("id", "kind", "order", "communique_id"):
        operative.setdefault(paragraph.communique_id, []).append(paragraph)
    numbers = {}
    for paragraphs in operative.values():
        numbers.update(operative_numbers(paragraphs))
    return [
        {
            "communique": f.paragraph.communique,
            "number": numbers.get(f.paragraph_id),
            "paragraph": f.paragraph,
            "follow_up": f,
        }
        for f in follow_ups
    ]
