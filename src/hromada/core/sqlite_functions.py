"""Unicode-aware LIKE for SQLite connections.

SQLite's built-in LIKE folds case only for ASCII, so `icontains` would not find «Село» by «село». We
replace the like() function (which the LIKE operator calls) on every SQLite connection with one that
folds case for all scripts, so lists search the same on SQLite and PostgreSQL.

Every connection also gets the collation ``uk_icu`` (core.collation): the Ukrainian alphabetical order that
PostgreSQL's ICU collation of the same name gives, so ``order_by(uk("name"))`` sorts alike on both.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.db.backends.signals import connection_created

from hromada.core import collation


@lru_cache(maxsize=512)
def _compile(pattern: str, escape: str | None) -> re.Pattern:
    parts = []
    chars = iter(pattern)
    for char in chars:
        if escape and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def unicode_like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _compile(str(pattern), escape).fullmatch(str(value)) is not None


def install(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)
        connection.connection.create_collation(collation.COLLATION, collation.compare)


connection_created.connect(install)
