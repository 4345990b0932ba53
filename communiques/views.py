from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.models import Meeting
from pesnet.queue import enqueue_on_commit
from pesnet.roles import can, require

from . import selectors, services
from .content import diff_contents, languages_present
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
    ParagraphForm,
    RulesAdoptionForm,
)
from .importer import DocumentError, parse_document
from .models import Communique, FollowUp, Paragraph, RulesArticle
from .pdf import DIGIT_STYLES, LAYOUTS, RENDERER, cached_pdf, dates_for, html_hash

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


def communique_list(request):
    return render(
        request, "communiques/list.html", {"communiques": list(selectors.published_communiques())}
    )


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


def _pdf_response(request, digest, filename, enqueue):
    """Serve a stored PDF by its content hash (ETag, 304), or have it rendered."""
    etag = f'"{digest}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    rendered = cached_pdf(digest)
    if rendered is None:
        enqueue()
        response = render(
            request,
            "communiques/pdf_pending.html",
            {"retry_url": request.get_full_path()},
            status=202,
        )
        response["Retry-After"] = "3"
        return response
    response = FileResponse(
        rendered.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=filename,
    )
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


def _pdf_options(request, layout):
    if layout not in LAYOUTS:
        raise Http404
    digits = request.GET.get("digits", "western")
    if digits not in DIGIT_STYLES:
        digits = "western"
    return digits


def communique_pdf(request, pk, layout):
    communique = get_object_or_404(
        Communique.objects.select_related("meeting", "published_version"), pk=pk
    )
    digits = _pdf_options(request, layout)
    requested = request.GET.get("version")
    if requested:
        if not can(request.user, "communiques.view_working", communique):
            raise Http404
        version = WORKING if requested == WORKING else _int_or_404(requested)
    else:
        version = None
    cache_key = None
    if version != WORKING:
        recorded = (
            communique.published_version
            if version is None
            else communique.versions.filter(number=version).defer("content").first()
        )
        if recorded is None:
            raise Http404
        cache_key = (
            f"communiques:pdf:{RENDERER}:{recorded.content_hash}:{layout}:{digits}:"
            f"{communique.is_demo}"
        )
    digest = _digest(cache_key, lambda: communique_pdf_html(communique, layout, digits, version))
    return _pdf_response(
        request,
        digest,
        pdf_filename(communique, layout),
        lambda: enqueue_on_commit(
            "communiques.render_communique_pdf", communique.pk, layout, version, digits
        ),
    )


