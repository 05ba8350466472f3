"""scaffold: what ``knelpunt init`` makes."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest

from knelpunt import scaffold, yamlio
from knelpunt.config import Config, Label
from knelpunt.errors import KnelpuntError
from knelpunt.ids import FOLDERS


def test_config_text_reads_back_as_the_same_configuration() -> None:
    config = Config()
    config.vocabularies.themes = {"wonen": Label(nl="Wonen: één dak", en="Housing")}
    text = scaffold.config_text(config)
    assert Config.model_validate(yamlio.fast_load(text)) == config
    assert "  wonen: {nl: 'Wonen: één dak', en: Housing}\n" in text  # a label on one line
    assert text.startswith("#")
    assert Config.model_validate(yamlio.fast_load(scaffold.config_text())) == Config()


def test_init_makes_every_folder_schema_and_file_and_a_first_commit(tmp_path: Path) -> None:
    root = tmp_path / "netwerk"
    made = scaffold.init_repository(root)
    assert made["git"]
    for folder in FOLDERS.values():
        assert (root / "data" / folder / ".gitkeep").is_file()
        assert Path(root / "data" / folder / ".gitkeep") in made["created"]
    for name in (".gitattributes", ".editorconfig", ".gitignore", ".pre-commit-config.yaml"):
        assert (root / name).is_file(), name
    assert sorted(p.name for p in (root / "schemas").iterdir()) == sorted(
        f"{kind}.schema.json" for kind in FOLDERS
    )
    repository = git.Repo(root)
    assert repository.head.commit.message == "knelpunt init"
    assert not repository.is_dirty(untracked_files=True)
    with pytest.raises(KnelpuntError) as caught:
        scaffold.init_repository(root)
    assert caught.value.key == "init_exists"


def test_init_inside_a_git_work_tree_makes_no_repository_of_its_own(tmp_path: Path) -> None:
    git.Repo.init(tmp_path)
    made = scaffold.init_repository(tmp_path / "netwerk")
    assert not made["git"] and not (tmp_path / "netwerk" / ".git").exists()
    kept = tmp_path / "eigen"
    kept.mkdir()
    (kept / ".gitignore").write_text("mijn regels\n")
    scaffold.init_repository(kept, use_git=False)
    assert (kept / ".gitignore").read_text() == "mijn regels\n"  # never overwritten


def test_vscode_maps_every_folder_to_its_schema() -> None:
    files = dict(scaffold.vscode_files())
    schemas = json.loads(files[".vscode/settings.json"])["yaml.schemas"]
    assert len(schemas) == len(FOLDERS)
    assert schemas["./schemas/update.schema.json"] == ["data/updates/*/*.yaml"]
    assert schemas["./schemas/bottleneck.schema.json"] == ["data/bottlenecks/*.yaml"]
    assert "redhat.vscode-yaml" in files[".vscode/extensions.json"]
