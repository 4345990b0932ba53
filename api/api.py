"""The read-only open-data API, /api/v1/: what the public pages show, as JSON (and CSV), with
its OpenAPI schema at /api/v1/openapi.json and its documentation at /api/v1/docs. The directory
with personal data needs a secretariat member's personal token (Authorization: Bearer …)."""

import csv
import datetime
import io

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer

from communiques import selectors as communiques
from communiques.text import to_text
from meetings.models import Meeting
from members import selectors as members
from pesnet.roles import can
from workplan.models import Activity

from . import services
from .caching import client_address

LANGUAGES = ("ar", "en", "fr")


class Texts(Schema):
    ar: str
    en: str
    fr: str


class InstitutionOut(Schema):
    name: Texts
    acronym: str
    website: str


class MemberStateOut(Schema):
    iso3: str
    iso2: str
    name: Texts
    oic_group: str
    institutions: list[InstitutionOut]
    nomination: str  # "nominated", "pending" or "not_nominated"


class MeetingOut(Schema):
    id: int
    kind: str
    number: int | None
    title: Texts
    start: datetime.datetime
    end: datetime.datetime
    time_zone: str
    mode: str
    place: Texts
    url: str


class ParagraphOut(Schema):
    kind: str
    number: int | None
    lead: Texts
    body: Texts
    url: str


class CommuniqueOut(Schema):
    id: int
    meeting_id: int
    date: datetime.date
    version: int
    title: Texts
    languages: list[str]
    url: str


class CommuniqueDetailOut(CommuniqueOut):
    paragraphs: list[ParagraphOut]


class ArticleOut(Schema):
    version: int
    chapter: int
    chapter_title: Texts
    number: int
    title: Texts
    body: Texts
    url: str


class ActivityOut(Schema):
    id: int
    code: str
    plan: str
    title: Texts
    description: Texts
    category: str
    status: str
    progress: int
    planned_start: datetime.date
    planned_end: datetime.date
    lead: str | None
    url: str


class FocalPointOut(Schema):
    member_state: str
    role: str
    honorific: str
    given_name: str
    family_name: str
    position: str
    institution: str | None
    email: str
    phone: str
    mobile: str
    preferred_language: str


class SecretariatToken(HttpBearer):
    """A personal token of a secretariat member; every use is recorded."""

    def authenticate(self, request, token):
        found, user = services.token_user(token)
        if found is None or not can(user, "api.manage_tokens"):
            return None
        request.api_token = found
        return user


api = NinjaAPI(
    title="OIC-PESNET open data",
    version="1",
    description=(
        "Read-only data of the OIC Public Employment Services Network: member states and their "
        "nomination status, meetings, adopted communiqués, the Rules of Procedure and the work "
        "plan. Texts are given in Arabic, English and French. Lists are paginated "
        "(`limit`, `offset`); answers carry an ETag (send `If-None-Match`). The directory with "
        "personal data needs a personal token of the secretariat (`Authorization: Bearer …`)."
    ),
    urls_namespace="api",
    docs_url="/docs",
)


def _texts(values: dict | None = None, obj=None, field: str = "") -> dict:
    if obj is not None:
        return {code: to_text(getattr(obj, f"{field}_{code}", "") or "") for code in LANGUAGES}
    return {code: to_text((values or {}).get(code) or "") for code in LANGUAGES}


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def _nomination(status: str) -> str:
    if status in (members.DirectoryStatus.ACTIVE, members.DirectoryStatus.ALTERNATE_ONLY):
        return "nominated"
    if status == members.DirectoryStatus.PENDING:
        return "pending"
    return "not_nominated"


def member_state_rows(request) -> list[dict]:
    return [
        {
            "iso3": row.state.iso3,
            "iso2": str(row.state.country.code),
            "name": _texts(obj=row.state, field="name"),
            "oic_group": row.state.oic_group,
            "institutions": [
                {
                    "name": _texts(obj=institution, field="name"),
                    "acronym": institution.acronym,
                    "website": institution.website,
                }
                for institution in row.institutions
            ],
            "nomination": _nomination(row.status),
        }
        for row in members.directory_rows()
    ]


def meeting_rows(request) -> list[dict]:
    return [
        {
            "id": meeting.pk,
            "kind": meeting.kind,
            "number": meeting.number,
            "title": _texts(obj=meeting, field="title"),
            "start": meeting.start,
            "end": meeting.end,
            "time_zone": meeting.time_zone,
            "mode": meeting.mode,
            "place": _texts(obj=meeting, field="place"),
            "url": _absolute(request, meeting.get_absolute_url()),
        }
        for meeting in Meeting.objects.order_by("-start")
    ]


def _communique(request, communique, *, paragraphs=False) -> dict:
    from communiques.content import languages_present

    content = communique.published_version.content
    data = {
        "id": communique.pk,
        "meeting_id": communique.meeting_id,
        "date": communique.date,
        "version": communique.published_version.number,
        "title": _texts(content["title"]),
        "languages": languages_present(content),
        "url": _absolute(request, reverse("communiques:detail", args=[communique.pk])),
    }
    if paragraphs:
        data["paragraphs"] = [
            {
                "kind": paragraph["kind"],
                "number": paragraph["number"],
                "lead": _texts(paragraph["lead"]),
                "body": _texts(paragraph["body"]),
                "url": data["url"] + f"#p-{paragraph['id']}",
            }
            for paragraph in content["paragraphs"]
        ]
    return data


