"""The cabinet's «My appeals» section: the person's latest cases in this hromada."""

from django.utils.translation import gettext_lazy as _

from hromada.core.cabinet import Section, register

SHOWN = 5


def _cases(request, membership):
    from hromada.core.cases import selectors
    from hromada.core.cases.views_cabinet import due_text

    rows = selectors.own_cases(request.user, request.hromada).order_by("-received_at", "-id")
    return {"items": [{"case": case, "due": due_text(case)} for case in rows[:SHOWN]], "count": rows.count()}


register(Section("cases", _("My appeals"), "cases/cabinet/_section.html", _cases, order=20,
                 url_name="my-cases:list"))
