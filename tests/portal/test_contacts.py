"""The hromada's contacts page (/contacts/) and its editor in the staff area (/staff/contacts/)."""

from __future__ import annotations

import pytest

from hromada.core.demo.data import CONTACTS, MOHYLIV, SLOBOZHANSKA
from hromada.core.models import AuditEntry
from hromada.portal import demo as portal_demo
from hromada.portal.models import Contacts
from tests.factories import HromadaFactory, member

pytestmark = pytest.mark.django_db

SEED_REPORT = type("Report", (), {"count": lambda self, label, created: None})


@pytest.fixture
def demo_hromadas(db):
    """The two demo hromadas (their KATOTTG codes, names and hosts) with the demo contacts loaded."""
    mohyliv = HromadaFactory(name=MOHYLIV["name"], council_name=MOHYLIV["council_name"],
                             katottg=MOHYLIV["katottg"], host="mohyliv.localhost")
    slobozhanska = HromadaFactory(name=SLOBOZHANSKA["name"], council_name=SLOBOZHANSKA["council_name"],
                                  katottg=SLOBOZHANSKA["katottg"], host="slobozhanska.localhost")
    return mohyliv, slobozhanska


def _page(client, host):
    response = client.get("/contacts/", HTTP_HOST=host)
    assert response.status_code == 200
    return response.content.decode()


def test_without_contacts_the_page_names_the_council_and_says_they_are_being_prepared(client, demo_hromadas):
    for host, council in (("mohyliv.localhost", "Могилівська сільська рада"),
                          ("slobozhanska.localhost", "Слобожанська селищна рада")):
        html = _page(client, host)
        assert council in html
        assert "Контакти ради готуються" in html
        assert "Години прийому" not in html
        assert 'href="/contacts/feedback/"' in html


def test_demo_contacts_are_shown_on_each_hromadas_own_host(client, demo_hromadas):
    portal_demo.seed(SEED_REPORT())
    portal_demo.seed(SEED_REPORT())  # a second run changes nothing
    assert Contacts.objects.count() == 2
    mohyliv = _page(client, "mohyliv.localhost")
    assert CONTACTS[MOHYLIV["katottg"]]["official_name"] in mohyliv
    assert 'href="tel:+380560000001"' in mohyliv and "+380 56 000 00 01" in mohyliv
    assert "rada@mohyliv.example" in mohyliv
    assert "08:00–17:00" in mohyliv and "12:00–13:00" in mohyliv and "вихідний" in mohyliv
    assert "Валерій Дружко приймає громадян" in mohyliv
    assert "Центр надання адміністративних послуг (ЦНАП)" in mohyliv
    assert "08:00–20:00" in mohyliv and "без перерви" in mohyliv
    assert "Контакти ради готуються" not in mohyliv
    slobozhanska = _page(client, "slobozhanska.localhost")
    assert "rada@slobozhanska.example" in slobozhanska
    assert "Іван Камінський" in slobozhanska
    assert "rada@mohyliv.example" not in slobozhanska and "Дружко" not in slobozhanska
    assert "Центр надання адміністративних послуг (ЦНАП)" not in slobozhanska  # no ЦНАП address or hours set


def test_contacts_are_in_the_public_menu_and_the_footer(client_a):
    html = client_a.get("/").content.decode()
    assert html.count('href="/contacts/"') == 2  # the main menu and the footer


def _valid_post(**overrides):
    data = {
        "official_name": "Тестова рада громади", "postal_address": "вул. Шкільна, 2, с. Тестове, 51000",
        "phones": "Приймальня: (0569) 12-34-56\n+38 050 123 45 67", "email": "Rada@Example.org",
        "head_reception": "Щочетверга 9:00–12:00", "cnap_address": "вул. Шкільна, 4",
        "feedback_email": "",
        "hours_1_open": "08:00", "hours_1_close": "17:00", "hours_1_break_start": "12:00", "hours_1_break_end": "13:00",
        "hours_5_open": "08:00", "hours_5_close": "15:45",
        "cnap_hours_3_open": "08:00", "cnap_hours_3_close": "20:00",
    }
    data.update(overrides)
    return data


