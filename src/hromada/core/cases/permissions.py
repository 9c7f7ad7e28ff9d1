"""Who may do what with cases (house rule 3). Modules reuse these capabilities for their kinds."""

from hromada.core.roles import Role, grant, grant_resident_scope

STAFF_REGISTER = {Role.CASE_REGISTRAR, Role.HOTLINE_OPERATOR, Role.CNAP_ADMIN, Role.CLERK, Role.DEPARTMENT_HEAD,
                  Role.HROMADA_ADMIN}

grant("cases.register", STAFF_REGISTER)  # register a case brought on paper, by e-mail, post or phone
grant("cases.view_all", {Role.CASE_REGISTRAR, Role.HROMADA_ADMIN})  # every case of the hromada
grant("cases.view", STAFF_REGISTER)  # the cases one registered, is assigned, or (a head) the unit's
grant("cases.assign", {Role.CASE_REGISTRAR, Role.DEPARTMENT_HEAD, Role.HROMADA_ADMIN})
grant("cases.handle", {Role.CLERK, Role.DEPARTMENT_HEAD, Role.CASE_REGISTRAR, Role.HROMADA_ADMIN})
grant("cases.sign", {Role.DEPARTMENT_HEAD, Role.HROMADA_ADMIN})  # approve and send an answer
grant("cases.extend", {Role.CASE_REGISTRAR, Role.DEPARTMENT_HEAD, Role.HROMADA_ADMIN})
grant("cases.forward", {Role.CASE_REGISTRAR, Role.DEPARTMENT_HEAD, Role.HROMADA_ADMIN})
grant("cases.close", {Role.CASE_REGISTRAR, Role.DEPARTMENT_HEAD, Role.HROMADA_ADMIN})
grant("cases.publish", {Role.CASE_REGISTRAR, Role.HROMADA_ADMIN})  # confirm the redaction of a public thread
grant("cases.categories", {Role.CASE_REGISTRAR, Role.HROMADA_ADMIN})
grant("cases.reports", {Role.CASE_REGISTRAR, Role.DEPARTMENT_HEAD, Role.HROMADA_ADMIN, Role.PROGRAMME_MANAGER})
grant("cases.hotline", {Role.HOTLINE_OPERATOR, Role.CASE_REGISTRAR, Role.HROMADA_ADMIN})

# A resident files and follows their own cases (also with the mobile app's resident-scoped token).
grant("cases.own", {Role.RESIDENT})
grant_resident_scope("cases.own")
