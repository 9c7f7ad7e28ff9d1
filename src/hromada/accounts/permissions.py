"""Capabilities of resident identity (core.roles holds the decisions)."""

from hromada.core.roles import STAFF_ROLES, Role, grant, grant_resident_scope

grant("cabinet.enter", {Role.RESIDENT})
grant_resident_scope("cabinet.enter")
grant("residents.verify_assisted", {Role.CNAP_ADMIN, Role.HROMADA_ADMIN})
grant("identity_providers.manage", {Role.HROMADA_ADMIN})
grant("data_requests.handle", {Role.HROMADA_ADMIN})
grant("assisted_acts.view", STAFF_ROLES)
