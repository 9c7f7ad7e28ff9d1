"""Publishing versions: generated from the registers, uploaded, immutable, with their differences, the row API's
rows, the personal-data guard holding back what must not go out, and nothing changed by a refused file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, InternalError, OperationalError, ProgrammingError, transaction
from django.utils import timezone

from hromada.core.models import Department
from hromada.opendata import publishing, services
from hromada.opendata.models import Dataset, DatastoreRow, ResourceVersion
from tests.opendata.conftest import CHANGED

pytestmark = pytest.mark.django_db


def _csv_text(version) -> str:
    with version.file.open("rb") as handle:
        return handle.read().decode("utf-8")


def test_a_live_dataset_is_published_as_its_first_version(live_dataset, units):
    outcome = publishing.publish_live(live_dataset)
    assert outcome.ok and len(outcome.published) == 1
    version = outcome.published[0]
    assert version.number == 1 and version.row_count == 2 and version.diff is None
    assert _csv_text(version) == (f"id,name,email,phone\n{units[0].pk},Загальний відділ,zv@rada.gov.ua,\n"
                                  f"{units[1].pk},Фінансовий відділ,fv@rada.gov.ua,\n")
    dataset = Dataset.objects.get(pk=live_dataset.pk)
    assert dataset.status == "published"
    assert dataset.first_published_at == dataset.last_modified_at is not None
    assert dataset.relevance_date == timezone.localdate()
    rows = list(DatastoreRow.objects.filter(version=version).order_by("position").values_list("data", flat=True))
    assert rows == [{"id": units[0].pk, "name": "Загальний відділ", "email": "zv@rada.gov.ua", "phone": None},
                    {"id": units[1].pk, "name": "Фінансовий відділ", "email": "fv@rada.gov.ua", "phone": None}]


def test_unchanged_data_makes_no_new_version_but_confirms_it_current(live_dataset):
    publishing.publish_live(live_dataset)
    first = Dataset.objects.get(pk=live_dataset.pk)
    later = timezone.now() + timedelta(hours=2)
    outcome = publishing.publish_live(first, now=later)
    assert outcome.ok and outcome.published == [] and len(outcome.unchanged) == 1
    dataset = Dataset.objects.get(pk=live_dataset.pk)
    assert ResourceVersion.objects.filter(resource__dataset=dataset).count() == 1
    assert dataset.last_modified_at == first.last_modified_at and dataset.checked_at == later


def test_a_change_is_a_new_version_with_its_difference_and_the_rows_follow(live_dataset, units, hromada_a):
    publishing.publish_live(live_dataset)
    units[0].name = "Загальний відділ (канцелярія)"
    units[0].save()
    removed = units[1].pk
    units[1].delete()
    added = Department.objects.create(hromada=hromada_a, name="Відділ цифрового розвитку")
    outcome = publishing.publish_live(Dataset.objects.get(pk=live_dataset.pk))
    version = outcome.published[0]
    assert version.number == 2
    assert version.diff == {"previous": 1, "added": 1, "removed": 1, "changed": 1, "keyed": True,
                            "samples": {"added": [str(added.pk)], "removed": [str(removed)],
                                        "changed": [str(units[0].pk)]}}
    resource = version.resource
    resource.refresh_from_db()
    assert resource.current_id == version.pk
    # The row API serves the current version only.
    assert not DatastoreRow.objects.filter(version__number=1, version__resource=resource).exists()
    assert sorted(DatastoreRow.objects.filter(version=version).values_list("data__name", flat=True)) == [
        "Відділ цифрового розвитку", "Загальний відділ (канцелярія)"]


def test_versions_are_immutable_in_the_database(live_dataset):
    version = publishing.publish_live(live_dataset).published[0]
    with pytest.raises((IntegrityError, InternalError, OperationalError, ProgrammingError)), transaction.atomic():
        ResourceVersion.objects.filter(pk=version.pk).update(sha256="0" * 64)
    with pytest.raises((IntegrityError, InternalError, OperationalError, ProgrammingError)), transaction.atomic():
        ResourceVersion.objects.filter(pk=version.pk).delete()
    assert ResourceVersion.objects.get(pk=version.pk).sha256 == version.sha256


def test_the_personal_data_guard_holds_back_the_whole_dataset(live_dataset, units):
    publishing.publish_live(live_dataset)
    units[0].email = "olena.petrenko1987@gmail.com"
    units[0].save()
    outcome = publishing.publish_live(Dataset.objects.get(pk=live_dataset.pk))
    assert not outcome.ok and outcome.published == []
    assert len(outcome.problems) == 1 and "olena.petrenko1987" not in outcome.problems[0]
    assert "«Електронна пошта»" in outcome.problems[0] and " 2" in outcome.problems[0]  # the row and column
    dataset = Dataset.objects.get(pk=live_dataset.pk)
    assert dataset.blocked_reason == outcome.problems[0]
    assert ResourceVersion.objects.filter(resource__dataset=dataset).count() == 1  # nothing new went out
    # Corrected at the source, it goes out and the hold is lifted.
    units[0].email = "zv@rada.gov.ua"
    units[0].name = "Загальний відділ ради"
    units[0].save()
    assert publishing.publish_live(dataset).ok
    assert Dataset.objects.get(pk=live_dataset.pk).blocked_reason == ""


def test_an_official_domain_of_the_hromada_is_not_personal_data(live_dataset, units, hromada_a):
    hromada_a.settings = {"opendata.official_domains": "mohyliv-rada.org.ua"}
    hromada_a.save()
    units[0].email = "zv@mohyliv-rada.org.ua"
    units[0].save()
    assert publishing.publish_live(Dataset.objects.get(pk=live_dataset.pk)).ok


def _upload_dataset(hromada, manager, fmt="csv"):
    dataset = services.create_dataset(
        hromada, manager, title="Перелік укладених договорів", frequency="quarterly",
        description="Договори, укладені радою: номер, дата, постачальник, предмет і сума; без персональних даних.",
        basis="Постанова КМУ від 21.10.2015 № 835", contact_name="Олена Петренко", contact_email="op@rada.gov.ua")
    return dataset, services.add_resource(dataset, manager, title="Договори", fmt=fmt)


GOOD = "number,date,amount\n12/26,2026-02-03,845000.00\n27/26,2026-03-18,1234500.50\n"


def test_an_uploaded_csv_becomes_a_version_and_pins_the_structure(hromada_a, manager):
    dataset, resource = _upload_dataset(hromada_a, manager)
    result = publishing.upload(resource, SimpleUploadedFile("dohovory.csv", GOOD.encode()), user=manager)
    assert result.version is not None and result.version.row_count == 2
    resource.refresh_from_db()
    assert [f["name"] for f in resource.table_schema["fields"]] == ["number", "date", "amount"]
    assert Dataset.objects.get(pk=dataset.pk).status == "published"


def test_a_cp1251_file_is_refused_and_changes_nothing(hromada_a, manager):
    dataset, resource = _upload_dataset(hromada_a, manager)
    content = "номер;дата;сума\n12/26;2026-02-03;845000\n".encode("cp1251")
    result = publishing.upload(resource, SimpleUploadedFile("dohovory.csv", content), user=manager)
    assert result.version is None and not result.report.valid
    assert any("Windows-1251" in p.message for p in result.report.problems)
    assert not ResourceVersion.objects.filter(resource=resource).exists()
    resource.refresh_from_db()
    assert resource.table_schema is None
    assert Dataset.objects.get(pk=dataset.pk).status == "draft"


def test_a_later_upload_is_checked_against_the_pinned_structure(hromada_a, manager):
    _dataset, resource = _upload_dataset(hromada_a, manager)
    publishing.upload(resource, SimpleUploadedFile("a.csv", GOOD.encode()), user=manager)
    resource.refresh_from_db()
    bad = "number,date,amount\n41/26,31.02.2026,96000\n"
    result = publishing.upload(resource, SimpleUploadedFile("b.csv", bad.encode()), user=manager)
    assert result.version is None
    assert [(p.row, p.column) for p in result.report.problems if p.severity == "error"] == [(2, "date")]
    assert ResourceVersion.objects.filter(resource=resource).count() == 1


def test_the_same_file_again_publishes_nothing(hromada_a, manager):
    _dataset, resource = _upload_dataset(hromada_a, manager)
    publishing.upload(resource, SimpleUploadedFile("a.csv", GOOD.encode()), user=manager)
    resource.refresh_from_db()
    result = publishing.upload(resource, SimpleUploadedFile("a.csv", GOOD.encode()), user=manager)
    assert result.version is None and result.problems
    assert ResourceVersion.objects.filter(resource=resource).count() == 1


def test_an_upload_with_a_private_phone_is_held_back(hromada_a, manager):
    _dataset, resource = _upload_dataset(hromada_a, manager)
    content = "number,date,contact\n12/26,2026-02-03,(067) 123-45-67\n"
    result = publishing.upload(resource, SimpleUploadedFile("a.csv", content.encode()), user=manager)
    assert result.version is None and len(result.problems) == 1
    assert "123-45-67" not in result.problems[0]
    assert not ResourceVersion.objects.filter(resource=resource).exists()


def test_an_xlsx_upload_keeps_the_original_beside_the_normalised_csv(hromada_a, manager):
    import io

    from openpyxl import Workbook

    _dataset, resource = _upload_dataset(hromada_a, manager, fmt="xlsx")
    book = Workbook()
    book.active.append(["programCode", "amount"])
    book.active.append(["0110150", 14250300.5])
    out = io.BytesIO()
    book.save(out)
    result = publishing.upload(resource, SimpleUploadedFile("p.xlsx", out.getvalue()), user=manager)
    assert result.version is not None, (result.problems, result.report and result.report.problems)
    assert _csv_text(result.version) == "programCode,amount\n0110150,14250300.5\n"
    assert result.version.original.name.endswith(".xlsx")


def test_a_live_dataset_cannot_be_uploaded_to(live_dataset):
    from django.core.exceptions import ValidationError

    resource = live_dataset.resources.get()
    with pytest.raises(ValidationError):
        publishing.upload(resource, SimpleUploadedFile("a.csv", GOOD.encode()), user=None)


def test_the_refresh_job_regenerates_only_what_changed(live_dataset, units):
    from hromada.opendata.tasks import refresh_live

    publishing.publish_live(live_dataset)
    CHANGED.pop(live_dataset.hromada_id, None)
    assert refresh_live() == (0, 0, 0)  # the source says nothing changed since
    units[0].name = "Загальний відділ ради"
    units[0].save()
    CHANGED[live_dataset.hromada_id] = timezone.now() + timedelta(seconds=1)
    try:
        assert refresh_live() == (1, 0, 0)
        assert refresh_live(force=True) == (0, 1, 0)
    finally:
        CHANGED.pop(live_dataset.hromada_id, None)


@pytest.mark.django_db(transaction=True)
def test_two_generations_at_once_publish_one_version(live_dataset, units):
    from tests.parallel import at_once

    publishing.publish_live(live_dataset)
    units[0].name = "Загальний відділ ради"
    units[0].save()
    results = at_once([lambda: publishing.publish_live(Dataset.objects.get(pk=live_dataset.pk))] * 3)
    assert all(isinstance(r, publishing.Outcome) and r.ok for r in results), results
    assert sorted(len(r.published) for r in results) == [0, 0, 1]
    assert list(ResourceVersion.objects.filter(resource__dataset=live_dataset).order_by("number")
                .values_list("number", flat=True)) == [1, 2]
