"""What the registry of acts asks of its keepers now (see core.worklist).

* Acts not yet published whose publication has a deadline: adopted acts (within M working days of adoption)
  and drafts (at least N working days before their consideration). The deadline, whether it has passed and
  whether it is near are the secretary's deadlines page's (:mod:`hromada.acts.deadlines`, the hromada's
  calendar and settings); internal acts have none.
* Imports of acts that failed (the import's state file, :mod:`hromada.core.import_flow`).
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hromada.acts import deadlines, lifecycle, selectors
from hromada.acts.models import ActStatus
from hromada.core import worklist

ADOPTED = "acts.adopted"
DRAFT = "acts.draft"

worklist.register_kind(ADOPTED, gettext_lazy("Publication of an adopted act"), order=20)
worklist.register_kind(DRAFT, gettext_lazy("Publication of a draft act"), order=21)


def _bases(hromada) -> dict[str, str]:
    draft_days, adopted_days = deadlines.publication_terms(hromada)
    return {
        deadlines.Kind.DRAFT: ngettext(
            "Law «On access to public information», Art. 15: at least %(days)s working day before consideration",
            "Law «On access to public information», Art. 15: at least %(days)s working days before consideration",
            draft_days) % {"days": draft_days},
        deadlines.Kind.ADOPTED: ngettext(
            "Law «On access to public information», Art. 15: within %(days)s working day of adoption",
            "Law «On access to public information», Art. 15: within %(days)s working days of adoption",
            adopted_days) % {"days": adopted_days},
    }


@worklist.provider("acts.publication", capability="acts.publish")
def publication(ctx: worklist.Context) -> list[worklist.Item]:
    unpublished = (
        selectors.acts(ctx.hromada, public=False).select_related(None).select_related("author_unit")
        .filter(internal=False, published_at__isnull=True)
        .filter(Q(status=ActStatus.DRAFT, type__in=list(lifecycle.DRAFT_TERM_TYPES), consideration_date__isnull=False)
                | (Q(status__in=list(lifecycle.ADOPTED_STATUSES)) & Q(type__in=list(lifecycle.ADOPTED_TYPES))))
        .only("pk", "hromada_id", "number", "date", "type", "status", "title", "consideration_date", "published_at",
              "internal", "author_unit__name")
    )
    bases = _bases(ctx.hromada)
    items = []
    for row in deadlines.deadline_rows(ctx.hromada, unpublished, today=ctx.today):
        deadline = row.deadline
        if deadline.published_on is not None:
            continue
        late = deadline.state == "overdue"
        soon = row.working_days_left is not None and row.working_days_left <= deadlines.DUE_SOON_WORKING_DAYS
        items.append(worklist.Item(
            kind=DRAFT if deadline.kind == deadlines.Kind.DRAFT else ADOPTED,
            title=str(row.act), url=reverse("acts:detail", args=[row.act.pk]),
            deadline=deadline.due, working_days=True, basis=bases[deadline.kind],
            state=worklist.state_of(deadline.due, ctx.today, late=late, soon=soon),
            unit=row.act.author_unit.name if row.act.author_unit else "",
        ))
    return items


@worklist.provider("acts.imports", capability="acts.import")
def failed_imports(ctx: worklist.Context) -> list[worklist.Item]:
    from hromada.acts.importers import ActImporter
    from hromada.acts.views_import import ActUpload

    return worklist.failed_imports(
        ctx, ActUpload, url_name="acts:import-result", kinds=[ActImporter.kind],
        title=lambda state: _("Import of acts from «%(file)s»") % {"file": state.get("filename", "")})
