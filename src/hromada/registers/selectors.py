"""Tenant-scoped reads and the registers' search, identical on SQLite and PostgreSQL.

Search compares folded keys (core.ukrtext.search_key) stored beside the text with LIKE on the same folding of
the query: no collation, no database-specific function, so both databases give the same rows.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from hromada.core.selectors import get_scoped, scoped
from hromada.core.ukrtext import expand_street_type, name_tokens, normalise, search_key, split_settlement_type
from hromada.registers.models import Building, LandPlot, PropertyObject, Resident, Street, StreetRename

DIGITS = re.compile(r"\d+")


def _untyped(text: str, split) -> str:
    """`text` without the type `split` finds in it («вул. Шевченка» → «Шевченка»), unless only a number would
    be left: in «Набережна 5» the type word is the street's name."""
    kind, bare = split(text)
    return bare if kind and any(ch.isalpha() for ch in bare) else text


def _address_tokens(query: str) -> list[str]:
    """Search words of an address written the way people and old registers write it, the types left out:
    «с. Могилів, вул. Шевченка, 12-А» → могилів, шевченка, 12, а. Each comma-separated part may begin with a
    settlement type (core.ukrtext.split_settlement_type) and begin or end with a street type."""
    words: list[str] = []
    for part in normalise(query or "").split(","):
        words += name_tokens(_untyped(_untyped(part, split_settlement_type), expand_street_type))
    return words


def streets(hromada, query: str = "") -> QuerySet[Street]:
    rows = scoped(Street, hromada).select_related("settlement")
    key = search_key(_untyped(normalise(query or ""), expand_street_type))
    if key:
        former = StreetRename.objects.filter(street=OuterRef("pk"), old_name_key__contains=key)
        rows = rows.filter(Q(name_key__contains=key) | Exists(former))
    return rows


def buildings(hromada, query: str = "") -> QuerySet[Building]:
    rows = scoped(Building, hromada).select_related("street__settlement")
    if query:
        rows = _by_address(rows, query, prefix="")
    return rows


def _by_address(rows: QuerySet, query: str, prefix: str) -> QuerySet:
    """«Шевченка 12», «вул. Шевченка, 12-А» or «с. Могилів, вул. Шевченка, 12»: street or settlement words by key
    (current or former street name), number by its start."""
    tokens = _address_tokens(query)
    numbers = [t for t in tokens if DIGITS.match(t)]
    words = [t for t in tokens if not DIGITS.match(t)]
    for word in words:
        former = StreetRename.objects.filter(street=OuterRef(f"{prefix}street"), old_name_key__contains=word)
        rows = rows.filter(Q(**{f"{prefix}street__name_key__contains": word})
                           | Q(**{f"{prefix}street__settlement__name__icontains": word}) | Exists(former))
    if numbers:
        rows = rows.filter(**{f"{prefix}number__istartswith": numbers[0]})
    return rows


def residents(hromada, query: str = "") -> QuerySet[Resident]:
    """Name in any word order and partially, a РНОКПП, or an address."""
    rows = scoped(Resident, hromada).select_related("building__street__settlement")
    query = (query or "").strip()
    if not query:
        return rows
    compact = query.replace(" ", "")
    if compact.isdigit() and len(compact) == 10:
        return rows.filter(rnokpp=compact)
    tokens = name_tokens(query)
    if any(DIGITS.match(t) for t in tokens):
        return _by_address(rows, query, prefix="building__")
    if not tokens:
        return rows.none()
    narrowed = _by_name_words(rows, tokens)
    if narrowed.exists():
        return narrowed
    # A word inside a double surname («Іванов-Петренко») is not the start of any part: the slow, full search.
    for token in tokens:
        rows = rows.filter(Q(name_key__startswith=token) | Q(name_key__contains=f" {token}"))
    return rows


def _word(token: str) -> Q:
    """The token begins the surname, the given name or the patronymic (an index range on each key)."""
    return Q(name_key__keyprefix=token) | Q(given_key__keyprefix=token) | Q(patronymic_key__keyprefix=token)


def _by_name_words(rows: QuerySet, tokens: list[str]) -> QuerySet:
    """Every word begins a part of the name: «тарас шевч» finds «Шевченко Тарас».

    The same condition, shaped for each planner (the rows are identical): PostgreSQL combines the ranges
    itself (bitmap OR and AND), while SQLite, without that, would walk the whole hromada — so there the
    longest word's ranges run as a subquery on the key columns alone.
    """
    if connection.vendor != "sqlite":
        for token in tokens:
            rows = rows.filter(_word(token))
        return rows
    lead = max(tokens, key=len)
    rows = rows.filter(pk__in=Resident.objects.filter(_word(lead)).values("pk"))
    for token in tokens:
        if token != lead:
            rows = rows.filter(_word(token))
    return rows


def resident(hromada, pk) -> Resident:
    return get_scoped(Resident, hromada, pk)


def land_plots(hromada, query: str = "") -> QuerySet[LandPlot]:
    rows = scoped(LandPlot, hromada).select_related("settlement")
    query = (query or "").strip().replace(" ", "")
    if query:
        rows = rows.filter(cadastral_number__startswith=query) if query[:1].isdigit() else rows.filter(
            Q(owner__icontains=query) | Q(lessee__icontains=query))
    return rows


def property_objects(hromada, query: str = "") -> QuerySet[PropertyObject]:
    rows = scoped(PropertyObject, hromada).select_related("building__street__settlement", "holder")
    key = search_key(query)
    if key:
        holder = Q(holder__name__icontains=query.strip())
        by_address = _by_address(rows, query, prefix="building__").values("pk")
        rows = rows.filter(Q(name_key__contains=key) | holder | Q(inventory_number=query.strip())
                           | Q(pk__in=by_address))
    return rows
