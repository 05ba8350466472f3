"""Review by pull request: diff per record, review rules, schemas, CI templates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import git
import jsonschema
import pytest

from knelpunt import yamlio
from knelpunt.config import Config
from knelpunt.repo import open_repository
from knelpunt.schema import SCHEMA_DIR, schema_for
from knelpunt.store import load_all
from tests.conftest import PROJECT


@pytest.fixture
def repo(branch_repo: tuple[Path, git.Repo]) -> tuple[Path, git.Repo]:
    return branch_repo


def commit(repository: git.Repo, message: str) -> None:
    repository.git.add(A=True)
    repository.index.commit(message)


def titled(root: Path, start: str) -> str:
    records = load_all(open_repository(root, {}, root))
    return next(b.id for b in records.bottlenecks.values() if b.title.startswith(start))


def diff_json(run, root: Path, *revs: str) -> dict:
    result = run("diff", *revs, "--json", cwd=root)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_diff_summarises_each_kind_of_change(repo, run):
    root, repository = repo
    added = json.loads(
        run(
            "add",
            "bottleneck",
            "--no-input",
            "--json",
            "--title",
            "Geen bus naar de dagbesteding",
            "--description",
            "d",
            "--theme",
            "cooperation",
            "--type",
            "implementation",
            cwd=root,
        ).out
    )["record"]
    regie = titled(root, "Gemeente wil regisseren")
    run("route", "--auto", "--by", "Annelies", cwd=root)  # routes it to the VNG
    contact = titled(root, "Geen vaste contactpersoon")
    run("merge", contact, regie, "--by", "Annelies", cwd=root)
    commit(repository, "Werk van de coördinatiegroep")

    payload = diff_json(run, root, "main", "HEAD")
    changes = {c["id"]: c for c in payload["changes"]}
    assert changes[added["id"]]["change"] == "added"
    assert changes[regie]["status"] == ["on-agenda", "routed"]
    assert changes[regie]["addressees"][1]
    assert len(changes[regie]["history_added"]) == 1
    assert changes[contact]["merged_into"] == regie
    reporters = next(f for f in changes[regie]["fields"] if f["name"] == "reported_by")
    assert reporters["added"]  # INTO gained the duplicate's reporters
    assert payload["problems"] == []

    text = run("diff", "main", "HEAD", cwd=root).out
    assert text.startswith("### knelpunt: wijzigingen van main")
    assert "**Nieuw** (1)" in text and "Geen bus naar de dagbesteding" in text
    assert "status op de agenda → geadresseerd; naar Vereniging van Nederlandse" in text
    assert "Gemeld door (initiatieven) erbij:" in text
    assert "**Gebundeld** (1)" in text and f"(`{contact}`) → Gemeente wil regisseren" in text


def test_diff_defaults_to_the_merge_base_and_the_working_tree(repo, run):
    root, _ = repo
    run(
        "update",
        titled(root, "Gemeente wil regisseren"),
        "--note",
        "Nog niet gecommit",
        "--by",
        "A",
        cwd=root,
    )
    text = run("diff", cwd=root).out
    assert "naar de werkmap" in text and "Nog niet gecommit" in text
    assert "Geen wijzigingen" in run("diff", "main", "main", cwd=root).out


def review_codes(run, root: Path) -> list[str]:
    """Commit the change on the branch, then apply the review rules to main..HEAD."""
    commit(git.Repo(root), "Wijziging")
    return sorted(p["code"] for p in diff_json(run, root, "main", "HEAD")["problems"])


def test_removed_history_and_a_status_without_history(repo, run):
    root, _ = repo
    vpb = titled(root, "Zorgcoöperaties betalen")
    latest = sorted((root / "data" / "updates" / vpb).glob("*.yaml"))[-1]
    latest.unlink()
    assert review_codes(run, root) == ["review_history_removed", "review_status_without_history"]


def test_edited_history(repo, run):
    root, _ = repo
    vpb = titled(root, "Zorgcoöperaties betalen")
    first = sorted((root / "data" / "updates" / vpb).glob("*.yaml"))[0]
    first.write_text(first.read_text().replace("landelijk agenderen", "lokaal houden"))
    assert review_codes(run, root) == ["review_history_edited"]


def test_changed_id(repo, run):
    root, _ = repo
    old = root / "data" / "solutions"
    path = sorted(old.glob("*.yaml"))[0]
    new_id = "ol-nieuw-00000"
    path.with_name(f"{new_id}.yaml").write_text(path.read_text().replace(path.stem, new_id))
    path.unlink()
    codes = review_codes(run, root)
    assert "review_id_changed" in codes


def test_deleted_bottleneck_and_reference_to_a_deleted_record(repo, run):
    root, _ = repo
    windmolen = titled(root, "Dorpswindmolen")
    (root / "data" / "bottlenecks" / f"{windmolen}.yaml").unlink()
    shutil.rmtree(root / "data" / "updates" / windmolen)
    records = load_all(open_repository(root, {}, root))
    initiative = records.bottlenecks[titled(root, "Inkoop en aanbesteding")].reported_by[0]
    (root / "data" / "initiatives" / f"{initiative}.yaml").unlink()
    codes = review_codes(run, root)
    assert "review_bottleneck_deleted" in codes
    assert "review_reference_deleted" in codes
    assert "review_history_removed" in codes


def test_review_rules_are_warnings_in_diff_and_errors_in_check_against(repo, run):
    root, _ = repo
    vpb = titled(root, "Zorgcoöperaties betalen")
    first = sorted((root / "data" / "updates" / vpb).glob("*.yaml"))[0]
    first.write_text(first.read_text().replace("landelijk agenderen", "lokaal houden"))
    assert run("diff", "main", cwd=root).code == 0
    assert run("check", cwd=root).code == 0  # the file alone is fine
    result = run("check", "--against", "main", cwd=root)
    assert result.code == 1
    assert "bestaande voortgangsregel is gewijzigd" in result.out
    github = run("check", "--against", "main", "--format", "github", cwd=root)
    assert github.out.startswith("::error file=data/updates/")


def test_json_schema_accepts_every_example_record_and_rejects_a_broken_one(tmp_path, run):
    config = open_repository(PROJECT, {}, PROJECT).config
    checked = 0
    for kind, folder in (
        ("initiative", "initiatives"),
        ("meeting", "meetings"),
        ("bottleneck", "bottlenecks"),
        ("actor", "actors"),
        ("solution", "solutions"),
        ("update", "updates"),
    ):
        schema = json.loads((PROJECT / SCHEMA_DIR / f"{kind}.schema.json").read_text())
        assert schema == schema_for(kind, config)  # the committed schemas are current
        validator = jsonschema.Draft202012Validator(schema)
        for path in (PROJECT / "data" / folder).rglob("*.yaml"):
            data = yamlio.fast_load(yamlio.decode(path.read_bytes()))
            validator.validate(data)
            checked += 1
    assert checked > 80
    bottleneck = json.loads((PROJECT / SCHEMA_DIR / "bottleneck.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(bottleneck)
    broken = {
        "id": "kp-aaaaa-bbbbb",
        "title": "t",
        "description": "d",
        "theme": "geld",
        "type": "hard",
        "reported_on": "2026-03-03",
        "staus": "routed",
    }
    messages = {e.message for e in validator.iter_errors(broken)}
    assert any("'geld' is not one of" in m for m in messages)
    assert any("'staus' was unexpected" in m for m in messages)
    assert not validator.is_valid({**broken, "theme": "finance", "id": "../x"} | {})


def test_schema_command_and_the_header_line(empty_repo, run, tmp_path):
    result = run("schema", "--out", str(tmp_path / "s"), cwd=empty_repo)
    assert result.code == 0
    assert (
        json.loads((tmp_path / "s" / "update.schema.json").read_text())["title"]
        == "knelpunt update"
    )
    assert (empty_repo / SCHEMA_DIR / "bottleneck.schema.json").exists()  # init wrote them
    theme = json.loads((empty_repo / SCHEMA_DIR / "bottleneck.schema.json").read_text())
    assert theme["properties"]["theme"]["enum"] == list(Config().vocabularies.themes)
    added = json.loads(
        run(
            "add",
            "actor",
            "--no-input",
            "--json",
            "--name",
            "VNG",
            "--type",
            "umbrella",
            "--level",
            "national",
            cwd=empty_repo,
        ).out
    )
    text = (empty_repo / added["path"]).read_text()
    assert text.startswith("# yaml-language-server: $schema=../../schemas/actor.schema.json\n")
    # The relative path resolves to the schema file.
    target = (empty_repo / added["path"]).parent / "../../schemas/actor.schema.json"
    assert target.resolve().exists()


@pytest.mark.parametrize(
    ("provider", "path", "jobs"),
    [
        ("github", ".github/workflows/knelpunt.yml", {"check", "diff"}),
        ("gitlab", ".gitlab-ci.yml", {"knelpunt-check", "knelpunt-diff"}),
    ],
)
def test_init_writes_a_ci_workflow(tmp_path, run, provider, path, jobs):
    root = tmp_path / "r"
    spec = "knelpunt @ git+https://example.org/knelpunt@0123456789abcdef"
    assert run("init", str(root), "--ci", provider, "--install", spec, cwd=tmp_path).code == 0
    data = yamlio.fast_load((root / path).read_text())
    found = set(data["jobs"]) if provider == "github" else set(data) & jobs
    assert found == jobs
    text = (root / path).read_text()
    assert "knelpunt check" in text and "knelpunt diff" in text
    if provider == "github":
        assert "--format github" in text and "pull_request" in data["on"]
    # --ci on an existing repository adds only the workflow.
    (root / path).unlink()
    assert run("init", str(root), "--ci", provider, "--install", spec, cwd=tmp_path).code == 0
    assert (root / path).exists()
    assert run("init", str(root), "--ci", "jenkins", "--install", spec, cwd=tmp_path).code == 1


def test_pre_commit_hook_definition():
    hooks = yamlio._safe_yaml().load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "knelpunt-check" and hook["entry"] == "knelpunt check"
    assert hook["pass_filenames"] is False


@pytest.mark.parametrize("bad", ["--output={out}", "-p", "--no-index"])
def test_revisions_from_the_command_line_are_never_git_options(repo, run, tmp_path, bad):
    """A revision starting with '-' is refused, not handed to git as an option
    (``git log --output=FILE`` would write FILE)."""
    root, _ = repo
    out = tmp_path / "written-by-git"
    bad = bad.format(out=out)
    for args in (
        ("diff", "--", bad),
        ("diff", "--", "main", bad),
        ("check", f"--against={bad}"),
        ("report", f"--since={bad}"),
        ("report", f"--as-of={bad}"),
    ):
        result = run(*args, cwd=root)
        assert result.code == 1, (args, result.err)
        assert "geen bekende git-revisie" in result.err, args
        assert not out.exists(), args


def test_diff_says_contact_details_changed_but_never_shows_them(repo, run):
    root, _ = repo
    path = next(
        p for p in (root / "data" / "initiatives").glob("*.yaml") if "email:" in p.read_text()
    )
    text = path.read_text()
    old_email = next(line.split(": ", 1)[1] for line in text.splitlines() if "email:" in line)
    path.write_text(text.replace(old_email, "nieuw.adres@example.nl"))
    result = run("diff", cwd=root)
    assert result.code == 0, result.err
    assert "Contactpersoon: gewijzigd (persoonsgegevens, niet getoond)" in result.out
    as_json = run("diff", "--json", cwd=root).out
    for shown in (result.out, as_json):
        assert "@" not in shown and "06-" not in shown


def test_diff_shows_values_as_a_reader_knows_them(repo, run):
    root, _ = repo
    initiative = root / "data" / "initiatives" / "in-14ntd-11jwh.yaml"
    initiative.write_text(initiative.read_text() + "frontrunner: true\n")
    bottleneck = root / "data" / "bottlenecks" / "kp-73zgr-z3awy.yaml"
    bottleneck.write_text(bottleneck.read_text().replace("theme: finance", "theme: regulation"))
    dutch = run("diff", cwd=root).out
    assert "Koploper: nee → ja" in dutch
    assert "Thema: Financiën → Wet- en regelgeving" in dutch
    english = run("--lang", "en", "diff", cwd=root).out
    assert "Frontrunner: no → yes" in english and "Theme: Finance → Regulation" in english


def _edit_description(root: Path) -> None:
    path = root / "data" / "bottlenecks" / f"{titled(root, 'Zorgcoöperaties betalen')}.yaml"
    path.write_text(path.read_text().replace("description: |-\n  ", "description: |-\n  Nu. ", 1))


def _break_bottleneck(root: Path) -> None:
    path = root / "data" / "bottlenecks" / f"{titled(root, 'Zorgcoöperaties betalen')}.yaml"
    path.write_text(path.read_text().replace("description: ", "description: [", 1))


def _add_history(root: Path) -> None:
    from knelpunt.cli import main

    assert main(["update", titled(root, "Wisselende houding"), "--note", "Erbij", "--by", "A"]) == 0


def _edit_history(root: Path) -> None:
    first = sorted((root / "data" / "updates" / titled(root, "Zorgcoöperaties")).glob("*"))[0]
    first.write_text(first.read_text().replace("landelijk agenderen", "lokaal houden"))


def _remove_history(root: Path) -> None:
    sorted((root / "data" / "updates" / "kp-yv0pw-4ra4g").glob("*.yaml"))[-1].unlink()


def _delete_bottleneck(root: Path) -> None:
    windmolen = titled(root, "Dorpswindmolen")
    (root / "data" / "bottlenecks" / f"{windmolen}.yaml").unlink()
    shutil.rmtree(root / "data" / "updates" / windmolen)


def _new_untracked_solution(root: Path) -> None:
    path = sorted((root / "data" / "solutions").glob("*.yaml"))[1]
    new_id = "ol-nieuw-11111"
    text = path.read_text().replace(path.stem, new_id).replace("title: ", "title: Nieuw - ", 1)
    path.with_name(f"{new_id}.yaml").write_text(text)


def _rename_solution(root: Path) -> None:
    path = sorted((root / "data" / "solutions").glob("*.yaml"))[0]
    path.with_name("ol-nieuw-00000.yaml").write_text(
        path.read_text().replace(path.stem, "ol-nieuw-00000")
    )
    path.unlink()


def _delete_referenced_initiative(root: Path) -> None:
    records = load_all(open_repository(root, {}, root))
    initiative = records.bottlenecks[titled(root, "Inkoop en aanbesteding")].reported_by[0]
    (root / "data" / "initiatives" / f"{initiative}.yaml").unlink()


EDITS = {
    "description": _edit_description,
    "unreadable": _break_bottleneck,
    "add_history": _add_history,
    "edit_history": _edit_history,
    "remove_history": _remove_history,
    "delete_bottleneck": _delete_bottleneck,
    "new_untracked": _new_untracked_solution,
    "rename": _rename_solution,
    "delete_initiative": _delete_referenced_initiative,
}


@pytest.mark.parametrize(
    "edits", [[name] for name in EDITS] + [[n for n in EDITS if n != "unreadable"]], ids=str
)
def test_a_diff_of_what_git_says_changed_equals_a_diff_of_everything(repo, run, monkeypatch, edits):
    """``diff.between`` reads whole only the files git says changed (and the
    histories they touch), and a lean set of the other side: the same
    comparison, problems and comment as comparing every record whole, for the
    work tree and for a commit."""
    from knelpunt import diff, revisions

    root, repository = repo
    monkeypatch.chdir(root)
    for name in edits:
        EDITS[name](root)
    repo_ = open_repository(root, {}, root)
    _, whole_before, _ = revisions.load_at(repo_, "main")
    for head in (None, "HEAD"):
        if head is not None:
            commit(repository, "Wijziging")
        whole_after = load_all(repo_) if head is None else revisions.load_at(repo_, head)[1]
        expected = diff.compare(whole_before, whole_after)
        got, before, after, _, _ = diff.between(repo_, "main", head)
        assert (got.changes or got.problems) and got == expected
        assert diff.as_json(got, "nl") == diff.as_json(expected, "nl")
        comment = diff.markdown(got, before, after, repo_.config, "nl", "main", "hier")
        assert comment == diff.markdown(
            expected, whole_before, whole_after, repo_.config, "nl", "main", "hier"
        )
        assert len(before.paths) < len(whole_before.paths)
        assert after.lean
