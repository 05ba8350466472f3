from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from knelpunt import ids


def test_new_ids_have_prefix_and_two_groups_of_five():
    value = ids.new_id("bottleneck")
    prefix, first, second = value.split("-")
    assert prefix == "kp"
    assert len(first) == len(second) == 5
    assert ids.is_valid_id(value)
    assert set(first + second) <= set(ids.ALPHABET)


def test_alphabet_leaves_out_letters_confused_when_read_aloud():
    assert len(ids.ALPHABET) == 32
    assert not set("ilou") & set(ids.ALPHABET)


def test_collision_arithmetic_for_100_000_records():
    # 32**10 ids per kind; the birthday bound for 100,000 of them.
    assert len(ids.ALPHABET) ** ids.RANDOM_LENGTH == 1_125_899_906_842_624
    probability = ids.collision_probability(100_000)
    assert 4.0e-6 < probability < 4.8e-6
    # Five characters fewer would not do: a collision would be likely.
    assert ids.collision_probability(100_000, length=5) > 0.99


def test_ten_thousand_new_ids_are_distinct():
    made = {ids.new_id("initiative") for _ in range(10_000)}
    assert len(made) == 10_000


def test_update_ids_sort_in_time_order():
    early = ids.new_update_id(datetime(2026, 1, 2, 3, 4, 5))
    late = ids.new_update_id(datetime(2026, 1, 2, 3, 4, 6))
    assert early < late
    assert early.startswith("20260102-030405000000-")
    same_second = ids.new_update_id(datetime(2026, 1, 2, 3, 4, 5, 1))
    assert early < same_second < late


@given(st.text())
def test_no_valid_id_can_leave_its_folder(text):
    if ids.is_valid_id(text):
        assert "/" not in text and "\\" not in text and ".." not in text
        assert text == text.lower() and text.strip() == text and text


def test_examples_of_invalid_ids():
    for bad in ["", "../etc/passwd", "KP-1", "kp_1", "kp--1", "-kp", "kp-", "kp 1", "a" * 65]:
        assert not ids.is_valid_id(bad), bad
