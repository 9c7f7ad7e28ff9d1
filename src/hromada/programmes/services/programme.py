"""Writes of the programme itself: passport, sections, directions, Annex 1 tasks, Annex 2 indicators, lifecycle.

Every function validates first and raises a ValidationError keyed by field, so a form can show the message
beside the field and nothing is saved (house rules 1 and 7).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core.metrics import REGISTRY as METRICS
from hromada.core.models import AuditEntry
from hromada.core.services import check_can
from hromada.programmes import catalogue, snapshot
from hromada.programmes.models import (
    SECTIONS,
    Direction,
    Indicator,
    IndicatorYear,
    Programme,
    ProgrammeFinancing,
    ProgrammeVersion,
    Source,
    Task,
    TaskFinancing,
)
from hromada.programmes.models.fields import MONEY_MAX

MANAGE = "programmes.manage"
ZERO = Decimal(0)
MAX_TERM_YEARS = 10

Status = Programme.Status
# Allowed moves of the lifecycle; amendments are a separate action (approved/execution -> draft).
TRANSITIONS = {
    Status.DRAFT: {Status.REVIEW},
    Status.REVIEW: {Status.DRAFT, Status.APPROVED},
    Status.APPROVED: {Status.EXECUTION},
    Status.EXECUTION: {Status.COMPLETED},
    Status.COMPLETED: set(),
}


def _log(action: str, obj, *, actor, hromada, changes=None) -> None:
    audit.record(action, obj, changes=changes or {}, actor=actor, hromada=hromada)


def _check_programme(programme: Programme, *, actor, hromada, editable: bool = True) -> None:
    check_can(actor, hromada, MANAGE)
    if programme.hromada_id != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))
    if editable and not programme.is_editable:
        raise ValidationError(
            _("The programme is %(status)s: start an amendment to change it."),
            params={"status": programme.get_status_display()}, code="not_editable",
        )


def _departments_of(hromada, departments) -> list:
    departments = list(departments)
    if any(d.hromada_id != hromada.pk for d in departments):
        raise ValidationError({"departments": _("Choose units of this hromada.")})
    return departments


# --- passport --------------------------------------------------------------------------------------------


def money_error(amount) -> str | None:
    """Financing is thousand UAH: a Decimal, not negative, within the column, at most three decimals."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        return _("Give an amount in thousand UAH.")
    if amount < 0 or amount > MONEY_MAX or amount.as_tuple().exponent < -3:
        return _("Give an amount in thousand UAH, not negative, with at most three decimals.")
    return None


def check_term(start_year: int | None, end_year: int | None) -> dict[str, str]:
    if start_year is None or end_year is None:
        return {"start_year" if start_year is None else "end_year": _("Give the first and the last year.")}
    if not (2000 <= start_year <= 2099 and 2000 <= end_year <= 2099):
        return {"end_year": _("Years of the programme lie between 2000 and 2099.")}
    if end_year < start_year:
        return {"end_year": _("The last year cannot be before the first.")}
    if end_year - start_year + 1 > MAX_TERM_YEARS:
        return {"end_year": _("A programme lasts at most %(years)s years.") % {"years": MAX_TERM_YEARS}}
    return {}


def check_financing(years: list[int], financing: dict[int, tuple[Decimal, Decimal, Decimal]]) -> dict[str, str]:
    """Each year's total must equal local budget + other sources; field keys are ``financing-<year>-total``."""
    errors = {}
    for year in sorted(financing):
        total, local, other = financing[year]
        bad = next((e for e in map(money_error, (total, local, other)) if e), None)
        if bad:
            errors[f"financing-{year}-total"] = bad
        elif year not in years:
            errors[f"financing-{year}-total"] = _("%(year)s is outside the programme's term.") % {"year": year}
        elif local + other != total:
            errors[f"financing-{year}-total"] = _(
                "%(year)s: the sources add up to %(sum)s thousand UAH, not the total of %(total)s."
            ) % {"year": year, "sum": local + other, "total": total}
    return errors


