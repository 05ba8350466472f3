"""Record identifiers: made offline on many laptops, without a central counter.

An id is a kind prefix and ten random characters from a 32-letter alphabet,
written in two groups of five so that it can be read aloud in a meeting:
``kp-7f3k9-q2mxz``. The alphabet leaves out i, l, o and u, which are easily
confused with 1, 0 and v when read aloud or written down.

Why random and not max+1 or a content hash: two laptops that are offline both
pick the same "next number", and two explorers who record the same text get the
same hash; either way one record overwrites the other when the branches merge.

Arithmetic (the birthday bound): with N = 32**10 = 1.13e15 possible ids of a
kind, the chance that any two of n ids collide is about 1 - exp(-n**2 / 2N).
For n = 100,000 records of one kind that is 4.4e-6: about one network in
225,000 that reaches that size ever meets one collision. A collision is not
silent either: two files at the same path are an add/add conflict in git, and a
new id is checked against the records on this laptop before it is used.
``tests/test_ids.py`` recomputes these figures.
"""

from __future__ import annotations

import math
import re
from datetime import datetime

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # 32 letters: no i, l, o, u
RANDOM_LENGTH = 10

#: Lowercase letters, digits and single hyphens: no dots, slashes or spaces, so
#: an id used as a file name can never point outside its folder.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_MAX_LENGTH = 64
_ID_RE = re.compile(ID_PATTERN)

PREFIXES: dict[str, str] = {
    "initiative": "in",  # initiatief
    "meeting": "bk",  # bijeenkomst
    "bottleneck": "kp",  # knelpunt
    "actor": "ac",  # actor / probleem-oplosser
    "solution": "ol",  # olifantenpad
    "ranking": "rk",  # rangorde: one initiative's order of the agenda in a round
    "notice": "br",  # bericht: one message to one initiative (knelpunt notify)
    "question": "vr",  # vraag: a practical question an initiative asks, and its answer
}


#: Where each kind of file lives in data/: the record kinds, then the history
#: entries. Here, not with the models, so that listing the files of a
#: repository (every warm command) does not build the models.
FOLDERS: dict[str, str] = {
    "initiative": "initiatives",
    "meeting": "meetings",
    "bottleneck": "bottlenecks",
    "actor": "actors",
    "solution": "solutions",
    "ranking": "rankings",
    "notice": "notices",
    "question": "questions",
    "update": "updates",
}
#: The kinds of record, in the order they are read and shown.
RECORD_KINDS: tuple[str, ...] = (
    "initiative",
    "meeting",
    "bottleneck",
    "actor",
    "solution",
    "ranking",
    "notice",
    "question",
)
#: The Dutch words for each kind of record, as people type them: one, then
#: more (``knelpunt add knelpunt``, ``knelpunt list rangordes``). Every kind has
#: its words (``tests/test_dutch_input.py``): a new kind adds them here.
DUTCH_KINDS: dict[str, tuple[str, ...]] = {
    "initiative": ("initiatief", "initiatieven"),
    "meeting": ("bijeenkomst", "bijeenkomsten"),
    "bottleneck": ("knelpunt", "knelpunten"),
    "actor": ("organisatie", "organisaties", "probleem-oplosser", "probleemoplosser", "actoren"),
    "solution": ("olifantenpad", "olifantenpaden"),
    "ranking": ("rangorde", "rangordes"),
    "notice": ("bericht", "berichten"),
    "question": ("vraag", "vragen"),
}
#: A Dutch word for a kind -> the kind.
KIND_WORDS: dict[str, str] = {word: kind for kind, words in DUTCH_KINDS.items() for word in words}
#: Kinds only a command writes (``knelpunt notify``): no ``add`` of their own.
WRITTEN_BY_COMMANDS: frozenset[str] = frozenset({"notice"})


def is_valid_id(value: str) -> bool:
    return len(value) <= ID_MAX_LENGTH and _ID_RE.match(value) is not None


def random_part(length: int = RANDOM_LENGTH) -> str:
    import secrets  # not at the top: hmac and random cost every command 7 ms

    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_id(kind: str) -> str:
    """A new random id for a record of ``kind``, e.g. ``kp-7f3k9-q2mxz``."""
    chars = random_part()
    half = RANDOM_LENGTH // 2
    return f"{PREFIXES[kind]}-{chars[:half]}-{chars[half:]}"


def new_update_id(moment: datetime) -> str:
    """An id for a history entry: its time first, to the microsecond, so that two
    entries made one after the other sort in the order they were made."""
    return f"{moment:%Y%m%d-%H%M%S%f}-{random_part(5)}"


def collision_probability(records: int, length: int = RANDOM_LENGTH) -> float:
    """Chance that any two of ``records`` random ids collide (birthday bound)."""
    space = float(len(ALPHABET) ** length)
    return -math.expm1(-(records * (records - 1)) / (2 * space))
