"""The portal's search sources, one per part of the portal (see search.registry).

Each states who may find what it indexes: the published communiqué, the Rules of Procedure, the
work plan, meetings, member states and their institutions are public; a communiqué's working
copy is for the network once it is in consultation (a draft stays with the secretariat); focal
points (name, position, institution; never phones or e-mail) are for the network's members.
"""

from django.apps import apps
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from communiques.content import communique_content
from communiques.models import (
    Communique,
    CommuniqueVersion,
    Paragraph,
    RulesArticle,
    RulesChapter,
    RulesOfProcedure,
    RulesVersion,
)
from communiques.text import to_text
from meetings.models import AgendaItem, Meeting
from members.models import FocalPoint, Institution, MemberState
from workplan.models import Activity, Milestone, WorkPlan

from .models import LANGUAGES, Audience, Kind
from .registry import Found, Source, register


def _in_languages(build) -> dict[str, str]:
    """A label written in each language by the interface's own translations."""
    labels = {}
    for code in LANGUAGES:
        with translation.override(code):
            labels[code] = str(build(code))
    return labels


def _field(obj, name: str) -> dict[str, str]:
    """A translated model field in each language (modeltranslation's name_ar, name_en…)."""
    return {code: getattr(obj, f"{name}_{code}", None) or "" for code in LANGUAGES}


def _or_english(values: dict[str, str], code: str) -> str:
    return values.get(code) or values.get("en") or ""


def _url(name: str, *args, anchor: str = "") -> str:
    # Stored without the language prefix: the results page adds the reader's.
    with translation.override("en"):
        url = reverse(name, args=args).removeprefix("/en")
    return url + (f"#{anchor}" if anchor else "")


# --- Communiqués ------------------------------------------------------------------------------


def _paragraph_label(paragraph: dict, preamble_number: int) -> str:
    if paragraph["kind"] == "operative":
        return _("operative paragraph %(number)s") % {"number": paragraph["number"]}
    return _("preambular paragraph %(number)s") % {"number": preamble_number}


def _communique_entries(communique, content, *, stage: str, audience: str, url_name: str):
    meeting = communique.meeting
    meeting_titles = _field(meeting, "title")
    preamble = 0
    for position, paragraph in enumerate(content["paragraphs"]):
        if paragraph["kind"] != "operative":
            preamble += 1
        number = preamble

        def where(code, paragraph=paragraph, number=number):
            if stage == "published":
                label = _("Final communiqué of the %(meeting)s, %(paragraph)s")
            elif stage == "draft":
                label = _("Draft communiqué of the %(meeting)s, %(paragraph)s")
            else:
                label = _("Communiqué in consultation of the %(meeting)s, %(paragraph)s")
            return label % {
                "meeting": _or_english(meeting_titles, code),
                "paragraph": _paragraph_label(paragraph, number),
            }

        yield Found(
            key=f"{communique.pk}:{stage}:{paragraph['id']}",
            kind=Kind.COMMUNIQUE,
            audience=audience,
            url=_url(url_name, communique.pk, anchor=f"p-{paragraph['id']}"),
            title={code: to_text(paragraph["lead"][code]) for code in LANGUAGES},
            text={code: to_text(paragraph["body"][code]) for code in LANGUAGES},
            where=_in_languages(where),
            meeting_id=meeting.pk,
            year=communique.date.year,
            position=position,
        )


def communique_entries(communique):
    """The published version for everyone; the working copy, while it differs from it, for
    those who may open it (communiques.view_working: the network from the consultation on)."""
    if communique.published_version_id:
        yield from _communique_entries(
            communique,
            communique.published_version.content,
            stage="published",
            audience=Audience.PUBLIC,
            url_name="communiques:detail",
        )
    if communique.status != Communique.Status.PUBLISHED:
        draft = communique.status == Communique.Status.DRAFT
        yield from _communique_entries(
            communique,
            communique_content(communique),
            stage="draft" if draft else "consultation",
            audience=Audience.SECRETARIAT if draft else Audience.MEMBERS,
            url_name="communiques:work",
        )