def create_programme(*, actor, hromada, title: str, start_year: int, end_year: int, **fields) -> Programme:
    check_can(actor, hromada, MANAGE)
    programme = Programme(hromada=hromada, title=title, start_year=start_year, end_year=end_year, **fields)
    errors = check_term(start_year, end_year)
    if errors:
        raise ValidationError(errors)
    try:
        programme.full_clean()
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        programme.save()
        for year in programme.years:
            ProgrammeFinancing.objects.create(programme=programme, year=year)
        _log(AuditEntry.Action.CREATE, programme, actor=actor, hromada=hromada,
             changes=audit.diff({}, audit.snapshot(programme)))
    return programme


def update_passport(programme: Programme, *, actor, hromada, fields: dict, departments=(), institutions=(),
                    financing: dict[int, tuple[Decimal, Decimal, Decimal]] | None = None) -> Programme:
    """Change passport items 3–10; financing maps year -> (total, local budget, other sources)."""
    _check_programme(programme, actor=actor, hromada=hromada)
    before = audit.snapshot(programme)
    for name, value in fields.items():
        setattr(programme, name, value)
    errors = check_term(programme.start_year, programme.end_year)
    if errors:
        raise ValidationError(errors)
    if programme.developer_id and programme.developer.hromada_id != hromada.pk:
        errors["developer"] = _("Choose a unit of this hromada.")
    if any(i.hromada_id != hromada.pk for i in institutions):
        errors["responsible_institutions"] = _("Choose institutions of this hromada.")
    departments = list(departments)
    if any(d.hromada_id != hromada.pk for d in departments):
        errors["responsible_departments"] = _("Choose units of this hromada.")
    if financing is not None:
        errors |= check_financing(programme.years, financing)
    errors |= _tasks_outside_term(programme)
    try:
        programme.full_clean()
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        programme.save()
        programme.responsible_departments.set(departments)
        programme.responsible_institutions.set(institutions)
        ProgrammeFinancing.objects.filter(programme=programme).exclude(year__in=programme.years).delete()
        for year in programme.years:
            total, local, other = (financing or {}).get(year, (None, None, None))
            row, _created = ProgrammeFinancing.objects.get_or_create(programme=programme, year=year)
            if total is not None:
                row.total, row.local_budget, row.other_sources = total, local, other
                row.save()
        changes = audit.diff(before, audit.snapshot(programme))
        if financing is not None:
            changes["financing"] = [None, {str(y): [str(v) for v in t] for y, t in financing.items()}]
        _log(AuditEntry.Action.UPDATE, programme, actor=actor, hromada=hromada, changes=changes)
    return programme


def _tasks_outside_term(programme: Programme) -> dict[str, str]:
    if not programme.pk:
        return {}
    first, last = date(programme.start_year, 1, 1), date(programme.end_year, 12, 31)
    outside = Task.objects.filter(programme=programme).exclude(start_date__gte=first, end_date__lte=last).count()
    if outside:
        return {"end_year": _("%(count)s task(s) of Annex 1 would fall outside this term; change them first.")
                % {"count": outside}}
    return {}


def update_sections(programme: Programme, *, actor, hromada, sections: dict[str, str]) -> Programme:
    _check_programme(programme, actor=actor, hromada=hromada)
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown sections {sorted(unknown)}")
    before = audit.snapshot(programme)
    with transaction.atomic():
        for key, text in sections.items():
            setattr(programme, f"section_{key}", text.strip())
        programme.save()
        _log(AuditEntry.Action.UPDATE, programme, actor=actor, hromada=hromada,
             changes=audit.diff(before, audit.snapshot(programme)))
    return programme


# --- directions -------------------------------------------------------------------------------------------


def add_catalogue_directions(programme: Programme, *, actor, hromada, keys: list[str]) -> list[Direction]:
    """Add the template's recommended directions the manager picked (those already there are skipped)."""
    _check_programme(programme, actor=actor, hromada=hromada)
    cat = catalogue.load(programme.catalogue)
    unknown = [key for key in keys if cat.direction(key) is None]
    if unknown:
        raise ValidationError({"keys": _("Unknown directions of the template: %(keys)s.")
                               % {"keys": ", ".join(unknown)}})
    existing = set(programme.directions.values_list("catalogue_key", flat=True))
    existing_names = set(programme.directions.values_list("name", flat=True))
    order = programme.directions.count()
    added = []
    with transaction.atomic():
        for key in keys:
            entry = cat.direction(key)
            if key in existing or entry.name in existing_names:
                continue
            order += 1
            direction = Direction.objects.create(programme=programme, catalogue_key=key, name=entry.name,
                                                 order=order)
            _log(AuditEntry.Action.CREATE, direction, actor=actor, hromada=hromada,
                 changes={"name": [None, entry.name]})
            added.append(direction)
    return added


