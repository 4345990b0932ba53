"""The progress report of the whole plan for a meeting: PDF and XLSX, made in Celery."""

import io
import re
from collections import Counter

import pytest
from django.urls import reverse

from pesnet.pdf import safe_url_fetcher
from workplan import exports, services
from workplan.models import Activity, Category, ProgressExport
from workplan.tasks import generate_progress_export

from .factories import ActivityFactory, OrganisationFactory, WorkPlanFactory

pytestmark = pytest.mark.django_db

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(BIDI_CONTROLS.sub("", text).split())


@pytest.fixture
def plan(turkiye):
    plan = WorkPlanFactory()
    partner = OrganisationFactory(slug="ilo", acronym="ILO", kind="partner", name_en="ILO")
    titles = [
        (
            "Capacity building for the employment service of Palestine",
            "بناء قدرات خدمة التوظيف في فلسطين",
        ),
        (
            "Webinar series on the effects of COVID-19 on labour markets",
            "سلسلة ندوات عبر الإنترنت حول آثار جائحة كوفيد-19 على أسواق العمل",
        ),
        ("Labour-market information study", "دراسة حول معلومات سوق العمل"),
        ("Online meeting of the national focal points", "اجتماع جهات الاتصال الوطنية عبر الإنترنت"),
    ]
    for index, (en, ar) in enumerate(titles):
        activity = ActivityFactory(
            plan=plan,
            code=f"{index + 1}.1",
            title_en=en,
            title_ar=ar,
            category=Category.values[index],
            lead_member_state=turkiye,
            progress=index * 25,
        )
        activity.partners.add(partner)
    ActivityFactory(
        plan=plan,
        code="1.1.1",
        parent=plan.activities.get(code="1.1"),
        title_en="Job-counsellor training",
        title_ar="تدريب مرشدي التوظيف",
        lead_member_state=turkiye,
    )
    return plan


@pytest.mark.parametrize("language", ["ar", "en"])
def test_pdf_contains_every_activity_title_in_the_chosen_language(plan, language):
    text = pdf_text(exports.plan_pdf(plan, language))
    words = Counter(re.findall(r"[^\W\d_]+|\d+", text))
    for activity in plan.activities.all():
        title = getattr(activity, f"title_{language}")
        if language == "en" or not re.search(r"[0-9A-Za-z]", title):
            assert " ".join(title.split()) in text, title
        else:
            # pypdf returns a line that mixes Arabic with digits ("كوفيد-19") run by run, not in
            # logical order: compare its words instead.
            assert not Counter(re.findall(r"[^\W\d_]+|\d+", title)) - words, title
    if language == "ar":
        assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text)  # no presentation forms
        assert "التقدم الإجمالي" in text


def test_pdf_fetches_nothing_outside_our_files(plan, turkiye):
    activity = plan.activities.get(code="2.1")
    from tests.factories import UserFactory

    user = UserFactory(roles=["secretariat"])
    report = services.submit_report(
        by=user,
        activity=activity,
        percent=30,
        narrative='<p>See <a href="file:///etc/passwd">this</a><img src="http://example.org/x.png"></p>',
    )
    services.accept_report(by=user, report=report)
    fetcher = safe_url_fetcher()  # the one fetcher of every PDF (pesnet.pdf)
    for url in ("file:///etc/passwd", "http://example.org/x.png", "https://example.org/"):
        with pytest.raises(ValueError):
            fetcher(url)
    assert fetcher(exports.PDF_STYLESHEET.as_uri()).url.endswith("workplan-pdf.css")
    assert exports.plan_pdf(plan, "en").startswith(b"%PDF")


def test_xlsx_round_trips_the_plan(plan):
    from openpyxl import load_workbook

    content = exports.plan_xlsx(plan, "en")
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[exports.XLSX_HEADER_ROW]]
    assert header[0] == "Code" and len(header) == len(exports.XLSX_FIELDS)
    rows = {
        row[0]: dict(zip(exports.XLSX_FIELDS, row, strict=True))
        for row in sheet.iter_rows(min_row=exports.XLSX_HEADER_ROW + 1, values_only=True)
    }
    statuses = {str(label): value for value, label in Activity.Status.choices}
    categories = {str(label): value for value, label in Category.choices}
    assert set(rows) == set(plan.activities.values_list("code", flat=True))
    for activity in plan.activities.prefetch_related("partners"):
        row = rows[activity.code]
        assert row["title"] == activity.title_en
        assert categories[row["category"]] == activity.category
        assert row["lead"] == activity.lead_member_state.name_en
        assert (row["partners"] or "") == ", ".join(p.acronym for p in activity.partners.all())
        assert row["planned_start"].date() == activity.planned_start
        assert row["planned_end"].date() == activity.planned_end
        assert statuses[row["status"]] == activity.status
        assert row["progress"] == activity.progress
        assert (row["parent"] or "") == (activity.parent.code if activity.parent_id else "")
        assert row["weight"] == activity.weight


def test_xlsx_in_arabic_is_right_to_left(plan):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(exports.plan_xlsx(plan, "ar"))).active
    assert sheet.sheet_view.rightToLeft
    assert "بناء قدرات خدمة التوظيف في فلسطين" in [c.value for c in sheet["B"]]


def test_the_task_renders_once_even_when_run_twice(plan, secretariat_user):
    export = ProgressExport.objects.create(
        plan=plan, format="xlsx", language="fr", requested_by=secretariat_user
    )
    assert generate_progress_export.apply(args=[export.pk]).get() == "done"
    export.refresh_from_db()
    first_file = export.file.name
    assert (export.state, export.progress) == ("done", 100)
    generate_progress_export.apply(args=[export.pk]).get()
    export.refresh_from_db()
    assert export.file.name == first_file


def test_secretariat_requests_polls_and_downloads(
    client, plan, secretariat_user, django_capture_on_commit_callbacks
):
    client.force_login(secretariat_user)
    url = reverse("workplan:exports", args=[plan.start_year, plan.end_year])
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, {"format": "pdf", "language": "ar"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    export = ProgressExport.objects.get()
    html = response.content.decode()
    assert 'hx-trigger="every 1s"' in html and f"/exports/{export.pk}/status/" in html
    assert len(callbacks) == 1  # the task is enqueued after commit, not before
    generate_progress_export.apply(args=[export.pk])
    status = client.get(reverse("workplan:export_status", args=[export.pk])).content.decode()
    assert "hx-trigger" not in status and 'data-testid="export-download"' in status
    download = client.get(reverse("workplan:export_download", args=[export.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert "pesnet-work-plan-2021-2022-ar.pdf" in download["Content-Disposition"]
    assert "بناء قدرات خدمة التوظيف في فلسطين" in pdf_text(b"".join(download.streaming_content))


def test_bad_export_request_stores_nothing(client, plan, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("workplan:exports", args=[plan.start_year, plan.end_year])
    assert client.post(url, {"format": "docx", "language": "de"}).status_code == 400
    assert not ProgressExport.objects.exists()


def test_chair_cannot_export(client, plan, chair_user):
    client.force_login(chair_user)
    url = reverse("workplan:exports", args=[plan.start_year, plan.end_year])
    assert client.post(url, {"format": "pdf", "language": "en"}).status_code == 403
    assert not ProgressExport.objects.exists()


def test_narrative_direction_follows_its_first_letter():
    from workplan.richtext import text_direction

    assert text_direction("<p>The course took place.</p>") == "ltr"
    assert text_direction("<p>2022: عقدت الدورة</p>") == "rtl"
    assert text_direction("<p>Réunion tenue</p>") == "ltr"
