"""Writes to the hromada's case categories (house rule 1): validated, saved with an audit entry.

A category is never deleted while cases refer to it (the journal keeps showing it); it is taken out of use
instead, and put back the same way.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core.cases import kinds
from hromada.core.models import AuditEntry, CaseCategory
from hromada.core.services import check_can, check_same_hromada

MAX_TERM_HOURS = 24 * 366


def check_category(category: CaseCategory) -> dict:
    """Field errors of a category about to be saved (the hromada is already set)."""
    errors: dict = {}
    category.name = " ".join((category.name or "").split())
    keys = [key.strip() for key in (category.kinds or "").split(",") if key.strip()]
    if not category.name:
        errors["name"] = _("Name the category.")
    elif len(category.name) > 200:
        errors["name"] = _("The name is longer than %(n)s characters.") % {"n": 200}
    elif (CaseCategory.objects.filter(hromada_id=category.hromada_id, name__iexact=category.name)
          .exclude(pk=category.pk).exists()):
        errors["name"] = _("The hromada already has a category with this name.")
    unknown = [key for key in keys if key not in kinds.REGISTRY]
    if unknown:
        errors["kinds"] = _("Unknown kind of case: %(keys)s.") % {"keys": ", ".join(unknown)}
    category.kinds = ",".join(dict.fromkeys(keys))
    if category.department_id and category.department.hromada_id != category.hromada_id:
        errors["department"] = _("Choose a department of this hromada.")
    if category.term_hours is not None and not 1 <= category.term_hours <= MAX_TERM_HOURS:
        errors["term_hours"] = _("The service term is from 1 to %(n)s hours.") % {"n": MAX_TERM_HOURS}
    return errors


@transaction.atomic
def save_category(category: CaseCategory, *, actor, hromada) -> CaseCategory:
    """Create or change a category of ``hromada``; the difference goes to the audit log."""
    check_can(actor, hromada, "cases.categories")
    creating = category.pk is None
    if creating:
        category.hromada = hromada
    check_same_hromada(category, hromada)
    errors = check_category(category)
    if errors:
        raise ValidationError(errors)
    before = {}
    if not creating:
        stored = CaseCategory.objects.select_for_update().get(pk=category.pk)
        check_same_hromada(stored, hromada)
        before = audit.snapshot(stored)
    try:
        with transaction.atomic():
            category.save()
    except IntegrityError:
        raise ValidationError({"name": _("The hromada already has a category with this name.")}) from None
    changes = audit.diff(before, audit.snapshot(category))
    if creating or changes:
        audit.record(AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE, category, actor=actor,
                     hromada=hromada, changes=changes)
    return category


def set_active(category: CaseCategory, *, actor, hromada, active: bool) -> CaseCategory:
    """Take a category out of use (new cases cannot choose it; old ones keep it) or put it back."""
    if category.active == active:
        return category
    category.active = active
    return save_category(category, actor=actor, hromada=hromada)
