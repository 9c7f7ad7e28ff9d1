"""Yearly self-assessments: start one for a methodology and year, answer it, score it, make it final.

The methodology file (``programmes.methodologies``) defines the items and the scoring rule; the stored
``score`` is refreshed on every save, so lists and history read it without rescoring. A final assessment is
read-only (house rule 7: a change is refused with a message and nothing is saved).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core.models import AuditEntry
from hromada.core.selectors import scoped
from hromada.core.services import check_can
from hromada.programmes import methodologies
from hromada.programmes.models import Assessment, AssessmentAnswer

MANAGE = "strategy.manage"
VIEW = "programmes.view"
YEAR_MIN, YEAR_MAX = 2000, 2099


@dataclass(frozen=True)
class AnswerInput:
    value: Decimal | None = None
    evidence_url: str = ""
    comment: str = ""

    @property
    def is_empty(self) -> bool:
        return self.value is None and not self.evidence_url and not self.comment


# --- reads ------------------------------------------------------------------------------------------------


def assessments(hromada) -> QuerySet[Assessment]:
    return scoped(Assessment, hromada).order_by("methodology", "-year")


def assessment(hromada, pk) -> Assessment:
    try:
        return scoped(Assessment, hromada).get(pk=pk)
    except (Assessment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def methodology_of(item: Assessment) -> methodologies.Methodology | None:
    """The methodology the assessment was made on, or None if its file is no longer installed."""
    try:
        return methodologies.load(item.methodology, item.methodology_version)
    except KeyError:
        return None


def label(item: Assessment) -> str:
    methodology = methodology_of(item)
    title = methodology.title if methodology else item.methodology
    return f"{title} ({item.methodology_version}), {item.year}"


def answers_of(item: Assessment) -> dict[str, AssessmentAnswer]:
    return {a.indicator_key: a for a in item.answers.all()}


def score_of(item: Assessment, answers: Mapping[str, AssessmentAnswer] | None = None) -> methodologies.Score | None:
    methodology = methodology_of(item)
    if methodology is None:
        return None
    answers = answers_of(item) if answers is None else answers
    return methodologies.score(methodology, {k: a.value for k, a in answers.items()})


def history(hromada) -> list[tuple[str, str, list[Assessment]]]:
    """Per methodology key: (key, title of the newest version, assessments oldest year first)."""
    grouped: dict[str, list[Assessment]] = {}
    for item in scoped(Assessment, hromada).order_by("methodology", "year"):
        grouped.setdefault(item.methodology, []).append(item)
    rows = []
    for key, items in sorted(grouped.items()):
        try:
            title = methodologies.load(key).title
        except KeyError:
            title = key
        rows.append((key, title, items))
    return rows


# --- writes -----------------------------------------------------------------------------------------------


def _guard(item: Assessment, *, actor, hromada, editable: bool = True) -> None:
    check_can(actor, hromada, MANAGE)
    if item.hromada_id != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))
    if editable and item.is_final:
        raise ValidationError(_("The self-assessment is final and can no longer be changed."), code="final")


def start(*, actor, hromada, methodology_key: str, version: str, year) -> Assessment:
    check_can(actor, hromada, MANAGE)
    errors = {}
    if not methodologies.exists(methodology_key, version):
        errors["methodology"] = _("Choose a methodology from the list.")
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        errors["year"] = _("Give a year from %(first)s to %(last)s.") % {"first": YEAR_MIN, "last": YEAR_MAX}
    elif scoped(Assessment, hromada).filter(methodology=methodology_key, year=year).exists():
        errors["year"] = _("This year has already been assessed.")
    if errors:
        raise ValidationError(errors)
    item = Assessment(hromada=hromada, methodology=methodology_key, methodology_version=version, year=year,
                      score=Decimal("0.00"))
    item.full_clean(validate_constraints=False)
    with transaction.atomic():
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            raise ValidationError({"year": _("This year has already been assessed.")}) from None
        audit.record(AuditEntry.Action.CREATE, item, actor=actor, hromada=hromada,
                     changes=audit.diff({}, audit.snapshot(item)), object_repr=label(item))
    return item


def check_answers(methodology: methodologies.Methodology, answers: Mapping[str, AnswerInput]) -> dict[str, str]:
    """Errors keyed ``<indicator key>__value`` (or ``__all__`` for keys the methodology does not know)."""
    errors = {}
    unknown = sorted(set(answers) - {i.key for i in methodology.indicators})
    if unknown:
        errors["__all__"] = _("Unknown items of the methodology: %(keys)s.") % {"keys": ", ".join(unknown)}
    for indicator in methodology.indicators:
        given = answers.get(indicator.key)
        if given is None:
            continue
        problem = methodologies.answer_problem(indicator, given.value)
        if problem:
            errors[f"{indicator.key}__value"] = problem
        row = AssessmentAnswer(indicator_key=indicator.key, value=given.value, evidence_url=given.evidence_url,
                               comment=given.comment)
        try:
            row.full_clean(exclude=["assessment"], validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(f"{indicator.key}__{name}", messages[0])
    return errors


def save_answers(item: Assessment, *, actor, hromada, answers: Mapping[str, AnswerInput]) -> Assessment:
    """Store the given answers (all of them or some); an empty answer removes the stored one."""
    _guard(item, actor=actor, hromada=hromada)
    methodology = methodology_of(item)
    if methodology is None:
        raise ValidationError(_("The methodology of this self-assessment is not installed."))
    errors = check_answers(methodology, answers)
    if errors:
        raise ValidationError(errors)
    changes = {}
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=item.pk)
        if locked.is_final:
            raise ValidationError(_("The self-assessment is final and can no longer be changed."), code="final")
        stored = answers_of(locked)
        for key, given in answers.items():
            row = stored.get(key)
            before = (None if row is None or row.value is None else str(row.value),
                      row.evidence_url if row else "", row.comment if row else "")
            if given.is_empty:
                if row is not None:
                    row.delete()
                    stored.pop(key)
                    changes[key] = [list(before), None]
                continue
            if row is None:
                row = AssessmentAnswer(assessment=locked, indicator_key=key)
            row.value, row.evidence_url, row.comment = given.value, given.evidence_url, given.comment
            after = (None if given.value is None else str(given.value), given.evidence_url, given.comment)
            if after != before:
                row.save()
                stored[key] = row
                changes[key] = [list(before) if before != (None, "", "") else None, list(after)]
        result = methodologies.score(methodology, {k: a.value for k, a in stored.items()})
        if locked.score != result.total:
            changes["score"] = [None if locked.score is None else str(locked.score), str(result.total)]
        locked.score = result.total
        locked.save(update_fields=["score", "updated_at"])
        if changes:
            audit.record(AuditEntry.Action.UPDATE, locked, actor=actor, hromada=hromada, changes=changes,
                         object_repr=label(locked))
    return locked


def finalise(item: Assessment, *, actor, hromada) -> Assessment:
    _guard(item, actor=actor, hromada=hromada)
    result = score_of(item)
    if result is None:
        raise ValidationError(_("The methodology of this self-assessment is not installed."))
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=item.pk)
        if locked.is_final:
            raise ValidationError(_("The self-assessment is final and can no longer be changed."), code="final")
        locked.is_final, locked.score = True, result.total
        locked.save(update_fields=["is_final", "score", "updated_at"])
        audit.record(AuditEntry.Action.UPDATE, locked, actor=actor, hromada=hromada,
                     changes={"is_final": [False, True], "score": [None, str(result.total)],
                              "unanswered": [None, len(result.unanswered)]}, object_repr=label(locked))
    return locked


def delete(item: Assessment, *, actor, hromada) -> None:
    _guard(item, actor=actor, hromada=hromada)
    with transaction.atomic():
        object_type, object_id, _repr = audit.describe(item)
        object_repr = label(item)
        changes = {k: [v, None] for k, v in audit.snapshot(item).items()}
        item.delete()
        audit.record(AuditEntry.Action.DELETE, changes=changes, actor=actor, hromada=hromada,
                     object_type=object_type, object_id=object_id, object_repr=object_repr)
