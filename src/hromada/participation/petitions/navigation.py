"""E-petitions in the public menu and the staff menu."""

from django.utils.translation import gettext_lazy as _

from hromada.core.navigation import NavItem, add_public, add_staff

PARTICIPATION = _("Participation")  # the staff menu's section of petitions and the budget

add_public(NavItem("petitions:index", _("E-petitions"), order=320))
# Everyone who may open the staff list: moderators, those who record the answers, and readers of the reports.
add_staff(NavItem("petitions-staff:index", _("E-petitions"), ("participation.petitions_moderate",
                  "participation.petitions_answer", "participation.reports"), PARTICIPATION, 50))
