"""Editors and hooks: what init writes for VS Code and pre-commit, the labels
in the JSON Schemas, and the CSV's quoting (issue 29, point 11)."""

from __future__ import annotations

import json
import re
import subprocess

from knelpunt.scaffold import init_repository


def test_init_writes_a_pre_commit_config_that_runs_check(tmp_path):
    init_repository(tmp_path / "repo")
    text = (tmp_path / "repo" / ".pre-commit-config.yaml").read_text()
    from ruamel.yaml import YAML

    (hook,) = YAML(typ="safe").load(text)["repos"][0]["hooks"]
    assert hook["entry"] == "knelpunt check"
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "data/bottlenecks/kp-aaaaa-bbbbb.yaml")
    assert re.search(hook["files"], "knelpunt.yaml")
    assert not re.search(hook["files"], "README.md")
    # Committed with the rest, so every clone has it.
    listed = subprocess.run(
        ["git", "ls-files"], cwd=tmp_path / "repo", capture_output=True, text=True, check=True
    ).stdout.split()
    assert {".pre-commit-config.yaml", ".vscode/extensions.json", ".vscode/settings.json"} <= set(
        listed
    )


def test_init_recommends_the_yaml_extension_and_maps_the_schemas(tmp_path):
    root = tmp_path / "repo"
    init_repository(root, use_git=False)
    extensions = json.loads((root / ".vscode" / "extensions.json").read_text())
    assert extensions["recommendations"] == ["redhat.vscode-yaml"]
    schemas = json.loads((root / ".vscode" / "settings.json").read_text())["yaml.schemas"]
    assert schemas["./schemas/bottleneck.schema.json"] == ["data/bottlenecks/*.yaml"]
    assert schemas["./schemas/update.schema.json"] == ["data/updates/*/*.yaml"]
    for schema in schemas:
        assert (root / schema).is_file()


def test_init_keeps_an_editor_setting_that_is_there(tmp_path):
    root = tmp_path / "repo"
    (root / ".vscode").mkdir(parents=True)
    (root / ".vscode" / "settings.json").write_text('{"editor.fontSize": 14}\n')
    init_repository(root, use_git=False)
    assert (root / ".vscode" / "settings.json").read_text() == '{"editor.fontSize": 14}\n'
    assert (root / ".vscode" / "extensions.json").is_file()


def test_schemas_show_the_labels_of_fields_and_values(tmp_path):
    from knelpunt.config import Config
    from knelpunt.schema import schema_for

    theme = schema_for("bottleneck", Config())["properties"]["theme"]
    assert theme["title"] == "Thema / Theme"
    described = dict(zip(theme["enum"], theme["enumDescriptions"], strict=True))
    assert described["finance"] == "Financiën / Finance"
    assert theme["markdownEnumDescriptions"] == theme["enumDescriptions"]
    laws = schema_for("bottleneck", Config())["properties"]["laws"]["items"]
    assert len(laws["enumDescriptions"]) == len(laws["enum"])
    status = schema_for("update", Config())["properties"]["status"]
    branch = next(b for b in status.get("anyOf", [status]) if "enum" in b)
    assert "op de agenda / on the agenda" in [d.lower() for d in branch["enumDescriptions"]]


def test_schemas_with_labels_still_validate_the_records(example):
    import jsonschema
    from ruamel.yaml import YAML

    from knelpunt.repo import open_repository
    from knelpunt.schema import schema_for

    config = open_repository(example, {}, example).config

    schema = schema_for("bottleneck", config)
    for path in sorted((example / "data" / "bottlenecks").glob("*.yaml"))[:5]:
        record = json.loads(json.dumps(YAML(typ="safe").load(path.read_text()), default=str))
        jsonschema.validate(record, schema)
