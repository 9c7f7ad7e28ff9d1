"""What e-petitions ask of staff now (core.worklist): petitions to moderate, petitions to answer."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core import worklist
from hromada.participation.models import PetitionStatus
from hromada.participation.petitions.selectors import staff_petitions

MODERATE = "participation.petition_moderation"
ANSWER = "participation.petition_answer"

worklist.register_kind(MODERATE, gettext_lazy("E-petition to publish or refuse"), order=40)
worklist.register_kind(ANSWER, gettext_lazy("E-petition to answer"), order=41)


@worklist.provider("participation.petitions_moderation", capability="participation.petitions_moderate")
def moderation(ctx: worklist.Context) -> list[worklist.Item]:
    items = []
    for petition in staff_petitions(ctx.hromada, status=PetitionStatus.MODERATION):
        due = petition.moderation_due
        items.append(worklist.Item(
            kind=MODERATE, title=petition.title, url=reverse("petitions-staff:detail", args=[petition.pk]),
            deadline=due, basis=_("Law «Про звернення громадян», Art. 23-1; the statute"), working_days=True,
            state=worklist.state_of(due, ctx.today, late=due is not None and due < ctx.today)))
    return items


@worklist.provider("participation.petitions_answer", capability="participation.petitions_answer")
def answers(ctx: worklist.Context) -> list[worklist.Item]:
    items = []
    for petition in staff_petitions(ctx.hromada, status=PetitionStatus.CONSIDERATION):
        due = petition.case.due_date if petition.case_id else None
        items.append(worklist.Item(
            kind=ANSWER, title=_("No. %(number)s %(title)s") % {"number": petition.number, "title": petition.title},
            url=reverse("petitions-staff:detail", args=[petition.pk]), deadline=due,
            basis=_("Law «Про звернення громадян», Art. 23-1"), working_days=True,
            detail=_("%(count)s signatures") % {"count": petition.signatures_count},
            state=worklist.state_of(due, ctx.today, late=due is not None and due < ctx.today)))
    return items
