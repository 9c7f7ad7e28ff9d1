"""Staff pages of cases (/staff/cases/): who sees what, masking and its audit, each step through the page."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hromada.core.cases import services
from hromada.core.models import AuditEntry, CaseAttachment, CaseEvent, CaseStatus
from tests.core.case_builders import at
from tests.factories import member

KYIV = ZoneInfo("Europe/Kyiv")
LIST = reverse("cases:list")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def detail(case) -> str:
    return reverse("cases:detail", args=[case.pk])


def act(case, key) -> str:
    return reverse("cases:act", args=[case.pk, key])


def appeal(hromada, people, **kwargs):
    values = dict(kind="appeal", subkind="application", actor=people["resident"], applicant=people["resident"],
                  channel="portal", subject="Яма на дорозі", text="Прошу відремонтувати дорогу на вул. Миру.",
                  applicant_address="м. Могилів, вул. Миру, 1", applicant_phone="+380671234567")
    values |= kwargs
    return services.register_case(hromada, **values)


@pytest.fixture
def cases(hromada_a, people):
    """One case of the unit (its clerk executes it), one registered on paper, one taken by the hotline."""
    unit_case = appeal(hromada_a, people, subject="Яма на дорозі", received_at=at(2026, 11, 21, 14, 5))
    services.assign(unit_case, actor=people["registrar"], hromada=hromada_a, department=people["unit"],
                    executor=people["clerk"], resolution="Розглянути")
    paper = appeal(hromada_a, people, actor=people["registrar"], applicant=None, channel="post",
                   applicant_name="Сидоренко Петро Іванович", applicant_address="с. Озерне, вул. Нова, 2",
                   subject="Освітлення вулиці", text="Не світять ліхтарі.")
    call = services.register_case(hromada_a, kind="hotline", actor=people["operator"], channel="phone",
                                  applicant_name="Коваль Анна", applicant_phone="+380501112233",
                                  subject="Немає води", text="Третій день немає води.")
    return {"unit": unit_case, "paper": paper, "call": call}


def login(client, user):
    client.force_login(user)
    return client


# --- who sees what -----------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client_a, cases):
    for url in (LIST, detail(cases["unit"]), reverse("cases:export-csv")):
        response = client_a.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    response = client_a.post(act(cases["unit"], "note"), {"note": "x"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not cases["unit"].events.filter(kind=CaseEvent.Kind.NOTE).exists()


def test_a_resident_is_refused(client_a, people, cases):
    login(client_a, people["resident"])
    assert client_a.get(LIST).status_code == 403
    assert client_a.get(detail(cases["unit"])).status_code == 403
    assert client_a.post(act(cases["unit"], "note"), {"note": "x"}).status_code == 403


@pytest.mark.parametrize(("persona", "visible"), [
    ("registrar", {"unit", "paper", "call"}),
    ("admin", {"unit", "paper", "call"}),
    ("head", {"unit"}),
    ("clerk", {"unit"}),
    ("teacher", set()),
    ("operator", {"call"}),
])
def test_each_persona_sees_its_cases(client_a, people, cases, persona, visible):
    login(client_a, people[persona])
    page = client_a.get(LIST).content.decode()
    for key, case in cases.items():
        assert (case.number in page) == (key in visible), key
        assert client_a.get(detail(case)).status_code == (200 if key in visible else 404), key
    if not visible:
        assert "Поки що немає звернень для вас." in page


def test_another_hromadas_case_is_not_found(client_a, hromada_b, people, cases):
    elsewhere = services.register_case(hromada_b, kind="hotline", actor=member(hromada_b, "case_registrar"),
                                       channel="phone", applicant_name="Інший", subject="Чуже", text="Чуже")
    services.add_attachment(elsewhere, actor=elsewhere.created_by, hromada=hromada_b,
                            upload=services.Upload("a.pdf", PDF), role="scan")
    login(client_a, people["registrar"])
    assert client_a.get(detail(elsewhere)).status_code == 404
    file = elsewhere.attachments.get()
    assert client_a.get(reverse("cases:attachment", args=[elsewhere.pk, file.pk])).status_code == 404
    assert client_a.post(act(elsewhere, "note"), {"note": "x"}).status_code == 404
    assert "Чуже" not in client_a.get(LIST).content.decode()


# --- the list ----------------------------------------------------------------------------------------------


def test_the_list_masks_names_and_shows_the_term_with_its_basis(client_a, people, cases):
    login(client_a, people["registrar"])
    page = client_a.get(LIST).content.decode()
    assert "Петренко" not in page and "Сидоренко" not in page and "Коваль" not in page
    assert "П. І. О." in page and "С. П. І." in page and "К. А." in page
    assert cases["paper"].term_basis in page
    assert services.format_due(cases["paper"]) in page
    assert "робоч" in page  # working days left


def test_overdue_and_priority_cases_come_first_with_a_badge(client_a, hromada_a, people, cases):
    late = appeal(hromada_a, people, subject="Давня скарга", received_at=timezone.now() - timedelta(days=70))
    first = appeal(hromada_a, people, subject="Пільговик", priority=True, priority_ground="УБД")
    services.close(cases["call"], actor=people["registrar"], hromada=hromada_a, outcome="not_considered",
                   ground="unclear", reason="Незрозуміло")
    login(client_a, people["registrar"])
    page = client_a.get(LIST).content.decode()
    assert "Прострочено" in page
    order = [page.index(case.number) for case in (first, late, cases["unit"], cases["call"])]
    assert order == sorted(order)
    overdue = client_a.get(LIST, {"state": "overdue"}).content.decode()
    assert late.number in overdue and cases["paper"].number not in overdue


def test_filters_and_search(client_a, hromada_a, people, cases):
    login(client_a, people["registrar"])

    def numbers(**params):
        page = client_a.get(LIST, params).content.decode()
        return {key for key, case in cases.items() if case.number in page}

    assert numbers(kind="hotline") == {"call"}
    assert numbers(channel="post") == {"paper"}
    assert numbers(department=people["unit"].pk) == {"unit"}
    assert numbers(status="in_progress") == {"unit"}
    assert numbers(q="освітлення") == {"paper"}
    assert numbers(q="Сидоренко") == {"paper"}
    assert numbers(q=cases["call"].number) == {"call"}
    assert numbers(year=cases["call"].year) == {"unit", "paper", "call"}
    assert numbers(state="closed") == set()
    # An unusable value is ignored, not an error page.
    assert numbers(kind="nonsense", year="abc", department="x") == {"unit", "paper", "call"}
    assert "нічого не знайдено" in client_a.get(LIST, {"q": "немає такого"}).content.decode()


def test_the_list_is_paginated(client_a, hromada_a, people):
    for number in range(27):
        services.register_case(hromada_a, kind="hotline", actor=people["registrar"], channel="phone",
                               applicant_name="Коваль Анна", subject=f"Дзвінок {number}", text="Текст")
    login(client_a, people["registrar"])
    page = client_a.get(LIST).content.decode()
    assert "27 звернень" in page and "Сторінка 1 з 2" in page
    assert client_a.get(LIST, {"page": 2}).content.decode().count('href="/staff/cases/') >= 2


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["registrar", "head"])
def test_the_list_costs_the_same_queries_for_3_and_30_cases(client_a, hromada_a, people, persona,
                                                            django_assert_max_num_queries):
    def add(count):
        for number in range(count):
            case = appeal(hromada_a, people, subject=f"Справа {number}", category=None)
            services.assign(case, actor=people["registrar"], hromada=hromada_a, department=people["unit"],
                            executor=people["clerk"])

    add(3)
    login(client_a, people[persona])
    few = _list_queries(client_a)
    add(27)
    many = _list_queries(client_a)
    assert few == many
    with django_assert_max_num_queries(few):
        client_a.get(LIST)


def test_export_of_the_filtered_list_is_audited_and_masked(client_a, people, cases):
    login(client_a, people["registrar"])
    response = client_a.get(reverse("cases:export-csv"), {"kind": "appeal"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["номер", "вид", "надійшло", "канал", "заявник"]
    assert sorted(row[0] for row in rows[1:]) == sorted([cases["unit"].number, cases["paper"].number])
    assert {row[4] for row in rows[1:]} == {"П. І. О.", "С. П. І."}
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_type="core.case",
                                     actor=people["registrar"]).count() == 1
    response = client_a.get(reverse("cases:export-xlsx"), {"q": cases["call"].number})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert len(values) == 2 and values[1][0] == cases["call"].number and values[1][4] == "К. А."
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_type="core.case").count() == 2


def test_a_clerks_export_holds_only_the_clerks_cases(client_a, people, cases):
    login(client_a, people["clerk"])
    response = client_a.get(reverse("cases:export-csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert cases["unit"].number in text and cases["paper"].number not in text


# --- the case page -----------------------------------------------------------------------------------------


def test_the_case_page_masks_contacts_until_revealed_and_logs_the_view(client_a, people, cases):
    case = cases["unit"]
    login(client_a, people["clerk"])
    page = client_a.get(detail(case)).content.decode()
    assert "Петренко" not in page and "+380671234567" not in page and "вул. Миру, 1" not in page
    assert "Показати персональні дані" in page
    views = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, object_type="core.case", object_id=str(case.pk))
    assert not views.exists()
    page = client_a.post(detail(case), {"reveal": "1"}).content.decode()
    assert "Петренко Ірина Олегівна" in page and "+380671234567" in page and "м. Могилів, вул. Миру, 1" in page
    entry = views.get()
    assert entry.actor == people["clerk"]
    page = client_a.get(detail(case), {"reveal": "1"}).content.decode()  # the same through a link
    assert "+380671234567" in page and views.count() == 2


def test_the_case_page_shows_the_clock_and_the_timeline(client_a, people, cases):
    case = cases["unit"]
    login(client_a, people["registrar"])
    page = client_a.get(detail(case)).content.decode()
    assert "21 листопада 2026 р., 14:05" in page  # the registration event
    assert case.term_basis in page
    assert "Розглянути" in page and "Виконавець Іван" in page and "Реєстратор Ольга" in page


def test_a_repeated_case_links_to_the_earlier_one(client_a, hromada_a, people, cases):
    again = appeal(hromada_a, people, subject="Яма на дорозі")
    assert again.repeat_of_id == cases["unit"].pk
    login(client_a, people["registrar"])
    page = client_a.get(detail(again)).content.decode()
    assert detail(cases["unit"]) in page


def test_forms_are_shown_to_those_who_may_use_them(client_a, hromada_a, people, cases):
    case = cases["unit"]
    login(client_a, people["clerk"])
    page = client_a.get(detail(case)).content.decode()
    assert act(case, "answer") in page and act(case, "note") in page
    assert act(case, "assign") not in page and act(case, "extend") not in page and act(case, "dismiss") not in page
    login(client_a, people["head"])
    page = client_a.get(detail(case)).content.decode()
    assert act(case, "assign") in page and act(case, "approve") not in page
    services.draft_answer(case, actor=people["clerk"], hromada=hromada_a, text="Відповідь", outcome="satisfied")
    page = client_a.get(detail(case)).content.decode()
    assert act(case, "approve") in page and act(case, "return") in page and act(case, "answer") not in page


# --- the steps ---------------------------------------------------------------------------------------------


def test_assign_through_the_page(client_a, people, cases):
    case = cases["paper"]
    login(client_a, people["registrar"])
    response = client_a.post(act(case, "assign"), {"department": people["unit"].pk, "executor": people["teacher"].pk,
                                                   "resolution": "Розібратися"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Виправте помилки" in page and "Не працюють у підрозділі «Відділ ЖКГ»: Освітянка Марія." in page
    case.refresh_from_db()
    assert case.department is None and case.status == CaseStatus.REGISTERED
    response = client_a.post(act(case, "assign"), {"department": people["unit"].pk, "executor": people["clerk"].pk,
                                                   "co_executors": [people["head"].pk], "resolution": "Розібратися"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.department, case.executor, case.status) == (people["unit"], people["clerk"], CaseStatus.IN_PROGRESS)
    assert set(case.executors.values_list("user_id", "main")) == {(people["clerk"].pk, True),
                                                                 (people["head"].pk, False)}


def test_a_clerk_cannot_assign(client_a, people, cases):
    login(client_a, people["clerk"])
    response = client_a.post(act(cases["unit"], "assign"), {"department": people["other_unit"].pk})
    assert response.status_code == 403
    cases["unit"].refresh_from_db()
    assert cases["unit"].department == people["unit"]


def test_a_head_cannot_send_a_case_to_another_unit(client_a, people, cases):
    login(client_a, people["head"])
    response = client_a.post(act(cases["unit"], "assign"), {"department": people["other_unit"].pk})
    assert response.status_code == 400
    cases["unit"].refresh_from_db()
    assert cases["unit"].department == people["unit"]


def test_extend_through_the_page(client_a, people, cases):
    case = cases["unit"]
    login(client_a, people["head"])
    page = client_a.get(detail(case)).content.decode()
    assert "Закон дозволяє щонайпізніше" in page
    too_late = case.received_at.date() + timedelta(days=60)
    response = client_a.post(act(case, "extend"), {"until": too_late.isoformat(), "reason": "Перевірка"})
    assert response.status_code == 400 and "Закон дозволяє щонайпізніше" in response.content.decode()
    case.refresh_from_db()
    assert case.due_date == case.initial_due_date and not case.extension_reason
    response = client_a.post(act(case, "extend"), {"until": "", "reason": ""})
    assert response.status_code == 400
    until = timezone.localdate(case.received_at) + timedelta(days=44)
    response = client_a.post(act(case, "extend"), {"until": until.isoformat(), "reason": "Потрібна перевірка"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.due_date >= until and case.extension_reason == "Потрібна перевірка"


def test_forward_through_the_page(client_a, people, cases):
    case = cases["paper"]
    login(client_a, people["registrar"])
    page = client_a.get(detail(case)).content.decode()
    assert "Переслати до" in page
    response = client_a.post(act(case, "forward"), {"to_body": "", "reason": "Не наша компетенція"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED and not case.forwarded_to
    response = client_a.post(act(case, "forward"), {"to_body": "Держгеокадастр", "reason": "Земельне питання"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.forwarded_to == "Держгеокадастр"


def test_answer_approve_close_and_reopen_through_the_page(client_a, people, cases):
    case = cases["unit"]
    login(client_a, people["clerk"])
    response = client_a.post(act(case, "answer"), {"text": "Ремонт заплановано", "outcome": "provided"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS and not case.answer_text
    upload = SimpleUploadedFile("answer.pdf", PDF, content_type="application/pdf")
    response = client_a.post(act(case, "answer"), {"text": "Ремонт заплановано", "outcome": "satisfied",
                                                   "file": upload})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_APPROVAL
    assert case.attachments.get().role == CaseAttachment.Role.ANSWER
    assert client_a.post(act(case, "approve")).status_code == 403  # a clerk does not sign
    login(client_a, people["head"])
    response = client_a.post(act(case, "return"), {"note": ""})
    assert response.status_code == 400
    response = client_a.post(act(case, "approve"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ANSWERED and case.signed_by == people["head"]
    response = client_a.post(act(case, "close"), {"reason": ""})
    assert response.status_code == 400
    response = client_a.post(act(case, "close"), {"reason": "Відповідь надіслано"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert client_a.post(act(case, "reopen"), {"reason": ""}).status_code == 400
    # Reopening is confirmed first: the first post changes nothing.
    response = client_a.post(act(case, "reopen"), {"reason": "Скарга на відповідь"})
    assert response.status_code == 200 and "Підтвердити" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    response = client_a.post(act(case, "reopen"), {"reason": "Скарга на відповідь", "confirmed": "True"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS


def test_return_through_the_page(client_a, hromada_a, people, cases):
    case = cases["unit"]
    login(client_a, people["head"])
    response = client_a.post(act(case, "approve"))  # nothing to sign yet
    assert response.status_code == 400 and "Немає відповіді, що очікує підпису." in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS and case.signed_by is None
    services.draft_answer(case, actor=people["clerk"], hromada=hromada_a, text="Відповідь", outcome="satisfied")
    response = client_a.post(act(case, "return"), {"note": "Додайте строки ремонту"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.events.filter(kind=CaseEvent.Kind.NOTE, note="Додайте строки ремонту").exists()


def test_an_information_request_refusal_names_its_ground(client_a, hromada_a, people):
    case = services.register_case(hromada_a, kind="info_request", actor=None, channel="portal",
                                  subject="Бюджет", text="Рішення про бюджет", applicant_name="Іван Сидоренко",
                                  applicant_email="ivan@example.org")
    login(client_a, people["registrar"])
    page = client_a.get(detail(case)).content.decode()
    assert 'name="refusal_ground"' in page and 'name="copy_pages"' in page
    response = client_a.post(act(case, "answer"), {"text": "Відмова", "outcome": "refused"})
    assert response.status_code == 400
    assert "Відмова має містити підставу, визначену законом." in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED
    response = client_a.post(act(case, "answer"), {"text": "Відмова", "outcome": "refused",
                                                   "refusal_ground": "restricted", "copy_pages": "3"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.refusal_ground, case.copy_pages) == (CaseStatus.AWAITING_APPROVAL, "restricted", 3)


def test_close_without_consideration_is_confirmed(client_a, people, cases):
    case = cases["paper"]
    login(client_a, people["registrar"])
    response = client_a.post(act(case, "dismiss"), {"ground": "nonsense", "reason": "Незрозуміло"})
    assert response.status_code == 400
    response = client_a.post(act(case, "dismiss"), {"ground": "unclear", "reason": "Незрозуміло"})
    assert response.status_code == 200 and "Підтвердити" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED
    response = client_a.post(act(case, "dismiss"), {"ground": "unclear", "reason": "Незрозуміло",
                                                    "confirmed": "True"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome, case.refusal_ground) == (CaseStatus.CLOSED, "not_considered", "unclear")


def test_notes_and_files_through_the_page(client_a, people, cases):
    case = cases["unit"]
    login(client_a, people["clerk"])
    assert client_a.post(act(case, "note"), {"note": "  "}).status_code == 400
    assert client_a.post(act(case, "note"), {"note": "Виїзд на місце"}).status_code == 302
    assert case.events.filter(kind=CaseEvent.Kind.NOTE, note="Виїзд на місце", actor=people["clerk"]).exists()
    fake = SimpleUploadedFile("scan.pdf", b"just text", content_type="application/pdf")
    response = client_a.post(act(case, "attach"), {"file": fake, "role": "internal"})
    assert response.status_code == 400
    assert not case.attachments.exists()
    scan = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    assert client_a.post(act(case, "attach"), {"file": scan, "role": "internal"}).status_code == 302
    row = case.attachments.get()
    response = client_a.get(reverse("cases:attachment", args=[case.pk, row.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    login(client_a, people["teacher"])
    assert client_a.get(reverse("cases:attachment", args=[case.pk, row.pk])).status_code == 404


def test_an_unknown_step_is_not_found(client_a, people, cases):
    login(client_a, people["registrar"])
    assert client_a.post(act(cases["unit"], "explode")).status_code == 404
    assert client_a.get(act(cases["unit"], "note")).status_code == 405


def test_the_menu_links_the_list_for_staff_only(client_a, people, cases):
    login(client_a, people["clerk"])
    assert f'href="{LIST}"' in client_a.get(LIST).content.decode()

