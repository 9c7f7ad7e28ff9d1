"""The `hromada` command: Hromada's own commands (demo, serve, seed-demo, backup, …) and every Django one."""

from __future__ import annotations

import os
import sys

# Hyphenated names users type → Django management command names.
ALIASES = {
    "seed-demo": "seed_demo",
    "create-token": "create_token",
    "audit-verify": "audit_verify",
    "export-programme": "export_programme",
    "programme-reminders": "programme_reminders",
    "purge-imports": "purge_imports",
    "acts-apply-relations": "acts_apply_relations",
    "acts-reindex": "acts_reindex",
    "cases-routing": "cases_routing",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    argv[0] = "hromada"
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        # Malformed environment: one clear line, no traceback.
        print(f"hromada: configuration error: {error}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
