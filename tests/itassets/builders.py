"""Rows the IT assets tests start from, made directly (the services under test are called by the tests)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from hromada.core.ukrtext import search_key
from hromada.itassets.models import Category, Equipment, Software

_numbers = count(1)


def equipment(hromada, **fields) -> Equipment:
    """An item in use; `fields` override the defaults (a desktop computer bought on 1 March 2024)."""
    n = next(_numbers)
    values = {"inventory_number": f"101{n:05d}", "category": Category.COMPUTER, "name": f"Комп’ютер {n}",
              "purchase_date": date(2024, 3, 1), "cost": Decimal("24000.00")}
    values.update(fields)
    item = Equipment(hromada=hromada, **values)
    item.name_key = search_key(item.name)
    item.save()
    return item


def software(hromada, **fields) -> Software:
    n = next(_numbers)
    values = {"name": f"Програма {n}", "vendor": "Постачальник", "kind": Software.Kind.OFFICE}
    values.update(fields)
    title = Software(hromada=hromada, **values)
    title.name_key = search_key(title.name)
    title.save()
    return title
