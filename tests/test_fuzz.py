"""Arbitrary input never crashes knelpunt: a clear error and exit 1 or 2, or success."""

from __future__ import annotations

import shutil
import signal
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
#: Each example below runs seven commands on a fresh repository: fewer examples.
COMMAND_SETTINGS = settings(SETTINGS, max_examples=40)

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


#: Far longer than any command takes on one file: past it, the command hangs.
HANG_SECONDS = 20


class Hang(BaseException):
    """A BaseException, so main's catch-all for bugs cannot swallow it."""


def run_main(args: list[str]) -> int:
    """``main(args)``, ended as a failure if it hangs."""

    def stop(signum: int, frame: object) -> None:
        raise Hang(f"knelpunt {' '.join(args)} ran over {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(HANG_SECONDS)
    try:
        return main(args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


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
        code = run_main(["check"])
        captured = capsys.readouterr()
        assert code in (0, 1), captured.err
        assert "Traceback" not in captured.out + captured.err
        assert "Er ging iets mis" not in captured.err
        for report in ("progress", "agenda", "initiatives"):
            assert run_main(["report", report]) in (0, 1)
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
        code = run_main(args)
        captured = capsys.readouterr()
        assert code in (0, 1, 2), captured.err
        assert "Er ging iets mis" not in captured.err
        new = {p for p in root.rglob("*") if p.is_file()} - before
        if code != 0:
            assert not [p for p in new if p.suffix == ".yaml"]
        assert all((root / "data") in p.parents or ".knelpunt-cache" in p.parts for p in new)
    finally:
        shutil.rmtree(root)


# --- mutated records -----------------------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates().map(str),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_keys = st.sampled_from(
    [
        "id",
        "title",
        "description",
        "theme",
        "type",
        "severity",
        "reported_on",
        "reported_by",
        "laws",
        "tags",
        "meetings",
        "solutions",
        "status",
        "contact",
        "x",
    ]
)


@st.composite
def mutated_records(draw: st.DrawFn) -> dict[str, object]:
    """A valid bottleneck with some fields dropped, replaced or added."""
    from knelpunt.yamlio import fast_load

    record: dict[str, object] = dict(fast_load(VALID_BOTTLENECK))
    for key in draw(st.lists(_keys, max_size=3)):
        record.pop(key, None)
    record.update(draw(st.dictionaries(_keys, _values, max_size=4)))
    return record


@st.composite
def mutated_bytes(draw: st.DrawFn) -> bytes:
    """A valid record file with bytes replaced, inserted or removed."""
    data = bytearray(VALID_BOTTLENECK.encode("utf-8"))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        position = draw(st.integers(min_value=0, max_value=max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["replace", "insert", "delete"]))
        byte = draw(st.sampled_from([*b":-#'\"&*!|>{}[]\t\n <=\x00\xff", 0xC3]))
        if action == "replace" and data:
            data[position] = byte
        elif action == "insert":
            data.insert(position, byte)
        elif data:
            del data[position]
    return bytes(data)


def _everything_ends_cleanly(root: Path, capsys: object, monkeypatch: object) -> None:
    """check, every report, an export and resolve: exit 0, 1 or 2, never a crash."""
    monkeypatch.chdir(root)  # type: ignore[attr-defined]
    before = {p for p in root.rglob("*") if p.is_file() and ".knelpunt-cache" not in p.parts}
    for args in (
        ["check"],
        ["report", "progress"],
        ["report", "agenda"],
        ["report", "initiatives"],
        ["export", "--format", "json"],
        ["list", "bottleneck"],
        ["resolve", "--ours", "--no-input", "--dry-run"],
    ):
        code = run_main(args)
        captured = capsys.readouterr()  # type: ignore[attr-defined]
        assert code in (0, 1, 2), (args, captured.err)
        assert "Traceback" not in captured.out + captured.err
        assert "Er ging iets mis" not in captured.err, (args, captured.err)
    after = {p for p in root.rglob("*") if p.is_file() and ".knelpunt-cache" not in p.parts}
    assert after == before  # reading never writes a record, nor anything else


@COMMAND_SETTINGS
@given(record=mutated_records())
def test_mutated_record_dictionaries_end_cleanly(record, capsys, monkeypatch):
    import json

    root = fresh_repo()
    try:
        # JSON is YAML: any dictionary, written the way a program would.
        text = json.dumps(record, ensure_ascii=False, default=str)
        (root / "data" / "bottlenecks" / "kp-aaaaa-bbbbb.yaml").write_text(text, "utf-8")
        _everything_ends_cleanly(root, capsys, monkeypatch)
    finally:
        shutil.rmtree(root)


@COMMAND_SETTINGS
@given(content=mutated_bytes())
def test_mutated_record_files_end_cleanly(content, capsys, monkeypatch):
    root = fresh_repo()
    try:
        (root / "data" / "bottlenecks" / "kp-aaaaa-bbbbb.yaml").write_bytes(content)
        _everything_ends_cleanly(root, capsys, monkeypatch)
    finally:
        shutil.rmtree(root)


@COMMAND_SETTINGS
@given(ours=mutated_bytes(), theirs=mutated_bytes())
def test_any_conflict_ends_cleanly(ours, theirs, capsys, monkeypatch):
    """Conflict markers around any two versions: check and resolve end cleanly."""
    root = fresh_repo()
    try:
        content = b"<<<<<<< HEAD\n" + ours + b"\n=======\n" + theirs + b"\n>>>>>>> x\n"
        (root / "data" / "bottlenecks" / "kp-aaaaa-bbbbb.yaml").write_bytes(content)
        _everything_ends_cleanly(root, capsys, monkeypatch)
        monkeypatch.chdir(root)
        code = run_main(["resolve", "--theirs", "--no-input"])
        error = capsys.readouterr().err
        assert code in (0, 1), error
        assert "Er ging iets mis" not in error
    finally:
        shutil.rmtree(root)
