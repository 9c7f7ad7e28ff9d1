"""Fixtures of the open-data tests: a manager, and a live dataset over the hromada's departments whose rows the
tests control (the apps' own declarations are tested beside each app)."""

from __future__ import annotations

import pytest

from hromada.core import datasets as registry
from hromada.core.models import Department
from tests.factories import member

KEY = "tests.units"


def unit_rows(hromada):
    qs = Department.objects.filter(hromada=hromada).order_by("pk").values_list("pk", "name", "email", "phone")
    yield from qs.iterator(chunk_size=100)


def units_changed(hromada):
    # Departments carry no timestamp; the tests pass an explicit time where they need one.
    return CHANGED.get(hromada.pk)


CHANGED: dict[int, object] = {}

UNITS = registry.LiveDataset(
    key=KEY, title="Структурні підрозділи (тест)",
    description="Перелік структурних підрозділів виконавчого комітету ради з їхніми службовими контактами; "
                "набір для тестів модуля відкритих даних.",
    frequency="on_change", obligation="all-002", keywords=("структура",), topic="derzhava",
    basis="Постанова КМУ від 21.10.2015 № 835",
    resources=(registry.LiveResource(
        key="units", title="Підрозділи",
        fields=(registry.Field("id", "Ідентифікатор", "integer", required=True),
                registry.Field("name", "Назва"),
                registry.Field("email", "Електронна пошта"),
                registry.Field("phone", "Телефон")),
        primary_key=("id",), rows=unit_rows, changed_at=units_changed),),
)
registry.REGISTRY.setdefault(KEY, UNITS)


def make_manager(hromada):
    return member(hromada, "programme_manager", email="manager@a.example", full_name="Олена Петренко")


def make_units(hromada):
    return [Department.objects.create(hromada=hromada, name=name, email=email)
            for name, email in (("Загальний відділ", "zv@rada.gov.ua"), ("Фінансовий відділ", "fv@rada.gov.ua"))]


@pytest.fixture
def manager(hromada_a):
    return make_manager(hromada_a)


@pytest.fixture
def units(hromada_a):
    return make_units(hromada_a)


@pytest.fixture
def live_dataset(hromada_a, manager, units):
    from hromada.opendata import services

    return services.create_dataset(hromada_a, manager, live_key=KEY)


