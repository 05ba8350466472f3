"""knelpunt notify (issue 31, points 1 and 5): each initiative hears what became
of what it raised, as .eml files and over a real SMTP server on localhost
(aiosmtpd), each message to one initiative alone, and nothing twice."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from knelpunt.repo import open_repository
from knelpunt.store import load_all

#: Initiatives of the example left without an address: passed on by hand.
WITHOUT = 3


def _addresses(root: Path, leave_out: int = WITHOUT) -> dict[str, str]:
    """Give every initiative an address of its own (all but the first
    ``leave_out`` of those that raised a bottleneck, which get none); the
    address per initiative id."""
    given = {}
    reporters = sorted(
        {
            line.strip().removeprefix("- ")
            for path in (root / "data" / "bottlenecks").glob("*.yaml")
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip().startswith("- in-")
        }
    )
    without = set(reporters[:leave_out])
    for number, path in enumerate(sorted((root / "data" / "initiatives").glob("*.yaml"))):
        text = path.read_text(encoding="utf-8")
        text = re.sub(
            r"\ncontact:\n(?:  .*\n)*", "\n", text if text.endswith("\n") else text + "\n"
        )
        if path.stem not in without:
            address = f"{path.stem}@initiatief.voorbeeld.nl"
            text += f"contact:\n  name: Contactpersoon {number}\n  email: {address}\n"
            given[path.stem] = address
        path.write_text(text, encoding="utf-8")
    return given


def _parse(path: Path) -> EmailMessage:
    parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(parsed, EmailMessage)
    return parsed


def _raised(root: Path) -> dict[str, set[str]]:
    """Per initiative, the titles it may be told of: what it raised, and what
    that was bundled into."""
    repo = open_repository(root, {}, root)
    records = load_all(repo, use_cache=False)
    titles: dict[str, set[str]] = {}
    for bottleneck in records.bottlenecks.values():
        shown = bottleneck
        seen = {bottleneck.id}
        while (target := records.state(shown.id).merged_into) and target not in seen:
            seen.add(target)
            shown = records.bottlenecks[target]
        for initiative_id in bottleneck.reported_by:
            titles.setdefault(initiative_id, set()).add(shown.title)
    return titles


def _headings(html: str) -> list[str]:
    import html as html_module

    return [html_module.unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", html)]


def _check_message(message: EmailMessage, initiative_id: str, address: str | None, root: Path):
    assert message["Cc"] is None and message["Bcc"] is None
    if address is None:
        assert message["To"] is None
    else:
        assert [a.addr_spec for a in message["To"].addresses] == [address]
    text = message.get_body(("plain",))
    page = message.get_body(("html",))
    assert text is not None and page is not None
    html = page.get_content()
    assert "<script" not in html and "src=" not in html and "http" not in html
    headings = _headings(html)
    assert headings
    assert set(headings) <= _raised(root)[initiative_id]
    for heading in headings:
        assert heading in text.get_content()


def test_files_one_message_per_initiative_each_to_it_alone_and_only_its_own(example, run, tmp_path):
    given = _addresses(example)
    out = tmp_path / "berichten"
    done = run("notify", "-o", str(out), "--date", "2026-12-01", cwd=example)
    assert done.code == 0, done.err
    files = sorted(out.glob("*.eml"))
    repo = open_repository(example, {}, example)
    notices = load_all(repo, use_cache=False).of("notice")
    assert len(files) == len(notices) > 20
    told = {n.initiative for n in notices.values()}
    assert len(told) == len(files)  # one message per initiative
    for path in files:
        initiative_id = path.stem.removeprefix("2026-12-01-")
        assert initiative_id in told
        _check_message(_parse(path), initiative_id, given.get(initiative_id), example)
    # The notices record what was told, never an address.
    for path in (example / "data" / "notices").glob("*.yaml"):
        assert "@" not in path.read_text(encoding="utf-8")
    assert run("check", cwd=example).code == 0
    again = run("notify", "-o", str(tmp_path / "weer"), cwd=example)
    assert again.code == 0 and "Geen nieuws" in again.out
    assert not (tmp_path / "weer").exists()


def test_dry_run_says_who_gets_what_and_writes_nothing(example, run, tmp_path):
    _addresses(example)
    done = run("notify", "--send", "--dry-run", "-o", str(tmp_path / "x"), cwd=example)
    assert done.code == 0, done.err
    assert "geen adres" in done.out and "versturen aan" in done.out
    assert "@" not in done.out  # addresses are used, not shown
    # One step is one step: the catalog's plural forms, in both languages.
    assert ": 1 nieuwe stap over " in done.out and " 1 nieuwe stappen" not in done.out
    assert ": 2 nieuwe stappen over " in done.out
    english = run("--lang", "en", "notify", "--dry-run", cwd=example)
    assert ": 1 new step about " in english.out and " 1 new steps" not in english.out
    assert not (tmp_path / "x").exists()
    assert not (example / "data" / "notices").exists()


class Collector:
    """An aiosmtpd handler that keeps every envelope and counts connections."""

    def __init__(self, refuse: set[str] | None = None) -> None:
        self.envelopes: list[tuple[str, list[str], bytes]] = []
        self.connections = 0
        self.refuse = refuse or set()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Collector, int]]:
    handler = Collector()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def _mail_settings(root: Path, port: int) -> None:
    with (root / "knelpunt.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "mail:\n  host: 127.0.0.1\n"
            f"  port: {port}\n  security: none\n  sender: coordinatie@netwerk.voorbeeld.nl\n"
            "  sender_name: Coördinatiegroep\n"
        )


def test_send_delivers_each_message_to_its_initiative_alone_and_a_second_run_none(
    example, run, smtp_server, tmp_path
):
    handler, port = smtp_server
    given = _addresses(example)
    _mail_settings(example, port)
    done = run("notify", "--send", cwd=example)
    assert done.code == 0, done.err
    assert handler.connections == 1  # one connection for the whole run
    assert len(handler.envelopes) > 20
    seen = set()
    for sender, recipients, content in handler.envelopes:
        assert sender == "coordinatie@netwerk.voorbeeld.nl"
        assert len(recipients) == 1
        (address,) = recipients
        initiative_id = next(i for i, a in given.items() if a == address)
        assert initiative_id not in seen
        seen.add(initiative_id)
        message = BytesParser(policy=policy.default).parsebytes(content)
        assert isinstance(message, EmailMessage)
        _check_message(message, initiative_id, address, example)
        # No other initiative's address anywhere in the message.
        others = [a for a in given.values() if a != address]
        raw = content.decode("ascii", "replace")
        assert not any(other in raw for other in others)
    # Those without an address are listed to pass on by hand, and not recorded.
    assert done.out.count("Geen e-mailadres") >= 1
    repo = open_repository(example, {}, example)
    notices = load_all(repo, use_cache=False).of("notice")
    assert {n.initiative for n in notices.values()} == seen
    assert all(n.via == "email" for n in notices.values())
    count = len(handler.envelopes)
    again = run("notify", "--send", cwd=example)
    assert again.code == 0, again.err
    assert len(handler.envelopes) == count  # a second run sends none
    assert handler.connections == 1  # nor connects for nothing but the by-hand list


def test_a_failure_halfway_records_only_what_was_sent(example, run, smtp_server):
    handler, port = smtp_server
    given = _addresses(example)
    _mail_settings(example, port)
    from knelpunt.notify import news

    repo = open_repository(example, {}, example)
    with_news = [given[n.initiative.id] for n in news(repo, load_all(repo, use_cache=False))
                 if n.initiative.id in given]  # fmt: skip
    refused = with_news[len(with_news) // 2]
    handler.refuse = {refused}
    done = run("notify", "--send", cwd=example)
    assert done.code == 1
    assert "weigerde" in done.err and "Traceback" not in done.err
    notices = load_all(repo, use_cache=False).of("notice")
    assert len(notices) == len(handler.envelopes) > 0
    delivered = {r for _, rs, _ in handler.envelopes for r in rs}
    assert refused not in delivered
    first = len(handler.envelopes)
    handler.refuse = set()
    assert run("notify", "--send", cwd=example).code == 0
    later = {r for _, rs, _ in handler.envelopes[first:] for r in rs}
    assert refused in later and not (later & delivered)  # the rest, nothing twice


def test_send_without_mail_settings_or_a_server_is_a_message(example, run):
    _addresses(example)
    done = run("notify", "--send", cwd=example)
    assert done.code == 1 and "mail" in done.err
    _mail_settings(example, _free_port())  # nothing listens there
    done = run("notify", "--send", cwd=example)
    assert done.code == 1 and "verbinding" in done.err and "Traceback" not in done.err
    assert not (example / "data" / "notices").exists()
    assert run("notify", cwd=example).code == 2  # say how: -o, --send or --dry-run


def test_an_address_list_or_a_header_in_a_record_is_no_address(example, run, smtp_server, tmp_path):
    handler, port = smtp_server
    given = _addresses(example, leave_out=0)
    _mail_settings(example, port)
    first, second = sorted(given)[:2]
    for initiative_id, bad in (
        (first, "een@voorbeeld.nl, twee@voorbeeld.nl"),
        (second, "een@voorbeeld.nl\\nBcc: twee@voorbeeld.nl"),
    ):
        path = example / "data" / "initiatives" / f"{initiative_id}.yaml"
        text = path.read_text(encoding="utf-8").replace(given[initiative_id], f'"{bad}"')
        path.write_text(text, encoding="utf-8")
    assert (
        run("notify", "--send", "--initiative", first, "--initiative", second, cwd=example).code
        == 0
    )
    assert handler.envelopes == []
    out = tmp_path / "hand"
    assert run("notify", "--send", "-o", str(out), cwd=example).code == 0
    for path in out.glob("*.eml"):
        message = _parse(path)
        if path.stem.endswith((first, second)):
            assert message["To"] is None
    assert all(len(rs) == 1 for _, rs, _ in handler.envelopes)


def test_an_english_initiative_reads_english_and_markup_stays_text(example, run, tmp_path):
    _addresses(example)
    repo = open_repository(example, {}, example)
    records = load_all(repo, use_cache=False)
    bottleneck = next(b for b in records.bottlenecks.values() if records.state(b.id).history)
    reporter = bottleneck.reported_by[0]
    path = example / "data" / "initiatives" / f"{reporter}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "language: en\n", encoding="utf-8")
    record = example / "data" / "bottlenecks" / f"{bottleneck.id}.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(
        text.replace(f"title: {bottleneck.title}", "title: '<img src=x onerror=alert(1)> Kosten'"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run("notify", "-o", str(out), "--initiative", reporter, cwd=example).code == 0
    (file,) = out.glob("*.eml")
    message = _parse(file)
    assert message["Subject"].startswith("News about")
    assert message["Content-Language"] == "en"
    html = message.get_body(("html",)).get_content()
    assert "&lt;img src=x" in html and "<img" not in html
    assert "Dear " in message.get_body(("plain",)).get_content()
