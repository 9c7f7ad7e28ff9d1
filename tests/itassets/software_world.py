"""Rows the software tests start from (made directly; the services under test are called by the tests)."""

from __future__ import annotations

from datetime import date

from hromada.itassets.models import Installation, Licence, Seat
from tests.itassets.builders import equipment, software

__all__ = ["build", "equipment", "install", "licence", "seat", "software"]
PDF = b"%PDF-1.4\n%%EOF\n"


def licence(hromada, title, **fields) -> Licence:
    values = {"kind": Licence.Kind.PERPETUAL, "seats": 5}
    values.update(fields)
    return Licence.objects.create(hromada=hromada, software=title, **values)


def install(hromada, item, title, version: str = "", **fields) -> Installation:
    return Installation.objects.create(hromada=hromada, equipment=item, software=title, version=version, **fields)


def seat(hromada, lic, *, on: date = date(2024, 1, 1), **holder) -> Seat:
    return Seat.objects.create(hromada=hromada, licence=lic, assigned_on=on, **holder)


def build(hromada, marker: str = "") -> dict:
    """One record of every kind of the software pages, names carrying ``marker``; their ids by the URL parameter
    names of the pages (for the tenant crawls: tests/core/test_tenant_isolation.py may use it for hromada B)."""
    from hromada.itassets.models import SoftwareProfile, SoftwareProfileItem
    from hromada.itassets.software import services
    from tests.factories import member

    title = software(hromada, name=f"{marker}Microsoft Office", vendor="Microsoft", minimum_version="16.0")
    pc = equipment(hromada, name=f"{marker}Комп’ютер бухгалтера", assigned_name=f"{marker}Олена")
    lic = licence(hromada, title, seats=3, contract=f"{marker}Договір", expires_on=date(2030, 1, 1))
    services.save_licence(lic, actor=member(hromada, "hromada_admin"), hromada=hromada,
                          document=services.Document("d.pdf", PDF + marker.encode()))
    held = seat(hromada, lic, equipment=pc)
    inst = install(hromada, pc, title, "15.0")
    profile = SoftwareProfile.objects.create(hromada=hromada, name=f"{marker}Бухгалтер", hardware=f"{marker}16 ГБ")
    item = SoftwareProfileItem.objects.create(profile=profile, software=title)
    return {"software_pk": title.pk, "licence_pk": lic.pk, "seat_pk": held.pk, "equipment_pk": pc.pk,
            "installation_pk": inst.pk, "profile_pk": profile.pk, "profile_item_pk": item.pk}