register(
    Source(
        name="communiques",
        owners=lambda: Communique.objects.select_related(
            "meeting", "published_version"
        ).prefetch_related(
            Prefetch("paragraphs", queryset=Paragraph.objects.order_by("-kind", "order", "pk"))
        ),
        build=communique_entries,
        watch={
            Communique: lambda c: [c.pk],
            Paragraph: lambda p: [p.communique_id],
            CommuniqueVersion: lambda v: [v.communique_id],
            Meeting: lambda m: Communique.objects.filter(meeting_id=m.pk).values_list(
                "pk", flat=True
            ),
        },
    )
)


# --- Rules of Procedure -------------------------------------------------------------------------


def rules_entries(rules):
    """The articles of the version in force (the latest adopted one), for everyone."""
    version = rules.versions.order_by("-number").first()
    if version is None:
        return
    position = 0
    for chapter in version.content["chapters"]:
        for article in chapter["articles"]:

            def where(code, article=article):
                return _("Rules of Procedure (version %(version)s), article %(number)s") % {
                    "version": version.number,
                    "number": article["number"],
                }

            yield Found(
                key=f"{rules.pk}:{article['number']}",
                kind=Kind.RULES,
                audience=Audience.PUBLIC,
                url=_url("communiques:rules", anchor=f"article-{article['number']}"),
                title={code: to_text(article["title"][code]) for code in LANGUAGES},
                text={code: to_text(article["body"][code]) for code in LANGUAGES},
                where=_in_languages(where),
                meeting_id=version.meeting_id,
                year=version.adopted_on.year,
                position=position,
            )
            position += 1


register(
    Source(
        name="rules",
        owners=lambda: RulesOfProcedure.objects.all(),
        build=rules_entries,
        watch={
            RulesOfProcedure: lambda r: [r.pk],
            RulesVersion: lambda v: [v.rules_id],
            RulesChapter: lambda c: [c.rules_id],
            RulesArticle: lambda a: RulesChapter.objects.filter(pk=a.chapter_id).values_list(
                "rules_id", flat=True
            ),
        },
    )
)


# --- Meetings ---------------------------------------------------------------------------------


def meeting_entries(meeting):
    titles = _field(meeting, "title")
    places = _field(meeting, "place")
    agenda = list(meeting.agenda.all())
    yield Found(
        key=str(meeting.pk),
        kind=Kind.MEETING,
        audience=Audience.PUBLIC,
        url=_url("meetings:detail", meeting.pk),
        title=titles,
        text={
            code: " · ".join(
                part
                for part in [_or_english(places, code)]
                + [_or_english(_field(item, "title"), code) for item in agenda]
                if part
            )
            for code in LANGUAGES
        },
        where=_in_languages(lambda code: meeting.get_kind_display()),
        meeting_id=meeting.pk,
        year=meeting.start.year,
    )


register(
    Source(
        name="meetings",
        owners=lambda: Meeting.objects.prefetch_related("agenda"),
        build=meeting_entries,
        watch={Meeting: lambda m: [m.pk], AgendaItem: lambda a: [a.meeting_id]},
    )
)


# --- Work plan --------------------------------------------------------------------------------


def activity_entries(activity):
    plan = activity.plan
    url = _url("workplan:activity", activity.pk)

    def where(code):
        return _("Work plan %(start)s–%(end)s, activity %(code)s") % {
            "start": plan.start_year,
            "end": plan.end_year,
            "code": activity.code,
        }

    wheres = _in_languages(where)
    yield Found(
        key=f"activity:{activity.pk}",
        kind=Kind.WORKPLAN,
        audience=Audience.PUBLIC,
        url=url,
        title=_field(activity, "title"),
        text=_field(activity, "description"),
        where=wheres,
        meeting_id=plan.adopted_at_meeting_id,
        year=activity.planned_start.year,
    )
    for position, milestone in enumerate(activity.milestones.all(), start=1):
        yield Found(
            key=f"milestone:{milestone.pk}",
            kind=Kind.WORKPLAN,
            audience=Audience.PUBLIC,
            url=url,
            title=_field(milestone, "title"),
            where={
                code: f"{wheres[code]} · {label}"
                for code, label in _in_languages(
                    lambda code, m=milestone: _("milestone of %(date)s") % {"date": m.date}
                ).items()
            },
            meeting_id=plan.adopted_at_meeting_id,
            year=milestone.date.year,
            position=position,
        )


