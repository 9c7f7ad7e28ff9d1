"""Who may read and change the community registers (see core.roles)."""

from hromada.core import audit_display
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

# A resident's fields that only residents.view_full shows (the card masks them, a birth date down to its year);
# the audit log and record histories mask the same for the one who reads them.
RESIDENT_FULL_ONLY = ("rnokpp", "unzr", "phone", "email", "birth_date", "registered_on")
audit_display.register_personal("registers.resident", fields=RESIDENT_FULL_ONLY, capability="residents.view_full",
                                year_fields=("birth_date",), short_name=True)
