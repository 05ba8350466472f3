"""Help pages and usage errors in the reader's language.

The Click that Typer carries writes "Usage:", "Options:", "[required]" and its
error sentences in English, without gettext. knelpunt therefore writes the help
page itself (Click's ``HelpFormatter`` still does the layout) and rewords every
usage error from the exception's own fields (which option, which argument, what
was offered), with the words from the catalog, context ``cli``. Placeholders
for values (``DATUM``, ``ID``, ``N``) come from the catalog's ``metavar``
context, by parameter name, so usage line, option list and error agree.
"""

from __future__ import annotations

import enum
import inspect
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from knelpunt import catalog, ids
from knelpunt.cli._click import UsageError
from knelpunt.messages import HELP, normalise_language


def words(key: str, lang: str, **params: Any) -> str:
    return catalog.load(normalise_language(lang)).text(key, "cli").format(**params)


def translate(text: str, lang: str) -> str:
    """A help text: the catalog's text when ``text`` is one of its keys (commands
    defined at module level give keys), else ``text`` as it is (``add`` builds
    its flags in the reader's language already)."""
    return HELP.text(text, lang) if text in HELP else text


def localise(command: Any, lang: str) -> None:
    """Give ``command`` and every command below it a help page in ``lang``.

    Typer has no setting for the class of every command, so the classes are
    swapped here, once, for subclasses that only replace the help page."""
    command.__class__ = _localised_class(type(command))
    command.knelpunt_lang = lang
    for param in getattr(command, "params", ()):
        if param.name in ID_PARAMETERS:
            param.callback = _lowercase_after(param.callback)
    for sub in getattr(command, "commands", {}).values():
        localise(sub, lang)


#: Parameters that take record ids. Ids are lowercase, but people copy them
#: from a printed agenda or type them with caps lock: ``KP-7F3K9-Q2MXZ`` finds
#: ``kp-7f3k9-q2mxz``.
ID_PARAMETERS = frozenset(
    {"record_id", "record_ids", "bottleneck_id", "explain", "duplicate", "into"}
)


