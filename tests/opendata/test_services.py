"""Passports and their limits, obligations, permissions, reminders before deadlines, the worklist, the quality
score and the programme's metrics."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hromada.core import worklist
from hromada.core.metrics import get_metric
from hromada.core.models.notifications import Notice
from hromada.opendata import publishing, quality, reminders, services
from hromada.opendata.models import Dataset
from tests.factories import member

pytestmark = pytest.mark.django_db

PASSPORT = {"description": "Перелік договорів ради за рік.", "frequency": "quarterly",
            "basis": "Постанова КМУ від 21.10.2015 № 835", "contact_name": "Олена Петренко",
            "contact_email": "op@rada.gov.ua"}


def test_the_title_may_have_254_characters_and_the_description_4000(hromada_a, manager):
    services.create_dataset(hromada_a, manager, title="Т" * 254, **{**PASSPORT, "description": "О" * 4000})
    with pytest.raises(ValidationError) as error:
        services.create_dataset(hromada_a, manager, title="Т" * 255, **PASSPORT)
    assert "title" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.create_dataset(hromada_a, manager, title="Договори", **{**PASSPORT, "description": "О" * 4001})
    assert "description" in error.value.error_dict
    assert Dataset.objects.filter(hromada=hromada_a).count() == 1


def test_required_passport_elements(hromada_a, manager):
    with pytest.raises(ValidationError) as error:
        services.create_dataset(hromada_a, manager, title="Договори", **{**PASSPORT, "basis": "  "})
    assert list(error.value.error_dict) == ["basis"]


def test_addresses_are_transliterated_and_unique(hromada_a, manager):
    first = services.create_dataset(hromada_a, manager, title="Перелік об’єктів комунальної власності", **PASSPORT)
    second = services.create_dataset(hromada_a, manager, title="Перелік об’єктів комунальної власності", **PASSPORT)
    assert first.slug == "perelik-obiektiv-komunalnoi-vlasnosti"
    assert second.slug == "perelik-obiektiv-komunalnoi-vlasnosti-2"
    assert first.identifier != second.identifier


def test_keywords_are_cleaned(hromada_a, manager):
    dataset = services.create_dataset(hromada_a, manager, title="Договори", keywords=" Бюджет, договори;бюджет ,,",
                                      **PASSPORT)
    assert dataset.keywords == ["бюджет", "договори"]


def test_only_managers_create_datasets_and_choose_obligations(hromada_a):
    clerk = member(hromada_a, "clerk")
    with pytest.raises(PermissionDenied):
        services.create_dataset(hromada_a, clerk, title="Договори", **PASSPORT)
    with pytest.raises(PermissionDenied):
        services.choose_obligation(hromada_a, clerk, "all-007", applies=True)


def test_an_obligation_that_does_not_apply_needs_a_reason(hromada_a, manager):
    with pytest.raises(ValidationError):
        services.choose_obligation(hromada_a, manager, "mun-019", applies=False)
    choice = services.choose_obligation(hromada_a, manager, "mun-019", applies=False, reason="Вбиралень немає")
    assert not choice.applies
    with pytest.raises(ValidationError):
        services.choose_obligation(hromada_a, manager, "mun-999", applies=True)


def test_a_unit_of_another_hromada_cannot_be_made_responsible(hromada_a, hromada_b, manager):
    from hromada.core.models import Department

    other = Department.objects.create(hromada=hromada_b, name="Чужий відділ")
    with pytest.raises(ValidationError):
        services.choose_obligation(hromada_a, manager, "all-007", applies=True, department=other)


def test_starting_an_obligation_with_a_platform_dataset_makes_it_generated(hromada_a, manager):
    services.choose_obligation(hromada_a, manager, "all-007", applies=True, responsible=manager)
    dataset = services.start_obligation(hromada_a, manager, "all-007")
    assert dataset.live_key == "opendata.register" and dataset.responsible == manager
    assert services.start_obligation(hromada_a, manager, "all-007") == dataset  # once
    upload = services.start_obligation(hromada_a, manager, "mun-027")
    assert upload.live_key == "" and upload.status == "draft"


# --- reminders, worklist, quality, metrics -----------------------------------------------------------------


def _due_in(dataset, day: date) -> Dataset:
    Dataset.objects.filter(pk=dataset.pk).update(next_due=day)
    return Dataset.objects.get(pk=dataset.pk)


def _working_day(start: date, step: int) -> date:
    from hromada.core.deadlines import calendar_for
    from hromada.core.models import Hromada

    cal = calendar_for(Hromada.objects.first())
    day = start
    while True:
        day += timedelta(days=step)
        if cal.is_working_day(day):
            return day


def test_reminders_go_three_working_days_before_on_the_day_and_the_day_after_once(hromada_a, manager,
                                                                                   live_dataset):
    publishing.publish_live(live_dataset)
    Dataset.objects.filter(pk=live_dataset.pk).update(responsible=manager)
    due = _working_day(date(2026, 6, 1), 1)
    _due_in(live_dataset, due)
    four_before = due
    for _ in range(4):
        four_before = _working_day(four_before, -1)
    assert reminders.send_due(four_before) == 0
    three_before = _working_day(four_before, 1)
    assert reminders.send_due(three_before) == 1
    assert reminders.send_due(three_before) == 0  # not twice
    assert reminders.send_due(due) == 1
    day_after = _working_day(due, 1)
    assert reminders.send_due(day_after) == 1
    assert reminders.send_due(_working_day(day_after, 1)) == 0  # then the worklist keeps it in view
    kinds = list(Notice.objects.filter(recipient=manager).order_by("pk").values_list("kind", flat=True))
    assert kinds == ["opendata.due_soon", "opendata.due_soon", "opendata.overdue"]


def test_without_a_responsible_person_the_managers_are_told(hromada_a, manager, live_dataset):
    publishing.publish_live(live_dataset)
    Dataset.objects.filter(pk=live_dataset.pk).update(responsible=None)
    due = _working_day(date(2026, 6, 1), 1)
    _due_in(live_dataset, due)
    assert reminders.send_due(due) == 1
    assert Notice.objects.get().recipient == manager


def test_the_worklist_shows_due_and_held_back_datasets_to_those_concerned(hromada_a, manager, live_dataset):
    publishing.publish_live(live_dataset)
    today = timezone.localdate()
    _due_in(live_dataset, today)
    Dataset.objects.filter(pk=live_dataset.pk).update(blocked_reason="«Підрозділи»: рядок 2 …")
    items = [i for i in worklist.collect(worklist.Context(manager, hromada_a, today)) if i.kind.startswith("opendata")]
    assert sorted(i.kind for i in items) == ["opendata.blocked", "opendata.due"]
    clerk = member(hromada_a, "clerk")
    assert not [i for i in worklist.collect(worklist.Context(clerk, hromada_a, today))
                if i.kind.startswith("opendata")]
    Dataset.objects.filter(pk=live_dataset.pk).update(responsible=clerk)
    assert len([i for i in worklist.collect(worklist.Context(clerk, hromada_a, today))
                if i.kind.startswith("opendata")]) == 2


def test_the_quality_score_names_what_is_missing(hromada_a, manager, live_dataset):
    publishing.publish_live(live_dataset)
    dataset = Dataset.objects.get(pk=live_dataset.pk)
    score, detail = quality.score(dataset)
    assert detail["passport"] and detail["structure"] and detail["open_format"] and detail["available"]
    assert score == round(100 * sum(detail.values()) / len(detail))
    draft = services.create_dataset(hromada_a, manager, title="Договори", **PASSPORT)
    score, detail = quality.score(draft)
    assert not detail["available"] and not detail["passport"] and not detail["description"]
    # formats, first publication, last change, the date the data is current as of, keywords
    assert len(quality.passport_gaps(draft)) == 5


def test_metrics_count_published_datasets_and_obligations_met(hromada_a, manager, live_dataset):
    at = timezone.localdate()
    assert get_metric("opendata.datasets_published").value(hromada_a, at) == Decimal("0.000")
    publishing.publish_live(live_dataset)
    assert get_metric("opendata.datasets_published").value(hromada_a, at) == Decimal("1.000")
    assert get_metric("opendata.on_time_share").value(hromada_a, at) == Decimal("100.000")
    services.choose_obligation(hromada_a, manager, "all-002", applies=True)
    services.choose_obligation(hromada_a, manager, "all-007", applies=True)
    Dataset.objects.filter(pk=live_dataset.pk).update(obligation_code="all-002")
    assert get_metric("opendata.obligations_met_share").value(hromada_a, at) == Decimal("50.000")
