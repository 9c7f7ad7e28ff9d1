"""Cards: a card that lacks a statutory field cannot be approved and says which; approval needs the act;
versions are kept and residents see only the approved one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hromada.cnap.catalogue import cards
from hromada.cnap.catalogue import services as catalogue
from hromada.cnap.catalogue.selectors import public_services
from hromada.cnap.models import CardStatus, Service
from tests.cnap.world import complete_card

pytestmark = pytest.mark.django_db


def _draft(cnap, **values):
    service = Service.objects.create(hromada=cnap.hromada, title="Реєстрація місця проживання")
    service.offices.set([cnap.office])
    draft = catalogue.draft_of(service, actor=cnap.admin, hromada=cnap.hromada)
    catalogue.save_draft(draft, complete_card(**values), actor=cnap.admin, hromada=cnap.hromada)
    return service, draft


def test_an_empty_card_lists_every_missing_statutory_item(cnap):
    service = Service.objects.create(hromada=cnap.hromada, title="Нова послуга")
    draft = catalogue.draft_of(service, actor=cnap.admin, hromada=cnap.hromada)
    problems = cards.missing(draft, service)
    for item in ("пп. 1–4", "п. 1)", "п. 5", "п. 8", "п. 9", "п. 10", "підстави для відмови",
                 "етапи технологічної картки"):
        assert any(item in p for p in problems), item
    with pytest.raises(ValidationError) as refused:
        catalogue.approve(draft, actor=cnap.admin, hromada=cnap.hromada, act_reference="Рішення № 1")
    assert set(refused.value.messages) == set(problems)
    draft.refresh_from_db()
    assert draft.status == CardStatus.DRAFT and service.card_id is None


def test_a_paid_service_needs_the_amount_basis_and_account(cnap):
    _service, draft = _draft(cnap, paid=True, fee=None, fee_basis="", fee_account="")
    assert cards.missing(draft) == [
        "Зазначте розмір плати за платну послугу (ст. 8, п. 6).",
        "Зазначте нормативну підставу плати (ст. 8, п. 6).",
        "Зазначте рахунок для внесення плати (ст. 8, п. 6).",
    ]


def test_stages_longer_than_the_term_and_an_unknown_action_are_named(cnap):
    stages = [{"title": "Розгляд", "responsible": "Реєстратор", "action": "X", "days": 4}]
    _service, draft = _draft(cnap, term_unit="working_days", term_amount=3, stages=stages)
    assert cards.missing(draft) == ["Етап 1: дія — одна з В, У, П, З.",
                                    "Етапи тривають 4 дн., довше за строк надання послуги (3)."]


def test_documents_with_tocho_are_not_an_exhaustive_list(cnap):
    _service, draft = _draft(cnap, documents=[{"title": "Довідки тощо", "requirements": "копії"}])
    assert cards.missing(draft) == ["Перелік документів має бути вичерпним: приберіть «тощо» (ст. 5)."]


def test_approval_needs_the_act_and_makes_the_service_public(cnap):
    service, draft = _draft(cnap)
    assert not public_services(cnap.hromada).filter(pk=service.pk).exists()
    with pytest.raises(ValidationError) as refused:
        catalogue.approve(draft, actor=cnap.admin, hromada=cnap.hromada)
    assert "act" in refused.value.message_dict
    catalogue.approve(draft, actor=cnap.admin, hromada=cnap.hromada, act_reference="Рішення виконкому № 41")
    service.refresh_from_db()
    assert service.card == draft and public_services(cnap.hromada).filter(pk=service.pk).exists()


def test_a_new_version_supersedes_the_old_one_only_when_approved(cnap):
    service, first = _draft(cnap)
    catalogue.approve(first, actor=cnap.admin, hromada=cnap.hromada, act_reference="Рішення № 41")
    second = catalogue.draft_of(service, actor=cnap.admin, hromada=cnap.hromada)
    assert second.version == 2 and second.documents == first.documents
    catalogue.save_draft(second, {"paid": True, "fee": Decimal("332.80"), "fee_basis": "ст. 4 Закону № 1871-IX",
                                  "fee_account": "UA838999980000031418000000001"},
                         actor=cnap.admin, hromada=cnap.hromada)
    service.refresh_from_db()
    assert service.card == first and not service.card.paid  # residents still see version 1
    catalogue.approve(second, actor=cnap.admin, hromada=cnap.hromada, act_reference="Рішення № 58")
    first.refresh_from_db()
    service.refresh_from_db()
    assert (first.status, service.card.version, service.card.fee) == (CardStatus.SUPERSEDED, 2, Decimal("332.80"))
    with pytest.raises(ValidationError):
        catalogue.save_draft(first, {"result": "інше"}, actor=cnap.admin, hromada=cnap.hromada)


def test_only_catalogue_managers_edit_cards(cnap, town):
    _service, draft = _draft(cnap)
    clerk = town.staff("council_secretary")
    with pytest.raises(PermissionDenied):
        catalogue.save_draft(draft, {"result": "x"}, actor=clerk, hromada=cnap.hromada)
    with pytest.raises(PermissionDenied):
        catalogue.approve(draft, actor=town.person(), hromada=cnap.hromada, act_reference="Рішення")


def test_lemmatised_search_finds_other_forms(cnap):
    found = public_services(cnap.hromada, q="декларуванні місць проживання")
    assert list(found) == [cnap.residence]
    assert list(public_services(cnap.hromada, q="земельних кадастрів")) == [cnap.land]
    assert list(public_services(cnap.hromada, q="00100")) == [cnap.land]
    assert not public_services(cnap.hromada, q="паспорт для виїзду").exists()


def test_search_with_latin_look_alikes_and_a_list_pasted_from_word(cnap):
    from hromada.cnap.catalogue.forms import CardForm

    # «Декларування» typed with Latin a, e, p, y, i (a keyboard switched mid-word).
    assert list(public_services(cnap.hromada, q="Дeклapувaння мiсця")) == [cnap.residence]
    form = CardForm({"documents": "Заява | оригінал\u000bПаспорт | пред'являється\u0007", "term_amount": "1",
                     "term_unit": "same_day", "delivery": ["in_person"]})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["documents"] == [{"title": "Заява", "requirements": "оригінал"},
                                              {"title": "Паспорт", "requirements": "пред'являється"}]
