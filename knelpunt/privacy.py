"""Personal data in the wrong place.

Contact persons belong in ``contact:`` blocks, which reports and exports leave
out. An e-mail address, a Dutch phone number or a postcode with a house number
typed into a title, description or note would be published with it, so
``knelpunt check`` warns about them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Every field a person types free text into, of any kind of record; the
#: fields marked personal (``contact:``) are the place for contact details.
#: ``tests/test_privacy.py`` checks that no free-text field of a model is missing.
FREE_TEXT = (
    "title",
    "name",
    "short_name",
    "description",
    "notes",
    "note",
    "place",
    "municipality",
    "explorer",
    "by",
    "website",
    "rule",
    "approach",
    "horizon",
    "means",
    "people",
    # Questions and learning circles (issue 32).
    "topic",
    "text",
    "answer",
    "learnt",
)

#: What ``[\w.+-]+@[\w-]+(?:\.[\w-]+)+`` finds, but found in linear time: that
#: pattern tries every start of a long run of letters again (``'a' * 20000 +
#: '@'`` took seconds), so ``_emails`` walks out from each ``@`` instead.
_LOCAL_CHAR = re.compile(r"[\w.+-]")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_DOMAIN_CHAR = re.compile(r"[\w.-]")
# 06-12345678, 0595 123456, +31 6 1234 5678, 0031612345678: ten digits in all.
PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)(?:[\s-]?\d){9}(?!\d)")
# 1234 AB with a house number next to it: "1234 AB 12" or "Dorpsstraat 12, 1234 AB".
ADDRESS = re.compile(
    r"\b[1-9]\d{3} ?[A-Z]{2}\b(?:[\s,]+\d{1,5}\b)|\b\d{1,5}[a-zA-Z]?,\s*[1-9]\d{3} ?[A-Z]{2}\b"
)
PATTERNS = (("phone", PHONE), ("address", ADDRESS))


_DIGIT = re.compile(r"\d")


def _emails(text: str) -> Iterator[str]:
    """E-mail addresses in ``text``; every character is looked at a bounded
    number of times, because each walk stops at the next or previous ``@``."""
    at = text.find("@")
    end_of_last = 0
    while at != -1:
        start = at
        while start > end_of_last and _LOCAL_CHAR.match(text, start - 1):
            start -= 1
        stop = at + 1
        while stop < len(text) and _DOMAIN_CHAR.match(text, stop):
            stop += 1
        domain = _DOMAIN.match(text, at + 1, stop)
        if start < at and domain is not None:
            yield text[start : domain.end()]
            end_of_last = domain.end()
        at = text.find("@", max(at + 1, end_of_last))


def findings(text: str) -> Iterator[tuple[str, str]]:
    """(kind, what was found) for each piece of personal data in ``text``.

    Cheap tests first: most text has no '@' and many descriptions no digits,
    and the patterns cost far more than a scan for one character. Every
    pattern runs in time linear in the text."""
    if "@" in text:
        for found in _emails(text):
            yield "email", found
    if _DIGIT.search(text) is None:
        return
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            yield kind, match.group(0)
