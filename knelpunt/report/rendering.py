"""Rendering a report: the sandboxed Jinja2 environment, Markdown and HTML,
spooled to a temporary file when long, and the SVG charts of the progress report.

The templates (``templates/*.md.j2``, a repository's own ``templates/`` first)
run in Jinja2's sandbox with undefined names as errors. They receive plain
data only (strings, numbers, lists, dicts), never records, so a template, even
one from a pull request, reaches nothing beyond the report's figures; and no
contact person is ever part of that data."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from knelpunt import charts, escape
from knelpunt.errors import KnelpuntError
from knelpunt.formats import number
from knelpunt.memo import builtin_templates
from knelpunt.messages import report_text
from knelpunt.safeio import is_inside
from knelpunt.templating import (
    BoundedEnvironment,
    ConfinedLoader,
    inert,
    page_start,
    render_bounded,
    without_controls,
)

# --- making user text safe in Markdown ------------------------------------------

inline = escape.inline


def mermaid(value: Any) -> str:
    """A label inside a Mermaid chart: one line, no quotes or brackets."""
    text = " ".join(str(value).split())
    return re.sub(r'["\[\]{}();:`#<>|]', " ", text).strip() or "-"


FORMATS = ("md", "html")


def render(
    name: str,
    context: dict[str, Any],
    repository_templates: Path,
    lang: str,
    output_format: str = "md",
    href: Callable[[str, str], str] | None = None,
    out: Callable[[str], object] | None = None,
    scale: int = 1,
) -> str:
    """Render report ``name`` as Markdown or as one self-contained HTML file:
    the repository's own template if it has one, else the built-in one;
    sandboxed and bounded (see ``knelpunt.templating``). HTML templates
    escape every value (autoescape), so text from the records never becomes
    markup; their charts are SVG drawn by ``knelpunt.charts``. With ``out``,
    the text is handed to it a piece at a time, and "" returned. ``scale``:
    see ``templating.scale_for``."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    if repository_templates.is_symlink() or not is_inside(
        repository_templates.parent, repository_templates
    ):
        raise KnelpuntError("path_through_symlink", path=repository_templates.name)
    # The folder's time changes when a template is added or removed in it.
    own = repository_templates.stat().st_mtime_ns if repository_templates.is_dir() else None
    environment = _environment(repository_templates, own, lang, output_format, href)
    template_name = f"{name}.{output_format}.j2"
    if output_format == "html":
        context = {**context, "charts": charts_for(name, context, lang)}
    try:
        template = environment.get_template(template_name)
        pieces = template.generate(context)
        if output_format == "html":
            # The page's start and its policy come first, from knelpunt.
            pieces = itertools.chain([page_start(lang)], inert(pieces))
        return render_bounded(without_controls(pieces), out=out, scale=scale)
    except KnelpuntError as error:
        error.params.setdefault("template", template_name)
        raise
    except TemplateNotFound as exc:
        raise KnelpuntError(
            "template_not_found", template=template_name, name=exc.name or ""
        ) from None
    except TemplateSyntaxError as exc:
        # Name the file and line that are wrong: often a template it extends
        # or includes (_page.html.j2), not the report's own.
        where = f"{exc.name or template_name}:{exc.lineno}" if exc.lineno else template_name
        raise KnelpuntError("template_error", template=where, error=exc.message or "") from None
    except TemplateError as exc:
        raise KnelpuntError("template_error", template=template_name, error=str(exc)) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        # Raised by the template's own expressions: {{ 1 // 0 }}, {{ [][1] }}.
        problem = f"{type(exc).__name__}: {exc}"
        raise KnelpuntError("template_error", template=template_name, error=problem) from None


