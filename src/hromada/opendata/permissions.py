"""Capabilities of the open-data module.

The programme manager (the informatization officer, seeds 000/004: "coordinates the units' publication with
control of its timeliness") and the administrator choose the obligations and manage every dataset; a unit's
head or clerk keeps the datasets of their own unit or those they answer for.
"""

from hromada.core.roles import Role, can, grant, roles_of

MANAGE = "opendata.manage"
PUBLISH = "opendata.publish"

grant(MANAGE, {Role.PROGRAMME_MANAGER, Role.HROMADA_ADMIN})
grant(PUBLISH, {Role.PROGRAMME_MANAGER, Role.HROMADA_ADMIN, Role.DEPARTMENT_HEAD, Role.CLERK})


def unit_ids(user, hromada) -> set[int]:
    """The units a department head's or clerk's roles name in this hromada."""
    from hromada.core.models import RoleAssignment

    if not roles_of(user, hromada) & {Role.DEPARTMENT_HEAD, Role.CLERK}:
        return set()
    return set(RoleAssignment.objects.filter(user=user, hromada=hromada, department__isnull=False)
               .values_list("department_id", flat=True))


def may_edit(user, dataset) -> bool:
    """Managers edit every dataset; a unit's staff the datasets of their unit or those they answer for."""
    if can(user, dataset.hromada, MANAGE):
        return True
    if not can(user, dataset.hromada, PUBLISH):
        return False
    return dataset.responsible_id == user.pk or dataset.department_id in unit_ids(user, dataset.hromada)
