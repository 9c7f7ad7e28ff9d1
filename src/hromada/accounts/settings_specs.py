"""Per-hromada settings of resident identity, with their basis (core.hromada_settings)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.hromada_settings import SettingSpec, register

register(SettingSpec(
    "accounts.staff_totp_required", bool, False,
    _("Staff who hold personal data must sign in with a second factor (TOTP)"),
    "Law «Про захист персональних даних», Art. 24 (protection of personal data)",
))
