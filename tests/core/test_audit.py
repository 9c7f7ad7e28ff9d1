"""The audit log is append-only in the database and tamper-evident through its hash chain."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from hromada.core import audit
from hromada.core.models import AuditEntry
from tests.dbtools import audit_triggers_lifted
from tests.factories import SettlementFactory


def _entries(hromada, n=3):
    return [audit.record(AuditEntry.Action.UPDATE, SettlementFactory(hromada=hromada), changes={"n": [i, i + 1]})
            for i in range(n)]


@pytest.mark.django_db
def test_entries_chain_to_their_predecessors(hromada_a):
    first, second, third = _entries(hromada_a)
    assert first.prev_hash == audit.GENESIS_HASH or first.prev_hash == AuditEntry.objects.get(pk=first.pk - 1).hash
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert audit.verify_chain().ok


@pytest.mark.django_db
@pytest.mark.parametrize("statement", [
    "UPDATE core_auditentry SET object_repr = 'forged'",
    "DELETE FROM core_auditentry",
])
def test_database_refuses_update_and_delete(hromada_a, statement):
    _entries(hromada_a, 1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.count() >= 1


@pytest.mark.django_db
def test_orm_delete_is_refused_too(hromada_a):
    entry = _entries(hromada_a, 1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


def _bypass_triggers_and_run(sql: str, params: list) -> None:
    """What an attacker with owner rights could do: lift the triggers, tamper, restore them."""
    with audit_triggers_lifted() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_audit_verify_confirms_an_intact_chain(hromada_a, capsys):
    _entries(hromada_a, 4)
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out


@pytest.mark.django_db
def test_audit_verify_names_the_first_altered_row(hromada_a, capsys):
    entries = _entries(hromada_a, 4)
    _bypass_triggers_and_run("UPDATE core_auditentry SET object_repr = %s WHERE id = %s", ["підмінено", entries[1].pk])
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_verify")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert f"id={entries[1].pk}" in err
    assert "altered" in err


@pytest.mark.django_db
def test_audit_verify_detects_a_removed_row(hromada_a):
    entries = _entries(hromada_a, 4)
    _bypass_triggers_and_run("DELETE FROM core_auditentry WHERE id = %s", [entries[2].pk])
    report = audit.verify_chain()
    assert not report.ok
    assert report.broken_id == entries[3].pk
    assert "removed" in report.reason


@pytest.mark.django_db
def test_request_context_is_recorded(admin_client_a, hromada_a):
    response = admin_client_a.post("/staff/departments/new/", {"name": "Відділ цифрового розвитку"},
                                   HTTP_X_REQUEST_ID="req-12345678", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="create", object_type="core.department")
    assert entry.request_id == "req-12345678"
    assert entry.ip == "10.1.2.3"
    assert entry.actor.email == "admin-a@example.org"
    assert entry.hromada == hromada_a
    assert entry.changes["name"] == [None, "Відділ цифрового розвитку"]
    assert response["X-Request-ID"] == "req-12345678"


@pytest.mark.django_db
def test_update_records_only_the_difference(admin_client_a, hromada_a):
    settlement = SettlementFactory(hromada=hromada_a, name="Старе", population=10)
    data = {"name": "Нове", "kind": "selo", "katottg": settlement.katottg, "population": "10",
            "population_date": "2026-01-01"}
    assert admin_client_a.post(f"/staff/settlements/{settlement.pk}/edit/", data).status_code == 302
    entry = AuditEntry.objects.filter(action="update", object_type="core.settlement").latest("id")
    assert entry.changes == {"name": ["Старе", "Нове"], "population_date": ["2021-01-01", "2026-01-01"]}


@pytest.mark.django_db
def test_logins_and_failures_are_logged(client_a, admin_a):
    client_a.post("/login/", {"username": admin_a.email, "password": "wrong-password"})
    client_a.post("/login/", {"username": admin_a.email, "password": "correct-horse-battery-staple"})
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["login_failed", "login"]


@pytest.mark.django_db
def test_audit_page_filters(admin_client_a, hromada_a):
    _entries(hromada_a, 2)
    page = admin_client_a.get("/staff/audit/", {"action": "update"})
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 2
    export = admin_client_a.get("/staff/audit/export.csv", {"action": "update"})
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert len(body.strip().splitlines()) == 3
    assert AuditEntry.objects.filter(action="export").exists()
