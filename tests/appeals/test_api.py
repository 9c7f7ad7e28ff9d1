"""The cases API (/api/v1/cases/): residents file appeals and information requests and follow them; staff take
the steps; tenants and scopes stay apart."""

from __future__ import annotations

import json
import re
import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connections
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from hromada.accounts.models import Membership
from hromada.accounts.services import join_hromada
from hromada.core.models import AuditEntry, Case, CaseCategory, CaseStatus, Notice
from hromada.core.services import create_token
from hromada.registers.models import Building, Resident, Street
from hromada.registers.schemas import address_of
from tests.apiclient import field_errors, ok, uk
from tests.core.case_builders import at
from tests.factories import SettlementFactory, UserFactory, member
from tests.tasktools import run_enqueued_tasks

KYIV = ZoneInfo("Europe/Kyiv")
PASSWORD = "Довгий-пароль-2026"
ADDRESS = "м. Могилів, вул. Миру, 1"


def resident_token(user, hromada) -> str:
    return create_token(user=user, name="app", hromada=hromada, scope="resident")[1]


def full_token(user) -> str:
    return create_token(user=user, name="api")[1]


@pytest.fixture
def call(django_capture_on_commit_callbacks):
    """A JSON request to /api/v1 as a committed request makes it: notices queued on commit go out."""

    def run(method, path, payload=None, *, token=None, host="a.localhost", client=None, params=None):
        client = client or Client()
        headers = {"HTTP_HOST": host}
        if token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        with django_capture_on_commit_callbacks(execute=True):
            if method == "GET":
                response = client.get("/api/v1" + path, params or {}, **headers)
            else:
                body = "" if payload is None else json.dumps(payload)
                response = client.generic(method, "/api/v1" + path, body, content_type="application/json",
                                          **headers)
        run_enqueued_tasks()
        return response

    return run


APPEAL = {"kind": "application", "subject": "Яма на дорозі", "text": "Прошу відремонтувати дорогу на вул. Миру.",
          "address": ADDRESS}


def file_appeal(call, token, **fields):
    return call("POST", "/cases/appeals", {**APPEAL, **fields}, token=token)


# --- the resident's story --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_resident_registers_files_an_appeal_and_follows_it_to_the_answer(call, hromada_a, people):
    registered = call("POST", "/auth/register", {"email": "olena@example.org", "password": PASSWORD,
                                                 "consent": True, "full_name": "Олена Петренко"})
    assert registered.status_code == 201
    code = re.findall(r"\b(\d{6})\b", mail.outbox[-1].body)[-1]
    token = ok(call("POST", "/auth/confirm", {"email": "olena@example.org", "code": code}))["token"]

    filed = ok(file_appeal(call, token), 201)
    case = Case.objects.get()
    assert filed == {
        "id": case.pk, "number": case.number, "status": "registered", "kind": "appeal", "subkind": "application",
        "subject": "Яма на дорозі", "due_date": case.due_date.isoformat(), "due_at": None,
        "term_basis": case.term_basis}
    assert case.number.endswith("/000001") and case.channel == "api"
    assert (case.applicant.email, case.applicant_name, case.applicant_address) == (
        "olena@example.org", "Олена Петренко", ADDRESS)
    assert case.applicant_email == "olena@example.org"
    assert Notice.objects.filter(recipient=case.applicant, kind="cases.applicant").count() == 1

    mine = ok(call("GET", "/cases/mine", token=token))
    assert mine["count"] == 1 and [row["number"] for row in mine["items"]] == [case.number]
    assert mine["items"][0]["overdue"] is False

    # The staff's steps, each with a personal token.
    registrar, clerk, head = (full_token(people[name]) for name in ("registrar", "clerk", "head"))
    assigned = ok(call("POST", f"/cases/{case.pk}/assign", {
        "department": people["unit"].pk, "executor": people["clerk"].pk, "resolution": "Розглянути"},
        token=registrar))
    assert (assigned["status"], assigned["department_id"], assigned["executor_id"]) == (
        "in_progress", people["unit"].pk, people["clerk"].pk)
    drafted = ok(call("POST", f"/cases/{case.pk}/answer", {"text": "Ремонт заплановано на травень.",
                                                           "outcome": "satisfied"}, token=clerk))
    assert drafted["status"] == "awaiting_approval"
    before = ok(call("GET", f"/cases/{case.pk}", token=token))
    assert before["answer"] is None and before["outcome"] == ""
    signed = ok(call("POST", f"/cases/{case.pk}/approve", token=head))
    assert (signed["status"], signed["outcome"]) == ("answered", "satisfied")

    detail = ok(call("GET", f"/cases/{case.pk}", token=token))
    assert detail["status"] == "answered" and detail["answer"] == "Ремонт заплановано на травень."
    assert detail["due_date"] == case.due_date.isoformat() and detail["overdue"] is False
    # The applicant sees the public timeline only: no assignment, resolution or draft.
    assert [event["kind"] for event in detail["timeline"]] == ["registered", "answered"]
    assert detail["attachments"] == []
    assert Notice.objects.filter(recipient=case.applicant, kind="cases.applicant").count() == 2
    # The applicant's own reads are not logged as reads of personal data.
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()