def test_the_admin_saves_contacts_with_phones_normalised_and_the_change_audited(admin_client_a, hromada_a):
    response = admin_client_a.post("/staff/contacts/", _valid_post())
    assert response.status_code == 302
    record = Contacts.objects.get(hromada=hromada_a)
    assert record.phones == [{"label": "Приймальня", "number": "+380569123456"},
                             {"label": "", "number": "+380501234567"}]
    assert record.email == "rada@example.org"
    assert record.hours == {
        "1": {"open": "08:00", "close": "17:00", "break_start": "12:00", "break_end": "13:00"},
        "5": {"open": "08:00", "close": "15:45", "break_start": "", "break_end": ""},
    }
    assert record.cnap_hours == {"3": {"open": "08:00", "close": "20:00", "break_start": "", "break_end": ""}}
    entry = AuditEntry.objects.get(object_type="portal.contacts")
    assert entry.action == "create" and entry.hromada_id == hromada_a.pk
    assert entry.changes["official_name"] == ["", "Тестова рада громади"]
    assert "feedback_email" not in entry.changes  # left empty: nothing to record
    # Editing again: the audit entry holds only what changed.
    form = admin_client_a.get("/staff/contacts/").content.decode()
    assert "Приймальня: +380569123456" in form
    assert admin_client_a.post("/staff/contacts/", _valid_post(email="info@example.org")).status_code == 302
    change = AuditEntry.objects.filter(object_type="portal.contacts").latest("id")
    assert change.action == "update"
    assert change.changes == {"email": ["rada@example.org", "info@example.org"]}


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"phones": "Приймальня: 12-34-56"}, "phones", "Рядок 1: «12-34-56» — не український номер телефону"),
    ({"phones": "+380501234567\n+7 495 123 45 67"}, "phones", "Рядок 2: «+7 495 123 45 67»"),
    ({"email": "rada@"}, "email", "Введіть коректну email адресу"),
    ({"feedback_email": "not an address"}, "feedback_email", "Введіть коректну email адресу"),
    ({"hours_1_close": "07:00"}, "hours_1_close", "Час закриття має бути пізніше за час відкриття"),
    ({"hours_1_break_end": ""}, "hours_1_break_end", "Вкажіть і початок, і кінець обідньої перерви"),
    ({"hours_1_break_start": "18:00", "hours_1_break_end": "19:00"}, "hours_1_break_start",
     "Обідня перерва має починатися після відкриття"),
    ({"hours_2_open": "9 ранку"}, "hours_2_open", "Введіть час у форматі ГГ:ХХ"),
    ({"cnap_hours_3_close": ""}, "cnap_hours_3_close", "Вкажіть і час відкриття, і час закриття"),
    ({"official_name": "Рада\x00"}, "official_name", "Символи Null не дозволені"),
])
def test_bad_input_is_refused_beside_the_field_and_nothing_changes(admin_client_a, hromada_a, overrides, field,
                                                                    message):
    assert admin_client_a.post("/staff/contacts/", _valid_post()).status_code == 302
    before = Contacts.objects.values().get(hromada=hromada_a)
    audit_before = AuditEntry.objects.count()
    response = admin_client_a.post("/staff/contacts/", _valid_post(**{"official_name": "Інша назва", **overrides}))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert message in html
    assert 'class="error-summary"' in html and f'href="#id_{field}"' in html
    assert Contacts.objects.values().get(hromada=hromada_a) == before
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize("role", ["clerk", "programme_manager", "council_secretary", "cnap_admin", "resident"])
def test_only_the_hromada_admin_edits_contacts(client_a, hromada_a, role):
    client_a.force_login(member(hromada_a, role))
    assert client_a.get("/staff/contacts/").status_code == 403
    assert client_a.post("/staff/contacts/", _valid_post()).status_code == 403
    assert not Contacts.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client_a):
    response = client_a.post("/staff/contacts/", _valid_post())
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not Contacts.objects.exists()


def test_admin_of_b_cannot_edit_as_when_signed_in_on_a(client_a, hromada_b):
    client_a.force_login(member(hromada_b, "hromada_admin"))
    assert client_a.post("/staff/contacts/", _valid_post()).status_code == 403
    assert not Contacts.objects.exists()


def test_the_accessibility_statement_links_the_feedback_form_and_the_contacts(client_a):
    html = client_a.get("/accessibility/").content.decode()
    assert 'href="/contacts/feedback/?topic=accessibility"' in html
    assert 'href="/contacts/"' in html
