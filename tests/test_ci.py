"""The CI files ``knelpunt init --ci`` writes run nothing of the pull request's
checkout, find their own comment by marker and author, and compare a GitLab
merge request with its diff base. The install and run steps are run for real
against a throwaway checkout full of stand-ins for pip, knelpunt and Python."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import git
import pytest

from knelpunt import ci, yamlio
from tests.conftest import copy_example

SPEC = (
    "knelpunt @ git+https://example.org/netwerk/knelpunt@0123456789abcdef0123456789abcdef01234567"
)
RUNNER_TEMP = "${{ runner.temp }}"


def written(tmp_path: Path, provider: str, run) -> dict[str, dict]:
    """Every CI file ``init --ci PROVIDER --publish`` writes, parsed."""
    root = tmp_path / provider
    result = run("init", str(root), "--ci", provider, "--install", SPEC, "--publish", cwd=tmp_path)
    assert result.code == 0, result.err
    paths = [ci.TARGETS[provider]] + ([ci.GITHUB_PAGES] if provider == "github" else [])
    return {path.as_posix(): yamlio.fast_load((root / path).read_text()) for path in paths}


def commands(script: str) -> list[str]:
    """The simple commands of a shell script, roughly: enough to find each
    call of python, pip, uv, git and knelpunt and what it is given."""
    return [
        part.strip()
        for line in script.replace("\\\n", " ").splitlines()
        for part in re.split(r"\||&&|;|\$\(", line)
        if part.strip()
    ]


def assert_runs_nothing_of_the_checkout(script: str, repo: str) -> None:
    for command in commands(script):
        words = command.split()
        while words and words[0] in ("then", "else", "do", "if", "!", "{", "("):
            words = words[1:]
        command = " ".join(words)
        program = words[0].rsplit("/", 1)[-1] if words else ""
        if program in ("python", "python3"):
            assert "-I" in words, command  # no current folder on sys.path
        assert program not in ("pip", "pip3", "uv", "uvx"), command
        if program == "knelpunt":
            assert f"--repo {repo}" in command, command


def test_github_steps_run_outside_the_checkout(tmp_path, run):
    for name, data in written(tmp_path, "github", run).items():
        for job in data["jobs"].values():
            for step in job["steps"]:
                if "run" in step:
                    # Every script starts outside the checkout, before anything runs.
                    assert step.get("working-directory") == RUNNER_TEMP, (name, step)
                    assert_runs_nothing_of_the_checkout(step["run"], '"$GITHUB_WORKSPACE"')
                if step.get("uses", "").startswith("actions/checkout"):
                    assert step["with"]["persist-credentials"] is False, name
        text = json.dumps(data)
        assert "python -m pip" not in text and "python -I -m pip install" in text


def test_github_updates_only_its_own_comment(tmp_path, run):
    data = written(tmp_path, "github", run)[ci.TARGETS["github"].as_posix()]
    comment = data["jobs"]["diff"]["steps"][-1]["run"]
    query = comment.split("--jq", 1)[1]
    assert f'.user.login == "{ci.GITHUB_BOT}"' in query and ci.MARKER in query
    # What the query finds, on comments as GitHub lists them.
    jq = query.split("'")[1]
    comments = [
        {"id": 1, "user": {"login": "github-actions[bot]"}, "body": f"oud\n{ci.MARKER}"},
        {"id": 2, "user": {"login": "mallory"}, "body": f"klik hier\n{ci.MARKER}"},
        {"id": 3, "user": {"login": "github-actions[bot]"}, "body": "iets anders"},
    ]
    if not _have("jq"):
        pytest.skip("jq is not installed")
    found = subprocess.run(
        ["jq", jq], input=json.dumps(comments), capture_output=True, text=True, check=True
    )
    assert found.stdout.split() == ["1"]


def test_gitlab_jobs_run_outside_the_checkout_against_the_diff_base(tmp_path, run):
    data = written(tmp_path, "gitlab", run)[".gitlab-ci.yml"]
    before = data[".knelpunt"]["before_script"]
    # A new folder outside the checkout first; nothing before it runs Python.
    assert before[:2] == ['export KNELPUNT_HOME="$(mktemp -d)"', 'cd "$KNELPUNT_HOME"']
    for job in ("knelpunt-check", "knelpunt-diff", "pages"):
        assert data[job]["extends"] == ".knelpunt"
        for script in [*before, *data[job]["script"]]:
            assert_runs_nothing_of_the_checkout(script, '"$CI_PROJECT_DIR"')
    text = json.dumps(data)
    assert "CI_MERGE_REQUEST_DIFF_BASE_SHA" in text
    assert "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" not in text
    note = data["knelpunt-diff"]["script"][-1]
    assert '"$api/user"' in note and 'n["author"]["id"] == me' in note and ci.MARKER in note


# --- for real ---------------------------------------------------------------------


def _have(program: str) -> bool:
    return any((Path(p) / program).exists() for p in os.environ.get("PATH", "").split(os.pathsep))


STUB = '''\
import json, os, sys


def main():
    """Say how knelpunt was started, then run the real one."""
    with open(os.environ["KNELPUNT_STUB_LOG"], "a") as log:
        entry = {"argv": sys.argv[1:], "cwd": os.getcwd(), "path": sys.path, "file": __file__}
        log.write(json.dumps(entry) + "\\n")
    real = os.environ.get("KNELPUNT_STUB_REAL")
    if real:
        os.execv(real, [real, "-I", "-m", "knelpunt", *sys.argv[1:]])
'''


def stub_wheel(folder: Path) -> Path:
    """A wheel named knelpunt, made here (no network): its ``knelpunt`` command
    notes how it was started and hands over to the knelpunt under test."""
    files = {
        "knelpunt/__init__.py": "",
        "knelpunt/ci_stub.py": STUB,
        "knelpunt-0.0.0.dist-info/METADATA": (
            "Metadata-Version: 2.1\nName: knelpunt\nVersion: 0.0.0\n"
        ),
        "knelpunt-0.0.0.dist-info/WHEEL": (
            "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
        "knelpunt-0.0.0.dist-info/entry_points.txt": (
            "[console_scripts]\nknelpunt = knelpunt.ci_stub:main\n"
        ),
    }
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{name},sha256={digest.decode()},{len(text.encode())}")
    record.append("knelpunt-0.0.0.dist-info/RECORD,,")
    path = folder / "knelpunt-0.0.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as wheel:
        for name, text in files.items():
            wheel.writestr(name, text)
        wheel.writestr("knelpunt-0.0.0.dist-info/RECORD", "\n".join(record) + "\n")
    return path


def plant(checkout: Path, caught: Path) -> None:
    """Everything a pull request could put in the checkout to run instead."""
    caught.mkdir()
    payload = f"open({str(caught)!r} + '/' + __name__, 'w').close()\nraise SystemExit(99)\n"
    for package in ("pip", "knelpunt", "venv", "ensurepip", "uv"):
        (checkout / package).mkdir(exist_ok=True)
        for module in ("__init__.py", "__main__.py"):
            (checkout / package / module).write_text(payload)
    for module in ("json.py", "sitecustomize.py", "usercustomize.py", "shlex.py"):
        (checkout / module).write_text(payload)
    for program in ("python", "python3", "pip", "uv", "knelpunt", "git", "curl"):
        script = checkout / "bin" / program
        script.parent.mkdir(exist_ok=True)
        script.write_text(f"#!/bin/sh\ntouch {shlex.quote(str(caught))}/{program}\nexit 99\n")
        script.chmod(0o755)


def shell(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A step's script as the runners start it: bash, -e and pipefail, no profile."""
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def machine(tmp_path: Path) -> dict[str, str]:
    """A CI machine's environment: a python on PATH, no network for pip, and
    the PATH of the checkout's own bin/ last (as if a step had put it there)."""
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "python").symlink_to(sys.executable)
    return {
        "PATH": os.pathsep.join([str(tools), "/usr/bin", "/bin"]),
        "HOME": str(tmp_path / "home"),
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "KNELPUNT_STUB_LOG": str(tmp_path / "started.jsonl"),
        "KNELPUNT_STUB_REAL": sys.executable,
        "KNELPUNT_CACHE_DIR": str(tmp_path / "cache"),
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }


