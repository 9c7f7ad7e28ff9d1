"""Programme API: draft the informatization programme, approve it, monitor it and download its documents.

Reads need ``programmes.view``; writes go through the programme services, which check the rest
(``programmes.manage``, or ``programmes.report`` for a unit's own report). Another hromada's ids are a 404.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from hromada.core import audit
from hromada.core import selectors as core_selectors
from hromada.core.metrics import REGISTRY as METRICS
from hromada.core.models import AuditEntry, Department, Institution
from hromada.core.roles import can
from hromada.core.schemas import MAX_ID, BoundedPages, ErrorOut, ValidationErrorOut
from hromada.programmes import selectors, snapshot
from hromada.programmes.models import (
    SECTIONS,
    AnnualReport,
    Direction,
    Indicator,
    IndicatorSnapshot,
    Programme,
    ProgrammeVersion,
    Task,
    TaskProgress,
)
from hromada.programmes.schemas import (
    ActualIn,
    AnnualReportOut,
    DirectionIn,
    DirectionOut,
    DirectionPatch,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    IndicatorYearOut,
    MetricOut,
    PassportPatch,
    PeriodDetailOut,
    PeriodIn,
    PeriodOut,
    ProgrammeIn,
    ProgrammeListOut,
    ProgrammeOut,
    ProgrammeVersionOut,
    ReportIn,
    ReportOut,
    SectionsIn,
    SnapshotsTakenOut,
    TaskIn,
    TaskOut,
    TaskPatch,
    TransitionIn,
    VersionDetailOut,
)
from hromada.programmes.services import monitoring
from hromada.programmes.services import programme as services

router = Router(tags=["programmes"])
VIEW = "programmes.view"
MANAGE = "programmes.manage"
REPORT = "programmes.report"
WRITE_RESPONSES = {400: ValidationErrorOut, 403: ErrorOut, 404: ErrorOut}
READ_RESPONSES = {403: ErrorOut, 404: ErrorOut}

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"docx": DOCX, "xlsx": XLSX}
REPORT_RENDERERS = {"docx": "report_docx", "xlsx": "report_xlsx"}
REPORT_KINDS = ("progress", "effectiveness")
ANNEX_RENDERERS = {("1", "docx"): "annex1_docx", ("1", "xlsx"): "annex1_xlsx",
                   ("2", "docx"): "annex2_docx", ("2", "xlsx"): "annex2_xlsx"}


def _binary(*content_types: str) -> dict:
    content = {ct: {"schema": {"type": "string", "format": "binary"}} for ct in content_types}
    return {"responses": {200: {"description": "File", "content": content}}}


def _require(request, capability: str) -> None:
    if not can(request.auth, request.hromada, capability):
        raise PermissionDenied


def _programme(request, programme_id: int, capability: str = VIEW) -> Programme:
    _require(request, capability)
    return selectors.programme(request.hromada, programme_id)


def _not_null(data: dict, names: tuple[str, ...]) -> dict[str, str]:
    """Fields the caller may leave out but not set to null."""
    return {name: _("This field cannot be null.") for name in names if name in data and data[name] is None}


def _one(request, model, field: str, pk):
    if pk is None:
        return None
    try:
        return core_selectors.scoped(model, request.hromada).get(pk=pk)
    except model.DoesNotExist:
        raise ValidationError({field: _("No such record in this hromada.")}) from None


def _many(request, model, field: str, ids: list[int]) -> list:
    wanted = set(ids)
    # An id past a bigint names no record, and SQLite could not even bind it to the query.
    storable = [pk for pk in wanted if 0 < pk <= MAX_ID]
    found = list(core_selectors.scoped(model, request.hromada).filter(pk__in=storable))
    if len(found) != len(wanted):
        raise ValidationError({field: _("No such record in this hromada.")})
    return found


def _direction(programme: Programme, field: str, pk):
    if pk is None:
        return None
    try:
        return selectors.direction(programme, pk)
    except Http404:
        raise ValidationError({field: _("No such record in this programme.")}) from None


def _by_key(rows, key, field: str) -> dict:
    """Rows of a list payload keyed by `key`; the same key twice is refused."""
    result = {}
    for row in rows:
        k = key(row)
        if k in result:
            item = " ".join(map(str, k)) if isinstance(k, tuple) else str(k)
            raise ValidationError({field: _("The list names %(item)s twice.") % {"item": item}})
        result[k] = row
    return result


@contextmanager
def _fields_as(names: dict[str, str]):
    """Report a service's field errors under the names this API's payload uses."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError({names.get(field, field): errors for field, errors in error.error_dict.items()}
                              ) from None


