"""The life of an act: one story that staff pages, the portal, search filters and the deadlines page all tell.

* **working draft** (`working`, the default of a new act) — an internal text, never public and with no term;
  publishing it is refused: to publish a draft for discussion its status becomes «draft for discussion».
* **draft for discussion** (`draft`; the type «проєкт рішення» is always in a draft status) — publishing it
  publishes the draft for public discussion. A draft of a decision, order or regulatory act must be public
  not later than `acts.draft_publication_working_days` working days before its consideration date
  (Law «Про доступ до публічної інформації», Art. 15), so the term counts back from that date; without a
  consideration date the term cannot be checked and publishing asks for confirmation, as it does when the
  consideration date has already passed.
* **adopted** (`adopted`, `in_force`; later `amended`, `suspended`, `repealed` by other acts) — the act's date
  is its adoption date. A decision or order must be public within `acts.adopted_publication_working_days`
  working days of it (Art. 15; Law «Про місцеве самоврядування», Art. 59), counted from the adoption date,
  and met when the adopted text becomes public — the earlier publication of its draft does not count, and
  neither does the day the status changed count as the start of the term. An adopted act cannot be dated
  before its consideration date nor published before its date.
* **internal** acts (the flag) — kept in the registry, never public, no term, whatever their status.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from hromada.acts.models import Act, ActStatus, ActType

DRAFT_STATUSES = frozenset({ActStatus.WORKING, ActStatus.DRAFT})
ADOPTED_STATUSES = frozenset(set(ActStatus) - DRAFT_STATUSES)
# Types an adopted act of which must be published in a term; protocols and agendas are published but not "adopted".
ADOPTED_TYPES = frozenset({ActType.COUNCIL_DECISION, ActType.EXECUTIVE_DECISION, ActType.HEAD_ORDER,
                           ActType.REGULATORY_ACT})
# Types whose draft must be public ahead of consideration.
DRAFT_TERM_TYPES = ADOPTED_TYPES | {ActType.DRAFT_DECISION}


def is_draft(act: Act) -> bool:
    return act.type == ActType.DRAFT_DECISION or act.status in DRAFT_STATUSES


def is_adopted(act: Act) -> bool:
    return act.status in ADOPTED_STATUSES and act.type != ActType.DRAFT_DECISION


def refusal(act: Act) -> str:
    """Why the act cannot be published at all; empty when it can."""
    if act.internal:
        return _("An internal act is not published.")
    if act.is_published:
        return _("The act is already published.")
    if act.status == ActStatus.WORKING:
        return _("A working draft is not published. To publish the draft for discussion, change its status to "
                 "«draft for discussion» and set its consideration date.")
    return ""


def meaning(act: Act) -> str:
    """What publishing this act means, in one sentence for the publish page."""
    if act.status == ActStatus.DRAFT:
        return _("The draft becomes public on the portal for discussion before its consideration.")
    return _("The adopted act and its files become public on the portal.")


def warnings(act: Act, today) -> list[str]:
    """Facts that make publishing odd and need the publisher's confirmation; empty when publishing is routine."""
    found = []
    if act.status == ActStatus.DRAFT and act.type in DRAFT_TERM_TYPES:
        if act.consideration_date is None:
            found.append(_("The consideration date of this draft is not set, so the statutory term (a number of "
                           "working days before consideration) cannot be checked. Set it by editing the act, "
                           "or confirm that the draft is published without it."))
        elif act.consideration_date < today:
            found.append(_("The consideration date of this draft (%(date)s) has passed. If the decision has "
                           "been adopted, enter it as an adopted act instead of publishing the draft.")
                         % {"date": act.consideration_date.strftime("%d.%m.%Y")})
    return found