def save_direction(direction: Direction, *, actor, hromada) -> Direction:
    _check_programme(direction.programme, actor=actor, hromada=hromada)
    direction.name = (direction.name or "").strip()
    if direction.pk is None and not direction.order:
        direction.order = direction.programme.directions.count() + 1
    direction.full_clean()
    before = audit.snapshot(Direction.objects.get(pk=direction.pk)) if direction.pk else {}
    with transaction.atomic():
        creating = direction.pk is None
        direction.save()
        _log(AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE, direction, actor=actor,
             hromada=hromada, changes=audit.diff(before, audit.snapshot(direction)))
    return direction


def delete_direction(direction: Direction, *, actor, hromada) -> None:
    _check_programme(direction.programme, actor=actor, hromada=hromada)
    if direction.tasks.exists():
        raise ValidationError(_("The direction has tasks in Annex 1; move or delete them first."))
    with transaction.atomic():
        _log(AuditEntry.Action.DELETE, direction, actor=actor, hromada=hromada,
             changes={"name": [direction.name, None]})
        direction.delete()


# --- Annex 1: tasks ---------------------------------------------------------------------------------------


def check_task(task: Task, programme: Programme, financing: dict[tuple[int, str], Decimal]) -> dict[str, str]:
    errors: dict[str, str] = {}
    first, last = date(programme.start_year, 1, 1), date(programme.end_year, 12, 31)
    if task.start_date and not first <= task.start_date <= last:
        errors["start_date"] = _("The term must lie inside the programme's term (%(first)s–%(last)s).") % {
            "first": programme.start_year, "last": programme.end_year}
    if task.end_date and not first <= task.end_date <= last:
        errors["end_date"] = _("The term must lie inside the programme's term (%(first)s–%(last)s).") % {
            "first": programme.start_year, "last": programme.end_year}
    if task.start_date and task.end_date and task.end_date < task.start_date:
        errors["end_date"] = _("The end cannot be before the start.")
    if task.direction_id and task.direction.programme_id != programme.pk:
        errors["direction"] = _("Choose a direction of this programme.")
    for (year, source), amount in financing.items():
        if source not in Source.values:
            errors[f"fin-{year}-{source}"] = _("Choose the local budget or other sources.")
        elif money_error(amount):
            errors[f"fin-{year}-{source}"] = money_error(amount)
        elif year not in programme.years:
            errors[f"fin-{year}-{source}"] = _("%(year)s is outside the programme's term.") % {"year": year}
        elif amount and task.start_date and task.end_date and not task.start_date.year <= year <= task.end_date.year:
            errors[f"fin-{year}-{source}"] = _("Financing in %(year)s is outside the task's term.") % {"year": year}
    return errors


def save_task(task: Task, *, actor, hromada, departments, financing: dict[tuple[int, str], Decimal]) -> Task:
    """Create or change an Annex 1 row; financing maps (year, source) -> planned thousand UAH."""
    programme = task.programme
    _check_programme(programme, actor=actor, hromada=hromada)
    if task.pk:
        # Amounts already planned stay checked when only the term changes.
        stored = {(f.year, f.source): f.planned for f in TaskFinancing.objects.filter(task=task)}
        financing = stored | financing
    errors = check_task(task, programme, financing)
    departments = list(departments)
    if not departments:
        errors["departments"] = _("Name at least one responsible unit.")
    elif any(d.hromada_id != hromada.pk for d in departments):
        errors["departments"] = _("Choose units of this hromada.")
    if task.pk is None and not task.order:
        task.order = Task.objects.filter(direction=task.direction_id).count() + 1 if task.direction_id else 1
    try:
        task.full_clean(exclude=["departments"])
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    creating = task.pk is None
    before = audit.snapshot(Task.objects.get(pk=task.pk)) if task.pk else {}
    with transaction.atomic():
        task.save()
        task.departments.set(departments)
        for (year, source), planned in financing.items():
            row, _created = TaskFinancing.objects.get_or_create(task=task, year=year, source=source)
            if row.planned != planned:
                row.planned = planned
                row.save(update_fields=["planned"])
        changes = audit.diff(before, audit.snapshot(task))
        changes["planned"] = [None, {f"{y} {s}": str(v) for (y, s), v in sorted(financing.items())}]
        _log(AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE, task, actor=actor,
             hromada=hromada, changes=changes)
    return task


