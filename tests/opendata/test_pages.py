"""Public and staff pages of open data: the catalogue, a dataset, downloads, structure and passport files, the
feed, withdrawal, uploads through the form, the compliance page, permissions and tenant isolation."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hromada.opendata import publishing, services
from hromada.opendata.models import Dataset, ResourceVersion
from tests.apiclient import uk
from tests.factories import member

pytestmark = pytest.mark.django_db
A = {"HTTP_HOST": "a.localhost"}
B = {"HTTP_HOST": "b.localhost"}


@pytest.fixture
def published(live_dataset):
    publishing.publish_live(live_dataset)
    return Dataset.objects.get(pk=live_dataset.pk)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_catalogue_lists_and_searches_published_datasets(client, published, hromada_a, manager):
    services.create_dataset(hromada_a, manager, title="Чернетка бюджету", description="Ще не оприлюднено.",
                            frequency="yearly", basis="Постанова № 835", contact_name="О. П.",
                            contact_email="op@rada.gov.ua")
    page = client.get(reverse("opendata:index"), **A).content.decode()
    assert published.title in page and "Чернетка бюджету" not in page
    # Word forms: «підрозділів» finds «Структурні підрозділи».
    assert published.title in client.get(reverse("opendata:index"), {"q": "підрозділів"}, **A).content.decode()
    assert published.title not in client.get(reverse("opendata:index"), {"q": "бюджет"}, **A).content.decode()
    assert published.title in client.get(reverse("opendata:index"), {"fmt": "csv", "frequency": "on_change"},
                                         **A).content.decode()


def test_bad_filter_values_are_ignored_not_500(client, published):
    response = client.get(reverse("opendata:index"), {"department": "abc", "fmt": "exe", "page": "-3"}, **A)
    assert response.status_code == 200


def test_the_dataset_page_shows_passport_preview_and_api(client, published, units):
    page = client.get(reverse("opendata:dataset", args=[published.slug]), **A).content.decode()
    assert published.identifier in page and "Загальний відділ" in page  # the preview's first rows
    assert "package_show?id=" + published.slug in page
    assert 'application/ld+json' in page  # schema.org Dataset for search engines


def test_downloads_csv_json_structure_and_passport(client, published, units):
    resource = published.resources.get()
    csv_body = _body(client.get(reverse("opendata:download", args=[published.slug, resource.key, "csv"]), **A))
    assert csv_body.decode().splitlines()[0] == "id,name,email,phone"
    data = json.loads(_body(client.get(reverse("opendata:download", args=[published.slug, resource.key, "json"]),
                                       **A)))
    assert data == [{"id": units[0].pk, "name": "Загальний відділ", "email": "zv@rada.gov.ua", "phone": None},
                    {"id": units[1].pk, "name": "Фінансовий відділ", "email": "fv@rada.gov.ua", "phone": None}]
    structure = list(csv.reader(io.StringIO(client.get(
        reverse("opendata:structure", args=[published.slug, resource.key]), **A).content.decode())))
    assert structure[0] == ["name", "title", "description", "datatype"]
    assert structure[1] == ["id", "Ідентифікатор", "", "integer"]
    passport = list(csv.reader(io.StringIO(client.get(
        reverse("opendata:passport", args=[published.slug, "csv"]), **A).content.decode())))
    assert len(passport) == 15  # a header and the 14 elements of the Положення
    assert passport[2][1] == published.title
    assert client.get(reverse("opendata:download", args=[published.slug, resource.key, "exe"]), **A).status_code == 404
    assert client.get(reverse("opendata:version-download", args=[published.slug, resource.key, 9, "csv"]),
                      **A).status_code == 404


def test_a_version_page_and_its_difference(client, published, units, hromada_a):
    units[0].name = "Загальний відділ ради"
    units[0].save()
    publishing.publish_live(published)
    resource = published.resources.get()
    page = client.get(reverse("opendata:version", args=[published.slug, resource.key, 2]), **A).content.decode()
    assert uk("Compared with version %(p)s:", p=1) in page
    versions = client.get(reverse("opendata:resource", args=[published.slug, resource.key]), **A).content.decode()
    assert versions.count(f"/opendata/{published.slug}/{resource.key}/v") >= 4


def test_the_feed_lists_updated_datasets(client, published):
    body = client.get(reverse("opendata:feed"), **A).content.decode()
    assert "<feed" in body and published.title in body and f"urn:uuid:{published.uid}" in body


def test_a_withdrawn_dataset_answers_410_and_leaves_the_catalogue(client, published, manager):
    services.withdraw(published, manager, "Дані більше не збираються")
    assert client.get(reverse("opendata:dataset", args=[published.slug]), **A).status_code == 410
    assert published.title not in client.get(reverse("opendata:index"), **A).content.decode()


def test_another_hromadas_dataset_is_404(client, published, hromada_b):
    assert client.get(reverse("opendata:dataset", args=[published.slug]), **B).status_code == 404
    resource = published.resources.get()
    assert client.get(reverse("opendata:download", args=[published.slug, resource.key, "csv"]),
                      **B).status_code == 404
    assert published.title not in client.get(reverse("opendata:index"), **B).content.decode()
    assert published.title not in client.get(reverse("opendata:feed"), **B).content.decode()


# --- staff ----------------------------------------------------------------------------------------------


def test_staff_pages_need_the_capability(client, published, hromada_a):
    url = reverse("opendata-staff:datasets")
    assert client.get(url, **A).status_code == 302  # sign in first
    resident = member(hromada_a, "resident")
    client.force_login(resident)
    assert client.get(url, **A).status_code == 403
    assert client.get(reverse("opendata-staff:dataset", args=[published.pk]), **A).status_code == 403


def test_a_clerk_keeps_only_the_datasets_of_their_unit(client, published, hromada_a):
    clerk = member(hromada_a, "clerk")
    client.force_login(clerk)
    assert client.get(reverse("opendata-staff:dataset", args=[published.pk]), **A).status_code == 403
    assert published.title not in client.get(reverse("opendata-staff:datasets"), **A).content.decode()
    Dataset.objects.filter(pk=published.pk).update(department=clerk.role_assignments.get().department)
    assert client.get(reverse("opendata-staff:dataset", args=[published.pk]), **A).status_code == 200
    assert client.get(reverse("opendata-staff:compliance"), **A).status_code == 403  # managers only


def test_the_manager_sees_the_list_export_and_dataset(client, published, manager):
    client.force_login(manager)
    assert published.title in client.get(reverse("opendata-staff:datasets"), **A).content.decode()
    export = client.get(reverse("opendata-staff:datasets"), {"export": "csv"}, **A)
    assert published.identifier in _body(export).decode("utf-8-sig")
    page = client.get(reverse("opendata-staff:dataset", args=[published.pk]), **A).content.decode()
    assert uk("History of changes") in page


def test_another_hromadas_staff_page_is_404(client, published, hromada_b):
    other = member(hromada_b, "programme_manager")
    client.force_login(other)
    assert client.get(reverse("opendata-staff:dataset", args=[published.pk]), **B).status_code == 404
    assert client.post(reverse("opendata-staff:publish", args=[published.pk]), **B).status_code == 404


def test_upload_through_the_form_reports_errors_with_rows_and_changes_nothing(client, hromada_a, manager):
    client.force_login(manager)
    dataset = services.create_dataset(
        hromada_a, manager, title="Перелік договорів", description="Договори ради.", frequency="quarterly",
        basis="Постанова КМУ № 835", contact_name="О. П.", contact_email="op@rada.gov.ua")
    resource = services.add_resource(dataset, manager, title="Договори")
    url = reverse("opendata-staff:upload", args=[dataset.pk, resource.pk])
    good = SimpleUploadedFile("d.csv", b"number,date\n1/26,2026-01-05\n2/26,2026-02-10\n")
    assert client.post(url, {"file": good}, **A).status_code == 302
    bad = SimpleUploadedFile("d.csv", b"number,date\n3/26,2026-13-45\n")
    page = client.post(url, {"file": bad}, **A)
    assert page.status_code == 200
    text = page.content.decode()
    assert "2026-13-45" in text
    assert ResourceVersion.objects.filter(resource=resource).count() == 1
    empty = client.post(url, {}, **A)
    assert empty.status_code == 200 and ResourceVersion.objects.filter(resource=resource).count() == 1


def test_passport_limits_are_enforced_in_the_form(client, published, manager):
    client.force_login(manager)
    url = reverse("opendata-staff:passport", args=[published.pk])
    form = {"title": "Т" * 255, "description": "Опис", "frequency": "monthly", "contact_name": "О. П.",
            "contact_email": "op@rada.gov.ua", "basis": "Постанова № 835", "language": "uk"}
    assert client.post(url, form, **A).status_code == 200
    assert Dataset.objects.get(pk=published.pk).title == published.title
    form.update(title="Структурні підрозділи ради", description="Д" * 4001)
    assert client.post(url, form, **A).status_code == 200
    form.update(description="Перелік підрозділів.")
    assert client.post(url, form, **A).status_code == 302
    assert Dataset.objects.get(pk=published.pk).title == "Структурні підрозділи ради"


def test_withdraw_asks_for_confirmation_and_a_reason(client, published, manager):
    client.force_login(manager)
    url = reverse("opendata-staff:withdraw", args=[published.pk])
    assert client.get(url, **A).status_code == 200
    assert client.post(url, {"reason": ""}, **A).status_code == 200
    assert Dataset.objects.get(pk=published.pk).status == "published"
    assert client.post(url, {"reason": "Дані більше не збираються"}, **A).status_code == 302
    assert Dataset.objects.get(pk=published.pk).status == "withdrawn"


def test_a_published_dataset_cannot_be_deleted(client, published, manager):
    client.force_login(manager)
    client.post(reverse("opendata-staff:delete", args=[published.pk]), **A)
    assert Dataset.objects.filter(pk=published.pk).exists()


def test_compliance_page_and_obligation_choice(client, hromada_a, manager):
    client.force_login(manager)
    assert client.get(reverse("opendata-staff:compliance"), **A).status_code == 200
    url = reverse("opendata-staff:obligation", args=["all-007"])
    assert client.get(url, **A).status_code == 200
    assert client.post(url, {"applies": "no", "reason": ""}, **A).status_code == 200  # a reason is required
    assert client.post(url, {"applies": "yes"}, **A).status_code == 302
    response = client.post(url, {"action": "start"}, **A)
    dataset = Dataset.objects.get(hromada=hromada_a, obligation_code="all-007")
    assert response.url == reverse("opendata-staff:dataset", args=[dataset.pk])
    assert dataset.live_key == "opendata.register"
    assert client.get(reverse("opendata-staff:obligation", args=["no-such"]), **A).status_code == 404


GARBAGE = [{}, {"title": "\x00", "frequency": "weekly-ish", "department": "abc", "responsible": "99999999999999999999",
                "contact_email": "not-an-e-mail", "applies": "maybe", "format": "exe", "kind": "live",
                "live_key": "no.such", "action": "begin", "reason": "", "relevance_date": "31.02.2026",
                "file": "not a file"}]


def test_garbage_posted_to_every_staff_page_is_answered_without_a_500_and_changes_nothing(client, published,
                                                                                           manager):
    from hromada.opendata.models import ObligationChoice, Resource

    client.force_login(manager)
    resource = published.resources.get()
    urls = [reverse("opendata-staff:new"), reverse("opendata-staff:obligation", args=["mun-027"])] + [
        reverse(f"opendata-staff:{name}", args=[published.pk])
        for name in ("passport", "withdraw", "new-resource")] + [
        reverse("opendata-staff:upload", args=[published.pk, resource.pk])]
    before = (list(Dataset.objects.values_list("pk", "title", "status", "updated_at")),
              Resource.objects.count(), ResourceVersion.objects.count(), ObligationChoice.objects.count())
    for url in urls:
        for payload in GARBAGE:
            response = client.post(url, payload, **A)
            assert response.status_code in (200, 302, 404), (url, payload, response.status_code)
    after = (list(Dataset.objects.values_list("pk", "title", "status", "updated_at")),
             Resource.objects.count(), ResourceVersion.objects.count(), ObligationChoice.objects.count())
    assert after == before
