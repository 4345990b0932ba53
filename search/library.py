"""The document library: every document of the network a user may open, with its languages side
by side and its versions. Read from each app's own records; a few queries whatever the count."""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communiques.content import languages_present
from communiques.models import Communique, CommuniqueVersion, RulesOfProcedure
from pesnet.roles import can, is_network_member, is_secretariat
from workplan.models import ProgressExport, WorkPlan

LANGUAGE_NAMES = {"ar": "العربية", "en": "English", "fr": "Français", "side-by-side": _("ar | en")}


class DocumentKind:
    COMMUNIQUE = "communique"
    RULES = "rules"
    WORKPLAN = "workplan"
    MEETING_DOCUMENT = "meeting_document"

    choices = [
        (COMMUNIQUE, _("Final communiqué")),
        (RULES, _("Rules of Procedure")),
        (WORKPLAN, _("Work plan and progress reports")),
        (MEETING_DOCUMENT, _("Meeting document")),
    ]


@dataclass
class Version:
    label: str
    date: object
    files: list[tuple[str, str]]  # (language or layout, url)
    note: str = ""


@dataclass
class Document:
    kind: str
    title: str
    meeting: object
    year: int | None
    languages: list[str]
    files: list[tuple[str, str]]  # the current version: (language or layout, url)
    versions: list[Version] = field(default_factory=list)
    members_only: bool = False
    page: str = ""

    @property
    def links(self):
        return [(code, LANGUAGE_NAMES.get(code, code), url) for code, url in self.files]

    @property
    def kind_label(self):
        return dict(DocumentKind.choices)[self.kind]


def _pdf_files(url_name, args, available, query=""):
    layouts = [code for code in ("ar", "en", "fr") if code in available]
    if {"ar", "en"} <= set(available):
        layouts.append("side-by-side")
    return [
        (code, reverse(url_name, args=[*args, code]) + (f"?{query}" if query else ""))
        for code in layouts
    ]


def _communiques(user):
    documents = []
    published = (
        Communique.objects.filter(published_version__isnull=False)
        .select_related("meeting", "published_version")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=CommuniqueVersion.objects.filter(
                    stage=CommuniqueVersion.Stage.ADOPTED
                ).order_by("-number"),
                to_attr="adopted_versions",
            )
        )
    )
    for communique in published:
        content = communique.published_version.content
        available = languages_present(content)
        versions = []
        # Earlier adopted versions open for those who may see the working documents.
        if can(user, "communiques.view_working", communique):
            for version in communique.adopted_versions:
                if version.pk == communique.published_version_id:
                    continue
                versions.append(
                    Version(
                        label=_("Version %(number)s") % {"number": version.number},
                        date=version.created_at.date(),
                        files=_pdf_files(
                            "communiques:pdf",
                            [communique.pk],
                            available,
                            f"version={version.number}",
                        ),
                    )
                )
        documents.append(
            Document(
                kind=DocumentKind.COMMUNIQUE,
                title=str(communique.meeting.title),
                meeting=communique.meeting,
                year=communique.date.year,
                languages=available,
                files=_pdf_files("communiques:pdf", [communique.pk], available),
                versions=versions,
                page=reverse("communiques:detail", args=[communique.pk]),
            )
        )
    return documents


def _rules():
    documents = []
    for rules in RulesOfProcedure.objects.prefetch_related("versions__meeting"):
        versions = sorted(rules.versions.all(), key=lambda v: v.number, reverse=True)
        if not versions:
            continue
        latest = versions[0]
        available = languages_present(latest.content)
        documents.append(
            Document(
                kind=DocumentKind.RULES,
                title=str(rules.title),
                meeting=latest.meeting,
                year=latest.adopted_on.year,
                languages=available,
                files=_pdf_files("communiques:rules_pdf", [], available),
                versions=[
                    Version(
                        label=_("Version %(number)s") % {"number": version.number},
                        date=version.adopted_on,
                        files=_pdf_files(
                            "communiques:rules_pdf",
                            [],
                            languages_present(version.content),
                            f"version={version.number}",
                        ),
                        note=str(version.note or ""),
                    )
                    for version in versions[1:]
                ],
                page=reverse("communiques:rules"),
            )
        )
    return documents


def _work_plans(user):
    secretariat = is_secretariat(user)
    plans = WorkPlan.objects.select_related("adopted_at_meeting")
    if secretariat:
        plans = plans.prefetch_related(
            Prefetch(
                "exports",
                queryset=ProgressExport.objects.filter(state=ProgressExport.State.DONE).order_by(
                    "-finished_at"
                ),
                to_attr="finished_exports",
            )
        )
    documents = []
    for plan in plans:
        page = reverse("workplan:plan", args=[plan.start_year, plan.end_year])
        files = []
        if secretariat:
            seen = set()
            for export in plan.finished_exports:
                label = f"{export.language} {export.format}"
                if label in seen:
                    continue
                seen.add(label)
                files.append((label, reverse("workplan:export_download", args=[export.pk])))
        documents.append(
            Document(
                kind=DocumentKind.WORKPLAN,
                title=str(plan.title),
                meeting=plan.adopted_at_meeting,
                year=plan.start_year,
                languages=["ar", "en", "fr"],
                files=files,
                page=page,
            )
        )
    return documents


def _meeting_documents(user):
    """Documents uploaded to meetings, once the meetings app keeps them (MeetingDocument:
    meeting, language, kind, title, file, is_public, version)."""
    try:
        model = apps.get_model("meetings", "MeetingDocument")
    except LookupError:
        return []
    documents = model.objects.select_related("meeting")
    if not is_network_member(user):
        documents = documents.filter(is_public=True)
    has_version = any(f.name == "version" for f in model._meta.get_fields())
    order = ["meeting_id", "kind", "title", "language"] + (["-version"] if has_version else [])
    grouped: dict = {}
    for document in documents.order_by(*order):
        key = (document.meeting_id, document.kind, document.title)
        url = reverse("meetings:document", args=[document.meeting_id, document.pk])
        entry = grouped.get(key)
        if entry is None:
            entry = grouped[key] = Document(
                kind=DocumentKind.MEETING_DOCUMENT,
                title=f"{document.get_kind_display()} · {document.title}",
                meeting=document.meeting,
                year=document.meeting.start.year,
                languages=[],
                files=[],
                members_only=not document.is_public,
                page=document.meeting.get_absolute_url(),
            )
        if document.language not in entry.languages:
            # The newest version of each language is the current one.
            entry.languages.append(document.language)
            entry.files.append((document.language, url))
        else:
            number = getattr(document, "version", "")
            entry.versions.append(
                Version(
                    label=_("Version %(number)s") % {"number": number},
                    date=None,
                    files=[(document.language, url)],
                )
            )
    return list(grouped.values())


def documents_for(user) -> list[Document]:
    documents = _communiques(user) + _rules() + _work_plans(user) + _meeting_documents(user)
    return sorted(documents, key=lambda d: (-(d.year or 0), d.kind, d.title))


def filtered(documents, *, kind="", meeting=None, language="", year=None) -> list[Document]:
    if kind:
        documents = [d for d in documents if d.kind == kind]
    if meeting:
        documents = [d for d in documents if d.meeting and d.meeting.pk == meeting]
    if language:
        documents = [d for d in documents if language in d.languages]
    if year:
        documents = [d for d in documents if d.year == year]
    return documents
