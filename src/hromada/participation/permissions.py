"""Capabilities of e-petitions and the participatory budget."""

from hromada.core.roles import Role, grant

# Moderation of petitions (publication within the statute's term) and recording the answer.
grant("participation.petitions_moderate", {Role.COUNCIL_SECRETARY, Role.CASE_REGISTRAR, Role.HROMADA_ADMIN})
grant("participation.petitions_answer", {Role.COUNCIL_SECRETARY, Role.HROMADA_ADMIN})
# Editions, categories and results of the participatory budget.
grant("participation.budget_manage", {Role.PROGRAMME_MANAGER, Role.HROMADA_ADMIN})
# Feasibility review of projects by the departments.
grant("participation.budget_review", {Role.DEPARTMENT_HEAD, Role.CLERK, Role.PROGRAMME_MANAGER, Role.HROMADA_ADMIN})
# Paper ballots and assisted voting at the ЦНАП or the starosta's office.
grant("participation.budget_ballots", {Role.CNAP_ADMIN, Role.CLERK, Role.HROMADA_ADMIN})
# Implementation progress of the winners.
grant("participation.budget_implementation", {Role.DEPARTMENT_HEAD, Role.PROGRAMME_MANAGER, Role.HROMADA_ADMIN})
# Reports and exports with personal data (signers' list with e-mails is never public).
grant("participation.reports", {Role.COUNCIL_SECRETARY, Role.PROGRAMME_MANAGER, Role.HROMADA_ADMIN})
