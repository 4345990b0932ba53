"""Actions that change communiqués and the Rules of Procedure. Views, commands and tasks call
these; each checks the state it needs and raises WorkflowError (a DomainError) with a message for
the user. Who may act is the caller's check (communiques.rules); the actor comes as `by=`, None
for the system (a command, the demo)."""

import datetime
import re

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from meetings.models import Meeting
from pesnet.errors import DomainError
from pesnet.queue import enqueue_on_commit
from pesnet.roles import member_state_of

from . import selectors
from .content import communique_content, content_hash, rules_content
from .importer import ParsedDocument
from .models import (
    LANGUAGES,
    Comment,
    Communique,
    CommuniqueVersion,
    FollowUp,
    Paragraph,
    RulesOfProcedure,
    RulesVersion,
)
from .text import clean_inline, clean_plain


class WorkflowError(DomainError):
    """The action is not possible in the document's current state; the message says why."""


def _require_editable(communique: Communique) -> None:
    if not communique.is_editable:
        raise WorkflowError(
            _("This version was adopted and cannot change. Start a new version to amend it.")
        )


# --- Import --------------------------------------------------------------------------------


def meeting_of(parsed: ParsedDocument, meeting: Meeting | None = None) -> Meeting:
    """The meeting a document is the communiqué of: the one chosen, else the one held on its
    first date; refused when there is none."""
    meeting = meeting or selectors.meeting_held_on(parsed.start)
    if meeting is None:
        raise WorkflowError(
            _("No meeting was held on %(date)s: choose the meeting of this communiqué.")
            % {"date": parsed.start.isoformat()}
        )
    return meeting


# How a communiqué says that its meeting was held online, in its three languages.
_ONLINE_WORDS = ("virtual", "online", "en ligne", "virtuel", "افتراضي", "عبر الإنترنت", "عن بعد")
_HELD_IN = {
    "en": re.compile(r"\bheld in ([^\W\d][\w .'-]*?)(?:,| on | from |\.)"),
    "fr": re.compile(r"\btenue? (?:à|a) ([^\W\d][\w .'-]*?)(?:,| le | les | du |\.)"),
    "ar": re.compile(r"(?:المنعقد|المنعقدة|عقد|عُقد)\S* في (?:مدينة )?(\w+)"),
}
# The time a meeting created from its communiqué is given (its dates only are known).
DOCUMENT_MEETING_HOURS = (9, 17)
DOCUMENT_MEETING_ZONE = "Europe/Istanbul"  # the secretariat's


def proposed_meeting(parsed: ParsedDocument) -> dict:
    """The meeting a communiqué describes, for a document whose meeting is not in the portal:
    its title (the meeting line), dates, place and mode, read from the document."""
    line = strip_tags(parsed.date_line)
    place = ""
    if "," in line and not any(char.isdigit() for char in line.split(",", 1)[0]):
        place = line.split(",", 1)[0].strip()
    opening = strip_tags(parsed.opening)
    pattern = _HELD_IN.get(parsed.language)
    if not place and pattern:
        found = pattern.search(opening)
        place = found[1].strip() if found else ""
    online = any(word in opening.casefold() for word in _ONLINE_WORDS)
    return {
        "title": strip_tags(parsed.heading) or strip_tags(parsed.title),
        "start": parsed.start,
        "end": parsed.end,
        "place": place,
        "mode": Meeting.Mode.ONLINE if online and not place else Meeting.Mode.IN_PERSON,
    }


