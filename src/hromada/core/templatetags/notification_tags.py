"""``{% notification_bell %}``: the link to one's notices with the unread count, for page headers."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hromada.core.notifications.selectors import unread_count

register = template.Library()


def bell_label(count: int) -> str:
    """The link's accessible name, e.g. «Сповіщення: 3 непрочитані» (Ukrainian plural forms from the catalogue)."""
    if not count:
        return _("Notices: none unread")
    return ngettext("Notices: %(count)s unread", "Notices: %(count)s unread", count) % {"count": count}


@register.inclusion_tag("core/notifications/_bell.html", takes_context=True)
def notification_bell(context, url_name: str = "staff:notices"):
    request = context.get("request")
    user, hromada = getattr(request, "user", None), getattr(request, "hromada", None)
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        url = ""
    count = unread_count(user, hromada)
    return {"url": url, "count": count, "label": bell_label(count),
            "current": request is not None and request.path == url}
