"""Personal data: contact details typed into free text are flagged by check."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knelpunt.privacy import findings
from tests.conftest import VALID_BOTTLENECK


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Mail Anna via anna.de.vries@example.org voor meer", "email"),
        ("Bel 06-12345678 na zessen", "phone"),
        ("Bel 0595 123456", "phone"),
        ("Bel +31 6 1234 5678", "phone"),
        ("Woont op Dorpsstraat 12, 1234 AB Warffum", "address"),
        ("Adres: 9989 AA 7", "address"),
    ],
)
def test_personal_data_is_found(text, kind):
    assert kind in {k for k, _ in findings(text)}


@pytest.mark.parametrize(
    "text",
    [
        "In 2026 meldden 400 initiatieven 35 knelpunten",
        "Artikel 2.1.3 van de Wmo 2015",
        "Zie https://www.vng.nl/handreiking",
        "Postcodegebied 1234 zonder letters",
    ],
)
def test_ordinary_text_is_not_flagged(text):
    assert list(findings(text)) == []


@given(st.text(alphabet=st.characters(blacklist_characters="@0123456789")))
def test_text_without_digits_or_at_signs_is_never_flagged(text):
    assert list(findings(text)) == []


def test_check_warns_about_contact_details_in_free_text(empty_repo, run):
    path = empty_repo / "data" / "bottlenecks" / "kp-aaaaa-bbbbb.yaml"
    path.write_text(
        VALID_BOTTLENECK.replace(
            "description: Zorgcoöperaties betalen vennootschapsbelasting.",
            "description: Bel Anna op 06-12345678 of mail anna@example.org.",
        )
    )
    result = run("check", cwd=empty_repo)
    assert result.code == 0  # a warning: the coordinator decides
    assert "description: waarschuwing: dit lijkt een telefoonnummer (06-12345678)" in result.out
    assert "dit lijkt een e-mailadres (anna@example.org)" in result.out
    assert "kp-aaaaa-bbbbb.yaml:3:14:" in result.out


def test_the_example_data_keeps_contacts_in_contact_blocks(run):
    from tests.conftest import PROJECT

    assert "waarschuwing" not in run("check", cwd=PROJECT).out
