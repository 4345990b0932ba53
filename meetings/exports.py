"""The participants list of a meeting as XLSX or PDF (secretariat only: personal data)."""

import io
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from pesnet.pdf import safe_url_fetcher

from .forms import EXPORT_COLUMNS

PDF_STYLESHEET = Path(settings.BASE_DIR, "static", "css", "meetings-pdf.css")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _value(registration, column) -> str:
    if column == "state":
        return str(registration.member_state or "")
    if column == "name":
        return registration.display_name
    if column == "position":
        return registration.position
    if column == "email":
        return registration.address
    if column == "status":
        return str(registration.get_status_display())
    if column == "organisation":
        return str(registration.organisation or "")
    return ""


def safe_cell(value: str) -> str:
    """A cell that a spreadsheet will not run as a formula."""
    return f"'{value}" if value and value.startswith(FORMULA_START) else value


def rows(registrations, columns):
    return [[_value(r, column) for column in columns] for r in registrations]


def headers(columns):
    labels = dict(EXPORT_COLUMNS)
    return [str(labels[column]) for column in columns]


def participants_xlsx(meeting, registrations, columns) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Participants"
    sheet.append([safe_cell(str(meeting.title))])
    sheet.append(headers(columns))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows(registrations, columns):
        sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def participants_pdf(meeting, registrations, columns) -> bytes:
    import weasyprint

    language = translation.get_language() or "en"
    html = render_to_string(
        "meetings/export/participants.html",
        {
            "meeting": meeting,
            "headers": headers(columns),
            "rows": rows(registrations, columns),
            "language": language,
            "rtl": language in settings.RTL_LANGUAGES,
        },
    )
    fetcher = safe_url_fetcher()
    stylesheet = weasyprint.CSS(filename=str(PDF_STYLESHEET), url_fetcher=fetcher)
    return weasyprint.HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher
    ).write_pdf(stylesheets=[stylesheet])
