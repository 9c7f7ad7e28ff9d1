"""The cabinet's «My petitions and signatures» section."""

from django.utils.translation import gettext_lazy as _

from hromada.core.cabinet import Section, register

SHOWN = 5


def _petitions(request, membership):
    from hromada.participation.petitions import selectors

    own = selectors.authored(request.hromada, request.user)
    signed = selectors.signed_by(request.hromada, request.user)
    return {"own": list(own[:SHOWN]), "signed": list(signed[:SHOWN]), "signed_count": signed.count()}


register(Section("petitions", _("My petitions and signatures"), "participation/petitions/_section.html", _petitions,
                 order=30, url_name="my-petitions:index"))