PASSPORT_FIELDS = {"developer": "developer_id", "responsible_departments": "responsible_department_ids",
                   "responsible_institutions": "responsible_institution_ids"}
TASK_FIELDS = {"direction": "direction_id", "departments": "department_ids"}
INDICATOR_FIELDS = {"direction": "direction_id"}


def _detail(programme: Programme) -> dict:
    data = snapshot.freeze(programme)
    data.update(
        id=programme.pk, status=programme.status, version=programme.version, is_public=programme.is_public,
        is_editable=programme.is_editable, developer_id=programme.developer_id,
        responsible_department_ids=sorted(d.pk for d in programme.responsible_departments.all()),
        responsible_institution_ids=sorted(i.pk for i in programme.responsible_institutions.all()),
    )
    return data


def _file(request, programme: Programme, content: bytes, filename: str, what: str) -> HttpResponse:
    audit.record(AuditEntry.Action.EXPORT, programme, actor=request.auth, hromada=request.hromada,
                 changes={"export": [None, what]})
    response = HttpResponse(content, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[1]])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- programmes ------------------------------------------------------------------------------------------


@router.get("", response=list[ProgrammeListOut], summary="Informatization programmes of the hromada")
@paginate(BoundedPages, page_size=100)
def programme_list(request):
    _require(request, VIEW)
    return selectors.programmes(request.hromada)


@router.post("", response={201: ProgrammeOut, **WRITE_RESPONSES}, summary="Start a draft programme")
def programme_create(request, payload: ProgrammeIn):
    _require(request, MANAGE)
    programme = services.create_programme(actor=request.auth, hromada=request.hromada, **payload.dict())
    return 201, _detail(programme)


# Declared before "/{programme_id}" so that the path is not read as a programme id.
@router.get("/metrics", response=list[MetricOut], summary="Live metrics an indicator can be bound to")
def metric_list(request):
    _require(request, VIEW)
    return [{"key": m.key, "name": str(m.name), "unit": str(m.unit), "source": str(m.source), "dated": m.dated}
            for m in sorted(METRICS.values(), key=lambda m: m.key)]


@router.get("/{programme_id}", response={200: ProgrammeOut, **READ_RESPONSES},
            summary="The programme: passport, sections, directions with tasks (Annex 1), indicators (Annex 2)")
def programme_detail(request, programme_id: int):
    return _detail(_programme(request, programme_id))


@router.patch("/{programme_id}/passport", response={200: ProgrammeOut, **WRITE_RESPONSES},
              summary="Change passport items; fields left out keep their values")
def passport_update(request, programme_id: int, payload: PassportPatch):
    programme = _programme(request, programme_id, MANAGE)
    data = payload.dict(exclude_unset=True)
    errors = _not_null(data, ("start_year", "end_year", "responsible_department_ids",
                              "responsible_institution_ids", "financing"))
    for name in ("start_year", "end_year"):
        if data.get(name) is not None:
            try:
                Programme._meta.get_field(name).run_validators(data[name])
            except ValidationError as error:
                errors[name] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)
    developer = _one(request, Department, "developer_id", data.pop("developer_id", programme.developer_id))
    if "responsible_department_ids" in data:
        departments = _many(request, Department, "responsible_department_ids", data.pop("responsible_department_ids"))
    else:
        departments = list(programme.responsible_departments.all())
    if "responsible_institution_ids" in data:
        institutions = _many(request, Institution, "responsible_institution_ids",
                             data.pop("responsible_institution_ids"))
    else:
        institutions = list(programme.responsible_institutions.all())
    financing = None
    if "financing" in data:
        rows = _by_key(payload.financing, lambda row: row.year, "financing")
        financing = {year: (row.total, row.local_budget, row.other_sources) for year, row in rows.items()}
        del data["financing"]
    with _fields_as(PASSPORT_FIELDS):
        programme = services.update_passport(
            programme, actor=request.auth, hromada=request.hromada, fields={**data, "developer": developer},
            departments=departments, institutions=institutions, financing=financing,
        )
    return _detail(programme)