def create_meeting_from_document(parsed: ParsedDocument, *, by) -> Meeting:
    """Create the meeting a communiqué is about (see `proposed_meeting`), as held when its dates
    are past, through the meetings app's own rules."""
    from zoneinfo import ZoneInfo

    from meetings.services import save_meeting

    proposal = proposed_meeting(parsed)
    zone = ZoneInfo(DOCUMENT_MEETING_ZONE)
    start = datetime.datetime.combine(
        proposal["start"], datetime.time(DOCUMENT_MEETING_HOURS[0]), tzinfo=zone
    )
    end = datetime.datetime.combine(
        proposal["end"], datetime.time(DOCUMENT_MEETING_HOURS[1]), tzinfo=zone
    )
    code = parsed.language
    texts = {f"title_{code}": proposal["title"][:300], f"place_{code}": proposal["place"][:200]}
    if code != "en":  # the English title is required: the document's own until translated
        texts.setdefault("title_en", proposal["title"][:300])
    meeting = Meeting(
        kind=Meeting.Kind.NETWORK,
        start=start,
        end=end,
        mode=proposal["mode"],
        time_zone=DOCUMENT_MEETING_ZONE,
        status=Meeting.Status.HELD if end < timezone.now() else Meeting.Status.PLANNED,
        **texts,
    )
    return save_meeting(meeting, by=by)


@transaction.atomic
def link_to_meeting(communique: Communique, meeting: Meeting, *, by) -> Communique:
    """Make `communique` the communiqué of `meeting` (one imported against the wrong meeting,
    say); refused when the meeting has another one."""
    other = Communique.objects.filter(meeting=meeting).exclude(pk=communique.pk).first()
    if other is not None:
        raise WorkflowError(
            _("This meeting already has a communiqué: %(title)s.") % {"title": other},
            field="communique",
        )
    communique.meeting = meeting
    communique.save(update_fields=["meeting", "updated_at"])
    return communique


@transaction.atomic
def import_communique(
    parsed: ParsedDocument, meeting: Meeting | None = None, *, by=None
) -> Communique:
    """Create the meeting's communiqué, or add this language to the existing one.

    A second language must align with the first: the same number of preambular and operative
    paragraphs. Nothing is stored when it does not.
    """
    meeting = meeting_of(parsed, meeting)
    code = parsed.language
    communique = Communique.objects.select_for_update().filter(meeting=meeting).first()
    if communique is None:
        communique = Communique.objects.create(
            meeting=meeting,
            date=parsed.end,
            **{f"place_{c}": getattr(meeting, f"place_{c}") or "" for c in LANGUAGES},
        )
    _require_editable(communique)
    existing = list(communique.paragraphs.all())
    has_text = any(getattr(p, f"body_{c}") for p in existing for c in LANGUAGES)
    if has_text:
        old = [p.kind for p in existing]
        new = [p.kind for p in parsed.paragraphs]
        if old != new:
            raise WorkflowError(
                _(
                    "This document does not align with the communiqué: it has %(pre)s preambular "
                    "and %(op)s operative paragraphs, the communiqué has %(old_pre)s and "
                    "%(old_op)s."
                )
                % {
                    "pre": new.count("preambular"),
                    "op": new.count("operative"),
                    "old_pre": old.count("preambular"),
                    "old_op": old.count("operative"),
                }
            )
    else:
        communique.paragraphs.all().delete()
        existing = [
            Paragraph.objects.create(communique=communique, kind=p.kind, order=index)
            for index, p in enumerate(parsed.paragraphs, start=1)
        ]
    for paragraph, parsed_paragraph in zip(existing, parsed.paragraphs, strict=True):
        setattr(paragraph, f"lead_{code}", parsed_paragraph.lead)
        setattr(paragraph, f"body_{code}", parsed_paragraph.body)
        paragraph.save(update_fields=[f"lead_{code}", f"body_{code}"])
    setattr(communique, f"title_{code}", parsed.title)
    setattr(communique, f"heading_{code}", parsed.heading)
    setattr(communique, f"opening_{code}", parsed.opening)
    communique.save()
    return communique


# --- Editing -------------------------------------------------------------------------------


@transaction.atomic
def update_header(communique: Communique, values: dict, *, by=None) -> None:
    _require_editable(communique)
    for name, value in values.items():
        if name == "date":
            communique.date = value
        else:
            setattr(communique, name, clean_inline(value))
    communique.save()


