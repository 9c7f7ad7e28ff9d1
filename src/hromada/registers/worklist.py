"""What the registers ask of their keepers now (see core.worklist): imports of registers that failed."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hromada.core import imports, worklist
from hromada.core.import_flow import Upload


def _title(state: dict) -> str:
    try:
        register = str(imports.get(state.get("kind", "")).title)
    except imports.UnknownKind:
        register = state.get("kind", "")
    return _("Import of «%(file)s» into the register «%(register)s»") % {
        "file": state.get("filename", ""), "register": register}


@worklist.provider("registers.imports", capability="registers.import")
def failed_imports(ctx: worklist.Context) -> list[worklist.Item]:
    return worklist.failed_imports(ctx, Upload, url_name="registers:import-result", title=_title)
