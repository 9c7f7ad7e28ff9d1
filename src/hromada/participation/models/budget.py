"""The participatory budget (бюджет участі): editions with their Положення as data, projects, ballots, results.

There is no national statute: each council adopts its own Положення (Art. 26 of the Law «Про місцеве
самоврядування в Україні»), so phases, categories, limits, votes per voter and the tally rule are the edition's
data. One ballot per person per edition (``voter_key``: the register record, or the account of a verified person
who declared work or study here), online or on paper, never both; every cast or change appends a link to the
edition's public hash-chained ballot log (append-only in the database), where voters appear by pseudonym.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.models import Department, StarostaDistrict, TenantModel
from hromada.participation.models.petitions import GENESIS_HASH


class Phase(models.TextChoices):
    ANNOUNCED = "announced", _("announced")
    SUBMISSION = "submission", _("submission of projects")
    REVIEW = "review", _("review of projects")
    VOTING = "voting", _("voting")
    RESULTS = "results", _("counting and results")
    IMPLEMENTATION = "implementation", _("implementation")


class TallyMethod(models.TextChoices):
    GREEDY = "greedy", _("most votes first, within each category's budget")
    EQUAL_SHARES = "equal_shares", _("Method of Equal Shares")


class TieRule(models.TextChoices):
    EARLIER = "earlier", _("the project submitted earlier")
    CHEAPER = "cheaper", _("the cheaper project")
    LOT = "lot", _("by lot, drawn from the edition's public seed")


class Edition(TenantModel):
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=200)
    regulation = models.ForeignKey("acts.Act", verbose_name=_("Положення (act in the registry)"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    regulation_reference = models.CharField(_("Положення (reference)"), max_length=400, blank=True)
    total_budget = models.DecimalField(_("total budget, UAH"), max_digits=14, decimal_places=2)
    # The phases, each ending on its last day (inclusive).
    submission_starts = models.DateField(_("submission starts"))
    submission_ends = models.DateField(_("submission ends"))
    review_ends = models.DateField(_("review ends"))
    voting_starts = models.DateField(_("voting starts"))
    voting_ends = models.DateField(_("voting ends"))
    results_on = models.DateField(_("results announced by"))
    implementation_ends = models.DateField(_("implementation ends"))
    ballot_changes_allowed = models.BooleanField(_("a ballot may be changed until the voting closes"),
                                                 default=False)
    official_method = models.CharField(_("rule that decides the winners"), max_length=20,
                                       choices=TallyMethod.choices, default=TallyMethod.GREEDY)
    tie_rule = models.CharField(_("ties are resolved in favour of"), max_length=10, choices=TieRule.choices,
                                default=TieRule.EARLIER)
    # Public from the start: the lot of ties and the voters' pseudonyms derive from it only with the secret.
    seed = models.CharField(_("public seed"), max_length=64)
    pseudonym_secret = models.CharField(max_length=64)
    ballots_count = models.PositiveIntegerField(_("ballots cast"), default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    log_length = models.PositiveIntegerField(default=0)  # links in the ballot log: the next one's number - 1
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("participatory budget edition")
        verbose_name_plural = _("participatory budget editions")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "year"], name="participation_edition_year"),
            models.CheckConstraint(condition=models.Q(submission_starts__lte=models.F("submission_ends"),
                                                      submission_ends__lte=models.F("review_ends"),
                                                      review_ends__lt=models.F("voting_starts"),
                                                      voting_starts__lte=models.F("voting_ends"),
                                                      voting_ends__lte=models.F("results_on"),
                                                      results_on__lte=models.F("implementation_ends")),
                                   name="participation_edition_phase_order"),
        ]

    def __str__(self) -> str:
        return self.title


class Category(TenantModel):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    budget = models.DecimalField(_("budget of the category, UAH"), max_digits=14, decimal_places=2)
    min_cost = models.DecimalField(_("least project cost, UAH"), max_digits=14, decimal_places=2, default=0)
    max_cost = models.DecimalField(_("greatest project cost, UAH"), max_digits=14, decimal_places=2)
    votes_per_voter = models.PositiveSmallIntegerField(_("projects a voter may choose"), default=1,
                                                       validators=[MinValueValidator(1), MaxValueValidator(50)])
    # A district category: only residents of the starosta district vote in it.
    starosta_district = models.ForeignKey(StarostaDistrict, verbose_name=_("starosta district"), null=True,
                                          blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("budget category")
        verbose_name_plural = _("budget categories")
        ordering = ["edition", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="participation_category_name")]

    def __str__(self) -> str:
        return self.name


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    ADMITTED = "admitted", _("admitted to voting")
    REJECTED = "rejected", _("not admitted")
    WITHDRAWN = "withdrawn", _("withdrawn by the author")
    WINNER = "winner", _("won")
    NOT_SELECTED = "not_selected", _("not selected")
    IMPLEMENTING = "implementing", _("being implemented")
    IMPLEMENTED = "implemented", _("implemented")


class Project(TenantModel):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="projects")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="projects")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500)
    description = models.TextField(_("description"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="budget_projects")
    author_name = models.CharField(_("author"), max_length=200)
    author_email = models.EmailField(_("author's e-mail"), blank=True)
    address = models.CharField(_("location"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    cost = models.DecimalField(_("cost, UAH"), max_digits=14, decimal_places=2)  # sum of the cost items
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices,
                              default=ProjectStatus.SUBMITTED, db_index=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Feasibility review by a department (Положення): its estimate and its decision with reasons.
    review_department = models.ForeignKey(Department, verbose_name=_("reviewing department"), null=True,
                                          blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_cost = models.DecimalField(_("cost estimated by the department, UAH"), max_digits=14,
                                        decimal_places=2, null=True, blank=True)
    review_reason = models.TextField(_("reasons of the review decision"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    votes_count = models.PositiveIntegerField(_("votes"), default=0)
    # Implementation of a winner.
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0,
                                                validators=[MaxValueValidator(100)])
    spent = models.DecimalField(_("spent, UAH"), max_digits=14, decimal_places=2, default=0)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        ordering = ["edition", "category", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="participation_project_number"),
            models.CheckConstraint(condition=models.Q(cost__gte=0), name="participation_project_cost"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="participation_project_progress"),
        ]
        indexes = [models.Index(fields=["edition", "status"], name="participation_project_state")]

    def __str__(self) -> str:
        return f"№ {self.number} {self.title}"

    @property
    def final_cost(self):
        """The cost that counts in the tally: the department's estimate once reviewed."""
        return self.reviewed_cost if self.reviewed_cost is not None else self.cost


