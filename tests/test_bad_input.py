"""Every kind of bad input gets a clear message at the right line, exit 1."""

from __future__ import annotations

import json
import time

import pytest

from tests.conftest import VALID_BOTTLENECK

PATH = "data/bottlenecks/kp-aaaaa-bbbbb.yaml"

CASES = {
    # name: (file bytes, fragment of the Dutch message, line)
    "malformed": (
        b"id: kp-aaaaa-bbbbb\ntitle: [niet gesloten\ntheme: finance\n",
        "geen geldige YAML",
        3,
    ),
    "conflict": (
        b"id: kp-aaaaa-bbbbb\n<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> main\n",
        "niet samenvoegen (regels 2-6)",
        2,
    ),
    "tab": (
        b"id: kp-aaaaa-bbbbb\nreported_by:\n\t- in-aaaaa-bbbbb\n",
        "tab in het inspringen",
        3,
    ),
    "duplicate_key": (
        VALID_BOTTLENECK.encode() + b"theme: finance\n",
        "'theme' staat twee keer",
        7,
    ),
    "unknown_field_typo": (
        VALID_BOTTLENECK.encode() + b"staus: routed\n",
        "Bedoelde je 'status'?",
        7,
    ),
    "unknown_field": (
        VALID_BOTTLENECK.encode() + b"sevrity: 3\n",
        "Bedoelde je 'severity'?",
        7,
    ),
    "wrong_type": (
        VALID_BOTTLENECK.encode() + b"severity: hoog\n",
        "hier hoort een geheel getal, niet 'hoog'",
        7,
    ),
    "list_for_text": (
        VALID_BOTTLENECK.replace("title: Vpb voor zorgcoöperaties", "title: [a, b]").encode(),
        "hier hoort tekst",
        2,
    ),
    "impossible_date": (
        VALID_BOTTLENECK.replace("2026-03-03", "2026-02-30").encode(),
        "'2026-02-30' is geen bestaande datum",
        6,
    ),
    "empty": (b"", "het bestand is leeg", 1),
    "only_comments": (b"# nog invullen\n\n", "het bestand is leeg", 1),
    "list_not_record": (b"- id: kp-aaaaa-bbbbb\n- title: x\n", "bevat een lijst", 1),
    "scalar_not_record": (b"gewoon tekst\n", "een losse waarde", 1),
    "not_utf8": (
        b"id: kp-aaaaa-bbbbb\ntitle: Zorgco\xf6peratie\n",
        "geen UTF-8 (ongeldige byte 0xf6). Sla het bestand op als UTF-8",
        2,
    ),
    "python_tag": (
        b"id: kp-aaaaa-bbbbb\ntitle: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
        "YAML-tags zoals '!!python/object/apply:os.system' zijn niet toegestaan",
        2,
    ),
    "custom_tag": (b"id: kp-aaaaa-bbbbb\ntitle: !vreemd x\n", "YAML-tags zoals '!vreemd'", 2),
    "two_documents": (VALID_BOTTLENECK.encode() + b"---\nid: x\n", "meer dan één YAML-document", 7),
    "vocabulary": (
        VALID_BOTTLENECK.replace("theme: regulation", "theme: geld").encode(),
        "'geld' staat niet in de lijst 'themes' in knelpunt.yaml. Kies uit: cooperation",
        4,
    ),
    "fixed_choice": (
        VALID_BOTTLENECK.replace("type: hard", "type: zacht").encode(),
        "'zacht' is niet toegestaan. Kies uit: hard, uitvoering (implementation), "
        "cultuur (culture)",
        5,
    ),
    "missing_field": (
        VALID_BOTTLENECK.replace("theme: regulation\n", "").encode(),
        "verplicht veld ontbreekt; voeg 'theme: ...' toe",
        1,
    ),
    "bad_id": (
        VALID_BOTTLENECK.replace("id: kp-aaaaa-bbbbb", "id: ../../etc/passwd").encode(),
        "geen geldige id",
        1,
    ),
    "id_not_file_name": (
        VALID_BOTTLENECK.replace("id: kp-aaaaa-bbbbb", "id: kp-ccccc-ddddd").encode(),
        "hoort gelijk te zijn aan de bestandsnaam 'kp-aaaaa-bbbbb'",
        1,
    ),
    # Issue 27, point 3: a line break only YAML sees would hide a field from
    # every diff; each is refused where it stands (line 3, column 47).
    **{
        f"hidden_line_break_{name}": (
            VALID_BOTTLENECK.replace(
                "description: Zorgcoöperaties betalen vennootschapsbelasting.",
                f"description: Routine check-in, nothing changed{char}status: resolved",
            ).encode(),
            f"onzichtbaar regeleinde ({code})",
            3,
        )
        for name, char, code in (
            ("nel", "\x85", "U+0085"),
            ("line_separator", "\u2028", "U+2028"),
            ("paragraph_separator", "\u2029", "U+2029"),
            ("carriage_return", "\r", "U+000D"),
        )
    },
    "yaml_directive": (
        b"%YAML 1.1\n---\n" + VALID_BOTTLENECK.encode(),
        "een regel '%YAML' is niet toegestaan",
        1,
    ),
    "empty_tag": (VALID_BOTTLENECK.encode() + b"severity: !\n", "YAML-tags zoals '!'", 7),
    "str_tag": (VALID_BOTTLENECK.encode() + b"severity: !!str 3\n", "YAML-tags zoals '!!str'", 7),
    "merge_key": (
        VALID_BOTTLENECK.encode() + b"<<: {a: 1}\n",
        "de samenvoegsleutel '<<' is niet toegestaan",
        7,
    ),
    "mapping_in_set": (
        VALID_BOTTLENECK.encode() + b"tags: !!set {? {a: 1}}\n",
        "YAML-tags zoals '!!set'",
        7,
    ),
    "mapping_as_key": (
        VALID_BOTTLENECK.encode() + b"? {a: 1}\n: x\n",
        "een veldnaam is een gewoon woord",
        7,
    ),
    # Issue 27, point 4: values YAML's number patterns match but Python
    # cannot convert crashed every reading command with exit 3.
    **{
        f"bad_number_{value[:8]}": (
            VALID_BOTTLENECK.encode() + f"severity: {value}\n".encode(),
            f"'{value[:37]}",
            7,
        )
        for value in ("._", "+_", "-_", "0x_", "0b_", "0o_", "._e+1", "1" * 4301)
    },
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_gets_message_line_and_exit_1(name, empty_repo, run):
    content, fragment, line = CASES[name]
    path = empty_repo / PATH
    path.write_bytes(content)
    before = sorted(p.name for p in path.parent.iterdir())
    result = run("check", cwd=empty_repo)
    assert result.code == 1, result
    assert fragment in result.out, result.out
    assert f"{PATH}:{line}:" in result.out, result.out
    assert "Traceback" not in result.out + result.err
    # Nothing is written by check.
    assert sorted(p.name for p in path.parent.iterdir()) == before
    assert path.read_bytes() == content


def test_messages_in_english_on_request(empty_repo, run):
    (empty_repo / PATH).write_bytes(CASES["not_utf8"][0])
    result = run("--lang", "en", "check", cwd=empty_repo)
    assert "is not UTF-8 (invalid byte 0xf6). Save the file as UTF-8" in result.out
    assert result.code == 1


def test_bom_and_crlf_are_accepted(empty_repo, run):
    content = b"\xef\xbb\xbf" + VALID_BOTTLENECK.replace("\n", "\r\n").encode()
    (empty_repo / PATH).write_bytes(content)
    result = run("check", cwd=empty_repo)
    assert result.code == 0, result.out


def test_python_tag_is_never_executed(empty_repo, run, tmp_path):
    marker = tmp_path / "pwned"
    (empty_repo / PATH).write_text(
        f"id: kp-aaaaa-bbbbb\ntitle: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    run("check", cwd=empty_repo)
    assert not marker.exists()


def test_alias_bomb_is_rejected_quickly(empty_repo, run):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        prev = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([prev] * 9)}]")
    (empty_repo / PATH).write_text("\n".join(lines) + "\n")
    started = time.perf_counter()
    result = run("check", cwd=empty_repo)
    assert time.perf_counter() - started < 5
    assert result.code == 1
    assert "ankers en verwijzingen ('&a0' / '*a0') zijn niet toegestaan" in result.out
    assert f"{PATH}:1:" in result.out