@router.put("/{programme_id}/sections", response={200: ProgrammeOut, **WRITE_RESPONSES},
            summary="Texts of sections II–VI; sections left out keep their text")
def sections_update(request, programme_id: int, payload: SectionsIn):
    programme = _programme(request, programme_id, MANAGE)
    data = payload.dict(exclude_unset=True)
    errors = _not_null(data, SECTIONS)
    if errors:
        raise ValidationError(errors)
    programme = services.update_sections(programme, actor=request.auth, hromada=request.hromada, sections=data)
    return _detail(programme)


# --- directions ------------------------------------------------------------------------------------------


@router.get("/{programme_id}/directions", response=list[DirectionOut], summary="Priority directions (section IV)")
@paginate(BoundedPages, page_size=100)
def direction_list(request, programme_id: int):
    programme = _programme(request, programme_id)
    return Direction.objects.filter(programme=programme).annotate(task_count=Count("tasks")).order_by("order", "pk")


@router.post("/{programme_id}/directions", response={201: list[DirectionOut], **WRITE_RESPONSES},
             summary="Add the template's directions by key, or one of the hromada's own by name")
def direction_create(request, programme_id: int, payload: DirectionIn):
    programme = _programme(request, programme_id, MANAGE)
    if (payload.catalogue_keys is None) == (payload.name is None):
        raise ValidationError(_("Give either catalogue_keys or name."))
    if payload.catalogue_keys is not None:
        with _fields_as({"keys": "catalogue_keys"}):
            added = services.add_catalogue_directions(programme, actor=request.auth, hromada=request.hromada,
                                                      keys=list(dict.fromkeys(payload.catalogue_keys)))
        return 201, added
    direction = Direction(programme=programme, name=payload.name)
    return 201, [services.save_direction(direction, actor=request.auth, hromada=request.hromada)]


@router.patch("/{programme_id}/directions/{direction_id}", response={200: DirectionOut, **WRITE_RESPONSES})
def direction_update(request, programme_id: int, direction_id: int, payload: DirectionPatch):
    programme = _programme(request, programme_id, MANAGE)
    direction = selectors.direction(programme, direction_id)
    data = payload.dict(exclude_unset=True)
    errors = _not_null(data, ("order",))
    if errors:
        raise ValidationError(errors)
    for name, value in data.items():
        setattr(direction, name, value)
    return services.save_direction(direction, actor=request.auth, hromada=request.hromada)


@router.delete("/{programme_id}/directions/{direction_id}", response={204: None, **WRITE_RESPONSES})
def direction_delete(request, programme_id: int, direction_id: int):
    programme = _programme(request, programme_id, MANAGE)
    direction = selectors.direction(programme, direction_id)
    services.delete_direction(direction, actor=request.auth, hromada=request.hromada)
    return 204, None


# --- Annex 1: tasks ----------------------------------------------------------------------------------------


def _task_financing(rows) -> dict:
    keyed = _by_key(rows, lambda row: (row.year, row.source), "financing")
    return {key: row.planned for key, row in keyed.items()}


@router.get("/{programme_id}/tasks", response=list[TaskOut], summary="Tasks, projects and works (Annex 1)")
@paginate(BoundedPages, page_size=100)
def task_list(request, programme_id: int, search: str = "",
              direction_id: int | None = Query(None, ge=1, le=MAX_ID), status: str = "",
              department_id: int | None = Query(None, ge=1, le=MAX_ID)):
    programme = _programme(request, programme_id)
    if "\x00" in search or "\x00" in status:  # PostgreSQL refuses NUL characters; no task holds one
        return Task.objects.none()
    return selectors.tasks(programme, search=search, direction_id=direction_id, status=status,
                           department_id=department_id)


