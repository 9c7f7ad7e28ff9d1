from hromada.core.navigation import public_menu, staff_menu
from hromada.core.roles import roles_of


def hromada(request):
    current = getattr(request, "hromada", None)
    return {
        "hromada": current,
        "public_menu": public_menu(request) if current else [],
        "staff_menu": staff_menu(request) if current else [],
        "my_roles": roles_of(getattr(request, "user", None), current),
    }
