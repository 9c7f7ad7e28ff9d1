from django.db.models import Sum
from django.shortcuts import render

from hromada.core import selectors
from hromada.core.collation import uk


def home(request):
    hromada = request.hromada
    settlements = selectors.settlements(hromada).order_by("-population", uk("name"))
    total = settlements.aggregate(total=Sum("population"))["total"]
    return render(request, "portal/home.html", {
        "settlements": settlements,
        "settlements_population": total,
        "officials": selectors.officials(hromada),
        "districts": selectors.starosta_districts(hromada).prefetch_related("settlements"),
        "institution_count": selectors.institutions(hromada).count(),
    })


def accessibility(request):
    return render(request, "portal/accessibility.html")
