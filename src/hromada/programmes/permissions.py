"""Who may do what with programmes, strategies, plans and self-assessments (see core.roles)."""

from hromada.core.roles import STAFF_ROLES, Role, grant

MANAGERS = {Role.PROGRAMME_MANAGER, Role.HROMADA_ADMIN}

grant("programmes.view", STAFF_ROLES)
# Drafts the programme, moves it through its lifecycle, opens periods and consolidates reports.
grant("programmes.manage", MANAGERS)
# Submits the unit's own monitoring report; managers may submit on behalf of any unit.
grant("programmes.report", {Role.DEPARTMENT_HEAD} | MANAGERS)
grant("strategy.manage", MANAGERS)
