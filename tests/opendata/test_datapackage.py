"""A dataset as a Frictionless Data Package (v2): a valid descriptor whose resources are the published files
(address, size, SHA-256, Table Schema) and whose ``ua835:passport`` carries the rest of the 835 passport."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from frictionless import Package

from hromada.opendata import datapackage, services
from tests.factories import member
from tests.opendata.test_dcat import publish_mixed, publish_register, publish_upload

A = "http://a.localhost"


@pytest.fixture
def schools(hromada_a, admin_a):
    hromada_a.settings = {"opendata.publisher_edrpou": "04054903"}
    hromada_a.save(update_fields=["settings"])
    return publish_upload(hromada_a, admin_a, "Заклади освіти", rows=3)


def get_descriptor(client, slug: str) -> dict:
    response = client.get(f"/opendata/{slug}/datapackage.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_datapackage_is_a_valid_descriptor(client_a, schools):
    descriptor = get_descriptor(client_a, schools.slug)
    report = Package.validate_descriptor(descriptor)
    assert report.valid, [error.message for error in report.errors]
    package = Package.from_descriptor(descriptor)
    assert [resource.name for resource in package.resources] == [schools.resources.get().key]
    assert package.resources[0].schema.field_names == ["id", "name", "places"]


def test_datapackage_describes_the_dataset(client_a, schools, hromada_a):
    resource = schools.resources.get()
    version = resource.current
    descriptor = get_descriptor(client_a, schools.slug)
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["name"] == schools.slug
    assert descriptor["id"] == str(schools.uid)
    assert descriptor["title"] == "Заклади освіти"
    assert descriptor["description"] == schools.description
    assert descriptor["homepage"] == f"{A}/opendata/{schools.slug}/"
    assert descriptor["keywords"] == ["освіта", "заклади"]
    assert descriptor["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                       "title": "Creative Commons Attribution 4.0 International"}]
    assert descriptor["contributors"] == [
        {"title": hromada_a.council_name, "path": f"{A}/", "roles": ["publisher"]},
        {"title": "Олена Петренко", "email": "opendata@rada.example.org", "roles": ["contact"]},
    ]
    [item] = descriptor["resources"]
    assert item == {
        "name": resource.key, "path": f"{A}/opendata/{schools.slug}/{resource.key}/data.csv",
        "title": "Заклади", "description": "Один рядок — один заклад.", "type": "table", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8", "bytes": version.size, "hash": f"sha256:{version.sha256}",
        "schema": resource.table_schema,
    }
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", item["hash"])
    # The path is the current version, byte for byte.
    body = b"".join(client_a.get(item["path"].removeprefix(A)).streaming_content)
    assert len(body) == item["bytes"]
    assert "sha256:" + hashlib.sha256(body).hexdigest() == item["hash"]
    passport = descriptor["ua835:passport"]
    assert passport["identifier"] == schools.identifier
    assert passport["language"] == "uk"
    assert passport["relevanceDate"] == "2026-11-30"
    assert passport["accrualPeriodicity"] == {
        "key": "yearly", "label": "Щороку", "uri": "http://publications.europa.eu/resource/authority/frequency/ANNUAL"}
    assert passport["publisherName"] == hromada_a.council_name
    assert passport["publisherIdentifier"] == "04054903"
    assert passport["contactPointFn"] == "Олена Петренко"
    assert passport["contactPointHasEmail"] == "opendata@rada.example.org"
    assert passport["legalBasis"] == schools.basis
    assert passport["applicableLegislation"] == ["https://zakon.rada.gov.ua/laws/show/835-2015-п",
                                                 "https://zakon.rada.gov.ua/laws/show/2145-19"]
    assert passport["purpose"] == "Інформування мешканців."
    assert passport["landingPage"] == descriptor["homepage"]
    assert passport["issued"] and passport["modified"]


def test_a_live_dataset_has_the_registrys_schema(client_a, hromada_a, admin_a):
    register = publish_register(hromada_a, admin_a)
    descriptor = get_descriptor(client_a, register.slug)
    assert Package.validate_descriptor(descriptor).valid
    [item] = descriptor["resources"]
    assert item["schema"]["primaryKey"] == ["identifier"]
    assert item["schema"] == register.resources.get().table_schema
    assert descriptor["ua835:passport"]["obligation"] == "all-007"
    assert descriptor["ua835:passport"]["publisherIdentifier"] is None  # no ЄДРПОУ set for this hromada


def test_a_workbook_and_a_text(client_a, hromada_a, admin_a):
    dataset = publish_mixed(hromada_a, admin_a)
    descriptor = get_descriptor(client_a, dataset.slug)
    report = Package.validate_descriptor(descriptor)
    assert report.valid, [error.message for error in report.errors]
    sheet, pdf = dataset.resources.order_by("position")
    table, text = descriptor["resources"]
    # The workbook is published as its normalised CSV (the file the checksum is of).
    assert (table["type"], table["format"], table["mediatype"]) == ("table", "csv", "text/csv")
    assert table["path"].endswith(f"/{sheet.key}/data.csv")
    assert table["schema"] == sheet.table_schema
    assert text == {"name": pdf.key, "path": f"{A}/opendata/{dataset.slug}/{pdf.key}/data.pdf", "title": "Рішення",
                    "format": "pdf", "mediatype": "application/pdf", "bytes": pdf.current.size,
                    "hash": f"sha256:{pdf.current.sha256}"}
    body = b"".join(client_a.get(text["path"].removeprefix(A)).streaming_content)
    assert "sha256:" + hashlib.sha256(body).hexdigest() == text["hash"]


def test_a_resource_not_yet_published_is_left_out(client_a, schools, admin_a):
    services.add_resource(schools, admin_a, title="Додаток", fmt="csv")
    descriptor = get_descriptor(client_a, schools.slug)
    assert [item["name"] for item in descriptor["resources"]] == [schools.resources.first().key]
    assert Package.validate_descriptor(descriptor).valid


def test_datapackage_of_another_hromada_withdrawn_or_unknown(client, schools, admin_a, hromada_b):
    client.defaults["HTTP_HOST"] = "b.localhost"
    member(hromada_b, "hromada_admin", email="admin-b@example.org")
    assert client.get(f"/opendata/{schools.slug}/datapackage.json").status_code == 404
    client.defaults["HTTP_HOST"] = "a.localhost"
    assert client.get("/opendata/no-such-dataset/datapackage.json").status_code == 404
    services.withdraw(schools, admin_a, "Більше не збираються.")
    assert client.get(f"/opendata/{schools.slug}/datapackage.json").status_code == 410


def test_descriptor_without_a_request(schools):
    """The builder takes a base; what the view serves is that descriptor."""
    descriptor = datapackage.descriptor(schools, "https://rada.example.org/")
    assert descriptor["homepage"] == f"https://rada.example.org/opendata/{schools.slug}/"
    assert descriptor["resources"][0]["path"].startswith("https://rada.example.org/opendata/")
