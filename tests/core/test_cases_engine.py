"""The case engine: numbering, statutory clocks from the core calendar, the staff's steps and their limits."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hromada.core.cases import services
from hromada.core.models import Case, CaseCategory, CaseEvent, CaseStatus, Notice
from tests.core.case_builders import at

KYIV = ZoneInfo("Europe/Kyiv")


def appeal(hromada, people, **kwargs):
    values = dict(kind="appeal", subkind="application", actor=people["resident"], applicant=people["resident"],
                  channel="portal", subject="Яма на дорозі", text="Прошу відремонтувати дорогу на вул. Миру.",
                  applicant_address="м. Могилів, вул. Миру, 1")
    values |= kwargs
    return services.register_case(hromada, **values)


def test_an_appeal_is_numbered_per_year_and_due_in_one_calendar_month(hromada_a, people):
    first = appeal(hromada_a, people, received_at=at(2026, 3, 2, 10))
    second = appeal(hromada_a, people, received_at=at(2026, 3, 3, 10))
    assert (first.number, second.number) == ("З-2026/000001", "З-2026/000002")
    assert first.due_date == date(2026, 4, 2)
    assert "Art. 20" in first.term_basis or "ст. 20" in first.term_basis
    assert first.events.get().kind == CaseEvent.Kind.REGISTERED


def test_a_month_ending_on_a_weekend_moves_to_the_next_working_day(hromada_a, people):
    case = appeal(hromada_a, people, received_at=at(2026, 4, 4, 9))  # 4 May 2026 is a Monday
    assert case.due_date == date(2026, 5, 4)
    case = appeal(hromada_a, people, received_at=at(2026, 2, 28, 9))  # 28 March 2026 is a Saturday
    assert case.due_date == date(2026, 3, 30)


def test_an_urgent_information_request_is_due_in_48_hours(hromada_a, people):
    case = services.register_case(hromada_a, kind="info_request", actor=None, channel="portal",
                                  subject="Якість води", text="Результати аналізу питної води за листопад",
                                  applicant_name="Іван Сидоренко", applicant_email="ivan@example.org",
                                  urgent=True, received_at=at(2026, 11, 20, 15, 30))
    assert case.number == "ЗІ-2026/000001"
    assert case.due_at == at(2026, 11, 22, 15, 30)
    assert case.due_date == date(2026, 11, 22)


def test_an_information_request_counts_working_days(hromada_a, people):
    case = services.register_case(hromada_a, kind="info_request", actor=None, channel="portal",
                                  subject="Бюджет", text="Рішення про бюджет", applicant_name="Іван",
                                  applicant_email="ivan@example.org", received_at=at(2026, 11, 20, 15, 30))
    assert case.due_date == date(2026, 11, 27)  # Fri + 5 working days


def test_extension_is_capped_at_45_days_and_notifies_the_applicant(hromada_a, people,
                                                                   django_capture_on_commit_callbacks):
    case = appeal(hromada_a, people, received_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        services.extend(case, actor=people["registrar"], hromada=hromada_a,
                        until=timezone.localdate() + timezone.timedelta(days=60), reason="Потрібна перевірка")
    assert "until" in error.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        services.extend(case, actor=people["registrar"], hromada=hromada_a,
                        until=services.forward_due(case) + timezone.timedelta(days=35), reason="Потрібна перевірка")
    case.refresh_from_db()
    assert case.extension_reason == "Потрібна перевірка"
    assert Notice.objects.filter(recipient=people["resident"], kind="cases.applicant").count() == 1


def test_the_whole_story_assign_answer_sign(hromada_a, people, django_capture_on_commit_callbacks):
    case = appeal(hromada_a, people)
    with pytest.raises(PermissionDenied):
        services.assign(case, actor=people["clerk"], hromada=hromada_a, department=people["unit"])
    services.assign(case, actor=people["registrar"], hromada=hromada_a, department=people["unit"],
                    executor=people["clerk"], resolution="Розглянути та відповісти")
    services.draft_answer(case, actor=people["clerk"], hromada=hromada_a, text="Ремонт заплановано.",
                          outcome="satisfied")
    with pytest.raises(PermissionDenied):
        services.approve_answer(case, actor=people["clerk"], hromada=hromada_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_answer(case, actor=people["head"], hromada=hromada_a)
    case.refresh_from_db()
    assert case.status == CaseStatus.ANSWERED and case.signed_by == people["head"]
    services.rate(case, user=people["resident"], hromada=hromada_a, rating=5)
    assert list(case.events.values_list("kind", flat=True)) == [
        "registered", "assigned", "resolution", "answer_drafted", "answered", "rated"]


def test_an_anonymous_appeal_is_closed_with_the_laws_reason(hromada_a, people):
    case = services.register_case(hromada_a, kind="appeal", subkind="complaint", actor=people["registrar"],
                                  channel="post", subject="Скарга", text="Без підпису", anonymous=True)
    assert case.status == CaseStatus.CLOSED and case.refusal_ground == "anonymous"


def test_bad_input_changes_nothing(hromada_a, people):
    with pytest.raises(ValidationError) as error:
        appeal(hromada_a, people, subject="", subkind="nonsense", applicant_address="")
    assert {"subject", "subkind", "applicant_address"} <= set(error.value.message_dict)
    assert not Case.objects.exists()


def test_category_service_term_in_hours_applies_when_shorter(hromada_a, people):
    category = CaseCategory.objects.create(hromada=hromada_a, name="Аварії водопостачання", term_hours=24,
                                           department=people["unit"])
    case = services.register_case(hromada_a, kind="hotline", actor=people["registrar"], channel="phone",
                                  subject="Прорив труби", text="Тече вода", applicant_name="Ольга",
                                  applicant_phone="0671234567", category=category,
                                  received_at=at(2026, 11, 20, 9))
    assert case.due_at == at(2026, 11, 21, 9) and case.department == people["unit"]
    assert case.applicant_phone == "+380671234567"


def _budget_request(hromada):
    return services.register_case(hromada, kind="info_request", actor=None, channel="portal",
                                  subject="Бюджет", text="Рішення про бюджет", applicant_name="Іван",
                                  applicant_email="ivan@example.org", received_at=at(2025, 12, 29, 10))


def test_martial_law_makes_new_year_a_working_day_for_the_clock(hromada_a, people):
    assert _budget_request(hromada_a).due_date == date(2026, 1, 5)  # 1 January worked under martial law
    hromada_a.settings = {"calendar.martial_law": "off"}
    hromada_a.save()
    assert _budget_request(hromada_a).due_date == date(2026, 1, 6)  # the holiday is skipped


def _request(hromada, received_at, **kwargs):
    values = dict(kind="info_request", actor=None, channel="portal", subject="Кошторис",
                  text="Прошу надати кошторис ремонту школи", applicant_name="Іван Сидоренко",
                  applicant_email="ivan@example.org", received_at=received_at)
    return services.register_case(hromada, **(values | kwargs))


def test_an_information_request_extends_to_20_working_days_only_within_the_first_5(hromada_a, people):
    today = timezone.localdate()
    cal = services.calendar_for(hromada_a)
    fresh = _request(hromada_a, timezone.now())
    limit = services.clock.due_for(cal, fresh.received_at, services.kinds.Term(20, "working_days", "x"))[0]
    with pytest.raises(ValidationError) as error:
        services.extend(fresh, actor=people["registrar"], hromada=hromada_a, until=limit + timezone.timedelta(days=1),
                        reason="Великий обсяг")
    assert "until" in error.value.message_dict
    services.extend(fresh, actor=people["registrar"], hromada=hromada_a, until=limit, reason="Великий обсяг")
    fresh.refresh_from_db()
    assert fresh.due_date == limit and "20" in fresh.term_basis
    # Received three weeks ago: the five working days for announcing an extension are over.
    old = _request(hromada_a, timezone.now() - timezone.timedelta(days=21))
    with pytest.raises(ValidationError) as error:
        services.extend(old, actor=people["registrar"], hromada=hromada_a, until=today + timezone.timedelta(days=3),
                        reason="Великий обсяг")
    assert "until" in error.value.message_dict


def test_a_refusal_of_information_names_a_ground_of_article_22(hromada_a, people):
    case = _request(hromada_a, timezone.now())
    services.assign(case, actor=people["registrar"], hromada=hromada_a, department=people["unit"],
                    executor=people["clerk"])
    with pytest.raises(ValidationError) as error:
        services.draft_answer(case, actor=people["clerk"], hromada=hromada_a, text="Відмовляємо", outcome="refused")
    assert "refusal_ground" in error.value.message_dict
    with pytest.raises(ValidationError):  # an appeal's outcome is not an information request's
        services.draft_answer(case, actor=people["clerk"], hromada=hromada_a, text="Так", outcome="satisfied")
    services.draft_answer(case, actor=people["clerk"], hromada=hromada_a, text="Інформація з обмеженим доступом",
                          outcome="refused", refusal_ground="restricted")
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_APPROVAL and case.refusal_ground == "restricted"


def test_forwarding_closes_the_case_and_tells_the_applicant(hromada_a, people, django_capture_on_commit_callbacks):
    case = appeal(hromada_a, people)
    with pytest.raises(ValidationError) as error:
        services.forward(case, actor=people["registrar"], hromada=hromada_a, to_body="", reason="")
    assert {"to_body", "reason"} <= set(error.value.message_dict)
    with django_capture_on_commit_callbacks(execute=True):
        services.forward(case, actor=people["registrar"], hromada=hromada_a,
                         to_body="Могилів-Подільська РДА", reason="Питання пенсій не належить до компетенції ради")
    case.refresh_from_db()
    assert (case.status, case.outcome, case.forwarded_to) == (CaseStatus.CLOSED, "forwarded", "Могилів-Подільська РДА")
    notice = Notice.objects.get(recipient=people["resident"], kind="cases.applicant")
    assert "Могилів-Подільська РДА" in notice.body
    assert case.events.filter(kind="forwarded", data__in_term=True).exists()


def test_a_repeated_and_a_collective_appeal_are_marked(hromada_a, people):
    first = appeal(hromada_a, people, received_at=timezone.now() - timezone.timedelta(days=40))
    again = appeal(hromada_a, people)
    assert again.repeat_of == first
    group = appeal(hromada_a, people, subject="Освітлення вулиці", signatories=12)
    assert group.collective and group.repeat_of is None


def test_copies_above_the_free_pages_cost_the_hromadas_rate(hromada_a, people):
    hromada_a.settings = {"public_info.page_fee": "0,50"}
    hromada_a.save()
    case = _request(hromada_a, timezone.now())
    services.assign(case, actor=people["registrar"], hromada=hromada_a, department=people["unit"],
                    executor=people["clerk"])
    services.draft_answer(case, actor=people["clerk"], hromada=hromada_a, text="Копії додаються",
                          outcome="provided", copy_pages=16)
    case.refresh_from_db()
    assert str(case.copy_fee) == "3.00"  # 6 pages above the 10 free ones


def test_a_bad_number_pattern_is_refused_naming_the_setting():
    from hromada.core.hromada_settings import REGISTRY, clean_value

    with pytest.raises(ValidationError) as error:
        clean_value(REGISTRY["cases.number_pattern.appeal"], "З-{year}/{nonsense}")
    assert "{seq}" in error.value.messages[0]
    assert clean_value(REGISTRY["cases.number_pattern.appeal"], "ЗВ/{seq}") == "ЗВ/{seq}"


def test_a_resident_cannot_be_made_an_executor(hromada_a, people):
    case = appeal(hromada_a, people)
    with pytest.raises(ValidationError) as error:
        services.assign(case, actor=people["registrar"], hromada=hromada_a, department=people["unit"],
                        executor=people["resident"])
    assert "executor" in error.value.message_dict
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED and not case.executors.exists()


def test_names_and_addresses_from_any_channel_are_stored_in_one_form(hromada_a, people):
    # Latin «o», «i», «e» typed for Cyrillic ones, a typewriter apostrophe, a zero-width space and double spaces,
    # as they come from old systems and phones.
    case = services.register_case(
        hromada_a, kind="appeal", subkind="complaint", actor=people["registrar"], channel="post",
        subject="Скарга", text="Текст", applicant_name="Петренкo  Iрина\u200b Олегівна",
        applicant_address="с. Озерне,  вул. Кот’e, 2")
    assert case.applicant_name == "Петренко Ірина Олегівна"
    assert case.applicant_address == "с. Озерне, вул. Кот'е, 2"  # the project's one apostrophe
