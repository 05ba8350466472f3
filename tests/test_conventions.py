"""knelpunt behaves as the best command-line tools do: names as people say
them, no silent overreach, shell completion, quiet and progress, exit codes
on the help page (issue 29, points 4, 5, 8, 9)."""

from __future__ import annotations

import json

# --- names as people say them (point 4) ------------------------------------------


def test_add_takes_the_dutch_name_of_a_kind(example, run):
    result = run(
        "add",
        "knelpunt",
        "--no-input",
        "--title",
        "Te weinig vrijwilligers",
        "--description",
        "Er zijn te weinig vrijwilligers.",
        "--theme",
        "finance",
        "--type",
        "hard",
        "--json",
        cwd=example,
    )
    assert result.code == 0, result.err
    assert json.loads(result.out)["record"]["id"].startswith("kp-")
    assert run("add", "olifantenpad", "--help").out.startswith("Gebruik: knelpunt add solution")
    assert run("add", "Initiatief", "--help").out.startswith("Gebruik: knelpunt add initiative")


def test_every_kind_has_its_dutch_names_for_add_and_list(example, run):
    """Issue 31: ``add rangorde`` was refused while ``add knelpunt`` worked.
    Every kind has Dutch words (one, more); ``add`` takes each kind it makes
    by them, ``list`` every kind, and neither falls over on a new one."""
    from knelpunt.ids import DUTCH_KINDS, KIND_WORDS, RECORD_KINDS, WRITTEN_BY_COMMANDS

    assert set(DUTCH_KINDS) == set(RECORD_KINDS)
    assert len(KIND_WORDS) == sum(len(words) for words in DUTCH_KINDS.values())  # no clash
    for kind in RECORD_KINDS:
        one, more = DUTCH_KINDS[kind][:2]
        if kind not in WRITTEN_BY_COMMANDS:
            shown = run("add", one, "--help", cwd=example)
            assert shown.code == 0, (one, shown.err)
            assert shown.out.startswith(f"Gebruik: knelpunt add {kind}"), one
        for word in (one, more, kind):
            listed = run("list", word, cwd=example)
            assert listed.code == 0, (word, listed.err)
            assert "Traceback" not in listed.err and "niet had mogen" not in listed.err
    rankings = run("list", "rangordes", cwd=example).out
    assert "najaar-2026" in rankings and "Bewonersbedrijf Bocholtz (in-14ntd-11jwh)" in rankings


def test_a_command_in_capitals_is_found(example, run):
    assert run("CHECK", cwd=example).code == 0


def test_report_takes_the_dutch_name_the_help_gives(example, run):
    dutch = run("report", "voortgang", cwd=example)
    assert dutch.code == 0, dutch.err
    assert dutch.out == run("report", "progress", cwd=example).out
    assert run("report", "Initiatieven", cwd=example).code == 0


def test_list_takes_one_of_a_kind_in_dutch(example, run):
    assert (
        run("list", "knelpunt", "--json", cwd=example).out
        == run("list", "bottlenecks", "--json", cwd=example).out
    )


def test_ids_typed_in_capitals_are_found(example, run):
    shown = run("show", "KP-KV2ME-NCGN6", "--json", cwd=example)
    assert shown.code == 0, shown.err
    assert json.loads(shown.out)["record"]["id"] == "kp-kv2me-ncgn6"
    explained = run("prioritise", "--explain", "Kp-Kv2me-Ncgn6", cwd=example)
    assert explained.code == 0, explained.err
    noted = run("update", " KP-KV2ME-NCGN6 ", "--note", "Gebeld.", "--by", "Els", cwd=example)
    assert noted.code == 0, noted.err
    assert "kp-kv2me-ncgn6" in noted.out


# --- no silent overreach (point 5) -------------------------------------------------

WAITING = "kp-efc28-gkfd2"  # on the agenda in the example, no addressee yet
ZN, VWS = "ac-zanxq-d5yyb", "ac-6wwqm-4zyxg"


def _history(example):
    return sorted((example / "data" / "updates" / WAITING).iterdir())


def test_route_to_takes_a_name_or_a_unique_part_of_one(example, run):
    routed = run(
        "route",
        WAITING,
        "--to",
        "zorgverzekeraars nederland",
        "--to",
        "Volksgezondheid",
        "--json",
        cwd=example,
    )
    assert routed.code == 0, routed.err
    assert json.loads(routed.out)[0]["addressees"] == [ZN, VWS]