@pytest.mark.django_db
def test_the_place_of_residence_comes_from_the_verified_register_record(call, hromada_a, people):
    town = SettlementFactory(hromada=hromada_a, name="Могилів")
    street = Street.objects.create(hromada=hromada_a, settlement=town, kind="vulytsia", name="Шевченка")
    building = Building.objects.create(hromada=hromada_a, street=street, number="12")
    record = Resident.objects.create(hromada=hromada_a, last_name="Коваленко", first_name="Ірина",
                                     patronymic="Петрівна", birth_date=date(1990, 3, 9), sex="f",
                                     building=building, apartment="5")
    user = UserFactory(email="iryna@example.org", full_name="")
    membership = join_hromada(user, hromada_a, consent_version="test")
    Membership.objects.filter(pk=membership.pk).update(resident=record, verified_at=timezone.now())

    ok(file_appeal(call, resident_token(user, hromada_a), address=None), 201)
    case = Case.objects.get()
    assert case.applicant_address == f"{address_of(building)}, кв. 5"
    assert case.applicant_name == "Коваленко Ірина Петрівна"

    # Without a verified record the address is required (Art. 5), and nothing is registered.
    refused = file_appeal(call, resident_token(people["resident"], hromada_a), address="  ")
    assert field_errors(refused) == {"address": uk("Give the applicant's place of residence (Art. 5).")}
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_bad_appeals_are_refused_naming_the_field(call, hromada_a, hromada_b, people):
    token = resident_token(people["resident"], hromada_a)
    choices = uk("Choose one of: %(choices)s.", choices="proposal, application, complaint")
    assert field_errors(file_appeal(call, token, kind="petition")) == {"kind": choices}
    assert field_errors(file_appeal(call, token, subject=" ", text="")) == {
        "subject": uk("State the subject in a few words."), "text": uk("Write the text.")}
    other = CaseCategory.objects.create(hromada=hromada_b, name="Дороги")
    unknown = uk("No such record in this hromada.")
    for category in (other.pk, 2**70, -1):
        assert field_errors(file_appeal(call, token, category=category)) == {"category": unknown}
    assert field_errors(file_appeal(call, token, kind=None), 422).keys() == {"payload.kind"}
    assert not Case.objects.exists()
    # Without a token or a session: 401.
    assert call("POST", "/cases/appeals", APPEAL).status_code == 401


