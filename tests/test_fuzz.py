"""Arbitrary input never crashes knelpunt: a clear error and exit 1 or 2, or success."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knelpunt.cli import main
from knelpunt.scaffold import init_repository
from tests.conftest import VALID_BOTTLENECK

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

yaml_like = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(str.encode),
    st.lists(
        st.sampled_from(
            [
                *VALID_BOTTLENECK.splitlines(keepends=True),
                "  - x\n",
                "\t",
                ": ",
                "- ",
                "&a ",
                "*a\n",
                "!!str ",
                "'",
                '"',
                "{",
                "[",
                "#",
                "\n",
                "staus: x\n",
                "severity: -1\n",
                "reported_on: 99999-1-1\n",
                "<<<<<<< a\n",
                "\ufeff",
            ]
        ),
        max_size=30,
    ).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass")),
)


def fresh_repo() -> Path:
    root = Path(tempfile.mkdtemp(prefix="knelpunt-fuzz-"))
    init_repository(root, use_git=False)
    return root


@SETTINGS
@given(
    content=yaml_like,
    folder=st.sampled_from(["bottlenecks", "initiatives", "meetings", "actors", "solutions"]),
)
def test_check_never_crashes_on_any_file(content, folder, capsys, monkeypatch):
    root = fresh_repo()
    try:
        target = root / "data" / folder / "kp-aaaaa-bbbbb.yaml"
        target.write_bytes(content)
        monkeypatch.chdir(root)
        code = main(["check"])
        captured = capsys.readouterr()
        assert code in (0, 1), captured.err
        assert "Traceback" not in captured.out + captured.err
        assert "Er ging iets mis" not in captured.err
        for report in ("progress", "agenda", "initiatives"):
            assert main(["report", report]) in (0, 1)
            assert "Er ging iets mis" not in capsys.readouterr().err
        written = {p.relative_to(root) for p in root.rglob("*") if p.is_file()}
        assert all(str(p).startswith(("data", "knelpunt.yaml", "schemas", ".")) for p in written)
    finally:
        shutil.rmtree(root)


@SETTINGS
@given(
    values=st.dictionaries(
        st.sampled_from(
            [
                "--title",
                "--description",
                "--theme",
                "--type",
                "--severity",
                "--reported-on",
                "--reported-by",
                "--laws",
                "--tags",
            ]
        ),
        st.text(max_size=40),
        max_size=9,
    )
)
def test_add_never_crashes_and_writes_only_records(values, capsys, monkeypatch):
    root = fresh_repo()
    try:
        monkeypatch.chdir(root)
        args = ["add", "bottleneck", "--no-input"]
        for flag, value in values.items():
            args += [flag, value]
        before = {p for p in root.rglob("*") if p.is_file()}
        code = main(args)
        captured = capsys.readouterr()
        assert code in (0, 1, 2), captured.err
        assert "Er ging iets mis" not in captured.err
        new = {p for p in root.rglob("*") if p.is_file()} - before
        if code != 0:
            assert not [p for p in new if p.suffix == ".yaml"]
        assert all((root / "data") in p.parents or ".knelpunt-cache" in p.parts for p in new)
    finally:
        shutil.rmtree(root)
