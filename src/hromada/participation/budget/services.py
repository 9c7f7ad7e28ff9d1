"""All writes of the participatory budget except ballots (``voting.py``) and results (``results.py``).
CONTRACT: the signatures below are what views, API, demo and tests call; bodies by the budget-core work.

Errors as in petitions: ``ValidationError`` (field → Ukrainian message) changes nothing; ``PermissionDenied``.

Added beyond the contract: ``voting_started``, ``cost_of``, ``check_photo``, ``PHOTO_MAX_BYTES``, ``UA_BOUNDS``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts import eligibility
from hromada.core import audit
from hromada.core.filetypes import extension_matches, sniff
from hromada.core.models import AuditEntry
from hromada.core.roles import can
from hromada.core.services import check_can, check_same_hromada
from hromada.core.ukrtext import clean_text, normalise
from hromada.participation.models import (
    Category,
    Edition,
    Milestone,
    Phase,
    Project,
    ProjectPhoto,
    ProjectStatus,
    TallyMethod,
    TieRule,
)
from hromada.participation.templatetags.participation_tags import format_money

MANAGE = "participation.budget_manage"
REVIEW = "participation.budget_review"
IMPLEMENTATION = "participation.budget_implementation"
PHOTO_MAX_BYTES = 5 * 2**20
UA_BOUNDS = ((Decimal(44), Decimal(53)), (Decimal(22), Decimal(41)))  # latitude, longitude, roughly
CENT = Decimal("0.01")
DATE_FIELDS = ("submission_starts", "submission_ends", "review_ends", "voting_starts", "voting_ends",
               "results_on", "implementation_ends")
EDITION_FIELDS = {"title", "total_budget", "ballot_changes_allowed", "official_method", "tie_rule", "regulation",
                  "regulation_reference", *DATE_FIELDS}
VOTING_RULES = ("ballot_changes_allowed", "official_method", "tie_rule")
CATEGORY_FIELDS = {"name", "budget", "max_cost", "min_cost", "votes_per_voter", "starosta_district", "order"}
IMPLEMENTATION_STATUSES = {ProjectStatus.WINNER, ProjectStatus.IMPLEMENTING, ProjectStatus.IMPLEMENTED}


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _audit(action: str, obj, actor, hromada, changes: dict) -> None:
    audit.record(action, obj, actor=actor, hromada=hromada, changes=changes)


def _tell_author(project: Project, what: str) -> None:
    from hromada.participation.budget import notices

    if project.author_id:
        pk = project.pk
        transaction.on_commit(lambda: notices.tell_author(pk, what))


def phase_of(edition: Edition, today: date | None = None) -> Phase:
    """The phase on ``today`` (Kyiv) from the edition's dates; RESULTS runs from the day after the voting until
    the results are published, IMPLEMENTATION after that."""
    today = today or timezone.localdate()
    if today < edition.submission_starts:
        return Phase.ANNOUNCED
    if today <= edition.submission_ends:
        return Phase.SUBMISSION
    if today < edition.voting_starts:
        return Phase.REVIEW
    if today <= edition.voting_ends:
        return Phase.VOTING
    if edition.results_published_at is None:
        return Phase.RESULTS
    return Phase.IMPLEMENTATION


def voting_started(edition: Edition, today: date | None = None) -> bool:
    return (today or timezone.localdate()) >= edition.voting_starts


def _money(value, field: str, errors: dict, *, positive: bool = False, label: str = "") -> Decimal | None:
    try:
        amount = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except (InvalidOperation, TypeError, ValueError):
        errors[field] = _("Enter an amount in hryvnias, e.g. 150000,00.")
        return None
    if not amount.is_finite() or amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        errors[field] = _("Enter an amount in hryvnias with at most two decimal places.")
        return None
    if amount < 0 or (positive and amount == 0):
        errors[field] = _("The amount must be greater than zero.") if positive else _(
            "The amount cannot be negative.")
        return None
    if amount >= Decimal("1e12"):
        errors[field] = _("The amount is too large.")
        return None
    return amount.quantize(CENT)


def _check_dates(values: dict, errors: dict) -> None:
    for name in DATE_FIELDS:
        if not isinstance(values.get(name), date):
            errors[name] = _("Enter a date.")
    if errors:
        return
    rules = (
        ("submission_ends", values["submission_ends"] < values["submission_starts"],
         _("The submission cannot end before it starts.")),
        ("review_ends", values["review_ends"] < values["submission_ends"],
         _("The review cannot end before the submission ends.")),
        ("voting_starts", values["voting_starts"] <= values["review_ends"],
         _("The voting starts after the review ends.")),
        ("voting_ends", values["voting_ends"] < values["voting_starts"],
         _("The voting cannot end before it starts.")),
        ("results_on", values["results_on"] < values["voting_ends"],
         _("The results cannot be announced before the voting ends.")),
        ("implementation_ends", values["implementation_ends"] < values["results_on"],
         _("The implementation cannot end before the results are announced.")),
    )
    for name, broken, message in rules:
        if broken:
            errors[name] = message


def _clean_edition(hromada, values: dict, errors: dict) -> dict:
    values["title"] = normalise(clean_text(values.get("title") or "")).strip()
    if not values["title"]:
        errors["title"] = _("Give the edition a title.")
    elif len(values["title"]) > 200:
        errors["title"] = _("The title is at most %(n)s characters.") % {"n": 200}
    total = _money(values.get("total_budget"), "total_budget", errors, positive=True)
    if total is not None:
        values["total_budget"] = total
    if values.get("official_method") not in TallyMethod.values:
        errors["official_method"] = _("Choose the rule that decides the winners.")
    if values.get("tie_rule") not in TieRule.values:
        errors["tie_rule"] = _("Choose how ties are resolved.")
    regulation = values.get("regulation")
    if regulation is not None and getattr(regulation, "hromada_id", None) != hromada.pk:
        errors["regulation"] = _("Choose an act of this hromada.")
    values["regulation_reference"] = (values.get("regulation_reference") or "").strip()[:400]
    values["ballot_changes_allowed"] = bool(values.get("ballot_changes_allowed"))
    _check_dates(values, errors)
    return values


@transaction.atomic
def create_edition(hromada, *, actor, year: int, title: str, total_budget: Decimal, submission_starts: date,
                   submission_ends: date, review_ends: date, voting_starts: date, voting_ends: date,
                   results_on: date, implementation_ends: date, ballot_changes_allowed: bool = False,
                   official_method: str = "greedy", tie_rule: str = "earlier", regulation=None,
                   regulation_reference: str = "") -> Edition:
    """Seed and pseudonym secret generated; one edition per year."""
    check_can(actor, hromada, MANAGE)
    errors: dict = {}
    values = _clean_edition(hromada, {
        "title": title, "total_budget": total_budget, "submission_starts": submission_starts,
        "submission_ends": submission_ends, "review_ends": review_ends, "voting_starts": voting_starts,
        "voting_ends": voting_ends, "results_on": results_on, "implementation_ends": implementation_ends,
        "ballot_changes_allowed": ballot_changes_allowed, "official_method": official_method,
        "tie_rule": tie_rule, "regulation": regulation, "regulation_reference": regulation_reference}, errors)
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        errors["year"] = _("Enter a year between 2000 and 2100.")
    elif Edition.objects.filter(hromada=hromada, year=year).exists():
        errors["year"] = _("An edition of the participatory budget for %(year)s already exists.") % {"year": year}
    _raise(errors)
    edition = Edition(hromada=hromada, year=year, seed=secrets.token_hex(32),
                      pseudonym_secret=secrets.token_hex(32), **values)
    try:
        with transaction.atomic():
            edition.save()
    except IntegrityError:
        raise ValidationError({"year": _("An edition of the participatory budget for %(year)s already exists.")
                               % {"year": year}}) from None
    _audit(AuditEntry.Action.CREATE, edition, actor, hromada, {"year": [None, year], "title": [None, edition.title]})
    return edition


def _locked_edition(edition: Edition, hromada) -> Edition:
    check_same_hromada(edition, hromada)
    return Edition.objects.select_for_update(of=("self",)).get(pk=edition.pk)


@transaction.atomic
def update_edition(edition: Edition, *, actor, hromada, **fields) -> Edition:
    """Dates and rules; the voting rules (categories' votes, changes allowed, method) freeze once voting starts."""
    check_can(actor, hromada, MANAGE)
    locked = _locked_edition(edition, hromada)
    unknown = set(fields) - EDITION_FIELDS
    if unknown:
        raise ValueError(f"unknown edition fields {sorted(unknown)}")
    before = {name: getattr(locked, name) for name in EDITION_FIELDS}
    values = {**before, **fields}
    errors: dict = {}
    values = _clean_edition(hromada, values, errors)
    if voting_started(locked):
        for name in VOTING_RULES:
            if values[name] != before[name]:
                errors[name] = _("The voting has started: the voting rules can no longer be changed.")
    _raise(errors)
    changes = {name: [before[name], values[name]] for name in EDITION_FIELDS if values[name] != before[name]}
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save()
    if changes:
        _audit(AuditEntry.Action.UPDATE, locked, actor, hromada, changes)
    return locked


def _clean_category(edition: Edition, hromada, values: dict, errors: dict, *, exclude_pk=None) -> dict:
    values["name"] = normalise(clean_text(values.get("name") or "")).strip()
    if not values["name"]:
        errors["name"] = _("Give the category a name.")
    elif len(values["name"]) > 150:
        errors["name"] = _("The name is at most %(n)s characters.") % {"n": 150}
    elif Category.objects.filter(edition=edition, name=values["name"]).exclude(pk=exclude_pk).exists():
        errors["name"] = _("The edition already has a category with this name.")
    budget = _money(values.get("budget"), "budget", errors, positive=True)
    max_cost = _money(values.get("max_cost"), "max_cost", errors, positive=True)
    min_cost = _money(values.get("min_cost") or 0, "min_cost", errors)
    if None not in (budget, max_cost, min_cost):
        values.update(budget=budget, max_cost=max_cost, min_cost=min_cost)
        if min_cost > max_cost:
            errors["min_cost"] = _("The least cost cannot exceed the greatest cost.")
        elif max_cost > budget:
            errors["max_cost"] = _("The greatest cost of a project cannot exceed the category's budget.")
        others = (Category.objects.filter(edition=edition).exclude(pk=exclude_pk)
                  .aggregate(total=Sum("budget"))["total"] or Decimal(0))
        if others + budget > edition.total_budget:
            errors["budget"] = _("The categories together would exceed the edition's total budget of "
                                 "%(total)s.") % {"total": format_money(edition.total_budget)}
    try:
        votes = int(values.get("votes_per_voter"))
    except (TypeError, ValueError):
        votes = 0
    if not 1 <= votes <= 50:
        errors["votes_per_voter"] = _("A voter chooses from 1 to 50 projects in a category.")
    values["votes_per_voter"] = votes
    district = values.get("starosta_district")
    if district is not None and getattr(district, "hromada_id", None) != hromada.pk:
        errors["starosta_district"] = _("Choose a starosta district of this hromada.")
    try:
        values["order"] = max(0, min(int(values.get("order") or 0), 32767))
    except (TypeError, ValueError):
        values["order"] = 0
    return values


@transaction.atomic
def add_category(edition: Edition, *, actor, hromada, name: str, budget: Decimal, max_cost: Decimal,
                 min_cost: Decimal = Decimal(0), votes_per_voter: int = 1, starosta_district=None,
                 order: int = 0) -> Category:
    check_can(actor, hromada, MANAGE)
    locked = _locked_edition(edition, hromada)
    errors: dict = {}
    if voting_started(locked):
        raise ValidationError(_("The voting has started: the voting rules can no longer be changed."))
    values = _clean_category(locked, hromada, {"name": name, "budget": budget, "max_cost": max_cost,
                                               "min_cost": min_cost, "votes_per_voter": votes_per_voter,
                                               "starosta_district": starosta_district, "order": order}, errors)
    _raise(errors)
    category = Category.objects.create(hromada=hromada, edition=locked, **values)
    _audit(AuditEntry.Action.CREATE, category, actor, hromada,
           {"name": [None, category.name], "budget": [None, str(category.budget)]})
    return category


@transaction.atomic
def update_category(category: Category, *, actor, hromada, **fields) -> Category:
    check_can(actor, hromada, MANAGE)
    check_same_hromada(category, hromada)
    locked = _locked_edition(category.edition, hromada)
    category = Category.objects.select_for_update().get(pk=category.pk)
    unknown = set(fields) - CATEGORY_FIELDS
    if unknown:
        raise ValueError(f"unknown category fields {sorted(unknown)}")
    before = {name: getattr(category, name) for name in CATEGORY_FIELDS}
    errors: dict = {}
    values = _clean_category(locked, hromada, {**before, **fields}, errors, exclude_pk=category.pk)
    if voting_started(locked):
        for name in ("votes_per_voter", "starosta_district"):
            if values[name] != before[name]:
                errors[name] = _("The voting has started: the voting rules can no longer be changed.")
    _raise(errors)
    changes = {name: [str(before[name]), str(values[name])] for name in CATEGORY_FIELDS
               if values[name] != before[name]}
    for name, value in values.items():
        setattr(category, name, value)
    category.save()
    if changes:
        _audit(AuditEntry.Action.UPDATE, category, actor, hromada, changes)
    return category


@transaction.atomic
def delete_category(category: Category, *, actor, hromada) -> None:
    """Only a category without projects."""
    check_can(actor, hromada, MANAGE)
    check_same_hromada(category, hromada)
    locked = _locked_edition(category.edition, hromada)
    if voting_started(locked):
        raise ValidationError(_("The voting has started: the voting rules can no longer be changed."))
    if Project.objects.filter(category=category).exists():
        raise ValidationError(_("The category has projects; it cannot be deleted."))
    _audit(AuditEntry.Action.DELETE, category, actor, hromada, {"name": [category.name, None]})
    category.delete()


# Projects ------------------------------------------------------------------------------------------------------

def cost_of(cost_items, errors: dict) -> tuple[Decimal, list[dict]]:
    """The cost items cleaned (name, quantity > 0, unit, amount > 0 — the item's sum in UAH) and their total."""
    items, total = [], Decimal(0)
    if not cost_items:
        errors["cost_items"] = _("List at least one cost item.")
        return total, items
    for index, raw in enumerate(cost_items, start=1):
        raw = raw or {}
        name = normalise(clean_text(str(raw.get("name") or ""))).strip()
        unit = normalise(clean_text(str(raw.get("unit") or ""))).strip()[:20]
        problem = ""
        try:
            quantity = Decimal(str(raw.get("quantity", 1)).replace(",", "."))
            if not quantity.is_finite() or quantity <= 0 or quantity >= Decimal("1e9"):
                problem = _("Item %(n)s: the quantity must be greater than zero.") % {"n": index}
            else:
                quantity = quantity.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
        except (InvalidOperation, TypeError, ValueError):
            problem = _("Item %(n)s: the quantity must be greater than zero.") % {"n": index}
        amount_errors: dict = {}
        amount = _money(raw.get("amount"), "amount", amount_errors, positive=True)
        if not name:
            problem = problem or _("Item %(n)s: name the item.") % {"n": index}
        elif len(name) > 200:
            problem = problem or _("Item %(n)s: the name is at most 200 characters.") % {"n": index}
        if amount is None:
            problem = problem or _("Item %(n)s: the amount must be greater than zero.") % {"n": index}
        if problem:
            errors["cost_items"] = problem
            return Decimal(0), []
        items.append({"name": name, "quantity": quantity, "unit": unit, "amount": amount})
        total += amount
    return total.quantize(CENT), items


def _limits_error(category: Category, cost: Decimal) -> str:
    if cost < category.min_cost or cost > category.max_cost:
        return _("The cost of a project in the category «%(category)s» must be from %(min)s to %(max)s; this "
                 "one is %(cost)s.") % {"category": category.name, "min": format_money(category.min_cost),
                                       "max": format_money(category.max_cost), "cost": format_money(cost)}
    return ""


def _read(upload) -> tuple[str, bytes]:
    name = getattr(upload, "name", "") or "photo"
    data = getattr(upload, "data", None)
    if data is None:
        if hasattr(upload, "size") and upload.size > PHOTO_MAX_BYTES:
            return name, b"\0" * (PHOTO_MAX_BYTES + 1)
        upload.seek(0) if hasattr(upload, "seek") else None
        data = upload.read()
    return str(name).rsplit("/", 1)[-1], data


def check_photo(upload, caption: str) -> tuple[str, bytes, str, str]:
    """(name, bytes, format, caption) of a JPEG or PNG photo of at most 5 MB with its alternative text."""
    name, data = _read(upload)
    caption = normalise(clean_text(caption or "")).strip()
    if len(data) > PHOTO_MAX_BYTES:
        raise ValidationError({"photos": _("The file «%(name)s» is larger than %(mb)s MB.")
                               % {"name": name, "mb": PHOTO_MAX_BYTES // 2**20}})
    fmt = sniff(data) if data else None
    if fmt not in {"jpg", "png"}:
        raise ValidationError({"photos": _("The file «%(name)s» is not a JPEG or PNG photo.") % {"name": name}})
    if not extension_matches(name, fmt):
        raise ValidationError({"photos": _("The extension of «%(name)s» does not match its content "
                                           "(%(format)s).") % {"name": name, "format": fmt.upper()}})
    if not caption:
        raise ValidationError({"photo_captions": _("Describe what the photo «%(name)s» shows: the description "
                                                   "is read to those who cannot see it.") % {"name": name}})
    if len(caption) > 300:
        raise ValidationError({"photo_captions": _("A photo description is at most 300 characters.")})
    return name, data, fmt, caption


def _store_photo(project: Project, checked, stage: str, actor) -> ProjectPhoto:
    _name, data, fmt, caption = checked
    photo = ProjectPhoto(project=project, stage=stage, caption=caption, uploaded_by=actor)
    photo.file.save(f"{hashlib.sha256(data).hexdigest()[:16]}.{fmt}", ContentFile(data), save=False)
    photo.save()
    return photo


def _coordinate(value, field: str, bounds, errors: dict) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, TypeError, ValueError):
        number = None
    if number is None or not number.is_finite() or not bounds[0] <= number <= bounds[1]:
        errors[field] = _("The point must lie in Ukraine: latitude 44–53, longitude 22–41.")
        return None
    return number.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _text_field(value, field: str, limit: int, empty: str, errors: dict, *, multiline: bool = False) -> str:
    text = clean_text(value or "").strip() if multiline else normalise(clean_text(value or "")).strip()
    if not text:
        errors[field] = empty
    elif len(text) > limit:
        errors[field] = _("At most %(n)s characters.") % {"n": limit}
    elif "\x00" in text:
        errors[field] = _("The text contains characters that cannot be stored.")
    return text


@transaction.atomic
def submit_project(edition: Edition, *, author, hromada, category: Category, title: str, summary: str,
                   description: str, cost_items: list[dict], address: str = "", latitude=None, longitude=None,
                   photos: list = (), photo_captions: list[str] = ()) -> Project:
    """During the submission phase, by a person eligible to vote; ``cost_items`` are dicts with name, quantity,
    unit, amount; the cost is their sum and must lie within the category's limits; photos content-checked."""
    from hromada.participation.budget.voting import NotEligible

    check_same_hromada(edition, hromada)
    decision = eligibility.check(author, hromada, "vote")
    if not decision:
        raise NotEligible(decision.reason)
    if phase_of(edition) != Phase.SUBMISSION:
        raise ValidationError(_("Projects are accepted only during the submission phase."))
    errors: dict = {}
    if category is None or category.edition_id != edition.pk:
        errors["category"] = _("Choose a category of this edition.")
    title = _text_field(title, "title", 200, _("Give the project a title."), errors)
    summary = _text_field(summary, "summary", 500, _("Describe the project in a few sentences."), errors)
    description = _text_field(description, "description", 20000, _("Describe the project."), errors,
                              multiline=True)
    address = normalise(clean_text(address or "")).strip()
    if len(address) > 300:
        errors["address"] = _("At most %(n)s characters.") % {"n": 300}
    latitude = _coordinate(latitude, "latitude", UA_BOUNDS[0], errors)
    longitude = _coordinate(longitude, "longitude", UA_BOUNDS[1], errors)
    if (latitude is None) != (longitude is None) and "latitude" not in errors and "longitude" not in errors:
        errors["latitude"] = _("Give both the latitude and the longitude, or neither.")
    cost, items = cost_of(cost_items, errors)
    if items and "category" not in errors:
        problem = _limits_error(category, cost)
        if problem:
            errors["cost_items"] = problem
    photos, captions = list(photos or ()), list(photo_captions or ())
    checked = []
    if not errors:
        for index, upload in enumerate(photos):
            try:
                checked.append(check_photo(upload, captions[index] if index < len(captions) else ""))
            except ValidationError as error:
                errors.update(error.message_dict)
                break
    _raise(errors)
    locked = Edition.objects.select_for_update(of=("self",)).get(pk=edition.pk)
    number = (Project.objects.filter(edition=locked).aggregate(n=Max("number"))["n"] or 0) + 1
    project = Project.objects.create(
        hromada=hromada, edition=locked, category=category, number=number, title=title, summary=summary,
        description=description, author=author, author_name=(author.full_name or author.email or "")[:200],
        author_email=author.email or "", address=address, latitude=latitude, longitude=longitude, cost=cost,
        status=ProjectStatus.SUBMITTED, submitted_at=timezone.now())
    from hromada.participation.models import CostItem

    CostItem.objects.bulk_create([CostItem(project=project, order=index, **item)
                                  for index, item in enumerate(items)])
    for one in checked:
        _store_photo(project, one, ProjectPhoto.Stage.PROPOSAL, author)
    _audit(AuditEntry.Action.CREATE, project, author, hromada,
           {"number": [None, number], "cost": [None, str(cost)]})
    _tell_author(project, "submitted")
    return project


def _locked_project(project: Project, hromada) -> Project:
    check_same_hromada(project, hromada)
    return (Project.objects.select_for_update(of=("self",)).select_related("edition", "category")
            .get(pk=project.pk))


@transaction.atomic
def withdraw_project(project: Project, *, author, hromada) -> Project:
    locked = _locked_project(project, hromada)
    if author is None or locked.author_id != getattr(author, "pk", None):
        raise PermissionDenied(_("Only the author may withdraw the project."))
    if locked.status not in {ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW, ProjectStatus.ADMITTED} or \
            voting_started(locked.edition):
        raise ValidationError(_("The project can be withdrawn only before the voting starts."))
    before = locked.status
    locked.status = ProjectStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    _audit(AuditEntry.Action.UPDATE, locked, author, hromada, {"status": [before, locked.status]})
    return locked


def _check_review_phase(project: Project) -> None:
    if phase_of(project.edition) not in {Phase.SUBMISSION, Phase.REVIEW}:
        raise ValidationError(_("Projects are reviewed only during the submission and review phases."))


@transaction.atomic
def start_review(project: Project, *, actor, hromada, department) -> Project:
    check_can(actor, hromada, REVIEW)
    locked = _locked_project(project, hromada)
    _check_review_phase(locked)
    if department is None or department.hromada_id != hromada.pk:
        raise ValidationError({"department": _("Choose a department of this hromada.")})
    if locked.status not in {ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW}:
        raise ValidationError(_("Only a submitted project can be sent for review."))
    before = [locked.status, locked.review_department_id]
    locked.status, locked.review_department = ProjectStatus.UNDER_REVIEW, department
    locked.save(update_fields=["status", "review_department", "updated_at"])
    _audit(AuditEntry.Action.UPDATE, locked, actor, hromada,
           {"status": [before[0], locked.status], "review_department": [before[1], department.pk]})
    return locked


@transaction.atomic
def review_project(project: Project, *, actor, hromada, admitted: bool, reviewed_cost: Decimal | None,
                   reason: str) -> Project:
    """The department's decision with reasons and its cost estimate; the author is notified."""
    check_can(actor, hromada, REVIEW)
    locked = _locked_project(project, hromada)
    _check_review_phase(locked)
    if locked.status not in {ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW}:
        raise ValidationError(_("The project has already been reviewed."))
    errors: dict = {}
    reason = clean_text(reason or "").strip()
    cost = None
    if reviewed_cost not in (None, ""):
        cost = _money(reviewed_cost, "reviewed_cost", errors, positive=True)
    if admitted:
        if cost is None and "reviewed_cost" not in errors:
            errors["reviewed_cost"] = _("Give the department's estimate of the cost.")
        elif cost is not None:
            problem = _limits_error(locked.category, cost)
            if problem:
                errors["reviewed_cost"] = problem
    elif not reason:
        errors["reason"] = _("State the reasons why the project is not admitted.")
    if len(reason) > 20000:
        errors["reason"] = _("At most %(n)s characters.") % {"n": 20000}
    _raise(errors)
    before = locked.status
    locked.status = ProjectStatus.ADMITTED if admitted else ProjectStatus.REJECTED
    locked.reviewed_cost, locked.review_reason = cost, reason
    locked.reviewed_by, locked.reviewed_at = actor, timezone.now()
    locked.save(update_fields=["status", "reviewed_cost", "review_reason", "reviewed_by", "reviewed_at",
                               "updated_at"])
    _audit(AuditEntry.Action.UPDATE, locked, actor, hromada,
           {"status": [before, locked.status], "reviewed_cost": [None, str(cost) if cost is not None else None]})
    _tell_author(locked, "admitted" if admitted else "rejected")
    return locked


@transaction.atomic
def add_photo(project: Project, *, actor, hromada, upload, caption: str, stage: str = "proposal") -> ProjectPhoto:
    locked = _locked_project(project, hromada)
    if stage not in ProjectPhoto.Stage.values:
        raise ValidationError({"stage": _("Choose the stage of the photo.")})
    if stage == ProjectPhoto.Stage.IMPLEMENTATION:
        check_can(actor, hromada, IMPLEMENTATION)
        if locked.status not in IMPLEMENTATION_STATUSES:
            raise ValidationError(_("Implementation is tracked only for the winning projects."))
    else:
        is_author = actor is not None and locked.author_id == actor.pk and locked.status in {
            ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW}
        if not (is_author or can(actor, hromada, REVIEW) or can(actor, hromada, MANAGE)):
            raise PermissionDenied(_("You do not have permission for this action."))
    photo = _store_photo(locked, check_photo(upload, caption), stage, actor)
    _audit(AuditEntry.Action.CREATE, photo, actor, hromada, {"project": [None, locked.pk], "stage": [None, stage]})
    return photo


def _implementation_project(project: Project, actor, hromada) -> Project:
    check_can(actor, hromada, IMPLEMENTATION)
    locked = _locked_project(project, hromada)
    if locked.status not in IMPLEMENTATION_STATUSES:
        raise ValidationError(_("Implementation is tracked only for the winning projects."))
    return locked


@transaction.atomic
def update_implementation(project: Project, *, actor, hromada, progress: int, spent: Decimal,
                          implemented_on: date | None = None, note: str = "") -> Project:
    """A winner's progress; 100 % with a date marks it implemented; the author is notified."""
    locked = _implementation_project(project, actor, hromada)
    errors: dict = {}
    try:
        progress = int(progress)
    except (TypeError, ValueError):
        progress = -1
    if not 0 <= progress <= 100:
        errors["progress"] = _("The progress is a number from 0 to 100.")
    amount = _money(spent, "spent", errors)
    if implemented_on is not None:
        if progress != 100 and "progress" not in errors:
            errors["implemented_on"] = _("A project is implemented only at 100 %.")
        elif implemented_on > timezone.localdate():
            errors["implemented_on"] = _("The date of implementation cannot be in the future.")
    _raise(errors)
    before = {"status": locked.status, "progress": locked.progress, "spent": str(locked.spent),
              "implemented_on": locked.implemented_on}
    locked.progress, locked.spent = progress, amount
    if progress == 100 and implemented_on is not None:
        locked.status, locked.implemented_on = ProjectStatus.IMPLEMENTED, implemented_on
    else:
        locked.status, locked.implemented_on = ProjectStatus.IMPLEMENTING, None
    locked.save(update_fields=["progress", "spent", "status", "implemented_on", "updated_at"])
    after = {"status": locked.status, "progress": progress, "spent": str(amount), "implemented_on": implemented_on}
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if note.strip():
        changes["note"] = [None, clean_text(note).strip()[:2000]]
    _audit(AuditEntry.Action.UPDATE, locked, actor, hromada, changes)
    if locked.status == ProjectStatus.IMPLEMENTED and before["status"] != ProjectStatus.IMPLEMENTED:
        _tell_author(locked, "implemented")
    return locked


@transaction.atomic
def add_milestone(project: Project, *, actor, hromada, title: str, due_on: date | None = None) -> Milestone:
    locked = _implementation_project(project, actor, hromada)
    errors: dict = {}
    title = _text_field(title, "title", 300, _("Name the milestone."), errors)
    _raise(errors)
    milestone = Milestone.objects.create(project=locked, title=title, due_on=due_on)
    _audit(AuditEntry.Action.CREATE, milestone, actor, hromada, {"title": [None, title]})
    return milestone


@transaction.atomic
def complete_milestone(milestone: Milestone, *, actor, hromada, done_on: date, note: str = "") -> Milestone:
    _implementation_project(milestone.project, actor, hromada)
    if not isinstance(done_on, date):
        raise ValidationError({"done_on": _("Enter a date.")})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    before = milestone.done_on
    milestone.done_on, milestone.note = done_on, clean_text(note or "").strip()[:5000]
    milestone.save(update_fields=["done_on", "note"])
    _audit(AuditEntry.Action.UPDATE, milestone, actor, hromada, {"done_on": [before, done_on]})
    return milestone
