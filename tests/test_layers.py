"""The core's imports point one way: down this table, never up, never in a
circle, and all at the top of each file. The command line (``knelpunt/cli``)
stands above every layer; the core never imports it. See the README's
"Development" section for what each layer is for."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import PROJECT

LAYERS: dict[str, tuple[str, ...]] = {
    # Words and pure rules: no file, no record.
    "words": (
        "catalog", "messages", "formats", "money", "charts", "escape", "ids", "privacy", "similar",
        "config", "workflow",
    ),
    # What a record is, and what can go wrong with one.
    "records": ("errors", "problems", "models", "fields", "choices", "markers", "field_text"),
    # Bytes on disk: safe reads, atomic writes, YAML, templates.
    "files": ("safeio", "atomic", "pickles", "cachedb", "plainyaml", "yamlio", "templating"),
    # One repository: where its files are, its cache, its lock, its git.
    "repository": (
        "repo", "scanning", "schema", "ci", "memo", "locking", "journal", "drafts",
        "gitrepo", "gitops",
    ),
    # All records of a repository, read and written.
    "store": ("store", "texts", "sync", "scaffold"),
    # What people do with them.
    "use cases": (
        "actions", "checks", "conflicts", "diff", "facts", "review", "revisions",
        "export", "priority", "routing", "index", "queries", "report", "site",
        "knowledge",
        "ranking", "ballot", "voice", "verdicts", "notify", "mail", "frontrunners", "worklist",
        "search", "costs",
    ),
}  # fmt: skip
RANK = {module: rank for rank, modules in enumerate(LAYERS.values()) for module in modules}
CORE = PROJECT / "knelpunt"


def imports(path: Path) -> tuple[set[str], set[str]]:
    """(own modules imported at the top, own modules imported inside a function);
    imports only for type checking are left out."""
    top: set[str] = set()
    inner: set[str] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom) and child.module:
                if child.module == "knelpunt":
                    names = {alias.name for alias in child.names}
                elif child.module.startswith("knelpunt."):
                    names = {child.module.split(".")[1]}
                else:
                    names = set()
                (inner if in_function else top).update(names)
            function = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            visit(child, in_function or function)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return top, inner


def core_modules() -> dict[str, list[Path]]:
    """Each module of the core, and the files it is: one, or a package's
    (``knelpunt/report/``), which stands in the table as one module."""
    found = {p.stem: [p] for p in CORE.glob("*.py") if p.stem not in ("__init__", "__main__")}
    for package in CORE.glob("*/__init__.py"):
        if package.parent.name != "cli":
            found[package.parent.name] = sorted(package.parent.glob("*.py"))
    return found


def module_imports(paths: list[Path]) -> tuple[set[str], set[str]]:
    top: set[str] = set()
    inner: set[str] = set()
    for path in paths:
        found_top, found_inner = imports(path)
        top |= found_top
        inner |= found_inner
    return top, inner


def test_every_core_module_has_a_layer():
    assert set(core_modules()) == set(RANK)


def test_imports_point_down_or_sideways_never_up_and_never_into_the_cli():
    wrong = []
    for name, path in core_modules().items():
        top, inner = module_imports(path)
        for target in (top | inner) - {name}:
            if target == "cli" or RANK.get(target, -1) > RANK[name]:
                wrong.append(f"{name} ({RANK[name]}) imports {target} ({RANK.get(target)})")
    assert wrong == []


def test_no_module_of_the_core_imports_its_own_kind_inside_a_function():
    inside = {name: module_imports(path)[1] - {name} for name, path in core_modules().items()}
    assert {name: found for name, found in inside.items() if found} == {}


def test_there_is_no_circle():
    graph = {
        name: (module_imports(path)[0] | module_imports(path)[1]) - {name}
        for name, path in core_modules().items()
    }
    done: set[str] = set()

    def walk(name: str, trail: tuple[str, ...]) -> None:
        assert name not in trail, " -> ".join((*trail, name))
        if name in done:
            return
        for target in graph.get(name, ()):
            if target in graph:
                walk(target, (*trail, name))
        done.add(name)

    for name in graph:
        walk(name, ())


def test_commands_are_defined_at_module_level():
    """Each command is a module-level function whose help texts are catalog keys,
    so no command needs to know the language to be defined; only ``add``, whose
    flags come from the models, is built per language."""
    from knelpunt.cli import app
    from knelpunt.cli.context import REGISTRY
    from knelpunt.messages import HELP

    for module in app.COMMANDS:
        source = Path(module.__file__ or "").read_text(encoding="utf-8")
        if module is app.add:
            continue
        assert "def register(" not in source, module.__name__
        entries = REGISTRY[module.__name__]
        assert entries, module.__name__
        for _name, help_key, _function in entries:
            assert help_key in HELP, (module.__name__, help_key)
    command = app.build_app("nl")
    for name, sub in command.commands.items():
        if name == "add":
            continue
        for param in sub.params:
            assert param.help is None or param.help in HELP, (name, param.name, param.help)
