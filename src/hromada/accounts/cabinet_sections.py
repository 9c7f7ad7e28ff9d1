"""The cabinet's own sections: profile and verification come first; modules add theirs after."""

from django.utils.translation import gettext_lazy as _

from hromada.core.cabinet import Section, register


def _profile(request, membership):
    return {"membership": membership, "user": request.user}


register(Section("profile", _("Profile and verification"), "accounts/cabinet/_profile.html", _profile, order=10))
