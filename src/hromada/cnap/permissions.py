"""Capabilities of the ЦНАП module."""

from hromada.core.roles import Role, grant

# Offices, windows, hours, services and their draft cards; recording a card's approval by an act.
grant("cnap.catalogue_manage", {Role.CNAP_ADMIN, Role.HROMADA_ADMIN})
# The live queue: tickets, the operator console, the air-raid pause; bookings of the day, no-shows, unblocking.
grant("cnap.queue_operate", {Role.CNAP_ADMIN, Role.HROMADA_ADMIN})
# Online applications: the ЦНАП administrator accepts and issues, the provider's unit works on them.
grant("cnap.applications_process", {Role.CNAP_ADMIN, Role.CLERK, Role.DEPARTMENT_HEAD, Role.HROMADA_ADMIN})
# The registration journal and statistics per service, office and month.
grant("cnap.reports", {Role.CNAP_ADMIN, Role.PROGRAMME_MANAGER, Role.HROMADA_ADMIN})