def test_route_to_a_part_several_names_share_lists_them(example, run):
    before = _history(example)
    result = run("route", WAITING, "--to", "Zorgverzekeraar", cwd=example)
    assert result.code == 1
    assert "Zorgverzekeraar Menzis (ac-mnyzn-8bf65)" in result.err
    assert "Zorgverzekeraars Nederland" in result.err
    assert _history(example) == before


def test_route_auto_with_to_is_a_usage_error(example, run):
    result = run("route", "--auto", "--to", ZN, cwd=example)
    assert result.code == 2
    assert "--auto" in result.err and "--to" in result.err
    assert "kp-" not in result.out  # nothing routed by the rules


def test_a_status_change_without_for_on_two_addressings_is_refused(example, run):
    assert run("route", WAITING, "--to", ZN, "--to", VWS, cwd=example).code == 0
    before = _history(example)
    result = run("update", WAITING, "--status", "opgelost", cwd=example)
    assert result.code == 1
    assert "Zorgverzekeraars Nederland (--for ac-zanxq-d5yyb)" in result.err
    assert "Ministerie van Volksgezondheid, Welzijn en Sport (--for ac-6wwqm-4zyxg)" in result.err
    assert _history(example) == before
    done = run("update", WAITING, "--status", "opgelost", "--for", "zorgverzekeraars", cwd=example)
    assert done.code == 0, done.err
    shown = json.loads(run("show", WAITING, "--json", cwd=example).out)
    statuses = {a["actor"]: a["status"] for a in shown["addressings"]}
    assert statuses == {ZN: "resolved", VWS: "routed"}
    # One addressing left that can move: no question to ask.
    assert run("update", WAITING, "--status", "opgelost", cwd=example).code == 0


def test_update_for_someone_not_addressed_names_who_is(example, run):
    assert run("route", WAITING, "--to", ZN, cwd=example).code == 0
    result = run("update", WAITING, "--status", "opgelost", "--for", VWS, cwd=example)
    assert result.code == 1
    assert "Ministerie van Volksgezondheid" in result.err
    assert "Zorgverzekeraars Nederland (ac-zanxq-d5yyb)" in result.err


def test_on_a_terminal_update_asks_whom_a_status_is_for(example, run, terminal_env):
    from tests.pty_driver import Terminal

    assert run("route", WAITING, "--to", ZN, "--to", VWS, cwd=example).code == 0
    screen = Terminal(
        ["update", WAITING, "--status", "in behandeling", "--by", "Els"], example, terminal_env
    )
    question = screen.read_until("Kies een nummer (1-2) of een naam:")
    assert "1. Zorgverzekeraars Nederland (ac-zanxq-d5yyb)" in question
    screen.answer("", "2")
    assert screen.wait() == 0
    shown = json.loads(run("show", WAITING, "--json", cwd=example).out)
    statuses = {a["actor"]: a["status"] for a in shown["addressings"]}
    assert statuses == {ZN: "routed", VWS: "in-progress"}


# --- conventions of well-liked command-line tools (point 9) -------------------------


def _flat(text):
    return " ".join(text.split())


def test_top_level_help_shows_exit_codes_and_whole_descriptions(run):
    for lang, heading, interrupted in (
        ("nl", "Afsluitcodes:", "onderbroken"),
        ("en", "Exit codes:", "interrupted"),
    ):
        page = run("--lang", lang, "--help").out
        assert heading in page
        assert f"130 {interrupted}" in _flat(page)
        assert "..." not in page.partition("\n")[2]  # the usage line has "[ARGUMENTEN]..."
    page = _flat(run("--help").out)
    assert "of final (de rapportage met het voorstel voor de verdere aanpak)." in page


def test_check_json_is_format_json(example, run):
    as_json = run("check", "--json", cwd=example)
    assert as_json.code == 0
    assert json.loads(as_json.out) == json.loads(run("check", "--format", "json", cwd=example).out)


def test_quiet_hushes_what_went_well_but_never_an_error(example, run):
    assert run("check", cwd=example).err != ""
    for args in (("--quiet", "check"), ("check", "-q")):
        result = run(*args, cwd=example)
        assert (result.code, result.err) == (0, "")
    failed = run("-q", "show", "kp-aaaaa-bbbbb", cwd=example)
    assert failed.code == 1
    assert "kp-aaaaa-bbbbb" in failed.err


def test_completion_scripts_for_every_shell(run):
    for shell in ("bash", "zsh", "fish", "powershell"):
        result = run("completion", shell)
        assert result.code == 0
        assert "_KNELPUNT_COMPLETE" in result.out
    assert run("completion", "cmd").code == 2


