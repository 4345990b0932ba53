"""`make bench`: throughput and latency of the portal's pages, each beside /healthz.

gunicorn runs with production settings (DEBUG off, 2 workers) on loopback; wrk drives each page
for a fixed time after a warm-up. Ratios are measured side by side in the same run, so they hold
on any machine; absolute figures depend on it. Results: bench/results/latest.json.

Standalone benchmarks (bench/*.py with a main(), e.g. reminders, PDFs) run afterwards and their
results are merged into the same file.
"""

import importlib
import json
import os
import pkgutil
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
STANDALONE = [
    n for n in os.environ.get("BENCH_STANDALONE", "reminders,communiques,workplan").split(",") if n
]
# Page modules of this pass (all by default); a scale pass runs foundation (/healthz) and members.
ONLY = [name for name in os.environ.get("BENCH_PAGES", "").split(",") if name]
# The members pages are measured again at these multiples of the network (issue 3), each in
# its own database and cache prefix, beside a /healthz of their own pass.
MEMBERS_SCALES = [int(n) for n in os.environ.get("BENCH_MEMBERS_SCALES", "10").split(",") if n]
# The pages measured again in that pass (those of BENCH_PAGES among them when it is set).
SCALED_PAGES = [
    name for name in ("members", "meetings", "workplan", "communiques") if not ONLY or name in ONLY
]
# Search and the API at these multiples of the demo corpus (issue 13), likewise.
SEARCH_SCALES = [int(n) for n in os.environ.get("BENCH_SEARCH_SCALES", "10").split(",") if n]

