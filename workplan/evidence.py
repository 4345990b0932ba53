"""What evidence files a progress report accepts, checked by content, not by name."""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"

# Extension -> the content type its bytes must prove.
ALLOWED = {
    "pdf": PDF,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "webp": WEBP,
    "docx": DOCX,
    "xlsx": XLSX,
    "pptx": PPTX,
    "odt": ODT,
    "ods": ODS,
    "doc": DOC,
    "xls": XLS,
    "ppt": PPT,
}
OOXML_PART = {DOCX: "word/", XLSX: "xl/", PPTX: "ppt/"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_names(upload) -> list[str] | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def _odf_mimetype(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return archive.read("mimetype").decode("ascii", "replace").strip()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    finally:
        upload.seek(0)


def content_matches(upload, content_type: str) -> bool:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if content_type == PDF:
        return head.startswith(b"%PDF-")
    if content_type == PNG:
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if content_type == JPEG:
        return head.startswith(b"\xff\xd8\xff")
    if content_type == WEBP:
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if content_type in (DOC, XLS, PPT):
        return head.startswith(OLE_MAGIC)
    if content_type in OOXML_PART:
        if not head.startswith(b"PK\x03\x04"):
            return False
        names = _zip_names(upload) or []
        return "[Content_Types].xml" in names and any(
            name.startswith(OOXML_PART[content_type]) for name in names
        )
    if content_type in (ODT, ODS):
        return head.startswith(b"PK\x03\x04") and _odf_mimetype(upload) == content_type
    return False


def check_evidence(upload) -> str:
    """The file's verified content type; ValidationError with a reason otherwise."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError(
            _("%(name)s: only PDF, images (PNG, JPEG, WebP) and office documents are accepted.")
            % {"name": name}
        )
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s.")
            % {"name": name, "limit": filesizeformat(MAX_BYTES)}
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name})
    content_type = ALLOWED[extension]
    if not content_matches(upload, content_type):
        raise ValidationError(
            _("%(name)s is not a valid %(kind)s file.") % {"name": name, "kind": extension.upper()}
        )
    return content_type