def _int_or_404(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def rules_page(request):
    rules = selectors.current_rules()
    if rules is None:
        return render(request, "communiques/rules.html", {"rules": None})
    versions = list(rules.versions.select_related("meeting").defer("content").order_by("number"))
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
    latest = rules.versions.order_by("-number").values_list("number", flat=True).first() or 0
    b = _int_or_404(request.GET.get("b", latest))
    old = rules.versions.filter(number=_int_or_404(request.GET.get("a", max(b - 1, 1)))).first()
    new = rules.versions.filter(number=b).first()
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


def _communique_or_404(request, pk, action="communiques.view_working"):
    communique = get_object_or_404(Communique.objects.select_related("meeting"), pk=pk)
    if not can(request.user, action, communique):
        # Drafts are not shown to anyone outside the secretariat: not even their existence.
        if not request.user.is_authenticated:
            raise PermissionDenied
        raise Http404
    return communique


@login_required
def communique_work(request, pk):
    communique = _communique_or_404(request, pk)
    communique = selectors.communique_for_editing(communique.pk)
    paragraphs = list(communique.paragraphs.all())
    content = selectors_working_content(communique)
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


def selectors_working_content(communique):
    from .content import communique_content

    return communique_content(communique)


@login_required
@require_POST
def comment(request, pk):
    paragraph = get_object_or_404(Paragraph.objects.select_related("communique"), pk=pk)
    communique = _communique_or_404(request, paragraph.communique_id)
    if not can(request.user, "communiques.comment", communique):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(paragraph, request.user, form.cleaned_data["body"])
            messages.success(request, _("Your comment was recorded."))
        except services.WorkflowError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Write a comment of at most 4,000 characters."))
    return redirect(reverse("communiques:work", args=[communique.pk]) + f"#p-{paragraph.pk}")


@login_required
def versions(request, pk):
    communique = _communique_or_404(request, pk)
    recorded = list(communique.versions.select_related("created_by").defer("content"))
    return render(
        request,
        "communiques/versions.html",
        {"communique": communique, "versions": recorded},
    )


@login_required
def communique_diff(request, pk):
    communique = _communique_or_404(request, pk)
    # Without a choice: the last recorded version against the working copy.
    latest = communique.versions.order_by("-number").values_list("number", flat=True).first()
    if latest is None:
        raise Http404
    a, b = request.GET.get("a", latest), request.GET.get("b", WORKING)
    old = communique.versions.filter(number=_int_or_404(a)).first()
    if b == WORKING:
        new_content = communique_source(communique, WORKING)
        new = None
    else:
        new = communique.versions.filter(number=_int_or_404(b)).first()
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


def _secretariat(request):
    if not request.user.is_authenticated:
        raise PermissionDenied
    require(request.user, "communiques.edit")


@login_required
def manage(request):
    _secretariat(request)
    return render(
        request,
        "communiques/manage.html",
        {
            "communiques": list(selectors.all_communiques()),
            "rules": selectors.current_rules(),
        },
    )


@login_required
def import_document(request):
    _secretariat(request)
    preview = None
    token = None
    if request.method == "POST" and "token" in request.POST:
        try:
            data = signing.loads(request.POST["token"], salt=IMPORT_SALT, max_age=3600)
            meeting = (
                Meeting.objects.filter(pk=data["meeting"]).first() if data["meeting"] else None
            )
            parsed = parse_document(data["text"], data["language"])
            communique = services.import_communique(parsed, meeting)
        except signing.BadSignature:
            messages.error(request, _("The preview expired: upload the document again."))
            return redirect("communiques:import")
        except (DocumentError, services.WorkflowError) as error:
            messages.error(request, str(error))
            return redirect("communiques:import")
        messages.success(
            request,
            _("The %(language)s text was saved.") % {"language": LANGUAGE_NAMES[parsed.language]},
        )
        return redirect("communiques:edit", pk=communique.pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["document"].read()
        language = form.cleaned_data["language"]
        meeting = form.cleaned_data["meeting"]
        try:
            parsed = parse_document(raw, language)
            meeting = meeting or services.find_meeting(parsed)
            if meeting is None:
                raise DocumentError(
                    _("No meeting was held on %(date)s: choose the meeting of this communiqué.")
                    % {"date": parsed.start.isoformat()}
                )
        except DocumentError as error:
            form.add_error("document", str(error))
        else:
            preview = {"parsed": parsed, "meeting": meeting}
            existing = Communique.objects.filter(meeting=meeting).first()
            preview["existing"] = existing
            token = signing.dumps(
                {"text": raw.decode("utf-8-sig"), "language": language, "meeting": meeting.pk},
                salt=IMPORT_SALT,
                compress=True,
            )
    return render(
        request,
        "communiques/import.html",
        {"form": form, "preview": preview, "token": token},
    )


@login_required
def edit(request, pk):
    _secretariat(request)
    communique = selectors.communique_for_editing(pk)
    paragraphs = list(communique.paragraphs.all())
    rows = [
        {"paragraph": p, "form": ParagraphForm(paragraph=p), "missing": p.missing_languages()}
        for p in paragraphs
    ]
    operative = 0
    for row in rows:
        if row["paragraph"].kind == Paragraph.Kind.OPERATIVE:
            operative += 1
            row["number"] = operative
    return render(
        request,
        "communiques/edit.html",
        {
            "communique": communique,
            "rows": rows,
            "header_form": HeaderForm(instance=communique),
            "consultation_form": ConsultationForm(),
            "versions": list(communique.versions.defer("content")),
            "missing_count": sum(1 for row in rows if row["missing"]),
            "comment_counts": selectors.comment_counts(communique),
            "language_names": LANGUAGE_NAMES,
        },
    )


def _back_to_editor(communique_id, anchor=""):
    return redirect(
        reverse("communiques:edit", args=[communique_id]) + (f"#{anchor}" if anchor else "")
    )


@login_required
@require_POST
def save_header(request, pk):
    _secretariat(request)
    communique = get_object_or_404(Communique, pk=pk)
    form = HeaderForm(request.POST, instance=communique)
    if form.is_valid():
        try:
            services.update_header(Communique.objects.get(pk=pk), form.cleaned_data)
            messages.success(request, _("The heading was saved."))
        except services.WorkflowError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("The heading was not saved: check the fields."))
    return _back_to_editor(pk)


@login_required
@require_POST
def save_paragraph(request, pk):
    _secretariat(request)
    paragraph = get_object_or_404(Paragraph.objects.select_related("communique"), pk=pk)
    form = ParagraphForm(request.POST, paragraph=paragraph)
    if form.is_valid():
        try:
            services.update_paragraph(paragraph, form.cleaned_data)
            messages.success(request, _("The paragraph was saved."))
        except services.WorkflowError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("The paragraph was not saved: a text is too long."))
    return _back_to_editor(paragraph.communique_id, f"p-{paragraph.pk}")