def started(machine: dict[str, str]) -> list[dict]:
    return [
        json.loads(line) for line in Path(machine["KNELPUNT_STUB_LOG"]).read_text().splitlines()
    ]


def assert_nothing_of(checkout: Path, caught: Path, machine: dict[str, str], runs: int) -> None:
    assert sorted(p.name for p in caught.iterdir()) == []
    entries = started(machine)
    assert len(entries) == runs
    for entry in entries:
        assert not Path(entry["cwd"]).is_relative_to(checkout), entry
        assert not any(p and Path(p).resolve().is_relative_to(checkout) for p in entry["path"])
        assert not Path(entry["file"]).is_relative_to(checkout)
        assert entry["argv"][1:3] == ["--repo", str(checkout)], entry


def test_the_hostile_checkout_would_win_where_the_old_steps_ran(tmp_path, machine):
    """The stand-ins are real: ``python -m pip`` in the checkout, as the CI
    files did before, runs the pull request's pip."""
    checkout, caught = tmp_path / "checkout", tmp_path / "caught"
    checkout.mkdir()
    plant(checkout, caught)
    result = shell("python -m pip --version", checkout, machine)
    assert result.returncode == 99 and (caught / "pip").exists()


def test_github_steps_for_real_run_nothing_of_the_checkout(tmp_path, run, machine):
    data = written(tmp_path, "github", run)[ci.TARGETS["github"].as_posix()]
    checkout, caught, temp = tmp_path / "checkout", tmp_path / "caught", tmp_path / "runner-temp"
    copy_example(checkout)
    git.Repo.init(checkout)
    plant(checkout, caught)
    temp.mkdir()
    github_path = tmp_path / "github-path"
    github_path.write_text("")
    env = {
        **machine,
        "KNELPUNT_SPEC": str(stub_wheel(tmp_path)),
        "RUNNER_TEMP": str(temp),
        "GITHUB_PATH": str(github_path),
        "GITHUB_WORKSPACE": str(checkout),
    }
    steps = {step.get("name"): step for step in data["jobs"]["check"]["steps"]}
    for name in ("Install knelpunt, away from the checkout", "knelpunt check"):
        step = steps[name]
        where = Path(step["working-directory"].replace(RUNNER_TEMP, str(temp)))
        added = github_path.read_text().split()
        path = os.pathsep.join([*reversed(added), env["PATH"], str(checkout / "bin")])
        result = shell(step["run"], where, {**env, "PATH": path})
        assert result.returncode == 0, (name, result.stdout, result.stderr)
    assert_nothing_of(checkout, caught, machine, runs=1)
    assert started(machine)[0]["argv"][0] == "check"


