"""Open data: the acts in the documented schema hromada.acts/1 as CSV, JSON and XLSX, read back exactly."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from hromada.acts import exports, services
from hromada.acts.models import Act
from hromada.core.models import AuditEntry
from tests.acts.builders import act, secretary
from tests.acts.samples import pdf_with_text
from tests.acts.test_api import Api, act_url
from tests.apiclient import field_errors, uk
from tests.factories import DepartmentFactory, member

pytestmark = pytest.mark.django_db

KYIV = dt.timezone(dt.timedelta(hours=2))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["id", "hromada_katottg", "number", "date", "type", "type_label", "status", "status_label", "title",
          "convocation", "session", "author_unit", "control_unit", "topics", "consideration_date", "published_at",
          "url", "attachments_count", "relations", "text_sha256"]


@pytest.fixture
def keeper(hromada_a):
    return secretary(hromada_a)


@pytest.fixture
def world(hromada_a, keeper):
    from django.core.files.uploadedfile import SimpleUploadedFile

    unit = DepartmentFactory(hromada=hromada_a, name="Відділ земельних відносин")
    control = DepartmentFactory(hromada=hromada_a, name="Фінансовий відділ")
    land = act(hromada_a, keeper, number="154", when=date(2024, 3, 28),
               title="Про надання в оренду земельних ділянок громадянам", text="Надати в оренду.\nДругий рядок.",
               topics=["Земля", "Оренда"], convocation=8, session=12, author_unit=unit, control_unit=control)
    budget = act(hromada_a, keeper, number="12", when=date(2025, 1, 20), type="executive_decision",
                 title="Про внесення змін до рішення № 154", text="Внести зміни.")
    draft = act(hromada_a, keeper, number="П-3", when=date(2025, 2, 1), type="draft_decision", status="draft",
                title="Проєкт", consideration_date=date(2025, 3, 1))
    internal = act(hromada_a, keeper, number="5-к", when=date(2025, 2, 3), type="head_order", title="Про відпустку",
                   internal=True)
    land = services.publish_act(land, actor=keeper, hromada=hromada_a, when=dt.datetime(2024, 3, 29, 9, tzinfo=KYIV))
    budget = services.publish_act(budget, actor=keeper, hromada=hromada_a,
                                  when=dt.datetime(2025, 1, 21, 9, 30, tzinfo=KYIV))
    services.add_relation(budget, "amends", land, actor=keeper, hromada=hromada_a)
    services.add_relation(budget, "related", draft, actor=keeper, hromada=hromada_a)
    budget.refresh_from_db()
    for n in range(2):
        services.add_attachment(budget, SimpleUploadedFile(f"додаток-{n}.pdf", pdf_with_text(f"Додаток {n}")),
                                actor=keeper, hromada=hromada_a)
    return {"land": land, "budget": budget, "draft": draft, "internal": internal}


def request_for(hromada, user=None):
    request = RequestFactory().get("/", HTTP_HOST="a.localhost")
    request.hromada = hromada
    request.user = user or AnonymousUser()
    return request


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def expected_rows(hromada, world) -> dict[str, dict]:
    """The public rows, as the JSON holds them."""
    land, budget = world["land"], world["budget"]
    return {
        "budget": {
            "id": budget.pk, "hromada_katottg": hromada.katottg, "number": "12", "date": "2025-01-20",
            "type": "executive_decision", "type_label": uk("executive committee decision"), "status": "in_force",
            "status_label": uk("in force"), "title": "Про внесення змін до рішення № 154", "convocation": None,
            "session": None, "author_unit": "", "control_unit": "", "topics": [], "consideration_date": None,
            "published_at": "2025-01-21T09:30:00+02:00", "url": act_url(budget.pk), "attachments_count": 2,
            "relations": [{"kind": "amends", "id": land.pk, "number": "154", "date": "2024-03-28"}],
            "text_sha256": sha("Внести зміни."), "text": "Внести зміни.",
        },
        "land": {
            "id": land.pk, "hromada_katottg": hromada.katottg, "number": "154", "date": "2024-03-28",
            "type": "council_decision", "type_label": uk("council decision"), "status": "amended",
            "status_label": uk("amended"), "title": "Про надання в оренду земельних ділянок громадянам",
            "convocation": 8, "session": 12, "author_unit": "Відділ земельних відносин",
            "control_unit": "Фінансовий відділ", "topics": ["Земля", "Оренда"], "consideration_date": None,
            "published_at": "2024-03-29T09:00:00+02:00", "url": act_url(land.pk), "attachments_count": 0,
            "relations": [], "text_sha256": sha("Надати в оренду.\nДругий рядок."),
            "text": "Надати в оренду.\nДругий рядок.",
        },
    }


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def read_json(response) -> dict:
    return json.loads(b"".join(response.streaming_content).decode("utf-8"))


def all_acts(hromada):
    return Act.objects.filter(hromada=hromada)


# --- the public export -----------------------------------------------------------------------------------


def test_public_csv_reads_back_in_the_documented_columns(hromada_a, world):
    response = exports.csv_response(all_acts(hromada_a), request_for(hromada_a), "acts")
    assert response.streaming and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="acts.csv"'
    header, *rows = read_csv(response)
    assert header == HEADER == list(exports.COLUMNS)
    expected = expected_rows(hromada_a, world)
    budget = dict(expected["budget"], relations="amends:154:2024-03-28", topics="")
    land = dict(expected["land"], relations="", topics="Земля;Оренда")
    assert rows == [["" if row[name] is None else str(row[name]) for name in HEADER] for row in (budget, land)]
    assert rows[0][0] == str(world["budget"].pk) and rows[1][15] == "2024-03-29T09:00:00+02:00"
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_public_json_reads_back_exactly(hromada_a, world):
    response = exports.json_response(all_acts(hromada_a), request_for(hromada_a), "acts.json")
    assert response.streaming and response["Content-Disposition"] == 'attachment; filename="acts.json"'
    document = read_json(response)
    generated = dt.datetime.fromisoformat(document.pop("generated_at"))
    assert generated.utcoffset() == dt.timedelta(hours=2)
    expected = expected_rows(hromada_a, world)
    assert document == {"schema": "hromada.acts/1", "hromada": {"name": hromada_a.name, "katottg": hromada_a.katottg},
                        "count": 2, "acts": [expected["budget"], expected["land"]]}
    assert list(document["acts"][0]) == [*HEADER, "text"]
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_public_xlsx_keeps_dates_typed(hromada_a, world):
    response = exports.xlsx_response(all_acts(hromada_a), request_for(hromada_a), "acts")
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="acts.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, budget, land, *rest = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header == HEADER and rest == []
    row = dict(zip(HEADER, land, strict=True))
    assert row["date"] == dt.datetime(2024, 3, 28)  # a date cell (openpyxl reads dates as datetimes)
    assert row["published_at"] == dt.datetime(2024, 3, 29, 9, 0)  # Kyiv time
    assert (row["id"], row["convocation"], row["attachments_count"]) == (world["land"].pk, 8, 0)
    assert (row["topics"], row["number"], row["status_label"]) == ("Земля;Оренда", "154", uk("amended"))
    assert row["consideration_date"] is None
    assert dict(zip(HEADER, budget, strict=True))["relations"] == "amends:154:2024-03-28"


def test_the_public_never_gets_unpublished_acts_or_relations_to_them(hromada_a, hromada_b, keeper, world):
    request = request_for(hromada_a)
    # Even when asked with every act of every hromada.
    other = act(hromada_a, keeper, number="77", when=date(2025, 5, 1), title="Ще не опубліковане")
    b_keeper = secretary(hromada_b)
    foreign = services.publish_act(act(hromada_b, b_keeper, number="1", when=date(2025, 1, 1)), actor=b_keeper,
                                   hromada=hromada_b)
    rows = list(exports.export_rows(Act.objects.all(), request))
    assert [row["id"] for row in rows] == [world["budget"].pk, world["land"].pk]
    assert list(exports.export_rows([foreign], request)) == []
    assert [r["id"] for r in rows[0]["relations"]] == [world["land"].pk]  # not the draft's
    document = read_json(exports.json_response(Act.objects.all(), request, "acts"))
    assert [row["id"] for row in document["acts"]] == [world["budget"].pk, world["land"].pk]
    assert other.pk not in [row["id"] for row in document["acts"]]


# --- staff -----------------------------------------------------------------------------------------------


def test_staff_export_has_every_act_and_is_logged(hromada_a, world):
    clerk = member(hromada_a, "clerk")
    response = exports.csv_response(all_acts(hromada_a), request_for(hromada_a, clerk), "acts")
    header, *rows = read_csv(response)
    assert [int(row[0]) for row in rows] == [world[n].pk for n in ("internal", "draft", "budget", "land")]
    by_id = {int(row[0]): dict(zip(header, row, strict=True)) for row in rows}
    assert by_id[world["budget"].pk]["relations"] == "amends:154:2024-03-28;related:П-3:2025-02-01"
    assert by_id[world["draft"].pk]["published_at"] == "" and by_id[world["draft"].pk]["consideration_date"] == (
        "2025-03-01")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert (entry.actor, entry.hromada, entry.object_type, entry.changes) == (
        clerk, hromada_a, "acts.act", {"export": [None, "csv"], "rows": [None, 4]})


def test_staff_may_ask_for_the_public_export_which_is_not_logged(hromada_a, world):
    request = request_for(hromada_a, member(hromada_a, "clerk"))
    document = read_json(exports.json_response(all_acts(hromada_a), request, "acts", public=True))
    assert document["count"] == 2
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_everything_is_refused_to_those_who_may_not_export(hromada_a, hromada_b, world):
    for user in (None, member(hromada_a, "resident"), member(hromada_b, "council_secretary")):
        with pytest.raises(PermissionDenied):
            exports.csv_response(all_acts(hromada_a), request_for(hromada_a, user), "acts", public=False)


def test_export_rows_of_a_plain_list(hromada_a, world):
    request = request_for(hromada_a, member(hromada_a, "clerk"))
    rows = list(exports.export_rows([world["budget"]], request))
    assert (rows[0]["attachments_count"], rows[0]["date"], [r["kind"] for r in rows[0]["relations"]]) == (
        2, date(2025, 1, 20), ["amends", "related"])


def test_a_long_list_is_a_fixed_number_of_queries(hromada_a, keeper, world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            read_csv(exports.csv_response(all_acts(hromada_a), request_for(hromada_a), "acts"))
            read_json(exports.json_response(all_acts(hromada_a), request_for(hromada_a), "acts"))
        return len(captured)

    few = queries()
    for n in range(6):
        more = act(hromada_a, keeper, number=f"40{n}", when=date(2025, 6, 1 + n), title="Про зміни", topics=["Зміни"])
        more = services.publish_act(more, actor=keeper, hromada=hromada_a)
        services.add_relation(more, "amends", world["land"], actor=keeper, hromada=hromada_a)
    assert queries() == few


# --- through the API -------------------------------------------------------------------------------------


def test_the_api_serves_the_open_data(hromada_a, world):
    public = Api(host="a.localhost")
    response = public.get("/export.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert [int(row[0]) for row in read_csv(response)[1:]] == [world["budget"].pk, world["land"].pk]
    assert read_json(public.get("/export.json", {"type": "council_decision"}))["count"] == 1
    assert public.get("/export.xlsx")["Content-Type"] == XLSX
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()
    staff = Api(member(hromada_a, "clerk"))
    assert read_json(staff.get("/export.json"))["count"] == 4
    assert read_json(staff.get("/export.json", {"status": ["draft", "in_force"]}))["count"] == 3
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 2
    assert public.get("/export.pdf").status_code == 404
    assert field_errors(public.get("/export.csv", {"type": "law"})) == {
        "type": uk("Select a valid choice. %(value)s is not one of the available choices.", value="law")}


def test_the_schema_document_lists_every_column():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "acts-open-data.md").read_text(encoding="utf-8")
    for column in [*HEADER, "text"]:
        assert f"| `{column}` |" in doc, column
    assert "hromada.acts/1" in doc
