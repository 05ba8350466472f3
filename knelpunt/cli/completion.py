"""``knelpunt completion SHELL``: the script that lets a shell complete knelpunt's
commands, options and choices (bash, zsh, fish, PowerShell)."""

# No "from __future__ import annotations": Typer reads these annotations at run time.

from enum import StrEnum
from typing import Annotated

import typer

from knelpunt.cli.context import command

#: The environment variable the script sets when it asks knelpunt what fits.
COMPLETE_VAR = "_KNELPUNT_COMPLETE"


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"


@command("completion", help="completion")
def completion_command(
    shell: Annotated[Shell, typer.Argument(help="completion_shell")],
) -> int:
    # Typer writes the scripts; the answers come from knelpunt.cli.main, which
    # recognises COMPLETE_VAR. Neither reads a repository.
    from typer._completion_shared import get_completion_script

    script = get_completion_script(prog_name="knelpunt", complete_var=COMPLETE_VAR, shell=shell)
    typer.echo(script.strip())
    return 0


def prepare() -> None:
    """Make Typer's completion classes known to Click, before a shell's
    question is answered."""
    from typer._completion_classes import completion_init

    completion_init()
