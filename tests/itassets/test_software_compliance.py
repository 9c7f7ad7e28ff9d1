"""Whether an installation is licensed, unlicensed, outdated or unsupported at a date — exact cases — and the
figures built on it (per title, per hromada, the metrics), with bounded queries whatever the installations."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.core.metrics import get_metric
from hromada.itassets.models import Category, Equipment, Installation, Licence, Seat
from hromada.itassets.software import selectors
from tests.factories import member
from tests.itassets.software_world import equipment, install, licence, seat, software

pytestmark = pytest.mark.django_db
ON = date(2026, 6, 1)


def states(hromada, at=ON) -> dict[int, dict]:
    """Installation id → its statuses, as the pages see them."""
    judgement = selectors.judge_versions(hromada)
    rows = selectors.with_licensed(selectors.installations(hromada), hromada, at).select_related("software")
    return {row.pk: selectors.describe(row, judgement, at) for row in rows}


@pytest.fixture
def title(hromada_a):
    return software(hromada_a, name="Microsoft Office", vendor="Microsoft")


def test_no_seat_is_unlicensed(hromada_a, title):
    item = install(hromada_a, equipment(hromada_a), title)
    licence(hromada_a, title)  # a licence with free seats licenses nothing until a seat is given
    assert states(hromada_a)[item.pk]["licensed"] is False


def test_a_seat_held_by_the_computer_licenses_it(hromada_a, title):
    pc, other = equipment(hromada_a), equipment(hromada_a)
    mine, theirs = install(hromada_a, pc, title), install(hromada_a, other, title)
    seat(hromada_a, licence(hromada_a, title), equipment=pc)
    result = states(hromada_a)
    assert (result[mine.pk]["licensed"], result[theirs.pk]["licensed"]) == (True, False)


def test_a_seat_of_another_title_does_not_license(hromada_a, title):
    pc = equipment(hromada_a)
    item = install(hromada_a, pc, title)
    seat(hromada_a, licence(hromada_a, software(hromada_a, name="Windows 11")), equipment=pc)
    assert states(hromada_a)[item.pk]["licensed"] is False


def test_a_seat_held_by_the_account_the_computer_is_assigned_to(hromada_a, title):
    person, stranger = member(hromada_a, "clerk"), member(hromada_a, "clerk")
    pc = equipment(hromada_a, assigned_user=person)
    other = equipment(hromada_a, assigned_user=stranger)
    unassigned = equipment(hromada_a)
    rows = [install(hromada_a, item, title) for item in (pc, other, unassigned)]
    seat(hromada_a, licence(hromada_a, title), user=person)
    result = states(hromada_a)
    assert [result[row.pk]["licensed"] for row in rows] == [True, False, False]


def test_a_seat_held_by_the_named_person(hromada_a, title):
    pc = equipment(hromada_a, assigned_name="Олена Мар’яненко")
    other = equipment(hromada_a, assigned_name="Олена Петренко")
    nobody = equipment(hromada_a)  # an empty name matches no seat
    rows = [install(hromada_a, item, title) for item in (pc, other, nobody)]
    lic = licence(hromada_a, title)
    seat(hromada_a, lic, person_name="Олена Мар’яненко")
    seat(hromada_a, lic, equipment=equipment(hromada_a))
    result = states(hromada_a)
    assert [result[row.pk]["licensed"] for row in rows] == [True, False, False]


def test_free_title_and_free_licence(hromada_a):
    libre = software(hromada_a, name="LibreOffice", free=True)
    reader = software(hromada_a, name="PDF Reader")
    licence(hromada_a, reader, kind=Licence.Kind.FREE, seats=None)
    expired_free = software(hromada_a, name="Trial")
    licence(hromada_a, expired_free, kind=Licence.Kind.OPEN_SOURCE, seats=None, expires_on=date(2026, 1, 1))
    pc = equipment(hromada_a)
    rows = [install(hromada_a, pc, t) for t in (libre, reader, expired_free)]
    result = states(hromada_a)
    assert [(result[r.pk]["licensed"], result[r.pk]["free"]) for r in rows] == [
        (True, True), (True, True), (False, False)]


@pytest.mark.parametrize(("starts_on", "expires_on", "licensed"), [
    (None, None, True),
    (date(2026, 6, 1), None, True),  # from its first day
    (date(2026, 6, 2), None, False),  # not yet
    (None, date(2026, 6, 1), True),  # through its last day
    (None, date(2026, 5, 31), False),  # expired the day before
])
def test_the_licence_must_be_in_force_on_the_date(hromada_a, title, starts_on, expires_on, licensed):
    pc = equipment(hromada_a)
    item = install(hromada_a, pc, title)
    seat(hromada_a, licence(hromada_a, title, starts_on=starts_on, expires_on=expires_on), equipment=pc)
    assert states(hromada_a)[item.pk]["licensed"] is licensed


@pytest.mark.parametrize(("assigned_on", "released_on", "licensed"), [
    (date(2026, 6, 1), None, True),  # from the day it is given
    (date(2026, 6, 2), None, False),  # given later
    (date(2026, 1, 1), date(2026, 6, 2), True),  # released later
    (date(2026, 1, 1), date(2026, 6, 1), False),  # released that day: no longer held
])
def test_the_seat_must_be_held_on_the_date(hromada_a, title, assigned_on, released_on, licensed):
    pc = equipment(hromada_a)
    item = install(hromada_a, pc, title)
    seat(hromada_a, licence(hromada_a, title), on=assigned_on, equipment=pc, released_on=released_on)
    assert states(hromada_a)[item.pk]["licensed"] is licensed


def test_versions_outdated_current_and_not_judged(hromada_a):
    windows = software(hromada_a, name="Windows", minimum_version="10.0.19045")
    unversioned = software(hromada_a, name="7-Zip")  # no minimum: versions are not judged at all
    pcs = [equipment(hromada_a) for _ in range(6)]
    rows = [install(hromada_a, pcs[0], windows, "6.1.7601"), install(hromada_a, pcs[1], windows, "10.0.17763"),
            install(hromada_a, pcs[2], windows, "10.0.19045"), install(hromada_a, pcs[3], windows, "v10.0.22631"),
            install(hromada_a, pcs[4], windows, "22H2"), install(hromada_a, pcs[5], windows, ""),
            install(hromada_a, pcs[0], unversioned, "1.0")]
    result = states(hromada_a)
    assert [result[r.pk]["version_state"] for r in rows] == [
        "outdated", "outdated", "current", "current", "unjudged", "unjudged", ""]
    assert selectors.totals(hromada_a, ON).outdated == 2
    assert selectors.totals(hromada_a, ON).unjudged == 2


def test_unsupported_after_the_support_ends(hromada_a):
    win7 = software(hromada_a, name="Windows 7", support_ends_on=date(2026, 5, 31))
    win10 = software(hromada_a, name="Windows 10", support_ends_on=date(2026, 6, 1))  # its last day
    pc = equipment(hromada_a)
    old, current = install(hromada_a, pc, win7), install(hromada_a, pc, win10)
    result = states(hromada_a)
    assert (result[old.pk]["unsupported"], result[current.pk]["unsupported"]) == (True, False)


def test_only_computers_in_use_count(hromada_a, title):
    counted = [equipment(hromada_a, category=c) for c in (Category.COMPUTER, Category.LAPTOP, Category.SERVER)]
    counted.append(equipment(hromada_a, status=Equipment.Status.IN_REPAIR))
    printer = equipment(hromada_a, category=Category.PRINTER)
    gone = equipment(hromada_a, status=Equipment.Status.WRITTEN_OFF, written_off_on=date(2025, 1, 1))
    for item in [*counted, printer, gone]:
        install(hromada_a, item, title)
    assert set(selectors.installations(hromada_a).values_list("equipment_id", flat=True)) == {i.pk for i in counted}


def test_another_hromadas_seats_never_license(hromada_a, hromada_b, title):
    """Even a seat row of B pointing at A's computer (which no service would make) licenses nothing in A."""
    pc = equipment(hromada_a, assigned_name="Іван Іванов")
    item = install(hromada_a, pc, title)
    b_title = software(hromada_b, name=title.name, vendor=title.vendor)
    b_licence = licence(hromada_b, b_title)
    Seat.objects.create(hromada=hromada_b, licence=b_licence, person_name="Іван Іванов", assigned_on=date(2024, 1, 1))
    assert states(hromada_a)[item.pk]["licensed"] is False
    assert selectors.totals(hromada_b, ON).installations == 0


