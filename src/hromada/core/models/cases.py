"""The case engine: any matter a person brings that the law puts on a clock (ARCHITECTURE §3).

Appeals, hotline calls registered as cases and public-information requests live here today; petition answers,
problem reports and ЦНАП applications will. A module describes its kinds in ``hromada.core.cases.kinds`` (terms,
grounds, number series); the rows, the timeline, the deadline logic and the worklist are shared. Written by
``hromada.core.cases.services`` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hromada.core.collation import uk
from hromada.core.models.tenancy import Department, TenantModel


class CaseCategory(TenantModel):
    """What a case is about («Ремонт доріг», «Вуличне освітлення»), with the unit that usually handles it.

    ``kinds`` limits the category to some case kinds (comma-separated keys; empty: every kind). ``term_hours``
    is a service term of the hromada's own (the hotline answers emergencies within 24 hours) that applies
    when it is shorter than the statutory one.
    """

    name = models.CharField(_("name"), max_length=200)
    kinds = models.CharField(_("case kinds"), max_length=200, blank=True)
    department = models.ForeignKey(Department, verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    term_hours = models.PositiveIntegerField(_("service term, hours"), null=True, blank=True)
    emergency = models.BooleanField(_("emergency"), default=False)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")
        ordering = ["order", uk("name")]
        constraints = [models.UniqueConstraint(fields=["hromada", "name"], name="core_casecategory_unique_name")]

    def __str__(self) -> str:
        return self.name

    def fits(self, kind: str) -> bool:
        return not self.kinds or kind in [item.strip() for item in self.kinds.split(",")]


class CaseCounter(models.Model):
    """The last number given in a series per hromada and year (locked while a case is numbered)."""

    hromada = models.ForeignKey("core.Hromada", on_delete=models.CASCADE, related_name="+")
    series = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hromada", "series", "year"],
                                               name="core_casecounter_unique")]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"


class Channel(models.TextChoices):
    PORTAL = "portal", _("portal")
    API = "api", _("mobile app / API")
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("hotline call")
    PAPER_CNAP = "paper_cnap", _("paper at the ЦНАП")
    PAPER_STAROSTA = "paper_starosta", _("paper at the starosta office")
    POST = "post", _("post")
    RECEPTION = "reception", _("personal reception")


ELECTRONIC_CHANNELS = (Channel.PORTAL, Channel.API, Channel.EMAIL)


class Status(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("case", "registered")
    IN_PROGRESS = "in_progress", _("in progress")
    AWAITING_APPROVAL = "awaiting_approval", _("answer awaiting signature")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


OPEN_STATUSES = (Status.REGISTERED, Status.IN_PROGRESS, Status.AWAITING_APPROVAL)


class Outcome(models.TextChoices):
    SATISFIED = "satisfied", _("satisfied")
    EXPLAINED = "explained", _("explained")
    REJECTED = "rejected", _("rejected")
    PROVIDED = "provided", _("information provided")
    REFUSED = "refused", _("refused on a statutory ground")
    FORWARDED = "forwarded", _("forwarded to the competent body")
    NOT_CONSIDERED = "not_considered", _("not considered")
    RETURNED = "returned", _("returned to the applicant")
    CONSULTED = "consulted", _("consultation given")


class Case(TenantModel):
    kind = models.CharField(_("kind"), max_length=40)
    subkind = models.CharField(_("type"), max_length=40, blank=True)
    number = models.CharField(_("number"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    seq = models.PositiveIntegerField()
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)

    # The applicant: a resident's account, or a person the staff entered (both keep the contact details given).
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("applicant's account"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="cases")
    applicant_name = models.CharField(_("applicant"), max_length=200, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=32, blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    collective = models.BooleanField(_("collective"), default=False)
    signatories = models.PositiveIntegerField(_("signatories"), default=1)

    category = models.ForeignKey(CaseCategory, verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="cases")
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"))
    priority = models.BooleanField(_("priority (Art. 20)"), default=False)
    priority_ground = models.CharField(_("ground of priority"), max_length=200, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    urgent_ground = models.CharField(_("ground of urgency"), max_length=300, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    received_at = models.DateTimeField(_("received"))
    # The clock: the term in force (unit, amount, basis) and the last day (and hour, for terms in hours).
    term_unit = models.CharField(max_length=20)
    term_amount = models.PositiveIntegerField()
    term_basis = models.CharField(_("legal basis of the term"), max_length=300)
    due_date = models.DateField(_("due date"), db_index=True)
    due_at = models.DateTimeField(_("due by"), null=True, blank=True)
    initial_due_date = models.DateField(_("initial due date"))
    extension_reason = models.TextField(_("reason of the extension"), blank=True)

    department = models.ForeignKey(Department, verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    executor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("executor"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    resolution = models.TextField(_("resolution"), blank=True)
    resolution_due = models.DateField(_("due date of the resolution"), null=True, blank=True)

    answer_text = models.TextField(_("answer"), blank=True)
    refusal_ground = models.CharField(_("ground of refusal"), max_length=60, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answer prepared by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answer signed by"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    forwarded_to = models.CharField(_("forwarded to"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closure_reason = models.TextField(_("reason of closing"), blank=True)
    copy_pages = models.PositiveIntegerField(_("pages of copies"), null=True, blank=True)
    copy_fee = models.DecimalField(_("copying fee, UAH"), max_digits=10, decimal_places=2, null=True, blank=True)

    rating = models.PositiveSmallIntegerField(_("applicant's rating"), null=True, blank=True)
    rating_comment = models.TextField(_("applicant's comment"), blank=True)

    repeat_of = models.ForeignKey("self", verbose_name=_("repeats"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="repeats")
    # Routing help: what the model proposed when the case was registered (a person confirms it).
    suggested_category = models.ForeignKey(CaseCategory, null=True, blank=True, on_delete=models.SET_NULL,
                                           related_name="+")
    suggested_department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL,
                                             related_name="+")
    suggestion_confidence = models.FloatField(null=True, blank=True)

    # Publication of a request and its answer (an information request's public thread), after redaction.
    publish_requested = models.BooleanField(_("the applicant agrees to publish"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    public_text = models.TextField(_("published request text"), blank=True)
    public_answer = models.TextField(_("published answer text"), blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "number"], name="core_case_unique_number"),
            models.CheckConstraint(condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                                   name="core_case_rating_1_5"),
        ]
        indexes = [
            models.Index(fields=["hromada", "status", "due_date"], name="core_case_clock"),
            models.Index(fields=["hromada", "kind", "received_at"], name="core_case_kind_received"),
            models.Index(fields=["hromada", "department", "status"], name="core_case_department"),
            models.Index(fields=["applicant", "hromada"], name="core_case_applicant"),
            # Repeated cases are found by the applicant's e-mail or phone (find_repeat).
            models.Index(fields=["hromada", "applicant_email"], name="core_case_applicant_email"),
            models.Index(fields=["hromada", "applicant_phone"], name="core_case_applicant_phone"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseExecutor(models.Model):
    """A person a case is assigned to: the main executor or a co-executor, with the resolution's own due date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="executors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("executor"), on_delete=models.PROTECT,
                             related_name="case_assignments")
    department = models.ForeignKey(Department, verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    main = models.BooleanField(_("main executor"), default=False)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True)

    class Meta:
        verbose_name = _("executor")
        verbose_name_plural = _("executors")
        ordering = ["-main", "assigned_at", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="core_caseexecutor_unique")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.user_id}"


