"""The ЦНАП catalogue as live open data (mun-cnap), on both databases: the same rows as the catalogue's public
open-data files, typed."""

from __future__ import annotations

import csv
import datetime as dt
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hromada.cnap.catalogue import services as catalogue
from hromada.cnap.catalogue.exports import OPEN_DATA_HEADER
from hromada.cnap.models import CardStatus, Category, Office, Service, ServiceCard
from hromada.core import datasets
from hromada.core.services import save_record
from tests.apiclient import uk
from tests.clock import Clock
from tests.cnap.world import approved_service, build_cnap, complete_card
from tests.factories import HromadaFactory, member

pytestmark = pytest.mark.django_db

ROOT = "http://a.localhost"
# 00:30 in Kyiv on 3 February is still 2 February in UTC: the card's approval date is the Kyiv one.
T0 = dt.datetime(2026, 2, 2, 22, 30, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, T0)


def rows(hromada) -> list[tuple]:
    return list(datasets.get("cnap.services").resources[0].rows(hromada))


@pytest.fixture
def world(hromada_a, hromada_b, clock):
    """The test ЦНАП (two approved services) plus a paid land service in a category, a service with a draft card
    only, one taken out of the catalogue, an office closed; and hromada B's own service."""
    admin = member(hromada_a, "cnap_admin")
    cnap = build_cnap(hromada_a, admin)
    closed = Office.objects.create(hromada=hromada_a, name="Закритий віддалений пункт", is_active=False)
    land = Category.objects.create(hromada=hromada_a, key="land", title="Земельні питання")
    paid = Service.objects.create(hromada=hromada_a, title="Поділ земельної ділянки", code="00200", category=land)
    paid.offices.set([cnap.office, closed])
    draft = catalogue.draft_of(paid, actor=admin, hromada=hromada_a)
    catalogue.save_draft(draft, complete_card(
        paid=True, fee=Decimal("150.00"), fee_basis="Постанова КМУ № 1", fee_account="UA00 0000",
        term_amount=10, term_unit="working_days", term_basis="ст. 10 Закону № 5203-VI"), actor=admin,
        hromada=hromada_a)
    catalogue.approve(draft, actor=admin, hromada=hromada_a, act_reference="Рішення виконкому № 9")
    Service.objects.filter(pk=paid.pk).update(online=True)

    unapproved = Service.objects.create(hromada=hromada_a, title="Ще не затверджена", code="00300")
    unapproved.offices.set([cnap.office])
    catalogue.draft_of(unapproved, actor=admin, hromada=hromada_a)
    retired = approved_service(hromada_a, admin, [cnap.office], title="Виключена з каталогу", code="00400")
    Service.objects.filter(pk=retired.pk).update(is_active=False)

    foreign_admin = member(hromada_b, "cnap_admin")
    foreign_office = Office.objects.create(hromada=hromada_b, name="ЦНАП громади Б")
    foreign = approved_service(hromada_b, foreign_admin, [foreign_office], title="Послуга громади Б", code="00042")
    return {"admin": admin, "cnap": cnap, "paid": paid, "foreign": foreign, "foreign_admin": foreign_admin}


def test_the_rows_are_the_approved_cards_of_the_catalogue(hromada_a, world):
    cnap, paid = world["cnap"], world["paid"]
    same_day = str(uk("on the day of application")).capitalize()

    def free(service, title) -> tuple:
        return (service.pk, service.code, title, None, "Виконавчий комітет ради", "Відділ реєстрації місця проживання",
                False, None, same_day, "ч. 7 ст. 7 Закону № 1871-IX", "Відомості внесено до реєстру громади", False,
                "ЦНАП", "Заява; Паспорт громадянина України", "Закон № 5203-VI; Закон № 1871-IX", 1, date(2026, 2, 3),
                "Рішення виконкому від 01.02.2026 № 7", f"{ROOT}/services/{service.pk}/")

    assert rows(hromada_a) == [
        free(cnap.residence, "Декларування місця проживання"),
        free(cnap.land, "Витяг з Державного земельного кадастру"),
        (paid.pk, "00200", "Поділ земельної ділянки", "Земельні питання", "Виконавчий комітет ради",
         "Відділ реєстрації місця проживання", True, Decimal("150.00"), f"10 {uk('working days')}",
         "ст. 10 Закону № 5203-VI", "Відомості внесено до реєстру громади", True, "ЦНАП",
         "Заява; Паспорт громадянина України", "Закон № 5203-VI; Закон № 1871-IX", 1, date(2026, 2, 3),
         "Рішення виконкому № 9", f"{ROOT}/services/{paid.pk}/"),
    ]


