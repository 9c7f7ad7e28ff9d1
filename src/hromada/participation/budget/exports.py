"""Files of the participatory budget: the public ballot log, open data of editions and projects, the Pabulib
archive, and the staff's Excel reports."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.participation.budget import selectors as q
from hromada.participation.models import BallotChannel, Edition, Project, ProjectStatus

LOG_COLUMNS = ("seq", "pseudonym", "action", "channel", "projects", "at", "prev_hash", "hash")
# The fields each link's hash covers, in order (voting.log_fields), after the previous link's hash.
LOG_HASHED = ("prev_hash", "edition", "seq", "pseudonym", "action", "channel", "projects", "at")


def ballot_log_rows(edition: Edition) -> list[list]:
    return [[e.seq, e.pseudonym, e.action, e.channel, e.projects, e.at.isoformat(timespec="microseconds"),
             e.prev_hash, e.hash] for e in q.ballot_log(edition).iterator()]


EDITION_COLUMNS = ("id", "year", "title", "total_budget", "submission_starts", "submission_ends", "review_ends",
                   "voting_starts", "voting_ends", "results_on", "implementation_ends", "official_method",
                   "tie_rule", "ballot_changes_allowed", "ballots", "projects", "regulation")


def edition_rows(hromada) -> list[list]:
    from django.db.models import Count, Q

    rows = q.editions(hromada).annotate(n=Count("projects", filter=Q(projects__status__in=q.PUBLIC_STATUSES)))
    return [[e.pk, e.year, e.title, str(e.total_budget), e.submission_starts.isoformat(),
             e.submission_ends.isoformat(), e.review_ends.isoformat(), e.voting_starts.isoformat(),
             e.voting_ends.isoformat(), e.results_on.isoformat(), e.implementation_ends.isoformat(),
             e.official_method, e.tie_rule, e.ballot_changes_allowed, e.ballots_count, e.n,
             e.regulation_reference] for e in rows]


PROJECT_COLUMNS = ("id", "edition_year", "number", "title", "category", "status", "cost", "reviewed_cost",
                   "address", "latitude", "longitude", "votes", "progress", "spent", "implemented_on")


def project_rows(hromada) -> list[list]:
    from hromada.participation.budget.views_public import votes_public

    editions = {e.pk: votes_public(e) for e in q.editions(hromada)}
    rows = (Project.objects.filter(hromada=hromada, status__in=q.PUBLIC_STATUSES)
            .select_related("edition", "category").order_by("-edition__year", "number"))
    return [[p.pk, p.edition.year, p.number, p.title, p.category.name, p.status, str(p.cost),
             "" if p.reviewed_cost is None else str(p.reviewed_cost), p.address,
             "" if p.latitude is None else str(p.latitude), "" if p.longitude is None else str(p.longitude),
             p.votes_count if editions.get(p.edition_id) else "", p.progress, str(p.spent),
             p.implemented_on.isoformat() if p.implemented_on else ""] for p in rows]


def pabulib_zip(edition: Edition) -> bytes:
    """The edition as Pabulib files (one per category) in a ZIP."""
    from hromada.participation.budget import pabulib

    return pabulib.export_edition(edition)


# Staff reports (XLSX).

def staff_project_sheet(rows):
    labels = dict(ProjectStatus.choices)
    header = [_("Edition"), _("No."), _("Title"), _("Category"), _("Author"), _("Status"), _("Cost, UAH"),
              _("Reviewing department"), _("Cost estimated by the department, UAH"), _("Reasons"), _("Votes"),
              _("Progress, %"), _("Spent, UAH")]
    data = ([p.edition.year, p.number, p.title, p.category.name, p.author_name, labels.get(p.status, p.status),
             p.cost, p.review_department.name if p.review_department_id else "", p.reviewed_cost,
             p.review_reason, p.votes_count, p.progress, p.spent] for p in rows)
    return header, data


def offline_ballot_sheet(edition: Edition):
    labels = dict(BallotChannel.choices)
    header = [_("Paper ballot number"), _("Channel"), _("Resident"), _("Projects"), _("Entered by"), _("Cast")]
    data = ([b.paper_number, labels.get(b.channel, b.channel), str(b.resident) if b.resident_id else "",
             ", ".join(str(c.project.number) for c in b.choices.all()),
             (b.entered_by.full_name or b.entered_by.email) if b.entered_by_id else "",
             timezone.localtime(b.cast_at)] for b in q.offline_ballots(edition))
    return header, data
