import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.models import Meeting
from members.cache import DIRECTORY
from pesnet.cache import is_shared, lookup, store
from pesnet.errors import DomainError, add_to_form, messages_of
from pesnet.pagecache import cached_page
from pesnet.queue import enqueue_on_commit
from pesnet.roles import allowed, authorize, can
from workplan.cache import WORKPLAN

from . import selectors, services
from .cache import BUCKET_SECONDS, COMMUNIQUES
from .content import communique_content, diff_contents, languages_present
from .documents import (
    WORKING,
    communique_pdf_html,
    communique_source,
    pdf_filename,
    rules_pdf_html,
    rules_source,
)
from .forms import (
    LANGUAGE_NAMES,
    ArticleForm,
    CommentForm,
    ConsultationForm,
    FollowUpForm,
    HeaderForm,
    ImportForm,
    LinkCommuniqueForm,
    ParagraphForm,
    RulesAdoptionForm,
)
from .importer import parse_document
from .models import Communique, FollowUp, Paragraph, RulesArticle
from .pdf import DIGIT_STYLES, LAYOUTS, RENDERER, dates_for, html_hash, pdf_bytes

IMPORT_SALT = "communiques.import"
# How long the content hash of a recorded version's PDF is remembered (the version never
# changes; a new template or renderer changes RENDERER, hence the key).
PDF_HASH_TIMEOUT = 24 * 3600


def _text_language(request, available):
    wanted = request.GET.get("text")
    if wanted == "side-by-side" and {"ar", "en"} <= set(available):
        return wanted
    if wanted in available:
        return wanted
    current = (get_language() or "en")[:2]
    if current in available:
        return current
    return available[0] if available else "en"


def _pdf_context(communique, available) -> dict:
    meeting = communique.meeting
    language = (get_language() or "en")[:2]
    dates = dates_for(
        timezone.localtime(meeting.start).date(), timezone.localtime(meeting.end).date()
    )
    return {
        "dates": dates.get(language, dates["en"]),
        "pdf_base": reverse("communiques:pdf", args=[communique.pk, "en"])[: -len("en/")],
        "has_ar": "ar" in available,
        "has_en": "en" in available,
        "digits": "western",
    }


# --- Public pages --------------------------------------------------------------------------


@cached_page(COMMUNIQUES)
def communique_list(request):
    return render(
        request, "communiques/list.html", {"communiques": list(selectors.published_communiques())}
    )


# Keyed on the work plan's and the directory's generations too: beside each operative
# paragraph it shows its follow-up actions, a linked activity's progress and the nomination
# status (communiques/cache.py).
@cached_page(COMMUNIQUES, WORKPLAN, DIRECTORY, params=("text",), bucket_seconds=BUCKET_SECONDS)
def communique_detail(request, pk):
    communique = get_object_or_404(
        Communique.objects.select_related("meeting", "published_version"), pk=pk
    )
    if communique.published_version_id is None:
        raise Http404
    content = communique.published_version.content
    available = languages_present(content)
    return render(
        request,
        "communiques/detail.html",
        {
            "communique": communique,
            "content": content,
            "available": [(code, LANGUAGE_NAMES[code]) for code in available],
            "text": _text_language(request, available),
            "follow_ups": selectors.follow_ups_by_paragraph(communique),
            "version": communique.published_version,
            "can_view_working": can(request.user, "communiques.view_working", communique),
            **_pdf_context(communique, available),
        },
    )


def _digest(cache_key, build_html) -> str:
    """The content hash of a PDF. For a recorded (immutable) version it is remembered in the
    cache, so a download of an unchanged PDF does not build the HTML again."""
    digest = cache.get(cache_key) if cache_key else None
    if digest is None:
        digest = html_hash(build_html())
        if cache_key:
            cache.set(cache_key, digest, PDF_HASH_TIMEOUT)
    return digest


def _not_modified(request, etag):
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    return None


def _pdf_file_response(data: bytes, etag, filename):
    response = FileResponse(
        io.BytesIO(data), content_type="application/pdf", as_attachment=True, filename=filename
    )
    response.block_size = max(len(data), 1)  # one write, not 4 KB at a time
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


def _pdf_response(request, digest, filename, enqueue):
    """Serve a stored PDF by its content hash (ETag, 304), or have it rendered."""
    etag = f'"{digest}"'
    not_modified = _not_modified(request, etag)
    if not_modified is not None:
        return not_modified
    data = pdf_bytes(digest)
    if data is None:
        enqueue()
        response = render(
            request,
            "communiques/pdf_pending.html",
            {"retry_url": request.get_full_path()},
            status=202,
        )
        response["Retry-After"] = "3"
        return response
    return _pdf_file_response(data, etag, filename)


