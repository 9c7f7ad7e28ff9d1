"""Staff registration of cases brought on paper, categories, the registration journal and the period report."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx.enum.section import WD_ORIENT

from hromada.core.cases import reports, services
from hromada.core.models import (
    AuditEntry,
    Case,
    CaseAttachment,
    CaseCategory,
    CaseChannel,
    CaseOutcome,
    CaseStatus,
    RoleAssignment,
)
from tests.factories import DepartmentFactory, UserFactory, member

KYIV = ZoneInfo("Europe/Kyiv")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def at(*args) -> datetime:
    return datetime(*args, tzinfo=KYIV)


@pytest.fixture
def people(hromada_a):
    unit = DepartmentFactory(hromada=hromada_a, name="Відділ ЖКГ", short_name="ЖКГ")
    clerk = UserFactory(email="clerk@example.org", full_name="Виконавець Олег")
    RoleAssignment.objects.create(user=clerk, hromada=hromada_a, role="clerk", department=unit)
    return {
        "unit": unit,
        "registrar": member(hromada_a, "case_registrar", email="reg@example.org", full_name="Реєстратор Анна"),
        "admin": member(hromada_a, "hromada_admin", email="admin@example.org"),
        "clerk": clerk,
        "operator": member(hromada_a, "hotline_operator", email="op@example.org"),
        "resident": member(hromada_a, "resident", email="res@example.org", phone="+380671112233",
                           full_name="Петренко Ірина Олегівна"),
    }


@pytest.fixture
def registrar(client_a, people):
    client_a.force_login(people["registrar"])
    return client_a


@pytest.fixture
def roads(hromada_a, people):
    return CaseCategory.objects.create(hromada=hromada_a, name="Дороги", kinds="appeal,hotline",
                                       department=people["unit"])


def appeal_form(**overrides) -> dict:
    data = {"subkind": "application", "channel": "paper_cnap", "received_at": "2026-11-20T10:00",
            "applicant_name": "Коваленко Марія Петрівна", "applicant_address": "с. Вишневе, вул. Садова, 4",
            "applicant_email": "", "applicant_phone": "", "signatories": "1", "subject": "Ремонт дороги",
            "text": "Прошу відремонтувати дорогу на вул. Садовій.", "priority_ground": "", "link_account": "on"}
    data.update(overrides)
    return data


def info_form(**overrides) -> dict:
    data = {"channel": "email", "received_at": "2026-11-20T15:30", "applicant_name": "Іван Сидоренко",
            "applicant_email": "ivan@example.org", "subject": "Якість води",
            "text": "Результати аналізу питної води за листопад.", "link_account": "on"}
    data.update(overrides)
    return data


NEW = "/staff/case-registry/new/"


# --- access ----------------------------------------------------------------------------------------------

PAGES = {
    "new": (NEW + "?kind=appeal", {"registrar", "admin", "clerk", "operator"}),
    "categories": ("/staff/case-registry/categories/", {"registrar", "admin"}),
    "category-new": ("/staff/case-registry/categories/new/", {"registrar", "admin"}),
    "journal": ("/staff/case-registry/journal/", {"registrar", "admin"}),
    "journal-xlsx": ("/staff/case-registry/journal.xlsx", {"registrar", "admin"}),
    "report": ("/staff/case-registry/report/", {"registrar", "admin"}),
    "report-docx": ("/staff/case-registry/report.docx", {"registrar", "admin"}),
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("persona", ["registrar", "admin", "clerk", "operator", "resident", "anonymous"])
def test_each_persona_reaches_only_what_its_role_allows(client_a, people, page, persona):
    url, allowed = PAGES[page]
    if persona != "anonymous":
        client_a.force_login(people[persona])
    response = client_a.get(url)
    if persona == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/login/?next=")
    else:
        assert response.status_code == (200 if persona in allowed else 403)


def test_the_names_are_mounted_under_staff_case_registry():
    assert reverse("case-registry:new") == NEW
    assert reverse("case-registry:categories") == "/staff/case-registry/categories/"
    assert reverse("case-registry:report") == "/staff/case-registry/report/"


def test_without_a_kind_the_page_asks_which_one(registrar):
    response = registrar.get(NEW)
    assert response.status_code == 200
    assert 'href="?kind=appeal"' in response.text and 'href="?kind=info_request"' in response.text
    assert registrar.get(NEW + "?kind=hotline").status_code == 200  # the chooser again, not a hotline form
    assert 'name="subject"' not in registrar.get(NEW + "?kind=hotline").text


# --- registration ----------------------------------------------------------------------------------------


def test_the_form_offers_the_kinds_fields_and_warns_about_anonymous_appeals(registrar, roads, hromada_b):
    CaseCategory.objects.create(hromada=hromada_b, name="Чужа категорія")
    page = registrar.get(NEW + "?kind=appeal").text
    assert "Art. 8" in page or "ст. 8" in page
    assert 'list="priority-grounds"' in page and '<datalist id="priority-grounds">' in page
    assert "Дороги" in page and "Чужа категорія" not in page
    assert 'value="paper_cnap"' in page and 'value="portal"' not in page and 'value="phone"' not in page
    info = registrar.get(NEW + "?kind=info_request").text
    assert 'name="anonymous"' not in info and 'name="urgent_ground"' in info and "Дороги" not in info


def test_a_paper_appeal_with_a_pdf_scan_is_registered(registrar, hromada_a, people, roads,
                                                     django_capture_on_commit_callbacks):
    data = appeal_form(category=str(roads.pk), priority="on", priority_ground="учасник бойових дій",
                       attachments=[SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
                                    SimpleUploadedFile("page2.png", PNG, content_type="image/png")])
    with django_capture_on_commit_callbacks(execute=True):
        response = registrar.post(NEW + "?kind=appeal", data)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/case-registry/new/{case.pk}/done/"
    assert (case.kind, case.subkind, case.channel) == ("appeal", "application", "paper_cnap")
    assert case.number == "З-2026/000001"
    assert case.received_at == at(2026, 11, 20, 10)
    assert case.due_date == date(2026, 12, 21)  # one month ends on Sunday 20 December: the next working day
    assert case.applicant_name == "Коваленко Марія Петрівна" and case.applicant is None
    assert case.category == roads and case.department == people["unit"]
    assert case.priority and case.priority_ground == "учасник бойових дій"
    assert case.created_by == people["registrar"] and case.status == CaseStatus.REGISTERED
    files = list(case.attachments.values_list("name", "role", "content_type"))
    assert files == [("scan.pdf", CaseAttachment.Role.SCAN, "application/pdf"),
                     ("page2.png", CaseAttachment.Role.SCAN, "image/png")]
    done = registrar.get(response["Location"]).text
    assert "З-2026/000001" in done and "21 грудня 2026 р." in done and case.term_basis in done


def test_an_information_request_by_email_is_urgent_for_48_hours(registrar, hromada_a):
    response = registrar.post(NEW + "?kind=info_request",
                              info_form(urgent="on", urgent_ground="Аварія на водогоні"))
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.number == "ЗІ-2026/000001" and case.channel == CaseChannel.EMAIL
    assert case.urgent and case.urgent_ground == "Аварія на водогоні"
    assert case.due_at == at(2026, 11, 22, 15, 30)
    done = registrar.get(response["Location"]).text
    assert "22 листопада 2026 р., 15:30" in done


def test_an_urgent_request_names_its_ground(registrar):
    response = registrar.post(NEW + "?kind=info_request", info_form(urgent="on"))
    assert response.status_code == 400 and Case.objects.count() == 0
    assert "#id_urgent_ground" in response.text


def test_a_case_is_linked_to_the_resident_account_that_holds_the_phone(registrar, people):
    response = registrar.post(NEW + "?kind=appeal", appeal_form(subject="", applicant_phone="067 111 22 33"))
    assert response.status_code == 400
    assert "Петренко Ірина Олегівна" in response.text  # the offer to link, before saving
    registrar.post(NEW + "?kind=appeal", appeal_form(applicant_phone="067 111 22 33"))
    case = Case.objects.get()
    assert case.applicant == people["resident"] and case.applicant_phone == "+380671112233"
    assert case.applicant_name == "Коваленко Марія Петрівна"  # what the paper says stays


def test_unticking_the_offer_keeps_the_case_unlinked(registrar, people):
    registrar.post(NEW + "?kind=appeal", appeal_form(applicant_email="RES@example.org", link_account=""))
    assert Case.objects.get().applicant is None


def test_another_hromadas_resident_is_not_offered(registrar, hromada_b):
    member(hromada_b, "resident", email="far@example.org")
    registrar.post(NEW + "?kind=appeal", appeal_form(applicant_email="far@example.org"))
    assert Case.objects.get().applicant is None


@pytest.mark.parametrize(("change", "field"), [
    ({"received_at": "2099-01-01T10:00"}, "received_at"),
    ({"applicant_name": ""}, "applicant_name"),
    ({"applicant_address": ""}, "applicant_address"),
    ({"subkind": ""}, "subkind"),
    ({"channel": "portal"}, "channel"),
    ({"received_at": "вчора"}, "received_at"),
    ({"signatories": "0"}, "signatories"),
    ({"priority": "on"}, "priority_ground"),
])
def test_bad_input_shows_the_form_again_and_saves_nothing(registrar, change, field):
    response = registrar.post(NEW + "?kind=appeal", appeal_form(**change))
    assert response.status_code == 400
    assert Case.objects.count() == 0 and AuditEntry.objects.filter(object_type="core.case").count() == 0
    assert "error-summary" in response.text and f'href="#id_{field}"' in response.text
    assert "Нічого не збережено" in response.text


def test_a_text_file_named_pdf_is_refused_and_the_files_must_be_chosen_again(registrar):
    fake = SimpleUploadedFile("scan.pdf", b"just some text, not a PDF", content_type="application/pdf")
    response = registrar.post(NEW + "?kind=appeal", appeal_form(attachments=[fake]))
    assert response.status_code == 400
    assert Case.objects.count() == 0 and CaseAttachment.objects.count() == 0
    assert 'href="#id_attachments"' in response.text and "scan.pdf" in response.text
    assert "оберіть їх знову" in response.text


def test_a_word_document_is_not_a_scan(registrar):
    word = SimpleUploadedFile("scan.rtf", b"{\\rtf1 text}", content_type="application/rtf")
    response = registrar.post(NEW + "?kind=appeal", appeal_form(attachments=[word]))
    assert response.status_code == 400 and Case.objects.count() == 0


def test_a_category_of_another_hromada_is_refused(registrar, hromada_b):
    foreign = CaseCategory.objects.create(hromada=hromada_b, name="Дороги")
    response = registrar.post(NEW + "?kind=appeal", appeal_form(category=str(foreign.pk)))
    assert response.status_code == 400 and Case.objects.count() == 0
    assert 'href="#id_category"' in response.text


def test_an_anonymous_appeal_is_closed_at_once_with_the_laws_reason(registrar):
    response = registrar.post(NEW + "?kind=appeal", appeal_form(
        anonymous="on", applicant_name="", applicant_address="", applicant_email="res@example.org"))
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.anonymous and case.status == CaseStatus.CLOSED and case.outcome == CaseOutcome.NOT_CONSIDERED
    assert case.refusal_ground == "anonymous" and case.applicant is None and case.applicant_email == ""
    done = registrar.get(response["Location"]).text
    assert "закрито без розгляду" in done and str(services.kinds.get("appeal").refusal_label("anonymous")) in done


def test_the_confirmation_page_is_the_registrars_own(client_a, registrar, people, hromada_b):
    registrar.post(NEW + "?kind=appeal", appeal_form())
    case = Case.objects.get()
    client_a.force_login(people["operator"])
    assert client_a.get(f"/staff/case-registry/new/{case.pk}/done/").status_code == 404
    client_a.force_login(people["admin"])
    assert client_a.get(f"/staff/case-registry/new/{case.pk}/done/").status_code == 200


# --- categories ------------------------------------------------------------------------------------------


def test_categories_are_created_edited_taken_out_of_use_and_back(registrar, hromada_a, people):
    url = "/staff/case-registry/categories/"
    assert "Додайте першу" in registrar.get(url).text
    response = registrar.post(url + "new/", {"name": " Вуличне  освітлення ", "kinds": ["appeal", "hotline"],
                                             "department": str(people["unit"].pk), "term_hours": "24",
                                             "emergency": "on", "order": "5"})
    assert response.status_code == 302
    category = CaseCategory.objects.get()
    assert (category.name, category.kinds, category.department, category.term_hours, category.emergency,
            category.order) == ("Вуличне освітлення", "appeal,hotline", people["unit"], 24, True, 5)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_type="core.casecategory").count() == 1
    edit = registrar.get(url + f"{category.pk}/edit/").text
    assert 'value="appeal" checked' in edit.replace('checked=""', "checked") or "checked" in edit
    response = registrar.post(url + f"{category.pk}/edit/", {"name": "Освітлення", "kinds": [], "order": "5"})
    category.refresh_from_db()
    assert response.status_code == 302 and (category.name, category.kinds, category.department) == (
        "Освітлення", "", None)
    listing = registrar.get(url + "?kind=info_request").text
    assert "Освітлення" in listing  # no kinds: serves every kind
    confirm = registrar.get(url + f"{category.pk}/deactivate/")
    assert confirm.status_code == 200 and "Так, вивести з ужитку" in confirm.text
    assert "виведено з ужитку" in registrar.post(url + f"{category.pk}/deactivate/", follow=True).text
    category.refresh_from_db()
    assert category.active is False
    assert "Освітлення" not in registrar.get(NEW + "?kind=appeal").text
    assert "Освітлення" in registrar.get(url + "?state=inactive").text
    assert "Освітлення" not in registrar.get(url + "?state=active").text
    assert registrar.get(url + f"{category.pk}/activate/").status_code == 405
    registrar.post(url + f"{category.pk}/activate/")
    category.refresh_from_db()
    assert category.active is True
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_type="core.casecategory").count() == 3


def test_category_mistakes_are_explained(registrar, hromada_a, hromada_b, roads):
    url = "/staff/case-registry/categories/new/"
    foreign_unit = DepartmentFactory(hromada=hromada_b)
    for data, field in [({"name": "", "order": "1"}, "name"),
                        ({"name": "дороги", "order": "1"}, "name"),
                        ({"name": "Нова", "order": "1", "kinds": ["no_such_kind"]}, "kinds"),
                        ({"name": "Нова", "order": "1", "department": str(foreign_unit.pk)}, "department"),
                        ({"name": "Нова", "order": "1", "term_hours": "0"}, "term_hours")]:
        response = registrar.post(url, data)
        assert response.status_code == 400, data
        assert f'href="#id_{field}' in response.text, data
    assert list(CaseCategory.objects.values_list("name", flat=True)) == ["Дороги"]


def test_another_hromadas_category_is_not_found(registrar, hromada_b):
    foreign = CaseCategory.objects.create(hromada=hromada_b, name="Чужа")
    for suffix in ("edit/", "deactivate/"):
        assert registrar.get(f"/staff/case-registry/categories/{foreign.pk}/{suffix}").status_code == 404
        assert registrar.post(f"/staff/case-registry/categories/{foreign.pk}/{suffix}",
                              {"name": "Моя", "order": "1"}).status_code == 404
    assert registrar.post(f"/staff/case-registry/categories/{foreign.pk}/activate/").status_code == 404
    foreign.refresh_from_db()
    assert (foreign.name, foreign.active) == ("Чужа", True)
    assert "Чужа" not in registrar.get("/staff/case-registry/categories/").text


def test_a_clerk_cannot_change_categories(client_a, people, roads):
    client_a.force_login(people["clerk"])
    assert client_a.post(f"/staff/case-registry/categories/{roads.pk}/deactivate/").status_code == 403
    roads.refresh_from_db()
    assert roads.active is True


# --- journal and report ----------------------------------------------------------------------------------


def _register(hromada, actor, **kwargs) -> Case:
    values = dict(kind="appeal", subkind="application", actor=actor, channel="post", subject="Ремонт дороги",
                  text="Текст звернення", applicant_name="Коваленко Марія", applicant_address="с. Вишневе")
    values |= kwargs
    return services.register_case(hromada, **values)


def _answer(case: Case, moment: datetime, outcome: str) -> None:
    # Test data: the answer's moment set directly (the engine stamps the real time when it is signed).
    Case.objects.filter(pk=case.pk).update(answered_at=moment, outcome=outcome, status=CaseStatus.ANSWERED)


@pytest.fixture
def journal_cases(hromada_a, hromada_b, people, roads):
    actor = people["registrar"]
    collective = _register(hromada_a, actor, received_at=at(2026, 3, 2, 9), collective=True, signatories=3,
                           category=roads, channel="paper_cnap")
    anonymous = _register(hromada_a, actor, received_at=at(2026, 3, 3, 9), anonymous=True, subkind="complaint",
                          applicant_name="", applicant_address="")
    first = _register(hromada_a, actor, received_at=at(2026, 3, 4, 9), applicant_email="x@example.org",
                      subject="Освітлення")
    repeated = _register(hromada_a, actor, received_at=at(2026, 3, 5, 9), applicant_email="x@example.org",
                         subject="Освітлення", priority=True, priority_ground="учасник бойових дій")
    _register(hromada_a, actor, received_at=at(2026, 4, 1, 9), subject="Квітень")  # outside the period
    services.register_case(hromada_a, kind="info_request", actor=actor, channel="email", subject="Бюджет",
                           text="Рішення про бюджет", applicant_name="Іван", applicant_email="ivan@example.org",
                           received_at=at(2026, 3, 6, 9))
    _register(hromada_b, member(hromada_b, "case_registrar"), received_at=at(2026, 3, 2, 9), subject="Чуже")
    # Test data: the executor set directly (the journal reads it; assigning is the case pages' business).
    Case.objects.filter(pk=collective.pk).update(department=people["unit"], executor=people["clerk"])
    _answer(collective, at(2026, 3, 20, 12), CaseOutcome.SATISFIED)
    return {"collective": collective, "anonymous": anonymous, "first": first, "repeated": repeated}


PERIOD = "?start=2026-03-01&end=2026-03-31&kind=appeal"


def test_the_journal_xlsx_has_the_cards_columns_and_marks(registrar, journal_cases):
    page = registrar.get("/staff/case-registry/journal/" + PERIOD)
    assert "4 звернення" in page.text or "4" in page.text
    response = registrar.get("/staff/case-registry/journal.xlsx" + PERIOD)
    assert response.status_code == 200 and "journal-appeal-2026-03-01-2026-03-31.xlsx" in response[
        "Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "№ з/п" and len(rows[0]) == 13
    body = rows[1:]
    assert [row[1] for row in body] == ["З-2026/000001", "З-2026/000002", "З-2026/000003", "З-2026/000004"]
    assert [row[0] for row in body] == [1, 2, 3, 4]
    assert body[0][2] == datetime(2026, 3, 2, 9, 0)
    assert body[0][3] == str(CaseChannel.PAPER_CNAP.label)
    assert body[0][4] == "Коваленко Марія, с. Вишневе"
    assert body[0][6] == "Дороги" and body[0][7] == "Ремонт дороги"
    assert [row[8] or "" for row in body] == ["КО", "БП", "", "П, пільга: учасник бойових дій"]
    assert body[0][9] == "Виконавець Олег (ЖКГ)"
    assert body[0][10] == datetime(2026, 4, 2) and body[0][11] == datetime(2026, 3, 20)
    assert body[0][12] == str(CaseOutcome.SATISFIED.label)
    assert body[1][4] == "анонімне" and body[1][12] == str(CaseOutcome.NOT_CONSIDERED.label) + ": " + str(
        services.kinds.get("appeal").refusal_label("anonymous"))
    export = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert export.actor == journal_cases["first"].created_by and export.object_type == "core.case"


def test_the_journal_docx_is_a_landscape_table_with_the_same_rows(registrar, journal_cases):
    response = registrar.get("/staff/case-registry/journal.docx" + PERIOD)
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][0] == "№ з/п" and len(rows) == 5
    assert [row[8] for row in rows[1:]] == ["КО", "БП", "", "П, пільга: учасник бойових дій"]
    assert rows[1][2] == "02.03.2026 09:00" and rows[1][10] == "02.04.2026" and rows[1][11] == "20.03.2026"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 1


def test_the_journal_of_all_kinds_includes_requests_and_a_bad_period_is_explained(registrar, journal_cases):
    response = registrar.get("/staff/case-registry/journal.xlsx?start=2026-03-01&end=2026-03-31")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["З-2026/000001", "З-2026/000002", "З-2026/000003", "З-2026/000004",
                                           "ЗІ-2026/000001"]
    bad = registrar.get("/staff/case-registry/journal.xlsx?start=2026-03-31&end=2026-03-01")
    assert bad.status_code == 400 and "error-summary" in bad.text
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 1


@pytest.fixture
def report_cases(hromada_a, hromada_b, people, roads):
    actor = people["registrar"]
    one = _register(hromada_a, actor, received_at=at(2026, 3, 2, 10), category=roads)
    two = _register(hromada_a, actor, received_at=at(2026, 3, 3, 10), category=roads, channel="paper_cnap")
    _register(hromada_a, actor, received_at=at(2026, 3, 4, 9), channel="paper_cnap", subject="Інше")
    request = services.register_case(hromada_a, kind="info_request", actor=actor, channel="email",
                                     subject="Бюджет", text="Рішення", applicant_name="Іван",
                                     applicant_email="ivan@example.org", received_at=at(2026, 3, 10, 12))
    _register(hromada_a, actor, received_at=at(2026, 4, 1, 10))  # outside the period
    _register(hromada_b, member(hromada_b, "case_registrar"), received_at=at(2026, 3, 2, 10))
    _answer(one, at(2026, 3, 12, 10), CaseOutcome.SATISFIED)  # 10 days, due 2 April: on time
    _answer(two, at(2026, 4, 20, 10), CaseOutcome.EXPLAINED)  # 48 days, due 3 April: late
    _answer(request, at(2026, 3, 12, 12), CaseOutcome.PROVIDED)  # 2 days, due 17 March: on time


def test_the_period_report_figures_are_exact(hromada_a, report_cases, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        report = reports.period_report(hromada_a, date(2026, 3, 1), date(2026, 3, 31))
    assert report.total == 4
    assert report.by_kind == [("звернення", 3), ("запит на публічну інформацію", 1)]
    assert dict(report.by_category) == {"Дороги": 2, "без категорії": 2}
    assert dict(report.by_channel) == {str(CaseChannel.PAPER_CNAP.label): 2, str(CaseChannel.POST.label): 1,
                                       str(CaseChannel.EMAIL.label): 1}
    assert dict(report.by_outcome) == {str(CaseOutcome.SATISFIED.label): 1, str(CaseOutcome.EXPLAINED.label): 1,
                                       str(CaseOutcome.PROVIDED.label): 1, "ще немає результату": 1}
    assert (report.answered, report.on_time, report.late, report.unanswered) == (3, 2, 1, 1)
    assert report.median_days == 10.0
    appeals = reports.period_report(hromada_a, date(2026, 3, 1), date(2026, 3, 31), "appeal")
    assert (appeals.total, appeals.on_time, appeals.late, appeals.median_days) == (3, 1, 1, 29.0)


def test_the_report_page_and_files_show_the_same_figures(registrar, report_cases):
    query = "?start=2026-03-01&end=2026-03-31"
    page = registrar.get("/staff/case-registry/report/" + query).text
    assert "Дороги" in page and "10,0" in page
    response = registrar.get("/staff/case-registry/report.xlsx" + query)
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    figures = {(row[0], row[1]): row[2] for row in rows[1:]}
    assert figures[("Разом", "надійшло звернень і запитів")] == 4
    assert figures[("Разом", "відповіді надано вчасно")] == 2
    assert figures[("Разом", "відповіді надано із запізненням")] == 1
    assert figures[("Разом", "медіанний строк відповіді, днів")] == "10,0"
    assert figures[("За категоріями", "Дороги")] == 2
    document = docx.Document(io.BytesIO(registrar.get("/staff/case-registry/report.docx" + query).content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Дороги" in cells and "10,0" in cells


def test_an_empty_period_says_so(registrar, hromada_a):
    page = registrar.get("/staff/case-registry/journal/?start=2025-01-01&end=2025-01-31").text
    assert "У цей період звернень не надходило" in page
    report = reports.period_report(hromada_a, date(2025, 1, 1), date(2025, 1, 31))
    assert (report.total, report.answered, report.median_days) == (0, 0, None)


def test_typing_a_residents_contact_offers_the_link_at_once(registrar, client_a, people):
    url = "/staff/case-registry/new/account/"
    assert 'hx-get="/staff/case-registry/new/account/"' in registrar.get(NEW + "?kind=appeal").text
    hint = registrar.get(url, {"applicant_email": "", "applicant_phone": "0671112233"})
    assert hint.status_code == 200 and "Петренко Ірина Олегівна" in hint.text
    assert "Петренко" not in registrar.get(url, {"applicant_email": "nobody@example.org"}).text
    client_a.force_login(people["resident"])
    assert client_a.get(url, {"applicant_email": "res@example.org"}).status_code == 403


def test_the_confirmation_links_to_the_case_page(registrar, people):
    response = registrar.post(NEW + "?kind=appeal", appeal_form(applicant_email="res@example.org"))
    case = Case.objects.get()
    assert case.applicant == people["resident"]
    done = registrar.get(response["Location"]).text
    assert f'href="{reverse("cases:detail", args=[case.pk])}"' in done
    assert "прив’язано" in done
