from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from communiques.importer import parse_document
from communiques.services import import_communique
from meetings.models import Meeting
from pesnet.errors import DomainError, messages_of


class Command(BaseCommand):
    help = (
        "Import a communiqué from a text/Markdown document in Arabic, English or French, or add "
        "that language to the meeting's existing communiqué. Nothing changes when it cannot be "
        "read."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--language", required=True, choices=["ar", "en", "fr"])
        parser.add_argument("--meeting", type=int, help="Meeting id (default: by the dates).")

    def handle(self, *args, file, language, meeting, **options):
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        chosen = None
        if meeting is not None:
            chosen = Meeting.objects.filter(pk=meeting).first()
            if chosen is None:
                raise CommandError(f"No meeting with id {meeting}.")
        try:
            parsed = parse_document(raw, language)
            communique = import_communique(parsed, chosen)
        except DomainError as error:
            raise CommandError(messages_of(error)) from None
        self.stdout.write(
            f"Title: {parsed.title}\nMeeting: {parsed.heading}\n"
            f"Dates: {parsed.start} – {parsed.end}\n"
            f"{len(parsed.preambular)} preambular and {len(parsed.operative)} operative paragraphs."
        )
        for paragraph in parsed.operative:
            source = "" if paragraph.lead_source == "bold" else f"  ({paragraph.lead_source})"
            self.stdout.write(f"  {paragraph.number}. {paragraph.lead}{source}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Communiqué {communique.pk} ({language}) saved for {communique.meeting}."
            )
        )
