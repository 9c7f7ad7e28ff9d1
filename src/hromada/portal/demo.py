"""Demo contacts of the demo hromadas (data in core.demo.data.CONTACTS), loaded idempotently."""

from __future__ import annotations

from hromada.core.demo.data import CONTACTS
from hromada.core.models import Hromada
from hromada.portal.models import Contacts


def seed(report) -> None:
    for katottg, values in CONTACTS.items():
        hromada = Hromada.objects.filter(katottg=katottg).first()
        if hromada is None:
            continue
        # Created once: a second run keeps what the administrator has changed since.
        if not Contacts.objects.filter(hromada=hromada).exists():
            Contacts.objects.create(hromada=hromada, **values)
            report.count("contacts", True)
