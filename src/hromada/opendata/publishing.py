"""Publishing versions: generated from the platform's registers (live datasets) or from an uploaded file.

Either path ends the same way, in one transaction: a new immutable ``ResourceVersion`` (the normalised CSV or
the PDF, its checksum, row count and the difference from the version before), the resource's current version
moved to it, the row API's rows replaced, and the dataset's dates, next due date and quality recomputed. Before
anything is written the data passes the personal-data guard (and an upload the schema validation): a
resource that fails is not published, and what blocked it is said in Ukrainian. Nothing changes then.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core import datasets as registry
from hromada.core.deadlines import calendar_for
from hromada.core.hromada_settings import get_setting
from hromada.core.models import AuditEntry
from hromada.opendata import files, privacy, quality, schedule, tables, validation
from hromada.opendata.models import (
    Dataset,
    DatasetStatus,
    DatastoreRow,
    Resource,
    ResourceFormat,
    ResourceKind,
    ResourceVersion,
)

ROW_BATCH = 2000
UPLOAD_MAX_BYTES = 100 * 1024 * 1024


@dataclass
class Outcome:
    published: list[ResourceVersion] = field(default_factory=list)
    unchanged: list[Resource] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # Ukrainian sentences; non-empty = nothing was published

    @property
    def ok(self) -> bool:
        return not self.problems


@contextmanager
def _workdir():
    path = Path(tempfile.mkdtemp(prefix="hromada-opendata-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def official_domains(hromada) -> list[str]:
    value = get_setting(hromada, "opendata.official_domains") or ""
    return [part.strip().lower() for part in value.split(",") if part.strip()]


def _guard(path: Path, schema: dict | None, hromada, title: str) -> list[str]:
    """The personal-data guard over a normalised CSV: Ukrainian sentences, one per finding."""
    with open(path, "rb") as handle:
        rows = files.read_csv(handle)
        header = next(rows, [])
        findings = privacy.scan(header, rows, schema, official_domains=official_domains(hromada))
    return [f"«{title}»: {finding.message}" for finding in findings]


# --- live datasets ----------------------------------------------------------------------------------------


def ensure_live_resources(dataset: Dataset) -> list[tuple[registry.LiveResource, Resource]]:
    """The dataset's resources as its live declaration has them (created on first use, schema kept current)."""
    live = registry.get(dataset.live_key)
    pairs = []
    for position, item in enumerate(live.resources):
        resource, created = Resource.objects.get_or_create(
            dataset=dataset, key=item.key,
            defaults={"title": str(item.title), "description": str(item.description), "kind": ResourceKind.LIVE,
                      "format": ResourceFormat.CSV, "table_schema": item.table_schema(), "position": position},
        )
        schema = item.table_schema()
        if not created and (resource.table_schema != schema or resource.title != str(item.title)):
            resource.table_schema, resource.title = schema, str(item.title)
            resource.save(update_fields=["table_schema", "title", "updated_at"])
        pairs.append((item, resource))
    return pairs


def publish_live(dataset: Dataset, *, user=None, now=None) -> Outcome:
    """Generate every resource of a live dataset; publish those whose data changed, all or none."""
    if not dataset.live_key or dataset.live_key not in registry.REGISTRY:
        raise ValidationError(_("This dataset is not generated from the platform."))
    now = now or timezone.now()
    outcome = Outcome()
    live = registry.get(dataset.live_key)
    source_changed = live.changed_at(dataset.hromada)
    with _workdir() as work:
        prepared = []
        for item, resource in ensure_live_resources(dataset):
            path = work / f"{item.key}.csv"
            written = files.write_csv(path, [f.name for f in item.fields], item.rows(dataset.hromada))
            current = resource.current
            if current is not None and current.sha256 == written.sha256:
                outcome.unchanged.append(resource)
                continue
            outcome.problems += _guard(path, resource.table_schema, dataset.hromada, resource.title)
            prepared.append((resource, path, written))
        if outcome.problems:
            _record_blocked(dataset, outcome.problems)
            return outcome
        with transaction.atomic():
            dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
            for resource, path, written in prepared:
                locked = Resource.objects.select_for_update(of=("self",)).select_related("current").get(pk=resource.pk)
                if locked.current is not None and locked.current.sha256 == written.sha256:
                    outcome.unchanged.append(locked)  # a parallel generation (the job, a button) published it
                    continue
                outcome.published.append(_new_version(resource, path, written, user=user, source_name="",
                                                      relevance=timezone.localdate(now), at=now))
            _after_publication(dataset, changed=bool(outcome.published), now=now, source_changed=source_changed,
                               relevance=timezone.localdate(now), user=user)
    return outcome


