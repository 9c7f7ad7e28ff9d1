"""What the registry of acts puts on the staff worklist: adopted acts and drafts not yet published, with the
deadlines of the secretary's deadlines page (Art. 15, the hromada's calendar), and failed imports of acts."""

from __future__ import annotations

import datetime as dt
import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hromada.acts import deadlines, services
from hromada.acts.models import Act
from hromada.core import import_flow, worklist
from hromada.core.deadlines import calendar_for
from tests.acts.builders import act, secretary
from tests.factories import DepartmentFactory, member

pytestmark = pytest.mark.django_db

ADOPTED, DRAFT, FAILED = "acts.adopted", "acts.draft", "imports.failed"
LAW = "ЗУ «Про доступ до публічної інформації», ст. 15"
ADOPTED_ON = date(2026, 3, 2)  # a Monday
CONSIDERED_ON = date(2026, 6, 15)  # a Monday


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def keeper(hromada_a):
    return secretary(hromada_a)


def items(user, hromada, today, kind=None):
    found = worklist.collect(worklist.Context(user, hromada, today=today))
    return [item for item in found if kind is None or item.kind == kind]


def adopted_due(hromada, day=ADOPTED_ON) -> date:
    return calendar_for(hromada).add_working_days(day, 5)


def draft_due(hromada, day=CONSIDERED_ON) -> date:
    return deadlines.working_days_before(calendar_for(hromada), day, 10)


def test_an_adopted_act_not_published_is_due_within_five_working_days(keeper, hromada_a):
    unit = DepartmentFactory(hromada=hromada_a, name="Юридичний відділ")
    decision = act(hromada_a, keeper, number="12", when=ADOPTED_ON, title="Про бюджет", author_unit=unit)
    due = adopted_due(hromada_a)
    assert due == date(2026, 3, 9)
    expected = {due - timedelta(days=6): "open", due - timedelta(days=3): "soon", due: "today",
                due + timedelta(days=1): "overdue"}
    for today, state in expected.items():
        [item] = items(keeper, hromada_a, today)
        assert (item.kind, item.deadline, item.state) == (ADOPTED, due, state), today
    assert item.title == str(decision)
    assert item.url == reverse("acts:detail", args=[decision.pk])
    assert item.unit == "Юридичний відділ"
    assert item.working_days is True
    assert item.basis == f"{LAW}: не пізніше 5 робочих днів з дня прийняття"


def test_a_draft_is_due_ten_working_days_before_its_consideration(keeper, hromada_a):
    draft = act(hromada_a, keeper, number="п-7", when=date(2026, 5, 1), status="draft", type="council_decision",
                title="Про проєкт", consideration_date=CONSIDERED_ON)
    due = draft_due(hromada_a)
    assert due == date(2026, 6, 1)
    [item] = items(keeper, hromada_a, due + timedelta(days=1))
    assert (item.kind, item.deadline, item.state, item.url) == (DRAFT, due, "overdue",
                                                               reverse("acts:detail", args=[draft.pk]))
    assert item.basis == f"{LAW}: не пізніше ніж за 10 робочих днів до розгляду"
    assert item.unit == ""
    # A draft without a date of consideration has no deadline yet.
    act(hromada_a, keeper, number="п-8", when=date(2026, 5, 1), status="draft", title="Без дати")
    assert len(items(keeper, hromada_a, due + timedelta(days=1))) == 1


def test_the_states_are_those_of_the_deadlines_page(keeper, hromada_a):
    for index, when in enumerate([date(2026, 1, 12), date(2026, 2, 2), date(2026, 3, 2), date(2026, 3, 4)]):
        act(hromada_a, keeper, number=f"{index + 1}", when=when, title=f"Про захід {index + 1}")
    today = date(2026, 3, 5)
    page_rows = deadlines.deadline_rows(hromada_a, Act.objects.filter(hromada=hromada_a), today=today)
    page = {row.act.pk: (row.deadline.due, "overdue" if row.deadline.state == "overdue" else
                         "soon" if deadlines.needs_attention(row) else "open") for row in page_rows}
    found = items(keeper, hromada_a, today)
    assert sorted((item.deadline, item.state) for item in found) == sorted(page.values())
    assert [item.deadline for item in found] == sorted(item.deadline for item in found)


