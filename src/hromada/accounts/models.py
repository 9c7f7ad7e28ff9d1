"""A person's standing in a hromada (membership, verification against the register), consents, the identity
providers a hromada configures, assisted acts by ЦНАП/starosta staff, and data-subject requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VerificationMethod(models.TextChoices):
    IDGOVUA = "idgovua", _("ID.gov.ua (КЕП)")
    BANKID = "bankid", _("BankID")
    DIIA = "diia", _("Дія.Підпис")
    ASSISTED = "assisted", _("documents checked in person")


class Membership(models.Model):
    """One account in one hromada: a resident account there, and (once verified) the register record it is.

    A resident of one hromada is a stranger in another: every resident page and API call reads the membership
    of the request's hromada.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    hromada = models.ForeignKey("core.Hromada", on_delete=models.CASCADE, related_name="memberships")
    resident = models.ForeignKey(
        "registers.Resident", verbose_name=_("register record"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="accounts",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verification_method = models.CharField(_("verified by"), max_length=12, choices=VerificationMethod.choices,
                                           blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("checked by"))
    document_kind = models.CharField(_("document checked"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    # A person whose identity is verified but who is not in the register may declare that they work or study in
    # the hromada; where the participatory budget's Положення allows it, that is enough to vote (eligibility.py).
    declared_tie = models.CharField(_("works or studies here (declared)"), max_length=10, blank=True,
                                    choices=[("work", _("works in the hromada")),
                                             ("study", _("studies in the hromada"))])
    declared_at = models.DateTimeField(_("declared"), null=True, blank=True)

    class Meta:
        verbose_name = _("resident account")
        verbose_name_plural = _("resident accounts")
        constraints = [
            models.UniqueConstraint(fields=["user", "hromada"], name="accounts_membership_unique"),
            # One register record is one account: a second claim is refused (the person contacts the ЦНАП).
            models.UniqueConstraint(fields=["hromada", "resident"], condition=models.Q(resident__isnull=False),
                                    name="accounts_membership_resident"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.hromada_id}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None and self.resident_id is not None

    @property
    def facts(self):
        """What services need to know about the person here (age, settlement, district, status), or None."""
        from hromada.accounts.eligibility import resident_facts

        return resident_facts(self)


class Consent(models.Model):
    """Consent to the processing of personal data (Law «Про захист персональних даних», Art. 11), with the
    version of the text the person agreed to and when; a withdrawal is recorded, never deleted."""

    class Purpose(models.TextChoices):
        ACCOUNT = "account", _("processing of personal data for the resident account")
        ASSISTED = "assisted", _("staff acting on the person's behalf")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="consents")
    hromada = models.ForeignKey("core.Hromada", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    text_version = models.CharField(_("text version"), max_length=40)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    channel = models.CharField(_("how given"), max_length=20, default="portal")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.text_version}"


class IdentityProvider(models.Model):
    """A sign-in provider a hromada configured (its own ID.gov.ua accession agreement, or an OIDC provider).

    The installation may configure providers for every hromada in the environment instead
    (HROMADA_IDGOVUA_*, HROMADA_OIDC_PROVIDERS); see hromada.accounts.identity_providers.
    """

    class Kind(models.TextChoices):
        IDGOVUA = "idgovua", _("ID.gov.ua")
        OIDC = "oidc", _("OpenID Connect")

    hromada = models.ForeignKey("core.Hromada", on_delete=models.CASCADE, related_name="identity_providers")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.SlugField(_("name"), max_length=40,
                            help_text=_("Part of the sign-in address: /auth/oidc/<name>/login/."))
    label = models.CharField(_("button label"), max_length=80)
    url = models.URLField(_("server or issuer address"), max_length=300)
    client_id = models.CharField(_("client id"), max_length=200)
    client_secret = models.CharField(_("client secret"), max_length=500)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        constraints = [models.UniqueConstraint(fields=["hromada", "name"], name="accounts_provider_name")]

    def __str__(self) -> str:
        return self.label


class AssistedAct(models.Model):
    """Something ЦНАП or starosta staff did for a resident without a device; counted publicly."""

    hromada = models.ForeignKey("core.Hromada", on_delete=models.CASCADE, related_name="assisted_acts")
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("action"), max_length=60)
    consent = models.ForeignKey(Consent, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("assisted act")
        verbose_name_plural = _("assisted acts")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d}"


class DataRequest(models.Model):
    """A data subject's request (Art. 8): to correct what is held, or to delete the account."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("correction")
        DELETION = "deletion", _("deletion")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        REFUSED = "refused", _("refused")

    hromada = models.ForeignKey("core.Hromada", on_delete=models.CASCADE, related_name="data_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="data_requests")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("what to change"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class ApiCode(models.Model):
    """A one-time code sent by the API (/api/v1/auth/register) to an e-mail or phone; only its SHA-256 is kept.

    The API keeps no session, so the code lives here: 15 minutes, three wrong tries, used once.
    """

    class Purpose(models.TextChoices):
        CONFIRM = "confirm", _("confirm the account")

    hromada = models.ForeignKey("core.Hromada", on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=254)  # the e-mail (lower case) or the phone (+380…)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.CONFIRM)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [models.Index(fields=["hromada", "target", "purpose"], name="accounts_apicode_target")]

    def __str__(self) -> str:
        return f"{self.purpose} {self.target}"
