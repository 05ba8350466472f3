"""Review sees every change that reaches readers, not only the records.

A pull request that adds a page template or changes a label, a weight or a
routing rule in ``knelpunt.yaml`` changes every report and page readers get.
``diff`` (the pull-request comment), ``diff --json`` and ``check --against``
name each such change: the template with its lines, the setting with its value
before and after, at its line.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PROJECT


def change_what_readers_get(root: Path) -> None:
    templates = root / "templates"
    templates.mkdir()
    page = (PROJECT / "templates" / "_page.html.j2").read_text(encoding="utf-8")
    (templates / "_page.html.j2").write_text(page.replace("<main>", "<main><p>Extra</p>"))
    config = root / "knelpunt.yaml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("finance: {nl: Financiën, en: Finance}", "finance: {nl: Geld, en: Money}")
    config.write_text(text, encoding="utf-8")


def test_a_pull_request_of_templates_and_settings_is_named_in_the_diff(branch_repo, run):
    root, repository = branch_repo
    change_what_readers_get(root)
    repository.git.add(A=True)
    repository.index.commit("Eigen sjabloon")
    result = run("diff", "wijziging", cwd=root)
    assert result.code == 0, result.err
    text = result.out
    assert "Geen wijzigingen in de records" in text  # true, and no longer the whole story
    assert "Wat lezers krijgen verandert" in text
    assert "`templates/_page.html.j2`" in text and "Nieuw sjabloon" in text
    assert "vocabularies › themes › finance › nl: Financiën → Geld" in text
    line = next(
        number
        for number, row in enumerate((root / "knelpunt.yaml").read_text().splitlines(), 1)
        if "finance:" in row
    )
    assert f"`knelpunt.yaml:{line}`" in text
    english = run("--lang", "en", "diff", "wijziging", cwd=root).out
    assert "What readers get changes" in english and "New template" in english
    data = json.loads(run("diff", "wijziging", "--json", cwd=root).out)
    keys = sorted(p["code"] for p in data["readers"])
    assert keys.count("setting_changed") == 2 and "template_added" in keys


def test_check_against_names_them_as_warnings_at_their_line(branch_repo, run):
    root, _ = branch_repo
    change_what_readers_get(root)  # in the work tree, not committed
    result = run("check", "--against", "main", cwd=root)
    assert result.code == 0, result.err  # a warning: seen, not refused
    assert "templates/_page.html.j2:" in result.out and "Nieuw sjabloon" in result.out
    assert "knelpunt.yaml:" in result.out and "Financiën → Geld" in result.out
    github = run("check", "--against", "main", "--format", "github", cwd=root).out
    assert "::warning file=templates/_page.html.j2," in github
    assert "::warning file=knelpunt.yaml,line=" in github


def test_a_changed_and_a_removed_template_count_their_lines(branch_repo, run):
    root, repository = branch_repo
    repository.git.checkout("main")
    (root / "templates").mkdir()
    (root / "templates" / "progress.md.j2").write_text("a\nb\nc\n")
    (root / "templates" / "agenda.md.j2").write_text("x\n")
    repository.git.add(A=True)
    repository.index.commit("Sjablonen")
    repository.git.checkout("-b", "anders")
    (root / "templates" / "progress.md.j2").write_text("a\nB\nc\nd\n")
    (root / "templates" / "agenda.md.j2").unlink()
    data = json.loads(run("diff", "--json", cwd=root).out)  # the work tree
    found = {p["path"]: p for p in data["readers"]}
    assert found["templates/progress.md.j2"]["code"] == "template_changed"
    assert "regels erbij: 2, eraf: 1" in found["templates/progress.md.j2"]["message"]
    assert found["templates/progress.md.j2"]["line"] == 2
    assert found["templates/agenda.md.j2"]["code"] == "template_removed"


def test_nothing_changed_outside_the_records_says_nothing(branch_repo, run):
    root, _ = branch_repo
    data = json.loads(run("diff", "main", "HEAD", "--json", cwd=root).out)
    assert data["readers"] == []
    assert "Wat lezers" not in run("diff", "main", "HEAD", cwd=root).out


def test_a_template_that_cannot_be_read_fails_review_at_its_line(branch_repo, run):
    root, repository = branch_repo
    (root / "templates").mkdir()
    page = (PROJECT / "templates" / "_page.html.j2").read_text(encoding="utf-8")
    lines = page.splitlines()
    lines.insert(9, "{% if %}")
    (root / "templates" / "_page.html.j2").write_text("\n".join(lines) + "\n")
    repository.git.add(A=True)
    repository.index.commit("Kapot sjabloon")
    result = run("check", "--against", "main", cwd=root)
    assert result.code == 1
    assert "templates/_page.html.j2:10:" in result.out and "niet te lezen" in result.out
    github = run("check", "--against", "main", "--format", "github", cwd=root).out
    assert "::error file=templates/_page.html.j2,line=10" in github
    assert "niet te lezen" in run("diff", "wijziging", cwd=root).out
    # The report names the file and line that are wrong, not the report's own.
    report = run("report", "progress", "--format", "html", cwd=root)
    assert report.code == 1 and "_page.html.j2:10" in report.err
