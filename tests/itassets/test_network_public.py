"""The public pages at /it/ and the open datasets behind them: shown only when the hromada publishes them, only
what is public (no contract, cost, measured speed, stream or network address), another hromada's rows never."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest

from hromada.core import datasets as registry
from hromada.itassets.network import datasets
from tests.factories import InstitutionFactory, SettlementFactory
from tests.itassets.builders import camera, connection

pytestmark = pytest.mark.django_db

IP_LIKE = re.compile(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")
# Figures with their decimals: bare digits could occur inside a generated code or id (a KATOTTG «…0472…»).
SECRETS = ("№ 17/2024", "1650.00", "1650,00", "1 650", "472.3", "472,3", "rtsp", "ДОГОВІР", "СЕКРЕТ", "DS-2CD",
           "SN-77")


@pytest.fixture
def world(hromada_a, hromada_b):
    village = SettlementFactory(hromada=hromada_a, name="Могилів")
    school = InstitutionFactory(hromada=hromada_a, name="Могилівська школа", settlement=village)
    council = connection(hromada_a, provider="Оріль-Нет ДОГОВІР", contracted_mbps=Decimal(500),
                         measured_mbps=Decimal("472.3"), measured_on="2026-01-10", contract="№ 17/2024",
                         monthly_cost=Decimal("1650.00"), corporate_network=True, settlement=village,
                         latitude=Decimal("48.713"), longitude=Decimal("34.64"),
                         notes="СЕКРЕТ: шлюз 10.0.0.1")
    slow = connection(hromada_a, institution=school, contracted_mbps=Decimal("12"), technology="dsl",
                      settlement=village)
    hidden = connection(hromada_a, institution=InstitutionFactory(hromada=hromada_a, name="Прихований заклад"),
                        public=False)
    old = connection(hromada_a, institution=InstitutionFactory(hromada=hromada_a, name="Закритий заклад"),
                     active=False)
    square = camera(hromada_a, settlement=village, location="Площа", watched_object="Центр села",
                    latitude=Decimal("48.7135"), longitude=Decimal("34.6402"), police_connected=True,
                    retention_days=30, model="DS-2CD2T43", serial_number="SN-77", notes="rtsp://192.168.1.10/1")
    private = camera(hromada_a, settlement=village, location="Подвір’я школи", public=False)
    broken = camera(hromada_a, status="in_repair", settlement=village, location="Зламана зупинка")
    foreign = connection(hromada_b, institution=InstitutionFactory(hromada=hromada_b, name="ЧУЖИЙ заклад"))
    camera(hromada_b, location="ЧУЖА камера")
    return locals()


def body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.mark.parametrize("url", ["/it/connectivity/", "/it/connectivity.csv", "/it/connectivity.json"])
def test_connectivity_shows_only_public_fields_of_public_connections(client_a, world, url):
    response = client_a.get(url)
    assert response.status_code == 200
    text = body(response)
    assert "Могилівська школа" in text
    for absent in (*SECRETS, "Прихований заклад", "Закритий заклад", "ЧУЖИЙ"):
        assert absent not in text, absent
    assert not IP_LIKE.search(text)


@pytest.mark.parametrize("url", ["/it/cameras/", "/it/cameras.csv", "/it/cameras.json"])
def test_cameras_show_only_places_of_public_cameras_in_use(client_a, world, url):
    response = client_a.get(url)
    assert response.status_code == 200
    text = body(response)
    assert "Площа" in text and "Центр села" in text
    for absent in (*SECRETS, "Подвір’я школи", "Зламана зупинка", "ЧУЖА", world["square"].inventory_number):
        assert absent not in text, absent
    assert not IP_LIKE.search(text)


def test_the_downloads_are_the_open_datasets_rows(client_a, world):
    rows = json.loads(client_a.get("/it/connectivity.json").content)
    assert rows == [
        {"id": world["council"].pk, "institution": world["hromada_a"].council_name, "institutionEdrpou": None,
         "institutionKind": None, "settlement": "с. Могилів", "settlementKatottg": world["village"].katottg,
         "technology": "оптоволокно (FTTx)", "speedBand": "100-1000", "highSpeed": True, "corporateNetwork": True,
         "latitude": "48.713000", "longitude": "34.640000"},
        {"id": world["slow"].pk, "institution": "Могилівська школа", "institutionEdrpou": world["school"].edrpou,
         "institutionKind": "заклад загальної середньої освіти", "settlement": "с. Могилів",
         "settlementKatottg": world["village"].katottg,
         "technology": "xDSL", "speedBand": "10-30", "highSpeed": False, "corporateNetwork": False,
         "latitude": None, "longitude": None},
    ]
    cams = list(csv.DictReader(io.StringIO(body(client_a.get("/it/cameras.csv"))), delimiter=";"))
    assert cams == [{"id": str(world["square"].pk), "settlement": "с. Могилів",
                     "settlementKatottg": world["village"].katottg, "location": "Площа",
                     "watchedObject": "Центр села", "latitude": "48.713500", "longitude": "34.640200",
                     "policeConnected": "True"}]


def test_unpublished_pages_are_not_found(client_a, world, hromada_a):
    hromada_a.settings = {"itassets.publish_connectivity": False, "itassets.publish_cameras": False}
    hromada_a.save()
    for url in ("/it/connectivity/", "/it/connectivity.csv", "/it/connectivity.json", "/it/cameras/",
                "/it/cameras.csv", "/it/cameras.json"):
        assert client_a.get(url).status_code == 404, url
    assert list(datasets.connectivity_rows(hromada_a)) == []
    assert list(datasets.camera_rows(hromada_a)) == []
    assert not datasets.CONNECTIVITY.available(hromada_a)
    assert not datasets.CAMERAS.available(hromada_a)


def test_each_page_links_the_other_only_when_it_is_published(client_a, world, hromada_a):
    assert 'href="/it/cameras/"' in body(client_a.get("/it/connectivity/"))
    hromada_a.settings = {"itassets.publish_cameras": False}
    hromada_a.save()
    assert 'href="/it/cameras/"' not in body(client_a.get("/it/connectivity/"))


def test_the_page_summarises_and_maps(client_a, world):
    response = client_a.get("/it/connectivity/")
    assert (response.context["total"], response.context["fast"], response.context["joined"]) == (2, 1, 1)
    points = response.context["map"]["points"]
    assert len(points) == 2 and [p["approximate"] for p in points] == [False, True]
    cams = client_a.get("/it/cameras/")
    assert cams.context["police"] == 1 and len(cams.context["map"]["points"]) == 1


def test_datasets_are_registered_with_schemas_matching_their_rows(hromada_a, world):
    for key, rows in (("itassets.connectivity", datasets.connectivity_rows),
                      ("itassets.cameras", datasets.camera_rows)):
        live = registry.get(key)
        resource = live.resources[0]
        produced = list(rows(hromada_a))
        assert produced and all(len(row) == len(resource.fields) for row in produced)
        assert live.available(hromada_a)
        assert live.changed_at(hromada_a) is not None
        schema = resource.table_schema()
        assert schema["primaryKey"] == ["id"]
    assert registry.get("itassets.connectivity").title == "Підключення закладів до Інтернету"
    assert registry.get("itassets.cameras").title == "Камери відеоспостереження"


def test_the_open_data_module_offers_them_as_ready_exports(hromada_a, world):
    from hromada.opendata import forms

    form = forms.LiveDatasetForm(taken=set())
    offered = {value for value, _label in form.fields["live_key"].choices}
    assert {"itassets.connectivity", "itassets.cameras"} <= offered


@pytest.mark.parametrize("key", ["itassets.connectivity", "itassets.cameras"])
def test_the_open_data_module_publishes_them_past_its_personal_data_guard(hromada_a, world, key, settings, tmp_path):
    from hromada.opendata import publishing
    from hromada.opendata import services as opendata
    from tests.factories import member

    settings.MEDIA_ROOT = str(tmp_path)
    manager = member(hromada_a, "programme_manager")
    dataset = opendata.create_dataset(hromada_a, manager, live_key=key)
    outcome = publishing.publish_live(dataset)
    assert outcome.ok and outcome.published
