"""Per-hromada settings of resident identity, with their basis (core.hromada_settings)."""

from django.utils.translation import gettext_lazy as _

from hromada.core.hromada_settings import SettingSpec, register

register(SettingSpec(
    "accounts.staff_totp_required", bool, False,
    _("Staff who hold personal data must sign in with a second factor (TOTP)"),
    "Law «Про захист персональних даних», Art. 24 (protection of personal data)",
))

# Who may take part in what (hromada.accounts.eligibility). The hromada sets these in its statute and in the
# Положення of each instrument; the defaults are the values most statutes and Положення use.
_MEMBER_STATUSES = "registered,declared,idp"
_MEMBER_CHOICES = ("registered", "declared", "idp")
register(SettingSpec(
    "eligibility.sign.min_age", int, 18, _("Minimum age to sign an e-petition"),
    "Statute of the territorial community (Law «Про звернення громадян», Art. 23-1)", minimum=0,
))
register(SettingSpec(
    "eligibility.sign.statuses", str, _MEMBER_STATUSES,
    _("Register statuses that may sign e-petitions (comma-separated: registered, declared, idp)"),
    "Statute of the territorial community", choices=_MEMBER_CHOICES, multiple=True,
))
register(SettingSpec(
    "eligibility.vote.min_age", int, 16, _("Minimum age to vote for participatory budget projects"),
    "Положення про громадський (партиципаторний) бюджет of the hromada", minimum=0,
))
register(SettingSpec(
    "eligibility.vote.statuses", str, _MEMBER_STATUSES,
    _("Register statuses that may vote for participatory budget projects (comma-separated)"),
    "Положення про громадський (партиципаторний) бюджет of the hromada", choices=_MEMBER_CHOICES, multiple=True,
))
register(SettingSpec(
    "eligibility.vote.allow_declared_work_study", bool, False,
    _("People who declare that they work or study in the hromada may vote for participatory budget projects"),
    "Положення про громадський (партиципаторний) бюджет of the hromada",
))
register(SettingSpec(
    "eligibility.book.min_age", int, 0, _("Minimum age to book a ЦНАП queue slot online"),
    "Law «Про адміністративні послуги», Art. 12; ЦНАП regulations of the hromada", minimum=0,
))
register(SettingSpec(
    "eligibility.book.statuses", str, _MEMBER_STATUSES,
    _("Register statuses that may book a ЦНАП queue slot online (comma-separated)"),
    "ЦНАП regulations of the hromada", choices=_MEMBER_CHOICES, multiple=True,
))
register(SettingSpec(
    "eligibility.apply.min_age", int, 14, _("Minimum age to submit an online application"),
    "Civil Code of Ukraine, Art. 32 (civil capacity of minors from 14); ЦНАП regulations of the hromada",
    minimum=0,
))
register(SettingSpec(
    "eligibility.apply.statuses", str, _MEMBER_STATUSES,
    _("Register statuses that may submit online applications (comma-separated)"),
    "ЦНАП regulations of the hromada", choices=_MEMBER_CHOICES, multiple=True,
))