def _pdf_options(request, layout):
    if layout not in LAYOUTS:
        raise Http404
    digits = request.GET.get("digits", "western")
    if digits not in DIGIT_STYLES:
        digits = "western"
    return digits


def _published_pdf_key(pk, layout, digits) -> str:
    return f"communiques:pdf:published:{RENDERER}:{pk}:{layout}:{digits}"


def _published_pdf(request, pk, layout, digits):
    """The published version's PDF as the last full check found it: its hash and file name
    are kept under the communiqués' generation (any change to a communiqué, its versions or
    its meeting forgets them), its bytes in memory by hash (pdf.pdf_bytes). Returns the
    response, or None when it is not known (the full path then checks and serves it), and the
    generation's stamps to store what the full path finds under (None: not to be stored)."""
    if any(name != "digits" for name in request.GET):
        return None, None
    known, stamps = lookup(_published_pdf_key(pk, layout, digits), [COMMUNIQUES])
    if known is None:
        return None, stamps
    digest, filename = known
    etag = f'"{digest}"'
    not_modified = _not_modified(request, etag)
    if not_modified is not None:
        return not_modified, stamps
    data = pdf_bytes(digest, verify=False)
    return (None if data is None else _pdf_file_response(data, etag, filename)), stamps


def communique_pdf(request, pk, layout):
    digits = _pdf_options(request, layout)
    # The stamps are read before the checks below: a change meanwhile makes what is stored stale.
    served, stamps = _published_pdf(request, pk, layout, digits)
    if served is not None:
        return served
    communique = get_object_or_404(
        Communique.objects.select_related("meeting", "published_version"), pk=pk
    )
    requested = request.GET.get("version")
    if requested:
        # Another version than the published one is the working copy's history: hidden.
        authorize(request.user, "communiques.view_working", communique)
        version = WORKING if requested == WORKING else _int_or_404(requested)
    else:
        version = None
    cache_key = None
    if version != WORKING:
        recorded = (
            communique.published_version
            if version is None
            else selectors.recorded_version(communique.versions, version, with_content=False)
        )
        if recorded is None:
            raise Http404
        cache_key = (
            f"communiques:pdf:{RENDERER}:{recorded.content_hash}:{layout}:{digits}:"
            f"{communique.is_demo}"
        )
    digest = _digest(cache_key, lambda: communique_pdf_html(communique, layout, digits, version))
    filename = pdf_filename(communique, layout)
    response = _pdf_response(
        request,
        digest,
        filename,
        lambda: enqueue_on_commit(
            "communiques.render_communique_pdf", communique.pk, layout, version, digits
        ),
    )
    if version is None and stamps is not None and response.status_code in (200, 304):
        if is_shared():
            store(
                _published_pdf_key(pk, layout, digits), stamps, (digest, filename), PDF_HASH_TIMEOUT
            )
    return response


