"""Issue 29, point 8: what a volunteer reads is one language and says what to do.

git's own (English) words reach the reader only as the last line of a message,
``git zei: ...``, for an expert; the sentence above says in the reader's
language what happened and what to do. Real git throughout: a bare remote, a
remote that is gone, a remote that refuses, a laptop where git knows nobody.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import git
import pytest

from knelpunt import gitops
from knelpunt.messages import message
from tests.conftest import example_remote
from tests.test_language import leftovers

NOBODY = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL")


def clone(remote: Path, folder: Path) -> Path:
    git.Repo.clone_from(str(remote), folder)
    return folder


def add_bottleneck(run, root: Path, title: str = "Geen bus naar de dagbesteding") -> str:
    result = run(
        "add", "bottleneck", "--no-input", "--json", "--title", title, "--description", title,
        "--theme", "finance", "--type", "culture", cwd=root,
    )  # fmt: skip
    assert result.code == 0, result.err
    return str(json.loads(result.out)["record"]["id"])


def git_last(text: str, lang: str = "nl") -> tuple[list[str], str]:
    """The lines before git's words, and git's words; the lines before are in
    ``lang`` alone and git's words are on the last line only."""
    lines = text.strip().splitlines()
    said = "git zei: " if lang == "nl" else "git said: "
    assert lines[-1].startswith(said), text
    assert not any(said in line for line in lines[:-1]), text
    before = lines[:-1]
    assert leftovers("\n".join(before), lang) == [], before
    return before, lines[-1].removeprefix(said)


def branch_name(name: str) -> str:
    return f"knelpunt/{name}-{dt.date.today():%Y%m%d}"


# --- git's words: a last line, never inside a sentence -----------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_submit_offline_says_what_to_do_and_git_only_last(lang, tmp_path, run):
    remote = example_remote(tmp_path)
    root = clone(remote, tmp_path / "ria")
    remote.rename(remote.with_name("weg.git"))  # the server cannot be reached
    add_bottleneck(run, root)
    result = run("--lang", lang, "submit", "--by", "Ria", cwd=root)
    assert result.code == 0, result.err
    before, said = git_last(result.out.split("\n", 1)[1], lang)
    first = "Versturen lukte nu niet: de server was niet te bereiken."
    assert before[0].startswith(first if lang == "nl" else "Could not push now: the server")
    assert said.startswith("fatal:") and "remote.git" in said


def test_a_refused_push_names_the_reason_on_the_last_line_only(tmp_path, run):
    remote = example_remote(tmp_path)
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'branch is protected' >&2\nexit 1\n")
    hook.chmod(0o755)
    root = clone(remote, tmp_path / "ria")
    add_bottleneck(run, root)
    result = run("submit", "--by", "Ria", cwd=root)
    assert result.code == 1
    before, said = git_last(result.err)
    assert before[0].startswith(f"'origin' weigerde de branch '{branch_name('ria')}'. Je werk")
    assert "protected" in said or "declined" in said


def test_sync_offline_and_without_a_remote_say_what_to_do(tmp_path, run):
    remote = example_remote(tmp_path)
    root = clone(remote, tmp_path / "ria")
    remote.rename(remote.with_name("weg.git"))
    result = run("sync", cwd=root)
    assert result.code == 1
    before, said = git_last(result.out)
    assert before[0].startswith("Ophalen lukte nu niet: de server was niet te bereiken.")
    assert said.startswith("fatal:")
    git.Repo(root).delete_remote("origin")
    result = run("sync", cwd=root)
    assert result.code == 1
    assert "geen remote" in result.out and "git remote add origin ADRES" in result.out
    assert "no remote" not in result.out


def test_sync_with_own_commits_on_main_says_submit_and_git_last(tmp_path, run):
    remote = example_remote(tmp_path)
    root = clone(remote, tmp_path / "ria")
    other = clone(remote, tmp_path / "kees")
    (other / "README.md").write_text("Nieuw op de server\n")
    server = git.Repo(other)
    server.git.add("README.md")
    server.index.commit("Op de server")
    server.remotes.origin.push("main")
    (root / "notities.md").write_text("Eigen werk op main\n")
    mine = git.Repo(root)
    mine.git.add("notities.md")
    mine.index.commit("Eigen commit op main")
    result = run("sync", cwd=root)
    assert result.code == 1
    before, said = git_last(result.err)
    assert before[0] == (
        "main op deze laptop heeft eigen wijzigingen die niet op de server staan. "
        "Er is niets veranderd; lever ze in met 'knelpunt submit'."
    )
    assert said.startswith("fatal:")


def test_git_words_prefer_gits_fatal_line_and_the_message_puts_it_last(tmp_path):
    repository = git.Repo.init(tmp_path / "r")
    with pytest.raises(git.GitCommandError) as raised:
        repository.git.checkout("bestaat-niet")
    words = gitops.git_words(raised.value)
    assert words.startswith("error: pathspec 'bestaat-niet'")
    assert "stderr" not in words and not words.endswith("'.")
    text = message("git_failed", "nl", error=words)
    assert text.splitlines()[-1] == f"git zei: {words}"
    assert leftovers(text.splitlines()[0], "nl") == []