@router.post("/{programme_id}/tasks", response={201: TaskOut, **WRITE_RESPONSES}, summary="Add a task to Annex 1")
def task_create(request, programme_id: int, payload: TaskIn):
    programme = _programme(request, programme_id, MANAGE)
    data = payload.dict()
    direction = _direction(programme, "direction_id", data.pop("direction_id"))
    departments = _many(request, Department, "department_ids", data.pop("department_ids"))
    financing = _task_financing(payload.financing)
    del data["financing"]
    task = Task(programme=programme, direction=direction, **data)
    with _fields_as(TASK_FIELDS):
        task = services.save_task(task, actor=request.auth, hromada=request.hromada, departments=departments,
                                  financing=financing)
    return 201, selectors.task(programme, task.pk)


@router.get("/{programme_id}/tasks/{task_id}", response={200: TaskOut, **READ_RESPONSES})
def task_detail(request, programme_id: int, task_id: int):
    return selectors.task(_programme(request, programme_id), task_id)


@router.patch("/{programme_id}/tasks/{task_id}", response={200: TaskOut, **WRITE_RESPONSES},
              summary="Change a task; fields left out keep their values")
def task_update(request, programme_id: int, task_id: int, payload: TaskPatch):
    programme = _programme(request, programme_id, MANAGE)
    task = selectors.task(programme, task_id)
    data = payload.dict(exclude_unset=True)
    errors = _not_null(data, ("direction_id", "department_ids", "financing"))
    if errors:
        raise ValidationError(errors)
    if "direction_id" in data:
        task.direction = _direction(programme, "direction_id", data.pop("direction_id"))
    if "department_ids" in data:
        departments = _many(request, Department, "department_ids", data.pop("department_ids"))
    else:
        departments = list(task.departments.all())
    # The amounts already planned are checked again with the changed term; those given replace them.
    financing = {(row.year, row.source): row.planned for row in task.financing.all()}
    if "financing" in data:
        financing |= _task_financing(payload.financing)
        del data["financing"]
    for name, value in data.items():
        setattr(task, name, value)
    with _fields_as(TASK_FIELDS):
        services.save_task(task, actor=request.auth, hromada=request.hromada, departments=departments,
                           financing=financing)
    return selectors.task(programme, task.pk)


@router.delete("/{programme_id}/tasks/{task_id}", response={204: None, **WRITE_RESPONSES})
def task_delete(request, programme_id: int, task_id: int):
    programme = _programme(request, programme_id, MANAGE)
    services.delete_task(selectors.task(programme, task_id), actor=request.auth, hromada=request.hromada)
    return 204, None


# --- Annex 2: indicators -----------------------------------------------------------------------------------


def _indicators(programme: Programme):
    return Indicator.objects.filter(programme=programme).prefetch_related("years").order_by("order", "pk")


def _targets(rows) -> dict:
    return {year: row.target for year, row in _by_key(rows, lambda row: row.year, "targets").items()}


@router.get("/{programme_id}/indicators", response=list[IndicatorOut], summary="Indicators (Annex 2)")
@paginate(BoundedPages, page_size=100)
def indicator_list(request, programme_id: int):
    return _indicators(_programme(request, programme_id))


@router.post("/{programme_id}/indicators", response={201: IndicatorOut, **WRITE_RESPONSES},
             summary="Add an indicator, typed by hand or bound to a live metric")
def indicator_create(request, programme_id: int, payload: IndicatorIn):
    programme = _programme(request, programme_id, MANAGE)
    data = payload.dict()
    direction = _direction(programme, "direction_id", data.pop("direction_id"))
    targets = _targets(payload.targets)
    del data["targets"]
    indicator = Indicator(programme=programme, direction=direction, **data)
    with _fields_as(INDICATOR_FIELDS):
        services.save_indicator(indicator, actor=request.auth, hromada=request.hromada, targets=targets)
    return 201, _indicators(programme).get(pk=indicator.pk)