def _int_or_404(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@cached_page(COMMUNIQUES, params=("version", "text"))
def rules_page(request):
    rules = selectors.current_rules()
    if rules is None:
        return render(request, "communiques/rules.html", {"rules": None})
    versions = list(selectors.rules_version_list(rules))
    requested = request.GET.get("version")
    content, recorded = (None, None)
    if versions:
        content, recorded = rules_source(rules, _int_or_404(requested) if requested else None)
    available = languages_present(content) if content else []
    return render(
        request,
        "communiques/rules.html",
        {
            "rules": rules,
            "content": content,
            "recorded": recorded,
            "versions": versions,
            "available": [(code, LANGUAGE_NAMES[code]) for code in available],
            "text": _text_language(request, available),
            "can_edit": can(request.user, "communiques.edit"),
        },
    )


def rules_pdf(request, layout):
    rules = selectors.current_rules()
    if rules is None:
        raise Http404
    digits = _pdf_options(request, layout)
    requested = request.GET.get("version")
    version = _int_or_404(requested) if requested else None
    html = rules_pdf_html(rules, layout, digits, version)
    return _pdf_response(
        request,
        html_hash(html),
        f"pesnet-rules-of-procedure-{layout}.pdf",
        lambda: enqueue_on_commit(
            "communiques.render_rules_pdf", rules.pk, layout, version, digits
        ),
    )


def rules_diff(request):
    rules = selectors.current_rules()
    if rules is None:
        raise Http404
    latest = selectors.latest_version_number(rules.versions) or 0
    b = _int_or_404(request.GET.get("b", latest))
    a = _int_or_404(request.GET.get("a", max(b - 1, 1)))
    old = selectors.recorded_version(rules.versions, a)
    new = selectors.recorded_version(rules.versions, b)
    if old is None or new is None:
        raise Http404
    return render(
        request,
        "communiques/diff.html",
        {
            "rows": diff_contents(old.content, new.content),
            "old": old,
            "new": new,
            "back_url": reverse("communiques:rules"),
            "heading": _("Rules of Procedure: changes between versions"),
        },
    )


# --- Network members: working copy, consultation --------------------------------------------


def _working_copy(request, pk):
    # Drafts are not shown to anyone outside the secretariat: not even their existence (404).
    communique = get_object_or_404(Communique.objects.select_related("meeting"), pk=pk)
    return authorize(request.user, "communiques.view_working", communique)


@login_required
def communique_work(request, pk):
    communique = _working_copy(request, pk)
    communique = selectors.communique_for_editing(communique.pk)
    paragraphs = list(communique.paragraphs.all())
    content = communique_content(communique)
    available = [
        code for code in ("ar", "en", "fr") if any(p["body"][code] for p in content["paragraphs"])
    ]
    return render(
        request,
        "communiques/work.html",
        {
            "communique": communique,
            "paragraphs": paragraphs,
            "content": content,
            "available": [(code, LANGUAGE_NAMES[code]) for code in available],
            "text": _text_language(request, available),
            "comments": selectors.comments_by_paragraph(communique),
            "follow_ups": selectors.follow_ups_by_paragraph(communique),
            "can_comment": can(request.user, "communiques.comment", communique),
            "can_edit": can(request.user, "communiques.edit", communique),
            "comment_form": CommentForm(),
            **_pdf_context(communique, available),
        },
    )


@login_required
@require_POST
def comment(request, pk):
    paragraph = get_object_or_404(Paragraph.objects.select_related("communique"), pk=pk)
    communique = _working_copy(request, paragraph.communique_id)
    authorize(request.user, "communiques.comment", communique, visible=True)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(paragraph, form.cleaned_data["body"], by=request.user)
            messages.success(request, _("Your comment was recorded."))
        except DomainError as error:
            messages.error(request, messages_of(error))
    else:
        messages.error(request, _("Write a comment of at most 4,000 characters."))
    return redirect(reverse("communiques:work", args=[communique.pk]) + f"#p-{paragraph.pk}")


@login_required
def versions(request, pk):
    communique = _working_copy(request, pk)
    recorded = list(selectors.version_list(communique.versions))
    return render(
        request,
        "communiques/versions.html",
        {"communique": communique, "versions": recorded},
    )


@login_required
def communique_diff(request, pk):
    communique = _working_copy(request, pk)
    # Without a choice: the last recorded version against the working copy.
    latest = selectors.latest_version_number(communique.versions)
    if latest is None:
        raise Http404
    a, b = request.GET.get("a", latest), request.GET.get("b", WORKING)
    old = selectors.recorded_version(communique.versions, _int_or_404(a))
    if b == WORKING:
        new_content = communique_source(communique, WORKING)
        new = None
    else:
        new = selectors.recorded_version(communique.versions, _int_or_404(b))
        new_content = new.content if new else None
    if old is None or new_content is None:
        raise Http404
    return render(
        request,
        "communiques/diff.html",
        {
            "rows": diff_contents(old.content, new_content),
            "old": old,
            "new": new,
            "communique": communique,
            "back_url": reverse("communiques:versions", args=[communique.pk]),
            "heading": _("Changes between versions"),
        },
    )


# --- Secretariat ---------------------------------------------------------------------------


@allowed("communiques.edit")
def manage(request):
    return render(
        request,
        "communiques/manage.html",
        {
            "communiques": list(selectors.all_communiques()),
            "rules": selectors.current_rules(),
        },
    )


def _meeting_asked(request) -> Meeting | None:
    """The meeting named by `?meeting=<id>` (the meeting page's links), if it exists."""
    value = request.GET.get("meeting", "")
    if not value.isdigit() or len(value) > 9:
        return None
    return Meeting.objects.filter(pk=int(value)).first()


@allowed("communiques.edit")
def import_document(request):
    preview = None
    token = None
    if request.method == "POST" and "token" in request.POST:
        return _import_confirmed(request)
    asked = _meeting_asked(request)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"meeting": asked.pk if asked else None},
    )
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["document"].read()
        language = form.cleaned_data["language"]
        meeting = form.cleaned_data["meeting"]
        try:
            parsed = parse_document(raw, language)
            if meeting is None:
                meeting = selectors.meeting_held_on(parsed.start)
        except DomainError as error:
            form.add_error("document", error.messages)
        else:
            # No meeting in the portal for this document: offer to create it from the document.
            preview = {"parsed": parsed, "meeting": meeting}
            if meeting is None:
                preview["proposed"] = services.proposed_meeting(parsed)
            else:
                preview["existing"] = selectors.communique_of(meeting)
            token = signing.dumps(
                {
                    "text": raw.decode("utf-8-sig"),
                    "language": language,
                    "meeting": meeting.pk if meeting else None,
                },
                salt=IMPORT_SALT,
                compress=True,
            )
    return render(
        request,
        "communiques/import.html",
        {"form": form, "preview": preview, "token": token},
    )


