"""JSON Schemas of the records, for editors that check YAML while you type.

Made from the models, with the lists of knelpunt.yaml as enums, so VS Code with
the YAML extension (or any editor with yaml-language-server) completes field
names and flags a wrong theme before ``knelpunt check`` runs. Every file
knelpunt writes starts with a ``# yaml-language-server: $schema=...`` line that
points at these files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from knelpunt.atomic import replace
from knelpunt.config import Config
from knelpunt.fields import vocabulary_of
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


def schema_for(kind: str, config: Config) -> dict[str, Any]:
    model: type[BaseModel] = model_for(kind)
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"knelpunt {kind}"
    for name, info in model.model_fields.items():
        vocabulary = vocabulary_of(info)
        if vocabulary and name in schema.get("properties", {}):
            values = list(getattr(config.vocabularies, vocabulary))
            if values:
                _set_enum(schema["properties"][name], values)
    return schema


def write_schemas(config: Config, folder: Path) -> list[Path]:

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in ALL:
        path = folder / schema_name(kind)
        replace(path, json.dumps(schema_for(kind, config), ensure_ascii=False, indent=2) + "\n")
        written.append(path)
    return written
