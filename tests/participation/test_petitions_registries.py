"""What e-petitions plug into core's registries: the case kind, notices, worklist items, programme metrics and
the personal data holder."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hromada.core import worklist
from hromada.core.cases import kinds
from hromada.core.metrics import get_metric
from hromada.core.models import Notice
from hromada.participation import personal_data as participation_data
from hromada.participation.models import Petition
from hromada.participation.petitions import notices, services
from hromada.participation.petitions import worklist as petition_worklist
from tests.core.case_builders import freeze
from tests.participation.petition_builders import KYIV, TUESDAY, closed, collecting, council_decision, on_moderation

pytestmark = pytest.mark.django_db


def test_case_kind_petition():
    spec = kinds.get("petition")
    assert spec.number_setting == "cases.number_pattern.petition"
    assert spec.extra.get("answered_by_body")


def test_moderators_and_author_are_told_of_a_submission(town, secretary, django_capture_on_commit_callbacks):
    author = town.person()
    with django_capture_on_commit_callbacks(execute=True):
        petition = on_moderation(town, author)
    assert Notice.objects.filter(recipient=secretary, kind=notices.STAFF_KIND.key).count() == 1
    assert Notice.objects.filter(recipient=author, kind=notices.AUTHOR.key).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse(petition, actor=secretary, hromada=town.hromada, ground="offensive", reason="Лайка.")
    refusal = Notice.objects.filter(recipient=author, kind=notices.AUTHOR.key).order_by("-pk").first()
    assert "Лайка." in refusal.body


def test_reaching_the_threshold_tells_the_considering_body(town, secretary, monkeypatch,
                                                          django_capture_on_commit_callbacks):
    freeze(monkeypatch, TUESDAY)
    petition = collecting(town, secretary, threshold=2)
    moderator_only = town.staff("case_registrar")
    with django_capture_on_commit_callbacks(execute=True):
        for person in town.crowd(2):
            services.sign(petition, user=person, hromada=town.hromada)
    told = set(Notice.objects.filter(kind=notices.STAFF_KIND.key, dedupe_key=f"petition:{petition.pk}:reached")
               .values_list("recipient_id", flat=True))
    assert secretary.pk in told and moderator_only.pk not in told
    assert Notice.objects.filter(recipient=petition.author, dedupe_key=f"petition:{petition.pk}:reached").exists()


def test_signers_and_author_are_told_of_the_answer(town, secretary, monkeypatch, django_capture_on_commit_callbacks):
    petition = closed(town, secretary, monkeypatch, signers=2, threshold=2)
    item, _decision = council_decision(town, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(petition, actor=secretary, hromada=town.hromada, text="Так.", position="partly",
                        agenda_item=item)
    signers = set(petition.signatures.values_list("signer_id", flat=True))
    assert set(Notice.objects.filter(kind=notices.SIGNER.key).values_list("recipient_id", flat=True)) == signers
    assert Notice.objects.filter(recipient=petition.author, dedupe_key=f"petition:{petition.pk}:answered").exists()


def test_not_reached_offers_the_appeal(town, secretary, monkeypatch, django_capture_on_commit_callbacks):
    freeze(monkeypatch, TUESDAY)
    petition = collecting(town, secretary, threshold=5)
    freeze(monkeypatch, datetime(2026, 12, 31, 9, 0, tzinfo=KYIV))
    with django_capture_on_commit_callbacks(execute=True):
        services.close_expired()
    notice = Notice.objects.get(recipient=petition.author, dedupe_key=f"petition:{petition.pk}:not_reached")
    assert "звернення" in notice.body


def test_worklist_items(town, secretary, monkeypatch):
    freeze(monkeypatch, TUESDAY)
    waiting = on_moderation(town)
    items = worklist.collect(worklist.Context(secretary, town.hromada, date(2026, 12, 1)))
    moderation = [item for item in items if item.kind == petition_worklist.MODERATE]
    assert [(item.title, item.deadline) for item in moderation] == [(waiting.title, date(2026, 12, 3))]
    assert not [item for item in worklist.collect(worklist.Context(town.person(), town.hromada))
                if item.kind.startswith("participation.petition")]
    petition = closed(town, secretary, monkeypatch)
    items = worklist.collect(worklist.Context(secretary, town.hromada, date(2027, 1, 4)))
    answers = [item for item in items if item.kind == petition_worklist.ANSWER]
    assert [item.deadline for item in answers] == [petition.case.due_date]


def test_metrics(town, secretary, monkeypatch):
    on_moderation(town)
    petition = closed(town, secretary, monkeypatch)  # submitted 1 December, reached the same day
    item, _decision = council_decision(town, secretary)
    freeze(monkeypatch, datetime(2027, 1, 12, 12, 0, tzinfo=KYIV))
    services.answer(petition, actor=secretary, hromada=town.hromada, text="Так.", position="supported",
                    agenda_item=item)
    at = date(2026, 12, 31)
    assert get_metric("participation.petitions_filed").value(town.hromada, at) == 2
    assert get_metric("participation.petitions_reached").value(town.hromada, at) == 1
    assert get_metric("participation.petitions_answered_on_time").value(town.hromada, at) == 100


def test_answered_late_is_not_on_time(town, secretary, monkeypatch):
    petition = closed(town, secretary, monkeypatch)
    item, _decision = council_decision(town, secretary)
    freeze(monkeypatch, datetime(2027, 2, 1, 12, 0, tzinfo=KYIV))
    services.answer(petition, actor=secretary, hromada=town.hromada, text="Так.", position="supported",
                    agenda_item=item)
    assert get_metric("participation.petitions_answered_on_time").value(town.hromada, date(2026, 12, 31)) == 0


def test_personal_data_export_and_erase(town, secretary, monkeypatch):
    freeze(monkeypatch, TUESDAY)
    petition = collecting(town, secretary)
    signer = town.person()
    services.sign(petition, user=signer, hromada=town.hromada)
    services.create_draft(town.hromada, author=signer, title="Моя чернетка", text="Текст")
    held = participation_data.export_participation(signer, town.hromada)
    assert [p["title"] for p in held["petitions"]] == ["Моя чернетка"]
    assert [s["title"] for s in held["signatures"]] == [petition.title]
    participation_data.erase_participation(signer, town.hromada)
    assert not Petition.objects.filter(author=signer).exists()
    signature = petition.signatures.get()
    assert signature.signer_id is None and signature.signer_name == signer.full_name
    assert services.recount(petition)[0].ok
