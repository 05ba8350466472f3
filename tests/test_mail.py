"""mail: one message to one initiative, as an .eml file or over SMTP."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from hypothesis import given
from hypothesis import strategies as st

from knelpunt import mail
from knelpunt.config import Mail
from knelpunt.errors import FileRefused
from knelpunt.notify import Composed
from tests.test_notify import Collector, _free_port

WHEN = dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)
COMPOSED = Composed("Nieuws over\nuw knelpunten", "Beste Els,", "<p>Beste Els,</p>", "nl")


def test_one_address_is_one_plain_address_only() -> None:
    assert mail.one_address(" els@voorbeeld.nl ") == "els@voorbeeld.nl"
    for bad in (
        None,
        "",
        "els@voorbeeld.nl, piet@voorbeeld.nl",
        "Els <els@voorbeeld.nl>",
        "els@voorbeeld.nl\nBcc: x@y.nl",
        "geen adres",
        "a@b@c",
        "x" * 250 + "@voorbeeld.nl",
    ):
        assert mail.one_address(bad) is None, bad


@given(st.text())
def test_whatever_one_address_accepts_is_one_address(text: str) -> None:
    found = mail.one_address(text)
    if found is not None:
        assert found.count("@") == 1
        assert not any(c.isspace() or c in ",;<>" for c in found)


def test_build_makes_one_to_text_and_html_and_no_header_from_a_record() -> None:
    built = mail.build(
        COMPOSED,
        to="els@voorbeeld.nl",
        to_name="Zorgcoöperatie\nBcc: x@y.nl",
        sender="coordinatie@netwerk.nl",
        sender_name="Coördinatiegroep",
        when=WHEN,
    )
    parsed = email.message_from_string(built.as_string(), policy=email.policy.default)
    assert parsed["Subject"] == "Nieuws over uw knelpunten"
    assert parsed["To"].addresses[0].addr_spec == "els@voorbeeld.nl"
    assert len(parsed["To"].addresses) == 1 and parsed["Bcc"] is None
    assert parsed["Content-Language"] == "nl"
    assert parsed["Message-ID"].endswith("@netwerk.nl>")
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]
    unknown = mail.build(COMPOSED, to=None, to_name="x", sender=None, sender_name=None, when=WHEN)
    assert unknown["To"] is None and unknown["From"] is None


def test_write_eml_never_overwrites(tmp_path: Path) -> None:
    built = mail.build(COMPOSED, to=None, to_name="", sender=None, sender_name=None, when=WHEN)
    folder = tmp_path / "berichten"
    first = mail.write_eml(folder, "in-aaaaa-aaaaa-20261204", built)
    second = mail.write_eml(folder, "in-aaaaa-aaaaa-20261204", built)
    assert (first.name, second.name) == (
        "in-aaaaa-aaaaa-20261204.eml",
        "in-aaaaa-aaaaa-20261204-2.eml",
    )
    with pytest.raises(FileRefused) as caught:
        mail.write_eml(tmp_path / "nee" / "berichten", "x", built)
    assert caught.value.key == "output_folder_missing"
    (tmp_path / "bestand").write_text("")
    with pytest.raises(FileRefused):
        mail.write_eml(tmp_path / "bestand", "x", built)


@pytest.fixture
def server() -> Iterator[tuple[Collector, int]]:
    handler = Collector(refuse={"weg@voorbeeld.nl"})
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def test_a_message_is_sent_to_its_one_recipient(server: tuple[Collector, int]) -> None:
    handler, port = server
    settings = Mail(host="127.0.0.1", port=port, security="none", sender="coordinatie@netwerk.nl")
    built = mail.build(
        COMPOSED,
        to="els@voorbeeld.nl",
        to_name="Els",
        sender=settings.sender,
        sender_name=None,
        when=WHEN,
    )
    with mail.Connection(settings, {}) as smtp:
        smtp.send(built, "els@voorbeeld.nl")
        with pytest.raises(mail.MailError) as caught:
            smtp.send(built, "weg@voorbeeld.nl")
        assert caught.value.key == "mail_send_failed" and "550" in caught.value.params["reason"]
    assert [(sender, to) for sender, to, _ in handler.envelopes] == [
        ("coordinatie@netwerk.nl", ["els@voorbeeld.nl"])
    ]
    assert handler.connections == 1


def test_no_password_in_plain_text_and_an_unreachable_server_is_said() -> None:
    far = Mail(host="smtp.voorbeeld.nl", port=25, security="none", sender="c@netwerk.nl")
    with (
        pytest.raises(mail.MailError) as caught,
        mail.Connection(far, {"KNELPUNT_SMTP_PASSWORD": "geheim"}),
    ):
        pass
    assert caught.value.key == "mail_password_plain"
    closed = Mail(host="127.0.0.1", port=_free_port(), security="none", sender="c@netwerk.nl")
    with pytest.raises(mail.MailError) as caught, mail.Connection(closed, {}):
        pass
    assert caught.value.key == "mail_connect_failed"
    assert "geheim" not in str(caught.value.params)
