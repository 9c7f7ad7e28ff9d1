"""Version numbers as inventories write them, compared numerically part by part.

«10.0.19045» is newer than «6.1», «8.3.22.1709» newer than «8.3.9»; a leading «v», «ver.», «версія» is ignored
(«v8.3»), a year is a one-part version («2019»), trailing zero parts do not count («6.1» = «6.1.0»), and a
suffix after a separator is dropped («7 SP1» → 7, «1.2.3-beta» → 1.2.3). Anything else — «22H2», «5.1a»,
«latest» — is not a number we can compare: the installation is shown as «version not judged», never guessed
outdated or current.
"""

from __future__ import annotations

import re

# The prefix words people put before a number, in any case; the dot after an abbreviation optional.
_PREFIX = re.compile(r"^(?:version|ver\.?|v|версія|верс\.?|в\.)\s*", re.IGNORECASE)
# The numeric part: digits separated by dots (a comma too: «8,3» typed on a Ukrainian keyboard).
_NUMBER = re.compile(r"(\d{1,9})((?:[.,]\d{1,9}){0,19})")
MAX_PARTS = 20


def parse(text: str | None) -> tuple[int, ...] | None:
    """The version's numeric parts without trailing zeros, or None when it cannot be read as a number."""
    value = (text or "").strip()
    if not value:
        return None
    value = _PREFIX.sub("", value, count=1)
    match = _NUMBER.match(value)
    if match is None:
        return None
    rest = value[match.end():]
    if rest and (rest[0].isalnum() or rest[0] in ".,"):
        return None  # «22H2», «5.1a», «1.2.3.4.5…» past the limit: the number does not end cleanly
    parts = [int(part) for part in re.split(r"[.,]", match.group(0))]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def compare(left: str | None, right: str | None) -> int | None:
    """-1, 0 or 1 as ``left`` is older than, the same as or newer than ``right``; None if either is unreadable."""
    a, b = parse(left), parse(right)
    if a is None or b is None:
        return None
    return (a > b) - (a < b)


def is_older(version: str | None, minimum: str | None) -> bool | None:
    """Whether ``version`` is older than ``minimum``; None when either cannot be read (not judged)."""
    result = compare(version, minimum)
    return None if result is None else result < 0


def readable(text: str | None) -> bool:
    return parse(text) is not None
