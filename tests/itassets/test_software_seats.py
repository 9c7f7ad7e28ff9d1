"""Seat accounting and the other writes of software: limits, release, expiry, the licence's own rules, the
document, profiles — each refusal a Ukrainian message with nothing changed, each change in the audit log."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format

from hromada.core.models import AuditEntry
from hromada.itassets.models import Category, Equipment, Installation, Licence, Seat, Software, SoftwareProfile
from hromada.itassets.software import services
from hromada.itassets.software.forms import LicenceForm
from tests.factories import member
from tests.itassets.software_world import equipment, install, licence, seat, software

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def messages(error: ValidationError) -> list[str]:
    with translation.override("uk"):
        return error.messages


@pytest.fixture
def officer(hromada_a):
    return member(hromada_a, "programme_manager")


@pytest.fixture
def title(hromada_a):
    return software(hromada_a, name="Microsoft Office", vendor="Microsoft")


def today() -> date:
    return timezone.localdate()


# --- seats --------------------------------------------------------------------------------------------------


def test_seats_up_to_the_limit_then_a_clear_refusal(hromada_a, officer, title):
    lic = licence(hromada_a, title, seats=2)
    first = services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a))
    services.assign_seat(lic, actor=officer, hromada=hromada_a, person_name="  Олена   Петренко ")
    with pytest.raises(ValidationError) as refused:
        services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a))
    assert refused.value.messages == [
        "Усі місця ліцензії (2) зайняті: звільніть одне або додайте місця до ліцензії."]
    assert Seat.objects.filter(licence=lic, released_on__isnull=True).count() == 2
    assert Seat.objects.get(licence=lic, equipment__isnull=True).person_name == "Олена Петренко"
    # Released, the seat is free again.
    services.release_seat(first, actor=officer, hromada=hromada_a)
    services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a))
    assert Seat.objects.filter(licence=lic).count() == 3
    assert Seat.objects.filter(licence=lic, released_on__isnull=True).count() == 2


def test_one_seat_licence_message(hromada_a, officer, title):
    lic = licence(hromada_a, title, seats=1)
    services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a))
    with pytest.raises(ValidationError) as refused:
        services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a))
    assert messages(refused.value) == ["Єдине місце ліцензії зайняте: звільніть його або додайте місця до ліцензії."]


def test_unlimited_and_free_licences_have_no_limit(hromada_a, officer, title):
    unlimited = licence(hromada_a, title, seats=None)
    free = licence(hromada_a, software(hromada_a, name="7-Zip"), kind=Licence.Kind.FREE, seats=1)
    for _ in range(3):
        services.assign_seat(unlimited, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a))
        services.assign_seat(free, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a))
    assert Seat.objects.filter(licence__in=[unlimited, free]).count() == 6


def test_a_holder_has_one_seat_of_a_licence(hromada_a, officer, title):
    lic = licence(hromada_a, title)
    pc, person = equipment(hromada_a), member(hromada_a, "clerk")
    services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=pc)
    services.assign_seat(lic, actor=officer, hromada=hromada_a, user=person)
    services.assign_seat(lic, actor=officer, hromada=hromada_a, person_name="Іван Сірко")
    for holder in ({"equipment": pc}, {"user": person}, {"person_name": "Іван  Сірко"}):
        with pytest.raises(ValidationError) as refused:
            services.assign_seat(lic, actor=officer, hromada=hromada_a, **holder)
        assert messages(refused.value) == ["Цей власник уже має місце цієї ліцензії."]
    assert Seat.objects.filter(licence=lic).count() == 3


@pytest.mark.parametrize("holder", [{}, {"person_name": "   "}, "both"])
def test_exactly_one_holder(hromada_a, officer, title, holder):
    lic = licence(hromada_a, title)
    if holder == "both":
        holder = {"equipment": equipment(hromada_a), "person_name": "Іван Сірко"}
    with pytest.raises(ValidationError) as refused:
        services.assign_seat(lic, actor=officer, hromada=hromada_a, **holder)
    assert messages(refused.value) == ["Надайте місце або комп’ютеру, або особі."]
    assert not Seat.objects.exists()


def test_seats_of_an_expired_licence_cannot_be_assigned(hromada_a, officer, title):
    lic = licence(hromada_a, title, kind=Licence.Kind.SUBSCRIPTION, expires_on=today() - timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a))
    expired = (today() - timedelta(days=1)).strftime("%d.%m.%Y")
    assert messages(refused.value) == [f"Ліцензія закінчилася {expired}: її місця більше не можна надавати."]
    # On its last day it still can, and a seat dated back to when it was in force can be recorded.
    services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a),
                         on=today() - timedelta(days=1))
    assert Seat.objects.filter(licence=lic).count() == 1


def test_seats_not_before_the_licence_starts_nor_in_the_future(hromada_a, officer, title):
    lic = licence(hromada_a, title, starts_on=today() - timedelta(days=10))
    with pytest.raises(ValidationError) as early:
        services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a),
                             on=today() - timedelta(days=11))
    assert "assigned_on" in early.value.message_dict
    with pytest.raises(ValidationError) as future:
        services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a),
                             on=today() + timedelta(days=1))
    assert "assigned_on" in future.value.message_dict
    assert not Seat.objects.exists()


def test_seats_only_for_computers_of_the_hromada_in_use(hromada_a, hromada_b, officer, title):
    lic = licence(hromada_a, title)
    for item in (equipment(hromada_a, category=Category.PRINTER),
                 equipment(hromada_a, status=Equipment.Status.WRITTEN_OFF, written_off_on=date(2025, 1, 1)),
                 equipment(hromada_b)):
        with pytest.raises(ValidationError) as refused:
            services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=item)
        assert "equipment" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.assign_seat(lic, actor=officer, hromada=hromada_a, user=member(hromada_b, "clerk"))
    assert not Seat.objects.exists()


def test_release_rules(hromada_a, officer, title):
    lic = licence(hromada_a, title)
    held = seat(hromada_a, lic, on=today() - timedelta(days=5), equipment=equipment(hromada_a))
    with pytest.raises(ValidationError) as before:
        services.release_seat(held, actor=officer, hromada=hromada_a, on=today() - timedelta(days=6))
    assert "released_on" in before.value.message_dict
    with pytest.raises(ValidationError):
        services.release_seat(held, actor=officer, hromada=hromada_a, on=today() + timedelta(days=1))
    services.release_seat(held, actor=officer, hromada=hromada_a, on=today() - timedelta(days=2))
    with pytest.raises(ValidationError) as again:
        services.release_seat(held, actor=officer, hromada=hromada_a)
    released = today() - timedelta(days=2)  # «… 2026 р.», one period (issue 17)
    assert again.value.messages == [f"Місце вже звільнено {released.day} {date_format(released, 'E Y')} р."]
    assert Seat.objects.get().released_on == today() - timedelta(days=2)


def test_seats_cannot_go_below_those_in_use(hromada_a, officer, title):
    lic = licence(hromada_a, title, seats=3)
    for _ in range(3):
        services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a))
    lic.seats = 2
    with pytest.raises(ValidationError) as refused:
        services.save_licence(lic, actor=officer, hromada=hromada_a)
    with translation.override("uk"):
        assert refused.value.message_dict["seats"] == [
            "Використовуються 3 місця: звільніть місця, перш ніж зменшувати ліцензію до 2."]
    assert Licence.objects.get(pk=lic.pk).seats == 3
    lic.seats = 3
    services.save_licence(lic, actor=officer, hromada=hromada_a)
    lic.seats = None  # unlimited is always enough
    services.save_licence(lic, actor=officer, hromada=hromada_a)


def test_licence_rules(hromada_a, officer, title):
    cases = [
        ({"seats": 0}, "seats"),
        ({"starts_on": date(2026, 2, 1), "expires_on": date(2026, 1, 31)}, "expires_on"),
        ({"kind": Licence.Kind.SUBSCRIPTION}, "expires_on"),
        ({"kind": "lifetime"}, "kind"),
        ({"cost": Decimal("-1")}, "cost"),
        ({"software": None}, "software"),
    ]
    for fields, field in cases:
        lic = Licence(hromada=hromada_a, software=title, kind=Licence.Kind.PERPETUAL, seats=1)
        for name, value in fields.items():
            setattr(lic, name, value)
        with pytest.raises(ValidationError) as refused:
            services.save_licence(lic, actor=officer, hromada=hromada_a)
        assert field in refused.value.message_dict, (fields, refused.value)
    assert not Licence.objects.exists()


def test_another_hromadas_title_institution_or_person_is_refused(hromada_a, hromada_b, officer, title):
    from tests.factories import InstitutionFactory

    for fields, field in (({"software": software(hromada_b)}, "software"),
                          ({"institution": InstitutionFactory(hromada=hromada_b)}, "institution"),
                          ({"responsible": member(hromada_b, "programme_manager")}, "responsible")):
        lic = Licence(**({"hromada": hromada_a, "software": title, "kind": Licence.Kind.PERPETUAL} | fields))
        with pytest.raises(ValidationError) as refused:
            services.save_licence(lic, actor=officer, hromada=hromada_a)
        assert field in refused.value.message_dict
    assert not Licence.objects.exists()


def test_a_licence_with_seats_keeps_its_title_and_cannot_be_deleted(hromada_a, officer, title):
    lic = licence(hromada_a, title)
    held = services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a))
    lic.software = software(hromada_a, name="Інша")
    with pytest.raises(ValidationError) as moved:
        services.save_licence(lic, actor=officer, hromada=hromada_a)
    assert "software" in moved.value.message_dict
    with pytest.raises(ValidationError) as deleted:
        services.delete_licence(lic, actor=officer, hromada=hromada_a)
    with translation.override("uk"):
        assert deleted.value.messages == [
            "Ліцензія має надані місця (1): звільніть їх, перш ніж видаляти ліцензію."]
    services.release_seat(held, actor=officer, hromada=hromada_a)
    services.delete_licence(Licence.objects.get(pk=lic.pk), actor=officer, hromada=hromada_a)
    assert not Licence.objects.exists() and not Seat.objects.exists()


def test_fill_seats_gives_free_seats_to_the_unlicensed(hromada_a, officer, title):
    lic = licence(hromada_a, title, seats=3)
    person = equipment(hromada_a, assigned_name="Іван Сірко")
    pcs = [equipment(hromada_a, inventory_number=f"INV-{n}") for n in range(4)]
    for item in [person, *pcs]:
        install(hromada_a, item, title)
    seat(hromada_a, lic, person_name="Іван Сірко")  # covers `person` already
    given = services.fill_seats(lic, actor=officer, hromada=hromada_a)
    assert given == 2
    assert sorted(Seat.objects.filter(licence=lic, equipment__isnull=False)
                  .values_list("equipment__inventory_number", flat=True)) == ["INV-0", "INV-1"]
    assert services.fill_seats(lic, actor=officer, hromada=hromada_a) == 0  # no free seat left
    unlimited = licence(hromada_a, title, seats=None)
    assert services.fill_seats(unlimited, actor=officer, hromada=hromada_a) == 2


def test_writes_need_the_manage_capability(hromada_a, title):
    lic = licence(hromada_a, title)
    pc = equipment(hromada_a)
    for role in ("clerk", "department_head", "cnap_admin"):
        person = member(hromada_a, role)
        with pytest.raises(PermissionDenied):
            services.assign_seat(lic, actor=person, hromada=hromada_a, equipment=pc)
        with pytest.raises(PermissionDenied):
            services.save_title(Software(name="X", kind="other"), actor=person, hromada=hromada_a)
        with pytest.raises(PermissionDenied):
            services.save_installation(Installation(equipment=pc, software=title), actor=person, hromada=hromada_a)
    assert not Seat.objects.exists()
    admin = member(hromada_a, "hromada_admin")
    services.assign_seat(lic, actor=admin, hromada=hromada_a, equipment=pc)


def test_another_hromadas_records_are_refused(hromada_a, hromada_b, officer):
    b_licence = licence(hromada_b, software(hromada_b))
    with pytest.raises(PermissionDenied):
        services.assign_seat(b_licence, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a))
    with pytest.raises(PermissionDenied):
        services.delete_licence(b_licence, actor=officer, hromada=hromada_a)
    assert Licence.objects.filter(pk=b_licence.pk).exists() and not Seat.objects.exists()


def test_seats_are_audited(hromada_a, officer, title):
    lic = licence(hromada_a, title)
    held = services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=equipment(hromada_a))
    services.release_seat(held, actor=officer, hromada=hromada_a)
    entries = list(AuditEntry.objects.filter(object_type="itassets.seat", object_id=str(held.pk)).order_by("id"))
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].changes == {"released_on": [None, today().isoformat()]}
    assert all(e.actor_id == officer.pk for e in entries)


# --- titles --------------------------------------------------------------------------------------------------


def test_title_names_are_unique_per_vendor_whatever_the_spelling(hromada_a, hromada_b, officer):
    services.save_title(Software(name="Мегаполіс.Документообіг", vendor="Мегаполіс", kind="edms"),
                        actor=officer, hromada=hromada_a)
    with pytest.raises(ValidationError) as twin:
        services.save_title(Software(name=" мегаполіс  документообіг", vendor="МЕГАПОЛІС", kind="edms"),
                            actor=officer, hromada=hromada_a)
    assert "name" in twin.value.message_dict
    services.save_title(Software(name="Мегаполіс.Документообіг", vendor="Інший", kind="edms"),
                        actor=officer, hromada=hromada_a)
    assert Software.objects.filter(hromada=hromada_a).count() == 2


def test_title_text_is_cleaned_and_a_minimum_version_must_be_readable(hromada_a, officer):
    title = services.save_title(Software(name="M.E.Doc\x0b", vendor="Мe\u200bДок", kind="accounting",
                                         minimum_version="v11.02"), actor=officer, hromada=hromada_a)
    assert (title.name, title.vendor, title.name_key) == ("M.E.Doc", "МеДок", "m e doc")
    with pytest.raises(ValidationError) as refused:
        services.save_title(Software(name="Windows", kind="os", minimum_version="22H2"), actor=officer,
                            hromada=hromada_a)
    assert "minimum_version" in refused.value.message_dict
    with pytest.raises(ValidationError) as long_name:
        services.save_title(Software(name="Я" * 201, kind="os"), actor=officer, hromada=hromada_a)
    assert "name" in long_name.value.message_dict


def test_a_title_in_use_cannot_be_deleted(hromada_a, officer, title):
    install(hromada_a, equipment(hromada_a), title)
    with pytest.raises(ValidationError):
        services.delete_title(title, actor=officer, hromada=hromada_a)
    assert Software.objects.filter(pk=title.pk).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()
    spare = software(hromada_a, name="Запасна")
    services.delete_title(spare, actor=officer, hromada=hromada_a)
    assert AuditEntry.objects.filter(action="delete", object_type="itassets.software").count() == 1


# --- installations -------------------------------------------------------------------------------------------


def test_installations_once_per_computer(hromada_a, officer, title):
    pc = equipment(hromada_a)
    services.save_installation(Installation(equipment=pc, software=title, version="16.0"), actor=officer,
                               hromada=hromada_a)
    with pytest.raises(ValidationError) as twice:
        services.save_installation(Installation(equipment=pc, software=title), actor=officer, hromada=hromada_a)
    assert "software" in twice.value.message_dict
    for bad, field in (({"version": "1" * 51}, "version"),
                       ({"installed_on": today() + timedelta(days=1)}, "installed_on")):
        with pytest.raises(ValidationError) as refused:
            services.save_installation(Installation(equipment=equipment(hromada_a), software=title, **bad),
                                       actor=officer, hromada=hromada_a)
        assert field in refused.value.message_dict
    assert Installation.objects.count() == 1


# --- the document and the form -------------------------------------------------------------------------------


def test_licence_document_pdf_or_image_only(hromada_a, officer, title):
    lic = licence(hromada_a, title)
    services.save_licence(lic, actor=officer, hromada=hromada_a, document=services.Document("договір.pdf", PDF))
    first = Licence.objects.get(pk=lic.pk).document.name
    assert first.endswith(".pdf")
    for name, data, text in (("virus.exe", b"MZ\x90\0", "не є документом PDF"),
                             ("scan.pdf", PNG, "не відповідає"),
                             ("empty.pdf", b"", "порожній"),
                             ("big.pdf", PDF + b"0" * services.MAX_DOCUMENT_BYTES, "більший")):
        with pytest.raises(ValidationError) as refused:
            services.save_licence(lic, actor=officer, hromada=hromada_a, document=services.Document(name, data))
        with translation.override("uk"):
            assert text in refused.value.message_dict["document"][0], name
    assert Licence.objects.get(pk=lic.pk).document.name == first
    services.save_licence(lic, actor=officer, hromada=hromada_a, document=services.Document("скан.png", PNG))
    assert Licence.objects.get(pk=lic.pk).document.name.endswith(".png")
    services.save_licence(Licence.objects.get(pk=lic.pk), actor=officer, hromada=hromada_a, drop_document=True)
    assert not Licence.objects.get(pk=lic.pk).document


def test_the_licence_form_reads_money_as_typed(hromada_a, title):
    for typed, cost in (("12 000,50", Decimal("12000.50")), ("12\u00a0000.5", Decimal("12000.50")),
                        ("0", Decimal("0"))):
        form = LicenceForm({"software": title.pk, "kind": "perpetual", "seats": "1 000", "cost": typed},
                           instance=Licence(hromada=hromada_a), hromada=hromada_a)
        assert form.is_valid(), form.errors
        assert (form.instance.cost, form.instance.seats) == (cost, 1000)
    for typed in ("12 00,5", "дванадцять", "-5", "1e9999"):
        form = LicenceForm({"software": title.pk, "kind": "perpetual", "cost": typed},
                           instance=Licence(hromada=hromada_a), hromada=hromada_a)
        assert not form.is_valid() and "cost" in form.errors, typed


# --- profiles ------------------------------------------------------------------------------------------------


def test_profiles_items_and_assignment(hromada_a, hromada_b, officer, title):
    profile = services.save_profile(SoftwareProfile(name="Бухгалтер", hardware="16 ГБ"), actor=officer,
                                    hromada=hromada_a)
    with pytest.raises(ValidationError):
        services.save_profile(SoftwareProfile(name="бухгалтер "), actor=officer, hromada=hromada_a)
    item = services.add_profile_item(profile, title, actor=officer, hromada=hromada_a, minimum_version="16.0")
    with pytest.raises(ValidationError):
        services.add_profile_item(profile, title, actor=officer, hromada=hromada_a)
    with pytest.raises(ValidationError):
        services.add_profile_item(profile, software(hromada_b), actor=officer, hromada=hromada_a)
    with pytest.raises(ValidationError):
        services.add_profile_item(profile, software(hromada_a, name="Y"), actor=officer, hromada=hromada_a,
                                  minimum_version="нова")
    pc = equipment(hromada_a)
    services.assign_profile(pc, profile, actor=officer, hromada=hromada_a)
    assert Equipment.objects.get(pk=pc.pk).profile_id == profile.pk
    entry = AuditEntry.objects.get(object_type="itassets.equipment", object_id=str(pc.pk))
    assert entry.changes == {"profile_id": [None, profile.pk]}
    with pytest.raises(ValidationError):
        services.assign_profile(equipment(hromada_a, category=Category.PRINTER), profile, actor=officer,
                                hromada=hromada_a)
    b_profile = SoftwareProfile.objects.create(hromada=hromada_b, name="Чужий")
    with pytest.raises(PermissionDenied):
        services.assign_profile(pc, b_profile, actor=officer, hromada=hromada_a)
    services.remove_profile_item(item, actor=officer, hromada=hromada_a)
    services.delete_profile(profile, actor=officer, hromada=hromada_a)
    assert Equipment.objects.get(pk=pc.pk).profile_id is None