class CaseEvent(models.Model):
    """One line of a case's timeline: what happened, who did it and when (append-only by convention)."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", pgettext_lazy("case", "registered")
        ASSIGNED = "assigned", _("assigned")
        RESOLUTION = "resolution", _("resolution")
        EXTENDED = "extended", _("term extended")
        FORWARDED = "forwarded", _("forwarded")
        ANSWER_DRAFTED = "answer_drafted", _("answer prepared")
        ANSWERED = "answered", _("answer signed and sent")
        CLOSED = "closed", _("closed")
        REOPENED = "reopened", _("reopened")
        RATED = "rated", _("rated by the applicant")
        ATTACHED = "attached", _("file attached")
        PUBLISHED = "published", _("published")
        REMINDED = "reminded", _("reminder sent")
        ESCALATED = "escalated", _("escalated")
        NOTE = "note", _("note")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("when"))
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Whether the applicant sees the event in the cabinet (internal notes and reminders are staff-only).
    public = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="core_caseevent_timeline")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"


def _attachment_path(instance: CaseAttachment, filename: str) -> str:
    return f"cases/{instance.case.hromada_id}/{instance.case_id}/{filename}"


class CaseAttachment(models.Model):
    class Role(models.TextChoices):
        APPLICANT = "applicant", _("from the applicant")
        SCAN = "scan", _("scan of the paper original")
        ANSWER = "answer", _("answer")
        INTERNAL = "internal", _("internal document")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size, bytes"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
