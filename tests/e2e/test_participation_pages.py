"""E-petitions and the participatory budget in a real browser, on the demo: axe-core (WCAG 2.1 A/AA) and 320 px
reflow on the pages residents and staff meet, and a resident who signs a petition and votes with the keyboard.

One demo load for the module (the live server's database is emptied after each test, so it is one test)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.e2e.conftest import _seed, assert_no_axe_violations, sign_in, tab_to
from tests.e2e.test_accessibility import check

pytestmark = pytest.mark.browser


@pytest.fixture
def participation_demo(live_server, settings):
    """The demo with its petitions and budget editions (no acts' or appeals' demo: not needed here)."""
    return _seed(live_server, settings, frozenset({"acts", "appeals", "cnap", "opendata", "itassets"}))


class Findings:
    """Every page is checked and every finding listed at the end: one demo load is too dear to stop at the first."""

    def __init__(self, page):
        self.page, self.failures = page, []

    def check(self, url: str) -> None:
        try:
            check(self.page, url)
        except (AssertionError, pytest.fail.Exception) as failure:
            self.failures.append(str(failure).strip())

    def axe(self, label: str) -> None:
        try:
            assert_no_axe_violations(self.page, label)
        except pytest.fail.Exception as failure:
            self.failures.append(str(failure).strip())

    def done(self) -> None:
        if self.failures:
            pytest.fail("\n".join(self.failures), pytrace=False)


def _mohyliv():
    from hromada.core.models import Hromada

    return Hromada.objects.get(is_default=True)


def _not_yet(petition, edition) -> str:
    """A demo resident who has neither signed the collecting petition nor voted in this year's edition."""
    from hromada.core.models import User
    from hromada.participation.models import Ballot, Signature

    busy = set(Signature.objects.filter(petition=petition).values_list("signer_id", flat=True))
    busy |= set(Ballot.objects.filter(edition=edition).values_list("user_id", flat=True))
    busy |= {petition.author_id}
    user = (User.objects.filter(email__startswith="resident", email__endswith="@mohyliv.example")
            .exclude(pk__in=busy).order_by("-email").first())
    assert user is not None
    return user.email


def test_participation_pages_pass_axe_and_a_resident_signs_and_votes_with_the_keyboard(
        participation_demo, context, page):
    from hromada.participation.models import Ballot, Edition, Petition, Project, Signature

    url = participation_demo.url
    hromada = _mohyliv()
    year = timezone.localdate().year
    petitions = {p.status: p for p in Petition.objects.filter(hromada=hromada)}
    edition = Edition.objects.get(hromada=hromada, year=year)
    last = Edition.objects.get(hromada=hromada, year=year - 1)
    collecting, answered = petitions["collecting"], petitions["answered"]
    project = Project.objects.filter(edition=edition).order_by("number").first()
    findings = Findings(page)

    # Public pages, anonymous.
    for path in ("/petitions/", "/petitions/?status=answered", f"/petitions/{collecting.pk}/",
                 f"/petitions/{answered.pk}/", "/budget/", f"/budget/{year}/",
                 f"/budget/{year}/projects/{project.number}/", f"/budget/{year - 1}/results/",
                 f"/budget/{year - 1}/implementation/"):
        findings.check(url + path)

    # A resident, keyboard only: signs the collecting petition, then casts a ballot.
    login = _not_yet(collecting, edition)
    sign_in(context, url, login)
    before = collecting.signatures_count
    page.goto(f"{url}/petitions/{collecting.pk}/")
    tab_to(page, "form[action$='/sign/'] button[type=submit]", limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Signature.objects.filter(petition=collecting, signer__email=login).count() == 1
    assert Petition.objects.get(pk=collecting.pk).signatures_count == before + 1
    findings.axe("petition after signing")

    findings.check(f"{url}/budget/{year}/ballot/")
    tab_to(page, "main form input[type=checkbox]", limit=80)
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]", limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    ballot = Ballot.objects.get(edition=edition, user__email=login)
    assert ballot.choices.count() == 1
    findings.axe("after voting")
    for path in ("/cabinet/petitions/", "/cabinet/budget/", f"/budget/{year}/ballot/"):
        findings.check(url + path)

    # Staff: moderation, the answer, review and results.
    sign_in(context, url)
    on_moderation = petitions["moderation"]
    considered = petitions["consideration"]
    staff_project = Project.objects.filter(edition=last).order_by("number").first()
    for path in ("/staff/petitions/", f"/staff/petitions/{on_moderation.pk}/", f"/staff/petitions/{considered.pk}/",
                 f"/staff/petitions/{answered.pk}/", "/staff/budget/", f"/staff/budget/{edition.pk}/",
                 "/staff/budget/projects/", f"/staff/budget/projects/{project.pk}/",
                 f"/staff/budget/projects/{staff_project.pk}/", f"/staff/budget/{last.pk}/results/",
                 f"/staff/budget/{edition.pk}/ballots/"):
        findings.check(url + path)
    findings.done()
