"""The command line as a whole: help, version, documentation, start-up."""

from __future__ import annotations

import subprocess
import sys

import pytest

from knelpunt import __version__
from knelpunt.cli.app import build_app
from tests.conftest import PROJECT

COMMAND_NAMES = sorted(build_app("nl").commands)


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_every_command_has_help_in_both_languages(name, run):
    dutch = run(name, "--help")
    english = run("--lang", "en", name, "--help")
    assert dutch.code == english.code == 0
    assert dutch.out != english.out
    assert f"knelpunt {name}" in dutch.out


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_every_command_is_documented_in_the_readme(name):
    assert f"knelpunt {name}" in (PROJECT / "README.md").read_text()


def test_version(run):
    result = run("--version")
    assert result.code == 0
    assert result.out.strip() == f"knelpunt {__version__}"


def test_no_arguments_shows_help(run):
    result = run()
    assert result.code == 2
    assert "check" in result.err


def test_console_script_runs_as_a_process():
    done = subprocess.run(
        [sys.executable, "-m", "knelpunt", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"knelpunt {__version__}"
    done = subprocess.run(
        [sys.executable, "-m", "knelpunt", "check"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_help_does_not_import_the_heavy_modules():
    code = (
        "import sys\n"
        "from knelpunt.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pydantic', 'ruamel.yaml', 'git', 'jinja2', 'rich') "
        "if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "HEAVY="


def test_internal_errors_are_not_tracebacks(example, run, monkeypatch):
    import knelpunt.checks

    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(knelpunt.checks, "check_repository", broken)
    result = run("check", cwd=example)
    assert result.code == 3
    assert "Er ging iets mis" in result.err
    assert "Traceback" not in result.err


def test_global_options_may_follow_the_command(example, tmp_path, run):
    result = run("check", "--lang", "en", "--repo", str(example), cwd=tmp_path)
    assert result.code == 0
    assert "All good" in result.err
    result = run("add", "actor", "--no-input", "--lang=en", cwd=example)
    assert result.code == 1
    assert "required; pass --name." in result.err


def test_every_error_prints_every_problem_it_carries(capsys):
    """One home for errors: the command line prints the problems of any error
    (ResolutionInvalid once printed only its header)."""
    from knelpunt.cli.output import print_error
    from knelpunt.errors import ConfigError, InvalidInput, ResolutionInvalid
    from knelpunt.problems import Problem

    in_file = Problem("data/bottlenecks/kp-aaaaa-bbbbb.yaml", "file_empty", line=3, column=1)
    flag = Problem("", "field_missing", {"field": "title"}, loc=("title",))
    for error in (ResolutionInvalid([in_file]), ConfigError([in_file]), InvalidInput([flag])):
        print_error(error, "nl")
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 2, err
    print_error(ResolutionInvalid([in_file]), "nl")
    assert "data/bottlenecks/kp-aaaaa-bbbbb.yaml:3:1:" in capsys.readouterr().err
    print_error(InvalidInput([flag]), "nl")
    assert "  --title: " in capsys.readouterr().err
