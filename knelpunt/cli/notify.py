"""``knelpunt notify``: tell each initiative what became of what it raised."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from pathlib import Path
from typing import Annotated

import typer

from knelpunt.cli.context import command, options


@command("notify", help="notify")
def notify_command(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="notify_output")] = None,
    send: Annotated[bool, typer.Option("--send", help="notify_send")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="notify_dry_run")] = False,
    initiative_ids: Annotated[
        list[str] | None, typer.Option("--initiative", help="notify_initiative")
    ] = None,
    date: Annotated[str | None, typer.Option("--date", help="notify_date")] = None,
) -> int:
    import datetime as dt
    import os
    import sys
    from email.message import EmailMessage

    from knelpunt import mail, notify
    from knelpunt.choices import parse_date
    from knelpunt.cli._click import UsageError
    from knelpunt.errors import KnelpuntError
    from knelpunt.escape import terminal
    from knelpunt.messages import CHOICE_LABELS, label, message
    from knelpunt.store import load_all

    opts = options(ctx)
    repo = opts.repository()
    lang = opts.language(repo)
    if not (send or dry_run or output is not None):
        raise UsageError(message("notify_how", lang), ctx=ctx)
    day = parse_date(date)
    records = load_all(repo)
    found = notify.news(repo, records)
    if initiative_ids:
        wanted = {i.strip().lower() for i in initiative_ids}
        unknown = sorted(wanted - set(records.of("initiative")))
        if unknown:
            raise KnelpuntError("record_not_found", record_id=", ".join(unknown))
        found = [n for n in found if n.initiative.id in wanted]
    if not found:
        print(message("notify_nothing", lang))
        return 0
    settings = repo.config.mail

    def address(news: notify.News) -> str | None:
        # The one use of a contact address: the To of this initiative's message.
        contact = news.initiative.contact
        return mail.one_address(contact.email if contact is not None else None)

    def line(news: notify.News, how: str) -> str:
        titles = "; ".join(b.bottleneck.title for b in news.bottlenecks)
        return terminal(
            message(
                how,
                lang,
                name=news.initiative.name,
                id=news.initiative.id,
                language=label(CHOICE_LABELS, news.language, lang),
                count=len(news.steps),
                titles=titles,
            )
        )

    if dry_run:
        for news in found:
            how = "notify_would_send" if send and address(news) else "notify_would_write"
            if send and not address(news):
                how = "notify_would_hand"
            print(line(news, how))
        print(message("notify_dry_run_done", lang, count=len(found)), file=sys.stderr)
        return 0

    if send and settings is None:
        raise KnelpuntError("mail_not_set")
    now = dt.datetime.now(dt.UTC).astimezone()
    when = now if day == now.date() else dt.datetime.combine(day, dt.time(9), now.tzinfo)
    sender = settings.sender if settings is not None else None
    sender_name = settings.sender_name if settings is not None else None
    by_hand: list[notify.News] = []
    sent = written = 0

    def message_for(news: notify.News, to: str | None) -> EmailMessage:
        composed = notify.compose(news, records, repo.config)
        return mail.build(
            composed,
            to=to,
            to_name=news.initiative.name,
            sender=sender,
            sender_name=sender_name,
            when=when,
        )

    def keep(news: notify.News, email: EmailMessage) -> None:
        if output is not None:
            path = mail.write_eml(output, f"{day.isoformat()}-{news.initiative.id}", email)
            print(terminal(path.as_posix()))

    to_send = [(n, address(n)) for n in found] if send else []
    try:
        if send and settings is not None and any(to for _, to in to_send):
            # One connection for the whole run, however many initiatives.
            with mail.Connection(settings, os.environ) as smtp:
                for news, to in to_send:
                    if to is None:
                        continue
                    email = message_for(news, to)
                    smtp.send(email, to)
                    # Recorded at once: a failure further on leaves exactly
                    # what was sent recorded, and nothing else.
                    notify.record(repo, news, "email", day)
                    sent += 1
                    print(line(news, "notify_sent"))
                    keep(news, email)
        for news in found:
            if send and address(news) is not None:
                continue
            if send and output is None:
                by_hand.append(news)  # not recorded: it has not left yet
                continue
            email = message_for(news, None if send else address(news))
            keep(news, email)
            notify.record(repo, news, "file", day)
            written += 1
            if send:
                by_hand.append(news)
    finally:
        if sent or written:
            print(message("notify_done", lang, sent=sent, written=written), file=sys.stderr)
    for news in by_hand:
        explorer = notify.passed_on_by(records, news.initiative.id) or "-"
        print(terminal(message("notify_by_hand", lang, name=news.initiative.name,
                               id=news.initiative.id, explorer=explorer)))  # fmt: skip
    return 0