def test_bash_completes_commands_kinds_options_and_report_names(tmp_path):
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    bash = shutil.which("bash")
    if bash is None:
        import pytest

        pytest.skip("no bash here")
    script = """
source <(knelpunt completion bash)
complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _knelpunt_completion knelpunt;
  echo "${COMPREPLY[@]}"; }
complete_words knelpunt ch
complete_words knelpunt add bo
complete_words knelpunt check --f
complete_words knelpunt report voort
"""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        [bash, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.stdout.splitlines() == [
        "check",
        "bottleneck",
        "--format",
        "voortgang voortgangsrapport",
    ], done.stderr


def test_progress_shows_on_a_terminal_only(example, terminal_env, tmp_path):
    from tests.conftest import knelpunt_process
    from tests.pty_driver import Terminal

    # A cold cache, and the line at once rather than after a second of silence.
    env = {
        **terminal_env,
        "KNELPUNT_PROGRESS_AFTER": "0",
        "CI": "",
        "KNELPUNT_CACHE_DIR": str(tmp_path / "cold"),
    }
    screen = Terminal(["check"], example, env)
    try:
        assert screen.wait() == 0
    finally:
        screen.close()
    assert "knelpunt check: bezig" in screen.screen
    files = sum(1 for _ in (example / "data").rglob("*.yaml"))  # every record file
    assert screen.screen.rstrip().endswith(f"{files} bestanden gecontroleerd.")
    import os

    piped = knelpunt_process(
        ["check"], example, {**os.environ, **env, "KNELPUNT_CACHE_DIR": str(tmp_path / "cold2")}
    )
    assert piped.returncode == 0
    assert "bezig" not in piped.stderr
    in_ci = Terminal(
        ["check"], example, {**env, "CI": "true", "KNELPUNT_CACHE_DIR": str(tmp_path / "cold3")}
    )
    try:
        assert in_ci.wait() == 0
    finally:
        in_ci.close()
    assert "bezig" not in in_ci.screen


# --- smaller (point 8) ----------------------------------------------------------------


def test_no_english_placeholder_inside_a_dutch_sentence(example, run):
    result = run("export", "--format", "csv", cwd=example)
    assert result.code == 1
    assert "geef de soort (bijvoorbeeld knelpunten)" in result.err
    assert "KIND" not in result.err


# --- a test file per core module (issue 34, point 5) ------------------------------

#: Core modules without a test file of their own name, and why. A newcomer
#: changing knelpunt/X.py finds tests/test_X.py testing X's own logic; only
#: these have none. Keep it short and honest: the test below fails for an
#: entry whose module is gone or has its own test file now.
WITHOUT_OWN_TESTS = {
    "__init__": "holds the version number only",
    "__main__": "the entry point: answers --version, then hands over to cli (tests/test_cli.py)",
    "pickles": "being replaced by the one cache database (issue 34, point 1)",
    "scanning": "being replaced by the one cache database (issue 34, point 1)",
    "texts": "long texts of lean records, being reworked with the cache (issue 34, point 4)",
    "site": "being rewritten to write only the pages that changed (issue 34, point 2)",
}


def _core_modules() -> set[str]:
    """knelpunt/*.py and the packages under knelpunt/, but the command line."""
    from tests.conftest import PROJECT

    package = PROJECT / "knelpunt"
    modules = {path.stem for path in package.glob("*.py")}
    modules |= {path.parent.name for path in package.glob("*/__init__.py")}
    return modules - {"cli"}


def test_every_core_module_has_a_test_file_of_its_own_name():
    from tests.conftest import PROJECT

    modules = _core_modules()
    assert {"yamlio", "report", "escape"} <= modules  # the packages count too
    has_tests = {m for m in modules if (PROJECT / "tests" / f"test_{m}.py").is_file()}
    missing = sorted(modules - has_tests - set(WITHOUT_OWN_TESTS))
    assert missing == [], (
        f"no tests/test_<module>.py for {', '.join(missing)}: write one that tests the "
        "module's own public functions (real files, real git, no mocks), or, if it has "
        "no logic of its own, add it to WITHOUT_OWN_TESTS with the reason"
    )
    stale = sorted(m for m in WITHOUT_OWN_TESTS if m not in modules or m in has_tests)
    assert stale == [], f"take {', '.join(stale)} out of WITHOUT_OWN_TESTS: gone, or tested now"