@functools.lru_cache(maxsize=8)
def _environment(
    repository_templates: Path,
    own: int | None,
    lang: str,
    output_format: str,
    href: Callable[[str, str], str] | None,
) -> BoundedEnvironment:
    """The sandbox the templates render in, made once for each way a command
    renders: compiling the templates again for every page was most of the
    time of a site (20 ms a page). Jinja2 checks each template's file for
    changes before it uses the one compiled. ``own``: the time of the
    repository's templates folder, if it has one (a template added since is
    looked for)."""
    from jinja2 import ChoiceLoader, StrictUndefined

    loaders = [ConfinedLoader(builtin_templates())]
    if own is not None:
        loaders.insert(0, ConfinedLoader(repository_templates))
    environment = BoundedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=output_format == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["text"] = inline
    environment.filters["paragraph"] = escape.paragraph
    environment.filters["mermaid"] = mermaid
    # Amounts in tables and sentences as the reader writes them (10.471 in
    # Dutch); charts take the plain numbers.
    environment.filters["number"] = lambda value: number(value, lang)
    environment.globals["t"] = _translator(lang)
    # Where a record's page is: on the site (knelpunt site) a relative link,
    # in a single report none. A global, not a value of the context: the
    # macros a template imports see only globals.
    environment.globals["href"] = href or (lambda kind, record_id: "")
    environment.filters["zip_rows"] = zip_rows
    return environment


def zip_rows(first: list[Any], *others: list[Any]) -> list[list[Any]]:
    """Columns side by side as table rows: ``names|zip_rows(counts)``."""
    return [list(row) for row in zip(first, *others, strict=False)]


#: A report up to this many characters is kept in the memo (``memo.keep``),
#: and handed over as one text; a longer one is read back from its spool. The
#: agenda of 10,000 bottlenecks is some 10 million characters, of 50,000 some 50.
MEMO_MAX_CHARS = 16 * 1024 * 1024


class Spooled:
    """A rendered report in a temporary file, handed on a piece at a time:
    never held whole (``render_spooled``)."""

    def __init__(self, handle: Any, size: int) -> None:
        self._handle = handle
        #: Characters written.
        self.size = size

    def text(self) -> str:
        self._handle.seek(0)
        text: str = self._handle.read()
        return text

    def pieces(self) -> Iterator[str]:
        self._handle.seek(0)
        while piece := self._handle.read(1 << 20):
            yield piece

    def close(self) -> None:
        self._handle.close()


def render_spooled(
    name: str,
    context: dict[str, Any],
    repository_templates: Path,
    lang: str,
    output_format: str = "md",
    href: Callable[[str, str], str] | None = None,
    scale: int = 1,
) -> Spooled:
    """``render``, into a temporary file: nothing is shown or written before
    the template has rendered to its end, and no more of it held at once
    than a piece."""
    import tempfile

    # Outlives this call: closed by Spooled.close.
    handle = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
    written = 0

    def out(piece: str) -> None:
        nonlocal written
        written += len(piece)
        handle.write(piece)

    try:
        render(name, context, repository_templates, lang, output_format, href, out, scale)
    except BaseException:
        handle.close()
        raise
    return Spooled(handle, written)


def charts_for(name: str, context: dict[str, Any], lang: str) -> dict[str, Any]:
    """The SVG charts of report ``name``, from the same data as its tables."""
    t = _translator(lang)
    if name != "progress":
        return {}
    plan = context["plan"]
    themes = [
        (
            row["theme"],
            [
                charts.Segment(label, count, charts.STATUS_COLOURS.get(key, charts.BAR))
                for label, key, count in zip(
                    context["statuses"], context["status_keys"], row["counts"], strict=True
                )
            ],
        )
        for row in context["by_theme"]
    ]
    return {
        "plan": charts.progress_bars(
            t("plan"),
            [
                (t("explorers"), context["explorers_active"], plan["explorers"]),
                (t("explorer_meetings"), context["meetings_held"], plan["meetings"]),
                (t("initiatives_heard"), context["initiatives_heard"], plan["initiatives"]),
            ],
            lang,
            t("col_done"),
        ),
        "themes": charts.stacked_bars(t("by_theme"), themes, lang),
        "levels": charts.bars(
            t("by_level"), [(r["level"], r["count"]) for r in context["by_level"]], lang
        ),
        "solvers": charts.bars(
            t("by_solver"), [(r["name"], r["total"]) for r in context["by_solver"]], lang
        ),
        "months": charts.months(
            t("over_time"),
            [(r["month"], r["reported"], r["resolved"]) for r in context["over_time"]],
            (t("reported_per_month"), t("resolved_per_month")),
            lang,
        ),
    }


def _translator(lang: str) -> Callable[..., str]:
    def t(key: str, **params: Any) -> str:
        return report_text(key, lang, **params)

    return t
