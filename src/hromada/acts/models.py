"""The registry of acts: decisions, orders, protocols, agendas and drafts; their relations, versions, files,
council sessions with roll-call votes, and the lemmatised search entry of each act.

The act row holds the current text; every change appends an `ActVersion` (append-only in the database), so
what was published stays readable forever and is superseded, never rewritten.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk
from hromada.core.models import TenantModel


class ActType(models.TextChoices):
    COUNCIL_DECISION = "council_decision", _("council decision")
    EXECUTIVE_DECISION = "executive_decision", _("executive committee decision")
    HEAD_ORDER = "head_order", _("order of the head")
    REGULATORY_ACT = "regulatory_act", _("regulatory act")
    PROTOCOL = "protocol", _("protocol")
    AGENDA = "agenda", _("agenda")
    DRAFT_DECISION = "draft_decision", _("draft decision")


class ActStatus(models.TextChoices):
    """Where an act stands; acts.lifecycle says what publishing means and which term applies in each."""

    # An internal working text, never public (to publish it for discussion it becomes DRAFT).
    WORKING = "working", _("working draft, not public")
    # A draft («проєкт») published for public discussion before its consideration.
    DRAFT = "draft", _("draft for discussion")
    ADOPTED = "adopted", _("adopted")
    IN_FORCE = "in_force", _("in force")
    AMENDED = "amended", _("amended")
    SUSPENDED = "suspended", _("suspended")
    REPEALED = "repealed", _("repealed")


class Topic(TenantModel):
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = [uk("name")]
        constraints = [models.UniqueConstraint(fields=["hromada", "name"], name="acts_topic_unique")]

    def __str__(self) -> str:
        return self.name


class Act(TenantModel):
    number = models.CharField(_("number"), max_length=60)
    # The number folded for lookup: «№ 154-12/VIII» and «154-12/viii» are one key (see acts.numbers).
    number_key = models.CharField(max_length=80, db_index=True, editable=False)
    date = models.DateField(_("date"))
    type = models.CharField(_("type"), max_length=20, choices=ActType.choices)
    status = models.CharField(_("status"), max_length=12, choices=ActStatus.choices, default=ActStatus.WORKING)
    title = models.CharField(_("title"), max_length=1000)
    text = models.TextField(_("text"), blank=True)
    convocation = models.PositiveSmallIntegerField(
        _("convocation"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(30)])
    session = models.PositiveSmallIntegerField(
        _("session"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(999)])
    author_unit = models.ForeignKey("core.Department", verbose_name=_("author unit"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    control_unit = models.ForeignKey("core.Department", verbose_name=_("control unit"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="acts")
    # Drafts: the planned date of consideration; the draft must be public a statutory number of working days
    # before it (acts.lifecycle, setting `acts.draft_publication_working_days`).
    consideration_date = models.DateField(_("date of consideration"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    # Internal acts (personnel orders, office routine) are kept in the registry but not published (Art. 15).
    internal = models.BooleanField(_("internal act, not published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "type", "date", "number_key"], name="acts_act_unique_number",
                                    violation_error_message=_("An act of this type with this number and date "
                                                              "already exists.")),
        ]
        indexes = [models.Index(fields=["hromada", "date"], name="acts_act_hromada_date")]

    def __str__(self) -> str:
        return f"№ {self.number} {_('of')} {self.date:%d.%m.%Y} — {self.title}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class RelationKind(models.TextChoices):
    AMENDS = "amends", _("amends")
    REPEALS = "repeals", _("repeals")
    SUSPENDS = "suspends", _("suspends")
    IMPLEMENTS = "implements", _("implements")
    RELATED = "related", _("related to")


# How a relation reads from its target's side, and what it does to the target's status.
INVERSE_LABELS = {
    RelationKind.AMENDS: _("amended by"),
    RelationKind.REPEALS: _("repealed by"),
    RelationKind.SUSPENDS: _("suspended by"),
    RelationKind.IMPLEMENTS: _("implemented by"),
    RelationKind.RELATED: _("related to"),
}
STATUS_EFFECTS = {
    RelationKind.AMENDS: ActStatus.AMENDED,
    RelationKind.REPEALS: ActStatus.REPEALED,
    RelationKind.SUSPENDS: ActStatus.SUSPENDED,
}


class ActRelation(TenantModel):
    source = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="relations_out")
    kind = models.CharField(_("relation"), max_length=12, choices=RelationKind.choices)
    target = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="relations_in",
                               verbose_name=_("act"))
    # From this date a repeal, suspension or amendment changes the target's status (the source's date by default).
    effective_from = models.DateField(_("effective from"))
    applied = models.BooleanField(default=False, editable=False)
    # The target's status before this relation changed it, restored if the relation is removed.
    previous_status = models.CharField(max_length=12, blank=True, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["effective_from", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "target"], name="acts_relation_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="acts_relation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


def attachment_path(instance, filename: str) -> str:
    return f"acts/{instance.act.hromada_id}/{instance.act_id}/{instance.sha256[:16]}-{filename}"


class Attachment(models.Model):
    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    format = models.CharField(_("format"), max_length=8)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("extracted text"), blank=True)
    # The signature report of a PDF (acts.signatures.SignatureReport.to_dict()); empty for other formats.
    signatures = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["act", "sha256"], name="acts_attachment_unique_file")]

    def __str__(self) -> str:
        return self.original_name


class ActVersion(models.Model):
    """One state of an act, append-only: the database refuses to change a published version or delete it."""

    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField()  # the act's fields as they were (acts.versions.snapshot)
    changed = models.JSONField(default=list)  # names of the fields that changed against the previous version
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["act", "number"]
        constraints = [models.UniqueConstraint(fields=["act", "number"], name="acts_version_unique")]

    def __str__(self) -> str:
        return f"{self.act_id} v{self.number}"


class SearchEntry(models.Model):
    """The act as the full-text index sees it: lemmas (any form finds the others) and plain words (for phrases).

    SQLite mirrors these columns into the FTS5 table `acts_fts`; PostgreSQL keeps generated `tsvector` columns
    beside them (migration 0002). Kept apart from `Act` so lists never load the lemmatised text.
    """

    act = models.OneToOneField(Act, on_delete=models.CASCADE, primary_key=True, related_name="search_entry")
    hromada_id = models.BigIntegerField(db_index=True)
    title_lemmas = models.TextField()
    body_lemmas = models.TextField()
    words = models.TextField()  # title then body, plain words in order
    # Published and not internal (acts.search.is_public): PostgreSQL checks it on this narrow row, where a
    # token in the tsvector made every public search intersect with a posting list of the whole registry.
    public = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"search entry of act {self.act_id}"


class Deputy(TenantModel):
    full_name = models.CharField(_("full name"), max_length=200)
    convocation = models.PositiveSmallIntegerField(_("convocation"),
                                                   validators=[MinValueValidator(1), MaxValueValidator(30)])
    faction = models.CharField(_("faction"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["convocation", uk("full_name")]
        constraints = [models.UniqueConstraint(fields=["hromada", "convocation", "full_name"],
                                               name="acts_deputy_unique")]

    def __str__(self) -> str:
        return self.full_name


class CouncilSession(TenantModel):
    convocation = models.PositiveSmallIntegerField(_("convocation"),
                                                   validators=[MinValueValidator(1), MaxValueValidator(30)])
    number = models.PositiveSmallIntegerField(_("session"), validators=[MinValueValidator(1), MaxValueValidator(999)])
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["-date", "-number"]
        constraints = [models.UniqueConstraint(fields=["hromada", "convocation", "number", "date"],
                                               name="acts_session_unique")]

    def __str__(self) -> str:
        from hromada.core.ukformat import long_date, roman

        return _("Session %(number)s of convocation %(convocation)s (%(date)s)") % {
            "number": self.number, "convocation": roman(self.convocation), "date": long_date(self.date)}


class AgendaItem(models.Model):
    class Result(models.TextChoices):
        PENDING = "pending", _("not yet considered")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("not adopted")
        POSTPONED = "postponed", _("postponed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("item"))
    title = models.CharField(_("title"), max_length=1000)
    draft = models.ForeignKey(Act, verbose_name=_("draft"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="agenda_items_as_draft")
    decision = models.ForeignKey(Act, verbose_name=_("decision"), null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="agenda_items_as_decision")
    rapporteur = models.CharField(_("rapporteur"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, default=Result.PENDING)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "order"]
        constraints = [models.UniqueConstraint(fields=["session", "order"], name="acts_agenda_unique_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Vote(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTAINED = "abstained", _("abstained")
    NOT_VOTING = "not_voting", _("did not vote")
    ABSENT = "absent", _("absent")


class RollCall(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="roll_call")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="votes")
    vote = models.CharField(_("vote"), max_length=10, choices=Vote.choices)

    class Meta:
        verbose_name = _("roll-call vote")
        verbose_name_plural = _("roll-call votes")
        ordering = ["item", uk("deputy__full_name")]
        constraints = [models.UniqueConstraint(fields=["item", "deputy"], name="acts_rollcall_unique")]

    def __str__(self) -> str:
        return f"{self.deputy} — {self.get_vote_display()}"
