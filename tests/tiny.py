"""A tiny network written record by record, for the tests of one module:
what a test needs and nothing else, so that a change to the example network
(data/) never changes what such a test counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from knelpunt import yamlio
from knelpunt.ids import FOLDERS
from knelpunt.repo import Repository, open_repository
from knelpunt.scaffold import init_repository

DAY = dt.date(2026, 3, 3)


def new_network(root: Path, use_git: bool = False) -> Path:
    """An empty repository (``knelpunt init``) at ``root``."""
    init_repository(root, use_git=use_git)
    return root


def write(root: Path, kind: str, record_id: str, **fields: Any) -> Path:
    """The record file of ``kind`` with ``fields``, in house style."""
    path = root / "data" / FOLDERS[kind] / f"{record_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yamlio.dump(yamlio.to_yaml_value({"id": record_id, **fields})), "utf-8")
    return path


def initiative(root: Path, record_id: str, name: str, **fields: Any) -> Path:
    values = {"legal_form": "cooperative", "municipality": "Gulpen-Wittem", "province": "limburg"}
    return write(root, "initiative", record_id, name=name, **{**values, **fields})


def bottleneck(root: Path, record_id: str, title: str, **fields: Any) -> Path:
    values = {
        "description": f"Over {title.lower()}.",
        "theme": "finance",
        "type": "hard",
        "reported_on": DAY,
    }
    return write(root, "bottleneck", record_id, title=title, **{**values, **fields})


def solution(root: Path, record_id: str, title: str, **fields: Any) -> Path:
    return write(root, "solution", record_id, title=title, **{"description": "Zo.", **fields})


def actor(root: Path, record_id: str, name: str, **fields: Any) -> Path:
    values = {"type": "municipality", "level": "local"}
    return write(root, "actor", record_id, name=name, **{**values, **fields})


def step(root: Path, bottleneck_id: str, update_id: str, **fields: Any) -> Path:
    """A history entry of ``bottleneck_id`` (``update_id`` like 20260303-101500-aaaaa)."""
    path = root / "data" / "updates" / bottleneck_id / f"{update_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {"id": update_id, "date": DAY, "by": "Els", **fields}
    path.write_text(yamlio.dump(yamlio.to_yaml_value(values)), "utf-8")
    return path


def repository(root: Path) -> Repository:
    return open_repository(root, {}, root)
