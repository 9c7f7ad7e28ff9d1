"""The cabinet's «My participatory budget» section."""

from django.utils.translation import gettext_lazy as _

from hromada.core.cabinet import Section, register

SHOWN = 5


def _budget(request, membership):
    from hromada.participation.budget import selectors as q

    ballots = list(q.my_ballots(request.hromada, request.user)[:SHOWN])
    projects = list(q.my_projects(request.hromada, request.user)[:SHOWN])
    return {"ballots": ballots, "projects": projects}


register(Section("budget", _("My participatory budget"), "participation/budget/_section.html", _budget, order=31,
                 url_name="my-budget:index"))