@login_required
@require_POST
def move_paragraph(request, pk, direction):
    _secretariat(request)
    paragraph = get_object_or_404(Paragraph.objects.select_related("communique"), pk=pk)
    try:
        services.move_paragraph(paragraph, -1 if direction == "up" else 1)
    except services.WorkflowError as error:
        messages.error(request, str(error))
    return _back_to_editor(paragraph.communique_id, f"p-{paragraph.pk}")


@login_required
@require_POST
def delete_paragraph(request, pk):
    _secretariat(request)
    paragraph = get_object_or_404(Paragraph.objects.select_related("communique"), pk=pk)
    try:
        services.delete_paragraph(paragraph)
        messages.success(request, _("The paragraph was removed."))
    except services.WorkflowError as error:
        messages.error(request, str(error))
    return _back_to_editor(paragraph.communique_id)


@login_required
@require_POST
def add_paragraph(request, pk, kind):
    _secretariat(request)
    communique = get_object_or_404(Communique, pk=pk)
    if kind not in Paragraph.Kind.values:
        raise Http404
    try:
        paragraph = services.add_paragraph(communique, kind)
        return _back_to_editor(pk, f"p-{paragraph.pk}")
    except services.WorkflowError as error:
        messages.error(request, str(error))
    return _back_to_editor(pk)


@login_required
@require_POST
def workflow(request, pk, action):
    _secretariat(request)
    communique = get_object_or_404(Communique.objects.select_for_update(), pk=pk)
    try:
        if action == "consultation":
            form = ConsultationForm(request.POST)
            if not form.is_valid():
                raise services.WorkflowError(" ".join(form.errors["deadline"]))
            services.open_consultation(communique, form.cleaned_data["deadline"], request.user)
            messages.success(
                request, _("The consultation is open; focal points and the chair were told.")
            )
        elif action == "adopt":
            services.adopt(communique, request.user)
            messages.success(
                request, _("The communiqué was adopted; this version can no longer change.")
            )
        elif action == "publish":
            services.publish(communique, request.user)
            messages.success(request, _("The communiqué was published."))
        elif action == "new-version":
            services.start_new_version(communique, request.user)
            messages.success(
                request, _("A new version was started; the published one stays public.")
            )
        else:
            raise Http404
    except services.WorkflowError as error:
        messages.error(request, str(error))
    return _back_to_editor(pk)


@login_required
def follow_ups(request, pk):
    _secretariat(request)
    communique = get_object_or_404(Communique.objects.select_related("meeting"), pk=pk)
    form = FollowUpForm(request.POST or None, communique=communique)
    if request.method == "POST" and form.is_valid():
        follow_up = form.save(commit=False)
        follow_up.paragraph = form.cleaned_data["paragraph"]
        try:
            services.save_follow_up(follow_up)
            messages.success(request, _("The follow-up action was added."))
            return redirect("communiques:follow_ups", pk=pk)
        except services.WorkflowError as error:
            form.add_error(None, str(error))
    items = FollowUp.objects.filter(paragraph__communique=communique).select_related(
        "paragraph", "member_state", "partner", "meeting"
    )
    numbers = {
        p.pk: index
        for index, p in enumerate(
            communique.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).order_by("order"), start=1
        )
    }
    return render(
        request,
        "communiques/follow_ups.html",
        {
            "communique": communique,
            "form": form,
            "items": [(numbers.get(item.paragraph_id), item) for item in items],
        },
    )


@login_required
def follow_up_edit(request, pk):
    _secretariat(request)
    follow_up = get_object_or_404(FollowUp.objects.select_related("paragraph__communique"), pk=pk)
    form = FollowUpForm(request.POST or None, instance=follow_up)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_follow_up(form.save(commit=False))
            messages.success(request, _("The follow-up action was saved."))
            return redirect("communiques:follow_ups", pk=follow_up.paragraph.communique_id)
        except services.WorkflowError as error:
            form.add_error(None, str(error))
    return render(
        request, "communiques/follow_up_form.html", {"form": form, "follow_up": follow_up}
    )


@login_required
def rules_manage(request):
    _secretariat(request)
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
                request.user,
            )
            messages.success(
                request,
                _("Version %(number)s was recorded as adopted.") % {"number": version.number},
            )
            return redirect("communiques:rules")
        except services.WorkflowError as error:
            form.add_error(None, str(error))
    chapters = list(rules.chapters.prefetch_related("articles"))
    return render(
        request,
        "communiques/rules_manage.html",
        {"rules": rules, "chapters": chapters, "form": form},
    )


@login_required
def article_edit(request, pk):
    _secretariat(request)
    article = get_object_or_404(RulesArticle.objects.select_related("chapter"), pk=pk)
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        services.update_article(article, form.cleaned_data)
        messages.success(
            request, _("The article was saved; adopt a new version to make it official.")
        )
        return redirect("communiques:rules_manage")
    return render(request, "communiques/article_form.html", {"form": form, "article": article})
