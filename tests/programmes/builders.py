"""Build programmes for tests through the real services, so fixtures obey the same rules as users."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hromada.core.models import RoleAssignment
from hromada.programmes.models import Direction, Indicator, Programme, Task
from hromada.programmes.services import programme as svc
from tests.factories import DepartmentFactory, member

D = Decimal


def manager(hromada):
    return member(hromada, "programme_manager")


def head_of(hromada, department):
    user = member(hromada, "clerk")
    RoleAssignment.objects.filter(user=user).delete()
    RoleAssignment.objects.create(user=user, hromada=hromada, role="department_head", department=department)
    return user


def draft_programme(hromada, actor, *, start_year=2026, end_year=2028, tasks_per_unit=2, units=2) -> Programme:
    """A complete draft: passport filled, two catalogue directions, tasks for each unit, two indicators.

    Each task plans 10.000 (local) + 5.000 (other) thousand UAH in the first year; the passport matches.
    """
    programme = svc.create_programme(actor=actor, hromada=hromada, title="Програма інформатизації «Цифрова громада»",
                                     start_year=start_year, end_year=end_year)
    departments = [DepartmentFactory(hromada=hromada) for _ in range(units)]
    count = tasks_per_unit * units
    financing = {year: (D(0), D(0), D(0)) for year in programme.years}
    financing[start_year] = (D(15) * count, D(10) * count, D(5) * count)
    svc.update_passport(
        programme, actor=actor, hromada=hromada,
        fields={"decree_title": "Про розроблення програми інформатизації", "decree_date": date(start_year - 1, 9, 1),
                "decree_number": "45-р", "goal": "Цифрова трансформація громади", "developer": departments[0],
                "head_position": "Заступник голови", "head_name": "Тетяна Смірнова"},
        departments=departments, financing=financing,
    )
    directions = svc.add_catalogue_directions(programme, actor=actor, hromada=hromada,
                                              keys=["governance", "public-services"])
    for index in range(count):
        task = Task(programme=programme, direction=directions[index % 2], name=f"Завдання {index + 1}",
                    project=f"Проєкт {index + 1}", start_date=date(start_year, 1, 1), end_date=date(start_year, 12, 31),
                    expected_result="Результат")
        svc.save_task(task, actor=actor, hromada=hromada, departments=[departments[index % units]],
                      financing={(start_year, "local"): D(10), (start_year, "other"): D(5)})
    svc.save_indicator(Indicator(programme=programme, name="Частка електронних звернень", unit="%",
                                 baseline_value=D(10), baseline_year=start_year - 1),
                       actor=actor, hromada=hromada, targets={y: D(20 + 5 * i) for i, y in enumerate(programme.years)})
    svc.save_indicator(Indicator(programme=programme, name="Заклади громади", unit="од.",
                                 metric_key="core.institutions",
                                 baseline_value=D(0), baseline_year=start_year - 1),
                       actor=actor, hromada=hromada, targets={y: D(3) for y in programme.years})
    programme.refresh_from_db()
    return programme


def approved_programme(hromada, actor, **kwargs) -> Programme:
    programme = draft_programme(hromada, actor, **kwargs)
    programme = svc.transition(programme, actor=actor, hromada=hromada, to="review")
    programme = svc.transition(programme, actor=actor, hromada=hromada, to="approved", decision="Рішення сесії № 12/3",
                   decided_on=date(programme.start_year - 1, 12, 20))
    programme.refresh_from_db()
    return programme


__all__ = ["Direction", "approved_programme", "draft_programme", "head_of", "manager"]
