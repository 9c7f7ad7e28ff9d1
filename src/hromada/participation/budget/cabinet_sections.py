"""The cabinet's «My participatory budget» section."""

from django.utils.translation import gettext_lazy as _

from hromada.core.cabinet import Section, register

SHOWN = 5


def _budget(request, membership):
    from hromada.participation.budget import queries_pages as q

    ballots = list(q.ballots_of_user(request.hromada, request.user)[:SHOWN])
    projects = list(q.projects_of_author(request.hromada, request.user)[:SHOWN])
    return {"ballots": ballots, "projects": projects}


register(Section("budget", _("My participatory budget"), "participation/budget/_section.html", _budget, order=31,
                 url_name="my-budget:index"))