def test_huge_file_is_refused(empty_repo, run):
    (empty_repo / PATH).write_text("title: " + "x" * 300_000 + "\n")
    result = run("check", cwd=empty_repo)
    assert result.code == 1
    assert "een record is hooguit" in result.out


def test_files_that_are_not_records_are_ignored(empty_repo, run):
    folder = empty_repo / "data" / "bottlenecks"
    (folder / "notities.txt").write_text("niet: [een record")
    (folder / "foto.jpg").write_bytes(b"\xff\xd8\xff\xe0 binary")
    (folder / ".kp-aaaaa-bbbbb.yaml.1234.tmp").write_text("half")
    (empty_repo / "data" / "losse-map").mkdir()
    (empty_repo / "data" / "losse-map" / "x.yaml").write_text(": : :")
    result = run("check", cwd=empty_repo)
    assert result.code == 0, result.out


def test_yml_file_gets_a_warning_not_an_error(empty_repo, run):
    (empty_repo / "data" / "bottlenecks" / "kp-aaaaa-bbbbb.yml").write_text(VALID_BOTTLENECK)
    result = run("check", cwd=empty_repo)
    assert result.code == 0
    assert "'.yaml', niet op '.yml'" in result.out


def test_every_problem_in_every_file_in_one_run(empty_repo, run):
    folder = empty_repo / "data" / "bottlenecks"
    for name in ("kp-aaaaa-bbbbb", "kp-ccccc-ddddd", "kp-eeeee-fffff"):
        (folder / f"{name}.yaml").write_text(f"id: {name}\ntitle: x\nstaus: 1\n")
    result = run("check", "--format", "json", cwd=empty_repo)
    assert result.code == 1
    payload = json.loads(result.out)
    paths = {p["path"] for p in payload["problems"]}
    assert len(paths) == 3
    # Four missing fields and one unknown field in each file.
    assert payload["errors"] == 15
    unknown = [p for p in payload["problems"] if p["code"] == "field_unknown"]
    assert all(p["line"] == 3 and p["column"] == 1 for p in unknown)