@pytest.mark.django_db
def test_an_appeal_in_a_category_with_priority(call, hromada_a, people):
    roads = CaseCategory.objects.create(hromada=hromada_a, name="Дороги", department=people["unit"])
    filed = ok(file_appeal(call, resident_token(people["resident"], hromada_a), kind="complaint",
                           category=roads.pk, priority_ground="Учасник бойових дій"), 201)
    case = Case.objects.get(pk=filed["id"])
    assert (case.subkind, case.category, case.department, case.priority, case.priority_ground) == (
        "complaint", roads, people["unit"], True, "Учасник бойових дій")


# --- information requests --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_information_request_is_due_in_five_working_days_over_the_weekend(call, hromada_a):
    with freeze_time("2026-11-20 13:30:00"):  # Friday, 15:30 in Kyiv
        filed = ok(call("POST", "/cases/info-requests", {
            "text": "Прошу надати результати аналізу питної води за листопад.", "name": "Іван Сидоренко",
            "email": "Ivan@Example.org"}), 201)
    assert (filed["kind"], filed["status"], filed["due_date"], filed["due_at"]) == (
        "info_request", "registered", "2026-11-27", None)
    assert filed["number"] == "ЗІ-2026/000001"
    case = Case.objects.get()
    assert filed["term_basis"] == case.term_basis and "20" in case.term_basis
    assert case.subject == "Прошу надати результати аналізу питної води за листопад."
    assert (case.applicant, case.applicant_name, case.applicant_email) == (None, "Іван Сидоренко",
                                                                           "ivan@example.org")
    assert mail.outbox[-1].to == ["ivan@example.org"] and case.number in mail.outbox[-1].body


@pytest.mark.django_db
def test_an_urgent_information_request_is_due_in_48_hours(call, hromada_a, people):
    token = resident_token(people["resident"], hromada_a)
    with freeze_time("2026-11-20 13:30:00"):
        filed = ok(call("POST", "/cases/info-requests", {
            "text": "Дані про аварію на водогоні", "subject": "Аварія", "urgent": True,
            "urgent_ground": "Загроза життю", "publish": True}, token=token), 201)
    assert filed["due_date"] == "2026-11-22"
    assert datetime.fromisoformat(filed["due_at"]) == at(2026, 11, 22, 15, 30)
    case = Case.objects.get()
    assert (case.applicant, case.applicant_name, case.urgent, case.urgent_ground, case.publish_requested) == (
        people["resident"], "Петренко Ірина Олегівна", True, "Загроза життю", True)


@pytest.mark.django_db
def test_an_anonymous_request_needs_a_name_and_a_contact(call, hromada_a):
    missing_name = call("POST", "/cases/info-requests", {"text": "Бюджет на 2027 рік", "email": "a@example.org"})
    assert field_errors(missing_name) == {"name": uk("Give the requester's name (Art. 19).")}
    no_contact = call("POST", "/cases/info-requests", {"text": "Бюджет на 2027 рік", "name": "Іван"})
    assert field_errors(no_contact) == {
        "email": uk("Give an e-mail, a postal address or a phone for the answer (Art. 19).")}
    bad_email = call("POST", "/cases/info-requests", {"text": "Бюджет", "name": "Іван", "email": "ні"})
    assert field_errors(bad_email) == {"email": uk("Enter a valid e-mail address.")}
    too_long = call("POST", "/cases/info-requests", {"text": "Бюджет", "name": "Іван",
                                                     "email": "i@" + ".".join(["d" * 60] * 5) + ".org"})
    assert field_errors(too_long) == {"email": uk("Enter a valid e-mail address.")}
    by_post = call("POST", "/cases/info-requests", {"text": "Бюджет", "name": "Іван", "address": "Могилів, 1"})
    assert by_post.status_code == 201
    assert Case.objects.count() == 1
    # A wrong token is not taken for an anonymous caller.
    assert call("POST", "/cases/info-requests", {"text": "Бюджет", "name": "Іван", "address": "Могилів, 1"},
                token="wrong").status_code == 401


