"""Petitions in every state for the page, cabinet, staff and API tests (through the services)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.test import Client

from hromada.acts.models import AgendaItem, CouncilSession
from hromada.participation.models import Petition, PetitionStatus
from hromada.participation.petitions import services
from tests.acts.builders import act
from tests.core.case_builders import freeze

KYIV = ZoneInfo("Europe/Kyiv")
MOMENT = datetime(2026, 11, 21, 10, 0, tzinfo=KYIV)  # Saturday 21 November 2026


def settings_of(hromada, **values):
    hromada.settings = (hromada.settings or {}) | {key.replace("__", "."): value for key, value in values.items()}
    hromada.save(update_fields=["settings"])


def portal(user=None, host: str = "a.localhost") -> Client:
    client = Client(HTTP_HOST=host)
    if user is not None:
        client.force_login(user)
    return client


def draft(town, author=None, *, title="Освітлення вулиці Шевченка", text="Просимо встановити ліхтарі."):
    author = author or town.person(first_name="Олена")
    return services.create_draft(town.hromada, author=author, title=title, text=text)


def on_moderation(town, **kwargs) -> Petition:
    petition = draft(town, **kwargs)
    return services.submit(petition, author=petition.author, hromada=town.hromada)


def collecting(town, secretary, *, threshold=3, days=30, **kwargs) -> Petition:
    settings_of(town.hromada, petitions__threshold=threshold, petitions__collection_days=days)
    return services.publish(on_moderation(town, **kwargs), actor=secretary, hromada=town.hromada)


def considered(town, secretary, monkeypatch, *, threshold=1) -> Petition:
    freeze(monkeypatch, MOMENT)
    petition = collecting(town, secretary, threshold=threshold)
    for person in town.crowd(threshold):
        services.sign(petition, user=person, hromada=town.hromada)
    freeze(monkeypatch, datetime(2026, 12, 22, 9, 0, tzinfo=KYIV))
    services.close_expired()
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.CONSIDERATION
    return petition


def agenda(town, secretary):
    session = CouncilSession.objects.create(hromada=town.hromada, convocation=8, number=41, date=date(2027, 1, 12))
    decision = act(town.hromada, secretary, number="41/3", when=date(2027, 1, 12), title="Про освітлення")
    item = AgendaItem.objects.create(session=session, order=3, title="Про петицію № 1", decision=decision,
                                     result=AgendaItem.Result.ADOPTED)
    return session, decision, item


def answered(town, secretary, monkeypatch) -> tuple[Petition, object, object]:
    petition = considered(town, secretary, monkeypatch)
    session, decision, item = agenda(town, secretary)
    services.answer(petition, actor=secretary, hromada=town.hromada, text="Підтримано, ліхтарі встановлять.",
                    position="supported", agenda_item=item, decision=decision)
    petition.refresh_from_db()
    return petition, session, decision


def ua(msgid: str, plural: str | None = None, how_many: int | None = None, **params) -> str:
    """The Ukrainian text users see for an English msgid (asserting that it is translated)."""
    from django.utils import translation
    from django.utils.translation import gettext, ngettext

    with translation.override("uk"):
        text = ngettext(msgid, plural, how_many) if plural else gettext(msgid)
    assert text != msgid, f"not translated: {msgid}"
    values = {k: str(v) for k, v in params.items()} | ({"counter": str(how_many)} if plural else {})
    return text % values if values else text


def page_problems(html: str) -> list[str]:
    """What axe would flag first on a server-rendered page: one h1, no skipped heading levels, and a label for
    every form control."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__()
            self.levels, self.controls, self.labels = [], [], set()

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
                self.levels.append(int(tag[1]))
            elif tag == "label" and attrs.get("for"):
                self.labels.add(attrs["for"])
            elif tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit", "button"):
                self.controls.append(attrs.get("id") or attrs.get("name"))

    reader = Reader()
    reader.feed(html)
    problems = []
    if reader.levels.count(1) != 1:
        problems.append(f"h1 count {reader.levels.count(1)}")
    for before, after in zip(reader.levels, reader.levels[1:], strict=False):
        if after > before + 1:
            problems.append(f"h{before} then h{after}")
    problems += [f"no label for {c}" for c in reader.controls if c not in reader.labels]
    return problems
