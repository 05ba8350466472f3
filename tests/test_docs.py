"""The guides cannot drift: every command and every option is in the README or
a guide, and the command output the guides quote is what the command prints
today (in the spirit of sqlite-utils' documentation tests).

A quoted output is marked with the command that makes it, on the line before
its fenced block::

    <!-- output: knelpunt prioritise --top 5 --date 2026-11-23 -->
    ```text
    $ knelpunt prioritise --top 5 --date 2026-11-23
    ...what it prints...
    ```

The command runs on a copy of the example repository. After a change that
rightly changes an output, ``KNELPUNT_UPDATE_DOCS=1 uv run pytest
tests/test_docs.py`` writes the new outputs into the guides (review the diff).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from knelpunt.cli.app import build_app
from tests.conftest import PROJECT, copy_example

GUIDES = [
    PROJECT / "README.md",
    *sorted((PROJECT / "docs").glob("*.md")),
    *sorted((PROJECT / "docs" / "en").glob("*.md")),
]
MARKED = re.compile(
    r"^<!-- output: (?P<command>knelpunt [^\n]*?) -->\n(?P<fence>`{3,})text\n"
    r"(?P<body>.*?)^(?P=fence)$",
    re.M | re.S,
)


def _documentation() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in GUIDES)


def _commands() -> list[tuple[str, object]]:
    """Every command, as ``knelpunt add bottleneck``, with its Click command."""
    found: list[tuple[str, object]] = []

    def walk(command: object, path: str) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            found.append((f"{path} {name}", sub))
            walk(sub, f"{path} {name}")

    walk(build_app("nl", ["add"]), "knelpunt")
    return found


def _options() -> list[tuple[str, list[str]]]:
    return [
        (path, [*param.opts, *param.secondary_opts])
        for path, command in [("knelpunt", build_app("nl", ["add"])), *_commands()]
        for param in getattr(command, "params", [])
        if param.param_type_name == "option"
    ]


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


@pytest.mark.parametrize("path", [path for path, _ in _commands()])
def test_every_command_is_in_the_guides(path):
    assert path in _documentation(), f"'{path}' is in no guide and not in the README"


@pytest.mark.parametrize(("path", "names"), _options())
def test_every_option_is_in_the_guides(path, names):
    text = _documentation()
    assert any(_mentions(text, name) for name in names), (
        f"{path} {' / '.join(names)} is in no guide and not in the README"
    )


def _blocks() -> list[tuple[Path, str]]:
    return [
        (path, match["command"])
        for path in GUIDES
        for match in MARKED.finditer(path.read_text(encoding="utf-8"))
    ]


def test_the_guides_quote_outputs():
    quoted = {command for _, command in _blocks()}
    assert any("prioritise --top" in c for c in quoted)
    assert any("--explain" in c for c in quoted)


def _output(command: str, repo: Path) -> str:
    args = shlex.split(command)[1:]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("KNELPUNT_LANG", "KNELPUNT_REPO", "CI")
    }
    env |= {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-m", "knelpunt", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, f"{command}: {done.stderr}"
    return "\n".join(line.rstrip() for line in done.stdout.rstrip("\n").splitlines())


@pytest.mark.parametrize(
    ("guide", "command"),
    _blocks(),
    ids=[f"{path.relative_to(PROJECT)}: {command}" for path, command in _blocks()],
)
def test_quoted_output_is_what_the_command_prints(guide, command, tmp_path):
    repo = copy_example(tmp_path / "example")
    printed = _output(command, repo)
    text = guide.read_text(encoding="utf-8")
    for match in MARKED.finditer(text):
        if match["command"] != command:
            continue
        quoted = f"$ {command}\n{printed}\n"
        if os.environ.get("KNELPUNT_UPDATE_DOCS"):
            text = text[: match.start("body")] + quoted + text[match.end("body") :]
            guide.write_text(text, encoding="utf-8")
            return
        assert match["body"] == quoted, (
            f"{guide.relative_to(PROJECT)} quotes an old output of '{command}'; "
            "KNELPUNT_UPDATE_DOCS=1 uv run pytest tests/test_docs.py writes the new one"
        )


def _verdict_examples() -> list[tuple[Path, str]]:
    """The guides' examples of ``update --verdict``: they write a record, so
    they are not quoted with their output, but run here (issue 31)."""
    found = []
    for path in GUIDES:
        text = path.read_text(encoding="utf-8").replace("\\\n", " ")
        for line in text.splitlines():
            if line.startswith("knelpunt update ") and "--verdict" in line:
                found.append((path, " ".join(line.split())))
    return found


def test_the_guides_show_a_verdict():
    guides = {path.name for path, _ in _verdict_examples()}
    assert {"coordineren.md", "coordinator.md"} <= guides


@pytest.mark.parametrize(
    ("guide", "command"),
    _verdict_examples(),
    ids=[f"{path.relative_to(PROJECT)}: {command}" for path, command in _verdict_examples()],
)
def test_the_verdict_example_works_on_the_example(guide, command, tmp_path):
    repo = copy_example(tmp_path / "example")
    printed = _output(command, repo)
    assert "kp-kv2me-ncgn6" in printed and "data/updates/" in printed
    _output("knelpunt check", repo)
