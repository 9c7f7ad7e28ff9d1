"""The staff pages of software and licences: who may see and do what, another hromada's records, bad input,
exports, the licence document and the section on the equipment item's page."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hromada.core.models import AuditEntry
from hromada.itassets.models import (
    Installation,
    Licence,
    Seat,
    Software,
    SoftwareProfile,
    SoftwareProfileItem,
)
from tests.factories import member
from tests.itassets.software_world import build, equipment, install, software

pytestmark = pytest.mark.django_db
MARKER = "ЛИШЕБ"
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def world(hromada_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"
    return build(hromada_a)


def reads(ids) -> list[str]:
    r = lambda name, *args: reverse(f"itassets-staff:{name}", args=args)  # noqa: E731
    return [r("software-list"), r("software-list") + "?export=csv", r("software-detail", ids["software_pk"]),
            r("software-compliance"), r("software-compliance") + "?export=xlsx", r("software-computers"),
            r("software-computer", ids["equipment_pk"]), r("licence-list"), r("licence-list") + "?export=xlsx",
            r("licence-detail", ids["licence_pk"]), r("licence-document", ids["licence_pk"]), r("profile-list"),
            r("profile-detail", ids["profile_pk"])]


def manages(ids) -> list[str]:
    r = lambda name, *args: reverse(f"itassets-staff:{name}", args=args)  # noqa: E731
    return [r("software-create"), r("software-edit", ids["software_pk"]), r("software-delete", ids["software_pk"]),
            r("software-installation-edit", ids["installation_pk"]),
            r("software-installation-delete", ids["installation_pk"]), r("software-import"), r("licence-create"),
            r("licence-edit", ids["licence_pk"]), r("licence-delete", ids["licence_pk"]),
            r("licence-seats-fill", ids["licence_pk"]), r("licence-seat-release", ids["seat_pk"]),
            r("profile-create"), r("profile-edit", ids["profile_pk"]), r("profile-delete", ids["profile_pk"]),
            r("profile-item-remove", ids["profile_item_pk"])]


def posts(ids) -> list[str]:
    r = lambda name, *args: reverse(f"itassets-staff:{name}", args=args)  # noqa: E731
    return [r("software-installation-add", ids["equipment_pk"]), r("software-computer-profile", ids["equipment_pk"]),
            r("licence-seat-assign", ids["licence_pk"]), r("profile-item-add", ids["profile_pk"])]


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


# --- who may do what -------------------------------------------------------------------------------------------


def test_anonymous_goes_to_sign_in(client_a, world):
    for url in reads(world) + manages(world):
        response = client_a.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


@pytest.mark.parametrize("role", ["clerk", "cnap_admin", "council_secretary", "hotline_operator"])
def test_staff_without_the_register_see_nothing(client_a, hromada_a, world, role):
    client_a.force_login(member(hromada_a, role))
    for url in reads(world) + manages(world):
        assert client_a.get(url).status_code == 403, url
    for url in posts(world):
        assert client_a.post(url, {}).status_code == 403, url


def test_a_department_head_reads_but_changes_nothing(client_a, hromada_a, world):
    client_a.force_login(member(hromada_a, "department_head"))
    for url in reads(world):
        assert client_a.get(url).status_code == 200, url
    for url in manages(world):
        assert client_a.get(url).status_code == 403, url
        assert client_a.post(url, {}).status_code == 403, url
    for url in posts(world):
        assert client_a.post(url, {}).status_code == 403, url
    page = body(client_a.get(reverse("itassets-staff:licence-detail", args=[world["licence_pk"]])))
    assert "Надати місце" not in page and reverse("itassets-staff:licence-edit", args=[world["licence_pk"]]) not in page


@pytest.mark.parametrize("role", ["programme_manager", "hromada_admin"])
def test_managers_open_every_page(client_a, hromada_a, world, role):
    client_a.force_login(member(hromada_a, role))
    for url in reads(world) + manages(world):
        response = client_a.get(url)
        assert response.status_code == 200, (url, response.status_code)


# --- another hromada ----------------------------------------------------------------------------------------------


def test_another_hromadas_records_are_404_and_untouched(client_a, hromada_a, hromada_b, world, settings):
    theirs = build(hromada_b, MARKER)
    client_a.force_login(member(hromada_a, "hromada_admin"))
    state = lambda: (list(Licence.objects.filter(hromada=hromada_b).values()),  # noqa: E731
                     list(Seat.objects.filter(hromada=hromada_b).values()),
                     list(Installation.objects.filter(hromada=hromada_b).values()),
                     list(Software.objects.filter(hromada=hromada_b).values()),
                     list(SoftwareProfile.objects.filter(hromada=hromada_b).values()),
                     list(SoftwareProfileItem.objects.filter(profile__hromada=hromada_b).values()))
    before = state()
    audit_before = AuditEntry.objects.filter(hromada=hromada_b).count()
    object_urls = [url for url in reads(theirs) + manages(theirs) + posts(theirs) if any(
        str(theirs[key]) in url for key in theirs)]
    assert len(object_urls) == 20
    for url in object_urls:
        for method in ("get", "post"):
            response = getattr(client_a, method)(url, {"software": theirs["software_pk"], "seats": "1",
                                                        "kind": "perpetual", "holder": "computer",
                                                        "inventory_number": "x", "name": "ЗЛАМ"})
            assert response.status_code in (404, 405), (method, url, response.status_code)
            assert MARKER not in body(response)
    for url in [*reads(world), f"{reverse('itassets-staff:software-compliance')}?software={theirs['software_pk']}"]:
        assert MARKER not in body(client_a.get(url)), url
    # A's forms refuse B's records named in them.
    response = client_a.post(reverse("itassets-staff:licence-create"), {"software": theirs["software_pk"],
                                                                       "kind": "perpetual"})
    assert response.status_code == 400
    response = client_a.post(reverse("itassets-staff:software-installation-add", args=[world["equipment_pk"]]),
                             {"software": theirs["software_pk"]})
    assert response.status_code == 400
    assert state() == before
    assert AuditEntry.objects.filter(hromada=hromada_b).count() == audit_before


# --- doing things through the pages -----------------------------------------------------------------------------


@pytest.fixture
def manager_client(client_a, hromada_a):
    client_a.force_login(member(hromada_a, "programme_manager"))
    return client_a


def test_create_a_licence_with_money_as_typed_and_a_document(manager_client, hromada_a, world):
    response = manager_client.post(reverse("itassets-staff:licence-create"), {
        "software": world["software_pk"], "kind": "subscription", "seats": "25", "cost": "12 000,50",
        "starts_on": "2026-01-01", "expires_on": "2026-12-31", "contract": "Договір № 5",
        "document": SimpleUploadedFile("договір.pdf", PDF)})
    lic = Licence.objects.get(contract="Договір № 5")
    assert response["Location"] == reverse("itassets-staff:licence-detail", args=[lic.pk])
    assert (str(lic.cost), lic.seats, bool(lic.document)) == ("12000.50", 25, True)
    download = manager_client.get(reverse("itassets-staff:licence-document", args=[lic.pk]))
    assert (download.status_code, download["Content-Type"], body(download)) == (200, "application/pdf", PDF.decode())
    assert download["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(("fields", "field"), [
    ({"seats": "0"}, "seats"),
    ({"seats": "п'ять"}, "seats"),
    ({"cost": "∞"}, "cost"),
    ({"cost": "-5"}, "cost"),
    ({"expires_on": "2026-02-31"}, "expires_on"),
    ({"starts_on": "2026-03-01", "expires_on": "2026-02-01"}, "expires_on"),
    ({"kind": "subscription"}, "expires_on"),
    ({"kind": "крадена"}, "kind"),
    ({"software": "99999999999999999999"}, "software"),
    ({"supplier": "ТОВ\x00«Нуль»"}, "supplier"),
    ({"contract": "x" * 201}, "contract"),
    ({"document": "not a file"}, None),
])
def test_bad_licence_input_is_a_clear_400_and_nothing_changes(manager_client, hromada_a, world, fields, field):
    data = {"software": world["software_pk"], "kind": "perpetual"} | fields
    before = Licence.objects.count()
    response = manager_client.post(reverse("itassets-staff:licence-create"), data)
    if field is None:
        assert response.status_code in (302, 400)
        return
    assert response.status_code == 400, field
    assert "error-summary" in body(response)
    assert field in response.context["form"].errors
    assert Licence.objects.count() == before


@pytest.mark.parametrize(("name", "data"), [
    ("virus.pdf", b"MZ\x90\x00"), ("scan.png", PDF), ("empty.pdf", b"")])
def test_a_bad_document_is_refused(manager_client, world, name, data):
    response = manager_client.post(reverse("itassets-staff:licence-edit", args=[world["licence_pk"]]), {
        "software": world["software_pk"], "kind": "perpetual", "seats": "3", "expires_on": "2030-01-01",
        "document": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    assert "document" in response.context["form"].errors


def test_assign_and_release_a_seat_through_the_pages(manager_client, hromada_a, world):
    pc = equipment(hromada_a, inventory_number="ІНВ-42")
    url = reverse("itassets-staff:licence-seat-assign", args=[world["licence_pk"]])
    response = manager_client.post(url, {"holder": "computer", "inventory_number": "інв-42"})
    assert response.status_code == 302, body(response)[:3000]
    held = Seat.objects.get(equipment=pc)
    response = manager_client.post(url, {"holder": "computer", "inventory_number": "НЕМАЄ"})
    assert response.status_code == 400
    assert "Немає комп’ютера з таким інвентарним номером." in body(response)
    response = manager_client.post(url, {"holder": "person", "person_name": ""})
    assert response.status_code == 400
    response = manager_client.post(url, {"holder": "person", "person_name": "Петро Сагайдачний"})
    assert response.status_code == 302
    response = manager_client.post(url, {"holder": "person", "person_name": "Іван Сірко"})  # 3 of 3 taken
    assert response.status_code == 400 and "Усі місця ліцензії (3) зайняті" in body(response)
    release = reverse("itassets-staff:licence-seat-release", args=[held.pk])
    page = body(manager_client.get(release))
    assert "ІНВ-42" in page and 'type="submit"' in page
    assert Seat.objects.get(pk=held.pk).released_on is None  # the GET only asks
    response = manager_client.post(release, {"released_on": "2099-01-01"})
    assert response.status_code == 400
    response = manager_client.post(release, {"released_on": ""})
    assert response.status_code == 302
    assert Seat.objects.get(pk=held.pk).released_on == timezone.localdate()


def test_fill_seats_asks_first(manager_client, hromada_a, world):
    lic = Licence.objects.get(pk=world["licence_pk"])
    title = lic.software
    for _ in range(3):
        install(hromada_a, equipment(hromada_a), title)
    url = reverse("itassets-staff:licence-seats-fill", args=[lic.pk])
    assert "Так, надати місця" in body(manager_client.get(url))
    assert Seat.objects.filter(licence=lic).count() == 1
    assert manager_client.post(url).status_code == 302
    assert Seat.objects.filter(licence=lic, released_on__isnull=True).count() == 3


def test_a_computers_software_add_change_remove(manager_client, hromada_a, world):
    pc = world["equipment_pk"]
    title = software(hromada_a, name="LibreOffice", free=True)
    add = reverse("itassets-staff:software-installation-add", args=[pc])
    assert manager_client.post(add, {"software": title.pk, "version": "24.8", "installed_on": "2026-01-10"}) \
        .status_code == 302
    assert manager_client.post(add, {"software": title.pk}).status_code == 400  # once per computer
    assert manager_client.post(add, {"software": title.pk, "installed_on": "вчора"}).status_code == 400
    inst = Installation.objects.get(software=title)
    edit = reverse("itassets-staff:software-installation-edit", args=[inst.pk])
    assert manager_client.post(edit, {"version": "24.8.4", "installed_on": ""}).status_code == 302
    assert Installation.objects.get(pk=inst.pk).version == "24.8.4"
    delete = reverse("itassets-staff:software-installation-delete", args=[inst.pk])
    assert "Так, вилучити" in body(manager_client.get(delete))
    assert manager_client.post(delete).status_code == 302
    assert not Installation.objects.filter(pk=inst.pk).exists()
    page = body(manager_client.get(reverse("itassets-staff:software-computer", args=[pc])))
    assert "Microsoft Office" in page and "застаріла" in page


def test_profile_pages(manager_client, hromada_a, world):
    response = manager_client.post(reverse("itassets-staff:profile-create"),
                                   {"name": "Діловод", "hardware": "8 ГБ\x0bSSD", "description": ""})
    profile = SoftwareProfile.objects.get(hromada=hromada_a, name="Діловод")
    assert response.status_code == 302 and profile.hardware == "8 ГБ\nSSD"
    assert manager_client.post(reverse("itassets-staff:profile-create"), {"name": "діловод"}).status_code == 400
    add = reverse("itassets-staff:profile-item-add", args=[profile.pk])
    assert manager_client.post(add, {"software": world["software_pk"], "minimum_version": "16"}).status_code == 302
    assert manager_client.post(add, {"software": world["software_pk"]}).status_code == 400
    assert manager_client.post(add, {"software": "abc"}).status_code == 400
    assign = reverse("itassets-staff:software-computer-profile", args=[world["equipment_pk"]])
    assert manager_client.post(assign, {"profile": profile.pk}).status_code == 302
    assert manager_client.post(assign, {"profile": "999999"}).status_code == 400
    page = body(manager_client.get(reverse("itassets-staff:profile-detail", args=[profile.pk])))
    # The computer has Office 15.0, the profile asks for 16: it is listed as having an older version.
    assert "Комп’ютер бухгалтера" in page and "старіша версія" in page


def test_lists_filters_and_garbage_in_the_query(manager_client, world):
    for url in ("software-list", "licence-list", "software-compliance", "software-computers"):
        for query in ("?page=abc", "?page=999999", "?q=%00", "?kind=нема&free=maybe", "?state=xx&software=abc",
                      "?status=bogus&institution=99999999999999999999&software=-1", "?q=" + "я" * 300):
            assert manager_client.get(reverse(f"itassets-staff:{url}") + query).status_code == 200, (url, query)
    detail = reverse("itassets-staff:software-detail", args=[world["software_pk"]])
    assert manager_client.get(detail + "?show=nonsense&page=-1").status_code == 200
    for url in ("/staff/it/licences/99999999999999999999/", "/staff/it/software/0/",
                "/staff/it/profiles/99999999999999999999/edit/", "/staff/it/software/computers/99999999999/"):
        assert manager_client.get(url).status_code == 404, url


def test_exports(manager_client, world):
    response = manager_client.get(reverse("itassets-staff:software-compliance") + "?export=csv")
    rows = list(csv.reader(io.StringIO(body(response).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][0] == "Інвентарний номер" and rows[1][4] == "Microsoft Office"
    response = manager_client.get(reverse("itassets-staff:licence-list") + "?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming
                                              else response.content)).worksheets[0]
    assert sheet.cell(row=2, column=1).value == "Microsoft Office"
    assert AuditEntry.objects.filter(action="export").count() == 2


def test_unlicensed_and_outdated_are_shown_with_counts(manager_client, hromada_a, world):
    lic = Licence.objects.get(pk=world["licence_pk"])
    other = equipment(hromada_a)
    install(hromada_a, other, lic.software, "16.0.1")
    page = body(manager_client.get(reverse("itassets-staff:software-compliance") + "?status=unlicensed"))
    assert other.inventory_number in page and "неліцензована" in page
    page = body(manager_client.get(reverse("itassets-staff:software-compliance") + "?status=outdated"))
    assert other.inventory_number not in page and "застаріла" in page


def test_the_section_on_the_equipment_page(rf, hromada_a, world):
    from hromada.itassets.equipment import sections
    from hromada.itassets.models import Equipment

    sections.discover()
    assert "software.installations" in sections.SECTIONS
    request = rf.get("/")
    request.user = member(hromada_a, "department_head")
    request.hromada = hromada_a
    rendered = sections.render(request, Equipment.objects.get(pk=world["equipment_pk"]), can_manage=False)
    html = next(r.html for r in rendered if r.key == "software.installations")
    assert "Microsoft Office" in html and reverse("itassets-staff:software-computer",
                                                  args=[world["equipment_pk"]]) in html
    printer = equipment(hromada_a, category="printer")
    assert all(r.key != "software.installations" for r in sections.render(request, printer, can_manage=False))
    request.user = member(hromada_a, "clerk")
    assert all(r.key != "software.installations" for r in sections.render(
        request, Equipment.objects.get(pk=world["equipment_pk"]), can_manage=False))


def test_the_equipment_item_page_shows_the_section(manager_client, world):
    page = body(manager_client.get(reverse("itassets-staff:equipment-detail", args=[world["equipment_pk"]])))
    assert "Встановлене програмне забезпечення та місця ліцензій" in page
    assert reverse("itassets-staff:software-computer", args=[world["equipment_pk"]]) in page


def test_expiring_licences_are_flagged_on_the_list(manager_client, hromada_a, world):
    lic = Licence.objects.get(pk=world["licence_pk"])
    lic.expires_on = timezone.localdate() + timedelta(days=10)
    lic.save()
    page = body(manager_client.get(reverse("itassets-staff:licence-list") + "?state=expiring"))
    assert "незабаром закінчується" in page and "Microsoft Office" in page
