from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communiques.documents import WORKING, communique_pdf_html
from communiques.models import Communique
from communiques.pdf import DIGIT_STYLES, LAYOUTS, render_and_store


class Command(BaseCommand):
    help = "Write the PDF of a communiqué (the working copy unless --version is given)."

    def add_arguments(self, parser):
        parser.add_argument("id", type=int)
        parser.add_argument("--layout", choices=LAYOUTS, default="side-by-side")
        parser.add_argument("--digits", choices=DIGIT_STYLES, default="western")
        parser.add_argument(
            "--document-version",
            dest="document_version",
            type=int,
            help="A recorded version's number.",
        )
        parser.add_argument("--output", type=Path, required=True)

    def handle(self, *args, id, layout, digits, document_version, output, **options):
        version = document_version
        communique = Communique.objects.select_related("meeting").filter(pk=id).first()
        if communique is None:
            raise CommandError(f"No communiqué with id {id}.")
        try:
            html = communique_pdf_html(communique, layout, digits, version or WORKING)
        except Exception as error:  # Http404 for an unknown version
            raise CommandError(f"No version {version} of communiqué {id}.") from error
        rendered = render_and_store(html, f"{communique} ({layout})")
        with rendered.file.open("rb") as source:
            output.write_bytes(source.read())
        self.stdout.write(self.style.SUCCESS(f"{output} ({rendered.size} bytes)"))
