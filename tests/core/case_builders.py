"""Cases written straight to the table for the tests of the worklist, reminders and figures: the clock fields
are set as given, so a test states the exact due date (the engine's own clock is tested in test_cases_engine)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hromada.core.models import Case, RoleAssignment
from tests.factories import DepartmentFactory, UserFactory, member

KYIV = ZoneInfo("Europe/Kyiv")
_numbers = itertools.count(1)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=KYIV)


def staff(hromada, role, unit=None, **kwargs):
    user = UserFactory(**kwargs)
    RoleAssignment.objects.create(user=user, hromada=hromada, role=role, department=unit)
    return user


def cast(hromada_a) -> dict:
    """Hromada A's cast for case tests (the `people` fixture): a unit with its head and clerk, another unit's
    clerk, a registrar, an administrator, a hotline operator and a resident."""
    unit = DepartmentFactory(hromada=hromada_a, name="Відділ ЖКГ")
    other = DepartmentFactory(hromada=hromada_a, name="Відділ освіти")
    return {
        "unit": unit,
        "other_unit": other,
        "registrar": member(hromada_a, "case_registrar", email="reg@example.org", full_name="Реєстратор Ольга"),
        "admin": member(hromada_a, "hromada_admin", email="adm@example.org", full_name="Адміністратор"),
        "head": staff(hromada_a, "department_head", unit, email="head@example.org", full_name="Голова Відділу"),
        "clerk": staff(hromada_a, "clerk", unit, email="clerk@example.org", full_name="Виконавець Іван"),
        "teacher": staff(hromada_a, "clerk", other, email="teacher@example.org", full_name="Освітянка Марія"),
        "operator": member(hromada_a, "hotline_operator", email="op@example.org", full_name="Оператор"),
        "resident": member(hromada_a, "resident", email="res@example.org", full_name="Петренко Ірина Олегівна"),
    }


def case(hromada, *, due: date, received: datetime | None = None, kind: str = "appeal", status: str = "in_progress",
         department=None, executor=None, category=None, answered: datetime | None = None,
         due_at: datetime | None = None, unit: str = "calendar_days", channel: str = "portal",
         subject: str = "Яма на дорозі", **extra) -> Case:
    seq = next(_numbers)
    received = received or datetime.combine(due - timedelta(days=30), datetime.min.time(), tzinfo=KYIV)
    return Case.objects.create(
        hromada=hromada, kind=kind, number=f"З-{received.year}/{seq:06d}", year=received.year, seq=seq,
        channel=channel, subject=subject, text="Текст", status=status, received_at=received, term_unit=unit,
        term_amount=48 if unit == "hours" else 30, term_basis="ЗУ «Про звернення громадян», ст. 20",
        due_date=due, due_at=due_at, initial_due_date=due, department=department, executor=executor,
        category=category, answered_at=answered, applicant_name="Петренко Ірина", **extra)


def freeze(monkeypatch, moment: datetime) -> None:
    """Stop Django's clock at ``moment`` (timezone.now and everything reading it, e.g. localdate)."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: moment)
