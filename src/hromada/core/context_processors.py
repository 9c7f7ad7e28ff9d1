from hromada.core.navigation import public_menu, staff_menu
from hromada.core.roles import roles_of


def staff_sections(menu: list[dict]) -> list[dict]:
    """The staff menu grouped by section, each section once (in the order its first item comes), so a module
    whose items sit between another's in the ordering does not split that section's heading in two."""
    sections: dict[str, dict] = {}
    for item in menu:
        key = str(item["section"])
        sections.setdefault(key, {"label": item["section"], "items": []})["items"].append(item)
    return list(sections.values())


def hromada(request):
    current = getattr(request, "hromada", None)
    menu = staff_menu(request) if current else []
    return {
        "hromada": current,
        "public_menu": public_menu(request) if current else [],
        "staff_menu": menu,
        "staff_sections": staff_sections(menu),
        "my_roles": roles_of(getattr(request, "user", None), current),
    }
