"""The participatory budget in the public menu and the staff menu."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_public, add_staff
from hromada.participation.petitions.navigation import PARTICIPATION

add_public(NavItem("budget:index", _("Participatory budget"), order=330))
# Everyone who may open the budget's staff home (views_staff.AREA): managers, reviewers, ballot clerks, implementers.
add_staff(NavItem("budget-staff:index", _("Participatory budget"), (
    "participation.budget_manage", "participation.budget_review", "participation.budget_ballots",
    "participation.budget_implementation"), PARTICIPATION, 51))
add_staff(NavItem("budget-staff:ballots-home", _("Paper ballots"), "participation.budget_ballots", PARTICIPATION, 52))