register(
    Source(
        name="workplan",
        owners=lambda: Activity.objects.select_related("plan").prefetch_related("milestones"),
        build=activity_entries,
        watch={
            Activity: lambda a: [a.pk],
            Milestone: lambda m: [m.activity_id],
            WorkPlan: lambda p: Activity.objects.filter(plan_id=p.pk).values_list("pk", flat=True),
        },
    )
)


# --- Member states, institutions, focal points ---------------------------------------------------


def member_state_entries(state):
    names = _field(state, "name")
    yield Found(
        key=f"state:{state.pk}",
        kind=Kind.MEMBER_STATE,
        audience=Audience.PUBLIC,
        url=_url("members:public_list", anchor=f"state-{state.iso3}"),
        title=names,
        text={code: state.iso3 for code in LANGUAGES},
        where=_in_languages(lambda code: _("Member state")),
    )
    for institution in state.institutions.all():
        acronym = institution.acronym
        yield Found(
            key=f"institution:{institution.pk}",
            kind=Kind.MEMBER_STATE,
            audience=Audience.PUBLIC,
            url=_url("members:public_list", anchor=f"state-{state.iso3}"),
            title=_field(institution, "name"),
            text={code: acronym for code in LANGUAGES},
            where={
                code: _or_english(names, code) + " · " + label
                for code, label in _in_languages(
                    lambda code: _("public employment service")
                ).items()
            },
        )
    for person in state.focal_points.all():
        institution = person.institution
        institution_names = _field(institution, "name") if institution else {}
        yield Found(
            key=f"focal_point:{person.pk}",
            kind=Kind.FOCAL_POINT,
            audience=Audience.MEMBERS,
            url=_url("members:directory", anchor=f"fp-{person.pk}"),
            # Name, position and institution only: never phones or e-mail addresses.
            title={code: person.full_name for code in LANGUAGES},
            text={
                code: " · ".join(
                    part for part in [person.position, _or_english(institution_names, code)] if part
                )
                for code in LANGUAGES
            },
            where={
                code: _or_english(names, code) + " · " + label
                for code, label in _in_languages(
                    lambda code, p=person: p.get_role_display()
                ).items()
            },
        )


register(
    Source(
        name="members",
        owners=lambda: MemberState.objects.prefetch_related(
            "institutions",
            Prefetch(
                "focal_points",
                queryset=FocalPoint.objects.filter(status=FocalPoint.Status.ACTIVE).select_related(
                    "institution"
                ),
            ),
        ),
        build=member_state_entries,
        watch={
            MemberState: lambda s: [s.pk],
            Institution: lambda i: [i.member_state_id],
            FocalPoint: lambda f: [f.member_state_id],
        },
    )
)


# --- Meeting documents (when the meetings app has them) ---------------------------------------
#
# Expected on meetings.MeetingDocument: meeting (FK), language ("ar"/"en"/"fr"), kind (choices),
# title, file, is_public (bool), text (the extracted text, filled by a Celery task), version.


def _document_url(document) -> str:
    return _url("meetings:document", document.meeting_id, document.pk)


def document_entries(document):
    meeting_titles = _field(document.meeting, "title")
    code = document.language if document.language in LANGUAGES else "en"
    version = getattr(document, "version", None)

    def where(lang):
        label = _("%(kind)s of the %(meeting)s") % {
            "kind": document.get_kind_display(),
            "meeting": _or_english(meeting_titles, lang),
        }
        if version and version > 1:
            label += " · " + _("version %(number)s") % {"number": version}
        return label

    yield Found(
        key=str(document.pk),
        kind=Kind.DOCUMENT,
        audience=Audience.PUBLIC if document.is_public else Audience.MEMBERS,
        url=_document_url(document),
        title={code: document.title},
        text={code: getattr(document, "text", "") or ""},
        where=_in_languages(where),
        meeting_id=document.meeting_id,
        year=document.meeting.start.year,
    )


def _register_meeting_documents():
    try:
        model = apps.get_model("meetings", "MeetingDocument")
    except LookupError:
        return
    register(
        Source(
            name="meeting_documents",
            owners=lambda: model.objects.select_related("meeting"),
            build=document_entries,
            watch={model: lambda d: [d.pk]},
        )
    )


_register_meeting_documents()