def test_the_public_files_hold_the_same_rows_as_text(client_a, hromada_a, world):
    def as_text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    live = [[as_text(v) for v in row] for row in rows(hromada_a)]
    body = b"".join(client_a.get("/services/open-data.csv").streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert table == [list(OPEN_DATA_HEADER), *live]
    data = client_a.get("/services/open-data.json").json()["services"]
    assert [(s["identifier"], s["fee"], s["approvedAt"]) for s in data] == [
        (row[0], as_text(row[7]), "2026-02-03") for row in rows(hromada_a)]


def test_another_hromadas_services_never_appear(hromada_a, hromada_b, world):
    assert "Послуга громади Б" not in {row[2] for row in rows(hromada_a)}
    assert [(row[2], row[-1]) for row in rows(hromada_b)] == [
        ("Послуга громади Б", f"http://b.localhost/services/{world['foreign'].pk}/")]


def test_changed_at_follows_cards_services_and_offices(hromada_a, hromada_b, world, clock):
    dataset, admin, cnap = datasets.get("cnap.services"), world["admin"], world["cnap"]
    assert dataset.changed_at(hromada_a) == T0

    approved = clock.advance(days=1)
    draft = catalogue.draft_of(cnap.residence, actor=admin, hromada=hromada_a)
    catalogue.save_draft(draft, {"result": "Місце проживання задекларовано"}, actor=admin, hromada=hromada_a)
    assert dataset.changed_at(hromada_a) == approved  # a draft moves it too: regenerating then changes nothing
    catalogue.approve(draft, actor=admin, hromada=hromada_a, act_reference="Рішення виконкому № 12")
    assert rows(hromada_a)[0][10] == "Місце проживання задекларовано" and rows(hromada_a)[0][15] == 2

    renamed = clock.advance(days=1)
    cnap.office.name = "ЦНАП «Центр»"
    save_record(cnap.office, actor=admin, hromada=hromada_a, capability="cnap.catalogue_manage")
    assert dataset.changed_at(hromada_a) == renamed and rows(hromada_a)[0][12] == "ЦНАП «Центр»"

    retired = clock.advance(days=1)
    service = Service.objects.get(pk=cnap.land.pk)
    service.is_active = False
    catalogue.save_service(service, actor=admin, hromada=hromada_a)
    assert dataset.changed_at(hromada_a) == retired
    assert [row[1] for row in rows(hromada_a)] == ["00042", "00200"]

    clock.advance(days=1)
    foreign = Service.objects.get(pk=world["foreign"].pk)
    foreign.title = "Інша назва"
    catalogue.save_service(foreign, actor=world["foreign_admin"], hromada=hromada_b)
    assert dataset.changed_at(hromada_a) == retired


def test_changed_at_is_none_and_unavailable_without_a_catalogue(db):
    empty = HromadaFactory()
    dataset = datasets.get("cnap.services")
    assert dataset.changed_at(empty) is None and not dataset.available(empty) and rows(empty) == []


def _services(hromada, office, count: int, start: int) -> None:
    """Services with an approved card, written straight to the tables."""
    for n in range(start, start + count):
        service = Service.objects.create(hromada=hromada, title=f"Послуга {n}", code=f"{n:05d}")
        service.offices.set([office])
        card = ServiceCard.objects.create(service=service, version=1, status=CardStatus.APPROVED,
                                          approved_at=timezone.now(), **complete_card())
        Service.objects.filter(pk=service.pk).update(card=card)


def test_the_number_of_queries_does_not_grow_with_the_rows(hromada_a, clock):
    office = Office.objects.create(hromada=hromada_a, name="ЦНАП")
    dataset = datasets.get("cnap.services")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            list(dataset.resources[0].rows(hromada_a))
            dataset.changed_at(hromada_a)
        return len(captured)

    _services(hromada_a, office, 3, 1)
    few = queries()
    _services(hromada_a, office, 27, 4)
    assert len(rows(hromada_a)) == 30
    assert queries() == few


def test_rows_are_lazy_and_in_ukrainian_whatever_the_language(hromada_a, world):
    from django.utils import translation

    with CaptureQueriesContext(connection) as captured:
        pending = datasets.get("cnap.services").resources[0].rows(hromada_a)
    assert len(captured) == 0
    with translation.override("en"):
        first = next(iter(pending))
        assert translation.get_language() == "en"  # the row was made in Ukrainian without switching the caller
    assert first[8] == str(uk("on the day of application")).capitalize()


def test_the_schema_is_a_valid_table_schema_and_the_rows_fit_it(hromada_a, world):
    frictionless = pytest.importorskip("frictionless")
    resource = datasets.get("cnap.services").resources[0]
    descriptor = resource.table_schema()
    report = frictionless.Schema.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])
    data = frictionless.Resource(data=[list(OPEN_DATA_HEADER), *resource.rows(hromada_a)],
                                 schema=frictionless.Schema.from_descriptor(descriptor))
    checked = data.validate()
    assert checked.valid, checked.flatten(["rowNumber", "fieldName", "type"])


def test_the_passport_is_complete():
    dataset = datasets.get("cnap.services")
    assert (dataset.obligation, dataset.frequency, dataset.topic) == ("mun-cnap", "on_change", "derzhava")
    assert len(str(dataset.description)) >= 100 and dataset.basis and dataset.purpose and dataset.keywords
    assert dataset.resources[0].primary_key == ("identifier",)
    assert [f.name for f in dataset.resources[0].fields] == list(OPEN_DATA_HEADER)