def delete_task(task: Task, *, actor, hromada) -> None:
    _check_programme(task.programme, actor=actor, hromada=hromada)
    if task.progress.exists():
        raise ValidationError(_("Units have already reported on this task; mark it cancelled instead."))
    with transaction.atomic():
        _log(AuditEntry.Action.DELETE, task, actor=actor, hromada=hromada, changes={"name": [task.name, None]})
        task.delete()


# --- Annex 2: indicators ----------------------------------------------------------------------------------


def save_indicator(indicator: Indicator, *, actor, hromada, targets: dict[int, Decimal | None]) -> Indicator:
    programme = indicator.programme
    _check_programme(programme, actor=actor, hromada=hromada)
    errors: dict[str, str] = {}
    if indicator.metric_key and indicator.metric_key not in METRICS:
        errors["metric_key"] = _("Choose a metric from the list.")
    if indicator.direction_id and indicator.direction.programme_id != programme.pk:
        errors["direction"] = _("Choose a direction of this programme.")
    for year, target in targets.items():
        if year not in programme.years:
            errors[f"target-{year}"] = _("%(year)s is outside the programme's term.") % {"year": year}
        elif target is not None and (not isinstance(target, Decimal) or not target.is_finite()
                                     or abs(target) >= Decimal(10) ** 15 or target.as_tuple().exponent < -3):
            errors[f"target-{year}"] = _("Give a number with at most three decimals.")
    if indicator.pk is None and not indicator.order:
        indicator.order = programme.indicators.count() + 1
    try:
        indicator.full_clean()
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    if indicator.metric_key and not indicator.data_source:
        with translation.override(settings.LANGUAGE_CODE):  # it goes into the official annex
            indicator.data_source = str(METRICS[indicator.metric_key].source)
    creating = indicator.pk is None
    before = audit.snapshot(Indicator.objects.get(pk=indicator.pk)) if indicator.pk else {}
    with transaction.atomic():
        indicator.save()
        for year, target in targets.items():
            IndicatorYear.objects.update_or_create(indicator=indicator, year=year, defaults={"target": target})
        changes = audit.diff(before, audit.snapshot(indicator))
        changes["targets"] = [None, {str(y): None if t is None else str(t) for y, t in sorted(targets.items())}]
        _log(AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE, indicator, actor=actor,
             hromada=hromada, changes=changes)
    return indicator


def delete_indicator(indicator: Indicator, *, actor, hromada) -> None:
    _check_programme(indicator.programme, actor=actor, hromada=hromada)
    with transaction.atomic():
        _log(AuditEntry.Action.DELETE, indicator, actor=actor, hromada=hromada,
             changes={"name": [indicator.name, None]})
        indicator.delete()


def record_actual(indicator: Indicator, *, actor, hromada, year: int, value: Decimal | None,
                  source: str = "", as_of: date | None = None) -> IndicatorYear:
    """Enter the actual value of a hand-entered indicator for a year (allowed in execution too)."""
    _check_programme(indicator.programme, actor=actor, hromada=hromada, editable=False)
    if indicator.is_live:
        raise ValidationError({"actual": _("This indicator is computed by the platform; its value cannot be typed.")})
    if year not in indicator.programme.years:
        raise ValidationError({"year": _("%(year)s is outside the programme's term.") % {"year": year}})
    with transaction.atomic():
        row, _created = IndicatorYear.objects.get_or_create(indicator=indicator, year=year)
        before = audit.snapshot(row)
        row.actual, row.actual_source, row.actual_as_of = value, source or indicator.data_source, as_of
        row.full_clean()
        row.save()
        _log(AuditEntry.Action.UPDATE, indicator, actor=actor, hromada=hromada,
             changes={f"actual {year}": [before.get("actual"), None if value is None else str(value)]})
    return row


# --- lifecycle --------------------------------------------------------------------------------------------


