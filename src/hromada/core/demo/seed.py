"""Load the demo hromadas idempotently: natural keys (KATOTTG, names, e-mails) decide create vs update."""

from __future__ import annotations

import importlib
import importlib.util
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.utils import translation

from hromada.core import audit
from hromada.core.demo.data import ACCOUNTS, HROMADAS
from hromada.core.models import (
    AuditEntry,
    Department,
    Hromada,
    HromadaHost,
    Institution,
    Official,
    RoleAssignment,
    Settlement,
    StarostaDistrict,
    User,
)
from hromada.core.validators import edrpou_check_digit


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (hromada, login, role)
    password: str = ""

    def count(self, label: str, created: bool) -> None:
        if created:
            self.created[label] = self.created.get(label, 0) + 1


def demo_edrpou(number: int) -> str:
    """A demo ЄДРПОУ code with a valid check digit (deliberately in the unassigned 4xxxxxxx test block)."""
    first_seven = f"{4_900_000 + number:07d}"
    for digit in range(10):
        code = first_seven + str(digit)
        if edrpou_check_digit(code) == digit:
            return code
    raise AssertionError("unreachable: one digit always matches")


def demo_password() -> str:
    """HROMADA_DEMO_PASSWORD, else one generated on the first run and kept in the data dir."""
    if settings.DEMO_PASSWORD:
        return settings.DEMO_PASSWORD
    path = Path(settings.DATA_DIR) / "demo_password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(9))
        path.chmod(0o600)
    return path.read_text().strip()


def _upsert(model, lookup: dict, values: dict):
    """Create the row, or update only the fields that differ, so a second run writes nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj, False


def _seed_hromada(spec: dict, report: SeedReport, edrpou_counter: list[int]) -> Hromada:
    hromada, created = _upsert(
        Hromada, {"katottg": spec["katottg"]},
        {k: spec[k] for k in ("name", "short_name", "council_name", "kind", "oblast", "raion",
                                       "population", "population_date", "description")}
        | {"area_ha": Decimal(spec["area_ha"])},
    )
    report.count("hromadas", created)
    for host in spec["hosts"]:
        _obj, created = HromadaHost.objects.get_or_create(host=host, defaults={"hromada": hromada})
        report.count("hosts", created)
    by_name = {}
    for name, kind, code, population, area in spec["settlements"]:
        settlement, created = _upsert(
            Settlement, {"katottg": code},
            {"hromada": hromada, "name": name, "kind": kind, "population": population,
                      "population_date": spec["settlement_population_date"],
                      "area_ha": Decimal(area) if area else None},
        )
        by_name[name] = settlement
        report.count("settlements", created)
    for district_spec in spec["districts"]:
        district, created = _upsert(
            StarostaDistrict, {"hromada": hromada, "name": district_spec["name"]},
            {"centre": by_name[district_spec["centre"]], "starosta_name": district_spec["starosta_name"]},
        )
        report.count("starosta districts", created)
        Settlement.objects.filter(hromada=hromada, name__in=district_spec["settlements"]).exclude(
            starosta_district=district
        ).update(starosta_district=district)
    if hromada.admin_centre_id != by_name[spec["admin_centre"]].pk:
        hromada.admin_centre = by_name[spec["admin_centre"]]
        hromada.save(update_fields=["admin_centre"])
    for order, (position, full_name) in enumerate(spec["officials"]):
        _obj, created = _upsert(Official, {"hromada": hromada, "position": position},
                                {"full_name": full_name, "order": order})
        report.count("officials", created)
    for name, short in spec["departments"]:
        _obj, created = _upsert(Department, {"hromada": hromada, "name": name}, {"short_name": short})
        report.count("departments", created)
    for name, kind, settlement_name in spec["institutions"]:
        edrpou_counter[0] += 1
        existing = Institution.objects.filter(hromada=hromada, name=name).first()
        if existing is None:
            Institution.objects.create(hromada=hromada, name=name, kind=kind, settlement=by_name[settlement_name],
                                       edrpou=demo_edrpou(edrpou_counter[0]))
            report.count("institutions", True)
    return hromada


def _seed_accounts(report: SeedReport, password: str) -> None:
    for katottg, login, full_name, role, department_short in ACCOUNTS:
        lookup = {"email": login} if "@" in login else {"phone": login}
        user = User.objects.filter(**lookup).first()
        if user is None:
            user = User(**lookup, full_name=full_name)
            report.count("accounts", True)
        dirty = user.pk is None
        if katottg is None and not (user.is_operator and user.is_staff and user.is_superuser):
            user.is_operator = user.is_staff = user.is_superuser = True
            dirty = True
        if not user.has_usable_password() or not user.check_password(password):
            user.set_password(password)
            dirty = True
        if dirty:
            user.save()
        if katottg is None:
            report.accounts.append(("—", login, "operator"))
            continue
        hromada = Hromada.objects.get(katottg=katottg)
        department = (Department.objects.get(hromada=hromada, short_name=department_short)
                      if department_short else None)
        institution = (Institution.objects.filter(hromada=hromada, kind=Institution.Kind.HEALTH).order_by("pk").first()
                       if role == "agency" else None)
        _obj, created = RoleAssignment.objects.get_or_create(
            user=user, hromada=hromada, role=role, defaults={"department": department, "institution": institution}
        )
        report.count("roles", created)
        report.accounts.append((hromada.short_name, login, role))


def _seed_apps(report: SeedReport, skip_apps: frozenset[str]) -> None:
    """Each domain app may ship a ``demo`` module whose ``seed(report)`` loads its demo data idempotently."""
    for config in apps.get_app_configs():
        if not config.name.startswith("hromada.") or config.name == "hromada.core" or config.label in skip_apps:
            continue
        if importlib.util.find_spec(f"{config.name}.demo") is not None:
            module = importlib.import_module(f"{config.name}.demo")
            if hasattr(module, "seed"):  # a module named demo may be something else (the ID.gov.ua imitation)
                module.seed(report)


def seed_demo(skip_apps: frozenset[str] = frozenset()) -> SeedReport:
    """Load or refresh the demo; `skip_apps` (app labels) leaves out apps a caller does not need."""
    report = SeedReport(password=demo_password())
    counter = [0]
    # Texts the seed stores (metric sources, report labels) are in the installation's language, not the CLI's.
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        for spec in HROMADAS:
            _seed_hromada(spec, report, counter)
        if not Hromada.objects.filter(is_default=True).exists():
            Hromada.objects.filter(katottg=HROMADAS[0]["katottg"]).update(is_default=True)
        _seed_accounts(report, report.password)
        _seed_apps(report, frozenset(skip_apps))
        if report.created:
            audit.record(AuditEntry.Action.SYSTEM, object_type="core.demo", object_repr="seed-demo",
                         changes={k: [None, v] for k, v in report.created.items()})
    return report
