"""Staff pages of the hromada's structure: validation in Ukrainian, nothing saved on bad input, exports."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from hromada.core.models import AuditEntry, Institution, Settlement
from tests.factories import InstitutionFactory, SettlementFactory


@pytest.mark.django_db
def test_institution_with_wrong_edrpou_check_digit_is_refused(admin_client_a):
    response = admin_client_a.post("/staff/institutions/new/",
                                    {"name": "Ліцей", "kind": "school", "edrpou": "14360571"})
    assert response.status_code == 400
    assert "контрольн" in response.content.decode()  # "check digit" in Ukrainian
    assert not Institution.objects.exists()
    assert not AuditEntry.objects.filter(action="create").exists()


@pytest.mark.django_db
def test_duplicate_edrpou_in_a_hromada_is_refused(admin_client_a, hromada_a):
    InstitutionFactory(hromada=hromada_a, edrpou="14360570")
    response = admin_client_a.post("/staff/institutions/new/",
                                   {"name": "Двійник", "kind": "school", "edrpou": "14360570"})
    assert response.status_code == 400
    assert Institution.objects.filter(edrpou="14360570").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["UA1202011001007953", "ua12020110010079539", "UA12020110010079539X", ""])
def test_malformed_katottg_is_refused(admin_client_a, code):
    response = admin_client_a.post("/staff/settlements/new/", {"name": "Нове", "kind": "selo", "katottg": code})
    assert response.status_code == 400
    assert not Settlement.objects.exists()


@pytest.mark.django_db
def test_settlement_code_must_belong_to_the_hromada(admin_client_a, hromada_a):
    foreign = "UA12020250010046556"  # Slobozhanske: another hromada's prefix
    response = admin_client_a.post("/staff/settlements/new/", {"name": "Чуже", "kind": "selo", "katottg": foreign})
    assert response.status_code == 400
    assert hromada_a.katottg[:9] in response.content.decode()
    assert not Settlement.objects.exists()


@pytest.mark.django_db
def test_create_edit_delete_with_confirmation(admin_client_a, hromada_a):
    code = hromada_a.katottg[:9] + "0010012345"
    response = admin_client_a.post("/staff/settlements/new/", {
        "name": "Зоряне", "kind": "selo", "katottg": code, "population": "120", "population_date": "2021-01-01",
    })
    settlement = Settlement.objects.get(katottg=code)
    assert response.status_code == 302
    assert response["Location"] == f"/staff/settlements/{settlement.pk}/"
    detail = admin_client_a.get(response["Location"]).content.decode()
    assert "Зоряне" in detail
    confirm = admin_client_a.get(f"/staff/settlements/{settlement.pk}/delete/")
    assert confirm.status_code == 200
    assert Settlement.objects.filter(pk=settlement.pk).exists(), "a GET must not delete"
    assert admin_client_a.post(f"/staff/settlements/{settlement.pk}/delete/").status_code == 302
    assert not Settlement.objects.filter(pk=settlement.pk).exists()
    assert list(AuditEntry.objects.filter(object_type="core.settlement").order_by("id")
                .values_list("action", flat=True)) == ["create", "delete"]


@pytest.mark.django_db
def test_population_needs_its_date(admin_client_a, hromada_a):
    response = admin_client_a.post("/staff/settlements/new/", {
        "name": "Без дати", "kind": "selo", "katottg": hromada_a.katottg[:9] + "0010012345", "population": "5",
    })
    assert response.status_code == 400
    assert not Settlement.objects.exists()


@pytest.mark.django_db
def test_list_search_filter_sort_and_paginate(admin_client_a, hromada_a):
    for i in range(30):
        SettlementFactory(hromada=hromada_a, name=f"Село {i:02d}", population=i,
                          kind="selyshche" if i % 10 == 0 else "selo")
    page = admin_client_a.get("/staff/settlements/", {"q": "село 2"})
    assert [obj.name for obj, _values in page.context["rows"]] == [f"Село {i}" for i in range(20, 30)]
    filtered = admin_client_a.get("/staff/settlements/", {"kind": "selyshche"})
    assert filtered.context["page"].paginator.count == 3
    ordered = admin_client_a.get("/staff/settlements/", {"sort": "-population"})
    assert ordered.context["rows"][0][0].population == 29
    second = admin_client_a.get("/staff/settlements/", {"page": "2"})
    assert len(second.context["rows"]) == 5
    assert admin_client_a.get("/staff/settlements/", {"page": "abc", "kind": "nonsense"}).status_code == 200


@pytest.mark.django_db
def test_exports_are_real_files_and_logged(admin_client_a, hromada_a):
    SettlementFactory(hromada=hromada_a, name="Могилів", population=3362)
    xlsx = admin_client_a.get("/staff/settlements/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Могилів"
    assert 3362 in rows[1], "numbers stay numbers in the spreadsheet"
    csv_body = b"".join(admin_client_a.get("/staff/settlements/export.csv").streaming_content).decode("utf-8-sig")
    assert "Могилів" in csv_body
    assert AuditEntry.objects.filter(action="export").count() == 2


@pytest.mark.django_db
def test_hromada_profile_edit_is_logged(admin_client_a, hromada_a):
    response = admin_client_a.post("/staff/hromada/", {
        "name": hromada_a.name, "short_name": hromada_a.short_name, "council_name": hromada_a.council_name,
        "kind": hromada_a.kind, "oblast": hromada_a.oblast, "raion": hromada_a.raion, "area_ha": "27104.39",
    })
    assert response.status_code == 302
    hromada_a.refresh_from_db()
    assert str(hromada_a.area_ha) == "27104.39"
    assert AuditEntry.objects.get(action="update", object_type="core.hromada").changes["area_ha"] == [None, "27104.39"]


@pytest.mark.django_db
def test_deleting_a_referenced_record_is_explained(admin_client_a, hromada_a):
    from hromada.core.models import RoleAssignment
    from tests.factories import DepartmentFactory, UserFactory

    department = DepartmentFactory(hromada=hromada_a)
    RoleAssignment.objects.create(user=UserFactory(), hromada=hromada_a, role="clerk", department=department)
    response = admin_client_a.post(f"/staff/departments/{department.pk}/delete/")
    assert response.status_code == 409
    assert department.__class__.objects.filter(pk=department.pk).exists()


@pytest.mark.django_db
def test_role_grant_and_revoke(admin_client_a, hromada_a, admin_a):
    from hromada.core.roles import can
    from tests.factories import UserFactory

    person = UserFactory()
    from hromada.core.models import RoleAssignment

    RoleAssignment.objects.create(user=person, hromada=hromada_a, role="resident")
    response = admin_client_a.post(f"/staff/members/{person.pk}/", {"role": "programme_manager"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert can(person, hromada_a, "staff_area.enter")
    missing_department = admin_client_a.post(f"/staff/members/{person.pk}/", {"role": "clerk"})
    assert missing_department.status_code == 400
    assignment = RoleAssignment.objects.get(user=person, role="programme_manager")
    assert admin_client_a.post(f"/staff/members/{person.pk}/roles/{assignment.pk}/revoke/").status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    own = RoleAssignment.objects.get(user=admin_a, role="hromada_admin")
    assert admin_client_a.post(f"/staff/members/{admin_a.pk}/roles/{own.pk}/revoke/").status_code == 409
    assert AuditEntry.objects.filter(action="permission").count() == 2


@pytest.mark.django_db
def test_new_member_gets_an_account_without_a_password(admin_client_a, hromada_a):
    response = admin_client_a.post("/staff/members/new/", {
        "full_name": "Олена Коваль", "email": "Olena@Example.org", "role": "cnap_admin",
    })
    assert response.status_code == 302
    from hromada.core.models import User

    user = User.objects.get(email="olena@example.org")
    assert not user.has_usable_password()
    duplicate = admin_client_a.post("/staff/members/new/", {
        "full_name": "Двійник", "email": "olena@example.org", "role": "resident",
    })
    assert duplicate.status_code == 400
    assert User.objects.filter(email="olena@example.org").count() == 1


@pytest.mark.django_db
def test_reading_a_person_card_is_logged(admin_client_a, hromada_a):
    from tests.factories import member

    person = member(hromada_a, "resident", phone="+380671112233")
    assert admin_client_a.get(f"/staff/members/{person.pk}/").status_code == 200
    entry = AuditEntry.objects.get(action="view")
    assert entry.object_type == "core.user" and entry.object_id == str(person.pk)


@pytest.mark.django_db
def test_htmx_search_returns_only_the_results(admin_client_a, hromada_a):
    SettlementFactory(hromada=hromada_a, name="Зубківка")
    response = admin_client_a.get("/staff/settlements/", {"q": "зуб"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Зубківка" in body
    assert "<html" not in body


@pytest.mark.django_db
def test_impossible_population_is_refused(admin_client_a, hromada_a):
    response = admin_client_a.post("/staff/settlements/new/", {
        "name": "Мегаполіс", "kind": "misto", "katottg": hromada_a.katottg[:9] + "0010012345",
        "population": "1000000000000", "population_date": "2021-01-01",
    })
    assert response.status_code == 400
    assert not Settlement.objects.exists()


@pytest.mark.django_db
def test_deadline_outside_the_calendar_is_a_form_error(admin_client_a):
    response = admin_client_a.get("/staff/calendar/", {"start": "2099-06-01", "amount": "3650",
                                                       "unit": "working_days"})
    assert response.status_code == 200
    assert response.context["deadline"] is None
    assert "2099" in str(response.context["deadline_form"].non_field_errors())


@pytest.mark.django_db
def test_sort_links_keep_the_filters(admin_client_a, hromada_a):
    SettlementFactory(hromada=hromada_a, kind="selyshche")
    page = admin_client_a.get("/staff/settlements/", {"kind": "selyshche", "q": "село", "sort": "name"})
    assert page.context["sort_base"] == "kind=selyshche&q=%D1%81%D0%B5%D0%BB%D0%BE"
    assert 'href="?kind=selyshche&amp;q=%D1%81%D0%B5%D0%BB%D0%BE&amp;sort=-name"' in page.content.decode()


@pytest.mark.django_db
def test_new_member_with_a_malformed_phone_is_refused(admin_client_a):
    from hromada.core.models import User

    before = User.objects.count()
    response = admin_client_a.post("/staff/members/new/", {"full_name": "Іван", "phone": "12-34", "role": "resident"})
    assert response.status_code == 400
    assert "+380" in response.content.decode()
    assert User.objects.count() == before
    assert not AuditEntry.objects.filter(action="create").exists()
