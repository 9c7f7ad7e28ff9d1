"""The cabinet's own sections: profile and verification come first; modules add theirs after."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.utils.translation import gettext_lazy as _

from hromada.core.cabinet import Section, register


def _profile(request, membership):
    return {"membership": membership, "user": request.user}


def _verification(request, membership):
    from hromada.accounts.identity_providers import buttons
    from hromada.core.models import Institution
    from hromada.core.worklist import long_date

    resident = membership.resident if membership.is_verified else None
    return {
        "membership": membership, "resident": resident,
        "verified_on": long_date(membership.verified_at.date()) if membership.verified_at else "",
        "settlement": (resident.building.street.settlement if resident and resident.building_id else None),
        "buttons": [] if membership.is_verified else buttons(request.hromada),
        "cnaps": [] if membership.is_verified else list(Institution.objects.filter(
            hromada=request.hromada, kind=Institution.Kind.CNAP).select_related("settlement")),
    }


def _consents(request, membership):
    from hromada.accounts.models import Consent

    return {"consents": Consent.objects.filter(user=request.user, hromada=request.hromada)}


def _notifications(request, membership):
    from hromada.core.notifications import selectors

    return {"unread": selectors.unread_count(request.user, request.hromada),
            "latest": list(selectors.inbox(request.user, request.hromada)[:3])}


def _sign_in(request, membership):
    user = request.user
    return {
        "has_password": user.has_usable_password(),
        "emails": EmailAddress.objects.filter(user=user),
        "phone": user.phone, "phone_verified": user.phone_verified,
        "providers": SocialAccount.objects.filter(user=user),
        "two_factor": Authenticator.objects.filter(user=user).exists(),
    }


def _sessions(request, membership):
    from hromada.core.models import ApiToken

    return {"tokens": ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)}


def _data(request, membership):
    from hromada.accounts import selectors

    return {"requests": selectors.own_data_requests(request.user, request.hromada)}


register(Section("profile", _("Profile"), "accounts/cabinet/_profile.html", _profile, order=10,
                 url_name="accounts:profile"))
register(Section("verification", _("Verification"), "accounts/cabinet/_verification.html", _verification,
                 order=11, url_name="accounts:verification"))
register(Section("notifications", _("Notices"), "accounts/cabinet/_notifications.html", _notifications,
                 order=12, url_name="accounts:notices"))
register(Section("consents", _("Consents"), "accounts/cabinet/_consents.html", _consents, order=90,
                 url_name="accounts:consents"))
register(Section("sign_in", _("Sign-in methods"), "accounts/cabinet/_sign_in.html", _sign_in, order=91,
                 url_name="accounts:sign-in"))
register(Section("sessions", _("Sessions and API tokens"), "accounts/cabinet/_sessions.html", _sessions,
                 order=92, url_name="accounts:sessions"))
register(Section("data", _("My data"), "accounts/cabinet/_data.html", _data, order=93,
                 url_name="accounts:data"))