def test_published_internal_and_other_types_have_nothing_due(keeper, hromada_a):
    published = act(hromada_a, keeper, number="1", when=ADOPTED_ON, title="Оприлюднений")
    services.publish_act(published, actor=keeper, hromada=hromada_a,
                         when=timezone.make_aware(dt.datetime(2026, 3, 3, 10)))
    act(hromada_a, keeper, number="2", when=ADOPTED_ON, title="Кадровий", internal=True)
    act(hromada_a, keeper, number="3", when=ADOPTED_ON, title="Протокол", type="protocol")
    assert items(keeper, hromada_a, date(2026, 4, 1)) == []


def test_the_terms_follow_the_hromadas_settings(keeper, hromada_a):
    hromada_a.settings = {"acts.adopted_publication_working_days": 1, "acts.draft_publication_working_days": 3}
    hromada_a.save()
    act(hromada_a, keeper, number="1", when=ADOPTED_ON, title="Про бюджет")
    act(hromada_a, keeper, number="2", when=date(2026, 5, 1), status="draft", title="Про проєкт",
        consideration_date=CONSIDERED_ON)
    found = {item.kind: item for item in items(keeper, hromada_a, date(2026, 1, 1))}
    assert found[ADOPTED].deadline == date(2026, 3, 3)
    assert found[ADOPTED].basis == f"{LAW}: не пізніше 1 робочого дня з дня прийняття"
    assert found[DRAFT].deadline == date(2026, 6, 10)
    assert found[DRAFT].basis == f"{LAW}: не пізніше ніж за 3 робочі дні до розгляду"


@pytest.mark.parametrize("role, sees", [("council_secretary", True), ("hromada_admin", True), ("clerk", False),
                                        ("department_head", False), ("programme_manager", False),
                                        ("cnap_admin", False)])
def test_only_keepers_of_the_registry_see_acts_to_publish(keeper, hromada_a, role, sees):
    act(hromada_a, keeper, number="1", when=ADOPTED_ON, title="Про бюджет")
    found = items(member(hromada_a, role), hromada_a, date(2026, 4, 1), kind=ADOPTED)
    assert len(found) == (1 if sees else 0)


def test_another_hromadas_acts_never_appear(keeper, hromada_a, hromada_b):
    act(hromada_a, keeper, number="1", when=ADOPTED_ON, title="Про бюджет")
    assert items(secretary(hromada_b), hromada_b, date(2026, 4, 1)) == []


def _state_file(hromada, status: str, filename: str) -> str:
    upload = import_flow.Upload(hromada.pk, uuid.uuid4().hex, "acts")
    upload.dir.mkdir(parents=True, exist_ok=True)
    import_flow.write(upload, {"id": upload.id, "hromada": hromada.pk, "kind": "acts", "status": status,
                               "filename": filename, "uploaded_by_name": "Ольга Секретарка",
                               "uploaded_at": "2026-03-02T10:00:00+02:00", "message": "Рядок 3: дата не існує."})
    return upload.id


def test_failed_imports_of_acts_are_the_importers(keeper, hromada_a, hromada_b):
    failed = _state_file(hromada_a, "failed", "акти.jsonl")
    _state_file(hromada_a, "done", "готові.jsonl")
    _state_file(hromada_b, "failed", "чужі.jsonl")
    [item] = items(keeper, hromada_a, date(2026, 4, 1), kind=FAILED)
    assert item.title == "Імпорт актів з «акти.jsonl»"
    assert item.url == reverse("acts:import-result", args=[uuid.UUID(failed)])
    assert item.detail == "Завантажено 2 березня 2026 р., Ольга Секретарка. Рядок 3: дата не існує."
    assert (item.deadline, item.state) == (None, "open")
    assert items(member(hromada_a, "clerk"), hromada_a, date(2026, 4, 1), kind=FAILED) == []
    assert items(member(hromada_a, "programme_manager"), hromada_a, date(2026, 4, 1), kind=FAILED) == []


def test_the_home_page_shows_the_acts_with_their_deadline(client_a, keeper, hromada_a):
    act(hromada_a, keeper, number="12", when=timezone.localdate() - timedelta(days=40), title="Про бюджет")
    client_a.force_login(keeper)
    body = client_a.get("/staff/").content.decode()
    assert "Оприлюднення прийнятого акта: 1" in body
    assert "прострочено на" in body and "робоч" in body
    assert f"{LAW}: не пізніше 5 робочих днів з дня прийняття" in body
