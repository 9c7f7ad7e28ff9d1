"""Acts for tests, made through the real services so they obey the same rules as the secretary's."""

from __future__ import annotations

from datetime import date

from hromada.acts import services
from tests.factories import member


def secretary(hromada):
    return member(hromada, "council_secretary")


def act(hromada, actor, *, number="1", when=date(2025, 3, 14), type="council_decision", status="in_force",
        title="Про затвердження Порядку", text="", topics=(), **fields):
    return services.create_act(actor=actor, hromada=hromada, topics=topics, fields={
        "number": number, "date": when, "type": type, "status": status, "title": title, "text": text, **fields})
