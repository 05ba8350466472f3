"""fields: what each field of a record is, read from the models themselves."""

from __future__ import annotations

from knelpunt.config import Vocabularies
from knelpunt.fields import CONTACT_FIELDS, FieldSpec, fields_of
from knelpunt.models import RECORD_TYPES


def _by_name(kind: str) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in fields_of(kind)}


def test_every_field_but_the_id_and_those_commands_write_is_asked() -> None:
    for kind, model in RECORD_TYPES.items():
        asked = [spec.name for spec in fields_of(kind)]
        expected = [n for n in model.model_fields if n != "id" and n not in model.command_fields]
        assert asked == expected, kind  # in the model's order


def test_each_spec_points_at_something_real() -> None:
    vocabularies = set(Vocabularies.model_fields)
    for kind in RECORD_TYPES:
        for spec in fields_of(kind):
            assert spec.flag == "--" + spec.name.replace("_", "-")
            if spec.type == "reference":
                assert spec.target in RECORD_TYPES, (kind, spec.name)
            if spec.type == "vocabulary":
                assert spec.vocabulary in vocabularies, (kind, spec.name)
            if spec.type == "choice":
                assert spec.choices, (kind, spec.name)
            assert (spec.type == "reference") == (spec.target is not None)


def test_the_kinds_of_fields_of_a_bottleneck() -> None:
    fields = _by_name("bottleneck")
    assert fields["title"] == FieldSpec("title", "text", required=True)
    assert fields["theme"] == FieldSpec("theme", "vocabulary", True, vocabulary="themes")
    assert fields["laws"] == FieldSpec("laws", "vocabulary", False, many=True, vocabulary="laws")
    assert fields["reported_on"].type == "date" and fields["reported_on"].required
    assert fields["reported_by"] == FieldSpec(
        "reported_by", "reference", False, many=True, target="initiative"
    )
    assert fields["type"].type == "choice" and "hard" in fields["type"].choices
    assert fields["severity"].type == "int"
    assert fields["reported_by_actors"].flag == "--reported-by-actors"


def test_contact_blocks_and_yes_no_fields() -> None:
    initiative = _by_name("initiative")
    assert initiative["contact"].type == "contact"
    assert initiative["frontrunner"].type == "bool"
    assert "email" in CONTACT_FIELDS and "name" in CONTACT_FIELDS