def test_figures_per_title_and_the_shortage(hromada_a, title):
    pcs = [equipment(hromada_a) for _ in range(5)]
    for item in pcs:
        install(hromada_a, item, title, "16.0")
    lic = licence(hromada_a, title, seats=3)
    seat(hromada_a, lic, equipment=pcs[0])
    seat(hromada_a, lic, equipment=pcs[1])
    counts = selectors.title_counts(hromada_a, ON)[title.pk]
    assert counts == {"installations": 5, "licensed": 2, "unlicensed": 3, "outdated": 0, "unjudged": 0}
    seats = selectors.seats_by_title(hromada_a, ON)[title.pk]
    assert (seats.total, seats.used, seats.free) == (3, 2, 1)
    # Three unlicensed, one free seat: two seats short (one is only not assigned).
    assert selectors.shortage(counts, seats, False) == 2
    licence(hromada_a, title, seats=None)  # an unlimited licence in force: never short
    assert selectors.shortage(counts, selectors.seats_by_title(hromada_a, ON)[title.pk], False) == 0
    assert selectors.shortage(counts, None, False) == 3
    assert selectors.shortage(counts, None, True) == 0


def test_totals_and_the_metrics(hromada_a, title):
    libre = software(hromada_a, name="LibreOffice", free=True)
    pcs = [equipment(hromada_a) for _ in range(4)]
    lic = licence(hromada_a, title, seats=10, expires_on=date(2026, 7, 15))
    for index, item in enumerate(pcs):
        install(hromada_a, item, title)
        install(hromada_a, item, libre)
        if index < 3:
            seat(hromada_a, lic, equipment=item)
    totals = selectors.totals(hromada_a, ON)
    assert (totals.installations, totals.free, totals.licensed, totals.unlicensed) == (8, 4, 3, 1)
    assert get_metric("itassets.software_licensed_share").value(hromada_a, ON) == 75
    assert get_metric("itassets.unlicensed_installations").value(hromada_a, ON) == 1
    assert get_metric("itassets.licences_expiring_60d").value(hromada_a, ON) == 1
    assert get_metric("itassets.licences_expiring_60d").value(hromada_a, date(2026, 5, 1)) == 0
    assert get_metric("itassets.software_licensed_share").value(hromada_a, date(2026, 8, 1)) == 0  # expired


