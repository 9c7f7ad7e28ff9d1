"""Shared steps of the e-petition tests: settings, a petition collecting signatures, one under consideration."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from hromada.acts.models import AgendaItem, CouncilSession
from hromada.participation.petitions import services
from tests.acts.builders import act
from tests.core.case_builders import freeze

KYIV = ZoneInfo("Europe/Kyiv")
TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=KYIV)


def settings_of(hromada, **values):
    hromada.settings = (hromada.settings or {}) | {key.replace("__", "."): value for key, value in values.items()}
    hromada.save(update_fields=["settings"])


def draft(town, author=None, *, title="Освітлення вулиці Шевченка", text="Просимо встановити ліхтарі."):
    author = author or town.person(first_name="Олена")
    return services.create_draft(town.hromada, author=author, title=title, text=text)


def on_moderation(town, author=None, **kwargs):
    petition = draft(town, author, **kwargs)
    return services.submit(petition, author=petition.author, hromada=town.hromada)


def collecting(town, moderator, *, threshold=3, days=30, **kwargs):
    settings_of(town.hromada, petitions__threshold=threshold, petitions__collection_days=days)
    petition = on_moderation(town, **kwargs)
    return services.publish(petition, actor=moderator, hromada=town.hromada)


def closed(town, moderator, monkeypatch, *, signers=1, threshold=1):
    """Published on Tuesday 1 December 2026 (30 days), ``signers`` signatures, closed on 31 December."""
    freeze(monkeypatch, TUESDAY)
    petition = collecting(town, moderator, threshold=threshold)
    for person in town.crowd(signers):
        services.sign(petition, user=person, hromada=town.hromada)
    freeze(monkeypatch, datetime(2026, 12, 31, 9, 0, tzinfo=KYIV))
    services.close_expired()
    petition.refresh_from_db()
    return petition


def council_decision(town, secretary, *, number="41/3", when=date(2027, 1, 12)):
    session = CouncilSession.objects.create(hromada=town.hromada, convocation=8, number=41, date=when)
    decision = act(town.hromada, secretary, number=number, when=when, title="Про освітлення вулиці")
    item = AgendaItem.objects.create(session=session, order=3, title="Про петицію № 1", decision=decision,
                                     result=AgendaItem.Result.ADOPTED)
    return item, decision
