"""The Dutch install guide works: every command in it that can run here is run.

Its ``sh`` blocks are played in order in one shell on a fresh HOME, with uv
installing knelpunt as a tool from this checkout's git repository (in place of
the network's address) and the shared repository cloned from a bare remote.
What needs a system package manager or the internet's installer of uv
(``sudo apt``, ``curl ... | sh``) and the PowerShell blocks are left out: the
machine has git and uv already.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import git
import pytest

from tests.conftest import PROJECT, example_remote

GUIDE = PROJECT / "docs" / "installeren.md"
NOT_HERE = ("sudo ", "curl ")


def guide_commands(guide: Path = GUIDE) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", guide.read_text(encoding="utf-8"), re.DOTALL)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith(NOT_HERE)]


def test_the_english_guide_gives_the_same_commands():
    """So that running the Dutch guide's commands tests the English one too."""
    assert guide_commands(PROJECT / "docs" / "en" / "install.md") == guide_commands()


DOCS = sorted((PROJECT / "docs").rglob("*.md"))


@pytest.mark.parametrize("page", DOCS, ids=lambda p: str(p.relative_to(PROJECT)))
def test_every_link_between_the_documents_resolves(page):
    for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
        assert (page.parent / target).is_file(), (page, target)


def test_every_user_guide_has_its_other_language():
    pairs = [("installeren.md", "en/install.md"), ("verkennen.md", "en/explorer.md"),
             ("coordineren.md", "en/coordinator.md")]  # fmt: skip
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for dutch, english in pairs:
        assert (PROJECT / "docs" / dutch).is_file() and (PROJECT / "docs" / english).is_file()
        assert f"docs/{dutch}" in readme and f"docs/{english}" in readme


def test_the_readme_links_the_guide():
    assert "docs/installeren.md" in (PROJECT / "README.md").read_text(encoding="utf-8")


def test_every_command_of_the_install_guide(tmp_path):
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is not on PATH")
    if not (PROJECT / ".git").exists() or git.Repo(PROJECT).head.is_detached:
        pytest.skip("the project is not a git checkout with a branch")
    commands = guide_commands()
    assert any(c.startswith("uv tool install git+") for c in commands)
    assert "knelpunt sync" in commands and "uv tool upgrade knelpunt" in commands
    remote = example_remote(tmp_path).rename(tmp_path / "knelpunten.git")
    home = tmp_path / "home"
    home.mkdir()
    bin_dir = tmp_path / "bin"
    script = "\n".join(
        command.replace("git+https://github.com/NETWERK/knelpunt", f"git+file://{PROJECT}").replace(
            "https://github.com/NETWERK/knelpunten.git", f"file://{remote}"
        )
        for command in commands
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_AUTHOR", "GIT_COMMITTER", "VIRTUAL_ENV", "KNELPUNT_"))
    }
    env |= {
        "HOME": str(home),
        "UV_TOOL_DIR": str(tmp_path / "tools"),
        "UV_TOOL_BIN_DIR": str(bin_dir),
        "PATH": f"{bin_dir}{os.pathsep}{Path(uv).parent}{os.pathsep}/usr/bin:/bin",
        "KNELPUNT_CACHE_DIR": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        ["bash", "-e", "-x", "-c", script],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^knelpunt \d+\.\d+", done.stdout, re.MULTILINE)
    assert "Alles in orde" in done.stderr
    assert (bin_dir / "knelpunt").exists()
    clone = home / "knelpunten"
    with git.Repo(clone).config_reader("repository") as config:
        assert config.get_value("user", "name") == "Ria de Vries"
