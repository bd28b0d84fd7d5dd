"""ILIKE with the contract's patterns, for the text filters of every list."""

from __future__ import annotations

from django.db.models import Lookup


class ILike(Lookup):
    """`lhs ILIKE pattern`: the contract's text filters take SQL patterns as sent (`%` and
    `_` are wildcards; no wildcard means case-insensitive equality). Used as an expression
    (`filter(ILike(F("first_name"), value))`), so no field gets a global lookup."""

    lookup_name = "ilike"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        # Compared as text: on an existing reelfake database the name columns are citext,
        # whose own ILIKE no trigram index serves; the cast lets the text index serve both
        # (a no-op on varchar; docs/performance.md "Name search on citext columns").
        return f"({lhs})::text ILIKE {rhs}", [*lhs_params, *rhs_params]


def like_pattern(raw: str) -> str:
    """The pattern as sent, except a lone backslash at the end: PostgreSQL refuses a pattern
    ending in its escape character, so that backslash is taken literally."""
    trailing = len(raw) - len(raw.rstrip("\\"))
    return raw + "\\" if trailing % 2 else raw
