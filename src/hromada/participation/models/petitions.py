"""E-petitions (Art. 23-1 of the Law «Про звернення громадян»; threshold and terms from the hromada statute).

A petition's signatures are its public, hash-chained log: each row carries the hash of the previous one, the
database refuses UPDATE and DELETE on it (migration 0002), one person signs once (a unique constraint), and the
petition's ``signatures_count`` and ``last_hash`` change in the same transaction as the insert, under the
petition's row lock — so the count can always be recomputed from the rows and never disagrees with them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.models import Case, TenantModel

GENESIS_HASH = "0" * 64


class PetitionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    MODERATION = "moderation", _("on moderation")
    REFUSED = "refused", _("not published")
    COLLECTING = "collecting", _("collecting signatures")
    CONSIDERATION = "consideration", _("under consideration")
    ANSWERED = "answered", _("answered")
    NOT_REACHED = "not_reached", _("did not collect the signatures")


class Addressee(models.TextChoices):
    COUNCIL = "council", _("the council")
    EXECUTIVE_COMMITTEE = "executive_committee", _("the executive committee")
    HEAD = "head", _("the hromada head")


class Position(models.TextChoices):
    SUPPORTED = "supported", _("supported")
    PARTLY = "partly", _("partly supported")
    NOT_SUPPORTED = "not_supported", _("not supported")


class Petition(TenantModel):
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)  # given on publication
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text of the petition"))
    # Emptied when the author erases the account: the petition and its public author's name stay on record.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="petitions")
    # Art. 23-1: the petition states the author's full name and e-mail; kept as at submission.
    author_name = models.CharField(_("author"), max_length=200)
    author_email = models.EmailField(_("author's e-mail"))
    status = models.CharField(_("status"), max_length=20, choices=PetitionStatus.choices,
                              default=PetitionStatus.DRAFT)
    addressee = models.CharField(_("considered by"), max_length=30, choices=Addressee.choices,
                                 default=Addressee.COUNCIL)
    # Fixed when collection starts, from the settings then in force, with their basis.
    threshold = models.PositiveIntegerField(_("signatures needed"), null=True, blank=True)
    threshold_basis = models.CharField(_("basis of the threshold"), max_length=400, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    moderation_due = models.DateField(_("moderation due"), null=True, blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("moderated by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    refusal_ground = models.CharField(_("ground of refusal"), max_length=30, blank=True)
    refusal_reason = models.TextField(_("reasons"), blank=True)
    published_at = models.DateTimeField(_("collection started"), null=True, blank=True)
    ends_on = models.DateField(_("collection ends"), null=True, blank=True)  # the last day signatures count
    signatures_count = models.PositiveIntegerField(_("signatures"), default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    reached_at = models.DateTimeField(_("threshold reached"), null=True, blank=True)
    collection_closed_at = models.DateTimeField(_("collection closed"), null=True, blank=True)
    # The consideration is a case of the core engine (kind ``petition``) with the statute's term.
    case = models.OneToOneField(Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="petition")
    answer_text = models.TextField(_("answer"), blank=True)
    answer_position = models.CharField(_("position"), max_length=20, choices=Position.choices, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    agenda_item = models.ForeignKey("acts.AgendaItem", verbose_name=_("agenda item of the council session"),
                                    null=True, blank=True, on_delete=models.SET_NULL, related_name="petitions")
    decision = models.ForeignKey("acts.Act", verbose_name=_("adopted act"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="petitions")
    # A petition that did not collect the signatures may be sent on as an ordinary collective appeal.
    appeal_case = models.OneToOneField(Case, verbose_name=_("sent as an appeal"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="petition_as_appeal")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("e-petition")
        verbose_name_plural = _("e-petitions")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "number"], name="participation_petition_unique_number"),
            models.CheckConstraint(condition=models.Q(signatures_count__gte=0), name="participation_petition_count"),
        ]
        indexes = [models.Index(fields=["hromada", "status", "ends_on"], name="participation_petition_state")]

    def __str__(self) -> str:
        return f"№ {self.number} {self.title}" if self.number else self.title


class PetitionThreshold(TenantModel):
    """The signatures needed in a year when the statute sets them as a share of the registered residents."""

    year = models.PositiveSmallIntegerField(_("year"))
    residents = models.PositiveIntegerField(_("registered residents on 1 January"))
    share_percent = models.DecimalField(_("share, %"), max_digits=6, decimal_places=3)
    threshold = models.PositiveIntegerField(_("signatures needed"))
    computed_at = models.DateTimeField(_("computed"), auto_now_add=True)

    class Meta:
        verbose_name = _("petition threshold of a year")
        verbose_name_plural = _("petition thresholds by year")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["hromada", "year"], name="participation_threshold_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.threshold}"


class Signature(TenantModel):
    """One person's signature: a link of the petition's public hash chain (append-only but for the account link)."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="signatures")
    seq = models.PositiveIntegerField(_("No."))
    # One signature per person: "r<register record id>" (signing needs a verified register member), so a
    # second account of the same person, or a new account after erasure, cannot sign again.
    signer_key = models.CharField(max_length=32)
    # Emptied when the account is erased; the public name and the chain stay (the law keeps the signer list).
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    signer_name = models.CharField(_("full name"), max_length=200)  # public, as the law requires
    signed_at = models.DateTimeField(_("signed"))
    # Optional qualified e-signature (КЕП) of the petition text: a detached CAdES container, base64, and
    # who the certificate names.
    kep_signature = models.TextField(blank=True)
    kep_subject = models.CharField(max_length=300, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["petition", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "signer_key"], name="participation_signature_once"),
            models.UniqueConstraint(fields=["petition", "seq"], name="participation_signature_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.signer_name}"
