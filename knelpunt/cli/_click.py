"""Click's exception classes, wherever this Typer keeps them.

Typer 0.29 and later carry their own copy of Click as ``typer._click``; older
releases depend on Click itself. The exceptions behave the same either way.
"""

from __future__ import annotations

from typer import Abort

try:
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
    from typer._click.utils import make_default_short_help
except ImportError:  # pragma: no cover - Typer before 0.29
    from click.exceptions import (  # type: ignore[assignment,no-redef,unused-ignore]
        ClickException,
        NoArgsIsHelpError,
        UsageError,
    )
    from click.utils import (  # type: ignore[no-redef,unused-ignore]
        make_default_short_help,
    )

__all__ = ["Abort", "ClickException", "NoArgsIsHelpError", "UsageError", "make_default_short_help"]
