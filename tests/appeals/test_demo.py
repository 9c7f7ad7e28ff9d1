"""The demo year of appeals, hotline calls and information requests: engine clocks, numbering, idempotency."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.db.models import F
from django.utils import timezone

from hromada.appeals import demo
from hromada.appeals.models import HotlineCall
from hromada.core.cases import clock, kinds, services
from hromada.core.deadlines import calendar_for
from hromada.core.demo.seed import seed_demo
from hromada.core.models import (
    Case,
    CaseCategory,
    CaseCounter,
    CaseEvent,
    CaseExecutor,
    CaseStatus,
    Hromada,
    User,
)
from hromada.core.models.cases import ELECTRONIC_CHANNELS, OPEN_STATUSES

pytestmark = pytest.mark.django_db

SKIP = frozenset({"acts", "programmes", "portal", "participation", "cnap", "opendata", "itassets"})
Event = CaseEvent.Kind


@pytest.fixture
def fast_passwords(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEMO_PASSWORD = "demo-pass-2026"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _counts() -> tuple:
    models = (Case, CaseEvent, CaseExecutor, CaseCategory, CaseCounter, HotlineCall)
    return (*(model.objects.count() for model in models),
            list(CaseCounter.objects.order_by("pk").values_list("series", "year", "last")))


def test_the_demo_year_follows_the_engine_and_seeds_once(fast_passwords):
    seed_demo(skip_apps=SKIP)
    mohyliv = Hromada.objects.get(katottg=demo.MOHYLIV)
    slobozhanska = Hromada.objects.get(katottg=demo.SLOBOZHANSKA)
    cases = list(Case.objects.filter(hromada=mohyliv).select_related("hromada", "category", "department"))
    by_kind = defaultdict(list)
    for case in cases:
        by_kind[case.kind].append(case)
    assert len(by_kind["appeal"]) == demo.APPEALS + 1  # and resident001's
    assert len(by_kind["info_request"]) == demo.INFO_REQUESTS + 1
    calls = HotlineCall.objects.filter(hromada=mohyliv)
    assert calls.count() == demo.HOTLINE_CALLS
    assert calls.filter(outcome="case").count() == len(by_kind["hotline"]) == calls.filter(case__isnull=False).count()
    assert 0.4 < calls.filter(outcome="consulted").count() / demo.HOTLINE_CALLS < 0.6
    assert CaseCategory.objects.filter(hromada=mohyliv).count() == len(demo.data.CATEGORIES)
    assert CaseCategory.objects.get(hromada=mohyliv, name="Водопостачання та водовідведення").term_hours == 24

    # Numbers: unique, consecutive from 1 per series and year, in order of receipt; the counters hold the last.
    series = defaultdict(list)
    for case in cases:
        series[(case.kind, case.year)].append(case)
    for (kind, year), rows in series.items():
        rows.sort(key=lambda c: (c.received_at, c.seq))
        assert [c.seq for c in rows] == list(range(1, len(rows) + 1)), (kind, year)
        assert all(c.year == timezone.localdate(c.received_at).year for c in rows)
        assert CaseCounter.objects.get(hromada=mohyliv, series=kind, year=year).last == len(rows)
    assert len({c.number for c in cases}) == len(cases)
    assert {c.number[:2] for c in by_kind["appeal"]} == {"З-"}

    # Clocks: what the engine computes for the received moment and the term (or the lawful extension).
    cal = calendar_for(mohyliv)
    now = timezone.now()
    extended = 0
    for case in cases:
        term = services.term_of(case)
        due_date, due_at = clock.due_for(cal, case.received_at, term)
        assert (case.term_unit, case.term_amount) == (term.unit, term.amount), case.number
        assert case.initial_due_date == due_date, case.number
        if case.extension_reason:
            extended += 1
            limit = kinds.get(case.kind).extension_limit(case)
            assert case.due_date == clock.due_for(cal, case.received_at, limit)[0] > case.initial_due_date
            assert case.due_at is None
            assert case.events.filter(kind=Event.EXTENDED).exists()
        else:
            assert (case.due_date, case.due_at) == (due_date, due_at), case.number
        assert case.received_at <= now
    assert extended >= 5

    # The state of the year: answered mostly on time, some late, some overdue now, some open and due soon.
    answered = [c for c in cases if c.answered_at and c.outcome not in ("forwarded", "not_considered")]
    late = [c for c in answered if services.was_late(c)]
    assert 0.04 < len(late) / len(answered) < 0.12
    overdue = [c for c in cases if services.is_overdue(c, now)]
    assert len(overdue) >= 3
    today = timezone.localdate()
    due_soon = [c for c in cases if c.is_open and not services.is_overdue(c, now) and (c.due_date - today).days <= 10]
    assert len(due_soon) >= 8
    awaiting = [c for c in cases if c.status == CaseStatus.AWAITING_APPROVAL]
    assert awaiting and all(c.answer_text and c.answered_by_id and not c.answered_at for c in awaiting)
    assert sum(c.status == CaseStatus.CLOSED for c in cases) > 0.8 * len(cases)
    assert any(c.outcome == "forwarded" and c.forwarded_to for c in cases)
    anonymous = [c for c in cases if c.anonymous]
    assert anonymous and all(c.status == CaseStatus.CLOSED and c.refusal_ground == "anonymous" for c in anonymous)
    assert any(c.repeat_of_id for c in cases) and any(c.collective and c.signatories > 1 for c in cases)
    assert sum(c.rating is not None for c in cases) >= 20
    assert all(c.applicant_id for c in cases if c.rating is not None)
    published = [c for c in cases if c.published_at]
    assert len(published) >= 3
    assert all(c.kind == "info_request" and c.publish_requested and c.public_text and c.public_answer
               and c.published_at > c.answered_at for c in published)
    assert any(c.kind == "info_request" and c.urgent and c.due_at for c in cases)
    # «Share of appeals filed electronically» (appeals and hotline cases) over the demo year: ~20–30 %.
    appeals = by_kind["appeal"]
    share = sum(c.channel in ELECTRONIC_CHANNELS for c in appeals) / (len(appeals) + len(by_kind["hotline"]))
    assert 0.2 <= share <= 0.3
    # Within the year: electronic filing grows.
    in_order = sorted(appeals, key=lambda c: c.received_at)
    assert sum(c.channel in ELECTRONIC_CHANNELS for c in in_order[-200:]) > sum(
        c.channel in ELECTRONIC_CHANNELS for c in in_order[:200])

    # Timelines: registered first at receipt, nothing in the future, answered and closed where the case says so.
    events = defaultdict(list)
    for event in CaseEvent.objects.filter(case__hromada=mohyliv).order_by("at", "id"):
        events[event.case_id].append(event)
    for case in cases:
        timeline = events[case.pk]
        assert timeline[0].kind == Event.REGISTERED and timeline[0].at == case.received_at, case.number
        assert all(e.at <= now for e in timeline)
        kinds_seen = [e.kind for e in timeline]
        if case.status in (CaseStatus.ANSWERED, CaseStatus.CLOSED) and case.outcome not in ("forwarded",
                                                                                             "not_considered"):
            assert kinds_seen.count(Event.ANSWERED) == 1
            answered_event = next(e for e in timeline if e.kind == Event.ANSWERED)
            assert answered_event.at == case.answered_at and answered_event.data["late"] == services.was_late(case)
            assert answered_event.actor == case.signed_by
            assert case.executors.get().done_at == case.answered_at
        if case.status == CaseStatus.CLOSED:
            assert kinds_seen[-1] in (Event.CLOSED, Event.RATED, Event.PUBLISHED)
            assert any(e.kind == Event.CLOSED and e.at == case.closed_at for e in timeline)
        if case.status == CaseStatus.REGISTERED:
            assert kinds_seen == [Event.REGISTERED] and case.executor_id is None

    # Residents' cabinets: resident001 has one answered appeal and one open information request.
    first = User.objects.get(email="resident001@mohyliv.example")
    own = dict(Case.objects.filter(applicant=first).values_list("kind", "status"))
    assert Case.objects.filter(applicant=first).count() == 2
    assert own["appeal"] == CaseStatus.ANSWERED and own["info_request"] in OPEN_STATUSES
    assert Case.objects.filter(hromada=mohyliv, applicant__email__startswith="resident").values(
        "applicant").distinct().count() > 30

    # Tenant isolation: Slobozhanska has a handful of its own; nothing points across hromadas.
    assert 1 <= Case.objects.filter(hromada=slobozhanska).count() <= 5
    assert not Case.objects.filter(hromada=mohyliv).exclude(department__hromada=mohyliv).exclude(
        department__isnull=True).exists()
    assert not Case.objects.exclude(category__isnull=True).exclude(category__hromada_id=F("hromada_id")).exists()

    before = _counts()
    report = seed_demo(skip_apps=SKIP)
    assert _counts() == before
    assert "cases" not in report.created and "hotline calls" not in report.created


def test_registrations_after_the_demo_continue_the_series(fast_passwords):
    seed_demo(skip_apps=SKIP | {"registers", "accounts"})
    mohyliv = Hromada.objects.get(katottg=demo.MOHYLIV)
    registrar = User.objects.get(email=demo.REGISTRAR)
    year = timezone.localdate().year
    for kind, extra in (("appeal", {"subkind": "application", "applicant_address": "с. Могилів, вул. Миру, 3"}),
                        ("hotline", {}), ("info_request", {"applicant_email": "zapyt@mail.example"})):
        last = CaseCounter.objects.get(hromada=mohyliv, series=kind, year=year).last
        case = services.register_case(mohyliv, kind=kind, actor=registrar, channel="phone" if kind == "hotline"
                                      else "paper_cnap", subject="Перевірка нумерації", text="Текст звернення.",
                                      applicant_name="Коваленко Ганна Петрівна", **extra)
        assert case.seq == last + 1
        assert Case.objects.filter(hromada=mohyliv, number=case.number).count() == 1
    # Slobozhanska's series are its own.
    slobozhanska = Hromada.objects.get(katottg=demo.SLOBOZHANSKA)
    assert CaseCounter.objects.get(hromada=slobozhanska, series="appeal", year=year).last == Case.objects.filter(
        hromada=slobozhanska, kind="appeal", year=year).count()