def test_invalid_config_is_reported_with_its_line(empty_repo, run):
    config = empty_repo / "knelpunt.yaml"
    config.write_text(config.read_text().replace("language: nl", "language: fr"))
    result = run("check", cwd=empty_repo)
    assert result.code == 1
    assert "knelpunt.yaml klopt niet" in result.err
    assert "knelpunt.yaml:7:" in result.err
    assert "Traceback" not in result.err


#: One line each that crashed every reading command (issue 27, point 4) or
#: that the reading and the editing parser read differently (point 3).
ONE_LINE = {
    "._": "lijkt op een getal",
    "+_": "lijkt op een getal",
    "-_": "lijkt op een getal",
    "0x_": "lijkt op een getal",
    "0b_": "lijkt op een getal",
    "0o_": "lijkt op een getal",
    "._e+1": "lijkt op een getal",
    "1" * 4301: "lijkt op een getal",
    "{<<: {a: 1}}": "samenvoegsleutel '<<'",
    "{? {a: 1}}": "een veldnaam is een gewoon woord",
    "!!set {? {a: 1}}": "YAML-tags zoals '!!set'",
    "!": "YAML-tags zoals '!'",
    "ok\u0085status: resolved": "onzichtbaar regeleinde (U+0085)",
    "ok\u2028status: resolved": "onzichtbaar regeleinde (U+2028)",
}

UPDATE = "data/updates/kp-aaaaa-bbbbb/20260416-161500-51wsv.yaml"


@pytest.mark.parametrize("value", sorted(ONE_LINE), ids=lambda value: repr(value[:12]))
def test_one_line_in_a_history_entry_is_a_message_at_its_place(value, empty_repo, run):
    (empty_repo / PATH).write_text(VALID_BOTTLENECK)
    entry = empty_repo / UPDATE
    entry.parent.mkdir(parents=True)
    entry.write_text(
        f"id: 20260416-161500-51wsv\ndate: 2026-04-16\nby: Annelies\nnote: {value}\n", "utf-8"
    )
    result = run("check", cwd=empty_repo)
    assert result.code == 1, result
    assert ONE_LINE[value] in result.out, result.out
    assert f"{UPDATE}:4:7:" in result.out or f"{UPDATE}:4:" in result.out, result.out
    assert "Er ging iets mis" not in result.out + result.err
    assert "Traceback" not in result.out + result.err


@pytest.mark.parametrize("value", sorted(ONE_LINE), ids=lambda value: repr(value[:12]))
def test_one_line_in_the_configuration_is_a_message_at_its_place(value, empty_repo, run):
    config = empty_repo / "knelpunt.yaml"
    text = config.read_text("utf-8")
    assert "\nlanguage: nl\n" in text
    config.write_text(text.replace("\nlanguage: nl\n", f"\nlanguage: {value}\n"), "utf-8")
    result = run("check", cwd=empty_repo)
    assert result.code == 1, result
    assert "knelpunt.yaml klopt niet" in result.err, result.err
    assert ONE_LINE[value] in result.err, result.err
    assert "knelpunt.yaml:7:" in result.err, result.err
    assert "Er ging iets mis" not in result.out + result.err


def test_a_hidden_line_break_is_placed_where_a_diff_shows_it(empty_repo, run):
    """Line and column count only "\\n", as git and GitHub do."""
    (empty_repo / PATH).write_bytes(CASES["hidden_line_break_nel"][0])
    result = run("--lang", "en", "check", cwd=empty_repo)
    assert result.code == 1
    assert f"{PATH}:3:47:" in result.out, result.out
    assert "an invisible line break (U+0085)" in result.out
    assert "write \\N in its place" in result.out