@router.get("/{programme_id}/indicators/{indicator_id}", response={200: IndicatorOut, **READ_RESPONSES})
def indicator_detail(request, programme_id: int, indicator_id: int):
    programme = _programme(request, programme_id)
    return _indicators(programme).get(pk=selectors.indicator(programme, indicator_id).pk)


@router.patch("/{programme_id}/indicators/{indicator_id}", response={200: IndicatorOut, **WRITE_RESPONSES},
              summary="Change an indicator; fields left out keep their values")
def indicator_update(request, programme_id: int, indicator_id: int, payload: IndicatorPatch):
    programme = _programme(request, programme_id, MANAGE)
    indicator = selectors.indicator(programme, indicator_id)
    data = payload.dict(exclude_unset=True)
    errors = _not_null(data, ("targets",))
    if errors:
        raise ValidationError(errors)
    if "direction_id" in data:
        indicator.direction = _direction(programme, "direction_id", data.pop("direction_id"))
    targets = _targets(payload.targets) if "targets" in data else {}
    data.pop("targets", None)
    for name, value in data.items():
        setattr(indicator, name, value)
    with _fields_as(INDICATOR_FIELDS):
        services.save_indicator(indicator, actor=request.auth, hromada=request.hromada, targets=targets)
    return _indicators(programme).get(pk=indicator.pk)


@router.delete("/{programme_id}/indicators/{indicator_id}", response={204: None, **WRITE_RESPONSES})
def indicator_delete(request, programme_id: int, indicator_id: int):
    programme = _programme(request, programme_id, MANAGE)
    services.delete_indicator(selectors.indicator(programme, indicator_id), actor=request.auth,
                              hromada=request.hromada)
    return 204, None


@router.put("/{programme_id}/indicators/{indicator_id}/actual", response={200: IndicatorYearOut, **WRITE_RESPONSES},
            summary="The actual value of a hand-entered indicator for a year")
def indicator_actual(request, programme_id: int, indicator_id: int, payload: ActualIn):
    programme = _programme(request, programme_id, MANAGE)
    indicator = selectors.indicator(programme, indicator_id)
    return services.record_actual(indicator, actor=request.auth, hromada=request.hromada, year=payload.year,
                                  value=payload.value, source=payload.source, as_of=payload.as_of)


# --- lifecycle -------------------------------------------------------------------------------------------


@router.post("/{programme_id}/transition", response={200: ProgrammeOut, **WRITE_RESPONSES},
             summary="Move the programme through draft → review → approved → execution → completed")
def programme_transition(request, programme_id: int, payload: TransitionIn):
    programme = _programme(request, programme_id, MANAGE)
    if payload.to not in Programme.Status.values:
        raise ValidationError({"to": _("Choose one of: %(statuses)s.")
                               % {"statuses": ", ".join(Programme.Status.values)}})
    try:
        Programme._meta.get_field("approval_decision").run_validators(payload.decision.strip())
    except ValidationError as error:
        raise ValidationError({"decision": error.messages}) from None
    programme = services.transition(programme, actor=request.auth, hromada=request.hromada, to=payload.to,
                                    decision=payload.decision, decided_on=payload.decided_on)
    return _detail(programme)


@router.post("/{programme_id}/amend", response={200: ProgrammeOut, **WRITE_RESPONSES},
             summary="Reopen an approved programme as a draft; the approved version stays as it was")
def programme_amend(request, programme_id: int):
    programme = _programme(request, programme_id, MANAGE)
    programme = services.start_amendment(programme, actor=request.auth, hromada=request.hromada)
    return _detail(programme)


@router.get("/{programme_id}/versions", response=list[ProgrammeVersionOut], summary="Approved versions")
@paginate(BoundedPages, page_size=100)
def version_list(request, programme_id: int):
    return _programme(request, programme_id).versions.select_related("created_by").order_by("-number")


def _version(programme: Programme, number: int) -> ProgrammeVersion:
    found = programme.versions.select_related("created_by").filter(number=number).first()
    if found is None:
        raise Http404
    return found


@router.get("/{programme_id}/versions/{number}", response={200: VersionDetailOut, **READ_RESPONSES},
            summary="An approved version as it was frozen")