def _import_confirmed(request):
    try:
        data = signing.loads(request.POST["token"], salt=IMPORT_SALT, max_age=3600)
        parsed = parse_document(data["text"], data["language"])
        with transaction.atomic():
            if data["meeting"]:
                meeting = Meeting.objects.filter(pk=data["meeting"]).first()
            elif request.POST.get("create_meeting") == "yes":
                meeting = services.create_meeting_from_document(parsed, by=request.user)
            else:
                meeting = None
            communique = services.import_communique(parsed, meeting, by=request.user)
    except signing.BadSignature:
        messages.error(request, _("The preview expired: upload the document again."))
        return redirect("communiques:import")
    except DomainError as error:
        messages.error(request, messages_of(error))
        return redirect("communiques:import")
    messages.success(
        request,
        _("The %(language)s text was saved.") % {"language": LANGUAGE_NAMES[parsed.language]},
    )
    return redirect("communiques:edit", pk=communique.pk)


@allowed("communiques.edit")
def link_meeting(request, meeting_pk):
    """From a meeting's page: make an existing communiqué that meeting's."""
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    form = LinkCommuniqueForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_to_meeting(form.cleaned_data["communique"], meeting, by=request.user)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The communiqué is linked to this meeting."))
            return redirect(meeting)
    return render(request, "communiques/link_meeting.html", {"form": form, "meeting": meeting})


@allowed("communiques.edit")
def edit(request, pk):
    communique = get_object_or_404(selectors.communique_for_editing_queryset(), pk=pk)
    paragraphs = list(communique.paragraphs.all())
    numbers = selectors.operative_numbers(paragraphs)
    rows = [
        {
            "paragraph": p,
            "form": ParagraphForm(paragraph=p),
            "missing": p.missing_languages(),
            "number": numbers.get(p.pk),
        }
        for p in paragraphs
    ]
    return render(
        request,
        "communiques/edit.html",
        {
            "communique": communique,
            "rows": rows,
            "header_form": HeaderForm(instance=communique),
            "consultation_form": ConsultationForm(),
            "versions": list(selectors.version_list(communique.versions)),
            "missing_count": sum(1 for row in rows if row["missing"]),
            "comment_counts": selectors.comment_counts(communique),
            "language_names": LANGUAGE_NAMES,
        },
    )


def _back_to_editor(communique_id, anchor=""):
    return redirect(
        reverse("communiques:edit", args=[communique_id]) + (f"#{anchor}" if anchor else "")
    )


@allowed("communiques.edit")
@require_POST
def save_header(request, pk):
    communique = get_object_or_404(Communique, pk=pk)
    form = HeaderForm(request.POST, instance=communique)
    if form.is_valid():
        try:
            services.update_header(
                Communique.objects.get(pk=pk), form.cleaned_data, by=request.user
            )
            messages.success(request, _("The heading was saved."))
        except DomainError as error:
            messages.error(request, messages_of(error))
    else:
        messages.error(request, _("The heading was not saved: check the fields."))
    return _back_to_editor(pk)


@allowed("communiques.edit")
@require_POST
def save_paragraph(request, pk):
    paragraph = get_object_or_404(Paragraph.objects.select_related("communique"), pk=pk)
    form = ParagraphForm(request.POST, paragraph=paragraph)
    if form.is_valid():
        try:
            services.update_paragraph(paragraph, form.cleaned_data, by=request.user)
            messages.success(request, _("The paragraph was saved."))
        except DomainError as error:
            messages.error(request, messages_of(error))
    else:
        messages.error(request, _("The paragraph was not saved: a text is too long."))
    return _back_to_editor(paragraph.communique_id, f"p-{paragraph.pk}")


@allowed("communiques.edit")
@require_POST
def move_paragraph(request, pk, direction):
    paragraph = get_object_or_404(Paragraph.objects.select_related("communique"), pk=pk)
    try:
        services.move_paragraph(paragraph, -1 if direction == "up" else 1, by=request.user)
    except DomainError as error:
        messages.error(request, messages_of(error))
    return _back_to_editor(paragraph.communique_id, f"p-{paragraph.pk}")


