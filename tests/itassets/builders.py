"""Rows the IT assets tests start from, made directly (the services under test are called by the tests)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from hromada.core.ukrtext import search_key
from hromada.itassets.models import Category, Equipment, Software

_numbers = count(1)


def equipment(hromada, **fields) -> Equipment:
    """An item in use; `fields` override the defaults (a desktop computer bought on 1 March 2024)."""
    n = next(_numbers)
    values = {"inventory_number": f"101{n:05d}", "category": Category.COMPUTER, "name": f"Комп’ютер {n}",
              "purchase_date": date(2024, 3, 1), "cost": Decimal("24000.00")}
    values.update(fields)
    item = Equipment(hromada=hromada, **values)
    item.name_key = search_key(item.name)
    item.save()
    return item


def software(hromada, **fields) -> Software:
    n = next(_numbers)
    values = {"name": f"Програма {n}", "vendor": "Постачальник", "kind": Software.Kind.OFFICE}
    values.update(fields)
    title = Software(hromada=hromada, **values)
    title.name_key = search_key(title.name)
    title.save()
    return title


def connection(hromada, **fields):
    """An active connection of the council (no institution): fibre, 100 Mbit/s, outside the corporate network."""
    from hromada.itassets.models import Connection

    values = {"provider": "Укртелеком", "technology": Connection.Technology.FIBRE, "contracted_mbps": Decimal(100)}
    values.update(fields)
    return Connection.objects.create(hromada=hromada, **values)


def camera(hromada, *, details: bool = True, **fields):
    """An equipment item of category camera in use, with its Camera row (`fields` go to the Camera) or without."""
    from hromada.itassets.models import Camera

    camera_fields = {f.name for f in Camera._meta.get_fields()}
    item_fields = {key: fields.pop(key) for key in list(fields) if key not in camera_fields}
    n = next(_numbers)
    item = equipment(hromada, category=Category.CAMERA, **{"inventory_number": f"ВС-{n:04d}",
                                                           "name": f"Камера {n}", **item_fields})
    if details:
        Camera.objects.create(equipment=item, **fields)
    return item


def backup_target(hromada, **fields):
    """A daily database backup in service, created now (set created_at with .update() for the clock tests)."""
    from hromada.itassets.models import BackupTarget

    n = next(_numbers)
    values = {"name": f"Система {n}", "kind": BackupTarget.Kind.DATABASE, "frequency": BackupTarget.Frequency.DAILY,
              "destination_kind": BackupTarget.Destination.NAS}
    values.update(fields)
    return BackupTarget.objects.create(hromada=hromada, **values)


def network_world(hromada, marker: str) -> dict[str, str]:
    """One record of every kind of the network and backups concerns, each carrying `marker` in its text: for the
    tenant crawl (tests/core/test_tenant_isolation.py), which names them by their URL parameters."""
    from django.utils import timezone

    from hromada.itassets.models import BackupRun

    conn = connection(hromada, provider=f"{marker} провайдер", contract=f"{marker} договір", notes=marker)
    cam = camera(hromada, location=f"{marker} площа", watched_object=marker, name=f"{marker} камера")
    target = backup_target(hromada, name=f"{marker} система", scope=marker)
    BackupRun.objects.create(hromada=hromada, target=target, status="success", finished_at=timezone.now(),
                             note=marker)
    ids = {"connection": str(conn.pk), "camera": str(cam.pk), "target": str(target.pk)}
    return {**{f"{k}_pk": v for k, v in ids.items()}, **{f"{k}_id": v for k, v in ids.items()}}
