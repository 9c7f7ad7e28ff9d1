"""CKAN's Action API over a hromada: each action's answer as CKAN 2.10 gives it, the envelope and its errors
(404 / 409 / 403 / 400, JSONP), the Solr subset of package_search, the DataStore's datastore_search, bad input
refused without a 500, one hromada never showing another's data, and a fixed number of queries per page."""

from __future__ import annotations

import copy
import json
import uuid
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from hromada.core.models import Department
from hromada.opendata import ckan, publishing, services
from hromada.opendata.models import Dataset, DatasetStatus, Resource, ResourceVersion
from tests.apiclient import uk
from tests.factories import HromadaFactory, member
from tests.opendata.conftest import KEY, make_manager, make_units

pytestmark = pytest.mark.django_db

EDRPOU = "04054903"
COUNCIL = "Вільнянська міська рада"
CONTRACTS_CSV = ("number,date,amount,supplier\n"
                 "12/26,2026-02-03,845000.00,ТОВ «Будсервіс»\n"
                 "27/26,2026-03-18,1234500.50,ПП «Світло»\n"
                 "31/26,2026-03-20,,ТОВ «Будсервіс»\n")
BASIS = "Постанова КМУ від 21.10.2015 № 835"
PURPOSE = "Прозорість використання бюджетних коштів."
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as the root conftest's, for the module's data


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat()


def call(client, action: str, prefix: str = "/api/3/action/", **params):
    return client.get(prefix + action, params)


def result(response, status: int = 200):
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert body["success"] is True
    return body["result"]


def failure(response, status: int) -> dict:
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert body["success"] is False and set(body) == {"help", "success", "error"}
    return body["error"]


@pytest.fixture
def client_b(hromada_b):
    return Client(HTTP_HOST="b.localhost")


def _build_site(hromada_a, hromada_b, manager, units):
    """Hromada A publishes the units (generated) and the contracts (uploaded), and keeps a draft; hromada B
    publishes its own units under the same address name."""
    hromada_a.council_name = COUNCIL
    hromada_a.settings = {"opendata.publisher_edrpou": EDRPOU}
    hromada_a.save()
    unit_set = services.create_dataset(hromada_a, manager, live_key=KEY)
    assert publishing.publish_live(unit_set).ok
    contracts = services.create_dataset(
        hromada_a, manager, title="Перелік укладених договорів", frequency="quarterly",
        description="Договори, укладені радою: номер, дата, сума і постачальник.", basis=BASIS, purpose=PURPOSE,
        contact_name="Олена Петренко", contact_email="op@rada.gov.ua",
        keywords="договори, закупівлі, охорона здоров’я", topic="finansy")
    resource = services.add_resource(contracts, manager, title="Договори", description="Номер, дата, сума.")
    upload = publishing.upload(resource, SimpleUploadedFile("d.csv", CONTRACTS_CSV.encode()), user=manager,
                               relevance_date=date(2026, 3, 31))
    assert upload.version is not None, upload.problems
    draft = services.create_dataset(hromada_a, manager, title="Проєкт бюджету (чернетка)", frequency="yearly",
                                    description="Ще не оприлюднено.", basis=BASIS)
    Dataset.objects.filter(pk=unit_set.pk).update(created_at=at(2025, 1, 5, 8), updated_at=at(2025, 1, 10, 9))
    Dataset.objects.filter(pk=contracts.pk).update(
        created_at=at(2025, 2, 1, 7), updated_at=at(2025, 3, 1, 12, 30), first_published_at=at(2025, 2, 1, 8),
        last_modified_at=at(2025, 3, 1, 12, 30))
    manager_b = member(hromada_b, "programme_manager", email="manager@b.example")
    Department.objects.create(hromada=hromada_b, name="Відділ громади Б", email="b@rada.gov.ua")
    other = services.create_dataset(hromada_b, manager_b, live_key=KEY)
    assert publishing.publish_live(other).ok
    return SimpleNamespace(units=Dataset.objects.get(pk=unit_set.pk), contracts=Dataset.objects.get(pk=contracts.pk),
                           resource=Resource.objects.select_related("current").get(pk=resource.pk),
                           unit_resource=Resource.objects.select_related("current").get(dataset=unit_set),
                           draft=draft, other=Dataset.objects.get(pk=other.pk),
                           other_resource=Resource.objects.get(dataset=other))


