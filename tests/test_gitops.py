"""gitops: handing records in (submit) and what git says, for a person."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import git
from hypothesis import given
from hypothesis import strategies as st

from knelpunt import gitops
from tests import tiny

MAIN = "main"


def test_summary_names_the_kinds_of_records_in_the_repositorys_language() -> None:
    paths = [
        "data/bottlenecks/kp-a.yaml",
        "data/bottlenecks/kp-b.yaml",
        "data/updates/kp-a/20260303-101500-aaaaa.yaml",
        "data/rankings/rk-a.yaml",
    ]
    text = gitops.summary(paths, "nl")
    head, blank, *listed = text.splitlines()
    assert head.startswith("knelpunt: ") and blank == ""
    assert "2 knelpunten" in head
    assert listed == [f"- {p}" for p in paths]


@given(
    st.from_regex(r"[a-z0-9._-]{1,12}", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9._~-]{1,12}", fullmatch=True),
)
def test_shown_address_never_shows_a_user_or_token(user: str, secret: str) -> None:
    url = f"https://{user}:{secret}@github.com/netwerk/agenda.git"
    shown = gitops.shown_address(url)
    assert shown == "https://github.com/netwerk/agenda.git"
    assert (
        gitops.shown_address("git@github.com:netwerk/agenda.git")
        == "git@github.com:netwerk/agenda.git"
    )


def test_review_url_for_github_gitlab_and_others() -> None:
    branch = "knelpunt/els-20261204"
    for remote in (
        "https://github.com/netwerk/agenda.git",
        "git@github.com:netwerk/agenda.git",
        "ssh://git@github.com/netwerk/agenda",
    ):
        assert gitops.review_url(remote, branch, MAIN) == (
            "https://github.com/netwerk/agenda/compare/main...knelpunt/els-20261204?expand=1"
        )
    assert gitops.review_url("git@gitlab.com:groep/agenda.git", branch, MAIN) == (
        "https://gitlab.com/groep/agenda/-/merge_requests/new"
        "?merge_request%5Bsource_branch%5D=knelpunt%2Fels-20261204"
    )
    assert gitops.review_url("/srv/git/agenda.git", branch, MAIN) is None
    assert gitops.review_url("https://example.org/agenda.git", branch, MAIN) is None


def test_git_words_and_refusals() -> None:
    said = "To github.com:x/y.git\n ! [rejected] main (fetch first)\nerror: failed to push"
    error = git.GitCommandError(["git", "push"], 1, said)
    assert gitops.git_words(error) == "error: failed to push"
    assert gitops.push_refused(gitops._said(error))
    offline = "fatal: unable to access 'https://github.com/x/': Could not resolve host: github.com"
    assert not gitops.push_refused(offline)
    assert gitops.git_words("") == "?"
    assert gitops.git_words("remote: hello\nlast line") == "last line"


def _network_with_remote(tmp_path: Path) -> tuple[Path, Path]:
    root = tiny.new_network(tmp_path / "netwerk", use_git=True)
    bare = tmp_path / "remote.git"
    git.Repo.init(bare, bare=True, initial_branch=MAIN)
    repository = git.Repo(root)
    repository.create_remote("origin", str(bare)).push(MAIN)
    return root, bare


def test_submit_commits_only_records_on_a_branch_of_its_own_and_pushes_it(tmp_path: Path) -> None:
    root, bare = _network_with_remote(tmp_path)
    tiny.bottleneck(root, "kp-aaaaa-bbbbb", "Vpb")
    (root / "notities.txt").write_text("van mij")
    subprocess.run(["git", "add", "notities.txt"], cwd=root, check=True)  # staged: left alone
    repo = tiny.repository(root)
    done = gitops.submit(repo, "Els de Vries", dt.date(2026, 12, 4))
    assert done.branch == "knelpunt/els-de-vries-20261204"
    assert done.committed == ["data/bottlenecks/kp-aaaaa-bbbbb.yaml"]
    assert done.pushed and done.remote == "origin" and done.review_url is None
    assert done.remote_address == str(bare)
    remote = git.Repo(bare)
    assert (
        remote.git.ls_tree("-r", "--name-only", done.branch)
        .splitlines()
        .count("data/bottlenecks/kp-aaaaa-bbbbb.yaml")
        == 1
    )
    assert remote.heads[MAIN].commit.message == "knelpunt init"  # main is never pushed to
    status = git.Repo(root).git.status("--porcelain")
    assert status == "A  notities.txt"
    again = gitops.submit(repo, "Els de Vries", dt.date(2026, 12, 4))
    assert again.already_sent and not again.committed


def test_changed_data_files_skips_temporaries_and_sees_removals(tmp_path: Path) -> None:
    root = tiny.new_network(tmp_path / "netwerk", use_git=True)
    tiny.bottleneck(root, "kp-aaaaa-bbbbb", "Vpb")
    (root / "data" / "bottlenecks" / ".kp-x.yaml.0123.tmp").write_text("half")
    (root / "knelpunt.yaml").write_text((root / "knelpunt.yaml").read_text() + "\n")
    (root / "data" / "actors" / ".gitkeep").unlink()
    repository = git.Repo(root)
    assert gitops.changed_data_files(repository, root / "data") == [
        "data/actors/.gitkeep",
        "data/bottlenecks/kp-aaaaa-bbbbb.yaml",
    ]