def test_gitlab_jobs_for_real_compare_with_the_diff_base(tmp_path, run, machine):
    """A merge request whose target moved on after its branch left it: the
    job's commands report the branch's own change only, and run nothing of
    its checkout."""
    data = written(tmp_path, "gitlab", run)[".gitlab-ci.yml"]
    checkout, caught = tmp_path / "checkout", tmp_path / "caught"
    copy_example(checkout)
    repository = git.Repo.init(checkout, initial_branch="main")
    repository.git.add("data", "knelpunt.yaml")
    repository.index.commit("Voorbeeld")
    base = repository.head.commit.hexsha
    bottlenecks = checkout / "data" / "bottlenecks"
    original = sorted(bottlenecks.glob("*.yaml"))[0].read_text()

    def bottleneck(record_id: str, title: str) -> None:
        text = re.sub(r"(?m)^id: .*$", f"id: {record_id}", original, count=1)
        text = re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1)
        (bottlenecks / f"{record_id}.yaml").write_text(text)
        repository.git.add(str(bottlenecks / f"{record_id}.yaml"))
        repository.index.commit(title)

    repository.git.checkout("-b", "mr")
    bottleneck("kp-aaaaa-bbbbb", "Nieuw op de tak")
    repository.git.checkout("main")
    bottleneck("kp-ccccc-ddddd", "Later op main gekomen")
    repository.git.checkout("mr")
    plant(checkout, caught)
    env = {
        **machine,
        "KNELPUNT_SPEC": str(stub_wheel(tmp_path)),
        "CI_PROJECT_DIR": str(checkout),
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
        "CI_MERGE_REQUEST_EVENT_TYPE": "detached",
        "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
        "KNELPUNT_LANG": "en",
    }
    for job in ("knelpunt-check", "knelpunt-diff"):
        # GitLab runs before_script and script in one shell, from the checkout.
        script = "\n".join([*data[".knelpunt"]["before_script"], *data[job]["script"]])
        result = shell(script, checkout, env)
        assert result.returncode == 0, (job, result.stdout, result.stderr)
    assert_nothing_of(checkout, caught, machine, runs=3)
    comment = (checkout / "knelpunt-diff.md").read_text()
    assert "Nieuw op de tak" in comment and ci.MARKER in comment
    assert "Added" in comment
    assert "Later op main gekomen" not in comment and "Removed" not in comment