@transaction.atomic
def update_paragraph(paragraph: Paragraph, values: dict, *, by=None) -> None:
    """values: {"lead_ar": …, "body_en": …}; rich text is sanitised before it is stored."""
    _require_editable(paragraph.communique)
    for name, value in values.items():
        setattr(paragraph, name, clean_inline(value))
    paragraph.save(update_fields=list(values))
    Communique.objects.filter(pk=paragraph.communique_id).update(updated_at=timezone.now())


@transaction.atomic
def add_paragraph(communique: Communique, kind: str, *, by=None) -> Paragraph:
    _require_editable(communique)
    last = communique.paragraphs.filter(kind=kind).aggregate(m=Max("order"))["m"] or 0
    return Paragraph.objects.create(communique=communique, kind=kind, order=last + 1)


@transaction.atomic
def delete_paragraph(paragraph: Paragraph, *, by=None) -> None:
    _require_editable(paragraph.communique)
    if paragraph.follow_ups.exists():
        raise WorkflowError(_("This paragraph has follow-up actions: remove them first."))
    paragraph.delete()


@transaction.atomic
def move_paragraph(paragraph: Paragraph, direction: int, *, by=None) -> None:
    """Swap with the neighbour of the same kind (preamble and operative part stay apart)."""
    _require_editable(paragraph.communique)
    siblings = list(
        Paragraph.objects.select_for_update()
        .filter(communique=paragraph.communique_id, kind=paragraph.kind)
        .order_by("order", "pk")
    )
    for index, sibling in enumerate(siblings, start=1):
        sibling.order = index
    position = next(i for i, p in enumerate(siblings) if p.pk == paragraph.pk)
    target = position + direction
    if 0 <= target < len(siblings):
        siblings[position].order, siblings[target].order = (
            siblings[target].order,
            siblings[position].order,
        )
    Paragraph.objects.bulk_update(siblings, ["order"])


# --- Workflow ------------------------------------------------------------------------------


def _record_version(communique: Communique, stage: str, by) -> CommuniqueVersion:
    content = communique_content(communique)
    number = (communique.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    return CommuniqueVersion.objects.create(
        communique=communique,
        number=number,
        edition=communique.version,
        stage=stage,
        content=content,
        content_hash=content_hash(content),
        created_by=by,
    )


@transaction.atomic
def open_consultation(communique: Communique, deadline: datetime.datetime, *, by=None) -> None:
    if communique.status != Communique.Status.DRAFT:
        raise WorkflowError(_("Only a draft can be sent for consultation."))
    if deadline <= timezone.now():
        raise WorkflowError(_("The deadline must be in the future."))
    if not communique.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).exists():
        raise WorkflowError(_("The communiqué has no operative paragraph yet."))
    communique.status = Communique.Status.CONSULTATION
    communique.consultation_deadline = deadline
    communique.save(update_fields=["status", "consultation_deadline", "updated_at"])
    _record_version(communique, CommuniqueVersion.Stage.CONSULTATION, by)
    from .reminders import notify_consultation_opened

    notify_consultation_opened(communique)


@transaction.atomic
def adopt(communique: Communique, *, by=None) -> CommuniqueVersion:
    if communique.status not in (Communique.Status.DRAFT, Communique.Status.CONSULTATION):
        raise WorkflowError(_("This version has already been adopted."))
    communique.status = Communique.Status.ADOPTED
    communique.save(update_fields=["status", "updated_at"])
    return _record_version(communique, CommuniqueVersion.Stage.ADOPTED, by)


@transaction.atomic
def publish(communique: Communique, *, by=None) -> None:
    if communique.status != Communique.Status.ADOPTED:
        raise WorkflowError(_("Only an adopted communiqué can be published."))
    adopted = communique.versions.filter(stage=CommuniqueVersion.Stage.ADOPTED).latest("number")
    communique.status = Communique.Status.PUBLISHED
    communique.published_version = adopted
    communique.save(update_fields=["status", "published_version", "updated_at"])
    for layout in ("side-by-side", "ar", "en"):
        enqueue_on_commit(
            "communiques.render_communique_pdf", communique.pk, layout, adopted.number
        )


