"""Who may edit the hromada's contacts and read the feedback sent through the portal (see core.roles)."""

from hromada.core.roles import Role, grant

# The contacts are part of the hromada profile: "hromada.edit" (core) lets its administrator change them.
grant("feedback.view", {Role.HROMADA_ADMIN})
grant("feedback.handle", {Role.HROMADA_ADMIN})
