"""RSS and Atom feeds of the newest public acts of the hromada served on the request's host."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from hromada.acts import selectors

FEED_SIZE = 50
DESCRIPTION_CHARS = 300


def act_heading(act) -> str:
    return _("№ %(number)s of %(date)s — %(title)s") % {
        "number": act.number, "date": act.date.strftime("%d.%m.%Y"), "title": act.title}


class LatestActsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "uk"

    def get_object(self, request, *args, **kwargs):
        hromada = getattr(request, "hromada", None)
        if hromada is None:
            raise Http404
        return hromada

    def title(self, hromada) -> str:
        return _("Acts of %(hromada)s") % {"hromada": hromada.short_name}

    def link(self, hromada) -> str:
        return reverse("acts_public:list")

    def description(self, hromada) -> str:
        return _("The newest acts published in the registry of acts of %(council)s.") % {
            "council": hromada.council_name or hromada.name}

    def items(self, hromada):
        return selectors.acts(hromada, public=True).order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, act) -> str:
        return act_heading(act)

    def item_link(self, act) -> str:
        return reverse("acts_public:detail", kwargs={"pk": act.pk})

    def item_pubdate(self, act):
        return act.published_at

    def item_updateddate(self, act):
        return act.published_at

    def item_description(self, act) -> str:
        text = " ".join((act.text or "").split())
        if len(text) > DESCRIPTION_CHARS:
            text = text[:DESCRIPTION_CHARS].rstrip() + "…"
        kind = act.get_type_display()
        return f"{kind}. {text}" if text else str(kind)


class LatestActsAtomFeed(LatestActsFeed):
    feed_type = Atom1Feed

    def subtitle(self, hromada) -> str:
        return self.description(hromada)
