from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from hromada.core import selectors
from hromada.core.collation import uk
from hromada.core.middleware import client_ip
from hromada.portal import forms, services
from hromada.portal import selectors as portal_selectors
from hromada.portal.models import WEEKDAYS, FeedbackMessage

_SENT_KEY = "portal_feedback_sent"


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


def schedule_table(hours: dict) -> list[tuple[str, dict | None]]:
    """Monday to Sunday, each with its slots or None for a day off (for the templates)."""
    return [(label, (hours or {}).get(day)) for day, label in WEEKDAYS]


def contacts(request):
    record = portal_selectors.contacts(request.hromada)
    return render(request, "portal/contacts.html", {
        "contacts": record, "hours": schedule_table(record.hours) if record.hours else None,
        "cnap_hours": schedule_table(record.cnap_hours) if record.cnap_hours else None,
    })


def same_site_path(value: str, request) -> str:
    """The path (with its query) of an address on this site, else ''; the feedback pages themselves are ''."""
    value = (value or "").strip()
    if not value or len(value) > 500 or "\x00" in value:
        return ""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc != request.get_host()):
        return ""
    path = parts.path
    if not path.startswith("/") or path.startswith("//") or path.startswith(reverse("portal:feedback")):
        return ""
    return path + (f"?{parts.query}" if parts.query else "")


@require_http_methods(["GET", "POST"])
def feedback(request):
    hromada = request.hromada
    if request.method == "POST":
        form = forms.FeedbackForm(request.POST)
        status = 400
        if form.is_valid():
            data = form.feedback_fields()
            data["page"] = same_site_path(data["page"], request) or data["page"][:500]
            try:
                item = services.submit_feedback(hromada, ip=client_ip(request), **data)
            except ValidationError as error:
                limited = getattr(error, "code", None) == "rate_limited"
                form.add_error(None, error.messages[0] if limited else error)
                status = 429 if limited else 400
            else:
                request.session[_SENT_KEY] = {"hromada": hromada.pk, "number": item.number}
                return redirect("portal:feedback-sent")
    else:
        topic = request.GET.get("topic", "")
        page = same_site_path(request.GET.get("page", ""), request) or same_site_path(
            request.META.get("HTTP_REFERER", ""), request)
        form = forms.FeedbackForm(initial={
            "topic": topic if topic in FeedbackMessage.Topic.values else None, "page": page})
        status = 200
    return render(request, "portal/feedback.html", {"form": form}, status=status)


def feedback_sent(request):
    sent = request.session.get(_SENT_KEY)
    if not sent or sent.get("hromada") != request.hromada.pk:
        return redirect("portal:feedback")
    return render(request, "portal/feedback_sent.html", {"number": sent["number"]})