@pytest.fixture(scope="module")
def _module_data(django_db_setup, django_db_blocker):
    """The two hromadas (as the root conftest's `hromada_a`/`hromada_b`), the manager, the units and the site,
    built once for the module (~1 s a test otherwise) in a transaction rolled back after its last test.

    Each test still runs in its own transaction inside that one (pytest-django's `db`), rolled back after it, and
    gets deep copies of the objects — Django's `TestCase.setUpTestData`: what a test changes, the next one never
    sees."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        outer = transaction.atomic()
        outer._from_testcase = True  # the tests' own blocks nest in it as in a TestCase's class-wide block
        outer.__enter__()
        try:
            hromada_a = HromadaFactory(name="Громада А", short_name="Громада А", host="a.localhost", is_default=True)
            hromada_b = HromadaFactory(name="Громада Б", short_name="Громада Б", host="b.localhost")
            manager = make_manager(hromada_a)
            units = make_units(hromada_a)
            site = _build_site(hromada_a, hromada_b, manager, units)
            yield SimpleNamespace(hromada_a=hromada_a, hromada_b=hromada_b, manager=manager, units=units, site=site)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def _data(_module_data, db):
    return copy.deepcopy(_module_data)


@pytest.fixture
def hromada_a(_data):
    return _data.hromada_a


@pytest.fixture
def hromada_b(_data):
    return _data.hromada_b


@pytest.fixture
def manager(_data):
    return _data.manager


@pytest.fixture
def units(_data):
    return _data.units


@pytest.fixture
def site(_data):
    return _data.site


def org_id(hromada) -> str:
    return str(uuid.uuid5(ckan.NAMESPACE, f"organization:{hromada.katottg}"))


def group_id(slug: str) -> str:
    return str(uuid.uuid5(ckan.NAMESPACE, f"group:{slug}"))


def tag(name: str, display: str | None = None) -> dict:
    return {"id": str(uuid.uuid5(ckan.NAMESPACE, f"tag:{name}")), "name": name, "display_name": display or name,
            "state": "active", "vocabulary_id": None}


# --- the envelope -----------------------------------------------------------------------------------------


def test_an_answer_is_wrapped_in_ckans_envelope_with_the_help_address(client_a, site):
    response = call(client_a, "package_list")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json;charset=utf-8"
    assert response.json() == {"help": "http://a.localhost/api/3/action/help_show?name=package_list",
                               "success": True,
                               "result": ["perelik-ukladenykh-dohovoriv", "strukturni-pidrozdily-test"]}


def test_the_short_address_ckanapi_calls_answers_the_same(client_a, site):
    assert call(client_a, "package_list", prefix="/api/action/").json() == call(client_a, "package_list").json()


def test_a_post_with_a_json_body_needs_no_csrf_token(site):
    client = Client(HTTP_HOST="a.localhost", enforce_csrf_checks=True)
    response = client.post("/api/3/action/package_show", json.dumps({"id": "perelik-ukladenykh-dohovoriv"}),
                           content_type="application/json")
    assert result(response)["id"] == str(site.contracts.uid)
    # An empty body is an empty set of parameters.
    assert result(client.post("/api/3/action/package_list")) == ["perelik-ukladenykh-dohovoriv",
                                                                 "strukturni-pidrozdily-test"]


def test_a_form_post_is_read_as_ckan_reads_it(client_a, site):
    as_key = client_a.post("/api/3/action/package_show", {json.dumps({"id": site.units.slug}): "1"})
    assert result(as_key)["name"] == site.units.slug
    as_fields = client_a.post("/api/3/action/package_show", {"id": site.units.slug, "use_default_schema": "true"})
    assert result(as_fields)["name"] == site.units.slug


@pytest.mark.parametrize("body, detail", [
    ("{not json", "Bad request - JSON Error: Error decoding JSON data."),
    ("[1, 2]", "Bad request - JSON Error: Request data JSON decoded to [1, 2] but it needs to be a dictionary."),
])
def test_a_body_that_is_not_a_json_object_is_a_bad_request(client_a, site, body, detail):
    response = client_a.post("/api/3/action/package_list", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == detail


def test_an_unknown_action_is_a_bad_request_as_ckan_answers_it(client_a, site):
    response = call(client_a, "package_frobnicate")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json;charset=utf-8"
    assert response.json() == "Bad request - Action name not known: package_frobnicate"


@pytest.mark.parametrize("action", ["package_create", "package_update", "resource_delete", "datastore_upsert",
                                    "organization_member_create", "package_patch"])
def test_a_write_action_is_refused_and_changes_nothing(client_a, site, action):
    before = Dataset.objects.count()
    response = client_a.post(f"/api/3/action/{action}", json.dumps({"name": "new", "title": "Новий"}),
                             content_type="application/json")
    error = failure(response, 403)
    assert error == {"__type": "Authorization Error",
                     "message": uk("Access denied: this site publishes its data read-only; change it in the "
                                   "hromada's own system.")}
    assert Dataset.objects.count() == before
    # As in CKAN, a write action does not take GET at all.
    got = call(client_a, action)
    assert got.status_code == 400
    assert got.json() == "Bad request - JSON Error: Invalid request. Please use POST method for your request"


def test_other_methods_are_not_allowed(client_a, site):
    assert client_a.put("/api/3/action/package_list").status_code == 405
    assert client_a.delete("/api/3/action/package_list").status_code == 405


def test_jsonp_wraps_a_successful_get_in_the_callback(client_a, site):
    response = call(client_a, "package_list", callback="handle.data_1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript;charset=utf-8"
    text = response.content.decode()
    assert text.startswith("handle.data_1(") and text.endswith(");")
    assert json.loads(text[len("handle.data_1("):-2])["result"] == ["perelik-ukladenykh-dohovoriv",
                                                                    "strukturni-pidrozdily-test"]
    # An error is not wrapped (as in CKAN), and a callback that is not a name is refused.
    assert call(client_a, "package_show", id="nothing", callback="cb").json()["success"] is False
    bad = call(client_a, "package_list", callback="alert(1)//")
    assert bad.status_code == 400
    assert bad.json() == "Bad request - " + uk("The callback must be a JavaScript function name.")


def test_help_show_says_what_an_action_does(client_a, site):
    assert result(call(client_a, "help_show", name="package_search")).startswith(uk(
        "Search the published datasets: q, fq (metadata_modified, organization, tags, res_format, groups, name, "
        "id, license_id), rows (up to 1000), start, sort, facet.field, facet.limit, facet.mincount."))
    assert failure(call(client_a, "help_show", name="package_purge"), 404)["__type"] == "Not Found Error"


# --- packages ---------------------------------------------------------------------------------------------


def test_package_show_gives_the_dataset_with_ckans_fields(client_a, site, hromada_a):
    contracts, resource = site.contracts, site.resource
    version = resource.current
    shown = result(call(client_a, "package_show", id="perelik-ukladenykh-dohovoriv"))
    assert shown == {
        "id": str(contracts.uid),
        "name": "perelik-ukladenykh-dohovoriv",
        "title": "Перелік укладених договорів",
        "notes": "Договори, укладені радою: номер, дата, сума і постачальник.",
        "url": "http://a.localhost/opendata/perelik-ukladenykh-dohovoriv/",
        "author": COUNCIL,
        "author_email": None,
        "maintainer": "Олена Петренко",
        "maintainer_email": "op@rada.gov.ua",
        "license_id": "cc-by",
        "license_title": "Creative Commons Attribution",
        "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "isopen": True,
        "version": None,
        "state": "active",
        "private": False,
        "type": "dataset",
        "creator_user_id": None,
        "metadata_created": "2025-02-01T07:00:00",
        "metadata_modified": "2025-03-01T12:30:00",
        "language": "uk",
        "update_frequency": "Щокварталу",
        "num_resources": 1,
        "num_tags": 3,
        "tags": [tag("договори"), tag("закупівлі"), tag("охорона здоровя", "охорона здоров’я")],
        "groups": [{"id": group_id("finansy"), "name": "finansy", "title": "Фінанси", "display_name": "Фінанси",
                    "description": "", "image_display_url": ""}],
        "organization": {"id": org_id(hromada_a), "name": "vilnianska-miska-rada", "title": COUNCIL,
                         "type": "organization", "description": "", "image_url": "",
                         "created": iso(hromada_a.created_at), "is_organization": True,
                         "approval_status": "approved", "state": "active"},
        "owner_org": org_id(hromada_a),
        "resources": [{
            "id": str(resource.uid),
            "package_id": str(contracts.uid),
            "name": "Договори",
            "description": "Номер, дата, сума.",
            "format": "CSV",
            "url": f"http://a.localhost/opendata/perelik-ukladenykh-dohovoriv/{resource.key}/data.csv",
            "url_type": None,
            "mimetype": "text/csv",
            "mimetype_inner": None,
            "size": version.size,
            "hash": version.sha256,
            "created": iso(resource.created_at),
            "last_modified": iso(version.created_at),
            "metadata_modified": iso(resource.updated_at),
            "position": 0,
            "state": "active",
            "resource_type": None,
            "cache_url": None,
            "cache_last_updated": None,
            "datastore_active": True,
        }],
        "extras": [
            {"key": "contact_email", "value": "op@rada.gov.ua"},
            {"key": "contact_name", "value": "Олена Петренко"},
            {"key": "frequency", "value": "Щокварталу"},
            {"key": "identifier", "value": f"{EDRPOU}-perelik-ukladenykh-dohovoriv"},
            {"key": "issued", "value": "2025-02-01T08:00:00"},
            {"key": "katottg", "value": hromada_a.katottg},
            {"key": "legal_basis", "value": BASIS},
            {"key": "modified", "value": "2025-03-01T12:30:00"},
            {"key": "next_update_due", "value": contracts.next_due.isoformat()},
            {"key": "publisher_identifier", "value": EDRPOU},
            {"key": "publisher_name", "value": COUNCIL},
            {"key": "purpose", "value": PURPOSE},
            {"key": "relevance_date", "value": "2026-03-31"},
        ],
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }
    assert version.size == len(CONTRACTS_CSV.encode()) and len(version.sha256) == 64


def test_package_show_takes_the_id_as_well_as_the_name(client_a, site):
    assert result(call(client_a, "package_show", id=str(site.units.uid)))["name"] == "strukturni-pidrozdily-test"
    units = result(call(client_a, "package_show", id="strukturni-pidrozdily-test"))
    assert units["author"] == COUNCIL and units["groups"][0]["name"] == "derzhava"
    assert units["resources"][0]["url"] == "http://a.localhost/opendata/strukturni-pidrozdily-test/units/data.csv"


@pytest.mark.parametrize("ref", ["nothing-here", "DRAFT", "DRAFT-UID", "6f1c2b9e-0000-4000-8000-000000000001"])
def test_an_unknown_or_draft_dataset_is_not_found(client_a, site, ref):
    ref = {"DRAFT": site.draft.slug, "DRAFT-UID": str(site.draft.uid)}.get(ref, ref)
    error = failure(call(client_a, "package_show", id=ref), 404)
    assert error == {"__type": "Not Found Error", "message": f"{uk('Not found')}: {uk('Dataset not found')}"}


def test_a_withdrawn_dataset_is_not_found_and_leaves_the_lists(client_a, site, manager):
    services.withdraw(site.contracts, manager, "Дані застаріли")
    assert failure(call(client_a, "package_show", id=site.contracts.slug), 404)["__type"] == "Not Found Error"
    assert result(call(client_a, "package_list")) == ["strukturni-pidrozdily-test"]
    assert result(call(client_a, "package_search"))["count"] == 1
    assert failure(call(client_a, "resource_show", id=str(site.resource.uid)), 404)["__type"] == "Not Found Error"
    assert failure(call(client_a, "datastore_search", resource_id=str(site.resource.uid)), 404)


def test_package_show_without_an_id_is_a_validation_error(client_a, site):
    error = failure(call(client_a, "package_show"), 409)
    assert error == {"__type": "Validation Error", "id": [uk("Missing value")],
                     "message": f"id: {uk('Missing value')}"}


def test_package_list_pages_by_limit_and_offset(client_a, site):
    assert result(call(client_a, "package_list", limit=1)) == ["perelik-ukladenykh-dohovoriv"]
    assert result(call(client_a, "package_list", limit=1, offset=1)) == ["strukturni-pidrozdily-test"]
    assert result(call(client_a, "package_list", offset=5)) == []


def test_current_package_list_with_resources_puts_the_latest_change_first(client_a, site):
    names = [p["name"] for p in result(call(client_a, "current_package_list_with_resources"))]
    assert names == ["perelik-ukladenykh-dohovoriv", "strukturni-pidrozdily-test"]


def test_resource_show_gives_the_resource_as_the_package_lists_it(client_a, site):
    shown = result(call(client_a, "resource_show", id=str(site.resource.uid)))
    package = result(call(client_a, "package_show", id=site.contracts.slug))
    assert shown == package["resources"][0]


@pytest.mark.parametrize("ref", ["not-a-uuid", "6f1c2b9e-0000-4000-8000-000000000001"])
def test_an_unknown_resource_is_not_found(client_a, site, ref):
    assert failure(call(client_a, "resource_show", id=ref), 404) == {
        "__type": "Not Found Error", "message": f"{uk('Not found')}: {uk('Resource was not found.')}"}


def test_a_resource_never_published_is_not_listed(client_a, site, manager):
    services.add_resource(site.contracts, manager, title="Додатки")
    package = result(call(client_a, "package_show", id=site.contracts.slug))
    assert [r["name"] for r in package["resources"]] == ["Договори"] and package["num_resources"] == 1


# --- package_search ---------------------------------------------------------------------------------------


def names(response) -> list[str]:
    return [p["name"] for p in result(response)["results"]]


def test_package_search_by_default_lists_the_latest_changes_first(client_a, site):
    found = result(call(client_a, "package_search"))
    assert found["count"] == 2 and found["sort"] == "score desc, metadata_modified desc"
    assert [p["name"] for p in found["results"]] == ["perelik-ukladenykh-dohovoriv", "strukturni-pidrozdily-test"]
    assert found["facets"] == {} and found["search_facets"] == {}
    assert found["results"][0] == result(call(client_a, "package_show", id=site.contracts.slug))


def test_q_finds_words_in_any_form(client_a, site):
    assert names(call(client_a, "package_search", q="договір")) == ["perelik-ukladenykh-dohovoriv"]
    assert names(call(client_a, "package_search", q="підрозділ")) == ["strukturni-pidrozdily-test"]
    assert names(call(client_a, "package_search", q="космодром")) == []
    assert result(call(client_a, "package_search", q="*:*", fq="*:*"))["count"] == 2
    # A fielded q is a filter, as in Solr.
    assert names(call(client_a, "package_search", q="tags:закупівлі")) == ["perelik-ukladenykh-dohovoriv"]


@pytest.mark.parametrize("fq, expected", [
    # The harvester's own form: gather_started minus an hour, isoformat() and a «Z».
    ("metadata_modified:[2025-02-15T09:00:00.123456Z TO *]", ["perelik-ukladenykh-dohovoriv"]),
    ("metadata_modified:[2025-03-01T12:30:00Z TO *]", ["perelik-ukladenykh-dohovoriv"]),
    ("metadata_modified:{2025-03-01T12:30:00Z TO *}", []),
    ("metadata_modified:[* TO 2025-02-15T00:00:00Z]", ["strukturni-pidrozdily-test"]),
    ("metadata_modified:[2025-01-01 TO 2025-01-31]", ["strukturni-pidrozdily-test"]),
    ("metadata_modified:[NOW-1DAY TO NOW]", []),
    ("metadata_created:[2025-02-01T00:00:00Z TO 2025-02-02T00:00:00Z]", ["perelik-ukladenykh-dohovoriv"]),
    ("organization:vilnianska-miska-rada", ["perelik-ukladenykh-dohovoriv", "strukturni-pidrozdily-test"]),
    ("organization:another-council", []),
    ("-organization:vilnianska-miska-rada", []),
    ("tags:структура", ["strukturni-pidrozdily-test"]),
    ('tags:"охорона здоров’я"', ["perelik-ukladenykh-dohovoriv"]),
    ('tags:"охорона здоровя"', ["perelik-ukladenykh-dohovoriv"]),
    ("tags:закуп*", ["perelik-ukladenykh-dohovoriv"]),
    ("res_format:CSV", ["perelik-ukladenykh-dohovoriv", "strukturni-pidrozdily-test"]),
    ("res_format:PDF", []),
    ("groups:finansy", ["perelik-ukladenykh-dohovoriv"]),
    ("name:strukturni-pidrozdily-test", ["strukturni-pidrozdily-test"]),
    ("groups:derzhava tags:структура", ["strukturni-pidrozdily-test"]),
    ("groups:derzhava AND tags:договори", []),
    ("groups:derzhava OR tags:договори", ["perelik-ukladenykh-dohovoriv", "strukturni-pidrozdily-test"]),
    ("groups:(finansy OR transport) +res_format:CSV", ["perelik-ukladenykh-dohovoriv"]),
    ("NOT groups:finansy", ["strukturni-pidrozdily-test"]),
    ("+capacity:public +state:(active OR draft) dataset_type:dataset", ["perelik-ukladenykh-dohovoriv",
                                                                         "strukturni-pidrozdily-test"]),
])
def test_fq_filters_as_solr_would(client_a, site, fq, expected):
    assert names(call(client_a, "package_search", fq=fq)) == expected


def test_fq_takes_the_organization_and_group_ids_too(client_a, site, hromada_a):
    assert result(call(client_a, "package_search", fq=f"owner_org:{org_id(hromada_a)}"))["count"] == 2
    assert names(call(client_a, "package_search", fq=f"groups:{group_id('finansy')}")) == [
        "perelik-ukladenykh-dohovoriv"]
    assert names(call(client_a, "package_search", fq=f"id:{site.units.uid}")) == ["strukturni-pidrozdily-test"]


def test_rows_and_start_page_through_the_results(client_a, site):
    first = result(call(client_a, "package_search", rows=1, sort="name asc"))
    second = result(call(client_a, "package_search", rows=1, start=1, sort="name asc"))
    beyond = result(call(client_a, "package_search", rows=1, start=2, sort="name asc"))
    assert (first["count"], second["count"], beyond["count"]) == (2, 2, 2)
    assert [p["name"] for p in first["results"] + second["results"]] == ["perelik-ukladenykh-dohovoriv",
                                                                          "strukturni-pidrozdily-test"]
    assert beyond["results"] == []
    # More than CKAN's 1 000 rows is cut to 1 000, as CKAN does, not refused.
    assert result(call(client_a, "package_search", rows=5000))["count"] == 2


@pytest.mark.parametrize("sort, expected", [
    ("metadata_modified desc", ["perelik-ukladenykh-dohovoriv", "strukturni-pidrozdily-test"]),
    ("metadata_modified asc", ["strukturni-pidrozdily-test", "perelik-ukladenykh-dohovoriv"]),
    ("metadata_created asc", ["strukturni-pidrozdily-test", "perelik-ukladenykh-dohovoriv"]),
    ("title_string asc", ["perelik-ukladenykh-dohovoriv", "strukturni-pidrozdily-test"]),
    ("title_string desc", ["strukturni-pidrozdily-test", "perelik-ukladenykh-dohovoriv"]),
    ("name desc", ["strukturni-pidrozdily-test", "perelik-ukladenykh-dohovoriv"]),
    ("score desc, name asc", ["perelik-ukladenykh-dohovoriv", "strukturni-pidrozdily-test"]),
])
def test_sort_orders_the_results(client_a, site, sort, expected):
    assert names(call(client_a, "package_search", sort=sort)) == expected


def test_sort_by_id_is_the_harvesters_order(client_a, site):
    expected = [d.slug for d in sorted([site.units, site.contracts], key=lambda d: str(d.uid))]
    assert names(call(client_a, "package_search", sort="id asc")) == expected


def test_facets_count_over_everything_the_query_selects(client_a, site, hromada_a):
    found = result(call(client_a, "package_search", rows=0, **{
        "facet.field": json.dumps(["tags", "res_format", "organization", "groups", "license_id"])}))
    assert found["results"] == [] and found["count"] == 2
    assert found["facets"] == {
        "tags": {"договори": 1, "закупівлі": 1, "охорона здоровя": 1, "структура": 1},
        "res_format": {"CSV": 2},
        "organization": {"vilnianska-miska-rada": 2},
        "groups": {"derzhava": 1, "finansy": 1},
        "license_id": {"cc-by": 2},
    }
    # CKAN 2.10 orders each facet's items by display name, descending.
    assert found["search_facets"] == {
        "tags": {"title": "tags", "items": [
            {"name": "структура", "display_name": "структура", "count": 1},
            {"name": "охорона здоровя", "display_name": "охорона здоровя", "count": 1},
            {"name": "закупівлі", "display_name": "закупівлі", "count": 1},
            {"name": "договори", "display_name": "договори", "count": 1}]},
        "res_format": {"title": "res_format", "items": [{"name": "CSV", "display_name": "CSV", "count": 2}]},
        "organization": {"title": "organization", "items": [
            {"name": "vilnianska-miska-rada", "display_name": COUNCIL, "count": 2}]},
        "groups": {"title": "groups", "items": [
            {"name": "finansy", "display_name": "Фінанси", "count": 1},
            {"name": "derzhava", "display_name": "Держава", "count": 1}]},
        "license_id": {"title": "license_id", "items": [
            {"name": "cc-by", "display_name": "Creative Commons Attribution", "count": 2}]},
    }


def test_facet_limit_and_mincount_trim_the_items(client_a, site):
    found = result(call(client_a, "package_search", fq="groups:finansy", **{
        "facet.field": '["tags", "groups"]', "facet.limit": "2", "facet.mincount": "1"}))
    assert found["facets"] == {"tags": {"договори": 1, "закупівлі": 1}, "groups": {"finansy": 1}}
    none = result(call(client_a, "package_search", **{"facet.field": '["res_format"]', "facet.mincount": "3"}))
    assert none["search_facets"] == {"res_format": {"title": "res_format", "items": []}}


@pytest.mark.parametrize("params, field, message", [
    ({"rows": "abc"}, "rows", "Invalid integer"),
    ({"rows": "-1"}, "rows", "Must be a natural number"),
    ({"start": "1.5"}, "start", "Invalid integer"),
    ({"start": str(10**30)}, "start", None),
    ({"facet.field": "tags"}, "facet.field", "Could not parse as valid JSON"),
    ({"facet.field": '{"a": 1}'}, "facet.field", "Not a list"),
    ({"facet.limit": "many"}, "facet.limit", "Invalid integer"),
])
def test_bad_numbers_and_lists_are_validation_errors(client_a, site, params, field, message):
    error = failure(call(client_a, "package_search", **params), 409)
    text = uk(message) if message else uk("Must be at most %(max)d") % {"max": ckan.OFFSET_MAX}
    assert error == {"__type": "Validation Error", field: [text], "message": f"{field}: {text}"}


@pytest.mark.parametrize("fq", ["metadata_modified:[yesterday TO *]", "tags:(a OR b", "author:someone",
                                "metadata_modified:[2025-01-01 *]", "organization:", "just words",
                                "metadata_modified:[NOW-1FORTNIGHT TO *]", "name:[a TO b]", '"unclosed',
                                "(" * 900 + "name:x" + ")" * 900, "name:x OR " * 500 + "name:y"])
def test_an_fq_we_cannot_read_is_a_validation_error(client_a, site, fq):
    error = failure(call(client_a, "package_search", fq=fq), 409)
    assert error["__type"] == "Validation Error" and set(error) == {"__type", "fq", "message"}


@pytest.mark.parametrize("sort", ["author asc", "name", "name upward", "title_string asc, owner desc"])
def test_a_sort_we_cannot_do_is_a_validation_error(client_a, site, sort):
    error = failure(call(client_a, "package_search", sort=sort), 409)
    assert error["__type"] == "Validation Error" and set(error) == {"__type", "sort", "message"}


def test_a_page_of_a_thousand_packages_costs_a_fixed_number_of_queries(client_a, site, hromada_a):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            found = result(call(client_a, "package_search", rows=1000, **{"facet.field": '["tags", "groups"]'}))
        return len(captured), found["count"]

    few = queries()
    for n in range(30):
        dataset = Dataset.objects.create(
            hromada=hromada_a, slug=f"extra-{n}", identifier=f"X-{n}", title=f"Набір {n}", description="Опис.",
            frequency="yearly", contact_name="Особа", contact_email="o@rada.gov.ua", basis=BASIS,
            keywords=[f"слово {n}"], topic="ekonomika", status=DatasetStatus.PUBLISHED)
        resource = Resource.objects.create(dataset=dataset, key="data", title="Дані", kind="upload")
        resource.current = ResourceVersion.objects.create(resource=resource, number=1, format="csv", size=1,
                                                          sha256="0" * 64, file="x.csv", row_count=0)
        resource.save()
    many = queries()
    assert few[1] == 2 and many[1] == 32
    assert few[0] == many[0] <= 6


# --- organization, groups, tags, status -------------------------------------------------------------------


def test_the_council_is_the_one_organization(client_a, site, hromada_a):
    assert result(call(client_a, "organization_list")) == ["vilnianska-miska-rada"]
    listed = result(call(client_a, "organization_list", all_fields="true"))
    shown = result(call(client_a, "organization_show", id="vilnianska-miska-rada"))
    assert listed == [shown]
    assert shown == {
        "id": org_id(hromada_a), "name": "vilnianska-miska-rada", "title": COUNCIL, "display_name": COUNCIL,
        "type": "organization", "description": "", "image_url": "", "image_display_url": "",
        "created": iso(hromada_a.created_at), "is_organization": True, "approval_status": "approved",
        "state": "active", "num_followers": 0, "package_count": 2, "users": [], "groups": [], "tags": [],
        "extras": [{"key": "edrpou", "value": EDRPOU}, {"key": "katottg", "value": hromada_a.katottg}],
    }
    # The harvester asks for the organization by the id its packages carry.
    assert result(call(client_a, "organization_show", id=org_id(hromada_a)))["name"] == "vilnianska-miska-rada"


def test_organization_show_can_include_the_datasets(client_a, site):
    shown = result(call(client_a, "organization_show", id="vilnianska-miska-rada", include_datasets="true"))
    assert [p["name"] for p in shown["packages"]] == ["perelik-ukladenykh-dohovoriv", "strukturni-pidrozdily-test"]


def test_organization_list_filters_sorts_and_pages(client_a, site):
    assert result(call(client_a, "organization_list", sort="package_count")) == ["vilnianska-miska-rada"]
    assert result(call(client_a, "organization_list", offset=1)) == []
    assert result(call(client_a, "organization_list", organizations='["another"]')) == []
    assert result(call(client_a, "organization_list", q="міська")) == ["vilnianska-miska-rada"]
    error = failure(call(client_a, "organization_list", sort="created desc"), 409)
    assert error["__type"] == "Validation Error" and set(error) == {"__type", "sort", "message"}


def test_an_unknown_organization_is_not_found(client_a, site, hromada_b):
    assert failure(call(client_a, "organization_show", id="another-council"), 404) == {
        "__type": "Not Found Error", "message": f"{uk('Not found')}: {uk('Organization not found')}"}
    # Another hromada's council is not this site's organization.
    assert failure(call(client_a, "organization_show", id=org_id(hromada_b)), 404)["__type"] == "Not Found Error"


def test_the_groups_are_data_gov_uas_twelve_topics(client_a, site):
    listed = result(call(client_a, "group_list"))
    assert sorted(listed) == sorted(slug for slug, _label in ckan.TOPICS) and len(listed) == 12
    # By title: Держава, Державні доходи і видатки, Економіка та бізнес.
    assert listed[:3] == ["derzhava", "podatky", "ekonomika"]
    full = result(call(client_a, "group_list", all_fields="true", sort="package_count desc", limit=3))
    assert [(g["name"], g["package_count"]) for g in full] == [("derzhava", 1), ("finansy", 1),
                                                                ("ekolohiia", 0)]  # ties by name
    assert full[1] == {
        "id": group_id("finansy"), "name": "finansy", "title": "Фінанси", "display_name": "Фінанси",
        "description": "", "image_display_url": "", "image_url": "", "type": "group",
        "created": full[1]["created"], "is_organization": False, "approval_status": "approved", "state": "active",
        "num_followers": 0, "package_count": 1}


def test_group_show_by_name_or_id(client_a, site):
    by_name = result(call(client_a, "group_show", id="finansy", include_datasets="true"))
    by_id = result(call(client_a, "group_show", id=group_id("finansy"), include_datasets="true"))
    assert by_name == by_id
    assert by_name["package_count"] == 1 and [p["name"] for p in by_name["packages"]] == [
        "perelik-ukladenykh-dohovoriv"]
    assert "packages" not in result(call(client_a, "group_show", id="finansy"))
    assert failure(call(client_a, "group_show", id="kosmos"), 404)["__type"] == "Not Found Error"


def test_tag_list_names_the_keywords_as_ckan_tags(client_a, site):
    assert result(call(client_a, "tag_list")) == ["договори", "закупівлі", "охорона здоровя", "структура"]
    assert result(call(client_a, "tag_list", query="ЗАКУП")) == ["закупівлі"]
    assert result(call(client_a, "tag_list", query="структ", all_fields="true")) == [
        {"id": tag("структура")["id"], "name": "структура", "display_name": "структура", "vocabulary_id": None}]


def test_status_show_says_which_ckan_it_answers_as(client_a, site):
    assert result(call(client_a, "status_show")) == {
        "site_title": COUNCIL, "site_description": "", "site_url": "http://a.localhost", "ckan_version": "2.10.4",
        "error_emails_to": None, "locale_default": "uk", "extensions": ["datastore", "dcat"]}


def test_license_list_names_the_licences_in_ckans_terms(client_a, site):
    assert [item["id"] for item in result(call(client_a, "license_list"))] == ["cc-by", "cc-zero", "odc-by"]


# --- datastore_search -------------------------------------------------------------------------------------


def records(response) -> list:
    return result(response)["records"]


def test_datastore_search_gives_the_rows_of_the_current_version(client_a, site):
    rid = str(site.resource.uid)
    found = result(call(client_a, "datastore_search", resource_id=rid))
    assert found == {
        "include_total": True, "resource_id": rid, "records_format": "objects",
        "fields": [{"id": "_id", "type": "int"}, {"id": "number", "type": "text"}, {"id": "date", "type": "date"},
                   {"id": "amount", "type": "numeric"}, {"id": "supplier", "type": "text"}],
        "records": [
            {"_id": 1, "number": "12/26", "date": "2026-02-03", "amount": 845000.0, "supplier": "ТОВ «Будсервіс»"},
            {"_id": 2, "number": "27/26", "date": "2026-03-18", "amount": 1234500.5, "supplier": "ПП «Світло»"},
            {"_id": 3, "number": "31/26", "date": "2026-03-20", "amount": None, "supplier": "ТОВ «Будсервіс»"}],
        "limit": 100, "offset": 0, "total": 3, "total_was_estimated": False,
        "_links": {"start": f"/api/3/action/datastore_search?resource_id={rid}",
                   "next": f"/api/3/action/datastore_search?resource_id={rid}&offset=100"},
    }


def test_a_live_resources_fields_carry_their_titles(client_a, site, units):
    found = result(call(client_a, "datastore_search", id=str(site.unit_resource.uid)))
    assert found["fields"] == [
        {"id": "_id", "type": "int"}, {"id": "id", "type": "int", "info": {"label": "Ідентифікатор"}},
        {"id": "name", "type": "text", "info": {"label": "Назва"}},
        {"id": "email", "type": "text", "info": {"label": "Електронна пошта"}},
        {"id": "phone", "type": "text", "info": {"label": "Телефон"}}]
    assert found["records"][0] == {"_id": 1, "id": units[0].pk, "name": "Загальний відділ",
                                   "email": "zv@rada.gov.ua", "phone": None}


def test_the_total_of_an_unfiltered_search_is_the_versions_row_count(client_a, site):
    with CaptureQueriesContext(connection) as captured:
        found = result(call(client_a, "datastore_search", resource_id=str(site.resource.uid), limit=1))
    assert found["total"] == site.resource.current.row_count == 3
    assert not [q for q in captured if "COUNT(" in q["sql"].upper()]
    assert "total" not in result(call(client_a, "datastore_search", resource_id=str(site.resource.uid),
                                      include_total="false"))


def test_limit_and_offset_page_with_links(client_a, site):
    rid = str(site.resource.uid)
    found = result(call(client_a, "datastore_search", resource_id=rid, limit=1, offset=1))
    assert [r["_id"] for r in found["records"]] == [2] and found["total"] == 3
    assert found["_links"] == {
        "start": f"/api/3/action/datastore_search?resource_id={rid}&limit=1",
        "next": f"/api/3/action/datastore_search?resource_id={rid}&limit=1&offset=2"}
    # CKAN's ceiling of 32 000 rows: a larger limit is cut, not refused.
    assert result(call(client_a, "datastore_search", resource_id=rid, limit=50000))["limit"] == 32000


def test_q_finds_rows_with_every_word(client_a, site):
    rid = str(site.resource.uid)
    assert [r["_id"] for r in records(call(client_a, "datastore_search", resource_id=rid, q="будсервіс"))] == [1, 3]
    found = result(call(client_a, "datastore_search", resource_id=rid, q="Будсервіс 2026-03"))
    assert [r["_id"] for r in found["records"]] == [3] and found["total"] == 1 and found["q"] == "Будсервіс 2026-03"


@pytest.mark.parametrize("filters, expected", [
    ({"supplier": "ТОВ «Будсервіс»"}, [1, 3]),
    ({"number": ["12/26", "27/26"]}, [1, 2]),
    ({"amount": "845000"}, [1]),
    ({"amount": 1234500.5}, [2]),
    ({"amount": None}, [3]),
    ({"supplier": "ТОВ «Будсервіс»", "date": "2026-03-20"}, [3]),
    ({"_id": [2, "3"]}, [2, 3]),
    ({"supplier": "тов «будсервіс»"}, []),
])
def test_filters_match_values_exactly(client_a, site, filters, expected):
    response = call(client_a, "datastore_search", resource_id=str(site.resource.uid), filters=json.dumps(filters))
    found = result(response)
    assert [r["_id"] for r in found["records"]] == expected and found["total"] == len(expected)
    assert found["filters"] == filters


def test_filters_in_a_json_post(client_a, site):
    response = client_a.post("/api/3/action/datastore_search", json.dumps({
        "resource_id": str(site.resource.uid), "filters": {"number": "27/26"}, "fields": ["number", "amount"]}),
        content_type="application/json")
    found = result(response)
    assert found["records"] == [{"number": "27/26", "amount": 1234500.5}]
    assert found["fields"] == [{"id": "number", "type": "text"}, {"id": "amount", "type": "numeric"}]
    assert found["_links"]["start"].startswith("/api/3/action/datastore_search?resource_id=")


@pytest.mark.parametrize("sort, expected", [
    ("amount desc", [3, 2, 1]),  # as PostgreSQL (and CKAN): empty first going down
    ("amount asc", [1, 2, 3]),
    ("supplier asc, _id desc", [2, 3, 1]),  # «П» before «Т»
    ("date desc", [3, 2, 1]),
    ('"number" asc', [1, 2, 3]),
    ("_id desc", [3, 2, 1]),
])
def test_sort_orders_the_rows(client_a, site, sort, expected):
    assert [r["_id"] for r in records(call(client_a, "datastore_search", resource_id=str(site.resource.uid),
                                           sort=sort))] == expected


def test_fields_and_records_format_shape_the_records(client_a, site):
    rid = str(site.resource.uid)
    assert records(call(client_a, "datastore_search", resource_id=rid, fields="number,amount",
                        records_format="lists", limit=2)) == [["12/26", 845000.0], ["27/26", 1234500.5]]
    assert records(call(client_a, "datastore_search", resource_id=rid, records_format="csv")) == (
        "1,12/26,2026-02-03,845000.0,ТОВ «Будсервіс»\n2,27/26,2026-03-18,1234500.5,ПП «Світло»\n"
        "3,31/26,2026-03-20,,ТОВ «Будсервіс»\n")
    assert records(call(client_a, "datastore_search", resource_id=rid, records_format="tsv", fields='["_id"]',
                        limit=1)) == "1\n"


@pytest.mark.parametrize("params, field", [
    ({"filters": "{not json"}, "filters"),
    ({"filters": '["a"]'}, "filters"),
    ({"filters": '{"colour": "red"}'}, "filters"),
    ({"filters": '{"amount": "lots"}'}, "filters"),
    ({"filters": '{"amount": {"lt": 5}}'}, "filters"),
    ({"sort": "colour asc"}, "sort"),
    ({"sort": "amount sideways"}, "sort"),
    ({"fields": "number,colour"}, "fields"),
    ({"limit": "-1"}, "limit"),
    ({"limit": "ten"}, "limit"),
    ({"offset": str(2**40)}, "offset"),
    ({"records_format": "xml"}, "records_format"),
    ({"q": '{"supplier": "ТОВ"}'}, "q"),  # CKAN's per-field q, which we do not offer
    ({"q": " ".join(f"слово{n}" for n in range(21))}, "q"),
    ({"filters": json.dumps({"number": [str(n) for n in range(1001)]})}, "filters"),
])
def test_bad_datastore_parameters_are_validation_errors(client_a, site, params, field):
    response = call(client_a, "datastore_search", resource_id=str(site.resource.uid), **params)
    error = failure(response, 409)
    assert error["__type"] == "Validation Error" and set(error) == {"__type", field, "message"}


def test_datastore_search_without_a_resource_is_a_validation_error(client_a, site):
    assert failure(call(client_a, "datastore_search"), 409)["resource_id"] == [uk("Missing value")]


@pytest.mark.parametrize("ref", ["abc", "6f1c2b9e-0000-4000-8000-000000000001"])
def test_an_unknown_datastore_resource_is_not_found(client_a, site, ref):
    assert failure(call(client_a, "datastore_search", resource_id=ref), 404)["__type"] == "Not Found Error"


# --- tenants ----------------------------------------------------------------------------------------------


def test_a_hromada_never_shows_another_hromadas_data(client_a, client_b, site, hromada_b):
    other, other_resource = site.other, site.other_resource
    # Hromada B sees its own dataset under the shared address name, A sees its own.
    assert result(call(client_b, "package_show", id=other.slug))["id"] == str(other.uid)
    assert result(call(client_a, "package_show", id=other.slug))["id"] == str(site.units.uid)
    assert failure(call(client_a, "package_show", id=str(other.uid)), 404)["__type"] == "Not Found Error"
    assert failure(call(client_a, "resource_show", id=str(other_resource.uid)), 404)
    assert failure(call(client_a, "datastore_search", resource_id=str(other_resource.uid)), 404)
    assert failure(call(client_b, "resource_show", id=str(site.resource.uid)), 404)
    assert failure(call(client_b, "datastore_search", resource_id=str(site.resource.uid)), 404)
    assert result(call(client_b, "package_list")) == ["strukturni-pidrozdily-test"]
    assert result(call(client_b, "package_search", fq=f"id:{site.units.uid}"))["count"] == 0
    assert str(site.contracts.uid) not in json.dumps(result(call(client_b, "organization_show",
                                                                  id=org_id(hromada_b), include_datasets="true")))
    assert result(call(client_b, "tag_list")) == ["структура"]
    assert [g["package_count"] for g in result(call(client_b, "group_list", all_fields="true", limit=25))
            if g["name"] == "finansy"] == [0]


# --- rate limits ------------------------------------------------------------------------------------------


def test_word_searches_count_against_the_search_rate(client_a, site, settings):
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "search": "2/m/ip"}
    assert call(client_a, "package_search", q="договір").status_code == 200
    assert call(client_a, "datastore_search", resource_id=str(site.resource.uid), q="ТОВ").status_code == 200
    refused = call(client_a, "package_search", q="договір")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    # Listing and fetching, as a harvester does, are not searches.
    for _n in range(3):
        assert call(client_a, "package_search", fq="metadata_modified:[2025-01-01T00:00:00Z TO *]").status_code == 200
        assert call(client_a, "package_show", id=site.units.slug).status_code == 200


# --- the Solr subset itself -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("2024-05-01T08:00:00.123456Z", at(2024, 5, 1, 8, 0, 0, 123456)),
    ("2024-05-01T08:00:00Z", at(2024, 5, 1, 8)),
    ("2024-05-01T10:00:00+02:00", at(2024, 5, 1, 8)),
    ("2024-05-01", at(2024, 5, 1)),
    ("NOW", at(2024, 6, 15, 13, 45, 30)),
    ("NOW-1DAY", at(2024, 6, 14, 13, 45, 30)),
    ("NOW-2MONTHS/DAY", at(2024, 4, 15)),
    ("NOW/YEAR+1HOUR", at(2024, 1, 1, 1)),
    ("2024-05-01T08:00:00Z+7DAYS", at(2024, 5, 8, 8)),
    ("*", None),
])
def test_solr_dates(text, expected):
    assert ckan.solr_date(text, at(2024, 6, 15, 13, 45, 30)) == expected


@pytest.mark.parametrize("text", ["yesterday", "NOW-1FORTNIGHT", "NOW-DAY", "2024-13-01", "NOW+1DAYX"])
def test_solr_dates_that_are_none(text):
    with pytest.raises(ValueError):
        ckan.solr_date(text, at(2024, 6, 15))


@pytest.mark.parametrize("keyword, name", [
    ("охорона здоров’я", "охорона здоровя"),
    ("бюджет, 2026", "бюджет 2026"),
    ("e-mail і т.д.", "e-mail і т.д."),
    ("«лапки»", "лапки"),
])
def test_keywords_become_tag_names_ckan_accepts(keyword, name):
    assert ckan.tag_name(keyword) == name
