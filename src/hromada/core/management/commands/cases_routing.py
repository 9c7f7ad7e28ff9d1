"""How well routing help would have guessed: accuracy of category and department on held-back cases."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from hromada.core.cases import routing
from hromada.core.models import Hromada


def find_hromada(value: str) -> Hromada:
    value = (value or "").strip()
    lookup = Q(katottg=value.upper()) | Q(hosts__host=value.lower())
    if value.isdigit():
        lookup |= Q(pk=int(value))
    found = Hromada.objects.filter(lookup).distinct().first()
    if found is None:
        raise CommandError(_("There is no hromada «%(value)s»: give its id, KATOTTG code or host name.")
                           % {"value": value})
    return found


def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


class Command(BaseCommand):
    help = ("Train the routing model on part of a hromada's past cases and report how often it guesses the "
            "category and the department of the rest.")

    def add_arguments(self, parser):
        parser.add_argument("--hromada", required=True, metavar="HROMADA",
                            help="id, KATOTTG code or host name of the hromada")
        parser.add_argument("--holdout", type=float, default=0.2, help="share of cases held back (default 0.2)")
        parser.add_argument("--seed", type=int, default=0, help="seed of the split (the same seed, the same split)")
        parser.add_argument("--kind", default=None, help="only cases of this kind's family (default: every kind)")

    def handle(self, *args, hromada, holdout, seed, kind, **options):
        if not 0 < holdout < 1:
            raise CommandError(_("--holdout is a share between 0 and 1, e.g. 0.2."))
        found = find_hromada(hromada)
        result = routing.evaluate(found, holdout=holdout, seed=seed, kind=kind)
        self.stdout.write(_("Hromada: %(name)s") % {"name": found.name})
        self.stdout.write(_("Cases trained on: %(trained)s; held back: %(held)s")
                          % {"trained": result.trained, "held": result.held_out})
        self.stdout.write(_("Category accuracy: %(value)s") % {"value": percent(result.category_accuracy)})
        self.stdout.write(_("Department accuracy: %(value)s") % {"value": percent(result.department_accuracy)})
        if result.category_accuracy is None and result.department_accuracy is None:
            self.stdout.write(_("Too few cases with a category or department to learn from (at least %(n)s).")
                              % {"n": routing.MIN_CASES})
