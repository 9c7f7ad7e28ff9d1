"""The budget's registrations: worklist items, programme metrics, notification kinds, personal data."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from hromada.core import worklist
from hromada.core.metrics import get_metric
from hromada.core.notifications import get_kind
from hromada.participation.budget import personal_data, voting
from hromada.participation.models import Project, ProjectStatus
from tests.factories import DepartmentFactory
from tests.participation.world import edition_rows

pytestmark = pytest.mark.django_db


def project(edition, category, *, status=ProjectStatus.SUBMITTED, author=None, unit=None, number=1):
    return Project.objects.create(hromada=edition.hromada, edition=edition, category=category, number=number,
                                  title=f"Проєкт {number}", summary="С", description="О", author=author,
                                  author_name="Автор", cost=Decimal("50000"), status=status,
                                  review_department=unit)


def test_kinds_registered():
    assert get_kind("participation.budget_author").audience == "residents"
    assert get_kind("participation.budget_voter")


def test_worklist_review_and_results(town):
    today = timezone.localdate()
    edition = edition_rows(town.hromada, today=today, phase="review")
    small = edition.categories.first()
    unit, other = DepartmentFactory(hromada=town.hromada), DepartmentFactory(hromada=town.hromada)
    mine = project(edition, small, status=ProjectStatus.UNDER_REVIEW, unit=unit, number=1)
    project(edition, small, status=ProjectStatus.UNDER_REVIEW, unit=other, number=2)
    project(edition, small, status=ProjectStatus.ADMITTED, unit=unit, number=3)
    head = town.staff("department_head", unit)
    items = [i for i in worklist.collect(worklist.Context(head, town.hromada))
             if i.kind == "participation.budget_review"]
    assert [i.title for i in items] == [f"№ 1 {mine.title}"] and items[0].deadline == edition.review_ends
    manager = town.staff("programme_manager")
    items = [i for i in worklist.collect(worklist.Context(manager, town.hromada))
             if i.kind == "participation.budget_review"]
    assert len(items) == 2
    assert not [i for i in worklist.collect(worklist.Context(town.person(), town.hromada))]
    done = edition_rows(town.hromada, year=2025, today=today, phase="results")
    items = [i for i in worklist.collect(worklist.Context(manager, town.hromada))
             if i.kind == "participation.budget_results"]
    assert [(i.title, i.deadline, i.state) for i in items] == [(done.title, done.results_on, "overdue")]


def test_metrics(town):
    today = timezone.localdate()
    edition = edition_rows(town.hromada, year=today.year, today=today)
    small = edition.categories.first()
    choice = project(edition, small, status=ProjectStatus.ADMITTED)
    people = town.crowd(3)
    town.person(born=today.replace(year=today.year - 10))  # too young: not eligible
    town.person(status="left")  # not eligible
    voting.cast(edition, user=people[0], hromada=town.hromada, project_ids=[choice.pk])
    assert get_metric("participation.budget_participation").compute(town.hromada, today) == Decimal("33.3")
    implemented = project(edition, small, status=ProjectStatus.IMPLEMENTED, number=2)
    implemented.implemented_on = today - timedelta(days=0)
    implemented.save()
    metric = get_metric("participation.budget_implemented")
    assert metric.dated and metric.compute(town.hromada, today) == 1
    assert metric.compute(town.hromada, date(today.year - 1, 12, 31)) == 0


def test_personal_data(town):
    today = timezone.localdate()
    edition = edition_rows(town.hromada, today=today)
    small = edition.categories.first()
    author = town.person()
    mine = project(edition, small, status=ProjectStatus.ADMITTED, author=author)
    voting.cast(edition, user=author, hromada=town.hromada, project_ids=[mine.pk])
    data = personal_data.export_budget(author, town.hromada)
    assert data["projects"][0]["number"] == 1 and data["ballots"][0]["projects"] == [1]
    personal_data.erase_budget(author, town.hromada)
    mine.refresh_from_db()
    assert mine.author is None and mine.author_name == "Автор"
    assert voting.verify_log(edition).ok
