"""Work-plan benchmark: the plan page with 15 and 150 activities, and the progress-report PDF.

Standalone: `.venv/bin/python bench/workplan.py` sets Django up itself against $DATABASE_URL,
creates its own plans (periods 2091–2092 and 2093–2094, replaced on every run) and writes
bench/results/workplan.json. Figures are medians of in-process requests (Django's test client),
so they measure the view, the queries and the template, not the network; the query counts must
be equal for 15 and 150 activities. "plan_page" is the page as the server serves it again
(cached per viewer); "plan_page_first_view" empties the page cache before each request, so the
page is rendered again around the Gantt chart and tables built once per data version.
"""

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
SIZES = {15: 2091, 150: 2093}
ROUNDS = int(os.environ.get("BENCH_WORKPLAN_ROUNDS", "20"))
PDF_ROUNDS = int(os.environ.get("BENCH_WORKPLAN_PDF_ROUNDS", "3"))


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pesnet.settings")
    os.environ.setdefault("DEBUG", "False")
    os.environ.setdefault("DEMO_MODE", "False")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_pesnet", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)


def ensure_plan(count: int, start_year: int):
    """A plan of `count` activities (a tenth of them sub-activities, a quarter with reports)."""
    from django.db import transaction

    from members.models import MemberState, Organisation
    from pesnet.models import User
    from workplan.models import Activity, Category, ProgressReport, WorkPlan

    with transaction.atomic():
        WorkPlan.objects.filter(start_year=start_year).delete()
        plan = WorkPlan.objects.create(
            start_year=start_year,
            end_year=start_year + 1,
            title=f"Benchmark plan ({count} activities)",
            title_en=f"Benchmark plan ({count} activities)",
            title_ar=f"خطة قياس الأداء ({count} نشاطًا)",
        )
        states = list(MemberState.objects.order_by("iso3")[:10])
        partners = list(Organisation.objects.filter(kind=Organisation.Kind.PARTNER))
        reporter, _ = User.objects.get_or_create(email="bench.reporter@bench.pesnet.test")
        categories = Category.values
        start = datetime.date(start_year, 1, 1)
        parents = []
        for index in range(count):
            parent = parents[index % len(parents)] if index % 10 == 9 and parents else None
            activity = Activity.objects.create(
                plan=plan,
                code=f"{index // 10 + 1}.{index % 10 + 1}",
                title=f"Activity {index}",
                title_en=f"Regional workshop on labour-market information number {index}",
                title_ar=f"ورشة عمل إقليمية حول معلومات سوق العمل رقم {index}",
                category=categories[index % len(categories)],
                lead_member_state=states[index % len(states)],
                planned_start=start + datetime.timedelta(days=(index * 7) % 300),
                planned_end=start + datetime.timedelta(days=300 + (index * 5) % 330),
                status=Activity.Status.IN_PROGRESS,
                progress=(index * 7) % 100,
                parent=parent,
            )
            activity.partners.set(partners[: 1 + index % len(partners)])
            if index % 10 == 0:
                parents.append(activity)
            if index % 4 == 0:
                ProgressReport.objects.create(
                    activity=activity,
                    member_state=activity.lead_member_state,
                    submitted_by=reporter,
                    date=start + datetime.timedelta(days=200),
                    percent=activity.progress,
                    narrative="<p>Sessions held with the partners.</p>",
                )
    return plan


def chair_user():
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Group

    from pesnet.models import User
    from pesnet.roles import CHAIR

    user, _ = User.objects.get_or_create(email="bench.chair@bench.pesnet.test")
    user.groups.add(Group.objects.get_or_create(name=CHAIR)[0])
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def forget_pages():
    """Empty the page cache (this run's prefix): the next request renders the page again, as
    for a viewer whose page is not cached yet; the chart and tables stay cached."""
    from django.core.cache import caches

    caches["pages"].delete_pattern("*")


def time_requests(client, path: str, before=None) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    durations = []
    for _ in range(ROUNDS):
        if before:
            before()
        began = time.perf_counter()
        response = client.get(path)
        durations.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    if before:
        before()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return {
        "path": path,
        "median_ms": round(statistics.median(durations), 2),
        "p90_ms": round(sorted(durations)[int(len(durations) * 0.9) - 1], 2),
        "queries": len(captured),
        "bytes": len(response.content),
    }


def time_pdf(plan, language: str) -> dict:
    from workplan import exports

    exports.plan_pdf(plan, language)  # first render loads fonts and WeasyPrint itself
    durations = []
    size = 0
    for _ in range(PDF_ROUNDS):
        began = time.perf_counter()
        size = len(exports.plan_pdf(plan, language))
        durations.append((time.perf_counter() - began) * 1000)
    return {"median_ms": round(statistics.median(durations), 1), "bytes": size}


def main():
    setup_django()
    from django.test import Client

    results = {
        "rounds": ROUNDS,
        "pdf_rounds": PDF_ROUNDS,
        "plan_page": {},
        "plan_page_first_view": {},
        "dashboard": {},
    }
    chair = chair_user()
    for count, year in SIZES.items():
        plan = ensure_plan(count, year)
        public = Client(HTTP_HOST="127.0.0.1")
        for language in ("ar", "en"):
            path = f"/{language}/workplan/{plan.start_year}-{plan.end_year}/"
            results["plan_page"][f"{count} activities ({language})"] = time_requests(public, path)
            results["plan_page_first_view"][f"{count} activities ({language})"] = time_requests(
                public, path, before=forget_pages
            )
        signed_in = Client(HTTP_HOST="127.0.0.1")
        signed_in.force_login(chair)
        path = f"/en/workplan/{plan.start_year}-{plan.end_year}/dashboard/"
        results["dashboard"][f"{count} activities"] = time_requests(signed_in, path)
        results.setdefault("pdf", {})
        for language in ("ar", "en"):
            results["pdf"][f"{count} activities ({language})"] = time_pdf(plan, language)
    small = results["plan_page"]["15 activities (en)"]
    large = results["plan_page"]["150 activities (en)"]
    results["plan_page_queries_constant"] = small["queries"] == large["queries"]
    results["plan_page_time_ratio_150_to_15"] = round(large["median_ms"] / small["median_ms"], 2)
    small = results["plan_page_first_view"]["15 activities (en)"]
    large = results["plan_page_first_view"]["150 activities (en)"]
    results["first_view_queries_constant"] = small["queries"] == large["queries"]
    results["first_view_time_ratio_150_to_15"] = round(large["median_ms"] / small["median_ms"], 2)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "workplan.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
