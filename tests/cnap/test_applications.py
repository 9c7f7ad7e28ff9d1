"""Online applications: a case with the card's term, the form as data, corrections, the result into the cabinet
or for pick-up, refusal on the card's ground; only the applicant and ЦНАП staff see it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hromada.cnap.applications import services
from hromada.cnap.catalogue import services as catalogue
from hromada.cnap.models import Application, ApplicationStatus, Delivery
from hromada.core.cases.services import Upload
from hromada.core.models import CaseAttachment, CaseOutcome, CaseStatus

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FIELDS = [{"name": "address", "label": "Адреса", "kind": "text", "required": True},
          {"name": "moved_on", "label": "Дата переїзду", "kind": "date", "required": True},
          {"name": "kind", "label": "Вид довідки", "kind": "choice", "choices": ["паперова", "електронна"]},
          {"name": "consent", "label": "Згода власника житла", "kind": "checkbox", "required": True}]
UPLOADS = [{"title": "Паспорт", "required": True, "diia_sharing": True},
           {"title": "Договір оренди", "required": False}]


@pytest.fixture
def online(cnap):
    service = cnap.residence
    draft = catalogue.draft_of(service, actor=cnap.admin, hromada=cnap.hromada)
    catalogue.save_draft(draft, {"application_fields": FIELDS, "uploads": UPLOADS, "term_unit": "working_days",
                                 "term_amount": 5}, actor=cnap.admin, hromada=cnap.hromada)
    catalogue.approve(draft, actor=cnap.admin, hromada=cnap.hromada, act_reference="Рішення № 9")
    service.online = True
    service.save()
    service.refresh_from_db()
    return service


def _good(**extra):
    return {"address": "вул. Шевченка, 3", "moved_on": "2026-11-20", "kind": "електронна", "consent": True} | extra


def _apply(service, person, hromada, data=None, uploads=None, **kwargs):
    return services.apply(service, user=person, hromada=hromada, data=data or _good(),
                          uploads={"Паспорт": Upload("pasport.pdf", PDF)} if uploads is None else uploads, **kwargs)


def test_an_application_is_a_case_with_the_cards_term(cnap, town, online):
    person = town.person()
    made = _apply(online, person, cnap.hromada)
    case = made.case
    assert case.kind == "cnap_application" and case.number.startswith("ЦН-")
    assert (case.term_unit, case.term_amount) == ("working_days", 5)
    assert "Адреса: вул. Шевченка, 3" in case.text and "Згода власника житла: так" in case.text
    assert case.attachments.get().role == CaseAttachment.Role.APPLICANT
    assert made.answers["moved_on"] == "2026-11-20" and made.status == ApplicationStatus.SUBMITTED


def test_bad_answers_and_missing_documents_change_nothing(cnap, town, online):
    person = town.person()
    with pytest.raises(ValidationError) as refused:
        _apply(online, person, cnap.hromada, data={"address": " ", "moved_on": "20.11.2026", "kind": "інша"},
               uploads={})
    errors = refused.value.message_dict
    assert set(errors) == {"address", "moved_on", "kind", "consent", "upload:Паспорт"}
    with pytest.raises(ValidationError):
        _apply(online, person, cnap.hromada, uploads={"Паспорт": Upload("pasport.pdf", b"MZ\x90\x00")})
    assert not Application.objects.exists()
    from hromada.core.models import Case

    assert not Case.objects.exists()


def test_an_offline_service_or_an_unverified_person_cannot_apply(cnap, town, online):
    with pytest.raises(ValidationError):
        _apply(cnap.land, town.person(), cnap.hromada)
    online.verification_required = True
    online.save()
    with pytest.raises(PermissionDenied):
        _apply(online, town.unverified(), cnap.hromada)


def test_corrections_then_the_result_into_the_cabinet(cnap, town, online):
    person = town.person()
    made = _apply(online, person, cnap.hromada)
    services.advance(made, "accept", actor=cnap.admin, hromada=cnap.hromada)
    services.ask_corrections(made, actor=cnap.admin, hromada=cnap.hromada, note="Додайте договір оренди.")
    with pytest.raises(PermissionDenied):
        services.resubmit(made, user=town.person(), hromada=cnap.hromada, data=_good(), uploads={})
    services.resubmit(made, user=person, hromada=cnap.hromada, data=_good(),
                      uploads={"Договір оренди": Upload("dogovir.pdf", PDF)})
    made.refresh_from_db()
    assert made.status == ApplicationStatus.SUBMITTED and made.answers["_uploads"]["Договір оренди"] == "dogovir.pdf"
    services.advance(made, "forward", actor=cnap.admin, hromada=cnap.hromada)
    with pytest.raises(ValidationError):  # a cabinet delivery needs the document
        services.result_ready(made, actor=cnap.admin, hromada=cnap.hromada, text="Довідку видано")
    services.result_ready(made, actor=cnap.admin, hromada=cnap.hromada, text="Довідку видано",
                          upload=Upload("dovidka.pdf", PDF))
    made.refresh_from_db()
    case = made.case
    assert made.status == ApplicationStatus.ISSUED and made.issued_at is not None
    assert (case.status, case.outcome) == (CaseStatus.ANSWERED, CaseOutcome.SATISFIED)
    assert case.attachments.filter(role=CaseAttachment.Role.ANSWER).count() == 1


def test_pick_up_at_an_office_and_refusal_on_the_cards_ground(cnap, town, online):
    made = _apply(online, town.person(), cnap.hromada, delivery=Delivery.OFFICE, pickup_office=cnap.office)
    services.advance(made, "forward", actor=cnap.admin, hromada=cnap.hromada)
    services.result_ready(made, actor=cnap.admin, hromada=cnap.hromada, text="Готово")
    made.refresh_from_db()
    assert made.status == ApplicationStatus.READY
    services.issue(made, actor=cnap.admin, hromada=cnap.hromada)
    other = _apply(online, town.person(), cnap.hromada)
    with pytest.raises(ValidationError):
        services.refuse(other, actor=cnap.admin, hromada=cnap.hromada, ground="Бо так", text="")
    services.refuse(other, actor=cnap.admin, hromada=cnap.hromada, ground="Неповний пакет документів", text="")
    other.refresh_from_db()
    assert other.status == ApplicationStatus.REFUSED and other.case.outcome == CaseOutcome.REJECTED
    with pytest.raises(PermissionDenied):
        services.advance(other, "accept", actor=town.person(), hromada=cnap.hromada)


def test_answers_pasted_from_word_are_stored_clean(cnap, town, online):
    made = _apply(online, town.person(), cnap.hromada,
                  data=_good(address="вул.\u000bШевченка,\u00073\r\nкв. 5"))
    assert made.answers["address"] == "вул.\nШевченка,3\nкв. 5"
    assert "\u000b" not in made.case.text and "\u0007" not in made.case.text
