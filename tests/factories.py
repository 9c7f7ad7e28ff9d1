"""factory-boy factories for core records; each hromada gets its own valid KATOTTG prefix."""

from __future__ import annotations

import datetime

import factory

from hromada.core.models import Department, Hromada, HromadaHost, Institution, RoleAssignment, Settlement, User
from hromada.core.validators import edrpou_check_digit

PASSWORD = "correct-horse-battery-staple"


def valid_edrpou(n: int) -> str:
    first_seven = f"{2_100_000 + n:07d}"
    return next(first_seven + str(d) for d in range(10) if edrpou_check_digit(first_seven + str(d)) == d)


class HromadaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hromada
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Тестова громада {n}")
    short_name = factory.Sequence(lambda n: f"Тестова {n}")
    council_name = factory.Sequence(lambda n: f"Тестова рада {n}")
    kind = Hromada.Kind.SILSKA
    # 19 characters whatever the sequence number (a long run creates thousands; PostgreSQL enforces the length).
    katottg = factory.Sequence(lambda n: f"UA1202{100 + n % 900:03d}00000{10000 + n % 90000:05d}")
    oblast = "Дніпропетровська"
    raion = "Дніпровський"

    @factory.post_generation
    def host(obj, create, extracted, **kwargs):
        if create:
            HromadaHost.objects.create(hromada=obj, host=extracted or f"h{obj.pk}.localhost")


class SettlementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Settlement

    hromada = factory.SubFactory(HromadaFactory)
    name = factory.Sequence(lambda n: f"Село {n}")
    kind = Settlement.Kind.SELO
    katottg = factory.LazyAttributeSequence(lambda o, n: f"{o.hromada.katottg[:9]}{n % 1000:03d}00{n % 100000:05d}")
    population = 100
    population_date = datetime.date(2021, 1, 1)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    hromada = factory.SubFactory(HromadaFactory)
    name = factory.Sequence(lambda n: f"Відділ {n}")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    hromada = factory.SubFactory(HromadaFactory)
    name = factory.Sequence(lambda n: f"Заклад {n}")
    kind = Institution.Kind.SCHOOL
    edrpou = factory.Sequence(valid_edrpou)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Користувач {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def member(hromada, role: str, **user_kwargs) -> User:
    """An account with one role in the hromada (department roles get a department)."""
    user = UserFactory(**user_kwargs)
    department = DepartmentFactory(hromada=hromada) if role in {"clerk", "department_head"} else None
    institution = InstitutionFactory(hromada=hromada) if role == "agency" else None
    RoleAssignment.objects.create(user=user, hromada=hromada, role=role, department=department,
                                  institution=institution)
    return user
