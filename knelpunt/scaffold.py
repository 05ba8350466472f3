"""``knelpunt init``: a new repository with its configuration and folders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from knelpunt import atomic, yamlio
from knelpunt.config import CONFIG_FILE, Config
from knelpunt.errors import KnelpuntError
from knelpunt.gitrepo import has_identity
from knelpunt.ids import FOLDERS
from knelpunt.repo import CACHE_DIR, DATA_DIR
from knelpunt.schema import SCHEMA_DIR, schema_name, write_schemas

CONFIG_HEADER = """\
# knelpunt.yaml: de instellingen van deze knelpunten-repository.
#
# De lijsten hieronder verschillen per netwerk. Records bewaren de Engelse
# sleutel (links); mensen lezen het label in hun taal (nl of en).
# Voeg gerust waarden toe; verander of verwijder een sleutel alleen als geen
# record hem meer gebruikt ('knelpunt check' vertelt het je).
"""

ROUTING_COMMENT = """
Adresseren: welke probleem-oplosser (actor-id) op welk niveau. De eerste regel die
past, beslist. Een regel kijkt naar themes, types, laws, tags en regions; '@municipality'
en '@province' betekenen: de gemeente of provincie van de meldende initiatieven.
Voorbeeld:
  rules:
    - name: belasting
      match: {laws: [vpb, anbi]}
      to: [ac-xxxxx-xxxxx, ac-yyyyy-yyyyy]
      level: national
  default: {to: [ac-zzzzz-zzzzz], level: national}"""

PRIORITY_COMMENT = """
Prioriteit: de gewichten van de delen van de score ('knelpunt prioritise --explain ID')."""

GITATTRIBUTES = """\
# Records are text with LF line endings on every laptop, Windows included,
# so that a pull request never shows a whole file changed by line endings.
* text=auto eol=lf
*.yaml text eol=lf
"""

EDITORCONFIG = """\
root = true

[*]
charset = utf-8
end_of_line = lf
insert_final_newline = true
trim_trailing_whitespace = true

[*.{yaml,yml}]
indent_style = space
indent_size = 2
"""

GITIGNORE = f"""\
# knelpunt's cache of parsed records: derived, rebuilt when needed.
{CACHE_DIR}/
# The write lock (outside git only) and what a killed write can leave behind.
.knelpunt.lock
.*.tmp
"""


#: Runs ``knelpunt check`` before every commit, with the knelpunt installed on
#: the laptop (the project's ``.pre-commit-hooks.yaml`` is the same hook for a
#: repository that pins a knelpunt version instead).
PRE_COMMIT_CONFIG = """\
# Controleer de records voor elke commit: installeer pre-commit en typ eenmalig
# 'pre-commit install'. / Check the records before every commit: install
# pre-commit and type 'pre-commit install' once.
repos:
  - repo: local
    hooks:
      - id: knelpunt-check
        name: knelpunt check
        entry: knelpunt check
        language: system
        pass_filenames: false
        files: ^(data/.*\\.yaml|knelpunt\\.yaml)$
"""


def vscode_files() -> list[tuple[str, str]]:
    """VS Code's recommendation of the YAML extension, and its settings giving
    each folder of records its JSON Schema (field names completed, a wrong
    theme flagged while typing, the labels shown on hover)."""
    import json

    schemas: dict[str, list[str]] = {}
    for kind, folder in FOLDERS.items():
        pattern = (
            f"{DATA_DIR}/{folder}/*/*.yaml" if kind == "update" else f"{DATA_DIR}/{folder}/*.yaml"
        )
        schemas[f"./{SCHEMA_DIR}/{schema_name(kind)}"] = [pattern]
    extensions = {"recommendations": ["redhat.vscode-yaml"]}
    settings = {"yaml.schemas": schemas, "files.eol": "\n"}
    return [
        (".vscode/extensions.json", json.dumps(extensions, indent=2) + "\n"),
        (".vscode/settings.json", json.dumps(settings, indent=2) + "\n"),
    ]


def config_text(config: Config | None = None) -> str:
    """knelpunt.yaml in house style: each label on one line, as ``{nl: .., en: ..}``."""
    from ruamel.yaml.comments import CommentedMap

    data = (config or Config()).model_dump(exclude_none=True)
    document = yamlio.to_yaml_value(data)
    for vocabulary in document["vocabularies"].values():
        for label in vocabulary.values():
            if isinstance(label, CommentedMap):
                label.fa.set_flow_style()
    document.yaml_set_start_comment(CONFIG_HEADER.rstrip("\n"))
    document.yaml_set_comment_before_after_key(
        "routing", before=ROUTING_COMMENT.rstrip("\n"), indent=0
    )
    document.yaml_set_comment_before_after_key(
        "priority", before=PRIORITY_COMMENT.rstrip("\n"), indent=0
    )
    return yamlio.dump(document)


def init_repository(path: Path, use_git: bool = True) -> dict[str, Any]:
    """Create a knelpunt repository at ``path``. Returns what was made."""
    path.mkdir(parents=True, exist_ok=True)
    if (path / CONFIG_FILE).exists():
        raise KnelpuntError("init_exists", path=str(path))
    created: list[Path] = []
    git_created = False
    if use_git:
        git_created = _ensure_git(path)
    for name, text in (
        (".gitattributes", GITATTRIBUTES),
        (".editorconfig", EDITORCONFIG),
        (".gitignore", GITIGNORE),
        (".pre-commit-config.yaml", PRE_COMMIT_CONFIG),
        *vscode_files(),
    ):
        target = path / name
        if not target.exists() and not target.is_symlink():
            target.parent.mkdir(exist_ok=True)
            atomic.write_new(target, text)
            created.append(target)
    for folder in FOLDERS.values():
        keep = path / DATA_DIR / folder / ".gitkeep"
        if not keep.exists():
            atomic.write_new(keep, "")
            created.append(keep)
    atomic.write_new(path / CONFIG_FILE, config_text())
    created.append(path / CONFIG_FILE)

    created += write_schemas(Config(), path / SCHEMA_DIR)
    if git_created:
        _first_commit(path)
    return {"created": created, "git": git_created}


def _first_commit(path: Path) -> None:
    """Commit what init made, so that branches (``submit``) have a start.

    A new laptop's git may not know its user yet: the scaffold is then signed
    by knelpunt itself, and the person's own name comes with their first submit.
    """
    import git

    repository = git.Repo(path)
    repository.git.add("--all")
    signer = None if has_identity(path) else git.Actor("knelpunt", "knelpunt@localhost")
    repository.index.commit("knelpunt init", author=signer, committer=signer)


def _ensure_git(path: Path) -> bool:
    """``git init`` unless ``path`` already lies inside a git work tree."""
    import git

    try:
        git.Repo(path, search_parent_directories=True)
        return False
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        git.Repo.init(path, initial_branch="main")
        return True
