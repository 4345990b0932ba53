"""The bytes a stored row becomes on the wire, built directly rather than through email.message.

    wire_bytes(message, *, sender, reply_to, headers) -> bytes | None

The same message as Django's `EmailMultiAlternatives` (sending.build_email) makes of a row
without attachments — multipart/alternative, text then HTML, UTF-8 bodies sent as 7bit/8bit (or
quoted-printable when a line is longer than SMTP allows), non-ASCII header text as RFC 2047
encoded words — in a fraction of the time: the standard library's generator folds and encodes
every header through its general machinery, which was a third of the sender's time (issue 14).
Returns None for what it does not handle (attachments, a non-ASCII address): the sender then
builds that one message through Django. tests/outbox/test_wire.py compares both, part by part.
"""

import base64
import binascii
import re
import secrets
from email.utils import formataddr, formatdate, parseaddr

from django.conf import settings

# RFC 5322: a line is at most 998 octets; an encoded word at most 75 characters, so 45 bytes
# of UTF-8 per word (60 base64 characters inside "=?utf-8?b?…?=").
LINE_LIMIT = 998
WORD_BYTES = 45
FOLD_AT = 76
_NEWLINES = re.compile(r"\r\n|\r|\n")


class HeaderInjection(ValueError):
    """A header value with a line break in it: never sent (Django refuses it too)."""


def _is_ascii(text: str) -> bool:
    return text.isascii()


def encoded_words(text: str) -> str:
    """`text` as RFC 2047 base64 encoded words of at most 75 characters, split between
    characters (never inside one), folded onto continuation lines."""
    words = []
    chunk = bytearray()
    for character in text:
        encoded = character.encode("utf-8")
        if len(chunk) + len(encoded) > WORD_BYTES:
            words.append(chunk)
            chunk = bytearray()
        chunk += encoded
    if chunk:
        words.append(chunk)
    return "\r\n ".join(f"=?utf-8?b?{base64.b64encode(word).decode('ascii')}?=" for word in words)


def _fold_ascii(name: str, text: str) -> str:
    """An unstructured ASCII header value folded at spaces to keep lines near 78 characters."""
    if len(name) + 2 + len(text) <= FOLD_AT:
        return text
    lines, line = [], ""
    width = FOLD_AT - len(name) - 2
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line, width = word, FOLD_AT - 1
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\r\n ".join(lines)


def unstructured(name: str, text: str) -> str:
    if "\n" in text or "\r" in text:
        raise HeaderInjection(f"Header {name!r} contains a line break")
    return _fold_ascii(name, text) if _is_ascii(text) else encoded_words(text)


def address(name: str, addr: str) -> str | None:
    """'Name <addr>' with the name encoded when it is not ASCII; None for a non-ASCII address
    (Django's path turns its domain into punycode)."""
    if not _is_ascii(addr):
        return None
    if "\n" in name + addr or "\r" in name + addr:
        raise HeaderInjection("An address contains a line break")
    if not name:
        return addr
    if _is_ascii(name):
        return formataddr((name, addr))
    # One encoded word for the whole name, as email.utils.formataddr makes: parsers join the
    # words of a display name with the white space between them kept.
    return f"=?utf-8?b?{base64.b64encode(name.encode('utf-8')).decode('ascii')}?= <{addr}>"


def _body(text: str) -> tuple[bytes, str]:
    """(CRLF-terminated body, Content-Transfer-Encoding) as Django's SafeMIMEText would send."""
    lines = _NEWLINES.split(text)
    raw = [line.encode("utf-8") for line in lines]
    if any(len(line) > LINE_LIMIT for line in raw):
        data = "\n".join(lines).encode("utf-8")
        encoded = binascii.b2a_qp(data, quotetabs=False, istext=True, header=False)
        return b"\r\n".join(encoded.split(b"\n")), "quoted-printable"
    encoding = "7bit" if all(line.isascii() for line in raw) else "8bit"
    return b"\r\n".join(raw), encoding


def _part(mimetype: str, text: str) -> bytes:
    body, transfer = _body(text)
    return (
        f'Content-Type: {mimetype}; charset="utf-8"\r\nMIME-Version: 1.0\r\n'
        f"Content-Transfer-Encoding: {transfer}\r\n\r\n"
    ).encode("ascii") + body


def wire_bytes(
    *,
    subject: str,
    sender: tuple[str, str],
    to: tuple[str, str],
    reply_to: str,
    headers: dict[str, str],
    body_text: str,
    body_html: str,
    has_attachments: bool,
) -> bytes | None:
    """The whole message, CRLF line ends, ready for smtplib's sendmail; None when the sender
    should build this one through Django instead (attachments, non-ASCII addresses).
    `sender` and `to` are (display name, address) pairs."""
    if has_attachments:
        return None
    from_header = address(*sender)
    to_header = address(*to)
    if from_header is None or to_header is None:
        return None
    lines = []
    text_part = _part("text/plain", body_text)
    html_part = _part("text/html", body_html)
    boundary = f"==============={secrets.randbits(63):019d}=="
    while boundary.encode("ascii") in text_part or boundary.encode("ascii") in html_part:
        boundary = f"==============={secrets.randbits(63):019d}=="
    lines.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
    lines.append("MIME-Version: 1.0")
    lines.append(f"Subject: {unstructured('Subject', subject)}")
    lines.append(f"From: {from_header}")
    lines.append(f"To: {to_header}")
    if reply_to:
        reply_name, reply_addr = parseaddr(reply_to)
        reply_header = address(reply_name, reply_addr)
        if reply_header is None:
            return None
        lines.append(f"Reply-To: {reply_header}")
    lines.append(f"Date: {formatdate(localtime=settings.EMAIL_USE_LOCALTIME)}")
    for name, value in headers.items():
        lines.append(f"{name}: {unstructured(name, value)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")
    separator = f"\r\n--{boundary}\r\n".encode("ascii")
    return b"".join(
        (
            head,
            f"--{boundary}\r\n".encode("ascii"),
            text_part,
            separator,
            html_part,
            f"\r\n--{boundary}--\r\n".encode("ascii"),
        )
    )
