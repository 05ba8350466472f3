"""Every word a person reads for a field, a status or a fixed choice comes
from the catalog, in Dutch and in English; and every status has its colour in
the charts. A field, status or choice added without them fails here, not in
front of a reader."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator

from pydantic import BaseModel

from knelpunt import catalog
from knelpunt.charts import STATUS_COLOURS
from knelpunt.models import ALL_KINDS, Status, model_for

LANGUAGES = ("nl", "en")


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> Iterator[type[BaseModel]]:
    """``model`` and every model its fields hold (a contact, a cost, ...)."""
    if model in seen:
        return
    seen.add(model)
    yield model
    for field in model.model_fields.values():
        for inner in _inner_types(field.annotation):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                yield from _models(inner, seen)


def _inner_types(annotation: object) -> Iterator[object]:
    yield annotation
    for argument in typing.get_args(annotation):
        yield from _inner_types(argument)


def _choices(annotation: object) -> Iterator[str]:
    """The fixed values a field accepts: those of every Literal inside it."""
    for inner in _inner_types(annotation):
        origin = typing.get_origin(inner)
        if origin is typing.Literal:
            yield from (value for value in typing.get_args(inner) if isinstance(value, str))
        elif origin is typing.Annotated or isinstance(inner, types.UnionType):
            continue


def every_model() -> list[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    return [m for kind in ALL_KINDS for m in _models(model_for(kind), seen)]


def test_every_field_of_every_record_has_a_label_in_both_languages():
    missing = [
        f"{model.__name__}.{name} ({lang})"
        for model in every_model()
        for name in model.model_fields
        for lang in LANGUAGES
        if not catalog.load(lang).has(name, "field")
    ]
    assert missing == []


def test_every_fixed_choice_has_a_label_in_both_languages():
    missing = sorted(
        {
            f"{model.__name__}.{name}: {value} ({lang})"
            for model in every_model()
            for name, field in model.model_fields.items()
            for value in _choices(field.annotation)
            for lang in LANGUAGES
            if not catalog.load(lang).has(value, "choice")
        }
    )
    assert missing == []


def test_every_status_has_a_label_and_a_colour_in_the_charts():
    statuses = typing.get_args(Status)
    assert statuses
    assert [s for s in statuses if s not in STATUS_COLOURS] == []
    assert [
        (s, lang) for s in statuses for lang in LANGUAGES if not catalog.load(lang).has(s, "choice")
    ] == []