def article_rows(request) -> list[dict]:
    rules = communiques.current_rules()
    version = rules.versions.order_by("-number").first() if rules else None
    if version is None:
        return []
    page = _absolute(request, reverse("communiques:rules"))
    return [
        {
            "version": version.number,
            "chapter": chapter["number"],
            "chapter_title": _texts(chapter["title"]),
            "number": article["number"],
            "title": _texts(article["title"]),
            "body": _texts(article["body"]),
            "url": f"{page}#article-{article['number']}",
        }
        for chapter in version.content["chapters"]
        for article in chapter["articles"]
    ]


def activity_rows(request) -> list[dict]:
    activities = Activity.objects.select_related(
        "plan", "lead_member_state", "lead_organisation"
    ).order_by("-plan__start_year", "code")
    rows = []
    for activity in activities:
        lead = activity.lead_member_state or activity.lead_organisation
        rows.append(
            {
                "id": activity.pk,
                "code": activity.code,
                "plan": f"{activity.plan.start_year}-{activity.plan.end_year}",
                "title": _texts(obj=activity, field="title"),
                "description": _texts(obj=activity, field="description"),
                "category": activity.category,
                "status": activity.status,
                "progress": activity.progress,
                "planned_start": activity.planned_start,
                "planned_end": activity.planned_end,
                "lead": str(lead) if lead else None,
                "url": _absolute(request, reverse("workplan:activity", args=[activity.pk])),
            }
        )
    return rows


@api.get("/member-states", response=list[MemberStateOut], tags=["members"])
@paginate(LimitOffsetPagination)
def list_member_states(request):
    """The 57 member states, their public employment services and whether each has nominated
    its national focal points (no personal data)."""
    return member_state_rows(request)


@api.get("/meetings", response=list[MeetingOut], tags=["meetings"])
@paginate(LimitOffsetPagination)
def list_meetings(request):
    """The network's meetings (the online link is for registered participants, not here)."""
    return meeting_rows(request)


@api.get("/communiques", response=list[CommuniqueOut], tags=["communiques"])
@paginate(LimitOffsetPagination)
def list_communiques(request):
    """The adopted and published final communiqués."""
    return [_communique(request, c) for c in communiques.published_communiques()]


@api.get("/communiques/{communique_id}", response=CommuniqueDetailOut, tags=["communiques"])
def get_communique(request, communique_id: int):
    """A published communiqué with its paragraphs in each language."""
    communique = get_object_or_404(
        communiques.published_communiques().select_related("published_version"), pk=communique_id
    )
    return _communique(request, communique, paragraphs=True)


@api.get("/rules-of-procedure/articles", response=list[ArticleOut], tags=["communiques"])
@paginate(LimitOffsetPagination)
def list_articles(request):
    """The articles of the Rules of Procedure in force."""
    return article_rows(request)


@api.get("/workplan/activities", response=list[ActivityOut], tags=["workplan"])
@paginate(LimitOffsetPagination)
def list_activities(request):
    """Work-plan activities with their status and progress."""
    return activity_rows(request)


@api.get(
    "/directory",
    response=list[FocalPointOut],
    auth=SecretariatToken(),
    tags=["directory (personal data)"],
)
@paginate(LimitOffsetPagination)
def directory(request):
    """Active focal points with their contact details. Needs a secretariat member's personal
    token; every use is recorded."""
    services.record_use(
        request.api_token,
        path=request.get_full_path(),
        client=client_address(request),
        status=200,
    )
    return [
        {
            "member_state": person.member_state.iso3,
            "role": person.role,
            "honorific": person.honorific,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "position": person.position,
            "institution": str(person.institution) if person.institution else None,
            "email": person.email,
            "phone": str(person.phone or ""),
            "mobile": str(person.mobile or ""),
            "preferred_language": person.preferred_language,
        }
        for person in members.active_focal_points()
    ]


# --- CSV: the same lists, for spreadsheets and other web sites -------------------------------

CSV_LISTS = {
    "member-states": member_state_rows,
    "meetings": meeting_rows,
    "workplan-activities": activity_rows,
    "rules-of-procedure-articles": article_rows,
}


def _flatten(row: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}_"))
        elif isinstance(value, list):
            flat[name] = " | ".join(
                " / ".join(str(v) for v in _flatten(item).values() if v)
                if isinstance(item, dict)
                else str(item)
                for item in value
            )
        else:
            flat[name] = "" if value is None else value
    return flat


def csv_response(name: str, rows: list[dict]) -> HttpResponse:
    flat = [_flatten(row) for row in rows]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(flat[0]) if flat else ["empty"])
    writer.writeheader()
    writer.writerows(flat)
    # A byte-order mark: spreadsheet programs then read the Arabic as UTF-8.
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pesnet-{name}.csv"'
    return response


@api.get("/{name}.csv", tags=["csv"], openapi_extra={"responses": {200: {"description": "CSV"}}})
def csv_list(request, name: str):
    """One of the lists as CSV (UTF-8): member-states, meetings, workplan-activities,
    rules-of-procedure-articles."""
    build = CSV_LISTS.get(name)
    if build is None:
        return api.create_response(request, {"detail": "Not Found"}, status=404)
    return csv_response(name, build(request))
