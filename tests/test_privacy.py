"""Personal data: contact details typed into free text are flagged by check."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knelpunt.privacy import findings
from tests.conftest import VALID_BOTTLENECK


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Mail Anna via anna.de.vries@example.org voor meer", "email"),
        ("Bel 06-12345678 na zessen", "phone"),
        ("Bel 0595 123456", "phone"),
        ("Bel +31 6 1234 5678", "phone"),
        ("Woont op Dorpsstraat 12, 1234 AB Warffum", "address"),
        ("Adres: 9989 AA 7", "address"),
    ],
)
def test_personal_data_is_found(text, kind):
    assert kind in {k for k, _ in findings(text)}


@pytest.mark.parametrize(
    "text",
    [
        "In 2026 meldden 400 initiatieven 35 knelpunten",
        "Artikel 2.1.3 van de Wmo 2015",
        "Zie https://www.vng.nl/handreiking",
        "Postcodegebied 1234 zonder letters",
    ],
)
def test_ordinary_text_is_not_flagged(text):
    assert list(findings(text)) == []


@given(st.text(alphabet=st.characters(blacklist_characters="@0123456789")))
def test_text_without_digits_or_at_signs_is_never_flagged(text):
    assert list(findings(text)) == []


def test_check_warns_about_contact_details_in_free_text(empty_repo, run):
    path = empty_repo / "data" / "bottlenecks" / "kp-aaaaa-bbbbb.yaml"
    path.write_text(
        VALID_BOTTLENECK.replace(
            "description: Zorgcoöperaties betalen vennootschapsbelasting.",
            "description: Bel Anna op 06-12345678 of mail anna@example.org.",
        )
    )
    result = run("check", cwd=empty_repo)
    assert result.code == 0  # a warning: the coordinator decides
    assert "description: waarschuwing: dit lijkt een telefoonnummer (06-12345678)" in result.out
    assert "dit lijkt een e-mailadres (anna@example.org)" in result.out
    assert "kp-aaaaa-bbbbb.yaml:3:14:" in result.out


def test_the_example_data_keeps_contacts_in_contact_blocks(run):
    from tests.conftest import PROJECT

    assert "waarschuwing" not in run("check", cwd=PROJECT).out


def _free_text_fields() -> set[tuple[str, str]]:
    """(model, field) for every field that takes free text: a string that is not
    an id, not a choice from a list and not a personal block."""
    import typing

    from knelpunt.models import RECORD_TYPES, Update, Vocabulary

    found = set()
    for model in [*RECORD_TYPES.values(), Update]:
        for name, info in model.model_fields.items():
            if name == "id" or name in model.personal_fields:
                continue
            annotation = info.annotation
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            base = args[0] if args and typing.get_origin(annotation) is not list else annotation
            if typing.get_origin(annotation) is list:
                continue  # lists hold ids, vocabulary values or tags
            if base is not str and typing.get_origin(base) is not typing.Annotated:
                continue
            if typing.get_origin(base) is typing.Annotated and typing.get_args(base)[0] is not str:
                continue  # a number (a year) holds no address
            metadata = [*info.metadata]
            if typing.get_origin(base) is typing.Annotated:
                metadata += list(getattr(base, "__metadata__", ()))
            if any(isinstance(m, Vocabulary) for m in metadata):
                continue
            if any(getattr(m, "pattern", None) for m in metadata):
                continue  # ids and other patterned values cannot hold an address
            if model.model_json_schema()["properties"][name].get("enum"):
                continue
            found.add((model.__name__, name))
    return found


def test_every_free_text_field_is_scanned():
    from knelpunt.privacy import FREE_TEXT

    missing = {(model, name) for model, name in _free_text_fields() if name not in FREE_TEXT}
    assert not missing
    assert ("Initiative", "name") in _free_text_fields()


def test_check_warns_in_every_kind_of_record(example, run):
    """A phone number typed into a name, a place or a history note is flagged."""
    targets = {
        "data/initiatives/in-14ntd-11jwh.yaml": ("name: ", "name: Bel 06-12345678 "),
        "data/meetings/bk-8y24a-b8g7n.yaml": ("explorer: ", "explorer: 0595 123456 "),
        "data/actors/ac-4aj5z-qg1aa.yaml": ("name: ", "name: info@gemeente.example.nl "),
        "data/updates/kp-kv2me-ncgn6/20260416-161500-51wsv.yaml": ("by: ", "by: 1234 AB 12 "),
    }
    for relative, (old, new) in targets.items():
        path = example / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, relative
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run("--repo", str(example), "check")
    assert result.code == 0
    for relative in targets:
        assert any(
            line.startswith(relative) and "waarschuwing" in line for line in result.out.splitlines()
        ), relative
