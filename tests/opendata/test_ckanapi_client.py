"""The real ``ckanapi`` client and data.gov.ua's harvester (ckanext-harvest's ``ckan_harvester``) against a running
site, over HTTP: what they call answers as a CKAN 2.10 site answers, and a resource's address downloads the data.

The live server listens on 127.0.0.1; the requests name hromada A's host in the Host header (as
tests/accounts/test_idgovua.py does), so the site answers as that hromada and builds its links on that host.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, timedelta
from urllib.parse import urlencode

import pytest
import requests
from ckanapi import RemoteCKAN
from ckanapi.errors import CKANAPIError, NotFound, ValidationError
from django.utils import timezone

from hromada.opendata import publishing, services
from hromada.opendata.models import Dataset, DatasetStatus
from tests.opendata.conftest import KEY

pytestmark = pytest.mark.django_db(transaction=True)


class Site:
    def __init__(self, live_server):
        self.port = live_server.url.rsplit(":", 1)[1]
        self.root = f"http://127.0.0.1:{self.port}"
        self.host = f"a.localhost:{self.port}"

    def session(self) -> requests.Session:
        session = requests.Session()
        session.headers["Host"] = self.host
        return session

    def client(self, **kwargs) -> RemoteCKAN:
        return RemoteCKAN(self.root, session=self.session(), user_agent="hromada-tests", **kwargs)

    def local(self, url: str) -> str:
        """An address the site gave (on hromada A's host) as this machine reaches it."""
        assert url.startswith(f"http://{self.host}/"), url
        return url.replace(f"http://{self.host}", self.root, 1)

    def get(self, url: str) -> requests.Response:
        return requests.get(url, headers={"Host": self.host}, timeout=30)


def plain_datasets(hromada, count: int, *, prefix: str = "nabir") -> list[Dataset]:
    """Published datasets without resources, many at once (the harvester pages by 100)."""
    return [Dataset.objects.create(
        hromada=hromada, slug=f"{prefix}-{n:03d}", identifier=f"{prefix}-{n:03d}", title=f"Набір даних {n:03d}",
        description="Набір для перевірки сторінок.", frequency="yearly", contact_name="Олена Петренко",
        contact_email="op@rada.gov.ua", basis="Постанова КМУ від 21.10.2015 № 835", keywords=["тест"],
        topic="ekonomika", status=DatasetStatus.PUBLISHED) for n in range(count)]


@pytest.fixture
def published(hromada_a, manager, units):
    hromada_a.council_name = "Вільнянська міська рада"
    hromada_a.save()
    dataset = services.create_dataset(hromada_a, manager, live_key=KEY)
    assert publishing.publish_live(dataset).ok
    return Dataset.objects.get(pk=dataset.pk)


def test_ckanapi_reads_the_hromada_as_a_ckan_site(live_server, published, hromada_a):
    site = Site(live_server)
    plain_datasets(hromada_a, 3)
    Dataset.objects.filter(slug__startswith="nabir").update(updated_at=timezone.now() - timedelta(days=30))
    with site.client() as ckan:
        assert ckan.action.status_show()["ckan_version"] == "2.10.4"
        assert ckan.action.package_list() == ["nabir-000", "nabir-001", "nabir-002", "strukturni-pidrozdily-test"]
        assert ckan.action.package_list(limit=2, offset=1) == ["nabir-001", "nabir-002"]

        found = ckan.action.package_search(q="підрозділи")
        assert found["count"] == 1 and found["results"][0]["name"] == "strukturni-pidrozdily-test"
        since = (timezone.now() - timedelta(days=1)).astimezone(UTC).replace(tzinfo=None).isoformat()
        recent = ckan.action.package_search(fq=f"metadata_modified:[{since}Z TO *]")
        assert [p["name"] for p in recent["results"]] == ["strukturni-pidrozdily-test"]
        pages = [ckan.action.package_search(rows=2, start=start, sort="name asc") for start in (0, 2, 4)]
        assert [p["count"] for p in pages] == [4, 4, 4]
        assert [[p["name"] for p in page["results"]] for page in pages] == [
            ["nabir-000", "nabir-001"], ["nabir-002", "strukturni-pidrozdily-test"], []]

        package = ckan.action.package_show(id="strukturni-pidrozdily-test")
        assert package["id"] == str(published.uid) and package["organization"]["name"] == "vilnianska-miska-rada"
        resource = ckan.action.resource_show(id=package["resources"][0]["id"])
        assert resource == package["resources"][0]
        assert ckan.action.organization_list() == ["vilnianska-miska-rada"]
        assert ckan.action.organization_list(all_fields=True)[0]["package_count"] == 4

        rows = ckan.action.datastore_search(resource_id=resource["id"], limit=1, sort="name desc")
        assert rows["total"] == 2 and rows["records"] == [
            {"_id": 2, "id": rows["records"][0]["id"], "name": "Фінансовий відділ", "email": "fv@rada.gov.ua",
             "phone": None}]
        filtered = ckan.action.datastore_search(resource_id=resource["id"], filters={"name": "Загальний відділ"})
        assert [r["email"] for r in filtered["records"]] == ["zv@rada.gov.ua"]

        # Errors come back as the exceptions ckanapi raises for a CKAN site.
        with pytest.raises(NotFound):
            ckan.action.package_show(id="no-such-dataset")
        with pytest.raises(ValidationError) as invalid:
            ckan.action.package_search(rows="many")
        assert invalid.value.error_dict["__type"] == "Validation Error" and "rows" in invalid.value.error_dict
        with pytest.raises(CKANAPIError):
            ckan.call_action("no_such_action")

    # The resource's address downloads exactly the data its size and hash describe.
    download = site.get(site.local(resource["url"]))
    assert download.status_code == 200
    assert len(download.content) == resource["size"]
    assert hashlib.sha256(download.content).hexdigest() == resource["hash"]
    assert download.content.decode().splitlines()[0] == "id,name,email,phone"


def test_ckanapi_in_get_only_mode(live_server, published):
    site = Site(live_server)
    with site.client(get_only=True) as ckan:
        found = ckan.action.package_search(fq="tags:структура res_format:CSV", rows=1)
        assert found["count"] == 1 and found["results"][0]["id"] == str(published.uid)
        assert ckan.action.group_show(id="derzhava")["package_count"] == 1


def test_the_harvesters_calls_gather_all_then_only_what_changed(live_server, published, hromada_a, manager):
    """ckan_harvester's gather stage pages package_search by 100, sorted by id, until a page comes back
    empty; its import stage asks for each package's organization and groups by id. After a clean run it asks
    only for what changed since that run began, less an hour."""
    site = Site(live_server)
    plain_datasets(hromada_a, 101)
    old = timezone.now() - timedelta(hours=3)
    Dataset.objects.filter(hromada=hromada_a).update(updated_at=old)

    def search(fq_terms: list[str]) -> tuple[list[dict], int]:
        params, found, calls, previous = {"rows": "100", "start": "0", "sort": "id asc"}, [], 0, None
        if fq_terms:
            params["fq"] = " ".join(fq_terms)
        while True:
            url = f"{site.root}/api/3/action/package_search?{urlencode(params)}"
            response = site.get(url)
            calls += 1
            assert response.status_code == 200 and response.text != previous
            previous = response.text
            page = json.loads(response.text)["result"]["results"]
            if not page:
                return found, calls
            found += page
            params["start"] = str(int(params["start"]) + int(params["rows"]))

    first, calls = search(["organization:vilnianska-miska-rada"])
    ids = [p["id"] for p in first]
    assert calls == 3 and len(ids) == len(set(ids)) == 102 and ids == sorted(ids)

    # The import stage: the remote organization and groups, by the ids the package names.
    package = next(p for p in first if p["name"] == "strukturni-pidrozdily-test")
    organization = json.loads(site.get(f"{site.root}/api/3/action/organization_show?id={package['owner_org']}")
                              .text)["result"]
    assert organization["name"] == "vilnianska-miska-rada" and organization["package_count"] == 102
    group = json.loads(site.get(f"{site.root}/api/3/action/group_show?id={package['groups'][0]['id']}").text)
    assert group["result"]["name"] == "derzhava"

    # The next run: only what changed since the last run's start (less an hour) is gathered.
    last_gather_started = timezone.now().astimezone(UTC).replace(tzinfo=None) - timedelta(minutes=30)
    since = (last_gather_started - timedelta(hours=1)).isoformat()
    changed = Dataset.objects.get(slug="nabir-050")
    services.update_passport(changed, manager, {"title": "Набір даних 050 (оновлено)"})
    again, calls = search(["organization:vilnianska-miska-rada", f"metadata_modified:[{since}Z TO *]"])
    assert calls == 2 and [p["name"] for p in again] == ["nabir-050"]
    assert again[0]["title"] == "Набір даних 050 (оновлено)"

    # Nothing changed since: the first page is empty and the harvester stops there.
    nothing_since = timezone.now().astimezone(UTC).replace(tzinfo=None).isoformat()
    none, calls = search([f"metadata_modified:[{nothing_since}Z TO *]"])
    assert none == [] and calls == 1