def _lowercase_after(callback: Any) -> Any:
    def lowercase(ctx: Any, param: Any, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().lower()
        elif isinstance(value, (list, tuple)):
            value = type(value)(v.strip().lower() if isinstance(v, str) else v for v in value)
        return callback(ctx, param, value) if callback is not None else value

    return lowercase


def write_out_help(command: Any, lang: str) -> None:
    """Replace the catalog keys of ``command``'s help texts, and those of every
    command below it, with their text: for a shell that shows them beside the
    completions it offers (zsh, fish, PowerShell)."""
    command.help = translate(command.help or "", lang)
    for param in getattr(command, "params", ()):
        if getattr(param, "help", None):
            param.help = translate(param.help, lang)
    for sub in getattr(command, "commands", {}).values():
        write_out_help(sub, lang)


_CLASSES: dict[type, type] = {}


def _localised_class(base: type) -> type:
    if getattr(base, "knelpunt_localised", False):
        return base
    if base not in _CLASSES:
        _CLASSES[base] = type(
            f"Localised{base.__name__}",
            (base,),
            {
                "knelpunt_localised": True,
                "format_help": _format_help,
                "format_usage": _format_usage,
                **(
                    {"get_command": _get_command, "resolve_command": _resolve_command}
                    if hasattr(base, "get_command")
                    else {}
                ),
            },
        )
    return _CLASSES[base]


#: Dutch names of the kinds of record, as people say them: ``knelpunt add
#: knelpunt`` is ``knelpunt add bottleneck``, ``add rangorde`` is ``add ranking``.
KIND_WORDS = ids.KIND_WORDS


def _get_command(self: Any, ctx: Any, name: str) -> Any:
    """A command by its name as typed: in any case, and a kind of record (``add
    knelpunt``) by its Dutch name too."""
    get = super(type(self), self).get_command
    found = get(ctx, name)
    if found is None:
        typed = name.strip().lower()
        found = get(ctx, typed) or get(ctx, KIND_WORDS.get(typed, typed))
    return found


def _resolve_command(self: Any, ctx: Any, args: list[str]) -> Any:
    """As Click resolves, with the command's own name in the usage line, however typed."""
    name, found, rest = super(type(self), self).resolve_command(ctx, args)
    return (found.name if found is not None else name), found, rest


def _lang(command: Any) -> str:
    return str(getattr(command, "knelpunt_lang", "nl"))


# --- the help page ----------------------------------------------------------------


def _format_usage(self: Any, ctx: Any, formatter: Any) -> None:
    formatter.write_usage(
        ctx.command_path, " ".join(usage_pieces(self, ctx)), prefix=words("usage", _lang(self))
    )


def _format_help(self: Any, ctx: Any, formatter: Any) -> None:
    lang = _lang(self)
    _format_usage(self, ctx, formatter)
    if self.help:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(translate(inspect.cleandoc(self.help).partition("\f")[0], lang))
    arguments = [p for p in self.params if p.param_type_name == "argument"]
    options = [p for p in self.params if p.param_type_name == "option" and not p.hidden]
    if arguments:
        with formatter.section(words("arguments", lang)):
            formatter.write_dl([(metavar(p, lang), _describe(p, lang)) for p in arguments])
    rows = [(_option_names(p, lang), _describe(p, lang)) for p in options]
    rows.append(("--help", words("help_option", lang)))
    with formatter.section(words("options", lang)):
        formatter.write_dl(rows)
    commands = getattr(self, "commands", None)
    if commands:
        # Each command's description whole (its first paragraph), wrapped, not
        # cut off with "...": it is what people choose a command by.
        with formatter.section(words("commands", lang)):
            formatter.write_dl(
                [
                    (name, _first_paragraph(translate(sub.help or "", lang)))
                    for name, sub in commands.items()
                    if not getattr(sub, "hidden", False)
                ]
            )
    if ctx.parent is None and commands:
        with formatter.section(words("exit_codes", lang)):
            formatter.write_dl([(str(code), words(f"exit_{code}", lang)) for code in EXIT_CODES])


#: The exit codes the top-level help page explains (see ``knelpunt.cli``).
EXIT_CODES = (0, 1, 2, 3, 130)


def _first_paragraph(text: str) -> str:
    return " ".join(inspect.cleandoc(text).partition("\f")[0].split("\n\n")[0].split())


def usage_pieces(command: Any, ctx: Any) -> list[str]:
    lang = _lang(command)
    pieces = [words("options_metavar", lang)]
    for param in command.params:
        if param.param_type_name != "argument":
            continue
        name = metavar(param, lang)
        if param.nargs == -1:
            name = f"[{name}]..."
        elif not param.required:
            name = f"[{name}]"
        pieces.append(name)
    if getattr(command, "commands", None):
        pieces.append(words("command_metavar", lang))
    return pieces


def metavar(param: Any, lang: str) -> str:
    """What stands for the value: the catalog's word for this parameter, else
    the one the command set, else one made from the type."""
    texts = catalog.load(normalise_language(lang))
    if param.name and texts.has(param.name, "metavar"):
        return texts.text(param.name, "metavar")
    if param.metavar:
        return str(param.metavar).strip("[]").removesuffix("]...").removesuffix("...")
    annotation = _annotation(param)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "|".join(str(member.value) for member in annotation)
    if annotation is int:
        return "N"
    if isinstance(annotation, type) and issubclass(annotation, Path):
        return words("metavar_path", lang)
    return words("metavar_text", lang)


def _annotation(param: Any) -> Any:
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    # list[str] | None and the like: the type of one value.
    for inner in getattr(annotation, "__args__", ()) or ():
        if inner is not type(None):
            return _unwrap(inner)
    return _unwrap(annotation)


def _unwrap(annotation: Any) -> Any:
    args = getattr(annotation, "__args__", None)
    return args[0] if args and getattr(annotation, "__origin__", None) is list else annotation


def _option_names(param: Any, lang: str) -> str:
    names = " / ".join([", ".join(param.opts), *param.secondary_opts])
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return names
    return f"{names} {metavar(param, lang)}"


def _describe(param: Any, lang: str) -> str:
    extra: list[str] = []
    default = param.default
    if (
        param.param_type_name == "option"
        and param.show_default
        and not getattr(param, "is_flag", False)
        and default not in (None, "", (), [])
    ):
        shown = default.value if isinstance(default, enum.Enum) else default
        extra.append(words("default", lang, value=shown))
    if getattr(param, "min", None) is not None:
        extra.append(words("at_least", lang, value=param.min))
    if getattr(param, "max", None) is not None:
        extra.append(words("at_most", lang, value=param.max))
    if getattr(param, "multiple", False) or (param.param_type_name == "option" and _is_list(param)):
        extra.append(words("repeatable", lang))
    if param.required:
        extra.append(words("required", lang))
    text = translate(param.help or "", lang)
    if extra:
        text = f"{text}  [{'; '.join(extra)}]" if text else f"[{'; '.join(extra)}]"
    return text


def _is_list(param: Any) -> bool:
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    return "list[" in str(annotation)


# --- usage errors ------------------------------------------------------------------

_EXTRA_ARGUMENTS = re.compile(r"^Got unexpected extra argument\(s\) \((?P<values>.*)\)$", re.S)
_NO_SUCH_COMMAND = re.compile(
    r"^No such command (?P<name>'.*?')\.(?: Did you mean (?P<alt>.*)\?)?$"
)


def usage_error(exc: UsageError, lang: str, root: Any = None, args: Sequence[str] = ()) -> str:
    """``exc`` reworded in ``lang``, with where to read more: the help of the
    command that was typed, also when Click's parser did not know it yet."""
    command = exc.ctx.command_path if exc.ctx else "knelpunt"
    if root is not None and (exc.ctx is None or getattr(exc.ctx.command, "commands", None)):
        command = " ".join(["knelpunt", *typed_commands(root, args)])
    return words("usage_error", lang, problem=_problem(exc, lang), command=command)


def typed_commands(root: Any, args: Sequence[str]) -> list[str]:
    names: list[str] = []
    current = root
    for arg in args:
        commands = getattr(current, "commands", None)
        if not commands:
            break
        if arg in commands:
            names.append(arg)
            current = commands[arg]
    return names


def _problem(exc: UsageError, lang: str) -> str:
    kind = type(exc).__name__
    if kind == "NoSuchOption":
        option = str(getattr(exc, "option_name", "?"))
        possibilities = sorted(getattr(exc, "possibilities", None) or ())
        if possibilities:
            return words("no_such_option_hint", lang, option=option, alt=", ".join(possibilities))
        return words("no_such_option", lang, option=option)
    if kind == "BadOptionUsage":
        option = str(getattr(exc, "option_name", "?"))
        if "does not take" in exc.message:
            return words("option_takes_no_value", lang, option=option)
        return words("option_needs_value", lang, option=option)
    if kind == "MissingParameter":
        param = getattr(exc, "param", None)
        if param is not None and param.param_type_name == "option":
            return words("missing_option", lang, option=param.opts[0], value=metavar(param, lang))
        name = metavar(param, lang) if param is not None else "?"
        return words("missing_argument", lang, name=name)
    if kind == "BadParameter":
        return _bad_value(exc, lang)
    if kind == "BadArgumentUsage":
        return words("bad_arguments", lang)
    match = _EXTRA_ARGUMENTS.match(exc.message)
    if match:
        return words("extra_arguments", lang, values=match["values"])
    match = _NO_SUCH_COMMAND.match(exc.message)
    if match:
        if match["alt"]:
            return words("no_such_command_hint", lang, name=match["name"], alt=match["alt"])
        return words("no_such_command", lang, name=match["name"])
    if exc.message.startswith("Missing command"):
        return words("missing_command", lang)
    return exc.message  # raised by knelpunt itself, already in the reader's words


def _bad_value(exc: UsageError, lang: str) -> str:
    param = getattr(exc, "param", None)
    if param is None:
        hint = getattr(exc, "param_hint", None)
        if isinstance(hint, str):  # raised by knelpunt: the message lists the choices
            return words("bad_choice", lang, name=hint, allowed=exc.message)
        return exc.message
    name = param.opts[0] if param.param_type_name == "option" else metavar(param, lang)
    annotation = _annotation(param)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        allowed = ", ".join(str(member.value) for member in annotation)
        return words("bad_choice", lang, name=name, allowed=allowed)
    if annotation is int:
        if getattr(param, "min", None) is not None:
            return words("bad_number_min", lang, name=name, min=param.min)
        return words("bad_number", lang, name=name)
    return words("bad_value", lang, name=name, reason=exc.message)
