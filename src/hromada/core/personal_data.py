"""What each module holds about a person: how to export it and how to erase it (Law «Про захист персональних
даних», Art. 8: the right to know what is held, to have it corrected, to have it deleted).

A module registers from its own ``personal_data.py`` (core autodiscovers it)::

    register("appeals", export=export_appeals, erase=anonymise_appeals,
             keep_reason=_("appeals are kept for 5 years (ЗУ «Про звернення громадян»), anonymised"))

``export(user, hromada)`` returns what the module holds about the person in that hromada (JSON-friendly: dicts,
lists, strings, numbers; dates are turned into strings by the caller). ``erase(user, hromada)`` runs inside the
account deletion's transaction, before the account itself goes: it deletes what may go and anonymises what the
law requires to keep (``keep_reason`` says why). ``erase=None``: nothing of the module is erased (the register
record is the hromada's own; only the link to the account is dropped).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Holder:
    key: str
    export: Callable[[Any, Any], dict | list]
    erase: Callable[[Any, Any], None] | None = None
    keep_reason: str = ""
    order: int = 100


HOLDERS: dict[str, Holder] = {}


def register(key: str, export: Callable[[Any, Any], dict | list], erase: Callable[[Any, Any], None] | None = None,
             keep_reason: str = "", *, order: int = 100) -> Holder:
    if key in HOLDERS:
        raise ValueError(f"personal data holder {key!r} is registered twice")
    holder = Holder(key, export, erase, keep_reason, order)
    HOLDERS[key] = holder
    return holder


def holders() -> list[Holder]:
    return sorted(HOLDERS.values(), key=lambda h: (h.order, h.key))


def jsonable(value: Any) -> Any:
    """Dates, decimals and lazy strings as strings; containers walked."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    return str(value)


def export(user, hromada) -> dict:
    """Everything every module holds about the person in this hromada, by module key."""
    return {holder.key: jsonable(holder.export(user, hromada)) for holder in holders()}


def erase(user, hromada) -> None:
    """Every module's eraser, in order (call inside a transaction)."""
    for holder in holders():
        if holder.erase is not None:
            holder.erase(user, hromada)
