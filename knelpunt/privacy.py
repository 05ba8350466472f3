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
)

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 06-12345678, 0595 123456, +31 6 1234 5678, 0031612345678: ten digits in all.
PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)(?:[\s-]?\d){9}(?!\d)")
# 1234 AB with a house number next to it: "1234 AB 12" or "Dorpsstraat 12, 1234 AB".
ADDRESS = re.compile(
    r"\b[1-9]\d{3} ?[A-Z]{2}\b(?:[\s,]+\d{1,5}\b)|\b\d{1,5}[a-zA-Z]?,\s*[1-9]\d{3} ?[A-Z]{2}\b"
)
KINDS = (("email", EMAIL), ("phone", PHONE), ("address", ADDRESS))


_DIGIT = re.compile(r"\d")


def findings(text: str) -> Iterator[tuple[str, str]]:
    """(kind, what was found) for each piece of personal data in ``text``.

    Cheap tests first: most text has no '@' and many descriptions no digits,
    and the patterns cost far more than a scan for one character."""
    has_at = "@" in text
    has_digit = _DIGIT.search(text) is not None
    for kind, pattern in KINDS:
        if (kind == "email" and not has_at) or (kind != "email" and not has_digit):
            continue
        for match in pattern.finditer(text):
            yield kind, match.group(0)
