"""Uploaded files, declared once: which types a kind of upload accepts (proved by the bytes,
not the name), how large it may be, where it is stored and under what name.

Every upload of the portal (nomination letters, progress evidence, meeting documents) is an
`UploadPolicy`. Private files are stored under a random name in the `private` storage and
served only by views that check permissions; the name the user gave is kept as metadata.
"""

import secrets
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

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
EXTENSIONS = {
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
MB = 1024 * 1024


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


def _pdf_readable(upload) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    upload.seek(0)
    try:
        return len(PdfReader(upload, strict=False).pages) >= 1
    except (PyPdfError, ValueError, TypeError, KeyError, OSError, RecursionError):
        return False
    finally:
        upload.seek(0)


def content_matches(upload, content_type: str) -> bool:
    """Whether the file's bytes are what `content_type` says (magic numbers, zip parts)."""
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


def extension_of(name: str) -> str:
    suffix = PurePath(name or "").suffix
    return suffix[1:].lower() if suffix else ""


@deconstructible(path="pesnet.uploads.RandomName")
class RandomName:
    """An `upload_to` for private files: a random name under `folder`, keeping the extension
    (the user's own file name is metadata, never a path). A class, not a closure, so that a
    migration can name it."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename):
        extension = extension_of(filename)
        token = secrets.token_urlsafe(18)
        return f"{self.folder}/{token}.{extension}" if extension else f"{self.folder}/{token}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)


def original_name(upload, max_length: int = 255) -> str:
    """The name the user gave the file (without any folder), to keep beside the random one."""
    name = PurePath((getattr(upload, "name", "") or "").replace("\\", "/")).name
    if len(name) <= max_length:
        return name
    extension = extension_of(name)
    return (
        name[: max_length - len(extension) - 1] + "." + extension
        if extension
        else name[:max_length]
    )


def random_name(folder: str) -> RandomName:
    """`upload_to=random_name("nominations")`: see RandomName."""
    return RandomName(folder)


def _megabytes(size: int) -> str:
    if size % MB:
        return filesizeformat(size)
    return _("%(megabytes)d MB") % {"megabytes": size // MB}


# The errors of a refused upload, by code; a policy may word one of them its own way.
MESSAGES = {
    "type": _lazy("%(name)s: only %(types)s files are accepted."),
    "empty": _lazy("%(name)s is empty."),
    "too_large": _lazy("%(name)s is larger than %(limit)s."),
    "content": _lazy("%(name)s is not a valid %(kind)s file."),
    "unreadable": _lazy("%(name)s is not a readable PDF document."),
}


@dataclass(frozen=True)
class UploadPolicy:
    """What one kind of upload accepts. `describe` names the accepted types for the error."""

    extensions: tuple[str, ...]
    max_bytes: int
    describe: str  # e.g. "PDF, DOCX, PPTX or XLSX"; shown in the error message
    readable_pdf: bool = False  # also parse PDFs (nomination letters must open)
    messages: dict = field(default_factory=dict)  # code -> wording instead of MESSAGES[code]
    max_files: int = 1  # how many one form may attach at once

    @property
    def accept(self) -> str:
        """The file input's `accept` attribute (a hint for the browser; `check` decides)."""
        return ",".join(f".{extension}" for extension in self.extensions)

    @property
    def max_megabytes(self) -> int:
        return self.max_bytes // MB

    def _refuse(self, code: str, name: str, **values):
        message = self.messages.get(code, MESSAGES[code])
        raise ValidationError(str(message) % {"name": name, **values}, code=code)

    def check(self, upload) -> str:
        """The file's verified content type; a translated ValidationError otherwise."""
        name = getattr(upload, "name", "") or ""
        extension = extension_of(name)
        if extension not in self.extensions:
            self._refuse("type", name, types=self.describe)
        if upload.size == 0:
            self._refuse("empty", name)
        if upload.size > self.max_bytes:
            self._refuse("too_large", name, limit=_megabytes(self.max_bytes))
        content_type = EXTENSIONS[extension]
        if not content_matches(upload, content_type):
            self._refuse("content", name, kind=extension.upper())
        if content_type == PDF and self.readable_pdf and not _pdf_readable(upload):
            self._refuse("unreadable", name)
        return content_type

    def validator(self):
        """A form-field validator that applies the policy."""

        def validate(upload):
            if upload:
                self.check(upload)

        return validate


EVIDENCE = UploadPolicy(
    extensions=tuple(EXTENSIONS),
    max_bytes=10 * MB,
    describe="PDF, PNG, JPEG, WebP, DOCX, XLSX, PPTX, ODT, ODS, DOC, XLS, PPT",
    max_files=5,
)
MEETING_DOCUMENT = UploadPolicy(
    extensions=("pdf", "docx", "pptx", "xlsx"), max_bytes=25 * MB, describe="PDF, DOCX, PPTX, XLSX"
)
NOMINATION_LETTER = UploadPolicy(
    extensions=("pdf",),
    max_bytes=10 * MB,
    describe="PDF",
    readable_pdf=True,
    messages={"content": _lazy("%(name)s is not a PDF document.")},
)
