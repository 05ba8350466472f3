"""JSON Schemas of the records, for editors that check YAML while you type.

Made from the models, with the lists of knelpunt.yaml as enums, so VS Code with
the YAML extension (or any editor with yaml-language-server) completes field
names and flags a wrong theme before ``knelpunt check`` runs. Every file
knelpunt writes starts with a ``# yaml-language-server: $schema=...`` line that
points at these files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from knelpunt.atomic import replace
from knelpunt.config import Config
from knelpunt.fields import vocabulary_of
from knelpunt.messages import CHOICE_LABELS, FIELD_LABELS, label
from knelpunt.models import FOLDERS, model_for

SCHEMA_DIR = "schemas"
ALL = (*FOLDERS,)


def schema_name(kind: str) -> str:
    return f"{kind}.schema.json"


def header(kind: str) -> str:
    """The first line of a record file of ``kind``: where its schema is."""
    depth = 3 if kind == "update" else 2  # data/<folder>/[<bottleneck>/]file.yaml
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_DIR}/{schema_name(kind)}"


def _set_enum(node: dict[str, Any], values: list[str]) -> None:
    """Put ``enum`` on the string schema inside ``node`` (optional or list)."""
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        _set_enum(node["items"], values)
    elif "anyOf" in node:
        for branch in node["anyOf"]:
            if branch.get("type") != "null":
                _set_enum(branch, values)
    elif node.get("type") == "string":
        node["enum"] = values


def _enum_node(node: dict[str, Any]) -> dict[str, Any] | None:
    """The string schema with an ``enum`` inside ``node`` (optional or list)."""
    if "enum" in node:
        return node
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        return _enum_node(node["items"])
    for branch in node.get("anyOf", ()):
        found = _enum_node(branch)
        if found is not None:
            return found
    return None


def _both(dutch: str, english: str) -> str:
    return dutch if dutch == english else f"{dutch} / {english}"


def _describe(node: dict[str, Any], name: str, labels: Callable[[str], str]) -> None:
    """Put the field's and the values' labels, in Dutch and English, where an
    editor shows them: the title in a hover, the enum descriptions beside each
    completion (``finance``: "Financiën / Finance")."""
    if name in FIELD_LABELS:
        node["title"] = _both(label(FIELD_LABELS, name, "nl"), label(FIELD_LABELS, name, "en"))
    values = _enum_node(node)
    if values is not None:
        described = [labels(str(value)) for value in values["enum"]]
        values["enumDescriptions"] = described
        values["markdownEnumDescriptions"] = described


def schema_for(kind: str, config: Config) -> dict[str, Any]:
    model: type[BaseModel] = model_for(kind)
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"knelpunt {kind}"
    properties = schema.get("properties", {})
    for name, info in model.model_fields.items():
        if name not in properties:
            continue
        vocabulary = vocabulary_of(info)
        if vocabulary:
            values = list(getattr(config.vocabularies, vocabulary))
            if values:
                _set_enum(properties[name], values)

            def labels(key: str, vocabulary: str = vocabulary) -> str:
                return _both(*(config.label(vocabulary, key, lang) for lang in ("nl", "en")))

        else:

            def labels(key: str, vocabulary: str = "") -> str:
                return _both(*(label(CHOICE_LABELS, key, lang) for lang in ("nl", "en")))

        _describe(properties[name], name, labels)
    return schema


def write_schemas(config: Config, folder: Path) -> list[Path]:

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in ALL:
        path = folder / schema_name(kind)
        replace(path, json.dumps(schema_for(kind, config), ensure_ascii=False, indent=2) + "\n")
        written.append(path)
    return written