class CostItem(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cost_items")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("item"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3, default=1)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    amount = models.DecimalField(_("amount, UAH"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")
        ordering = ["project", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ProjectPhoto(models.Model):
    class Stage(models.TextChoices):
        PROPOSAL = "proposal", _("proposal")
        IMPLEMENTATION = "implementation", _("implementation")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="photos")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PROPOSAL)
    file = models.FileField(_("photo"), upload_to="participation/photos/%Y/")
    caption = models.CharField(_("caption"), max_length=300)  # alternative text too
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("project photo")
        verbose_name_plural = _("project photos")
        ordering = ["project", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_on = models.DateField(_("planned"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class BallotChannel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("paper ballot")
    ASSISTED = "assisted", _("assisted at the ЦНАП or the starosta's office")


class Ballot(TenantModel):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="ballots")
    # One per person: "r<resident id>" for a register record, "u<user id>" for a declared worker or student.
    voter_key = models.CharField(max_length=32)
    resident = models.ForeignKey("registers.Resident", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="budget_ballots")
    channel = models.CharField(_("channel"), max_length=10, choices=BallotChannel.choices,
                               default=BallotChannel.ONLINE)
    paper_number = models.CharField(_("paper ballot number"), max_length=30, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    pseudonym = models.CharField(max_length=16)  # how the public ballot log names this voter
    cast_at = models.DateTimeField(_("cast"))
    changed_at = models.DateTimeField(_("changed"), null=True, blank=True)
    # When the voter was told the ballot (or its last change) is counted; empty while that is still to do.
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["edition", "cast_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "voter_key"], name="participation_ballot_once"),
            models.UniqueConstraint(fields=["edition", "paper_number"], condition=~models.Q(paper_number=""),
                                    name="participation_ballot_paper_number"),
        ]
        indexes = [models.Index(fields=["edition"], condition=models.Q(confirmed_at__isnull=True, channel="online"),
                                name="participation_ballot_unconf")]

    def __str__(self) -> str:
        return f"{self.edition_id}:{self.pseudonym}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "project"], name="participation_choice_once")]
        indexes = [models.Index(fields=["project"], name="participation_choice_project")]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.project_id}"


class BallotLogEntry(TenantModel):
    """A link of the edition's public ballot log (append-only): who by pseudonym, what, when, chained."""

    class Action(models.TextChoices):
        CAST = "cast", _("cast")
        CHANGED = "changed", _("changed")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="log")
    seq = models.PositiveIntegerField()
    pseudonym = models.CharField(max_length=16)
    action = models.CharField(max_length=10, choices=Action.choices)
    channel = models.CharField(max_length=10, choices=BallotChannel.choices)
    projects = models.CharField(max_length=1000)  # project numbers, ascending, comma-separated
    at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["edition", "seq"]
        constraints = [models.UniqueConstraint(fields=["edition", "seq"], name="participation_log_seq")]

    def __str__(self) -> str:
        return f"{self.seq} {self.pseudonym} {self.action}"
