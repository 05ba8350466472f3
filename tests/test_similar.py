"""similar: Dutch word forms, typos and compounds, shared laws and tags."""

from __future__ import annotations

from knelpunt.similar import Candidate, normalise, similar, stem, trigrams, words

VPB = Candidate(
    "kp-aaaaa-00001",
    "Zorgcoöperaties betalen vennootschapsbelasting",
    "Zorgverzekeraars zijn vrijgesteld, zorgcoöperaties niet.",
    "regulation",
    frozenset({"vpb"}),
    frozenset({"belasting"}),
)
BUS = Candidate("kp-aaaaa-00002", "Geen bus naar de dagbesteding", "De lijn is weg.", "cooperation")


def test_words_are_folded_and_stemmed():
    assert normalise("Coöperatie") == "cooperatie"
    assert stem("belastingen") == stem("belasting")  # one stem for both forms
    assert words("De coöperaties en het dorp") == [stem("cooperaties"), "dorp"]
    assert " be" in trigrams("belasting")


def test_a_typo_still_finds_it():
    found = similar("Vennootschapsbelasitng voor zorgcooperatie", "", None, [VPB, BUS])
    assert [m.id for m in found] == [VPB.id]


def test_shared_laws_find_what_shares_few_words():
    without = similar("Aanslag voor ons bewonersbedrijf", "", None, [VPB])
    with_law = similar("Aanslag voor ons bewonersbedrijf", "", None, [VPB], laws=["vpb"])
    assert without == [] and [m.id for m in with_law] == [VPB.id]


def test_the_same_theme_comes_first():
    found = similar("bus belasting", "", "cooperation", [VPB, BUS], laws=["vpb"])
    assert found[0].id == BUS.id and found[0].same_theme
