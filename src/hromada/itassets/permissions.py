"""Capabilities of the IT assets module.

The informatization officer (seed 000: «облік та легалізація програмного забезпечення»; the programme manager
role) and the administrator keep the register; department heads see it; every member of staff may report a
problem and follow their own requests.
"""

from hromada.core.roles import Role, grant

VIEW = "itassets.view"
MANAGE = "itassets.manage"
REPORT = "itassets.report"

STAFF_ROLES = {Role.CLERK, Role.DEPARTMENT_HEAD, Role.CNAP_ADMIN, Role.PROGRAMME_MANAGER, Role.COUNCIL_SECRETARY,
               Role.HROMADA_ADMIN, Role.CASE_REGISTRAR, Role.HOTLINE_OPERATOR}

grant(MANAGE, {Role.PROGRAMME_MANAGER, Role.HROMADA_ADMIN})
grant(VIEW, {Role.PROGRAMME_MANAGER, Role.HROMADA_ADMIN, Role.DEPARTMENT_HEAD})
grant(REPORT, STAFF_ROLES)
