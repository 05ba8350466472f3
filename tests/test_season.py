"""An explorer's whole season, played as the people would, with real git.

A bare remote on "the server"; a coordinator and two explorers, each with a
clone and a laptop whose git knows nobody (a fresh HOME). Both explorers
record a meeting with a bottleneck and a workaround through the guided prompt
(a pseudo-terminal), hand it in (submit asks their name), the coordinator
merges both branches on the server as the merge button does, both explorers
``sync`` and do a second round, and a conflict between them is resolved with
``knelpunt resolve`` and handed in. Nothing is lost, no command ends with an
internal error, and what the volunteers read is Dutch.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import git
import pytest

from knelpunt.repo import open_repository
from knelpunt.store import load_all
from tests.conftest import example_remote, knelpunt_process
from tests.pty_driver import Terminal
from tests.test_add import SAVE, record_bottleneck, record_meeting, record_workaround

#: Words that would show English leaking into a Dutch screen, or a crash.
NOT_DUTCH = re.compile(
    r"\b(Traceback|Error|error:|Usage|Saved|Pushed|Committed|nothing|Nothing|fatal|"
    r"warning:|Try|Choose)\b"
)


class Season:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.remote = example_remote(tmp_path)
        self.seen: list[str] = []  # every screen and message a volunteer read
        self.merges = 0

    def laptop(self, name: str) -> tuple[Path, dict[str, str]]:
        home = self.tmp / f"home-{name}"
        home.mkdir()
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("GIT_AUTHOR", "GIT_COMMITTER")) and k != "EMAIL"
        }
        env |= {
            "HOME": str(home),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "KNELPUNT_LANG": "",
            "KNELPUNT_CACHE_DIR": str(home / "cache"),
        }
        clone = self.tmp / name
        git.Repo.clone_from(str(self.remote), clone)
        return clone, env

    def knelpunt(self, env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess:
        done = knelpunt_process(args, cwd, env)
        assert done.returncode != 3, (args, done.stderr)
        self.seen.append(done.stdout + done.stderr)
        return done

    def meeting(
        self, clone: Path, env: dict[str, str], title: str, workaround: str, similar: bool
    ) -> None:
        t = Terminal(["add", "meeting"], clone, env)
        try:
            record_meeting(t)
            t.answer("genoemd? (j/n) [j]: ", "j")
            # Like ones are offered right after the text, when there are any: a new one.
            bundle = "" if similar else None
            record_bottleneck(t, title, "Het dorp kan er niet meer heen", "1", bundle=bundle)
            t.answer("genoemd? (j/n) [n]: ", "n")
            record_workaround(t, workaround, "Het dorp regelt het zelf")
            assert t.wait() == 0, t.screen
        finally:
            t.close()
        self.seen.append(t.screen)

    def submit_asking_the_name(self, clone: Path, env: dict[str, str], name: str) -> str:
        t = Terminal(["submit"], clone, env)
        try:
            t.answer("Je naam: ", name)
            t.answer("Je e-mailadres", "")
            assert t.wait() == 0, t.screen
        finally:
            t.close()
        self.seen.append(t.screen)
        assert "Verstuurd naar 'origin'" in t.screen
        return re.search(r"op branch '([^']+)'", t.screen).group(1)

    def merge_button(self, branch: str) -> None:
        """What the merge button on the server does: a merge commit on main."""
        self.merges += 1
        server = self.tmp / f"server-{self.merges}"
        repository = git.Repo.clone_from(str(self.remote), server)
        with repository.config_writer("repository") as config:
            config.set_value("user", "name", "GitHub")
            config.set_value("user", "email", "noreply@github.com")
        repository.git.merge("--no-ff", f"origin/{branch}", "-m", f"Merge {branch}")
        repository.git.push("origin", "main")
        repository.git.push("origin", "--delete", branch)


def titles(root: Path) -> set[str]:
    return {b.title for b in load_all(open_repository(root, {}, root)).bottlenecks.values()}


def test_a_whole_season(tmp_path, monkeypatch):
    for name in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
    ):
        monkeypatch.delenv(name)  # the laptops' git knows nobody
    season = Season(tmp_path)
    ria, ria_env = season.laptop("ria")
    joop, joop_env = season.laptop("joop")

    # Round one: a meeting each, handed in; submit asks who they are.
    season.meeting(ria, ria_env, "Geen bus meer naar de dagbesteding", "Buurtbus", True)
    season.meeting(joop, joop_env, "Geen pinautomaat meer in het dorp", "Geldbus", False)
    ria_branch = season.submit_asking_the_name(ria, ria_env, "Ria van den Berg")
    joop_branch = season.submit_asking_the_name(joop, joop_env, "Joop Kuipers")
    assert ria_branch != joop_branch

    # The coordinator merges both on the server.
    season.merge_button(ria_branch)
    season.merge_button(joop_branch)

    # Both get up to date: back on main, with each other's records.
    for clone, env, other in (
        (ria, ria_env, "Geen pinautomaat meer in het dorp"),
        (joop, joop_env, "Geen bus meer naar de dagbesteding"),
    ):
        done = season.knelpunt(env, clone, "sync")
        assert done.returncode == 0, done.stderr
        assert "is opgenomen in main" in done.stdout
        assert "1 nieuw knelpunt" in done.stdout and "1 nieuwe bijeenkomst" in done.stdout
        assert git.Repo(clone).active_branch.name == "main"
        assert other in titles(clone)

    # Round two: both correct the same bottleneck, differently: a conflict.
    target = "kp-73zgr-z3awy"
    for clone, env, title in (
        (ria, ria_env, "Verantwoording kost vrijwilligers hele avonden"),
        (joop, joop_env, "Verantwoording als voor een grote zorginstelling"),
    ):
        path = clone / "data" / "bottlenecks" / f"{target}.yaml"
        t = Terminal(["edit", target], clone, env)
        try:
            t.read_until(SAVE)
            os.write(t.master, b"1\n")
            t.answer("Titel (verplicht): ", title)
            t.answer(SAVE, "j")
            assert t.wait() == 0, t.screen
        finally:
            t.close()
        assert f"title: {title}" in path.read_text()
        added = season.knelpunt(
            env, clone, "add", "bottleneck", "--no-input", "--title", f"Tweede ronde {title}",
            "--description", "Nog een", "--theme", "Financiën", "--type", "cultuur",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        done = season.knelpunt(env, clone, "submit")
        assert done.returncode == 0, done.stderr
        assert "Open het verzoek" not in done.stdout  # a local remote has no review page
    ria_second = git.Repo(ria).active_branch.name
    joop_second = git.Repo(joop).active_branch.name
    # A fresh branch from the up-to-date main, not the merged one.
    assert ria_second != "main" and git.Repo(ria).is_ancestor("origin/main", ria_second)
    season.merge_button(ria_second)

    # Joop's branch now conflicts with main: the coordinator resolves it.
    coordinator, coordinator_env = season.laptop("coordinator")
    repository = git.Repo(coordinator)
    repository.git.checkout("-b", "samenvoegen", f"origin/{joop_second}")
    with pytest.raises(git.GitCommandError):
        repository.git.merge("origin/main", env={**coordinator_env, "GIT_AUTHOR_NAME": "C",
                             "GIT_AUTHOR_EMAIL": "c@x", "GIT_COMMITTER_NAME": "C",
                             "GIT_COMMITTER_EMAIL": "c@x"})  # fmt: skip
    check = season.knelpunt(coordinator_env, coordinator, "check")
    assert check.returncode == 1 and f"knelpunt resolve {target}" in check.stdout
    resolved = season.knelpunt(
        coordinator_env, coordinator, "resolve", target, "--field", "title=theirs"
    )
    assert resolved.returncode == 0, resolved.stderr
    handed_in = season.knelpunt(coordinator_env, coordinator, "submit", "--by", "Coördinator")
    assert handed_in.returncode == 0, handed_in.stderr
    season.merge_button(git.Repo(coordinator).active_branch.name)

    # Everyone syncs; nothing is lost.
    final = season.tmp / "final"
    git.Repo.clone_from(str(season.remote), final)
    everything = titles(final)
    for title in (
        "Geen bus meer naar de dagbesteding",
        "Geen pinautomaat meer in het dorp",
        "Tweede ronde Verantwoording kost vrijwilligers hele avonden",
        "Tweede ronde Verantwoording als voor een grote zorginstelling",
    ):
        assert title in everything
    assert "Verantwoording kost vrijwilligers hele avonden" in everything  # main's side
    solutions = {
        s.label() for s in load_all(open_repository(final, {}, final)).of("solution").values()
    }
    assert {"Buurtbus", "Geldbus"} <= solutions
    assert season.knelpunt(coordinator_env, final, "check").returncode == 0
    for clone, env in ((ria, ria_env), (joop, joop_env)):
        assert season.knelpunt(env, clone, "sync").returncode == 0

    # What the volunteers read was Dutch.
    for screen in season.seen:
        assert not NOT_DUTCH.search(screen), screen
