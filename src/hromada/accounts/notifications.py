"""Kinds of notice resident identity sends (registered with core.notifications)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.models.notifications import Channel
from hromada.core.notifications import RESIDENTS, STAFF, register_kind

CODE = register_kind(
    "accounts.code", label=_("Sign-in and confirmation codes"), audience=RESIDENTS,
    default_channels={Channel.EMAIL, Channel.SMS}, required_channels={Channel.EMAIL, Channel.SMS},
    required_reason=_("needed to sign in"),
    description=_("A one-time code to confirm an e-mail or phone, or to sign in."),
)
ACCOUNT = register_kind(
    "accounts.account", label=_("Changes to your account"), audience=RESIDENTS,
    default_channels={Channel.EMAIL, Channel.IN_APP}, required_channels={Channel.EMAIL},
    required_reason=_("the law requires telling you"),
    description=_("Verification, a changed password, a new sign-in method, an answer to your data request."),
)
DATA_REQUEST = register_kind(
    "accounts.data_request", label=_("Residents' personal data requests"), audience=STAFF,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=_("A resident asks to correct the personal data held about them (an answer within 30 days)."),
)
