"""The command line: a thin layer over the library.

Each command lives in a module of its own and imports the library only when it
runs, so ``knelpunt --help`` starts quickly. ``main(argv) -> int`` is what the
console script and the tests call; it turns every error into a message and an
exit code: 0 done, 1 problems found or bad input, 2 wrong usage or no
repository, 3 an internal error, 130 interrupted.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


def language_from(argv: Sequence[str], environ: dict[str, str] | os._Environ[str]) -> str:
    """The language asked for before any repository is read: --lang, then the
    environment. knelpunt.yaml's own choice is applied once it is read."""
    from knelpunt.messages import normalise_language

    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return normalise_language(argv[index + 1])
        if arg.startswith("--lang="):
            return normalise_language(arg.split("=", 1)[1])
    return normalise_language(environ.get("KNELPUNT_LANG"))


GLOBAL_OPTIONS = ("--lang", "--repo")
GLOBAL_FLAGS = ("--quiet", "-q")


def hoist_global_options(args: list[str]) -> list[str]:
    """Let ``--lang``, ``--repo`` and ``--quiet`` stand anywhere, as people type
    them (``knelpunt add meeting --lang en``), by moving them before the command."""
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest.extend(args[index:])
            break
        if arg in GLOBAL_OPTIONS and index + 1 < len(args):
            front += [arg, args[index + 1]]
            index += 2
            continue
        if arg in GLOBAL_FLAGS:
            front.append(arg)
            index += 1
            continue
        if arg.split("=", 1)[0] in GLOBAL_OPTIONS and "=" in arg:
            front.append(arg)
        else:
            rest.append(arg)
        index += 1
    return front + rest


def main(argv: Sequence[str] | None = None) -> int:
    from knelpunt.cli import progress
    from knelpunt.cli._click import Abort, ClickException, NoArgsIsHelpError, UsageError
    from knelpunt.cli.app import build_app
    from knelpunt.cli.completion import COMPLETE_VAR
    from knelpunt.cli.help import typed_commands, usage_error
    from knelpunt.errors import KnelpuntError
    from knelpunt.messages import message

    _never_crash_on_the_console()
    args = hoist_global_options(list(sys.argv[1:] if argv is None else argv))
    lang = language_from(args, os.environ)
    command = None
    completing = bool(os.environ.get(COMPLETE_VAR))
    if completing:  # a shell asks what fits: add's flags too
        from knelpunt.cli.completion import prepare

        prepare()
    quiet = any(arg in GLOBAL_FLAGS for arg in args[: _end_of_options(args)])
    try:
        command = build_app(lang, ["add"] if completing else args)
        if completing:
            from knelpunt.cli.help import write_out_help

            write_out_help(command, lang)
        name = next(iter(typed_commands(command, args)), None)
        working = message("progress_working", lang, command=f"knelpunt {name}")
        with progress.around(name, working, quiet):
            result = command.main(args=args, prog_name="knelpunt", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else "", file=sys.stderr)
        return EXIT_USAGE
    except UsageError as exc:
        print(usage_error(exc, lang, command, args), file=sys.stderr)
        return EXIT_USAGE
    except (Abort, KeyboardInterrupt):
        print(message("interrupted", lang), file=sys.stderr)
        return EXIT_INTERRUPTED
    except KnelpuntError as exc:
        from knelpunt.cli.output import print_error

        print_error(exc, lang)
        return exc.exit_code
    except ClickException as exc:
        print(exc.format_message(), file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        # A full disk, a read-only folder, a file someone else holds: the
        # computer's own fault, told as such, not as a bug in knelpunt.
        if os.environ.get("KNELPUNT_DEBUG"):
            raise
        print(_system_message(exc, lang), file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as exc:
        if os.environ.get("KNELPUNT_DEBUG"):
            raise
        if type(exc).__name__ == "GitCommandError":  # without importing git for every command
            print(_git_message(exc, lang), file=sys.stderr)
            return EXIT_PROBLEMS
        print(
            message("internal_error", lang, error=f"{type(exc).__name__}: {exc}"), file=sys.stderr
        )
        return EXIT_INTERNAL
    finally:
        _tell_refused_cache(lang)
    return result if isinstance(result, int) else EXIT_OK


def _tell_refused_cache(lang: str) -> None:
    """Once a command, if it found its cache folder not the user's alone and
    worked without it (``pickles.own_folder``). Not imported just to look:
    a command that wrote nothing in the cache did not load it."""
    pickles = sys.modules.get("knelpunt.pickles")
    refused = getattr(pickles, "REFUSED_FOLDERS", None)
    if refused:
        from knelpunt.escape import terminal
        from knelpunt.messages import message

        print(message("cache_folder_unsafe", lang, path=terminal(str(refused[0]))), file=sys.stderr)
        refused.clear()


def _end_of_options(args: list[str]) -> int:
    return args.index("--") if "--" in args else len(args)


def _never_crash_on_the_console() -> None:
    """A console on a code page without "→" or "ë" (Windows' cp1252, cp850) gets
    a replacement character, never a UnicodeEncodeError; a document for another
    program is written in UTF-8 with ``-o FILE``."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if reconfigure is not None and encoding != "utf8":
            with contextlib.suppress(ValueError, OSError):  # a stream that cannot
                reconfigure(errors="replace")


def _git_message(exc: Exception, lang: str) -> str:
    from knelpunt.escape import terminal
    from knelpunt.gitops import git_words
    from knelpunt.messages import message

    # git's own words go on the message's last line, for an expert (issue 29).
    return message("git_failed", lang, error=terminal(git_words(exc)))


def _system_message(exc: OSError, lang: str) -> str:
    import errno

    from knelpunt.escape import terminal
    from knelpunt.messages import message

    key = {
        errno.ENOSPC: "os_disk_full",
        errno.EROFS: "os_read_only",
        errno.EACCES: "os_no_permission",
        errno.EPERM: "os_no_permission",
    }.get(exc.errno or 0, "os_error")
    path = exc.filename if exc.filename is not None else "-"
    return message(key, lang, path=terminal(path), error=terminal(exc.strerror or exc))
