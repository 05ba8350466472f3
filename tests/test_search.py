"""``knelpunt search``: one search over bottlenecks and workarounds, Dutch-aware,
ranked, on the example's real files and the index in the cache folder."""

from __future__ import annotations

import json
from pathlib import Path

from knelpunt.search import search_words, snippet

BUS = "kp-yv0pw-4ra4g"  # "Dorpsbus mag geen Wmo-vervoer rijden"


def solution(root: Path, record_id: str, title: str, description: str) -> None:
    (root / "data" / "solutions" / f"{record_id}.yaml").write_text(
        f"id: {record_id}\ntitle: {title}\ndescription: {description}\n", encoding="utf-8"
    )


def found(run, root: Path, *args: str) -> list[dict[str, object]]:
    result = run("search", *args, "--json", cwd=root)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_the_stripper_makes_plural_and_singular_one():
    assert search_words("Vrijwilligers") == search_words("vrijwilliger")
    assert search_words("dorpsbussen") == search_words("Dorpsbus")
    assert search_words("coöperaties") == search_words("Cooperatie")
    assert search_words("mogelijkheden") == search_words("mogelijkheid")


def test_a_workaround_by_a_word_of_its_description_in_another_case_without_accents(example, run):
    solution(
        example,
        "ol-aaaaa-bbbbb",
        "Een gedeelde agenda",
        "De coördinatie van de ritten loopt via één gedeelde agenda in het dorpshuis.",
    )
    rows = found(run, example, "COORDINATIE", "--kind", "olifantenpad")
    assert [r["id"] for r in rows] == ["ol-aaaaa-bbbbb"]
    row = rows[0]
    assert row["kind"] == "solution"
    assert row["title"] == "Een gedeelde agenda"
    assert "coördinatie van de ritten" in str(row["snippet"])
    assert row["in_title"] is False


def test_a_bottleneck_by_a_plural_of_a_word_in_its_title(example, run):
    rows = found(run, example, "dorpsbussen")
    bus = next(r for r in rows if r["id"] == BUS)
    assert bus["kind"] == "bottleneck"
    assert bus["in_title"] is True
    text = run("search", "dorpsbussen", cwd=example)
    assert text.code == 0
    assert f"{BUS}  knelpunt  Dorpsbus mag geen Wmo-vervoer rijden" in text.out


def test_a_title_match_ranks_above_a_description_match(example, run):
    # The description mentions the word often and is short; the title wins all the same.
    solution(example, "ol-ccccc-ddddd", "Een buurtkoffer", "Buurtkoffer, buurtkoffer, buurtkoffer.")
    solution(
        example, "ol-eeeee-fffff", "Samen inkopen", "Wij delen een buurtkoffers vol gereedschap."
    )
    solution(example, "ol-ggggg-hhhhh", "De buurtkoffers van Epen", "Gereedschap om te lenen.")
    rows = found(run, example, "buurtkoffers")
    ids = [r["id"] for r in rows]
    assert set(ids) == {"ol-ccccc-ddddd", "ol-eeeee-fffff", "ol-ggggg-hhhhh"}
    assert ids[-1] == "ol-eeeee-fffff"
    assert [r["in_title"] for r in rows] == [True, True, False]


def test_kind_limit_and_json(example, run):
    both = {r["kind"] for r in found(run, example, "dorpsbus")}
    assert both == {"bottleneck", "solution"}
    only = found(run, example, "dorpsbus", "--kind", "olifantenpad")
    assert only and {r["kind"] for r in only} == {"solution"}
    only = found(run, example, "dorpsbus", "--kind", "bottlenecks")
    assert only and {r["kind"] for r in only} == {"bottleneck"}
    assert len(found(run, example, "vrijwilligers", "--limit", "2")) == 2
    assert set(found(run, example, "vrijwilligers")[0]) == {
        "kind",
        "id",
        "title",
        "snippet",
        "in_title",
    }


def test_a_kind_not_searched_is_told(example, run):
    result = run("search", "dorpsbus", "--kind", "actor", cwd=example)
    assert result.code == 1
    assert "In 'actor' wordt niet gezocht. Kies uit: knelpunt, olifantenpad" in result.err
    result = run("--lang", "en", "search", "dorpsbus", "--kind", "nonsense", cwd=example)
    assert result.code == 1
    assert "Traceback" not in result.err


def test_history_notes_are_searched_and_the_index_follows_new_files(example, run):
    assert found(run, example, "zeppelinhaven") == []
    result = run(
        "update", BUS, "--note", "De provincie noemt de Zeppelinhaven als halte.", cwd=example
    )
    assert result.code == 0, result.err
    assert [r["id"] for r in found(run, example, "zeppelinhaven")] == [BUS]
    solution(example, "ol-jjjjj-kkkkk", "Halte bij de zeppelinhaven", "Een bankje.")
    assert [r["id"] for r in found(run, example, "zeppelinhaven")] == ["ol-jjjjj-kkkkk", BUS]


def test_nothing_found_says_so(example, run):
    result = run("search", "xylofoonorkest", cwd=example)
    assert result.code == 0
    assert "Niets gevonden voor 'xylofoonorkest'." in result.out


def test_snippet_is_cut_around_the_first_match():
    text = "Een lange zin. " * 10 + "Hier staat de Vrijwilliger die we zoeken. " + "Nog meer. " * 20
    cut = snippet(text, search_words("vrijwilligers"))
    assert cut.startswith("…") and cut.endswith("…")
    assert "Vrijwilliger die we zoeken" in cut


def test_several_words_without_quotes_are_one_search(run):
    """Typed as a volunteer types them: no quotes needed."""
    from tests.conftest import PROJECT

    quoted = run("search", "vrijwilliger uitkering", "--json", cwd=PROJECT)
    unquoted = run("search", "vrijwilliger", "uitkering", "--json", cwd=PROJECT)
    assert quoted.code == unquoted.code == 0
    assert quoted.out == unquoted.out and "kp-" in quoted.out