def completeness_errors(programme: Programme) -> list[str]:
    """What stops a draft from going to expert review: empty passport items and inconsistent financing."""
    problems = []
    labels = {
        "decree_title": _("3. title of the decree on drafting"), "decree_date": _("3. date of the decree"),
        "decree_number": _("3. number of the decree"), "goal": _("5. goal"), "developer_id": _("6. developer"),
        "head_position": _("7. position of the head"), "head_name": _("7. name of the head"),
    }
    for field, label in labels.items():
        if not getattr(programme, field):
            problems.append(_("Passport item %(item)s is empty.") % {"item": label})
    if not programme.responsible_departments.exists() and not programme.responsible_institutions.exists():
        problems.append(_("Passport item 8: name the units responsible for the measures."))
    passport = {row.year: row for row in programme.financing.all()}
    planned: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    for row in TaskFinancing.objects.filter(task__programme=programme).exclude(task__status=Task.Status.CANCELLED):
        planned[(row.year, row.source)] += row.planned
    for year in programme.years:
        row = passport.get(year)
        for source, stated in ((Source.LOCAL, row.local_budget if row else ZERO),
                               (Source.OTHER, row.other_sources if row else ZERO)):
            if planned[(year, source)] != stated:
                problems.append(_(
                    "%(year)s, %(source)s: Annex 1 plans %(planned)s thousand UAH, the passport states %(stated)s."
                ) % {"year": year, "source": Source(source).label, "planned": planned[(year, source)],
                     "stated": stated})
    if not programme.directions.exists():
        problems.append(_("Section IV has no priority directions."))
    if not programme.tasks.exists():
        problems.append(_("Annex 1 has no tasks."))
    if not programme.indicators.exists():
        problems.append(_("Annex 2 has no indicators."))
    return problems


def transition(programme: Programme, *, actor, hromada, to: str, decision: str = "",
               decided_on: date | None = None) -> Programme:
    _check_programme(programme, actor=actor, hromada=hromada, editable=False)
    to = Status(to)
    if to not in TRANSITIONS[Status(programme.status)]:
        raise ValidationError(_("A programme that is %(from)s cannot become %(to)s.")
                              % {"from": programme.get_status_display(), "to": to.label}, code="transition")
    if to == Status.REVIEW:
        problems = completeness_errors(programme)
        if problems:
            raise ValidationError(problems, code="incomplete")
    if to == Status.APPROVED:
        errors = {}
        if not decision.strip():
            errors["decision"] = _("Give the decision that approved the programme.")
        elif len(decision.strip()) > 300:
            errors["decision"] = _("The decision reference is at most 300 characters.")
        if decided_on is None:
            errors["decided_on"] = _("Give the date of the decision.")
        if errors:
            raise ValidationError(errors)
    before = programme.status
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        if programme.status != before:
            raise ValidationError(_("The programme was changed meanwhile; reload the page."))
        programme.status = to
        if to == Status.APPROVED:
            programme.version += 1
            programme.approval_decision, programme.approval_date = decision.strip(), decided_on
        programme.save()
        if to == Status.APPROVED:
            ProgrammeVersion.objects.create(
                programme=programme, number=programme.version, approval_decision=programme.approval_decision,
                approval_date=decided_on, snapshot=snapshot.freeze(programme), created_by=actor,
            )
        _log(AuditEntry.Action.UPDATE, programme, actor=actor, hromada=hromada,
             changes={"status": [before, str(to)],
                      **({"approval_decision": [None, decision]} if to == Status.APPROVED else {})})
    return programme


def start_amendment(programme: Programme, *, actor, hromada) -> Programme:
    """Reopen an approved programme for changes; the approved version stays viewable as it was."""
    _check_programme(programme, actor=actor, hromada=hromada, editable=False)
    if programme.status not in (Status.APPROVED, Status.EXECUTION):
        raise ValidationError(_("Only an approved programme or one in execution can be amended."))
    before = programme.status
    with transaction.atomic():
        programme.status = Status.DRAFT
        programme.save(update_fields=["status", "updated_at"])
        _log(AuditEntry.Action.UPDATE, programme, actor=actor, hromada=hromada,
             changes={"status": [before, Status.DRAFT], "amendment": [None, programme.version + 1]})
    return programme
