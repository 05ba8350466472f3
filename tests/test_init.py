"""``knelpunt init``: a working repository in one command."""

from __future__ import annotations

import git

from knelpunt.config import Config
from knelpunt.repo import load_config


def test_init_creates_a_checked_repository(tmp_path, run):
    target = tmp_path / "netwerk"
    result = run("init", str(target), cwd=tmp_path)
    assert result.code == 0, result.err
    assert "Nieuwe knelpunt-repository gemaakt" in result.out
    # The scaffold is the first commit, so that submit has a main to branch from.
    assert git.Repo(target).head.commit.message.strip() == "knelpunt init"
    for folder in ("initiatives", "meetings", "bottlenecks", "actors", "solutions", "updates"):
        assert (target / "data" / folder).is_dir()
    assert "eol=lf" in (target / ".gitattributes").read_text()
    assert "end_of_line = lf" in (target / ".editorconfig").read_text()
    assert ".knelpunt-cache/" in (target / ".gitignore").read_text()
    # What a killed write leaves behind is never committed by accident.
    (target / "data" / "bottlenecks" / ".kp-aaaaa-bbbbb.yaml.1a2b3c4d.tmp").write_text("id: k")
    untracked = git.Repo(target).git.status("--porcelain", "--untracked-files=all")
    assert ".tmp" not in untracked and untracked == ""
    assert load_config(target) == Config()
    assert run("check", cwd=target).code == 0


def test_default_configuration_has_the_documents_vocabularies(tmp_path, run):
    run("init", str(tmp_path / "r"), cwd=tmp_path)
    config = load_config(tmp_path / "r")
    assert list(config.vocabularies.themes) == ["cooperation", "regulation", "finance"]
    assert config.vocabularies.themes["regulation"].nl == "Wet- en regelgeving"
    assert list(config.vocabularies.levels) == ["local", "regional", "national"]
    assert "micro" in config.vocabularies.levels["local"].nl
    assert config.plan.initiatives == 400


def test_init_inside_an_existing_git_repository_does_not_nest_one(tmp_path, run):
    git.Repo.init(tmp_path / "project")
    result = run("init", str(tmp_path / "project" / "knelpunten"), cwd=tmp_path)
    assert result.code == 0
    assert not (tmp_path / "project" / "knelpunten" / ".git").exists()


def test_init_twice_changes_nothing(tmp_path, run):
    target = tmp_path / "r"
    run("init", str(target), cwd=tmp_path)
    (target / "knelpunt.yaml").write_text((target / "knelpunt.yaml").read_text() + "# eigen\n")
    before = (target / "knelpunt.yaml").read_text()
    result = run("init", str(target), cwd=tmp_path)
    assert result.code == 1
    assert "is al een knelpunt-repository" in result.err
    assert (target / "knelpunt.yaml").read_text() == before


def test_init_in_english(tmp_path, run):
    result = run("--lang", "en", "init", str(tmp_path / "r"), "--no-git", cwd=tmp_path)
    assert result.code == 0
    assert "Created a new knelpunt repository" in result.out
    assert not (tmp_path / "r" / ".git").exists()
