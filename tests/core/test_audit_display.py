"""The audit log and record histories in the clerk's language (hromada.core.audit_display)."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from hromada.core import audit, audit_display, import_flow
from hromada.core.models import AuditEntry
from hromada.registers import services
from hromada.registers.models import Building, Resident, Street
from tests.acts.builders import act
from tests.factories import SettlementFactory, member
from tests.registers.identifiers import rnokpp_for

pytestmark = pytest.mark.django_db

HEADER = "прізвище;ім'я;по батькові;дата народження;стать;населений пункт;вулиця;будинок"
ROWS = ["Шевченко;Тарас;Григорович;09.03.1990;ч;Могилів;вул. Шевченка;12а",
        "Кур’ята;Олена;Іванівна;1985-07-01;ж;Могилів;вулиця Шевченка;12-А"]


@pytest.fixture(autouse=True)
def ukrainian():
    with translation.override("uk"):
        yield


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def admin(hromada_a):
    return member(hromada_a, "hromada_admin", full_name="Оксана Коваль", email="oksana@example.org")


@pytest.fixture
def admin_client(client_a, admin, hromada_a):
    SettlementFactory(hromada=hromada_a, name="Могилів")
    client_a.force_login(admin)
    return client_a


@pytest.fixture
def house(hromada_a, admin):
    settlement = SettlementFactory(hromada=hromada_a, name="Бар")
    street = services.save_street(Street(settlement=settlement, kind="vulytsia", name="Шевченка"), actor=admin,
                                  hromada=hromada_a)
    return services.save_building(Building(street=street, number="12а"), actor=admin, hromada=hromada_a)


def make_resident(hromada, actor, house, **fields):
    values = {"last_name": "Шевченко", "first_name": "Тарас", "patronymic": "Григорович",
              "birth_date": date(1990, 3, 9), "sex": "m", "building": house} | fields
    return services.save_resident(Resident(**values), actor=actor, hromada=hromada)


def lines_of(hromada, viewer, **filters):
    entries = AuditEntry.objects.filter(hromada=hromada, **filters).select_related("actor").order_by("id")
    return audit_display.present(entries, viewer)


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def import_residents(client, name="жителі.csv") -> str:
    content = ("\r\n".join([HEADER, *ROWS]) + "\r\n").encode("utf-8")
    response = client.post(reverse("registers:import-upload"),
                           {"kind": "residents", "file": SimpleUploadedFile(name, content)})
    ident = uuid.UUID(response["Location"].rstrip("/").split("/")[-1]).hex
    client.post(reverse("registers:import-check", args=[uuid.UUID(ident)]))
    response = client.post(reverse("registers:import-confirm", args=[uuid.UUID(ident), "all"]))
    assert response["Location"] == reverse("registers:import-result", args=[uuid.UUID(ident)])
    return ident


# --- names of record types ------------------------------------------------------------------------------


def test_record_types_are_named_by_their_models_in_ukrainian():
    assert audit_display.type_name("registers.resident") == "мешканець"
    assert audit_display.type_genitive("registers.resident") == "мешканця"
    assert audit_display.type_genitive("registers.landplot") == "земельної ділянки"
    assert audit_display.type_genitive("registers.propertyobject") == "об’єкта комунального майна"
    assert audit_display.type_genitive("acts.act") == "акта"
    assert audit_display.type_genitive("core.user") == "облікового запису"
    assert audit_display.type_genitive("programmes.strategy") == "ІТ-стратегії"
    assert audit_display.type_name("import.residents") == "імпорт мешканців"
    assert audit_display.type_genitive("import.land") == "імпорту земельних ділянок"
    assert audit_display.type_genitive("registers.demo") == "демонстраційних даних реєстрів"
    assert audit_display.type_genitive("nothing.known") == "nothing.known"


# --- actions, people, changes ---------------------------------------------------------------------------


def test_a_card_view_reads_as_a_sentence_with_the_person_and_role(hromada_a, admin, house):
    resident = make_resident(hromada_a, admin, house)
    services.log_resident_view(resident, actor=admin, hromada=hromada_a)
    created, viewed = lines_of(hromada_a, admin, object_type="registers.resident")
    assert created.sentence == "Оксана Коваль створив(ла) запис мешканця Шевченко Т. Г."
    assert viewed.sentence == "Оксана Коваль переглянув(ла) картку мешканця Шевченко Т. Г."
    assert (viewed.who, viewed.role, viewed.short, viewed.changes) == (
        "Оксана Коваль", "адміністратор громади", "переглянув(ла) картку", [])


def test_a_masked_card_view_says_so(hromada_a, admin, house):
    resident = make_resident(hromada_a, admin, house)
    services.log_resident_view(resident, actor=admin, hromada=hromada_a, what="masked card")
    line = lines_of(hromada_a, admin, action="view")[0]
    assert line.phrase == "переглянув(ла) картку мешканця Шевченко Т. Г. з прихованими даними"


def test_choices_are_shown_by_their_labels(hromada_a):
    secretary = member(hromada_a, "council_secretary", full_name="Ольга Секретарка")
    item = act(hromada_a, secretary, number="154-12/VIII", status="working", title="Про бюджет")
    audit.record(AuditEntry.Action.UPDATE, item, actor=secretary, changes={"status": ["working", "adopted"]})
    line = lines_of(hromada_a, secretary, action="update")[0]
    assert line.sentence == "Ольга Секретарка змінив(ла) запис акта " + str(item)
    assert [str(change) for change in line.changes] == ["Статус: робоча чернетка, не оприлюднюється → прийнято"]


def test_foreign_keys_dates_and_numbers_are_shown_in_words(hromada_a, admin, house):
    resident = make_resident(hromada_a, admin, house)
    other = services.save_building(Building(street=house.street, number="14"), actor=admin, hromada=hromada_a)
    resident.building = other
    resident.birth_date = date(1991, 7, 6)
    resident.status = Resident.Status.LEFT
    services.save_resident(resident, actor=admin, hromada=hromada_a)
    line = lines_of(hromada_a, admin, object_type="registers.resident", action="update")[0]
    assert [str(change) for change in line.changes] == [
        "Дата народження: 9 березня 1990 р. → 6 липня 1991 р.",
        "Будинок: вул. Шевченка, 12-А → вул. Шевченка, 14",
        "Статус: зареєстрований → вибув",
    ]


def test_booleans_deleted_references_and_roles_granted(hromada_a, admin, house):
    clerk = member(hromada_a, "clerk", full_name="Петро Іваненко")
    audit.record(AuditEntry.Action.UPDATE, clerk, actor=admin, hromada=hromada_a,
                 changes={"is_active": [True, False]})
    audit.record(AuditEntry.Action.PERMISSION, clerk, actor=admin, hromada=hromada_a,
                 changes={"granted": [None, "programme_manager"]})
    street = house.street
    audit.record(AuditEntry.Action.UPDATE, house, actor=admin, changes={"street_id": [street.pk + 1000, street.pk]})
    active, granted = lines_of(hromada_a, admin, object_type="core.user")
    assert [str(change) for change in active.changes] == ["Активний: так → ні"]
    assert granted.phrase == "змінив(ла) права доступу облікового запису Петро Іваненко"
    assert [str(change) for change in granted.changes] == ["Надано: менеджер програми інформатизації"]
    moved = lines_of(hromada_a, admin, object_type="registers.building", action="update")[0]
    assert [str(change) for change in moved.changes] == [f"Вулиця: № {street.pk + 1000} (вже немає) → вул. Шевченка"]


def test_entries_without_a_person_and_sign_ins(hromada_a, admin):
    audit.record(AuditEntry.Action.LOGIN, admin, actor=admin, hromada=hromada_a)
    audit.record(AuditEntry.Action.LOGIN_FAILED, object_type="core.user", object_repr="хтось@example.org",
                 hromada=hromada_a)
    audit.record(AuditEntry.Action.SYSTEM, hromada=hromada_a, object_type="registers.demo", object_repr="seed-demo")
    login, failed, demo = lines_of(hromada_a, admin)
    assert login.sentence == "Оксана Коваль увійшов(ла) до системи"
    assert failed.sentence == "Система (без користувача): невдала спроба входу як хтось@example.org"
    assert demo.phrase == "завантажив(ла) набір демонстраційних даних реєстрів"


# --- masking per role -----------------------------------------------------------------------------------


def test_personal_data_in_changes_is_masked_as_the_card_masks_it(hromada_a, admin, house):
    resident = make_resident(hromada_a, admin, house)
    resident.rnokpp = rnokpp_for(date(1990, 3, 10), "m")
    resident.phone = "+380671234567"
    resident.birth_date = date(1990, 3, 10)
    resident.apartment = "5"
    services.save_resident(resident, actor=admin, hromada=hromada_a)
    clerk = member(hromada_a, "clerk")
    (for_clerk,) = [line for line in lines_of(hromada_a, clerk, action="update")]
    assert [str(change) for change in for_clerk.changes] == [
        "Дата народження: 1990 → 1990", "РНОКПП: •••", "Квартира: 5", "Телефон: •••"]
    (for_admin,) = [line for line in lines_of(hromada_a, admin, action="update")]
    assert [str(change) for change in for_admin.changes] == [
        "Дата народження: 9 березня 1990 р. → 10 березня 1990 р.", f"РНОКПП: {resident.rnokpp}", "Квартира: 5",
        "Телефон: +380671234567"]


# --- the pages ------------------------------------------------------------------------------------------


def test_the_audit_page_reads_in_words_with_a_bounded_number_of_queries(admin_client, hromada_a, admin, house):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get("/staff/audit/").status_code == 200
        return len(captured.captured_queries)

    def busy_day(start: int, count: int) -> None:
        for n in range(start, start + count):
            resident = make_resident(hromada_a, admin, house, first_name=f"Тарас{n}")
            resident.building = services.save_building(Building(street=house.street, number=str(20 + n)),
                                                       actor=admin, hromada=hromada_a)
            services.save_resident(resident, actor=admin, hromada=hromada_a)
            services.log_resident_view(resident, actor=admin, hromada=hromada_a)
            member(hromada_a, "clerk")

    busy_day(0, 15)
    assert AuditEntry.objects.filter(hromada=hromada_a).count() > 50  # a full page
    full_page = queries()
    busy_day(15, 35)
    assert AuditEntry.objects.filter(hromada=hromada_a).count() > 200
    # The same whatever the number of entries: session and user, the hromada, count and page, the actors' roles,
    # one per model the changes name by foreign key, the viewer's roles.
    assert queries() == full_page <= 12
    page = text(admin_client.get("/staff/audit/"))
    assert "Оксана Коваль" in page and "адміністратор громади" in page
    assert "Переглянув(ла) картку мешканця Шевченко Т. Г." in page
    assert "Будинок: — → вул. Шевченка, 12-А" not in page  # the first value is said only when there was one
    assert "Будинок: вул. Шевченка, 12-А → вул. Шевченка, 69" in page
    assert "registers.resident" not in page


def test_the_csv_export_has_readable_columns_beside_the_raw_ones(admin_client, hromada_a, admin, house):
    make_resident(hromada_a, admin, house)
    export = admin_client.get("/staff/audit/export.csv", {"object_type": "resident"})
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-2:] == ["що виконано", "зміни словами"]
    (row,) = rows[1:]
    assert row[3] == "registers.resident"
    assert row[-2] == "Оксана Коваль створив(ла) запис мешканця Шевченко Т. Г."
    assert row[-1] == ("Прізвище: Шевченко; Ім’я: Тарас; По батькові: Григорович; Дата народження: 9 березня 1990 р.; "
                       "Стать: чоловіча; Будинок: вул. Шевченка, 12-А; Статус: зареєстрований")


def test_the_who_filter_finds_people_by_name(admin_client, hromada_a, admin, house):
    page = admin_client.get("/staff/audit/", {"who": "Коваль"})
    assert page.context["page"].paginator.count == AuditEntry.objects.filter(hromada=hromada_a, actor=admin).count() > 0
    assert admin_client.get("/staff/audit/", {"who": "Ковальчук"}).context["page"].paginator.count == 0


def test_the_type_filter_understands_ukrainian_names(admin_client, hromada_a, admin, house):
    make_resident(hromada_a, admin, house)
    import_residents(admin_client)
    assert audit_display.types_matching("мешкан") == ["accounts.membership", "import.residents", "registers.resident"]
    found = admin_client.get("/staff/audit/", {"object_type": "мешканець"}).context["page"].object_list
    assert [entry.object_type for entry in found] == ["registers.resident"]
    found = admin_client.get("/staff/audit/", {"object_type": "імпорт мешканців"}).context["page"].object_list
    assert [entry.object_type for entry in found] == ["import.residents"]
    found = admin_client.get("/staff/audit/", {"object_type": "registers.building"}).context["page"].object_list
    assert [entry.object_type for entry in found] == ["registers.building"]


def test_an_import_reads_as_one_line_linking_to_its_report(admin_client, hromada_a, admin):
    ident = import_residents(admin_client)
    entry = AuditEntry.objects.get(object_type="import.residents")
    assert (entry.object_id, entry.object_repr) == (ident, "жителі.csv")
    assert (entry.changes["import_id"], entry.changes["folder"], entry.changes["name"]) == (ident, "", "жителі.csv")
    report = reverse("registers:import-result", args=[uuid.UUID(ident)])
    page = text(admin_client.get("/staff/audit/"))
    assert "Імпорт мешканців з файлу жителі.csv: створено 2, оновлено 0" in page
    assert f'<a href="{report}">звіт імпорту</a>' in page
    assert text(admin_client.get(report))  # the link opens the report

    # Once the import's state is purged, the line stays, without a link.
    import_flow.Upload(hromada_a.pk, ident).state_path.unlink()
    page = text(admin_client.get("/staff/audit/"))
    assert "Імпорт мешканців з файлу жителі.csv: створено 2, оновлено 0" in page and report not in page


def test_an_import_logged_before_the_import_id_was_stored_still_finds_its_report(hromada_a, admin, data_dir):
    ident = uuid.uuid4().hex
    upload = import_flow.Upload(hromada_a.pk, ident, "acts")
    upload.dir.mkdir(parents=True)
    upload.state_path.write_text(json.dumps({"id": ident, "hromada": hromada_a.pk, "kind": "acts",
                                             "status": "done", "filename": "акти.jsonl"}), encoding="utf-8")
    # What the engine logged then: the stored copy's name (the upload's id), no import id, no start.
    audit.record(AuditEntry.Action.SYSTEM, hromada=hromada_a, actor=admin, object_type="import.acts", object_id="",
                 object_repr=ident, changes={"file": ident, "rows": 3, "created": 3, "updated": 0})
    (line,) = lines_of(hromada_a, admin, object_type="import.acts")
    assert line.phrase == "Імпорт актів з файлу акти.jsonl: створено 3, оновлено 0"
    assert line.link == reverse("acts:import-result", args=[uuid.UUID(ident)])
    upload.state_path.unlink()
    (line,) = lines_of(hromada_a, admin, object_type="import.acts")
    assert (line.phrase, line.link) == ("Імпорт актів з файлу (назва не збереглася): створено 3, оновлено 0", "")


def test_a_resident_created_by_an_import_says_so_in_its_history(admin_client, hromada_a, admin, house):
    import_residents(admin_client)
    imported = Resident.objects.get(last_name="Шевченко", building__street__settlement__name="Могилів")
    imported.apartment = "7"
    services.save_resident(imported, actor=admin, hromada=hromada_a)
    by_hand = make_resident(hromada_a, admin, house, first_name="Іван")

    lines = audit_display.history(imported, admin)
    assert [line.short for line in lines] == ["змінив(ла) запис", "створено імпортом з файлу жителі.csv"]
    assert (lines[-1].who, lines[-1].at) == ("Оксана Коваль", AuditEntry.objects.get(object_type="import.residents").at)
    assert [line.short for line in audit_display.history(by_hand, admin)] == ["створив(ла) запис"]

    page = text(admin_client.get(reverse("registers:residents-detail", args=[imported.pk])))
    assert "Створено імпортом з файлу жителі.csv" in page
    # A street the import made on the way is the import's too.
    street = Street.objects.get(settlement__name="Могилів")
    assert audit_display.history(street, admin)[-1].short == "створено імпортом з файлу жителі.csv"


def test_a_record_made_before_an_import_is_not_credited_to_it(admin_client, hromada_a, admin, house):
    Resident.objects.create(hromada=hromada_a, last_name="Без", first_name="Запису", birth_date=date(1980, 1, 1),
                            sex="m")  # made outside the services: no entry of its own
    import_residents(admin_client)
    assert audit_display.history(Resident.objects.get(last_name="Без"), admin) == []


def test_histories_on_record_pages_read_in_words(admin_client, hromada_a, admin, house):
    page = text(admin_client.get(reverse("registers:buildings-detail", args=[house.pk])))
    assert "Створив(ла) запис" in page and "Оксана Коваль" in page and "Номер: 12-А" in page


def test_the_chain_still_verifies_after_the_new_entries(admin_client, hromada_a, admin, house, capsys):
    import_residents(admin_client)
    make_resident(hromada_a, admin, house, first_name="Іван")
    admin_client.get("/staff/audit/")
    admin_client.get("/staff/audit/export.csv")
    assert audit.verify_chain().ok
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out
