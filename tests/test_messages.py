"""messages: every sentence looked up by key in the reader's language."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from knelpunt import messages
from knelpunt.messages import CHOICE_LABELS, FIELD_LABELS


def test_normalise_language_is_dutch_unless_english() -> None:
    for lang in ("en", "EN", " en_GB", "english"):
        assert messages.normalise_language(lang) == "en"
    for lang in (None, "", "nl", "de", "fr"):
        assert messages.normalise_language(lang) == "nl"


def test_the_plural_is_chosen_by_count_and_counts_get_separators() -> None:
    assert messages.message("check_ok", "nl", count=1) == "Alles in orde: 1 bestand gecontroleerd."
    assert messages.message("check_ok", "nl", count=10471) == (
        "Alles in orde: 10.471 bestanden gecontroleerd."
    )
    assert "10,471 files" in messages.message("check_ok", "en", count=10471)
    assert messages.message("check_warnings", "fr", count=2) == "2 waarschuwingen."


def test_a_parameter_ending_in_msg_is_a_message_of_its_own() -> None:
    text = messages.message("check_warnings", "nl", count=1)
    assert messages.message("warning", "nl") == "waarschuwing"
    # a key given as "<name>_msg" is rendered in the same language as "<name>"
    params = {"what_msg": "warning"}
    messages._fill(messages.Table(""), "warning", "en", params)
    assert params == {"what": messages.message("warning", "en")}
    assert text == "1 waarschuwing."


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_format_integer_groups_thousands_per_language(value: int) -> None:
    dutch = messages.format_integer(value, "nl")
    english = messages.format_integer(value, "en")
    assert int(dutch.replace(".", "")) == value
    assert int(english.replace(",", "")) == value
    assert dutch.replace(".", ",") == english
    assert all(len(group) == 3 for group in dutch.lstrip("-").split(".")[1:])


def test_tables_give_both_languages_or_the_key() -> None:
    assert FIELD_LABELS.get("title") == ("Titel", "Title")
    assert "title" in FIELD_LABELS and "no-such-field" not in FIELD_LABELS
    assert FIELD_LABELS.get("no-such-field") is None
    assert messages.label(FIELD_LABELS, "no-such-field", "nl") == "no-such-field"
    assert {"implementation", "hard"} <= set(CHOICE_LABELS.keys())
