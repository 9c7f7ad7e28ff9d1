"""`hromada seed-demo` loads the hromadas of the seed documents and is idempotent."""

from __future__ import annotations

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db.models import Sum

from hromada.core.demo.seed import demo_edrpou
from hromada.core.models import Hromada, Institution, RoleAssignment, Settlement, User
from hromada.core.roles import Role
from hromada.core.validators import validate_edrpou, validate_hromada_katottg


def _state():
    models = (Hromada, Settlement, Institution, RoleAssignment)
    return [serializers.serialize("json", m.objects.order_by("pk")) for m in models] + [User.objects.count()]


@pytest.mark.django_db
def test_seed_demo_loads_mohyliv_as_in_the_strategy(settings, capsys):
    settings.DEMO_PASSWORD = "demo-pass-2026"
    call_command("seed_demo")
    mohyliv = Hromada.objects.get(katottg="UA12020110000034205")
    assert mohyliv.is_default
    settlements = Settlement.objects.filter(hromada=mohyliv)
    assert settlements.count() == 12
    assert settlements.aggregate(total=Sum("population"))["total"] == 6070 == mohyliv.population
    assert str(mohyliv.area_ha) == "27104.39"
    assert mohyliv.admin_centre.name == "Могилів"
    assert settlements.get(name="Молодіжне").kind == "selyshche"
    assert all(s.katottg.startswith("UA1202011") for s in settlements)
    output = capsys.readouterr().out
    assert "demo-pass-2026" in output
    assert "admin@mohyliv.example" in output


# The modules' own demos are tested in their test_demo; the core's tests below need only the hromadas and accounts.
MODULES = "acts,appeals,participation,cnap,opendata,itassets"


@pytest.mark.django_db
def test_seed_demo_has_an_account_for_every_role(settings):
    settings.DEMO_PASSWORD = "demo-pass-2026"
    call_command("seed_demo", skip=MODULES)
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == {r.value for r in Role}
    assert User.objects.filter(is_operator=True).count() == 1
    assert all(u.check_password("demo-pass-2026") for u in User.objects.all())
    assert Hromada.objects.get(katottg="UA12020250000010438").hosts.get().host == "slobozhanska.localhost"


@pytest.mark.django_db
def test_seed_demo_twice_duplicates_nothing(settings, capsys):
    settings.DEMO_PASSWORD = "demo-pass-2026"
    call_command("seed_demo", skip=MODULES)
    first = _state()
    call_command("seed_demo", skip=MODULES)
    assert _state() == first
    assert "nothing duplicated" in capsys.readouterr().out


@pytest.mark.django_db
def test_seed_demo_keeps_a_generated_password(settings, tmp_path, capsys):
    settings.DEMO_PASSWORD = None
    settings.DATA_DIR = tmp_path
    call_command("seed_demo", skip=MODULES)
    password = (tmp_path / "demo_password").read_text().strip()
    call_command("seed_demo", skip=MODULES)
    assert User.objects.get(email="admin@mohyliv.example").check_password(password)
    assert capsys.readouterr().out.count(password) == 2


def test_an_unknown_app_to_skip_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nosuchapp"):
        call_command("seed_demo", skip="acts,nosuchapp")


def test_demo_codes_are_valid():
    for number in range(1, 50):
        validate_edrpou(demo_edrpou(number))
    validate_hromada_katottg("UA12020110000034205")
    validate_hromada_katottg("UA12020250000010438")
