"""`keyprefix`: a prefix match on a folded search key that both databases answer from an index.

The foundation replaces SQLite's LIKE with a Unicode-aware Python function (for case-insensitive Cyrillic),
which also stops SQLite from using indexes for LIKE. Search keys are already folded, so they need no case
folding: SQLite gets GLOB (case-sensitive, index-friendly) and PostgreSQL gets LIKE, which Django backs with a
`varchar_pattern_ops` index for every indexed CharField. Keys hold letters, digits and spaces only; the
pattern characters of either syntax are escaped anyway.
"""

from __future__ import annotations

from django.db.models import CharField, Lookup


@CharField.register_lookup
class KeyPrefix(Lookup):
    lookup_name = "keyprefix"

    def _sides(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return lhs, lhs_params, str(self.rhs)

    def as_sqlite(self, compiler, connection):
        lhs, params, prefix = self._sides(compiler, connection)
        escaped = "".join(f"[{ch}]" if ch in "*?[]" else ch for ch in prefix)
        return f"{lhs} GLOB %s", [*params, f"{escaped}*"]

    def as_sql(self, compiler, connection):
        lhs, params, prefix = self._sides(compiler, connection)
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{lhs} LIKE %s", [*params, f"{escaped}%"]
