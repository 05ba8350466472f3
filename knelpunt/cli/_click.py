"""Click's exception classes, wherever this Typer keeps them.

Typer 0.29 and later carry their own copy of Click as ``typer._click``; older
releases depend on Click itself. The exceptions behave the same either way.
"""

from __future__ import annotations

from typer import Abort

try:
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover - Typer before 0.29
    from click.exceptions import (  # type: ignore[assignment,no-redef,unused-ignore]
        ClickException,
        NoArgsIsHelpError,
        UsageError,
    )

__all__ = ["Abort", "ClickException", "NoArgsIsHelpError", "UsageError"]
