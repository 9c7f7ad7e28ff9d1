"""What the participatory budget tells project authors and voters (sent after the transaction commits)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from hromada.core.models.notifications import Channel
from hromada.core.notifications import RESIDENTS, notify, register_kind
from hromada.participation.models import Ballot, BallotChannel, Project

AUTHOR = register_kind(
    "participation.budget_author", label=gettext_lazy("Your participatory budget projects"), audience=RESIDENTS,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=gettext_lazy("Your project submitted, the review decision, the voting outcome, implementation."),
)
VOTER = register_kind(
    "participation.budget_voter", label=gettext_lazy("Your votes in the participatory budget"),
    audience=RESIDENTS, default_channels={Channel.IN_APP},
    description=gettext_lazy("Confirmation that your ballot is counted."),
)

AUTHOR_TEXTS = {
    "submitted": gettext_lazy("Your project «%(title)s» was submitted as No. %(number)s."),
    "admitted": gettext_lazy("Your project No. %(number)s «%(title)s» is admitted to the voting."),
    "rejected": gettext_lazy("Your project No. %(number)s «%(title)s» is not admitted to the voting: %(reason)s"),
    "winner": gettext_lazy("Your project No. %(number)s «%(title)s» won the voting and will be implemented."),
    "not_selected": gettext_lazy("Your project No. %(number)s «%(title)s» was not selected in the voting."),
    "implemented": gettext_lazy("Your project No. %(number)s «%(title)s» has been implemented."),
}


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def tell_author(project_id: int, what: str) -> None:
    project = Project.objects.select_related("hromada", "author", "edition").get(pk=project_id)
    if project.author is None:
        return
    body = str(AUTHOR_TEXTS[what]) % {"title": project.title, "number": project.number,
                                      "reason": project.review_reason}
    notify(project.author, AUTHOR.key, hromada=project.hromada,
           subject=_("Participatory budget: %(title)s") % {"title": project.title[:80]}, body=body,
           url=_url("my-budget:index") or None, dedupe_key=f"budget-project:{project.pk}:{what}")


@task(queue_name="default")
def confirm_ballots(edition_id: int | None = None) -> int:
    """Tell every voter whose online ballot (or its change) is not confirmed yet — of one edition, or of all.

    Ballots enqueue this at most once a second per web process (voting._confirm_soon), so a vote peak does not
    write a task per ballot; one run confirms what has come in since, and the job below catches any ballot left
    behind. Batches are locked with SKIP LOCKED where the database has it, so runs side by side share the work;
    ``notify`` is deduplicated per ballot and change, so a repeated run tells no one twice."""
    from django.db import connection, transaction
    from django.utils import timezone

    told = 0
    while True:
        with transaction.atomic():
            due = Ballot.objects.filter(confirmed_at__isnull=True, channel=BallotChannel.ONLINE)
            if edition_id is not None:
                due = due.filter(edition_id=edition_id)
            locking = {"skip_locked": True} if connection.features.has_select_for_update_skip_locked else {}
            batch = list(due.select_for_update(of=("self",), **locking).order_by("pk")
                         .values_list("pk", "user_id")[:CONFIRM_BATCH])
            if not batch:
                return told
            for ballot_id, user_id in batch:
                if user_id is not None:
                    tell_voter(ballot_id, user_id)
            Ballot.objects.filter(pk__in=[pk for pk, _ in batch]).update(confirmed_at=timezone.now())
            told += len(batch)


CONFIRM_BATCH = 200


def tell_voter(ballot_id: int, user_id: int) -> None:
    from django.contrib.auth import get_user_model

    ballot = Ballot.objects.select_related("hromada", "edition").filter(pk=ballot_id).first()
    person = get_user_model().objects.filter(pk=user_id).first()
    if ballot is None or person is None:
        return
    stamp = (ballot.changed_at or ballot.cast_at).isoformat()
    notify(person, VOTER.key, hromada=ballot.hromada,
           subject=_("Your ballot is counted: %(title)s") % {"title": ballot.edition.title},
           body=_("Your ballot in «%(title)s» is counted. In the public ballot log you appear as %(pseudonym)s.")
           % {"title": ballot.edition.title, "pseudonym": ballot.pseudonym},
           url=_url("my-budget:index") or None, dedupe_key=f"budget-ballot:{ballot.pk}:{stamp}")