@pytest.mark.django_db
def test_anonymous_requests_are_limited_per_client_address(call, hromada_a, people, settings):
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "api_info_request": "2/h/ip"}
    payload = {"text": "Бюджет", "name": "Іван", "email": "ivan@example.org"}
    for _attempt in range(2):
        assert call("POST", "/cases/info-requests", payload).status_code == 201
    limited = call("POST", "/cases/info-requests", payload)
    assert limited.status_code == 429 and 3500 <= int(limited["Retry-After"]) <= 3600
    assert limited.json() == {"detail": uk(
        "Too many requests were sent from your address in the last hour; please try again later or send the "
        "request by post or e-mail.")}
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert call("POST", "/cases/info-requests", payload, client=other).status_code == 201
    # A resident with a token is not counted against the address.
    token = resident_token(people["resident"], hromada_a)
    assert call("POST", "/cases/info-requests", {"text": "Бюджет"}, token=token).status_code == 201
    assert Case.objects.count() == 4


@pytest.mark.django_db
def test_a_session_write_without_the_csrf_token_is_refused(hromada_a, people):
    client = Client(enforce_csrf_checks=True, HTTP_HOST="a.localhost")
    client.force_login(people["resident"])
    response = client.post("/api/v1/cases/info-requests", {"text": "Бюджет"}, content_type="application/json")
    assert response.status_code == 403
    assert not Case.objects.exists()


# --- reading ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_case_is_read_by_its_applicant_and_the_staff_who_see_it_others_get_404(call, hromada_a, people):
    case_id = ok(file_appeal(call, resident_token(people["resident"], hromada_a)), 201)["id"]
    stranger = member(hromada_a, "resident", email="other@example.org")
    assert call("GET", f"/cases/{case_id}", token=resident_token(stranger, hromada_a)).status_code == 404
    assert ok(call("GET", "/cases/mine", token=resident_token(stranger, hromada_a)))["count"] == 0
    # A clerk of the unit sees nothing until the case is assigned to them.
    clerk = full_token(people["clerk"])
    assert call("GET", f"/cases/{case_id}", token=clerk).status_code == 404
    assert call("GET", f"/cases/{2**70}", token=clerk).status_code == 404

    detail = ok(call("GET", f"/cases/{case_id}", token=full_token(people["registrar"])))
    assert detail["applicant"] == {"name": "Петренко Ірина Олегівна", "email": "res@example.org", "phone": "",
                                   "address": ADDRESS}
    viewed = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert (viewed.actor, viewed.object_id) == (people["registrar"], str(case_id))


@pytest.mark.django_db
def test_the_staff_list_filters_and_pages(call, hromada_a, people):
    token = resident_token(people["resident"], hromada_a)
    with freeze_time("2026-01-05 09:00:00"):
        old = ok(file_appeal(call, token, subject="Старе"), 201)["id"]
    for subject in ("Перше", "Друге"):
        ok(file_appeal(call, token, subject=subject), 201)
    ok(call("POST", "/cases/info-requests", {"text": "Бюджет", "name": "Іван", "email": "i@example.org"}), 201)
    registrar = full_token(people["registrar"])
    everything = ok(call("GET", "/cases/", token=registrar))
    assert everything["count"] == 4
    assert everything["items"][0]["id"] == old and everything["items"][0]["overdue"] is True
    assert ok(call("GET", "/cases/", token=registrar, params={"overdue": "true"}))["count"] == 1
    assert ok(call("GET", "/cases/", token=registrar, params={"overdue": "false"}))["count"] == 3
    assert ok(call("GET", "/cases/", token=registrar, params={"kind": "info_request"}))["count"] == 1
    assert ok(call("GET", "/cases/", token=registrar, params={"status": "closed"}))["count"] == 0
    page = ok(call("GET", "/cases/", token=registrar, params={"page": 2, "page_size": 3}))
    assert (page["count"], len(page["items"])) == (4, 1)
    assert field_errors(call("GET", "/cases/", token=registrar, params={"status": "lost"}), 422).keys() == {
        "status"}
    # A clerk sees only what is assigned to them: nothing yet.
    assert ok(call("GET", "/cases/", token=full_token(people["clerk"])))["count"] == 0


