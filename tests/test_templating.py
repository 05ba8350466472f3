"""templating: templates from one folder, rendered within bounds, made inert."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import TemplateNotFound

from knelpunt import templating
from knelpunt.errors import TemplateLimit


def _environment(folder: Path) -> templating.BoundedEnvironment:
    return templating.BoundedEnvironment(loader=templating.ConfinedLoader(folder), autoescape=True)


def _render(folder: Path, source: str, **context: object) -> str:
    (folder / "t.html.j2").write_text(source, "utf-8")
    template = _environment(folder).get_template("t.html.j2")
    return templating.render_bounded(template.generate(**context), seconds=5)


def test_scale_grows_a_unit_per_ten_thousand_bottlenecks() -> None:
    assert [templating.scale_for(n) for n in (0, 1, 10_000, 10_001, 50_000)] == [1, 1, 1, 2, 5]


@given(st.lists(st.text(alphabet="<scriptmeba/ >xX", max_size=8), max_size=12))
def test_inert_finds_an_element_cut_across_pieces(pieces: list[str]) -> None:
    whole = "".join(pieces)
    assert "".join(templating.inert(iter(pieces))) == "".join(templating.inert(iter([whole])))


def test_inert_examples() -> None:
    made = "".join(templating.inert(iter(["<p>a</p><scr", "ipt>x</script><META http-equiv>"])))
    assert made == "<p>a</p>&lt;script>x&lt;/script>&lt;META http-equiv>"
    assert "".join(templating.inert(iter(["<span>", "<s>"]))) == "<span><s>"


def test_without_controls_writes_them_out() -> None:
    assert list(templating.without_controls(iter(["a\x1b]52;c;x\x07", "tab\tok\n"]))) == [
        "a\\x1b]52;c;x\\x07",
        "tab\tok\n",
    ]


def test_the_page_start_carries_the_policy() -> None:
    start = templating.page_start('nl" onload="x')
    assert 'lang="nl&quot; onload=&quot;x"' in start
    assert "default-src 'none'" in start and "<meta charset" in start


def test_the_loader_stays_in_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (tmp_path / "geheim.txt").write_text("geheim")
    (folder / "link.j2").symlink_to(tmp_path / "geheim.txt")
    environment = _environment(folder)
    for name in ("../geheim.txt", "link.j2", "/etc/passwd", "c:x", "nergens.j2"):
        with pytest.raises(TemplateNotFound):
            environment.get_template(name)
    (folder / "groot.j2").write_text("x" * (templating.MAX_TEMPLATE_BYTES + 1))
    with pytest.raises(TemplateLimit) as caught:
        environment.get_template("groot.j2")
    assert caught.value.key == "template_too_large"


@pytest.mark.parametrize(
    ("source", "key"),
    [
        ("{{ 9 ** 99999 }}", "template_number_too_big"),
        ("{{ (2 ** 4000) * (2 ** 4000) }}", "template_number_too_big"),
        ("{{ 'x' * 2000000 }}", "template_output_too_large"),
        ("{% for i in range(10) %}{{ 'x' * 100000 }}{% endfor %}", "template_output_too_large"),
    ],
)
def test_a_template_that_computes_too_much_is_stopped(
    tmp_path: Path, source: str, key: str
) -> None:
    with pytest.raises(TemplateLimit) as caught:
        (tmp_path / "t.html.j2").write_text(source)
        template = _environment(tmp_path).get_template("t.html.j2")
        templating.render_bounded(template.generate(), seconds=5, max_chars=500_000)
    assert caught.value.key == key


def test_a_template_that_runs_too_long_is_stopped(tmp_path: Path) -> None:
    (tmp_path / "t.html.j2").write_text(
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    )
    template = _environment(tmp_path).get_template("t.html.j2")
    with pytest.raises(TemplateLimit) as caught:
        templating.render_bounded(template.generate(), seconds=0.2)
    assert caught.value.key == "template_too_slow"


def test_record_text_is_escaped_and_pieces_can_be_handed_on(tmp_path: Path) -> None:
    assert (
        _render(tmp_path, "<p>{{ title }}</p>", title="<b>Vpb</b>")
        == "<p>&lt;b&gt;Vpb&lt;/b&gt;</p>"
    )
    pieces: list[str] = []
    template = _environment(tmp_path).get_template("t.html.j2")
    kept = templating.render_bounded(template.generate(title="x"), seconds=5, out=pieces.append)
    assert kept == "" and "".join(pieces) == "<p>x</p>"