def version_detail(request, programme_id: int, number: int):
    return _version(_programme(request, programme_id), number)


# --- monitoring ------------------------------------------------------------------------------------------


@router.get("/{programme_id}/periods", response=list[PeriodOut], summary="Monitoring periods")
@paginate(BoundedPages, page_size=100)
def period_list(request, programme_id: int):
    return _programme(request, programme_id).periods.order_by("-year", "-quarter", "pk")


@router.post("/{programme_id}/periods", response={201: PeriodOut, **WRITE_RESPONSES},
             summary="Open a quarter or a year: every responsible unit gets a report to fill")
def period_create(request, programme_id: int, payload: PeriodIn):
    programme = _programme(request, programme_id, MANAGE)
    return 201, monitoring.open_period(programme, actor=request.auth, hromada=request.hromada, kind=payload.kind,
                                       year=payload.year, quarter=payload.quarter)


def _period_detail(period) -> dict:
    prefetch_related_objects([period], "reports__department")
    reports = [{"id": row["report"].pk, "department_id": row["report"].department_id,
                "department": row["report"].department.name, "status": row["report"].status,
                "submitted_at": row["report"].submitted_at, "state": row["state"]}
               for row in monitoring.period_board(period)]
    snapshots = [{"indicator_id": s.indicator_id, "indicator": s.indicator.name, "taken_on": s.taken_on,
                  "value": s.value, "source": s.source}
                 for s in IndicatorSnapshot.objects.filter(period=period).select_related("indicator")
                 .order_by("indicator__order", "indicator_id")]
    return {**PeriodOut.from_orm(period).dict(), "reports": reports, "snapshots": snapshots}


@router.get("/{programme_id}/periods/{period_id}", response={200: PeriodDetailOut, **READ_RESPONSES},
            summary="A period: each unit's report (on time, late, missing, pending) and the live indicators")
def period_detail(request, programme_id: int, period_id: int):
    return _period_detail(selectors.period(_programme(request, programme_id), period_id))


@router.post("/{programme_id}/periods/{period_id}/snapshots", response={200: SnapshotsTakenOut, **WRITE_RESPONSES},
             summary="Compute the live indicators for the period (again, if need be)")
def period_snapshots(request, programme_id: int, period_id: int):
    period = selectors.period(_programme(request, programme_id, MANAGE), period_id)
    count = monitoring.take_snapshots(period, actor=request.auth, hromada=request.hromada)
    return {"count": count, "taken_on": period.snapshot_taken_on}


def _report_out(report) -> dict:
    progress = {row.task_id: row for row in TaskProgress.objects.filter(report=report)}
    tasks = []
    for task in monitoring.report_tasks(report):
        row = progress.get(task.pk)
        tasks.append({
            "task_id": task.pk, "name": task.name, "project": task.project, "reported": row is not None,
            "status": row.status if row else task.status,
            "percent_done": row.percent_done if row else task.percent_done,
            "actual_local": row.actual_local if row else None, "actual_other": row.actual_other if row else None,
            "comment": row.comment if row else "", "correction": row.correction if row else "",
        })
    return {
        "id": report.pk, "period_id": report.period_id, "department_id": report.department_id,
        "department": report.department.name, "status": report.status, "summary": report.summary,
        "submitted_at": report.submitted_at,
        "submitted_by": report.submitted_by.full_name if report.submitted_by_id else None,
        "is_late": report.is_late, "tasks": tasks,
    }


def _report(request, programme_id: int, period_id: int, report_id: int, capability: str = VIEW):
    period = selectors.period(_programme(request, programme_id, capability), period_id)
    return selectors.unit_report(period, report_id)


@router.get("/{programme_id}/periods/{period_id}/reports/{report_id}", response={200: ReportOut, **READ_RESPONSES},
            summary="A unit's report: its tasks with what was reported on them")
def report_detail(request, programme_id: int, period_id: int, report_id: int):
    return _report_out(_report(request, programme_id, period_id, report_id))


@router.put("/{programme_id}/periods/{period_id}/reports/{report_id}", response={200: ReportOut, **WRITE_RESPONSES},
            summary="Save a unit's report, and submit it with submit: true")
