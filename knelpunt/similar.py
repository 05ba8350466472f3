"""Finding bottlenecks like a new one, so that nobody files a duplicate unseen.

Robust to Dutch word forms and typos without a language model: words are
lowercased and stripped of accents, common Dutch endings are cut off
(coöperaties -> cooperatie, belastingen -> belasting), and words are compared
as overlapping three-letter pieces, so a typo or a compound word
(vennootschapsbelasting / belasting) still shares most of its pieces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from knelpunt.store import RecordSet

STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "voor",
        "in",
        "op",
        "met",
        "te",
        "bij",
        "niet",
        "wel",
        "is",
        "zijn",
        "was",
        "door",
        "aan",
        "om",
        "die",
        "dat",
        "er",
        "als",
        "ook",
        "naar",
        "maar",
        "tot",
        "dan",
        "geen",
        "zij",
        "ze",
        "hun",
        "we",
        "wij",
        "onze",
        "ons",
        "nog",
        "al",
        "kan",
        "kunnen",
        "moet",
        "moeten",
        "wordt",
        "worden",
        "heeft",
        "hebben",
        "deze",
        "dit",
        "wat",
        "wie",
        "hoe",
        "veel",
        "meer",
        "zo",
        "uit",
        "over",
        "onder",
        "the",
        "a",
        "an",
        "and",
        "of",
        "to",
        "for",
        "in",
        "on",
        "with",
        "is",
        "are",
        "not",
    ]
)
# Longest first: the first ending that fits is cut.
#: Plural and diminutive endings, and what the singular ends in instead:
#: belastingen -> belasting, mogelijkheden -> mogelijkheid, dorpjes -> dorp.
SUFFIXES = (
    ("heden", "heid"),
    ("tjes", ""),
    ("jes", ""),
    ("en", ""),
    ("es", ""),
    ("s", ""),
    ("e", ""),
)
MIN_STEM = 4


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    for suffix, singular in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)] + singular
    return word


def words(text: str) -> list[str]:
    return [stem(w) for w in re.findall(r"[a-z0-9]+", normalise(text)) if w not in STOPWORDS]


def trigrams(text: str) -> frozenset[str]:
    pieces: set[str] = set()
    for word in words(text):
        padded = f" {word} "
        pieces.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(pieces)


def jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


@dataclass(frozen=True)
class Candidate:
    id: str
    title: str
    description: str
    theme: str
    laws: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()

    @classmethod
    def of(cls, bottleneck: Any) -> Candidate:
        return cls(
            bottleneck.id,
            bottleneck.title,
            bottleneck.description,
            bottleneck.theme,
            frozenset(bottleneck.laws),
            frozenset(bottleneck.tags),
        )


@dataclass(frozen=True)
class Match:
    id: str
    score: float
    same_theme: bool


#: Below this, a bottleneck is not shown as similar.
THRESHOLD = 0.12
#: What sharing a law, a tag or the theme adds to the score of the words: the
#: Vpb of a residents' company is the Vpb of a care cooperative, whatever the
#: words ("Vpb-aanslag" shares few pieces with "vennootschapsbelasting").
LAW_WEIGHT, LAW_MAX = 0.15, 0.3
TAG_WEIGHT, TAG_MAX = 0.05, 0.1
THEME_WEIGHT = 0.03


def similar(
    title: str,
    description: str,
    theme: str | None,
    candidates: Iterable[Candidate],
    limit: int = 5,
    laws: Iterable[str] = (),
    tags: Iterable[str] = (),
) -> list[Match]:
    """The most similar candidates: same theme first, then by score, then id."""
    title_pieces = trigrams(title)
    all_pieces = trigrams(f"{title} {description}")
    own_laws, own_tags = frozenset(laws), frozenset(tags)
    matches = []
    for candidate in candidates:
        score = 0.6 * jaccard(title_pieces, trigrams(candidate.title)) + 0.4 * jaccard(
            all_pieces, trigrams(f"{candidate.title} {candidate.description}")
        )
        score += min(LAW_MAX, LAW_WEIGHT * len(own_laws & candidate.laws))
        score += min(TAG_MAX, TAG_WEIGHT * len(own_tags & candidate.tags))
        if theme is not None and candidate.theme == theme:
            score += THEME_WEIGHT
        if score >= THRESHOLD:
            matches.append(Match(candidate.id, round(score, 3), candidate.theme == theme))
    matches.sort(key=lambda m: (not m.same_theme, -m.score, m.id))
    return matches[:limit]


def similar_in(
    records: RecordSet, new: Any, limit: int = 5, among: Collection[str] | None = None
) -> list[Match]:
    """Open and closed bottlenecks of ``records`` like ``new`` (anything with a
    title, description, theme, laws and tags); merged ones are left out.
    ``among``: compare only these (what a full-text search found)."""
    pool = (
        records.bottlenecks.values()
        if among is None
        else [records.bottlenecks[i] for i in sorted(among) if i in records.bottlenecks]
    )
    candidates = [
        Candidate.of(b)
        for b in pool
        if b.id != getattr(new, "id", None) and records.state(b.id).status != "merged"
    ]
    return similar(
        str(getattr(new, "title", "") or ""),
        str(getattr(new, "description", "") or ""),
        getattr(new, "theme", None),
        candidates,
        limit,
        getattr(new, "laws", None) or (),
        getattr(new, "tags", None) or (),
    )
