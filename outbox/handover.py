"""The two halves of smtplib's sendmail, and an UPDATE that runs while the first one does.

The sender must record message k's answer before it hands message k+1 over (so that at most
one message is ever in doubt), but nothing stops it from telling the server *who* message k+1
is from and for while PostgreSQL records k:

    record = AsyncStatement(sql, params)            # sent, not awaited
    prepare(smtp, sender, recipients, size)         # MAIL FROM, RCPT TO, DATA -> 354
    record.result()                                 # k's answer is committed (or raises)
    hand_over(smtp, data)                           # the message itself, then the 250

A message is handed over only by `hand_over` (the server takes it at the final "."); a sender
that dies before that leaves an envelope the server drops with the connection.
`prepare` + `hand_over` is smtplib.SMTP.sendmail (Python 3.11), the same replies, the same
exceptions.
"""

import smtplib

from django.db import connection
from psycopg import errors, generators
from psycopg.pq import ExecStatus

from pesnet.metrics import DB_QUERIES


def _plain(address: str) -> bool:
    """An envelope address smtplib's quoteaddr would only wrap in <>: ASCII, nothing to parse."""
    return address.isascii() and not any(c in address for c in '<>()[]",;: \t\\')


def _mail(smtp: smtplib.SMTP, sender: str, options: list[str]):
    if not _plain(sender):
        return smtp.mail(sender, options)
    smtp.putcmd("mail", f"FROM:<{sender}>{''.join(' ' + option for option in options)}")
    return smtp.getreply()


def _rcpt(smtp: smtplib.SMTP, recipient: str):
    if not _plain(recipient):
        return smtp.rcpt(recipient)
    smtp.putcmd("rcpt", f"TO:<{recipient}>")
    return smtp.getreply()


def prepare(smtp: smtplib.SMTP, sender: str, recipients: list[str], size: int) -> None:
    """sendmail up to the server's "354 go ahead"."""
    smtp.ehlo_or_helo_if_needed()
    options = []
    if smtp.does_esmtp and smtp.has_extn("size"):
        options.append(f"size={size}")
    code, reply = _mail(smtp, sender, options)
    if code != 250:
        if code == 421:
            smtp.close()
        else:
            smtp._rset()
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused = {}
    for recipient in recipients:
        code, reply = _rcpt(smtp, recipient)
        if code not in (250, 251):
            refused[recipient] = (code, reply)
        if code == 421:
            smtp.close()
            raise smtplib.SMTPRecipientsRefused(refused)
    if len(refused) == len(recipients):
        smtp._rset()
        raise smtplib.SMTPRecipientsRefused(refused)
    smtp.putcmd("data")
    code, reply = smtp.getreply()
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)


def hand_over(smtp: smtplib.SMTP, data: bytes, meanwhile=None) -> None:
    """The message and its final ".": from here on the server may have it. `meanwhile()`, when
    given, runs while the server takes it, before its answer is read (the next message's bytes
    are built then); it must not raise."""
    quoted = smtplib._quote_periods(data)
    if quoted[-2:] != b"\r\n":
        quoted += b"\r\n"
    smtp.send(quoted + b".\r\n")
    if meanwhile is not None:
        meanwhile()
    code, reply = smtp.getreply()
    if code != 250:
        if code == 421:
            smtp.close()
        else:
            smtp._rset()
        raise smtplib.SMTPDataError(code, reply)


def _prepare_once(raw, name: bytes, sql: bytes) -> None:
    """A named statement on this PostgreSQL session (a new connection prepares it again)."""
    prepared = raw.__dict__.setdefault("_pesnet_prepared", set())
    if name in prepared:
        return
    result = raw.pgconn.prepare(name, sql)
    if result.status != ExecStatus.COMMAND_OK:
        raise errors.error_from_result(result, encoding=raw.pgconn._encoding)
    prepared.add(name)


class AsyncStatement:
    """One statement on Django's connection, sent now, its result read by `result()`.

    Nothing else may use the connection in between (libpq runs one command at a time): the
    sender reads the result before any other query. Errors come out as Django's DatabaseError.
    `sql` uses $1, $2… placeholders; `params` are text (or None). With a `name`, the statement
    is prepared on the connection the first time and executed by name afterwards.
    """

    def __init__(self, sql: bytes, params: list[bytes | None], *, name: bytes | None = None):
        connection.ensure_connection()
        self._raw = connection.connection
        self._done = False
        pgconn = self._raw.pgconn
        with connection.wrap_database_errors:
            if name is None:
                pgconn.send_query_params(sql, params)
            else:
                # Parsed and planned once per connection, not for each of a thousand messages.
                _prepare_once(self._raw, name, sql)
                pgconn.send_query_prepared(name, params)
            self._raw.wait(generators.send(pgconn))
        DB_QUERIES.labels(connection.alias).inc()

    def result(self) -> int:
        """Rows the statement changed, once PostgreSQL has run it."""
        if self._done:
            return self._rows
        self._done = True
        pgconn = self._raw.pgconn
        with connection.wrap_database_errors:
            results = self._raw.wait(generators.fetch_many(pgconn))
            self._rows = 0
            for result in results:
                if result.status != ExecStatus.COMMAND_OK:
                    raise errors.error_from_result(result, encoding=pgconn._encoding)
                self._rows += int(result.command_tuples or 0)
        return self._rows
