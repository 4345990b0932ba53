"""The bilingual PDF of the third communiqué: our pipeline beside a bare WeasyPrint render.

Run on its own with the venv's python (DATABASE_URL, REDIS_URL from the environment; it creates
the data it needs). Figures, each the median of several runs in this process unless "cold":

- bare_cold_s / pipeline_cold_s: a fresh Python process rendering once (import, fonts, layout);
  the pipeline also builds the HTML from the database and stores the file.
- bare_warm_s: WeasyPrint alone turning the same HTML string into a PDF (the limit).
- pipeline_warm_s: our render (HTML from the stored version, hash, WeasyPrint with the safe URL
  fetcher, file stored), the cache emptied before each run; target: within 1.2 × bare_warm_s.
- cached_download_s, not_modified_s, healthz_s: the download of the unchanged PDF (served from
  storage with its ETag), the same with If-None-Match (304), and /healthz, through Django's test
  client in-process.

Writes bench/results/communiques.json.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
RUNS = int(os.environ.get("BENCH_PDF_RUNS", "5"))
TARGET = 1.2


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pesnet.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def median(fn, runs=RUNS, before=None):
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold(mode: str, html_path: Path | None = None) -> float:
    """Time one render in a fresh process (the child prints its own timing)."""
    args = [sys.executable, __file__, "--cold", mode]
    if html_path:
        args.append(str(html_path))
    output = subprocess.run(args, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return float(output.strip().splitlines()[-1])


def child(mode: str, html_path: str | None):
    start = time.perf_counter()
    if mode == "bare":
        import weasyprint

        weasyprint.HTML(string=Path(html_path).read_text(encoding="utf-8")).write_pdf()
    else:
        setup_django()
        start = time.perf_counter()  # migrations are not part of a render
        from communiques.documents import communique_pdf_html
        from communiques.models import Communique, RenderedPdf
        from communiques.pdf import html_hash, render_and_store

        communique = Communique.objects.get(pk=int(os.environ["BENCH_COMMUNIQUE"]))
        html = communique_pdf_html(communique, "side-by-side")
        RenderedPdf.objects.filter(content_hash=html_hash(html)).delete()
        render_and_store(html, "bench")
    print(time.perf_counter() - start)


def main():
    setup_django()
    import weasyprint
    from django.test import Client

    from bench.pages.communiques import ensure_published_communique
    from communiques.documents import communique_pdf_html
    from communiques.models import RenderedPdf
    from communiques.pdf import html_hash, render_and_store

    communique = ensure_published_communique()
    html = communique_pdf_html(communique, "side-by-side")
    digest = html_hash(html)
    html_path = RESULTS / "communique-side-by-side.html"
    RESULTS.mkdir(exist_ok=True)
    html_path.write_text(html, encoding="utf-8")
    os.environ["BENCH_COMMUNIQUE"] = str(communique.pk)

    def uncache():
        RenderedPdf.objects.filter(content_hash=digest).delete()

    def pipeline():
        render_and_store(communique_pdf_html(communique, "side-by-side"), "bench")

    bare_cold = cold("bare", html_path)
    pipeline_cold = cold("pipeline")
    weasyprint.HTML(string=html).write_pdf()  # warm this process (fonts, imports)
    # Interleaved, so that both see the same machine load.
    bare_times, pipeline_times = [], []
    for _ in range(RUNS):
        bare_times.append(median(lambda: weasyprint.HTML(string=html).write_pdf(), runs=1))
        pipeline_times.append(median(pipeline, runs=1, before=uncache))
    bare_warm = statistics.median(bare_times)
    pipeline_warm = statistics.median(pipeline_times)
    pipeline()  # leave the file cached for the downloads

    client = Client(HTTP_HOST="127.0.0.1")
    url = f"/en/communiques/{communique.pk}/pdf/side-by-side/"
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    etag = first["ETag"]
    runs = RUNS * 20

    def download():
        response = client.get(url)
        b"".join(response.streaming_content)

    cached = median(download, runs=runs)
    not_modified = median(lambda: client.get(url, HTTP_IF_NONE_MATCH=etag), runs=runs)
    healthz = median(lambda: client.get("/healthz"), runs=runs)
    html_path.unlink(missing_ok=True)

    result = {
        "document": "third communiqué, Arabic and English side by side",
        "pages": len(weasyprint.HTML(string=html).render().pages),
        "runs": RUNS,
        "bare_cold_s": round(bare_cold, 3),
        "pipeline_cold_s": round(pipeline_cold, 3),
        "bare_warm_s": round(bare_warm, 3),
        "pipeline_warm_s": round(pipeline_warm, 3),
        "pipeline_to_bare": round(pipeline_warm / bare_warm, 3),
        "target_ratio": TARGET,
        "within_target": pipeline_warm / bare_warm <= TARGET,
        "cached_download_s": round(cached, 5),
        "not_modified_s": round(not_modified, 5),
        "healthz_s": round(healthz, 5),
        "cached_download_to_healthz": round(cached / healthz, 2),
        "not_modified_to_healthz": round(not_modified / healthz, 2),
    }
    for name, value in result.items():
        print(f"{name:28} {value}")
    (RESULTS / "communiques.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"Written {RESULTS / 'communiques.json'}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--cold":
        child(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    else:
        main()
