"""Who may read and change the community registers (see core.roles)."""

from hromada.core.roles import Role, grant

KEEPERS = {Role.HROMADA_ADMIN, Role.CNAP_ADMIN}
READERS = KEEPERS | {Role.CLERK, Role.DEPARTMENT_HEAD, Role.PROGRAMME_MANAGER, Role.COUNCIL_SECRETARY}

# Streets, buildings, land and property are not personal data: all staff read them.
grant("registers.view", READERS)
grant("registers.manage", KEEPERS)
# Residents are personal data: ЦНАП administrators and the hromada administrator keep them; clerks see a
# masked minimum (name, address, status) for their services.
grant("residents.view", KEEPERS | {Role.CLERK})
grant("residents.view_full", KEEPERS)
grant("residents.manage", KEEPERS)
grant("registers.export", KEEPERS)
grant("registers.import", KEEPERS)
grant("registers.grant_access", {Role.HROMADA_ADMIN})
# A partner institution's reader: only what an active grant opens, through the shared pages.
grant("registers.shared", {Role.AGENCY})
