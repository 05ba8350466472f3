"""The messages of ``knelpunt notify`` as e-mail: .eml files and SMTP.

Each message goes to one initiative and to no one else: one ``To`` (never Cc
or Bcc), and the SMTP envelope names that one address only, whatever the
headers say. An address is taken from the initiative's contact block only if
it is one plain address (``naam@voorbeeld.nl``): a block holding a list, a
display name or a line break is treated as no address, and the message is
listed to be passed on by hand.

A run opens one SMTP connection for all its messages, never one a message: a
network of thousands of initiatives is one connection. The password is read
from the environment (``Mail.password_env``), never from the repository, and
is never sent over a connection without TLS to another computer.
"""

from __future__ import annotations

import datetime as dt
import re
import smtplib
import ssl
from collections.abc import Mapping
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from types import TracebackType

from knelpunt import atomic
from knelpunt.config import Mail
from knelpunt.errors import FileRefused, KnelpuntError, RecordError
from knelpunt.notify import Composed

#: One plain address: what ``config.MailAddress`` allows.
_ONE_ADDRESS = re.compile(r"[^\s<>@,;:\"()\[\]]+@[^\s<>@,;:\"()\[\]]+")
#: How long a run waits for the server, per step.
TIMEOUT_SECONDS = 60
#: Where the server may be asked for a password without TLS: this computer.
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def one_address(text: str | None) -> str | None:
    """``text`` if it is one plain e-mail address, else None."""
    if text is None:
        return None
    value = text.strip()
    if len(value) > 254 or not _ONE_ADDRESS.fullmatch(value):
        return None
    try:
        Address(addr_spec=value)
    except (ValueError, IndexError, HeaderParseError):
        return None
    return value


def _header_text(text: str) -> str:
    """A header's text on one line: a record cannot add a header."""
    return " ".join(text.split())


def build(
    composed: Composed,
    *,
    to: str | None,
    to_name: str,
    sender: str | None,
    sender_name: str | None,
    when: dt.datetime,
) -> EmailMessage:
    """The e-mail of one message: plain text and HTML alternatives, one
    ``To`` (none when the address is not known: passed on by hand)."""
    message = EmailMessage()
    message["Subject"] = _header_text(composed.subject)
    if sender is not None:
        message["From"] = Address(_header_text(sender_name or ""), addr_spec=sender)
    if to is not None:
        message["To"] = Address(_header_text(to_name), addr_spec=to)
    message["Date"] = format_datetime(when)
    domain = sender.rpartition("@")[2] if sender else "knelpunt.invalid"
    message["Message-ID"] = make_msgid("knelpunt", domain=domain)
    message.set_content(composed.text)
    message.add_alternative(composed.html, subtype="html")
    # After the bodies: setting the content clears every Content- header.
    message["Content-Language"] = composed.lang
    return message


def write_eml(folder: Path, name: str, message: EmailMessage) -> Path:
    """Write ``message`` as ``name.eml`` in ``folder`` (made if missing),
    never over an existing file: a second message the same day gets ``-2``."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise FileRefused("output_not_folder", folder.as_posix())
    if not folder.exists():
        if not folder.parent.is_dir():
            raise FileRefused(
                "output_folder_missing", folder.as_posix(), folder=folder.parent.as_posix()
            )
        folder.mkdir()
    text = message.as_string()
    for number in range(1, 1000):
        path = folder / (f"{name}.eml" if number == 1 else f"{name}-{number}.eml")
        try:
            atomic.write_new(path, text)
        except RecordError:
            continue  # that name is taken: the next
        return path
    raise FileRefused("output_exists", (folder / f"{name}.eml").as_posix())


class MailError(KnelpuntError):
    """The SMTP server could not be reached, or refused."""


class Connection:
    """One SMTP connection for a whole run (``with Connection(...) as smtp``)."""

    def __init__(self, settings: Mail, environ: Mapping[str, str]) -> None:
        self.settings = settings
        self.password = environ.get(settings.password_env) or None
        self.smtp: smtplib.SMTP | None = None

    def _where(self) -> dict[str, object]:
        return {"host": self.settings.host, "port": self.settings.port}

    def __enter__(self) -> Connection:
        settings = self.settings
        if (
            self.password is not None
            and settings.security == "none"
            and settings.host.lower() not in _LOOPBACK
        ):
            raise MailError("mail_password_plain", **self._where())
        try:
            if settings.security == "tls":
                context = ssl.create_default_context()
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=context
                )
            else:
                smtp = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
            self.smtp = smtp
            if settings.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if self.password is not None:
                smtp.login(settings.username or settings.sender, self.password)
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise MailError("mail_connect_failed", reason=_reason(exc), **self._where()) from None
        return self

    def send(self, message: EmailMessage, to: str) -> None:
        """Send ``message`` to ``to`` alone: the envelope names no one else."""
        assert self.smtp is not None
        try:
            refused = self.smtp.send_message(message, from_addr=self.settings.sender, to_addrs=[to])
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError("mail_send_failed", reason=_reason(exc), **self._where()) from None
        if refused:
            raise MailError("mail_send_failed", reason=str(refused), **self._where())

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _reason(exc: BaseException) -> str:
    """What the server or the network said, on one line (never the password:
    smtplib's messages do not hold it)."""
    if isinstance(exc, smtplib.SMTPResponseException):
        said = (
            exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else ""
        )
        return _header_text(f"{exc.smtp_code} {said}")
    return _header_text(str(exc) or type(exc).__name__)
