"""What the participatory budget asks of staff now (core.worklist): projects to review, results to publish."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hromada.core import worklist
from hromada.core.models import RoleAssignment
from hromada.core.roles import Role
from hromada.participation.models import Edition, Project, ProjectStatus

REVIEW = "participation.budget_review"
RESULTS = "participation.budget_results"
BASIS = gettext_lazy("the participatory budget regulation (Положення)")
# Roles that see every project to review; department staff see their department's.
WHOLE_HROMADA = {Role.PROGRAMME_MANAGER, Role.HROMADA_ADMIN}

worklist.register_kind(REVIEW, gettext_lazy("Participatory budget project to review"), order=42)
worklist.register_kind(RESULTS, gettext_lazy("Participatory budget results to publish"), order=43)


def _url(name: str, pk: int, fallback: str) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return fallback


@worklist.provider("participation.budget_review", capability="participation.budget_review")
def projects_to_review(ctx: worklist.Context) -> list[worklist.Item]:
    rows = (Project.objects.filter(hromada=ctx.hromada, edition__voting_starts__gt=ctx.today,
                                   status__in=(ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW))
            .select_related("edition", "review_department").order_by("edition__review_ends", "number"))
    if not ctx.roles & WHOLE_HROMADA:
        units = RoleAssignment.objects.filter(user=ctx.user, hromada=ctx.hromada, department__isnull=False
                                              ).values_list("department_id", flat=True)
        rows = rows.filter(review_department_id__in=list(units))
    items = []
    for project in rows:
        due = project.edition.review_ends
        items.append(worklist.Item(
            kind=REVIEW, title=_("No. %(number)s %(title)s") % {"number": project.number, "title": project.title},
            url=_url("budget-staff:project", project.pk, "/staff/budget/"), deadline=due, basis=str(BASIS),
            unit=project.review_department.name if project.review_department else "",
            detail=str(project.edition), state=worklist.state_of(due, ctx.today, late=due < ctx.today)))
    return items


@worklist.provider("participation.budget_results", capability="participation.budget_manage")
def results_to_publish(ctx: worklist.Context) -> list[worklist.Item]:
    items = []
    for edition in Edition.objects.filter(hromada=ctx.hromada, voting_ends__lt=ctx.today,
                                          results_published_at__isnull=True).order_by("results_on"):
        due = edition.results_on
        items.append(worklist.Item(
            kind=RESULTS, title=str(edition), url=_url("budget-staff:edition", edition.pk, "/staff/budget/"),
            deadline=due, basis=str(BASIS),
            detail=ngettext("%(count)s ballot", "%(count)s ballots", edition.ballots_count)
            % {"count": edition.ballots_count},
            state=worklist.state_of(due, ctx.today, late=due < ctx.today)))
    return items
