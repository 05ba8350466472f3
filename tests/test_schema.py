"""schema: JSON Schemas of the records, with the network's own lists as enums."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from knelpunt import schema
from knelpunt.config import Config, Label
from knelpunt.ids import FOLDERS

BOTTLENECK = {
    "id": "kp-aaaaa-bbbbb",
    "title": "Vpb voor zorgcoöperaties",
    "description": "Zorgcoöperaties betalen vennootschapsbelasting.",
    "theme": "finance",
    "type": "hard",
    "reported_on": "2026-03-03",
}


def test_a_valid_record_passes_and_a_wrong_theme_does_not() -> None:
    bottleneck = schema.schema_for("bottleneck", Config())
    jsonschema.validate(BOTTLENECK, bottleneck)
    errors = list(
        jsonschema.Draft202012Validator(bottleneck).iter_errors({**BOTTLENECK, "theme": "geld"})
    )
    assert [e.path[0] for e in errors] == ["theme"]
    unknown = {**BOTTLENECK, "titel": "typo"}
    assert list(jsonschema.Draft202012Validator(bottleneck).iter_errors(unknown))


def test_the_networks_own_list_is_the_enum_with_both_labels() -> None:
    config = Config()
    config.vocabularies.themes = {"wonen": Label(nl="Wonen", en="Housing")}
    theme = schema.schema_for("bottleneck", config)["properties"]["theme"]
    assert theme["enum"] == ["wonen"]
    assert theme["enumDescriptions"] == ["Wonen / Housing"]
    assert theme["title"] == "Thema / Theme"
    laws = schema.schema_for("bottleneck", Config())["properties"]["laws"]
    assert "wmo" in json.dumps(laws)  # a list field: the enum sits on its items


def test_fixed_choices_are_described_in_both_languages() -> None:
    kind = schema.schema_for("bottleneck", Config())["properties"]["type"]
    assert "hard" in kind["enum"]
    hard = kind["enumDescriptions"][kind["enum"].index("hard")]
    assert hard.startswith("hard: vraagt een wetswijziging / hard: needs")


def test_the_header_points_at_the_schema_from_the_records_folder() -> None:
    assert schema.header("bottleneck") == (
        "# yaml-language-server: $schema=../../schemas/bottleneck.schema.json"
    )
    assert schema.header("update").endswith("$schema=../../../schemas/update.schema.json")


def test_write_schemas_writes_one_per_kind(tmp_path: Path) -> None:
    written = schema.write_schemas(Config(), tmp_path / "schemas")
    assert sorted(p.name for p in written) == sorted(f"{kind}.schema.json" for kind in FOLDERS)
    for path in written:
        loaded = json.loads(path.read_text("utf-8"))
        jsonschema.Draft202012Validator.check_schema(loaded)
        assert loaded["title"] == f"knelpunt {path.name.split('.')[0]}"
