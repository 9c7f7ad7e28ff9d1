"""Public pages of the appeals module: filing an appeal (signed in), an information request (anyone), the
published threads and the clerk's publication page — each persona, and bad input that changes nothing."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hromada.core.cases import services
from hromada.core.models import AuditEntry, Case, CaseCategory, CaseStatus, RoleAssignment
from tests.accounts.cabinet_world import verified_resident
from tests.factories import DepartmentFactory, UserFactory, member

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name="скан.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def resident(hromada_a):
    return member(hromada_a, "resident", email="res@example.org", full_name="Петренко Ірина Олегівна",
                  phone="+380671234567")


@pytest.fixture
def registrar(hromada_a):
    return member(hromada_a, "case_registrar", email="reg@example.org", full_name="Реєстратор")


def appeal_data(**overrides):
    data = {"subkind": "application", "subject": "Яма на дорозі", "text": "Прошу відремонтувати дорогу.",
            "applicant_name": "Петренко Ірина Олегівна", "applicant_address": "с. Бродове, вул. Миру, 1"}
    data.update(overrides)
    return data


def info_data(**overrides):
    data = {"applicant_name": "Іван Сидоренко", "applicant_email": "ivan@example.org",
            "text": "Копію рішення про бюджет громади на 2027 рік."}
    data.update(overrides)
    return data


# --- appeal ------------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in_with_next(client_a):
    response = client_a.get(reverse("appeals:new"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login")) and "next=/appeals/new/" in response["Location"]


def test_the_form_prefills_the_residence_from_the_verified_register_record(client_a, hromada_a):
    user = verified_resident(hromada_a, email="taras@example.org")
    client_a.force_login(user)
    response = client_a.get(reverse("appeals:new"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["applicant_name"] == "Шевченко Тарас Григорович"
    assert form.initial["applicant_address"].endswith("вул. Шевченка, 3")
    assert "Бродове" in form.initial["applicant_address"]
    assert "taras@example.org" in response.content.decode()


def test_a_resident_files_an_appeal_and_sees_number_due_date_and_basis(client_a, hromada_a, resident):
    category = CaseCategory.objects.create(hromada=hromada_a, name="Дороги", kinds="appeal")
    CaseCategory.objects.create(hromada=hromada_a, name="Лише гаряча лінія", kinds="hotline")
    client_a.force_login(resident)
    page = client_a.get(reverse("appeals:new"))
    assert [label for _key, label in page.context["form"].fields["category"].choices][1:] == ["Дороги"]
    response = client_a.post(reverse("appeals:new"), appeal_data(
        category=str(category.pk), attachments=[pdf(), SimpleUploadedFile("фото.png", PNG)]))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("appeals:filed", args=[case.pk])
    assert (case.kind, case.subkind, case.channel, case.applicant, case.category) == (
        "appeal", "application", "portal", resident, category)
    assert (case.applicant_email, case.applicant_phone) == ("res@example.org", "+380671234567")
    assert sorted(case.attachments.values_list("name", "role")) == [("скан.pdf", "applicant"),
                                                                      ("фото.png", "applicant")]
    page = client_a.get(response["Location"])
    body = page.content.decode()
    assert case.number in body and case.term_basis in body
    assert re.search(r"до \d{1,2} [а-яі]+ 20\d\d р\.", body)
    assert reverse("my-cases:detail", args=[case.pk]) in body


def test_the_filed_page_of_another_persons_appeal_is_404(client_a, hromada_a, resident):
    client_a.force_login(resident)
    client_a.post(reverse("appeals:new"), appeal_data())
    case = Case.objects.get()
    client_a.force_login(member(hromada_a, "resident"))
    assert client_a.get(reverse("appeals:filed", args=[case.pk])).status_code == 404


@pytest.mark.parametrize("overrides, field", [
    ({"text": "   "}, "text"),
    ({"subject": ""}, "subject"),
    ({"subkind": "nonsense"}, "subkind"),
    ({"applicant_address": ""}, "applicant_address"),
    ({"priority": "on", "priority_ground": ""}, "priority_ground"),
    ({"attachments": [SimpleUploadedFile("вірус.pdf", b"MZ\x90\x00 not a pdf")]}, "attachments"),
    ({"attachments": [SimpleUploadedFile("скан.png", PDF)]}, "attachments"),
    ({"attachments": [pdf(f"{n}.pdf") for n in range(11)]}, "attachments"),
])
def test_bad_appeal_input_changes_nothing(client_a, resident, overrides, field):
    client_a.force_login(resident)
    response = client_a.post(reverse("appeals:new"), appeal_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    body = response.content.decode()
    assert 'class="error-summary"' in body and "href=\"#id_" in body
    assert not Case.objects.exists()


def test_the_too_many_files_message_is_ukrainian(client_a, resident):
    client_a.force_login(resident)
    response = client_a.post(reverse("appeals:new"), appeal_data(attachments=[pdf(f"{n}.pdf") for n in range(11)]))
    assert response.context["form"].errors["attachments"] == ["Додайте не більше 10 файлів."]


def test_control_characters_and_latin_look_alikes_are_cleaned(client_a, resident):
    client_a.force_login(resident)
    client_a.post(reverse("appeals:new"), appeal_data(
        applicant_name="Пeтpенкo  Ірина Олегівна", text="Рядок\x0bдругий\x07 рядок", subject="Яма\x0c на дорозі"))
    case = Case.objects.get()
    assert case.applicant_name == "Петренко Ірина Олегівна"
    assert case.text == "Рядок\nдругий рядок"
    assert case.subject == "Яма на дорозі"


def test_a_priority_appeal_keeps_its_ground(client_a, resident):
    client_a.force_login(resident)
    client_a.post(reverse("appeals:new"), appeal_data(priority="on", priority_ground="учасник бойових дій"))
    case = Case.objects.get()
    assert case.priority and case.priority_ground == "учасник бойових дій"


# --- information request -----------------------------------------------------------------------------------


def test_anyone_files_an_information_request(client_a):
    response = client_a.post(reverse("appeals:info-request-new"), info_data(publish_requested="on"))
    assert response.status_code == 302 and response["Location"] == reverse("appeals:info-request-sent")
    case = Case.objects.get()
    assert (case.kind, case.applicant, case.channel, case.urgent, case.publish_requested) == (
        "info_request", None, "portal", False, True)
    assert case.subject == "Копію рішення про бюджет громади на 2027 рік."
    body = client_a.get(response["Location"]).content.decode()
    assert case.number in body and "Art. 20" not in body and case.term_basis in body


def test_a_signed_in_requester_is_linked_as_applicant(client_a, resident):
    client_a.force_login(resident)
    client_a.post(reverse("appeals:info-request-new"), info_data())
    assert Case.objects.get().applicant == resident


def test_an_urgent_request_shows_the_hour(client_a):
    client_a.post(reverse("appeals:info-request-new"), info_data(urgent="on", urgent_ground="Аварія на водогоні"))
    case = Case.objects.get()
    assert case.urgent and case.due_at is not None and case.urgent_ground == "Аварія на водогоні"
    body = client_a.get(reverse("appeals:info-request-sent")).content.decode()
    assert services.format_due(case) in body and re.search(r"\d\d:\d\d", body)


@pytest.mark.parametrize("overrides, field", [
    ({"urgent": "on", "urgent_ground": " "}, "urgent_ground"),
    ({"applicant_email": "не-пошта"}, "applicant_email"),
    ({"applicant_email": ""}, "applicant_email"),
    ({"text": ""}, "text"),
    ({"applicant_name": ""}, "applicant_name"),
    ({"applicant_email": "", "applicant_phone": "12345"}, "applicant_phone"),
])
def test_bad_request_input_changes_nothing(client_a, overrides, field):
    response = client_a.post(reverse("appeals:info-request-new"), info_data(**overrides))
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not Case.objects.exists()


def test_postal_address_alone_is_enough(client_a):
    client_a.post(reverse("appeals:info-request-new"), info_data(applicant_email="",
                                                                 applicant_address="с. Бродове, вул. Миру, 1"))
    assert Case.objects.get().applicant_address == "с. Бродове, вул. Миру, 1"


def test_the_honeypot_stops_a_robot(client_a):
    response = client_a.post(reverse("appeals:info-request-new"), info_data(website="http://spam.example"))
    assert response.status_code == 400 and not Case.objects.exists()
    assert response.context["form"].non_field_errors()


def test_requests_from_one_address_are_rate_limited(client_a, settings):
    settings.INFO_REQUEST_RATE_LIMIT = 2
    for _n in range(2):
        assert client_a.post(reverse("appeals:info-request-new"), info_data()).status_code == 302
    response = client_a.post(reverse("appeals:info-request-new"), info_data())
    assert response.status_code == 429 and Case.objects.count() == 2


def test_the_sent_page_without_a_request_goes_back_to_the_form(client_a):
    response = client_a.get(reverse("appeals:info-request-sent"))
    assert response.status_code == 302 and response["Location"] == reverse("appeals:info-request-new")


# --- public threads and publication ------------------------------------------------------------------------


def answered_request(hromada, *, publish_requested=True, text="Прошу надати кошторис. Мій тел. 0671234567."):
    unit = DepartmentFactory(hromada=hromada)
    head = UserFactory()
    RoleAssignment.objects.create(user=head, hromada=hromada, role="department_head", department=unit)
    case = services.register_case(hromada, kind="info_request", actor=None, channel="portal", subject="Кошторис",
                                  text=text, applicant_name="Іван Сидоренко", applicant_email="ivan@example.org",
                                  publish_requested=publish_requested)
    services.assign(case, actor=head, hromada=hromada, department=unit, executor=head)
    services.draft_answer(case, actor=head, hromada=hromada, text="Кошторис додано. Іван Сидоренко, дякуємо.",
                          outcome="provided")
    services.approve_answer(case, actor=head, hromada=hromada)
    case.refresh_from_db()
    return case


def test_the_publish_page_proposes_a_redaction_and_publishes(client_a, hromada_a, registrar):
    case = answered_request(hromada_a)
    client_a.force_login(registrar)
    url = reverse("appeals:info-request-publish", args=[case.pk])
    page = client_a.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["public_text"] == "Прошу надати кошторис. Мій тел. [телефон приховано]."
    assert form.initial["public_answer"] == "Кошторис додано. [ім'я приховано], дякуємо."
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, object_id=str(case.pk)).exists()
    assert client_a.get(reverse("appeals:info-request", args=[case.pk])).status_code == 404
    response = client_a.post(url, {"public_text": "Прошу надати кошторис.", "public_answer": "Кошторис додано."})
    assert response.status_code == 302
    public = client_a.get(reverse("appeals:info-request", args=[case.pk]))
    body = public.content.decode()
    assert public.status_code == 200 and "Прошу надати кошторис." in body and "Сидоренко" not in body
    assert "вчасно" in body


def test_publishing_needs_the_requesters_consent(client_a, hromada_a, registrar):
    case = answered_request(hromada_a, publish_requested=False)
    client_a.force_login(registrar)
    response = client_a.post(reverse("appeals:info-request-publish", args=[case.pk]),
                             {"public_text": "Текст", "public_answer": "Відповідь"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.published_at is None


def test_unpublish_asks_for_confirmation(client_a, hromada_a, registrar):
    case = answered_request(hromada_a)
    services.publish(case, actor=registrar, hromada=hromada_a, public_text="Текст", public_answer="Відповідь")
    client_a.force_login(registrar)
    url = reverse("appeals:info-request-unpublish", args=[case.pk])
    assert client_a.get(url).status_code == 200
    case.refresh_from_db()
    assert case.published_at is not None
    assert client_a.post(url, {"reason": ""}).status_code == 400
    assert client_a.post(url, {"reason": "Знайдено персональні дані"}).status_code == 302
    case.refresh_from_db()
    assert case.published_at is None
    assert client_a.get(reverse("appeals:info-request", args=[case.pk])).status_code == 404


@pytest.mark.parametrize("role", ["resident", "clerk", "department_head", "hotline_operator"])
def test_only_registrars_and_admins_publish(client_a, hromada_a, role):
    case = answered_request(hromada_a)
    client_a.force_login(member(hromada_a, role))
    url = reverse("appeals:info-request-publish", args=[case.pk])
    assert client_a.get(url).status_code == 403
    assert client_a.post(url, {"public_text": "Текст"}).status_code == 403
    case.refresh_from_db()
    assert case.published_at is None


def test_anonymous_publish_goes_to_sign_in(client_a, hromada_a):
    case = answered_request(hromada_a)
    response = client_a.get(reverse("appeals:info-request-publish", args=[case.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_admin_publishes_too(admin_client_a, hromada_a):
    case = answered_request(hromada_a)
    response = admin_client_a.post(reverse("appeals:info-request-publish", args=[case.pk]),
                                   {"public_text": "Текст", "public_answer": "Відповідь"})
    assert response.status_code == 302


def test_another_hromadas_thread_and_publish_page_are_404(client_a, hromada_a, hromada_b, registrar):
    case = answered_request(hromada_b)
    services.publish(case, actor=member(hromada_b, "case_registrar"), hromada=hromada_b, public_text="Текст Б",
                     public_answer="Відповідь Б")
    assert client_a.get(reverse("appeals:info-request", args=[case.pk])).status_code == 404
    assert "Текст Б" not in client_a.get(reverse("appeals:info-requests")).content.decode()
    client_a.force_login(registrar)
    assert client_a.get(reverse("appeals:info-request-publish", args=[case.pk])).status_code == 404


def test_an_appeal_has_no_publish_page(client_a, hromada_a, registrar, resident):
    case = services.register_case(hromada_a, kind="appeal", subkind="proposal", actor=resident, applicant=resident,
                                  channel="portal", subject="Парк", text="Пропоную парк.",
                                  applicant_address="с. Бродове")
    client_a.force_login(registrar)
    assert client_a.get(reverse("appeals:info-request-publish", args=[case.pk])).status_code == 404


def test_the_list_searches_and_paginates(client_a, hromada_a, registrar):
    for n in range(22):
        case = answered_request(hromada_a, text=f"Запит номер {n}")
        services.publish(case, actor=registrar, hromada=hromada_a,
                         public_text=f"Запит про {'освітлення' if n == 7 else 'бюджет'} {n}",
                         public_answer="Відповідь")
    answered_request(hromada_a)  # answered but not published
    page = client_a.get(reverse("appeals:info-requests"))
    assert page.status_code == 200 and page.context["page"].paginator.count == 22
    assert len(page.context["page"].object_list) == 20
    assert client_a.get(reverse("appeals:info-requests") + "?page=2").context["page"].number == 2
    found = client_a.get(reverse("appeals:info-requests"), {"q": "освітлення"})
    assert [c.public_text for c in found.context["page"].object_list] == ["Запит про освітлення 7"]
    empty = client_a.get(reverse("appeals:info-requests"), {"q": "нічого такого"})
    assert "Нічого не знайдено" in empty.content.decode()


def test_the_index_page_and_menu(client_a):
    response = client_a.get(reverse("appeals:index"))
    assert response.status_code == 200
    assert reverse("appeals:index") in response.content.decode()


def test_an_open_request_is_not_shown_publicly(client_a, hromada_a):
    client_a.post(reverse("appeals:info-request-new"), info_data(publish_requested="on"))
    case = Case.objects.get()
    assert case.status == CaseStatus.REGISTERED
    assert client_a.get(reverse("appeals:info-request", args=[case.pk])).status_code == 404
    assert client_a.get("/appeals/info-requests/abc/").status_code == 404