PRODUCTION_ENV = {
    "DEBUG": "False",
    "DEMO_MODE": "False",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "False",
    "LOG_LEVEL": "WARNING",
    # wrk drives every page from one address: the API's per-address limit would answer 429.
    "API_RATE_LIMIT_PER_MINUTE": "0",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def django_setup():
    os.environ.update(PRODUCTION_ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pesnet.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_pesnet", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)


def collect_pages():
    from bench import pages as package
    from bench.harness import Context

    ctx = Context()
    found = []
    for module in pkgutil.iter_modules(package.__path__):
        if ONLY and module.name not in ONLY:
            continue
        found.extend(importlib.import_module(f"bench.pages.{module.name}").pages(ctx))
    for page in found:
        if page.queries is None and not page.baseline:
            page.cold_queries, page.queries = ctx.count_queries(page.path, page.headers)
    for page in found:
        if not page.baseline:
            ctx.warm(page.path, page.headers)
    return found


def start_gunicorn(port: int) -> subprocess.Popen:
    env = dict(os.environ, **PRODUCTION_ENV)
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "pesnet.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    # The port opens when gunicorn's master binds it, but its workers load Django afterwards:
    # on a busy machine that took longer than the warm-up, and wrk measured no request at all.
    # Ready means a worker answered.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return process
        except urllib.error.HTTPError:
            return process  # a worker answered (503: beat or the worker is not running)
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("gunicorn did not start")


def prime(port: int, workers: int = 2) -> None:
    """Answer a first request in every worker before measuring: a worker loads the URLs and
    templates on its first request, which on a busy machine takes longer than wrk's timeout
    (a pass then measured 0 requests/s for /healthz)."""
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def get(_):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=120) as answer:
            return answer.status

    with ThreadPoolExecutor(workers * 2) as pool:
        list(pool.map(get, range(workers * 4)))


def wrk(port: int, page, seconds: int) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(ROOT / "bench" / "wrk_report.lua"),
    ]
    for name, value in page.headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{page.path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def run_pages(pages) -> list[dict]:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: run `make install` (Debian package wrk).")
    port = free_port()
    server = start_gunicorn(port)
    rows = []
    try:
        prime(port)
        # Both workers import the views, templates and catalogues on their first requests: a
        # round over every page first, so that the first page measured does not pay for it.
        for page in pages:
            wrk(port, page, 1)
        for page in pages:
            wrk(port, page, WARMUP)
            figures = wrk(port, page, SECONDS)
            if figures["non_2xx"] or figures["errors"]:
                raise SystemExit(
                    f"{page.name}: {figures['non_2xx']} non-2xx, {figures['errors']} errors"
                )
            rows.append(
                {
                    "name": page.name,
                    "path": page.path,
                    "group": page.group,
                    "queries": page.queries,
                    "cold_queries": page.cold_queries,
                    **figures,
                }
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)
    baseline = next(row for row, page in zip(rows, pages, strict=True) if page.baseline)
    for row in rows:
        row["ratio_to_healthz"] = round(row["rps"] / baseline["rps"], 3)
    return rows


def print_table(rows):
    """The one table of `make bench`: every page (at the network's scale, then ten times it),
    then the standalone benchmarks, each with its ratio to the baseline it names."""
    print(
        f"\n{'what':52} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7} {'to':16} "
        f"{'queries':>7} {'cold':>5}"
    )
    section = None
    for row in rows:
        if row.get("section", "pages ×1") != section:
            section = row.get("section", "pages ×1")
            print(f"-- {section}")

        def figure(name, spec, row=row):
            value = row.get(name)
            return "" if value is None else format(value, spec)

        queries = "" if row.get("queries") is None else row["queries"]
        cold = "" if row.get("cold_queries") is None else row["cold_queries"]
        print(
            f"{row['name']:52} {figure('rps', '9.1f'):>9} {figure('p50_ms', '8.2f'):>8} "
            f"{figure('p99_ms', '8.2f'):>8} {figure('ratio_to_healthz', '7.3f'):>7} "
            f"{row.get('baseline', '/healthz'):16} {queries!s:>7} {cold!s:>5}"
        )


def standalone_rows(results: dict) -> list[dict]:
    """The standalone benchmarks' figures as rows of the table (what each ratio compares is
    in the `to` column)."""
    rows = []

    def row(name, baseline, *, rps=None, p50=None, ratio=None, queries=None):
        rows.append(
            {
                "section": "standalone",
                "name": name,
                "rps": rps,
                "p50_ms": p50,
                "p99_ms": None,
                "ratio_to_healthz": ratio,
                "baseline": baseline,
                "queries": queries,
            }
        )

    reminders = results.get("reminders")
    if reminders:
        outbox = reminders.get("outbox", {})
        count = reminders.get("messages", "")
        row(
            f"reminders, {count} planned and sent to the SMTP sink",
            "bare smtplib",
            rps=outbox.get("messages_per_second"),
            ratio=reminders.get("ratio_to_limit"),
        )
        if reminders.get("sending_ratio_to_limit") is not None:
            row(
                "reminders, sending alone",
                "bare smtplib",
                rps=outbox.get("sending_messages_per_second"),
                ratio=reminders.get("sending_ratio_to_limit"),
            )
    pdf = results.get("communiques")
    if pdf:
        row(
            "communiqué PDF, render (side by side)",
            "bare WeasyPrint",
            rps=round(1 / pdf["pipeline_warm_s"], 2),
            p50=round(pdf["pipeline_warm_s"] * 1000, 1),
            ratio=round(pdf["bare_warm_s"] / pdf["pipeline_warm_s"], 3),
        )
        row(
            "communiqué PDF, cached download, in-process",
            "/healthz",
            rps=round(1 / pdf["cached_download_s"], 1),
            p50=round(pdf["cached_download_s"] * 1000, 2),
            ratio=round(pdf["healthz_s"] / pdf["cached_download_s"], 3),
        )
    plan = results.get("workplan")
    if plan:
        for name, figures in plan.get("plan_page", {}).items():
            row(
                f"work plan page, {name}, in-process",
                "",
                p50=figures["median_ms"],
                queries=figures["queries"],
            )
        for name, figures in plan.get("plan_page_first_view", {}).items():
            row(
                f"work plan page, {name}, a viewer's first view",
                "",
                p50=figures["median_ms"],
                queries=figures["queries"],
            )
        if plan.get("plan_page_time_ratio_150_to_15") is not None:
            row(
                "work plan page, time of 150 activities (en)",
                "15 activities",
                ratio=plan["plan_page_time_ratio_150_to_15"],
            )
        if plan.get("first_view_time_ratio_150_to_15") is not None:
            row(
                "work plan page, first view of 150 activities (en)",
                "15 activities",
                ratio=plan["first_view_time_ratio_150_to_15"],
            )
    return rows


def run_standalone() -> dict:
    results = {}
    for name in STANDALONE:
        script = ROOT / "bench" / f"{name}.py"
        if not script.exists():
            continue
        print(f"\n== bench/{name}.py")
        subprocess.run([sys.executable, str(script)], cwd=ROOT, check=True)
        produced = RESULTS / f"{name}.json"
        if produced.exists():
            results[name] = json.loads(produced.read_text())
    return results


def run_scale(scale: int, part: str = "members") -> list[dict]:
    """The members, meetings, work-plan and communiqué pages (or search's) and /healthz at `scale`
    times the network (the corpus), in a child process with its own database and cache prefix."""
    from urllib.parse import urlsplit, urlunsplit

    from scripts.services import ensure_database

    parts = urlsplit(os.environ["DATABASE_URL"])
    suffix = f"_x{scale}" if part == "members" else f"_{part}_x{scale}"
    database_url = urlunsplit(parts._replace(path=f"{parts.path}{suffix}"))
    ensure_database(database_url)
    output = RESULTS / f"pages{suffix}.json"
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        CACHE_KEY_PREFIX=f"{os.environ.get('CACHE_KEY_PREFIX', 'pesnet-bench')}{suffix}",
        # The meetings pages are measured beside the members pages, on the same data.
        BENCH_PAGES=",".join(["foundation", *SCALED_PAGES])
        if part == "members"
        else f"foundation,{part}",
        BENCH_OUTPUT=str(output),
        **{f"BENCH_{part.upper()}_SCALE": str(scale)},
    )
    title = ", ".join(SCALED_PAGES) if part == "members" else part
    print(f"\n== {title} pages at {scale}× the network")
    subprocess.run([sys.executable, __file__], cwd=ROOT, env=env, check=True)
    rows = json.loads(output.read_text())
    for row in rows:
        row["section"] = f"pages ×{scale}" + ("" if part == "members" else f" ({part})")
        if row["name"] == "healthz":
            row["name"] = f"healthz ×{scale}" + ("" if part == "members" else f" ({part})")
    return [row for row in rows if not row["name"].startswith("home")]


def main():
    django_setup()
    pages = collect_pages()
    rows = run_pages(pages)
    RESULTS.mkdir(exist_ok=True)
    if os.environ.get("BENCH_OUTPUT"):  # a scale pass: its rows only
        Path(os.environ["BENCH_OUTPUT"]).write_text(json.dumps(rows, ensure_ascii=False))
        return
    if SCALED_PAGES:
        for scale in MEMBERS_SCALES:
            rows += run_scale(scale)
    if not ONLY or "search" in ONLY:
        for scale in SEARCH_SCALES:
            rows += run_scale(scale, "search")
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count()},
        "settings": {
            "seconds": SECONDS,
            "warmup": WARMUP,
            "connections": CONNECTIONS,
            "gunicorn_workers": 2,
        },
        "pages": rows,
    }
    report.update(run_standalone())
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print("\n== Results")
    print_table(rows + standalone_rows(report))
    print(f"\nWritten {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
