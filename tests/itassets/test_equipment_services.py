"""The writes of the equipment register: items (normalised inventory numbers, their rules, nothing changed on bad
input), check-out and check-in, status changes, the write-off with its act and its undoing, inventory rounds — each
audited, each refusing another hromada's records."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hromada.acts.models import Act
from hromada.acts.numbers import number_key
from hromada.core.models import AuditEntry
from hromada.itassets.equipment import services
from hromada.itassets.equipment.lifecycle import add_months
from hromada.itassets.models import Assignment, Category, Equipment, InventoryCheck, InventoryRound
from tests.factories import DepartmentFactory, InstitutionFactory, member

pytestmark = pytest.mark.django_db
S = Equipment.Status


@pytest.fixture
def manager(hromada_a):
    return member(hromada_a, "programme_manager", full_name="Ірина Менеджер")


def _item(hromada, actor, number="10140001", **fields):
    values = {"inventory_number": number, "category": Category.COMPUTER, "name": "Комп’ютер",
              "purchase_date": date(2024, 3, 1), "cost": Decimal("24000.50")}
    values.update(fields)
    return services.create_item(hromada, actor, **values)


def _act(hromada, number="214"):
    return Act.objects.create(hromada=hromada, number=number, number_key=number_key(number), date=date(2025, 10, 1),
                              type="executive_decision", status="adopted", title="Про списання основних засобів")


def _state(hromada):
    rows = list(Equipment.objects.filter(hromada=hromada).order_by("pk").values())
    return rows, list(Assignment.objects.order_by("pk").values()), AuditEntry.objects.count()


# --- items ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored"), [
    (" 1014 0001 ", "1014 0001"),
    ("ПK-0012", "ПК-0012"),  # a Latin K in a Cyrillic number
    ("pc-7", "РС-7"),  # letters alike in both alphabets are kept in Cyrillic
    ("РС-7", "РС-7"),
    ("101О0034", "10100034"),  # a letter O among digits is a zero
    ("12-a", "12-А"),
    ("INV\u200b–001", "INV-001"),  # an invisible space and an en dash pasted from Word
])
def test_inventory_numbers_are_normalised(hromada_a, manager, typed, stored):
    assert _item(hromada_a, manager, typed).inventory_number == stored


def test_an_inventory_number_is_unique_in_the_hromada_whatever_the_alphabet(hromada_a, hromada_b, manager):
    _item(hromada_a, manager, "РС-7", name="Перший")
    before = _state(hromada_a)
    with pytest.raises(ValidationError) as error:
        _item(hromada_a, manager, "pc-7")
    assert error.value.message_dict["inventory_number"] == [
        "У громади вже є обладнання з цим інвентарним номером: «Перший»."]
    assert _state(hromada_a) == before
    _item(hromada_b, member(hromada_b, "hromada_admin"), "РС-7")  # another hromada may have the same number


def test_the_derived_fields_are_kept(hromada_a, manager):
    item = _item(hromada_a, manager, name="Комп’ютер\x0bбухгалтера", manufacturer="Lenovo", model="M70s",
                 serial_number="mj0abc12", warranty_until=date(2027, 3, 1))
    assert item.name == "Комп'ютер бухгалтера"  # Word's line break is a space; one kind of apostrophe
    assert item.serial_number == "MJ0ABC12"
    assert item.end_of_life == date(2029, 3, 1) and item.next_check_due == date(2025, 3, 1)
    assert item.name_key == "10140001 компютер бухгалтера lenovo m 70 s mj 0 abc 12"
    entry = AuditEntry.objects.get(object_type="itassets.equipment", object_id=str(item.pk))
    assert entry.action == "create" and entry.actor == manager


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"purchase_date": date(2099, 1, 1)}, "purchase_date", "Дата придбання не може бути в майбутньому."),
    ({"warranty_until": date(2024, 2, 1)}, "warranty_until",
     "Гарантія не може закінчуватися раніше за дату придбання."),
    ({"name": "   "}, "name", "Зазначте назву обладнання."),
    ({"inventory_number": " "}, "inventory_number", "Зазначте інвентарний номер."),
    ({"inventory_number": "1" * 51}, "inventory_number", "Не більше ніж 50 символів."),
    ({"category": "toaster"}, "category", "Оберіть категорію зі списку."),
    ({"status": "written_off"}, "status", "Обладнання списують через списання — із причиною та датою."),
    ({"status": "lost"}, "status", "Оберіть стан зі списку."),
    ({"funding_source": "lottery"}, "funding_source", "Оберіть джерело фінансування зі списку."),
    ({"cost": Decimal("-1")}, "cost", "Вартість не може бути від’ємною."),
    ({"cost": Decimal("1000000000000")}, "cost", None),
    ({"useful_life_years": 0}, "useful_life_years", None),
])
def test_bad_input_changes_nothing(hromada_a, manager, fields, field, message):
    _item(hromada_a, manager, "10149999")
    before = _state(hromada_a)
    values = {"inventory_number": "10140002", **fields}
    with pytest.raises(ValidationError) as error:
        _item(hromada_a, manager, **values)
    assert field in error.value.message_dict
    if message:
        assert message in error.value.message_dict[field]
    assert _state(hromada_a) == before


def test_records_of_another_hromada_are_refused(hromada_a, hromada_b, manager):
    b_admin = member(hromada_b, "hromada_admin")
    foreign = {"institution": InstitutionFactory(hromada=hromada_b), "department": DepartmentFactory(hromada=hromada_b),
               "parent": _item(hromada_b, b_admin, "Б-1")}
    before = _state(hromada_a)
    for field, record in foreign.items():
        with pytest.raises(ValidationError) as error:
            _item(hromada_a, manager, **{field: record})
        assert list(error.value.message_dict) == [field]
    assert _state(hromada_a) == before
    item = _item(hromada_a, manager)
    with pytest.raises(PermissionDenied):
        services.update_item(item, b_admin, hromada=hromada_b, name="Чуже")
    item.hromada = hromada_b  # a caller that forgot the selector
    with pytest.raises(PermissionDenied):
        services.save_item(item, actor=b_admin, hromada=hromada_b)


def test_only_managers_write(hromada_a, manager):
    item = _item(hromada_a, manager)
    for role in ("department_head", "clerk", "council_secretary"):
        person = member(hromada_a, role)
        with pytest.raises(PermissionDenied):
            _item(hromada_a, person, "10140002")
        with pytest.raises(PermissionDenied):
            services.check_out(item, actor=person, hromada=hromada_a, on=date(2024, 3, 5), person_name="Хтось")
    admin = member(hromada_a, "hromada_admin")
    _item(hromada_a, admin, "10140002")


def test_a_component_cannot_contain_its_container(hromada_a, manager):
    pc = _item(hromada_a, manager, "1")
    monitor = _item(hromada_a, manager, "2", category=Category.MONITOR, parent=pc)
    with pytest.raises(ValidationError) as error:
        services.update_item(pc, manager, hromada=hromada_a, parent=monitor)
    assert error.value.message_dict["parent"] == ["Вибране обладнання саме входить до складу цього."]
    with pytest.raises(ValidationError):
        services.update_item(pc, manager, hromada=hromada_a, parent=pc)


# --- check-out and check-in -------------------------------------------------------------------------------


def test_check_out_and_in_keep_the_history_and_the_current_fields(hromada_a, manager):
    clerk = member(hromada_a, "clerk", full_name="Олена Діловод")
    school = InstitutionFactory(hromada=hromada_a, name="Школа")
    item = _item(hromada_a, manager, status=S.IN_STOCK)
    first = services.check_out(item, actor=manager, hromada=hromada_a, on=date(2024, 3, 5), user=clerk, room="12")
    item.refresh_from_db()
    assert (item.assigned_user, item.assigned_name, item.room, item.status) == (clerk, "Олена Діловод", "12",
                                                                                S.IN_USE)
    assert "олена діловод" in item.name_key
    with pytest.raises(ValidationError) as error:
        services.check_out(item, actor=manager, hromada=hromada_a, on=date(2024, 3, 6), person_name="Інший")
    assert error.value.messages == ["Обладнання вже видано (з 05.03.2024); спершу поверніть його."]
    with pytest.raises(ValidationError):
        services.check_in(item, actor=manager, hromada=hromada_a, on=date(2024, 3, 4))  # before the check-out
    services.check_in(item, actor=manager, hromada=hromada_a, on=date(2024, 6, 1), note="Звільнилася")
    item.refresh_from_db()
    assert (item.assigned_user, item.assigned_name, item.room, item.status) == (None, "", "", S.IN_STOCK)
    services.check_out(item, actor=manager, hromada=hromada_a, on=date(2024, 6, 1), person_name="Іван  Вчитель",
                       institution=school, room="Учительська")
    item.refresh_from_db()
    assert (item.assigned_name, item.institution, item.room) == ("Іван Вчитель", school, "Учительська")
    history = list(item.assignments.order_by("pk").values_list("person_name", "checked_out_on", "checked_in_on"))
    assert history == [("Олена Діловод", date(2024, 3, 5), date(2024, 6, 1)),
                       ("Іван Вчитель", date(2024, 6, 1), None)]
    first.refresh_from_db()
    assert first.note == "Звільнилася"
    entries = AuditEntry.objects.filter(object_type="itassets.equipment", object_id=str(item.pk))
    assert entries.count() == 4


def test_check_out_into_another_item(hromada_a, manager):
    server = _item(hromada_a, manager, "1", category=Category.SERVER)
    ups = _item(hromada_a, manager, "2", category=Category.POWER)
    services.check_out(ups, actor=manager, hromada=hromada_a, on=date(2024, 3, 2), parent=server)
    ups.refresh_from_db()
    assert ups.parent == server
    assert list(server.components.all()) == [ups]
    services.check_in(ups, actor=manager, hromada=hromada_a, on=date(2024, 3, 3))
    ups.refresh_from_db()
    assert ups.parent is None


@pytest.mark.parametrize(("kwargs", "field"), [
    ({}, "__all__"),
    ({"person_name": "Хтось", "on": date(2099, 1, 1)}, "checked_out_on"),
    ({"person_name": "Хтось", "on": date(2024, 2, 1)}, "checked_out_on"),  # before the purchase
    ({"person_name": "Х" * 151}, "person_name"),
])
def test_a_bad_check_out_changes_nothing(hromada_a, manager, kwargs, field):
    item = _item(hromada_a, manager)
    before = _state(hromada_a)
    kwargs = {"on": date(2024, 3, 5), **kwargs}
    with pytest.raises(ValidationError) as error:
        services.check_out(item, actor=manager, hromada=hromada_a, **kwargs)
    assert field in error.value.message_dict
    assert _state(hromada_a) == before


def test_check_out_to_another_hromada_is_refused(hromada_a, hromada_b, manager):
    item = _item(hromada_a, manager)
    stranger = member(hromada_b, "clerk")
    before = _state(hromada_a)
    for kwargs, field in (({"user": stranger}, "user"), ({"institution": InstitutionFactory(hromada=hromada_b)},
                                                         "institution")):
        with pytest.raises(ValidationError) as error:
            services.check_out(item, actor=manager, hromada=hromada_a, on=date(2024, 3, 5), **kwargs)
        assert field in error.value.message_dict
    assert _state(hromada_a) == before


def test_check_in_of_an_item_not_out_is_refused(hromada_a, manager):
    item = _item(hromada_a, manager)
    with pytest.raises(ValidationError, match="Обладнання не видано"):
        services.check_in(item, actor=manager, hromada=hromada_a, on=date(2024, 3, 5))


# --- status and write-off ---------------------------------------------------------------------------------


def test_status_changes(hromada_a, manager):
    item = _item(hromada_a, manager)
    services.change_status(item, actor=manager, hromada=hromada_a, status=S.IN_REPAIR, note="Сервісний центр")
    item.refresh_from_db()
    assert item.status == S.IN_REPAIR
    entry = AuditEntry.objects.filter(object_id=str(item.pk)).latest("id")
    assert entry.changes == {"status": ["in_use", "in_repair"], "reason": [None, "Сервісний центр"]}
    with pytest.raises(ValidationError):
        services.change_status(item, actor=manager, hromada=hromada_a, status=S.WRITTEN_OFF)


def test_write_off_with_the_act_and_its_undoing(hromada_a, hromada_b, manager):
    item = _item(hromada_a, manager)
    services.check_out(item, actor=manager, hromada=hromada_a, on=date(2024, 3, 5), person_name="Бухгалтер")
    before = _state(hromada_a)
    foreign = _act(hromada_b)
    with pytest.raises(ValidationError) as error:
        services.write_off(item, actor=manager, hromada=hromada_a, on=date(2025, 10, 2), reason="Знос", act=foreign)
    assert error.value.message_dict == {"act": ["Оберіть акт з реєстру цієї громади."]}
    with pytest.raises(ValidationError) as error:
        services.write_off(item, actor=manager, hromada=hromada_a, on=date(2025, 10, 2), reason="  ")
    assert error.value.message_dict == {"reason": ["Зазначте причину списання."]}
    with pytest.raises(ValidationError):
        services.write_off(item, actor=manager, hromada=hromada_a, on=date(2099, 1, 1), reason="Знос")
    assert _state(hromada_a) == before
    act = _act(hromada_a)
    services.write_off(item, actor=manager, hromada=hromada_a, on=date(2025, 10, 2), reason="Знос", act=act)
    item.refresh_from_db()
    assert (item.status, item.written_off_on, item.write_off_reason, item.write_off_act) == (
        S.WRITTEN_OFF, date(2025, 10, 2), "Знос", act)
    assert item.assigned_name == "" and item.assignments.get().checked_in_on == date(2025, 10, 2)
    with pytest.raises(ValidationError, match="не можна видати"):
        services.check_out(item, actor=manager, hromada=hromada_a, on=date(2025, 10, 3), person_name="Хтось")
    with pytest.raises(ValidationError):
        services.update_item(item, manager, hromada=hromada_a, status=S.IN_USE)
    with pytest.raises(ValidationError):
        services.change_status(item, actor=manager, hromada=hromada_a, status=S.IN_USE)
    with pytest.raises(ValidationError, match="вже списане"):
        services.write_off(item, actor=manager, hromada=hromada_a, on=date(2025, 10, 2), reason="Знову")
    with pytest.raises(PermissionDenied):
        services.undo_write_off(item, actor=member(hromada_a, "department_head"), hromada=hromada_a, reason="Помилка")
    with pytest.raises(ValidationError):
        services.undo_write_off(item, actor=manager, hromada=hromada_a, reason="")
    services.undo_write_off(item, actor=manager, hromada=hromada_a, reason="Списано помилково")
    item.refresh_from_db()
    assert (item.status, item.written_off_on, item.write_off_reason, item.write_off_act) == (S.IN_STOCK, None, "",
                                                                                             None)
    entry = AuditEntry.objects.filter(object_id=str(item.pk)).latest("id")
    assert entry.changes["reason"] == [None, "Списано помилково"]
    assert entry.changes["write_off_reason"] == ["Знос", ""]


# --- inventory rounds -------------------------------------------------------------------------------------


@pytest.fixture
def school_items(hromada_a, manager):
    school = InstitutionFactory(hromada=hromada_a, name="Школа")
    items = [_item(hromada_a, manager, f"Ш-{n}", institution=school, room="Клас" if n < 3 else "Бібліотека")
             for n in range(5)]
    _item(hromada_a, manager, "Р-1")  # the council's: not expected at the school
    gone = _item(hromada_a, manager, "Ш-9", institution=school)
    services.write_off(gone, actor=manager, hromada=hromada_a, on=date(2025, 1, 1), reason="Знос")
    return school, items


def test_an_inventory_round(hromada_a, manager, school_items):
    school, items = school_items
    today = timezone.localdate()
    round_ = services.open_round(hromada_a, actor=manager, title="Інвентаризація школи", institution=school,
                                 started_on=today - timedelta(days=2))
    assert set(services.expected_items(round_)) == set(items)
    services.record_check(round_, items[0], actor=manager, hromada=hromada_a, result="found")
    with pytest.raises(ValidationError) as error:
        services.record_check(round_, items[1], actor=manager, hromada=hromada_a, result="moved")
    assert error.value.message_dict == {"found_location": ["Зазначте, де виявлено обладнання."]}
    services.record_check(round_, items[1], actor=manager, hromada=hromada_a, result="moved",
                          found_location="Учительська")
    services.record_check(round_, items[2], actor=manager, hromada=hromada_a, result="damaged", note="Тріщина")
    services.record_check(round_, items[2], actor=manager, hromada=hromada_a, result="found")  # corrected
    stray = Equipment.objects.get(inventory_number="Р-1")
    services.record_check(round_, stray, actor=manager, hromada=hromada_a, result="found", note="Був у школі")
    counts = services.close_round(round_, actor=manager, hromada=hromada_a, on=today)
    assert counts == {"found": 3, "moved": 1, "damaged": 0, "missing": 2}
    round_.refresh_from_db()
    assert (round_.status, round_.closed_on) == (InventoryRound.Status.CLOSED, today)
    missing = set(round_.checks.filter(result="missing").values_list("equipment__inventory_number", flat=True))
    assert missing == {"Ш-3", "Ш-4"}
    for item in Equipment.objects.filter(inventory_number__in=["Ш-0", "Ш-1", "Ш-2", "Р-1"]):
        assert item.last_checked_on == today
        assert item.next_check_due == add_months(today, 12)
    assert not Equipment.objects.filter(inventory_number__in=["Ш-3", "Ш-4"], last_checked_on__isnull=False).exists()
    with pytest.raises(ValidationError, match="завершено"):
        services.close_round(round_, actor=manager, hromada=hromada_a, on=today)
    with pytest.raises(ValidationError, match="завершено"):
        services.record_check(round_, items[3], actor=manager, hromada=hromada_a, result="found")
    assert InventoryCheck.objects.filter(round=round_).count() == 6


def test_a_round_of_a_room_and_bad_input(hromada_a, hromada_b, manager, school_items):
    school, items = school_items
    today = timezone.localdate()
    round_ = services.open_round(hromada_a, actor=manager, title="Клас", institution=school, room="клас",
                                 started_on=today)
    assert set(services.expected_items(round_)) == set(items[:3])
    with pytest.raises(ValidationError):
        services.close_round(round_, actor=manager, hromada=hromada_a, on=today - timedelta(days=1))
    for kwargs in ({"title": ""}, {"started_on": today + timedelta(days=1)},
                   {"institution": InstitutionFactory(hromada=hromada_b)}):
        with pytest.raises(ValidationError):
            services.open_round(hromada_a, actor=manager, **{"title": "Т", "started_on": today, **kwargs})
    gone = Equipment.objects.get(inventory_number="Ш-9")
    with pytest.raises(ValidationError):
        services.record_check(round_, gone, actor=manager, hromada=hromada_a, result="found")
    b_item = _item(hromada_b, member(hromada_b, "hromada_admin"), "Б-1")
    with pytest.raises(PermissionDenied):
        services.record_check(round_, b_item, actor=manager, hromada=hromada_a, result="found")
    assert InventoryRound.objects.count() == 1 and not InventoryCheck.objects.exists()


def test_bought_under_a_task_of_this_hromadas_programme_only(hromada_a, hromada_b, manager):
    from tests.programmes.builders import draft_programme

    ours = draft_programme(hromada_a, manager, tasks_per_unit=1, units=1).tasks.first()
    theirs = draft_programme(hromada_b, member(hromada_b, "programme_manager"), tasks_per_unit=1, units=1).tasks.first()
    assert _item(hromada_a, manager, "1", programme_task=ours).programme_task == ours
    before = _state(hromada_a)
    with pytest.raises(ValidationError) as error:
        _item(hromada_a, manager, "2", programme_task=theirs)
    assert error.value.message_dict == {"programme_task": ["Оберіть завдання програми цієї громади."]}
    assert _state(hromada_a) == before