def report_update(request, programme_id: int, period_id: int, report_id: int, payload: ReportIn):
    report = _report(request, programme_id, period_id, report_id, REPORT)
    rows = _by_key(payload.progress, lambda row: row.task_id, "progress")
    progress = {task_id: row.dict(exclude={"task_id"}) for task_id, row in rows.items()}
    report = monitoring.save_unit_report(report, actor=request.auth, hromada=request.hromada,
                                         summary=payload.summary, progress=progress, submit=payload.submit)
    return _report_out(report)


@router.post("/{programme_id}/periods/{period_id}/reports/{report_id}/return",
             response={200: ReportOut, **WRITE_RESPONSES}, summary="Return a submitted report to its unit")
def report_return(request, programme_id: int, period_id: int, report_id: int):
    report = _report(request, programme_id, period_id, report_id, MANAGE)
    return _report_out(monitoring.return_report(report, actor=request.auth, hromada=request.hromada))


# --- annual reports and documents --------------------------------------------------------------------------


def _annual(programme: Programme, year: int) -> AnnualReport:
    found = programme.annual_reports.select_related("consolidated_by").filter(year=year).first()
    if found is None:
        raise Http404
    return found


@router.post("/{programme_id}/annual-reports/{year}", response={200: AnnualReportOut, **WRITE_RESPONSES},
             summary="Consolidate the year's progress and effectiveness reports (again replaces them)")
def annual_consolidate(request, programme_id: int, year: int):
    programme = _programme(request, programme_id, MANAGE)
    monitoring.consolidate_year(programme, actor=request.auth, hromada=request.hromada, year=year)
    return _annual(programme, year)


@router.get("/{programme_id}/annual-reports/{year}", response={200: AnnualReportOut, **READ_RESPONSES},
            summary="The consolidated annual reports as data")
def annual_detail(request, programme_id: int, year: int):
    return _annual(_programme(request, programme_id), year)


@router.get("/{programme_id}/annual-reports/{year}/{which}.{fmt}", response=READ_RESPONSES,
            openapi_extra=_binary(DOCX, XLSX),
            summary="Download an annual report: which is progress or effectiveness, fmt is docx or xlsx")
def annual_document(request, programme_id: int, year: int, which: str, fmt: str):
    programme = _programme(request, programme_id)
    if which not in REPORT_KINDS or fmt not in REPORT_RENDERERS:
        raise Http404
    report = _annual(programme, year)
    from hromada.programmes import documents

    content = getattr(documents, REPORT_RENDERERS[fmt])(report.data, which)
    return _file(request, programme, content, f"programme-{programme.pk}-{year}-{which}.{fmt}",
                 f"annual {year} {which}.{fmt}")


@router.get("/{programme_id}/document.docx", response=READ_RESPONSES, openapi_extra=_binary(DOCX),
            summary="Download the programme as DOCX: the current text, or an approved version with ?version=N")
def programme_document(request, programme_id: int, version: int | None = None):
    programme = _programme(request, programme_id)
    data = _version(programme, version).snapshot if version is not None else snapshot.freeze(programme)
    from hromada.programmes import documents

    content = documents.programme_docx(data)
    suffix = f"-v{version}" if version is not None else ""
    return _file(request, programme, content, f"programme-{programme.pk}{suffix}.docx",
                 f"programme.docx v{version or 'current'}")


@router.get("/{programme_id}/annexes/{annex}.{fmt}", response=READ_RESPONSES, openapi_extra=_binary(DOCX, XLSX),
            summary="Download Annex 1 (tasks) or Annex 2 (indicators) as it stands: fmt is docx or xlsx")
def annex_document(request, programme_id: int, annex: str, fmt: str):
    programme = _programme(request, programme_id)
    renderer = ANNEX_RENDERERS.get((annex, fmt))
    if renderer is None:
        raise Http404
    from hromada.programmes import documents

    content = getattr(documents, renderer)(snapshot.freeze(programme))
    return _file(request, programme, content, f"programme-{programme.pk}-annex{annex}.{fmt}", f"annex{annex}.{fmt}")
