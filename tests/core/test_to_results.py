"""The «До результатів» link (templates/_to_results.html) on the staff list pages with a search or filter form.

Each page puts the link right after its form, points it at one element with tabindex="-1" (so the focus can be
put there), and loads the script that moves the focus only after a submitted search.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from hromada.core.models import RoleAssignment
from hromada.registers import access
from tests.factories import member

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<p class="to-results"><a href="#([\w-]+)">([^<]*)</a></p>')
SCRIPT = re.compile(r'<script src="[^"]*/to-results(?:\.[0-9a-f]+)?\.js" data-target="([\w-]+)" defer></script>')
NOTHING = "ніщо-такого-немає"

# (page, its URL name and arguments, a search as its form submits it)
PAGES = [
    ("cases", "cases:list", {"q": NOTHING}),
    ("case categories", "case-registry:categories", {"q": NOTHING}),
    ("case journal", "case-registry:journal", {"kind": ""}),
    ("case report", "case-registry:report", {"kind": ""}),
    ("audit log", "staff:audit", {"who": NOTHING}),
    ("software", "itassets-staff:software-list", {"q": NOTHING}),
    ("licences", "itassets-staff:licence-list", {"q": NOTHING}),
    ("software by computer", "itassets-staff:software-computers", {"q": NOTHING}),
    ("software compliance", "itassets-staff:software-compliance", {"q": NOTHING}),
    ("backups", "itassets-staff:backup-list", {"q": NOTHING}),
    ("IT requests", "itassets-staff:request-list", {"q": NOTHING}),
    ("cameras", "itassets-staff:camera-list", {"q": NOTHING}),
    ("internet connections", "itassets-staff:connection-list", {"q": NOTHING}),
    ("shared register", "registers:shared-list", {"q": NOTHING}),
]


class _Elements(HTMLParser):
    """Every element's attributes, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def _url(client, hromada, name: str) -> str:
    if name != "registers:shared-list":
        return reverse(name)
    # A partner institution's reader, with a grant in force to the residents register.
    admin = member(hromada, "hromada_admin")
    reader = member(hromada, "agency")
    institution = RoleAssignment.objects.get(user=reader, hromada=hromada).institution
    today = timezone.localdate()
    grant = access.grant_access(actor=admin, hromada=hromada, institution=institution,
                                fields={"residents": ["last_name", "first_name"]},
                                starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=30),
                                legal_basis="Договір про інформаційну взаємодію № 5 від 01.09.2026")
    client.force_login(reader)
    return reverse(name, args=[grant.pk, "residents"])


def _check(html: str, *, searched: bool) -> None:
    links = LINK.findall(html)
    assert len(links) == 1 and links[0][1] == "До результатів", "one link, in Ukrainian"
    target = links[0][0]
    # Right after the search form: the next thing a keyboard user reaches past the filters.
    assert re.search(r"</form>\s*" + LINK.pattern, html), "the link follows the form"
    parsed = _Elements()
    parsed.feed(html)
    ids = [attrs["id"] for _, attrs in parsed.elements if attrs.get("id")]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"ids used twice: {duplicates}"
    targets = [attrs for _, attrs in parsed.elements if attrs.get("id") == target]
    assert len(targets) == 1 and targets[0].get("tabindex") == "-1", f"#{target} takes the focus"
    assert SCRIPT.findall(html) == ([target] if searched else [])


@pytest.mark.parametrize(("page", "name", "search"), PAGES, ids=[p[0] for p in PAGES])
def test_the_list_pages_lead_past_the_filters_to_the_results(admin_client_a, hromada_a, page, name, search):
    url = _url(admin_client_a, hromada_a, name)
    first = admin_client_a.get(url)
    assert first.status_code == 200
    _check(first.content.decode(), searched=False)
    found = admin_client_a.get(url, search)
    assert found.status_code == 200
    _check(found.content.decode(), searched=True)