# --- the staff's steps -----------------------------------------------------------------------------------------


STEPS = (("assign", {"department": 1}), ("extend", {"until": "2030-01-01", "reason": "x"}),
         ("forward", {"to_body": "ДСНС", "reason": "x"}), ("answer", {"text": "x", "outcome": "satisfied"}),
         ("approve", None), ("close", {"reason": "x"}), ("reopen", {"reason": "x"}))


@pytest.mark.django_db
def test_a_resident_token_never_reaches_a_staff_step(call, hromada_a, people):
    # The registrar's own phone: a resident-scoped token of a staff member holds no staff capability.
    case_id = ok(file_appeal(call, resident_token(people["resident"], hromada_a)), 201)["id"]
    for token in (resident_token(people["resident"], hromada_a), resident_token(people["registrar"], hromada_a)):
        for step, payload in STEPS:
            for pk in (case_id, 999_999):
                response = call("POST", f"/cases/{pk}/{step}", payload, token=token)
                assert response.status_code == 403, (step, response.content)
                assert response.json() == {"detail": uk("You do not have permission for this action.")}
        assert call("GET", "/cases/", token=token).status_code == 403
    assert call("GET", f"/cases/{case_id}", token=resident_token(people["registrar"], hromada_a)).status_code == 404
    case = Case.objects.get()
    assert case.status == CaseStatus.REGISTERED and case.events.count() == 1


@pytest.mark.django_db
def test_the_staff_steps_check_their_payloads_and_the_engine(call, hromada_a, people):
    case_id = ok(file_appeal(call, resident_token(people["resident"], hromada_a)), 201)["id"]
    registrar, head = full_token(people["registrar"]), full_token(people["head"])
    unknown = uk("No such record in this hromada.")
    assert field_errors(call("POST", f"/cases/{case_id}/assign", {
        "department": 2**70, "executor": 2**70, "co_executors": [0]}, token=registrar)) == {
        "department": unknown, "executor": unknown, "co_executors": unknown}
    outsider = UserFactory()
    assert field_errors(call("POST", f"/cases/{case_id}/assign", {
        "department": people["unit"].pk, "executor": outsider.pk}, token=registrar)) == {
        "executor": uk("Executors are staff of this hromada.")}
    # A clerk may not assign: the capability is checked before anything else.
    assert call("POST", f"/cases/{case_id}/assign", {"department": people["unit"].pk},
                token=full_token(people["clerk"])).status_code == 403
    ok(call("POST", f"/cases/{case_id}/assign", {"department": people["unit"].pk}, token=registrar))
    assert field_errors(call("POST", f"/cases/{case_id}/answer", {"text": "", "outcome": "maybe"},
                             token=head)) == {"text": uk("Write the answer."),
                                              "outcome": uk("Choose the outcome of the answer.")}
    assert field_errors(call("POST", f"/cases/{case_id}/approve", token=head)) == {
        "__all__": uk("There is no answer waiting for a signature.")}
    assert field_errors(call("POST", f"/cases/{case_id}/reopen", {"reason": "x"}, token=registrar)) == {
        "__all__": uk("The case is open.")}
    extended = call("POST", f"/cases/{case_id}/extend", {"until": "2099-01-01", "reason": ""}, token=registrar)
    assert field_errors(extended).keys() == {"until", "reason"}

    forwarded = ok(call("POST", f"/cases/{case_id}/forward", {"to_body": "Держгеокадастр",
                                                              "reason": "Питання земельних ділянок"},
                        token=registrar))
    assert (forwarded["status"], forwarded["outcome"]) == ("closed", "forwarded")
    reopened = ok(call("POST", f"/cases/{case_id}/reopen", {"reason": "Помилка"}, token=registrar))
    assert reopened["status"] == "in_progress"
    assert field_errors(call("POST", f"/cases/{case_id}/close", {"outcome": "not_considered", "ground": "x" * 70,
                                                                 "reason": "Суть неясна"}, token=registrar)) == {
        "ground": uk("Name the ground the law gives for not considering it.")}
    closed = ok(call("POST", f"/cases/{case_id}/close", {"outcome": "not_considered", "ground": "unclear",
                                                         "reason": "Суть неясна"}, token=registrar))
    assert (closed["status"], closed["outcome"]) == ("closed", "not_considered")


