"""What each field of a record is, for prompts and command-line flags.

Read from the models themselves, so a field added to a model is asked for and
gets a flag without being listed again.
"""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic.fields import FieldInfo

from knelpunt.models import RECORD_TYPES, Contact, Vocabulary

FieldType = Literal["text", "date", "choice", "vocabulary", "reference", "bool", "int", "contact"]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    required: bool
    many: bool = False
    #: Allowed values of a fixed choice (Literal).
    choices: tuple[Any, ...] = ()
    #: The list in knelpunt.yaml the values come from.
    vocabulary: str | None = None
    #: The kind of record a reference points at.
    target: str | None = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """(inner type, Annotated metadata, is a list), with Optional removed."""
    metadata: list[Any] = []
    many = False
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
        origin = get_origin(annotation)
    if origin is list:
        many = True
        annotation = get_args(annotation)[0]
        origin = get_origin(annotation)
    if origin is Annotated:
        annotation, *metadata = get_args(annotation)
    return annotation, metadata, many


def vocabulary_of(info: FieldInfo) -> str | None:
    """The list in knelpunt.yaml a field takes its values from, if any."""
    _, metadata, _ = _unwrap(info.annotation)
    return next((m.name for m in [*info.metadata, *metadata] if isinstance(m, Vocabulary)), None)


def _spec(kind: str, name: str, info: FieldInfo) -> FieldSpec:
    inner, _, many = _unwrap(info.annotation)
    required = info.is_required()
    target = RECORD_TYPES[kind].references.get(name)
    vocabulary = vocabulary_of(info)
    if target is not None:
        return FieldSpec(name, "reference", required, many, target=target)
    if vocabulary is not None:
        return FieldSpec(name, "vocabulary", required, many, vocabulary=vocabulary)
    if get_origin(inner) is Literal:
        return FieldSpec(name, "choice", required, many, choices=get_args(inner))
    if inner is dt.date:
        return FieldSpec(name, "date", required, many)
    if inner is bool:
        return FieldSpec(name, "bool", required, many)
    if inner is int:
        return FieldSpec(name, "int", required, many)
    if inner is Contact:
        return FieldSpec(name, "contact", required, many)
    return FieldSpec(name, "text", required, many)


def fields_of(kind: str) -> list[FieldSpec]:
    """The fields a person fills in for a new record of ``kind`` (not its id)."""
    model = RECORD_TYPES[kind]
    return [
        _spec(kind, name, info)
        for name, info in model.model_fields.items()
        if name != "id" and name not in model.command_fields
    ]


CONTACT_FIELDS: tuple[str, ...] = tuple(Contact.model_fields)
