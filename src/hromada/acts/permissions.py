"""Who may read, keep and publish the registry of acts (see core.roles)."""

from hromada.core.roles import STAFF_ROLES, Role, grant

# The council secretary keeps the registry; the hromada administrator stands in for them.
KEEPERS = {Role.COUNCIL_SECRETARY, Role.HROMADA_ADMIN}

# Every member of staff reads the whole registry, drafts and unpublished acts included.
grant("acts.view", STAFF_ROLES)
grant("acts.manage", KEEPERS)
grant("acts.publish", KEEPERS)
grant("acts.import", KEEPERS)
grant("acts.export", STAFF_ROLES)
grant("acts.sessions", KEEPERS)