def test_metrics_of_an_empty_register(hromada_a):
    assert get_metric("itassets.software_licensed_share").value(hromada_a, ON) == 0
    assert get_metric("itassets.unlicensed_installations").value(hromada_a, ON) == 0


def test_profile_gaps_missing_and_older(hromada_a):
    from hromada.itassets.models import SoftwareProfile, SoftwareProfileItem

    office = software(hromada_a, name="Office")
    medoc = software(hromada_a, name="M.E.Doc", minimum_version="11.02")
    profile = SoftwareProfile.objects.create(hromada=hromada_a, name="Бухгалтер")
    SoftwareProfileItem.objects.create(profile=profile, software=office)
    SoftwareProfileItem.objects.create(profile=profile, software=medoc, minimum_version="11.02.150")
    complete, lacking, older, unjudged, other = (equipment(hromada_a, profile=profile) for _ in range(5))
    other.profile = None
    other.save()
    for item in (complete, older, unjudged):
        install(hromada_a, item, office)
    install(hromada_a, complete, medoc, "11.02.153")
    install(hromada_a, older, medoc, "11.02.100")  # new enough for the title, not for the profile
    install(hromada_a, unjudged, medoc, "нова")
    install(hromada_a, lacking, office)
    gaps = list(selectors.profile_gaps(profile))
    assert gaps == [lacking, older]
    by_pk = selectors.profile_gaps_for_page(profile, [complete, lacking, older, unjudged])
    assert [(entry.software.name, why) for entry, why in by_pk[lacking.pk]] == [("M.E.Doc", "missing")]
    assert [(entry.software.name, why) for entry, why in by_pk[older.pk]] == [("M.E.Doc", "outdated")]
    assert [(entry.software.name, why) for entry, why in by_pk[unjudged.pk]] == [("M.E.Doc", "unjudged")]
    assert by_pk[complete.pk] == []


def _world(hromada, computers: int):
    """``computers`` computers with four titles each, half licensed by seat, some by person, one outdated version."""
    titles = [software(hromada, name=f"Програма {n}", minimum_version="2.0") for n in range(4)]
    lics = [licence(hromada, t, seats=None) for t in titles]
    items = [equipment(hromada, assigned_name=f"Особа {n}") for n in range(computers)]
    Installation.objects.bulk_create([Installation(hromada=hromada, equipment=item, software=t,
                                                   version="1.0" if n % 7 == 0 else f"2.{n % 5}")
                                      for n, item in enumerate(items) for t in titles])
    Seat.objects.bulk_create([Seat(hromada=hromada, licence=lic, equipment=item, assigned_on=date(2024, 1, 1))
                              for n, item in enumerate(items) if n % 2 for lic in lics])
    Seat.objects.bulk_create([Seat(hromada=hromada, licence=lics[0], person_name=f"Особа {n}",
                                   assigned_on=date(2024, 1, 1)) for n in range(0, computers, 4)])


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def test_figures_take_the_same_number_of_queries_for_few_and_many(hromada_a, hromada_b):
    _world(hromada_a, 3)
    _world(hromada_b, 60)

    def figures(hromada):
        selectors.totals(hromada, ON)
        selectors.title_counts(hromada, ON)
        selectors.seats_by_title(hromada, ON)
        selectors.unlicensed_by_title(hromada, ON)
        for key in ("itassets.software_licensed_share", "itassets.unlicensed_installations"):
            get_metric(key).value(hromada, ON)

    assert _queries(lambda: figures(hromada_a)) == _queries(lambda: figures(hromada_b))


def test_compliance_report_takes_the_same_number_of_queries_for_few_and_many(client, hromada_a, hromada_b):
    _world(hromada_a, 3)
    _world(hromada_b, 60)
    admin_b = member(hromada_b, "hromada_admin")
    admin_a = member(hromada_a, "hromada_admin")
    counts = []
    for user, host in ((admin_a, "a.localhost"), (admin_b, "b.localhost")):
        client.force_login(user)
        for query in ("", "?status=unlicensed", "?status=outdated", "?status=licensed"):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(f"/staff/it/software/compliance/{query}", HTTP_HOST=host)
            assert response.status_code == 200
            counts.append(len(captured))
    assert counts[:4] == counts[4:], counts