@transaction.atomic
def start_new_version(communique: Communique, *, by=None) -> None:
    """Amend an adopted communiqué: the adopted version stays as it was (and stays published)."""
    if communique.is_editable:
        raise WorkflowError(_("The communiqué is still being drafted: edit it directly."))
    communique.status = Communique.Status.DRAFT
    communique.version += 1
    communique.consultation_deadline = None
    communique.save(update_fields=["status", "version", "consultation_deadline", "updated_at"])


@transaction.atomic
def add_comment(paragraph: Paragraph, body: str, *, by) -> Comment:
    communique = Communique.objects.select_for_update().get(pk=paragraph.communique_id)
    if not communique.consultation_is_open():
        raise WorkflowError(_("Comments are taken only while the consultation is open."))
    text = clean_plain(body)
    if not text:
        raise WorkflowError(_("Write a comment first."))
    return Comment.objects.create(
        paragraph=paragraph,
        author=by,
        member_state=member_state_of(by),
        version=communique.version,
        body=text,
    )


@transaction.atomic
def save_follow_up(follow_up: FollowUp, *, by=None) -> FollowUp:
    if follow_up.paragraph.kind != Paragraph.Kind.OPERATIVE:
        raise WorkflowError(_("Only an operative paragraph asks for follow-up action."))
    for code in LANGUAGES:
        setattr(follow_up, f"action_{code}", clean_plain(getattr(follow_up, f"action_{code}")))
    # The link names what the action carries out: an activity and the plan are alternatives,
    # and neither is kept once the link says otherwise.
    if follow_up.link != FollowUp.Link.ACTIVITY:
        follow_up.activity = None
    if follow_up.link != FollowUp.Link.WORK_PLAN:
        follow_up.work_plan = None
    if follow_up.link == FollowUp.Link.ACTIVITY and follow_up.activity_id is None:
        raise WorkflowError(_("Choose the work-plan activity this action carries out."))
    if follow_up.link == FollowUp.Link.WORK_PLAN and follow_up.work_plan_id is None:
        raise WorkflowError(_("Choose the work plan this action carries out."))
    follow_up.save()
    return follow_up


# --- Rules of Procedure --------------------------------------------------------------------


@transaction.atomic
def adopt_rules(
    rules: RulesOfProcedure, meeting: Meeting, adopted_on: datetime.date, note, *, by=None
) -> RulesVersion:
    """Record the working copy as adopted at a meeting (the first version or an amendment).

    note: what changed, a string (English) or {"ar": …, "en": …, "fr": …}.
    """
    notes = note if isinstance(note, dict) else {"en": note}
    rules = RulesOfProcedure.objects.select_for_update().get(pk=rules.pk)
    content = rules_content(rules)
    if not content["chapters"]:
        raise WorkflowError(_("The Rules of Procedure have no chapter yet."))
    digest = content_hash(content)
    latest = rules.versions.order_by("-number").first()
    if latest is not None and latest.content_hash == digest:
        raise WorkflowError(_("Nothing changed since the last adopted version."))
    return RulesVersion.objects.create(
        rules=rules,
        number=(latest.number + 1) if latest else 1,
        meeting=meeting,
        adopted_on=adopted_on,
        note=clean_plain(notes.get("en", "")),
        **{f"note_{code}": clean_plain(notes.get(code, "")) for code in LANGUAGES},
        content=content,
        content_hash=digest,
        created_by=by,
    )


@transaction.atomic
def update_article(article, values: dict, *, by=None) -> None:
    """Edit the working copy of an article; adopted versions are snapshots and stay as they were."""
    for name, value in values.items():
        setattr(article, name, clean_inline((value or "").replace("\n", "<br>")))
    article.save()
