"""core/rawsql.py: plain SQL that reads and writes model instances exactly as the ORM would, on both databases."""
# ruff: noqa: S608 — the statements are built from model metadata, which is what is tested here

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hromada.core import rawsql
from hromada.core.models import ApiToken, Hromada, HromadaHost, Settlement, User
from hromada.core.tenancy import hromada_for_host
from tests.factories import HromadaFactory, UserFactory

pytestmark = pytest.mark.django_db


def _read(model, pk):
    found = rawsql.fetch_one([model], f"SELECT {rawsql.columns(model, 'x')} FROM {rawsql.q(model._meta.db_table)} x "
                                      "WHERE x.id = %s", [pk])
    return found[0] if found else None


def test_fetch_gives_the_values_the_orm_gives():
    hromada = HromadaFactory(settings={"petitions.threshold": "0,2 %", "nested": {"ok": True}},
                             area_ha=Decimal("12345.6789"), is_default=False)
    ours, orm = _read(Hromada, hromada.pk), Hromada.objects.get(pk=hromada.pk)
    for field in Hromada._meta.concrete_fields:
        assert getattr(ours, field.attname) == getattr(orm, field.attname), field.name
    assert isinstance(ours.settings, dict) and isinstance(ours.area_ha, Decimal)
    assert timezone.is_aware(ours.created_at) and ours.is_default is False
    assert not ours._state.adding and ours._state.db == "default"


def test_a_left_join_without_a_row_gives_none(hromada_a):
    settlement = Settlement.objects.create(hromada=hromada_a, name="Цибульківка", kind="village",
                                           katottg="UA12020110010012345")
    from hromada.core.models import StarostaDistrict

    found = rawsql.fetch_one(
        [Settlement, StarostaDistrict],
        f"SELECT {rawsql.columns(Settlement, 's')}, {rawsql.columns(StarostaDistrict, 'd')} FROM "
        f"{rawsql.q(Settlement._meta.db_table)} s LEFT JOIN {rawsql.q(StarostaDistrict._meta.db_table)} d "
        "ON d.id = s.starosta_district_id WHERE s.id = %s", [settlement.pk])
    assert found[0].name == "Цибульківка" and found[1] is None
    assert rawsql.fetch_one([Settlement], "SELECT " + rawsql.columns(Settlement, "s") + " FROM "
                            + rawsql.q(Settlement._meta.db_table) + " s WHERE s.id = %s", [-1]) is None


def test_insert_writes_what_save_would_and_a_unique_conflict_changes_nothing():
    user = UserFactory()
    now = timezone.now()
    token = ApiToken(user=user, name="Застосунок «Громада»", prefix="abc", digest="d" * 64, scope="resident",
                     expires_at=now + timedelta(days=30))
    assert rawsql.insert(token, unique=("digest",)) == token.pk and token.pk
    stored = ApiToken.objects.get(pk=token.pk)
    assert (stored.name, stored.scope, stored.expires_at, stored.user_id) == (token.name, "resident",
                                                                              token.expires_at, user.pk)
    assert stored.created_at is not None  # auto_now_add filled in by pre_save, as save() would
    again = ApiToken(user=user, name="інша назва", prefix="abc", digest="d" * 64)
    assert rawsql.insert(again, unique=("digest",)) is None and again.pk is None
    assert ApiToken.objects.filter(digest="d" * 64).count() == 1
    assert ApiToken.objects.get(digest="d" * 64).name == token.name


def test_a_broken_constraint_is_djangos_integrity_error_and_the_transaction_survives():
    user = UserFactory()
    with transaction.atomic():
        with pytest.raises(IntegrityError), transaction.atomic():
            rawsql.insert(User(email=user.email, full_name="Двійник"))  # e-mail is unique
        assert User.objects.filter(email=user.email).count() == 1


def test_statements_are_seen_by_djangos_query_log(hromada_a):
    HromadaHost.objects.create(hromada=hromada_a, host="a.example")
    with CaptureQueriesContext(rawsql.connection) as ctx:
        assert hromada_for_host("a.example").pk == hromada_a.pk
    assert len(ctx.captured_queries) == 1 and "core_hromadahost" in ctx.captured_queries[0]["sql"]


def test_run_together_writes_every_part_or_none():
    first, second = HromadaFactory(population=100), HromadaFactory(population=200)
    HromadaHost.objects.create(hromada=first, host="taken.example")
    table = rawsql.q(Hromada._meta.db_table)
    rawsql.run_together([
        (f"UPDATE {table} SET population = population + %s WHERE id = %s", [1, first.pk]),
        (f"UPDATE {table} SET population = population + %s WHERE id = %s", [2, second.pk])])
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.population, second.population) == (101, 202)
    with pytest.raises(IntegrityError), transaction.atomic():
        rawsql.run_together([
            (f"UPDATE {table} SET population = population + %s WHERE id = %s", [1, first.pk]),
            (f"INSERT INTO {rawsql.q(HromadaHost._meta.db_table)} (hromada_id, host) VALUES (%s, %s)",
             [second.pk, "taken.example"])])  # the host is another hromada's: the unique index refuses
    first.refresh_from_db()
    assert first.population == 101


def test_the_host_decides_the_hromada_else_the_default(hromada_a, hromada_b, settings):
    HromadaHost.objects.create(hromada=hromada_b, host="b.example")
    assert hromada_for_host("B.Example:8000").pk == hromada_b.pk
    Hromada.objects.filter(pk=hromada_a.pk).update(is_default=True)
    assert hromada_for_host("unknown.example").pk == hromada_a.pk
    settings.DEFAULT_HROMADA_CODE = hromada_b.katottg
    assert hromada_for_host("unknown.example").pk == hromada_b.pk
