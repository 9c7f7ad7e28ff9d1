"""Core's live open data: the directory of institutions (all-001) and the structure (all-002), on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.core import audit, datasets, services
from hromada.core.core_datasets import last_logged_change, latest, text
from hromada.core.models import AuditEntry, Department, Institution
from tests.apiclient import uk
from tests.clock import Clock
from tests.factories import HromadaFactory, InstitutionFactory, SettlementFactory, member, valid_edrpou

pytestmark = pytest.mark.django_db

KEYS = ("core.institutions", "core.structure")
T0 = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, T0)


@pytest.fixture
def admin(hromada_a):
    return member(hromada_a, "hromada_admin")


def save(obj, hromada, actor):
    return services.save_record(obj, actor=actor, hromada=hromada, capability="structure.manage")


def rows(key: str, hromada, resource: str | None = None) -> list[tuple]:
    dataset = datasets.get(key)
    return list((dataset.resource(resource) if resource else dataset.resources[0]).rows(hromada))


@pytest.fixture
def structure(hromada_a, hromada_b, admin, clock):
    village = SettlementFactory(hromada=hromada_a, name="Могилів")
    # «Їжакова» sorts after «Бібліотека» in Ukrainian, before it by code point (Ї is U+0407).
    school = save(Institution(name="Їжаківський ліцей", short_name="Ліцей", kind="school", edrpou=valid_edrpou(1),
                              settlement=village, address="вул. Шевченка, 1", head_name="Петренко Ольга Іванівна",
                              phone="+380561234567", email="school@example.org",
                              website="https://school.example.org"), hromada_a, admin)
    library = save(Institution(name="Бібліотека", kind="culture", edrpou=valid_edrpou(2)), hromada_a, admin)
    land = save(Department(name="Їжачий відділ", head_name="Коваль Іван", email="land@example.org",
                           phone="0561112233"), hromada_a, admin)
    finance = save(Department(name="Фінансовий відділ", short_name="ФВ"), hromada_a, admin)
    foreign_admin = member(hromada_b, "hromada_admin")
    save(Institution(name="Чужий заклад", kind="school", edrpou=valid_edrpou(3)), hromada_b, foreign_admin)
    save(Department(name="Чужий відділ"), hromada_b, foreign_admin)
    return {"village": village, "school": school, "library": library, "land": land, "finance": finance}


# --- rows ------------------------------------------------------------------------------------------------


def test_institutions_are_listed_in_ukrainian_order_with_their_public_contacts(hromada_a, structure):
    school, library, village = structure["school"], structure["library"], structure["village"]
    assert rows("core.institutions", hromada_a) == [
        (library.pk, "Бібліотека", None, uk("culture"), library.edrpou, None, None, None, None, None, None, None),
        (school.pk, "Їжаківський ліцей", "Ліцей", uk("school"), school.edrpou, "с. Могилів", village.katottg,
         "вул. Шевченка, 1", "Петренко Ольга Іванівна", "+380561234567", "school@example.org",
         "https://school.example.org"),
    ]


def test_departments_are_listed_in_ukrainian_order(hromada_a, structure):
    land, finance = structure["land"], structure["finance"]
    assert rows("core.structure", hromada_a) == [
        (land.pk, "Їжачий відділ", None, "Коваль Іван", "land@example.org", "0561112233"),
        (finance.pk, "Фінансовий відділ", "ФВ", None, None, None),
    ]


def test_another_hromadas_records_never_appear(hromada_a, hromada_b, structure):
    assert [row[1] for row in rows("core.institutions", hromada_b)] == ["Чужий заклад"]
    assert [row[1] for row in rows("core.structure", hromada_b)] == ["Чужий відділ"]
    names = {row[1] for key in KEYS for row in rows(key, hromada_a)}
    assert not names & {"Чужий заклад", "Чужий відділ"}


def test_rows_are_lazy(hromada_a, structure):
    with CaptureQueriesContext(connection) as captured:
        pending = [datasets.get(key).resources[0].rows(hromada_a) for key in KEYS]
    assert len(captured) == 0 and all(next(iter(p)) for p in pending)


def test_available_only_where_the_register_is_kept(hromada_a, structure):
    empty = HromadaFactory()
    for key in KEYS:
        assert datasets.get(key).available(hromada_a) and not datasets.get(key).available(empty)


# --- changed_at ------------------------------------------------------------------------------------------


def test_changed_at_moves_with_every_change_of_the_source(hromada_a, hromada_b, admin, structure, clock):
    institutions, structure_set = datasets.get("core.institutions"), datasets.get("core.structure")
    assert institutions.changed_at(hromada_a) == T0 and structure_set.changed_at(hromada_a) == T0

    edited = clock.advance(hours=1)
    school = structure["school"]
    school.phone = "+380560000000"
    save(school, hromada_a, admin)
    assert institutions.changed_at(hromada_a) == edited
    assert structure_set.changed_at(hromada_a) == T0  # departments did not change

    renamed = clock.advance(hours=1)
    village = structure["village"]
    village.name = "Могилів-Подільський"
    save(village, hromada_a, admin)  # the settlement's name is a column of the institutions
    assert institutions.changed_at(hromada_a) == renamed
    assert rows("core.institutions", hromada_a)[1][5] == "с. Могилів-Подільський"

    removed = clock.advance(hours=1)
    services.delete_record(structure["finance"], actor=admin, hromada=hromada_a, capability="structure.manage")
    assert structure_set.changed_at(hromada_a) == removed
    assert [row[1] for row in rows("core.structure", hromada_a)] == ["Їжачий відділ"]

    # Another hromada's changes are not this one's; a view or an export of a record is no change.
    clock.advance(hours=1)
    save(Department(name="Ще один чужий відділ"), hromada_b, member(hromada_b, "hromada_admin"))
    audit.record(AuditEntry.Action.VIEW, structure["land"], hromada=hromada_a, actor=admin)
    audit.record(AuditEntry.Action.EXPORT, structure["school"], hromada=hromada_a, actor=admin)
    assert structure_set.changed_at(hromada_a) == removed and institutions.changed_at(hromada_a) == renamed


def test_changed_at_is_none_without_records(db):
    empty = HromadaFactory()
    assert [datasets.get(key).changed_at(empty) for key in KEYS] == [None, None]


def test_helpers(hromada_a):
    assert latest(None, None) is None and latest(None, T0, T0 - dt.timedelta(days=1)) == T0
    assert text("") is None and text("x") == "x"
    assert last_logged_change(hromada_a, "core.institution") is None


# --- cost ------------------------------------------------------------------------------------------------


def test_the_number_of_queries_does_not_grow_with_the_rows(hromada_a):
    village = SettlementFactory(hromada=hromada_a)

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            InstitutionFactory(hromada=hromada_a, edrpou=valid_edrpou(100 + i), settlement=village if i % 2 else None)
            Department.objects.create(hromada=hromada_a, name=f"Відділ {i}")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for key in KEYS:
                dataset = datasets.get(key)
                list(dataset.resources[0].rows(hromada_a))
                dataset.changed_at(hromada_a)
        return len(captured)

    add(3, 0)
    few = queries()
    add(27, 3)
    assert len(rows("core.institutions", hromada_a)) == 30 and len(rows("core.structure", hromada_a)) == 30
    assert queries() == few


# --- schemas ---------------------------------------------------------------------------------------------


def test_every_schema_is_a_valid_table_schema_and_the_rows_fit_it(hromada_a, structure):
    frictionless = pytest.importorskip("frictionless")
    for key in KEYS:
        for resource in datasets.get(key).resources:
            descriptor = resource.table_schema()
            report = frictionless.Schema.validate_descriptor(descriptor)
            assert report.valid, report.flatten(["type", "note"])
            header = [f.name for f in resource.fields]
            data = frictionless.Resource(data=[header, *resource.rows(hromada_a)],
                                         schema=frictionless.Schema.from_descriptor(descriptor))
            checked = data.validate()
            assert checked.valid, checked.flatten(["rowNumber", "fieldName", "type"])


def test_contacts_are_marked_public_personal_and_edrpou_has_its_pattern():
    fields = {f.name: f for f in datasets.get("core.institutions").resources[0].fields}
    assert {name for name, f in fields.items() if f.public_personal} == {"head", "phone", "email", "website"}
    assert fields["edrpou"].constraints == {"pattern": "^[0-9]{8}$"}
    structure = {f.name: f for f in datasets.get("core.structure").resources[0].fields}
    assert {name for name, f in structure.items() if f.public_personal} == {"head", "email", "phone"}
    for key in KEYS:
        dataset = datasets.get(key)
        assert len(str(dataset.description)) >= 100 and dataset.basis and dataset.purpose and dataset.keywords
