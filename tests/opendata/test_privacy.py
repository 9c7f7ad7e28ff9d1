"""The personal-data guard (opendata.privacy): what it finds in cells as people really type them, what it
lets through (gov.ua and the hromada's own addresses, columns declared public, landlines, codes that only
look like numbers of persons), how it masks what it shows, and the sentence for the dataset's passport."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest

from hromada.opendata import privacy
from hromada.opendata.privacy import Finding, scan, scan_table, withheld_note
from hromada.opendata.tables import open_table
from hromada.registers.validators import is_valid_rnokpp
from tests.apiclient import uk

PUBLIC_HINT_PHONE = ("looks like a private phone number (%(masked)s). Remove it or mark the column as one that holds "
                     "public official data.")
PUBLIC_HINT_EMAIL = ("looks like a private e-mail address (%(masked)s). Remove it or mark the column as one that "
                     "holds public official data.")
RNOKPP = "looks like a person's taxpayer number, РНОКПП (%(masked)s). Remove it or depersonalise the data before " \
         "publishing."
PASSPORT = "looks like a passport number (%(masked)s). Remove it or depersonalise the data before publishing."
UNZR = ("looks like a record number in the Unified State Demographic Register, УНЗР (%(masked)s). Remove it or "
        "depersonalise the data before publishing.")
BIRTH = "looks like a person's date of birth (%(masked)s). Remove it or depersonalise the data before publishing."

# Valid by their checksums (registers.validators.rnokpp_check_digit).
VALID_RNOKPP = "2850516899"
OTHER_VALID_RNOKPP = "3067123455"


def at(row: int, column: str) -> str:
    return uk("Row %(row)s, column «%(column)s»", row=row, column=column)


def kinds(findings: list[Finding]) -> list[tuple[int | None, str | None, str]]:
    return [(finding.row, finding.column, finding.kind) for finding in findings]


def one_cell(value, *, column: str = "note", schema=None, **options) -> list[str]:
    return [finding.kind for finding in scan([column], [[value]], schema, **options)]


# --- phones ------------------------------------------------------------------------------------------------------


def test_the_phone_message_names_row_and_column_and_masks_the_number():
    schema = {"fields": [{"name": "name", "title": "ПІБ"}, {"name": "contacts", "title": "Контакти"}]}
    rows = [["Іваненко І. І.", "вул. Лісова, 1"], ["Петренко П. П.", ""], ["Сидоренко С. С.", "(067) 123-45-12"]]
    assert scan(["name", "contacts"], rows, schema) == [
        Finding(4, "contacts", "phone", at(4, "Контакти") + ": " + uk(PUBLIC_HINT_PHONE, masked="+380 67 *** ** 12")),
    ]


@pytest.mark.parametrize("text", [
    "(067) 123-45-67",
    "067-123-45-67",
    "0671234567",
    "+380671234567",
    "380671234567",
    "+38 (067) 123 45 67",
    "+380 67 123 45 67",
    "тел.: 050 765 43 21, з 9 до 18",
    "моб. 097.111.22.33",
    "(093)1112233",
    "+38(073) 111-22-33",
    "0991112233;0661112233",
])
def test_mobile_numbers_as_people_write_them(text):
    assert one_cell(text) == ["phone"]


@pytest.mark.parametrize("text", [
    "(044) 123-45-67",  # a Kyiv landline: an office, not a person
    "0322 12 34 56",
    "067123456",  # one digit short
    "06712345678",  # one digit too many
    "Сума 1 067 123 456 грн",
    "UA213223130000026007233566001",
    "+380 11 123 45 67",  # not a mobile operator's code
])
def test_what_is_not_a_mobile_number(text):
    assert "phone" not in one_cell(text)


# --- РНОКПП ------------------------------------------------------------------------------------------------------


def test_rnokpp_needs_its_checksum():
    assert is_valid_rnokpp(VALID_RNOKPP)
    assert not is_valid_rnokpp("2850516890")
    findings = scan(["ipn"], [[VALID_RNOKPP], ["2850516890"], [f"ФОП, код {OTHER_VALID_RNOKPP}"]], None)
    assert findings == [
        Finding(2, "ipn", "rnokpp", at(2, "ipn") + ": " + uk(RNOKPP, masked="********99")),
        Finding(4, "ipn", "rnokpp", at(4, "ipn") + ": " + uk(RNOKPP, masked="********55")),
    ]


def test_ten_digits_that_are_not_a_persons_number():
    assert one_cell(f"{VALID_RNOKPP}5") == []  # part of a longer number
    assert one_cell(f"{VALID_RNOKPP}.25") == []  # a sum
    assert one_cell(f"{VALID_RNOKPP}:01:001:0001") == []  # a cadastral number
    assert one_cell(VALID_RNOKPP, column="koatuu") == []  # КОАТУУ codes have ten digits too
    assert one_cell(VALID_RNOKPP, column="code", schema={"fields": [{"name": "code", "title": "Код КОАТУУ"}]}) == []
    assert one_cell(int(VALID_RNOKPP)) == ["rnokpp"]  # a live dataset's value, not text


# --- passports -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "masked"), [
    ("КА123456", "КА****56"),
    ("паспорт серії МЕ № 654321", "МЕ****21"),
    ("AA123456", "AA****56"),  # both letters typed on a Latin keyboard
    ("KA 123456", "KA****56"),
    ("ТT765432", "ТT****32"),  # a Cyrillic Т and a Latin T
    ("СН№112233", "СН****33"),
])
def test_old_passports_with_cyrillic_or_look_alike_latin_letters(text, masked):
    findings = scan(["holder"], [[text]], None)
    assert findings == [Finding(2, "holder", "passport", at(2, "holder") + ": " + uk(PASSPORT, masked=masked))]


@pytest.mark.parametrize("text", [
    "AD123456",  # D has no Cyrillic twin
    "ка123456",  # series letters are capitals
    "КАТ123456",  # three letters
    "КА1234567",  # seven digits
    "Рішення КА12345",
])
def test_what_is_not_an_old_passport(text):
    assert one_cell(text) == []


def test_id_card_numbers_only_in_a_column_about_documents():
    assert one_cell("001234567") == []
    assert one_cell("001234567", column="passportNumber") == ["passport"]
    schema = {"fields": [{"name": "doc", "title": "Документ, що посвідчує особу"}]}
    findings = scan(["doc"], [["ID-картка 001234567"]], schema)
    assert findings == [Finding(2, "doc", "passport", at(2, "Документ, що посвідчує особу") + ": "
                                + uk(PASSPORT, masked="*******67"))]


# --- УНЗР -----------------------------------------------------------------------------------------------------


def test_unzr():
    findings = scan(["record"], [["19800101-01234"], ["запис 20011231–00017"], ["12345678-12345"]], None)
    assert findings == [
        Finding(2, "record", "unzr", at(2, "record") + ": " + uk(UNZR, masked="********-***34")),
        Finding(3, "record", "unzr", at(3, "record") + ": " + uk(UNZR, masked="********-***17")),
    ]  # 12345678 is no date of birth


# --- e-mail ----------------------------------------------------------------------------------------------------------


def test_email_outside_gov_ua_and_the_hromadas_domains():
    rows = [["ivan.petrenko@gmail.com"], ["office@rada.gov.ua"], ["zvernennia@gov.ua"], ["info@hromada.org.ua"],
            ["ivan@mail.hromada.org.ua"], ["spoof@notgov.ua"], ["spoof@gov.ua.example.com"], ["приймальня@пошта.укр"]]
    findings = scan(["email"], rows, None, official_domains=["hromada.org.ua"])
    assert findings == [
        Finding(2, "email", "email", at(2, "email") + ": " + uk(PUBLIC_HINT_EMAIL, masked="i***@gmail.com")),
        Finding(7, "email", "email", at(7, "email") + ": " + uk(PUBLIC_HINT_EMAIL, masked="s***@notgov.ua")),
        Finding(8, "email", "email", at(8, "email") + ": " + uk(PUBLIC_HINT_EMAIL,
                                                                masked="s***@gov.ua.example.com")),
        Finding(9, "email", "email", at(9, "email") + ": " + uk(PUBLIC_HINT_EMAIL, masked="п***@пошта.укр")),
    ]
    assert one_cell("info@hromada.org.ua") == ["email"]  # without the hromada's domains it is just an address


# --- dates of birth --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("column", "title"), [
    ("birthDate", None), ("dateOfBirth", None), ("born", "Дата народження"), ("dn", "ДН"),
    ("d", "Рік і д. н."), ("Народився", None),
])
def test_dates_in_a_column_about_birth(column, title):
    schema = {"fields": [{"name": column, "title": title}]} if title else None
    findings = scan([column], [["1980-01-02"], ["02.01.1980"], [date(1975, 5, 6)], ["31.02.1990"], ["невідомо"]],
                    schema)
    assert [(f.row, f.kind) for f in findings] == [(2, "birth_date"), (3, "birth_date"), (4, "birth_date"),
                                                   (5, "birth_date")]
    assert findings[0].message == at(2, title or column) + ": " + uk(BIRTH, masked="1980-**-**")


def test_the_same_dates_in_other_columns_are_not_births():
    schema = {"fields": [{"name": "contractDate", "title": "Дата договору"}, {"name": "dnipro", "title": "Днiпро"},
                         {"name": "deputy", "title": "Народний депутат"}]}
    assert scan(["contractDate", "dnipro", "deputy"], [["1980-01-02", "1980-01-02", "1980-01-02"]], schema) == []


# --- what is not scanned, and how much ---------------------------------------------------------------------------


def test_a_deputys_contacts_marked_public_personal_data_pass():
    schema = {"fields": [
        {"name": "fullName", "title": "ПІБ депутата"},
        {"name": "contacts", "title": "Контакти", "publicPersonalData": True},
        {"name": "assistant", "title": "Помічник"},
    ]}
    rows = [["Коваль Олена Петрівна", "(067) 123-45-67, koval@gmail.com", "(050) 111-22-33"]]
    assert kinds(scan(["fullName", "contacts", "assistant"], rows, schema)) == [(2, "assistant", "phone")]


def test_several_kinds_in_one_cell_and_one_finding_per_kind():
    cell = f"тел. 0671112233, 0502223344, ІПН {VALID_RNOKPP}, паспорт КА123456, ivan@ukr.net"
    assert one_cell(cell) == ["phone", "rnokpp", "passport", "email"]


def test_values_of_live_datasets_are_python_types():
    rows = [[None, True, 380671234567, datetime(1980, 1, 2, 10, 0), Decimal("2850516899.50")]]
    assert kinds(scan(["a", "b", "c", "birthDate", "e"], rows, None)) == [(2, "c", "phone"), (2, "birthDate",
                                                                                              "birth_date")]


def test_cells_beyond_the_header_are_scanned_too():
    assert scan(["a"], [["x", "0671234567"]], None) == [
        Finding(2, None, "phone", uk("Row %(row)s, column %(position)s", row=2, position=2) + ": "
                + uk(PUBLIC_HINT_PHONE, masked="+380 67 *** ** 67"))]


def test_scanning_stops_at_the_limit_without_reading_further():
    read = 0

    def rows():
        nonlocal read
        for n in range(10_000):
            read += 1
            yield [f"0671{n:06d}"]

    findings = scan(["phone"], rows(), None)
    assert len(findings) == privacy.MAX_FINDINGS == 50
    assert [f.row for f in findings] == list(range(2, 52))
    assert read == 50
    assert scan(["phone"], [["0671234567"]] * 3, None, limit=2) == scan(["phone"], [["0671234567"]] * 2, None)


def test_scan_table_counts_rows_of_a_csv_and_records_of_json(tmp_path):
    csv_path = tmp_path / "people.csv"
    csv_path.write_text("name;phone\nОлена;\nПетро;(067) 123-45-67\n", encoding="utf-8")
    assert kinds(scan_table(open_table(csv_path, "csv"))) == [(3, "phone", "phone")]

    json_path = tmp_path / "people.json"
    json_path.write_text(json.dumps({"records": [{"name": "Олена"}, {"name": "Петро", "email": "p@gmail.com"}]}))
    findings = scan_table(open_table(json_path, "json"), official_domains=["hromada.org.ua"])
    assert findings == [Finding(2, "email", "email", uk("Record %(row)s, field «%(column)s»", row=2, column="email")
                                + ": " + uk(PUBLIC_HINT_EMAIL, masked="p***@gmail.com"))]


# --- the passport's sentence -----------------------------------------------------------------------------------------


def test_withheld_note_lists_the_kinds_in_a_fixed_order():
    note = withheld_note(["phone", "rnokpp", "phone"])
    assert note == uk("Personal data of private persons has been withheld from the dataset under the Law of Ukraine "
                      "«On Personal Data Protection»: %(kinds)s.",
                      kinds=uk("taxpayer registration numbers (РНОКПП)") + ", " + uk("private phone numbers"))
    findings = scan(["a"], [["КА123456"], ["0671234567"]], None)
    assert withheld_note(findings) == withheld_note(["passport", "phone"])
    assert withheld_note([]) == ""


def test_withheld_note_names_every_kind_and_refuses_unknown_ones():
    note = withheld_note(privacy.KINDS)
    for name in ("taxpayer registration numbers (РНОКПП)", "passport numbers", "УНЗР record numbers",
                 "private phone numbers", "private e-mail addresses", "dates of birth"):
        assert uk(name) in note
    with pytest.raises(ValueError, match="names"):
        withheld_note(["names"])


def test_digits_inside_a_hexadecimal_checksum_are_not_a_phone_or_a_tax_number():
    digest = "9a0961234598b3e0671234567c1234567890f"
    assert scan(["textSha256"], [[digest]], None) == []
    assert [f.kind for f in scan(["contact"], [["тел. 0671234567"]], None)] == ["phone"]