@pytest.mark.django_db
def test_an_information_request_is_refused_on_a_ground_of_article_22(call, hromada_a, people):
    case_id = ok(call("POST", "/cases/info-requests", {"text": "Персональні дані сусіда", "name": "Іван",
                                                       "email": "i@example.org"}), 201)["id"]
    registrar = full_token(people["registrar"])
    ok(call("POST", f"/cases/{case_id}/assign", {"department": people["unit"].pk, "executor": people["clerk"].pk},
            token=registrar))
    clerk = full_token(people["clerk"])
    assert field_errors(call("POST", f"/cases/{case_id}/answer", {"text": "Відмова", "outcome": "refused"},
                             token=clerk)) == {"refusal_ground": uk("A refusal names its statutory ground.")}
    ok(call("POST", f"/cases/{case_id}/answer", {"text": "Відмова", "outcome": "refused",
                                                 "refusal_ground": "restricted"}, token=clerk))
    # Signed by the head of the case's unit, not by the clerk.
    assert call("POST", f"/cases/{case_id}/approve", token=clerk).status_code == 403
    signed = ok(call("POST", f"/cases/{case_id}/approve", token=full_token(people["head"])))
    assert (signed["status"], signed["outcome"]) == ("answered", "refused")
    assert Case.objects.get().refusal_ground == "restricted"


# --- tenants ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_another_hromadas_host_cannot_read_or_touch_the_case(call, hromada_a, hromada_b, people):
    case_id = ok(file_appeal(call, resident_token(people["resident"], hromada_a)), 201)["id"]
    admin_b = member(hromada_b, "hromada_admin", email="admin-b@example.org")
    for token in (resident_token(people["resident"], hromada_a), full_token(admin_b),
                  full_token(people["registrar"])):
        assert call("GET", f"/cases/{case_id}", token=token, host="b.localhost").status_code == 404
    assert ok(call("GET", "/cases/mine", token=resident_token(people["resident"], hromada_a),
                   host="b.localhost"))["count"] == 0
    assert ok(call("GET", "/cases/", token=full_token(admin_b), host="b.localhost"))["count"] == 0
    assert call("POST", f"/cases/{case_id}/close", {"outcome": "not_considered", "ground": "unclear",
                                                    "reason": "x"}, token=full_token(admin_b),
                host="b.localhost").status_code == 404
    assert Case.objects.get().status == CaseStatus.REGISTERED


# --- numbering under load --------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_eight_appeals_filed_at_once_get_eight_consecutive_numbers(hromada_a):
    residents = [member(hromada_a, "resident", email=f"r{n}@example.org", full_name=f"Мешканець {n}")
                 for n in range(8)]
    tokens = [resident_token(user, hromada_a) for user in residents]
    barrier = threading.Barrier(len(tokens))
    answers, errors = [], []

    def file(token):
        try:
            client = Client(HTTP_HOST="a.localhost", HTTP_AUTHORIZATION=f"Bearer {token}")
            barrier.wait()
            response = client.post("/api/v1/cases/appeals", APPEAL, content_type="application/json")
            answers.append((response.status_code, response.json()))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=file, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [status for status, _body in answers] == [201] * 8
    numbers = sorted(body["number"] for _status, body in answers)
    year = timezone.localdate().year
    assert numbers == [f"З-{year}/{n:06d}" for n in range(1, 9)]
    assert sorted(Case.objects.values_list("seq", flat=True)) == list(range(1, 9))
