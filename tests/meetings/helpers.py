"""Small real files for upload tests: a one-page PDF, a DOCX, and a file that only claims to be
a PDF."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_bytes(text="Concept note") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name="concept-note.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def docx_bytes(text="Work plan progress of the network") -> bytes:
    buffer = io.BytesIO()
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>{text}'
            "</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def docx_upload(name="minutes.docx", text="Work plan progress of the network"):
    return SimpleUploadedFile(name, docx_bytes(text))


def fake_pdf_upload():
    return SimpleUploadedFile("agenda.pdf", b"MZ\x90\x00 this is not a PDF at all")
