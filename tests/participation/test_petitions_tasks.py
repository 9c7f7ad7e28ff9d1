"""The scheduled jobs of e-petitions: closing collections that ended (daily) and the share threshold of the year
(1 January); both idempotent. The share threshold itself and its basis."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hromada.core import jobs
from hromada.participation.models import PetitionStatus, PetitionThreshold
from hromada.participation.petitions import services
from tests.core.case_builders import freeze
from tests.participation.petition_builders import KYIV, TUESDAY, collecting, settings_of

pytestmark = pytest.mark.django_db


def test_jobs_are_registered_with_their_schedule():
    assert jobs.get("participation-petitions-close").cron == "10 0 * * *"
    assert jobs.get("participation-petitions-threshold").cron == "5 0 1 1 *"


def test_daily_job_closes_ended_collections_once(town, town_b, monkeypatch):
    freeze(monkeypatch, TUESDAY)
    ending = collecting(town, town.staff("council_secretary"), threshold=1, days=10)
    services.sign(ending, user=town.person(), hromada=town.hromada)
    running = collecting(town_b, town_b.staff("council_secretary"), threshold=1, days=60)
    close = jobs.get("participation-petitions-close").func
    freeze(monkeypatch, datetime(2026, 12, 10, 23, 0, tzinfo=KYIV))  # the last day of `ending`
    assert close() == "closed 0"
    freeze(monkeypatch, datetime(2026, 12, 11, 0, 10, tzinfo=KYIV))
    assert close() == "closed 1"
    assert close() == "closed 0"
    ending.refresh_from_db()
    running.refresh_from_db()
    assert (ending.status, running.status) == (PetitionStatus.CONSIDERATION, PetitionStatus.COLLECTING)


def test_share_threshold_counts_registered_declared_and_displaced(town):
    settings_of(town.hromada, petitions__threshold_mode="share", petitions__threshold_share="25",
                petitions__statute_reference="Статут громади, ст. 41")
    for status in ("registered", "declared", "idp", "left", "deceased", "registered", "registered"):
        town.person(status=status)
    number, basis = services.current_threshold(town.hromada, today=date(2026, 3, 2))
    assert number == 2  # ceil(25 % × 5)
    assert basis == "25 % від 5 мешканців, зареєстрованих на 1 січня 2026 р. (Статут громади, ст. 41)"
    assert services.grouped(12345) == "12\u00a0345"


def test_fractional_share_rounds_up(town):
    settings_of(town.hromada, petitions__threshold_mode="share", petitions__threshold_share="0,2")
    town.crowd(3)
    number, basis = services.current_threshold(town.hromada, today=date(2026, 3, 2))
    assert number == 1 and "0,2 %" in basis


def test_number_mode_uses_the_setting(town):
    settings_of(town.hromada, petitions__threshold=120)
    number, basis = services.current_threshold(town.hromada)
    assert number == 120 and "120" in basis
    assert not PetitionThreshold.objects.exists()


def test_yearly_job_fixes_the_share_once(town, town_b, monkeypatch):
    settings_of(town.hromada, petitions__threshold_mode="share", petitions__threshold_share="50")
    town.crowd(4)
    freeze(monkeypatch, datetime(2027, 1, 1, 0, 5, tzinfo=KYIV))
    yearly = jobs.get("participation-petitions-threshold").func
    assert yearly() == "1 hromadas"
    town.crowd(4)
    yearly()
    row = PetitionThreshold.objects.get(hromada=town.hromada)
    assert (row.year, row.residents, row.threshold) == (2027, 4, 2)
    assert not PetitionThreshold.objects.filter(hromada=town_b.hromada).exists()
    assert services.current_threshold(town.hromada, today=date(2027, 6, 1))[0] == 2
