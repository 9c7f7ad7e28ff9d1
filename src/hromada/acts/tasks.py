"""Scheduled jobs of the registry of acts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.jobs import scheduled


@scheduled("acts-apply-relations", cron="5 0 * * *",
           label=_("Apply repeals, suspensions and amendments that take effect today"))
def apply_relations() -> str:
    from hromada.acts.services import apply_due_relations
    from hromada.core.models import Hromada

    total = sum(apply_due_relations(hromada) for hromada in Hromada.objects.order_by("pk"))
    return f"relations applied: {total}"