def _record_blocked(dataset: Dataset, problems: list[str]) -> None:
    text = "\n".join(problems)
    if dataset.blocked_reason != text:
        Dataset.objects.filter(pk=dataset.pk).update(blocked_reason=text)
        dataset.blocked_reason = text


# --- uploads ----------------------------------------------------------------------------------------------


@dataclass
class UploadResult:
    version: ResourceVersion | None
    report: validation.Report | None
    problems: list[str]


def upload(resource: Resource, uploaded, *, user, relevance_date: date | None = None, now=None) -> UploadResult:
    """Check an uploaded file against the resource and publish it as the next version, or change nothing.

    ``now`` is the publication time (the demo replays the past with it); by default the present."""
    dataset = resource.dataset
    now = now or timezone.now()
    if resource.kind != ResourceKind.UPLOAD:
        raise ValidationError(_("This resource is generated from the platform; it cannot be uploaded."))
    if uploaded.size > UPLOAD_MAX_BYTES:
        return UploadResult(None, None, [_("The file is larger than 100 MB.")])
    with _workdir() as work:
        name = Path(uploaded.name or "file").name
        source = work / ("upload" + Path(name).suffix.lower())
        with open(source, "wb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
        with open(source, "rb") as handle:
            fmt = tables.sniff_format(name, handle.read(8192))
        if fmt is None:
            return UploadResult(None, None, [_("Upload CSV, XLSX, JSON, GeoJSON or (for texts) PDF.")])
        if resource.format == ResourceFormat.PDF or fmt == "pdf":
            if fmt != resource.format:
                return UploadResult(None, None, [
                    _("This resource holds %(expected)s files; the file uploaded is %(got)s.")
                    % {"expected": resource.get_format_display(), "got": fmt.upper()}])
            if not tables.is_pdf_with_text(source):
                return UploadResult(None, None, [_("The PDF has no text layer (a scan): publish the text, not a "
                                                   "picture of it.")])
            digest, size = _hash_file(source)
            with transaction.atomic():
                version = _new_version(resource, source, files.Written(digest, size, 0), user=user,
                                       source_name=name, relevance=relevance_date, is_table=False, at=now)
                _after_publication(Dataset.objects.select_for_update().get(pk=dataset.pk), changed=True,
                                   now=now, source_changed=None, relevance=relevance_date, user=user)
            return UploadResult(version, None, [])
        report = validation.validate(source, fmt, resource.table_schema)
        if not report.valid:
            return UploadResult(None, report, [])
        normalised = work / "normalised.csv"
        table = tables.open_table(source, fmt)
        written = files.write_csv(normalised, table.header, table.rows())
        problems = _guard(normalised, resource.table_schema or report.inferred_schema, dataset.hromada,
                          resource.title)
        if problems:
            return UploadResult(None, report, problems)
        if resource.current is not None and resource.current.sha256 == written.sha256:
            return UploadResult(None, report, [_("The file holds the same data as the current version; nothing "
                                                 "to publish. If the data is still current, confirm it so.")])
        with transaction.atomic():
            if resource.table_schema is None and report.inferred_schema:
                resource.table_schema = report.inferred_schema
                resource.save(update_fields=["table_schema", "updated_at"])
            version = _new_version(resource, normalised, written, user=user, source_name=name,
                                   relevance=relevance_date, original=source if fmt != "csv" else None,
                                   warnings=[p.message for p in report.problems], at=now)
            _after_publication(Dataset.objects.select_for_update().get(pk=dataset.pk), changed=True,
                               now=now, source_changed=None, relevance=relevance_date, user=user)
        return UploadResult(version, report, [])


def _hash_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest(), path.stat().st_size


# --- the shared end of both paths -------------------------------------------------------------------------


def _new_version(resource: Resource, path: Path, written: files.Written, *, user, source_name: str,
                 relevance: date | None, original: Path | None = None, warnings=(), is_table: bool = True,
                 at=None) -> ResourceVersion:
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    previous = resource.current
    number = (resource.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ResourceVersion(
        resource=resource, number=number, created_by=user, source_name=source_name[:255],
        format=ResourceFormat.CSV if is_table else resource.format, size=written.size, sha256=written.sha256,
        row_count=written.rows if is_table else None, relevance_date=relevance, warnings=list(warnings)[:100],
        created_at=at or timezone.now(),
    )
    if is_table and previous is not None and previous.format == ResourceFormat.CSV:
        key = list((resource.table_schema or {}).get("primaryKey") or [])
        with previous.file.open("rb") as old, open(path, "rb") as new:
            version.diff = files.diff(files.read_csv(old), files.read_csv(new), key).as_json(previous.number)
    suffix = ".csv" if is_table else path.suffix
    with open(path, "rb") as handle:
        version.file.save(f"{resource.key}{suffix}", File(handle), save=False)
    if original is not None:
        with open(original, "rb") as handle:
            version.original.save(f"{resource.key}-original{original.suffix}", File(handle), save=False)
    version.save()
    if is_table:
        _replace_rows(resource, previous, version, path)
    resource.current = version
    resource.save(update_fields=["current", "updated_at"])
    return version


def _replace_rows(resource: Resource, previous: ResourceVersion | None, version: ResourceVersion,
                  path: Path) -> None:
    """The row API serves the current version only: the previous version's rows go, the new ones come."""
    if previous is not None:
        DatastoreRow.objects.filter(version=previous).delete()
    types = {f["name"]: f.get("type", "string") for f in (resource.table_schema or {}).get("fields", [])}
    with open(path, "rb") as handle:
        rows = files.read_csv(handle)
        header = next(rows, [])
        batch = []
        for position, row in enumerate(rows, start=1):
            data = {name: typed(row[i] if i < len(row) else "", types.get(name, "string"))
                    for i, name in enumerate(header)}
            batch.append(DatastoreRow(version=version, position=position, data=data,
                                      text=" ".join(row).casefold()[:4000]))
            if len(batch) >= ROW_BATCH:
                DatastoreRow.objects.bulk_create(batch)
                batch = []
        if batch:
            DatastoreRow.objects.bulk_create(batch)


def typed(text: str, kind: str):
    """A CSV cell as the JSON value the row API returns for its Table Schema type."""
    if text == "":
        return None
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return float(text)
        if kind == "boolean":
            return text.strip().lower() in ("true", "1", "так")
    except ValueError:
        return text
    return text


def _after_publication(dataset: Dataset, *, changed: bool, now, source_changed, relevance, user) -> None:
    fields = ["checked_at", "source_changed_at", "next_due", "blocked_reason", "quality", "quality_detail",
              "status", "updated_at"]
    dataset.checked_at = now
    dataset.blocked_reason = ""
    if source_changed is not None:
        dataset.source_changed_at = source_changed
    if changed:
        dataset.last_modified_at = now
        dataset.first_published_at = dataset.first_published_at or now
        fields += ["last_modified_at", "first_published_at"]
    if relevance is not None:
        dataset.relevance_date = relevance
        fields.append("relevance_date")
    if dataset.status == DatasetStatus.DRAFT:
        dataset.status = DatasetStatus.PUBLISHED
    dataset.next_due = schedule.next_due(dataset, calendar_for(dataset.hromada))
    dataset.quality, dataset.quality_detail = quality.score(dataset)
    dataset.save(update_fields=fields)
    if changed:
        audit.record(AuditEntry.Action.UPDATE, dataset, hromada=dataset.hromada, actor=user,
                     changes={"last_modified_at": [None, now]})