def test_an_address_is_shown_without_user_or_token():
    assert gitops.shown_address("https://ria:ghp_geheim@git.example.org/net.git") == (
        "https://git.example.org/net.git"
    )
    assert gitops.shown_address("git@git.example.org:net.git") == "git@git.example.org:net.git"


# --- submit: what it keeps, and what comes next ------------------------------


def test_submit_to_a_remote_without_a_review_page_says_whom_to_ask(tmp_path, run):
    remote = example_remote(tmp_path)
    root = clone(remote, tmp_path / "ria")
    add_bottleneck(run, root)
    result = run("submit", "--by", "Ria", cwd=root)
    assert result.code == 0, result.err
    branch = branch_name("ria")
    assert (
        f"Volgende stap: vraag een coördinator om de branch '{branch}' op 'origin' "
        f"({remote}) na te kijken en op te nemen."
    ) in result.out
    english = run("--lang", "en", "submit", "--by", "Ria", cwd=root)
    assert "Next step" not in english.out  # nothing new was sent: nothing to ask


def test_submit_to_github_gives_the_page_not_the_coordinator_sentence(tmp_path, run):
    remote = example_remote(tmp_path)
    root = clone(remote, tmp_path / "ria")
    # Pushes go to the bare remote; the address people see is GitHub's.
    repository = git.Repo(root)
    repository.git.remote("set-url", "origin", "https://github.com/netwerk/knelpunten.git")
    repository.git.remote("set-url", "--push", "origin", str(remote))
    add_bottleneck(run, root)
    result = run("submit", "--by", "Ria", cwd=root)
    assert result.code == 0, result.err
    assert "https://github.com/netwerk/knelpunten/compare/" in result.out
    assert "Volgende stap" not in result.out


@pytest.fixture
def nobody(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A laptop where git knows nobody."""
    home = tmp_path / "home"
    home.mkdir()
    for name in (*NOBODY, "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")


@pytest.mark.usefixtures("nobody")
def test_submit_by_says_the_name_is_kept_and_how_to_change_it(tmp_path, run):
    remote = example_remote(tmp_path)
    root = clone(remote, tmp_path / "ria")
    add_bottleneck(run, root)
    result = run("submit", "--by", "Ria de Vries", cwd=root)
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == (
        "Je naam 'Ria de Vries' is bewaard voor volgende keren (alleen in deze "
        "repository); je werk komt op die naam. Wijzig hem met: git config user.name "
        '"Andere Naam"'
    )
    assert git.Repo(root).config_reader("repository").get_value("user", "name") == "Ria de Vries"
    add_bottleneck(run, root, "Tweede knelpunt")
    again = run("submit", cwd=root)
    assert again.code == 0, again.err
    assert "bewaard" not in again.out  # said once, when it was kept


# --- the YAML parser's English: a last detail, after what it means -----------

RECORD = "data/bottlenecks/kp-aaaaa-bbbbb.yaml"

#: The common mistakes, each with the parser's words, a fragment of what a
#: Dutch reader is told instead, and the line it is told at.
YAML_MISTAKES = [
    ('id: kp-aaaaa-bbbbb\ntitle: "niet gesloten\n', "found unexpected end of stream",
     "het bestand houdt op midden in een waarde", 3),
    ("id: kp-aaaaa-bbbbb\ntags: [,]\n", "did not find expected node content",
     "hier hoort een waarde, maar er staat niets", 2),
    ("id: kp-aaaaa-bbbbb\ntitle: Vervoer: geen bus\n", "mapping values are not allowed here",
     "een dubbele punt met een spatie erna midden in een waarde", 2),
    ("id: kp-aaaaa-bbbbb\ntitle: @gemeente\n", "found character that cannot start any token",
     "de waarde begint met een teken waarmee tekst in YAML niet mag beginnen", 2),
    ("id: kp-aaaaa-bbbbb\ndescription: |\n  lang\nverhaal\n", "could not find expected ':'",
     "hier hoort een veldnaam met een dubbele punt", 5),
    ("id: kp-aaaaa-bbbbb\ntitle: \"Vpb\" voor zorg\n", "did not find expected key",
     "hier hoort een nieuwe veldnaam", 2),
    ("id: kp-aaaaa-bbbbb\ntitle: [niet gesloten\ntheme: finance\n", "did not find expected ','",
     "een lijst tussen [ ] of { } is niet afgesloten", 3),
]  # fmt: skip


@pytest.mark.parametrize(("text", "parser", "told", "line"), YAML_MISTAKES)
def test_a_yaml_mistake_is_explained_in_dutch_and_the_parser_last(
    text, parser, told, line, empty_repo, run
):
    (empty_repo / RECORD).write_text(text)
    result = run("check", cwd=empty_repo)
    assert result.code == 1
    (shown,) = [row for row in result.out.splitlines() if row.startswith(RECORD)]
    assert shown.startswith(f"{RECORD}:{line}:"), shown
    sentence, technical = shown.split(" (technisch: ")
    assert f"dit is geen geldige YAML: {told}" in sentence
    # The parser's English is the last detail only: nothing of it before.
    assert parser.split()[0] not in sentence and leftovers(sentence, "nl") == []
    assert technical.startswith(parser.replace(" here", "")) and technical.endswith(")")
    english = run("--lang", "en", "check", cwd=empty_repo).out
    assert "this is not valid YAML: " in english and " (technical: " in english