@allowed("communiques.edit")
@require_POST
def delete_paragraph(request, pk):
    paragraph = get_object_or_404(Paragraph.objects.select_related("communique"), pk=pk)
    try:
        services.delete_paragraph(paragraph, by=request.user)
        messages.success(request, _("The paragraph was removed."))
    except DomainError as error:
        messages.error(request, messages_of(error))
    return _back_to_editor(paragraph.communique_id)


@allowed("communiques.edit")
@require_POST
def add_paragraph(request, pk, kind):
    communique = get_object_or_404(Communique, pk=pk)
    if kind not in Paragraph.Kind.values:
        raise Http404
    try:
        paragraph = services.add_paragraph(communique, kind, by=request.user)
        return _back_to_editor(pk, f"p-{paragraph.pk}")
    except DomainError as error:
        messages.error(request, messages_of(error))
    return _back_to_editor(pk)


@allowed("communiques.edit")
@require_POST
def workflow(request, pk, action):
    communique = get_object_or_404(Communique.objects.select_for_update(), pk=pk)
    try:
        if action == "consultation":
            form = ConsultationForm(request.POST)
            if not form.is_valid():
                raise DomainError(" ".join(form.errors["deadline"]))
            services.open_consultation(communique, form.cleaned_data["deadline"], by=request.user)
            messages.success(
                request, _("The consultation is open; focal points and the chair were told.")
            )
        elif action == "adopt":
            services.adopt(communique, by=request.user)
            messages.success(
                request, _("The communiqué was adopted; this version can no longer change.")
            )
        elif action == "publish":
            services.publish(communique, by=request.user)
            messages.success(request, _("The communiqué was published."))
        elif action == "new-version":
            services.start_new_version(communique, by=request.user)
            messages.success(
                request, _("A new version was started; the published one stays public.")
            )
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, messages_of(error))
    return _back_to_editor(pk)


@allowed("communiques.edit")
def follow_ups(request, pk):
    communique = get_object_or_404(Communique.objects.select_related("meeting"), pk=pk)
    form = FollowUpForm(request.POST or None, communique=communique)
    if request.method == "POST" and form.is_valid():
        follow_up = form.save(commit=False)
        follow_up.paragraph = form.cleaned_data["paragraph"]
        try:
            services.save_follow_up(follow_up, by=request.user)
            messages.success(request, _("The follow-up action was added."))
            return redirect("communiques:follow_ups", pk=pk)
        except DomainError as error:
            add_to_form(form, error)
    return render(
        request,
        "communiques/follow_ups.html",
        {
            "communique": communique,
            "form": form,
            "items": selectors.numbered_follow_ups(communique),
        },
    )


@allowed("communiques.edit")
def follow_up_edit(request, pk):
    follow_up = get_object_or_404(FollowUp.objects.select_related("paragraph__communique"), pk=pk)
    form = FollowUpForm(request.POST or None, instance=follow_up)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_follow_up(form.save(commit=False), by=request.user)
            messages.success(request, _("The follow-up action was saved."))
            return redirect("communiques:follow_ups", pk=follow_up.paragraph.communique_id)
        except DomainError as error:
            add_to_form(form, error)
    return render(
        request, "communiques/follow_up_form.html", {"form": form, "follow_up": follow_up}
    )


@allowed("communiques.edit")
def rules_manage(request):
    rules = selectors.current_rules()
    if rules is None:
        raise Http404
    form = RulesAdoptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.adopt_rules(
                rules,
                form.cleaned_data["meeting"],
                form.cleaned_data["adopted_on"],
                {code: form.cleaned_data[f"note_{code}"] for code in ("ar", "en", "fr")},
                by=request.user,
            )
            messages.success(
                request,
                _("Version %(number)s was recorded as adopted.") % {"number": version.number},
            )
            return redirect("communiques:rules")
        except DomainError as error:
            add_to_form(form, error)
    chapters = list(rules.chapters.prefetch_related("articles"))
    return render(
        request,
        "communiques/rules_manage.html",
        {"rules": rules, "chapters": chapters, "form": form},
    )


@allowed("communiques.edit")
def article_edit(request, pk):
    article = get_object_or_404(RulesArticle.objects.select_related("chapter"), pk=pk)
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        services.update_article(article, form.cleaned_data, by=request.user)
        messages.success(
            request, _("The article was saved; adopt a new version to make it official.")
        )
        return redirect("communiques:rules_manage")
    return render(request, "communiques/article_form.html", {"form": form, "article": article})
