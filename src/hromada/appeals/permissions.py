"""Capabilities of the appeals module beyond the case engine's (``hromada.core.cases.permissions``)."""

from hromada.core.roles import Role, grant

grant("appeals.hotline_analytics", {Role.HOTLINE_OPERATOR, Role.CASE_REGISTRAR, Role.HROMADA_ADMIN,
                                    Role.PROGRAMME_MANAGER})
