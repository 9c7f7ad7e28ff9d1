"""Versions as inventories write them, compared part by part; what cannot be read is never guessed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hromada.itassets.software import versions


@pytest.mark.parametrize(("text", "parts"), [
    ("10.0.19045", (10, 0, 19045)),
    ("6.1", (6, 1)),
    ("6.1.0", (6, 1)),
    ("6.1.0.0", (6, 1)),
    ("2019", (2019,)),
    ("v8.3", (8, 3)),
    ("V8.3", (8, 3)),
    ("ver. 8.3", (8, 3)),
    ("Version 2.1", (2, 1)),
    ("версія 11.02.153", (11, 2, 153)),
    ("8.3.22.1709", (8, 3, 22, 1709)),
    ("8,3", (8, 3)),
    (" 16.0.14332 ", (16, 0, 14332)),
    ("7 SP1", (7,)),
    ("1.2.3-beta", (1, 2, 3)),
    ("24.08 (x64)", (24, 8)),
    ("0", (0,)),
    ("0.0", (0,)),
    ("011.02", (11, 2)),
])
def test_readable_versions(text, parts):
    assert versions.parse(text) == parts


@pytest.mark.parametrize("text", ["", "   ", None, "22H2", "5.1a", "latest", "v", "x64", ".5", "1..2", "1.2.",
                                  "1." + ".".join(["1"] * 25), "1234567890"])
def test_unreadable_versions_are_not_judged(text):
    assert versions.parse(text) is None
    assert versions.is_older(text, "1.0") is None
    assert versions.is_older("1.0", text) is None


@pytest.mark.parametrize(("left", "right", "result"), [
    ("10.0.19045", "6.1", 1),
    ("6.1", "10.0.19045", -1),
    ("8.3.22.1709", "8.3.9", 1),  # numerically, not as text: 22 > 9
    ("8.3.9", "8.3.22.1709", -1),
    ("6.1", "6.1.0", 0),
    ("v8.3", "8.3", 0),
    ("2019", "2016", 1),
    ("2016", "16.0", 1),  # a year is just a big first part
    ("10.0.17763", "10.0.19045", -1),
    ("1.10", "1.9", 1),
    ("1.0.1", "1", 1),
])
def test_comparison(left, right, result):
    assert versions.compare(left, right) == result


def test_is_older():
    assert versions.is_older("6.1.7601", "10.0.19045") is True
    assert versions.is_older("10.0.19045", "10.0.19045") is False
    assert versions.is_older("10.0.22631", "10.0.19045") is False
    assert versions.is_older("22H2", "10") is None


@settings(database=None, deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=8),
       st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=8))
def test_comparison_agrees_with_tuples_without_trailing_zeros(a, b):
    def trimmed(parts):
        parts = list(parts)
        while len(parts) > 1 and parts[-1] == 0:
            parts.pop()
        return tuple(parts)

    left, right = ".".join(map(str, a)), ".".join(map(str, b))
    expected = (trimmed(a) > trimmed(b)) - (trimmed(a) < trimmed(b))
    assert versions.compare(left, right) == expected
    assert versions.compare(right, left) == -expected
