"""axe-core (WCAG 2.1 A/AA) and page structure on the portal's registry of acts and on the council session pages
(public and staff), with acts, files, relations, versions and a roll-call made through the services in the
demo's Mohyliv (the browser demo leaves out the demo acts, and these words, numbers and convocation are kept
apart from them anyway, so the counts below are exact), and an empty registry on a hromada of its own."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.urls import get_resolver, reverse

from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.e2e.test_accessibility import assert_page_structure, check

pytestmark = pytest.mark.browser

SECRETARY = "secretary@mohyliv.example"
PUBLIC_PAGES = {"list", "detail", "version", "sessions", "session"}
# Downloads and feeds: not HTML pages.
PUBLIC_NOT_PAGES = {"attachment", "feed-rss", "feed-atom", "export-csv", "export-json"}
STAFF_SESSION_PAGES = {"sessions", "session-create", "session", "session-edit", "session-delete", "agenda-add",
                       "agenda-edit", "agenda-delete", "rollcall", "deputies"}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_every_public_page_is_listed():
    resolver = get_resolver()
    names = {name for name in resolver.namespace_dict["acts_public"][1].reverse_dict if isinstance(name, str)}
    assert names == PUBLIC_PAGES | PUBLIC_NOT_PAGES
    staff = {name for name in resolver.namespace_dict["acts"][1].reverse_dict if isinstance(name, str)}
    assert staff >= STAFF_SESSION_PAGES


def _outside_the_event_loop(build):
    """Run `build` in a thread of its own: pyHanko's synchronous API (signing, and the signature check of an
    upload) starts an event loop, which cannot run in this thread beside Playwright's."""
    from django.db import connections

    outcome = {}

    def run():
        try:
            outcome["value"] = build()
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error
        finally:
            connections.close_all()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def registry(demo):
    return _outside_the_event_loop(lambda: _build_registry(demo))


def _build_registry(demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hromada.acts import services, sessions
    from hromada.core.models import Department, Hromada, User
    from tests.acts import samples

    hromada = Hromada.objects.get(is_default=True)
    user = User.objects.get(email=demo.admin_login)
    unit = Department.objects.filter(hromada=hromada).order_by("pk").first()

    def new(number, when, title, text="", **fields):
        return services.create_act(actor=user, hromada=hromada, topics=fields.pop("topics", ()), fields={
            "number": number, "date": when, "type": fields.pop("type", "council_decision"),
            "status": fields.pop("status", "in_force"), "title": title, "text": text, **fields})

    old = new("Т-12/IX", date(2022, 2, 1), "Про затвердження Правил утримання Квіткового парку",
              "Затвердити Правила утримання Квіткового парку.")
    services.publish_act(old, actor=user, hromada=hromada)
    decision = new("Т-154/IX", date(2025, 3, 14), "Про нові Правила утримання Квіткового парку та оренду павільйонів",
                   "Затвердити нові Правила утримання Квіткового парку.\nНадати в оренду квіткові павільйони "
                   "площею 0,10 га.", author_unit=unit, control_unit=unit, convocation=9, session=77,
                   topics=["Квітковий парк"])
    services.add_relation(decision, "repeals", old, actor=user, hromada=hromada)
    ca = samples.make_ca()
    services.add_attachment(decision, SimpleUploadedFile("рішення.pdf", samples.signed_pdf(samples.issue(ca), ca)),
                            actor=user, hromada=hromada)
    services.add_attachment(decision, SimpleUploadedFile("додаток.docx", samples.docx_with_text(["Додаток 1"])),
                            actor=user, hromada=hromada)
    services.publish_act(decision, actor=user, hromada=hromada)
    services.update_act(decision, actor=user, hromada=hromada, comment="Уточнення площі", fields={
        "text": "Затвердити нові Правила утримання Квіткового парку.\nНадати в оренду квіткові павільйони "
                "площею 0,25 га."})
    draft = new("Т-П-7", date(2025, 3, 1), "Проєкт рішення про Правила утримання Квіткового парку",
                type="draft_decision", status="draft", consideration_date=date(2025, 3, 14))
    services.publish_act(draft, actor=user, hromada=hromada, confirmed=True)  # after its consideration
    hidden = new("Т-155/IX", date(2025, 3, 14), "Про кадрові питання Квіткового парку")  # not published

    session = sessions.create_session(actor=user, hromada=hromada,
                                      fields={"convocation": 9, "number": 77, "date": date(2025, 3, 14),
                                              "title": "чергова"})
    item = sessions.add_agenda_item(session, actor=user, hromada=hromada,
                                    fields={"draft": draft, "decision": decision, "result": "adopted",
                                            "rapporteur": "Коваль Ганна"})
    sessions.add_agenda_item(session, actor=user, hromada=hromada, fields={"decision": hidden, "result": "adopted"})
    pending = sessions.add_agenda_item(session, actor=user, hromada=hromada, fields={"title": "Різне"})
    votes = {}
    for n, (name, vote) in enumerate((("Іваненко Іван Іванович", "for"), ("Петренко Петро Петрович", "abstained"),
                                      ("Сидоренко Олена Павлівна", "absent"))):
        deputy = sessions.add_deputy(actor=user, hromada=hromada,
                                     fields={"full_name": name, "convocation": 9, "faction": "Група" if n else ""})
        votes[deputy.pk] = vote
    sessions.record_roll_call(item, votes, actor=user, hromada=hromada)
    empty_session = sessions.create_session(actor=user, hromada=hromada,
                                            fields={"convocation": 9, "number": 78, "date": date(2025, 4, 2)})
    return {"old": old, "decision": decision, "draft": draft, "session": session, "item": item,
            "pending": pending, "empty_session": empty_session}


def _public(name, *args, query=""):
    return reverse(f"acts_public:{name}", args=args) + query


def _staff(name, *args, query=""):
    return reverse(f"acts:{name}", args=args) + query


# --- the portal ------------------------------------------------------------------------------------------


def test_public_pages_of_an_empty_registry(demo, page, settings):
    from urllib.parse import urlsplit

    from tests.factories import HromadaFactory

    HromadaFactory(name="Порожня громада", short_name="Порожня", host="empty.localhost")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "empty.localhost"]
    base = f"http://empty.localhost:{urlsplit(demo.url).port}"
    check(page, base + _public("list"))  # no acts yet: the empty state
    assert page.locator("main .acts-results .empty").count() == 1
    check(page, base + _public("sessions"))
    assert page.locator("main .empty").count() == 1


def test_public_list_with_results_and_without(demo, page, registry):
    check(page, demo.url + _public("list"))  # the newest public acts: the registry's three
    assert page.locator("main .acts-hits > li").count() == 3
    check(page, demo.url + _public("list", query="?q=квітковий+парк"))
    assert page.locator("main .acts-hits > li").count() == 3  # old, decision, draft; the unpublished is hidden
    check(page, demo.url + _public("list", query="?q=квітковий+павільйон"))
    assert page.locator("main .acts-hits > li").count() == 1
    assert page.locator("main .acts-hits mark").count() >= 1
    check(page, demo.url + _public("list", query="?q=квітковий&type=draft_decision&sort=date"))
    # The draft for discussion: one label, its status; the consideration date beside it.
    assert page.locator("main .acts-hits .badge", has_text="проєкт для обговорення").count() == 1
    check(page, demo.url + _public("list", query="?q=космодром"))  # nothing found
    check(page, demo.url + _public("list", query="?q=про+та"))  # only stop words
    check(page, demo.url + _public("list", query="?convocation=abc&date_from=2025-05-01&date_to=2025-01-01"))
    assert page.locator('main .error-summary[role="alert"]').count() == 1
    page.locator("main details.search-help summary").click()
    assert page.locator("main details.search-help kbd").first.is_visible()
    assert_no_axe_violations(page, "search help open")


def test_search_form_by_keyboard(demo, page, registry):
    from tests.e2e.conftest import tab_to

    page.goto(demo.url + _public("list"))
    tab_to(page, "#id_q")
    page.keyboard.type("оренда квіткових павільйонів")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=" in page.url and page.locator("main .acts-hits > li").count() == 1
    # The results take the focus: a few Tabs reach the first result, not the whole header and form again.
    tab_to(page, "main .acts-hits > li:first-child a", limit=3)
    # Without the script the link right after the form leads there in one Tab too.
    skip = page.locator("main form[role=search] + .to-results a")
    assert skip.inner_text() == "До результатів" and skip.get_attribute("href") == "#results-title"
    assert_no_axe_violations(page, "the results reached with the keyboard")


def test_public_detail_with_files_relations_and_roll_call(demo, page, registry):
    check(page, demo.url + _public("detail", registry["decision"].pk))
    main = page.locator("main")
    assert main.locator(".act-files > li").count() == 2
    assert main.locator(".act-relations > li").count() == 1
    assert main.locator("table tbody tr").count() == 3
    assert main.locator(".act-versions > li").count() == 2
    check(page, demo.url + _public("detail", registry["old"].pk))  # repealed: the notice
    assert page.locator('main .warning[role="note"]').count() == 1
    check(page, demo.url + _public("detail", registry["draft"].pk))  # a draft for discussion: one label
    assert page.locator('main .warning[role="note"]').count() == 0
    assert page.locator("main .record .badge").inner_text() == "проєкт для обговорення"
    assert "14.03.2025" in page.locator("main .record").inner_text()  # the consideration date


def test_public_version_difference(demo, page, registry):
    decision = registry["decision"]
    last = decision.versions.filter(published=True).order_by("-number").first()
    check(page, demo.url + _public("version", decision.pk, last.number))
    assert page.locator("main ins").count() >= 1 and page.locator("main del").count() >= 1
    first = decision.versions.filter(published=True).order_by("number").first()
    check(page, demo.url + _public("version", decision.pk, first.number))


def test_public_session_pages(demo, page, registry):
    check(page, demo.url + _public("sessions"))
    check(page, demo.url + _public("session", registry["session"].pk))
    assert page.locator("main .agenda > li").count() == 3
    assert page.locator("main .vote-totals").count() == 1  # only the public decision shows its votes
    check(page, demo.url + _public("session", registry["empty_session"].pk))


def test_a_hidden_act_is_a_404_page(demo, page, registry):
    from hromada.acts.models import Act

    hidden = Act.objects.get(number="Т-155/IX")
    check(page, demo.url + _public("detail", hidden.pk), status=404)


# --- staff session pages -----------------------------------------------------------------------------------


@pytest.fixture
def secretary_page(demo, context, page):
    sign_in(context, demo.url, SECRETARY)
    return page


def test_staff_session_pages(demo, secretary_page, registry):
    page = secretary_page
    session, item, pending = registry["session"], registry["item"], registry["pending"]
    check(page, demo.url + _staff("sessions"))
    check(page, demo.url + _staff("session", session.pk))
    check(page, demo.url + _staff("session-create"))
    check(page, demo.url + _staff("session-edit", session.pk))
    check(page, demo.url + _staff("session-delete", session.pk))  # votes recorded: the refusal
    assert page.locator('main .error-summary[role="alert"]').count() == 1
    check(page, demo.url + _staff("session-delete", registry["empty_session"].pk))
    check(page, demo.url + _staff("agenda-add", session.pk))
    check(page, demo.url + _staff("agenda-edit", session.pk, item.pk))
    check(page, demo.url + _staff("agenda-delete", session.pk, pending.pk))
    check(page, demo.url + _staff("deputies"))


def test_roll_call_form_blank_filled_and_with_errors(demo, secretary_page, registry):
    page = secretary_page
    session, item, pending = registry["session"], registry["item"], registry["pending"]
    check(page, demo.url + _staff("rollcall", session.pk, item.pk))
    assert page.locator("main fieldset.vote-group").count() == 3
    assert page.locator("main fieldset.vote-group legend").count() == 3
    assert page.locator("main fieldset.vote-group input[type=radio]:checked").count() == 3
    check(page, demo.url + _staff("rollcall", session.pk, pending.pk))
    assert page.locator("main fieldset.vote-group input[type=radio]:checked").count() == 0
    # Only one deputy's vote chosen, by keyboard: the others are named in the error summary.
    page.locator("main fieldset.vote-group input[type=radio]").first.focus()
    page.keyboard.press("Space")
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.locator("main form.roll-call button[type=submit]").click()
    assert response.value.status == 400
    page.wait_for_load_state()
    assert page.locator('main .error-summary[role="alert"] li').count() == 2
    assert page.locator("main fieldset.vote-group.has-error").count() == 2
    assert_page_structure(page)
    assert_no_axe_violations(page, "roll-call with errors")
    for group in page.locator("main fieldset.vote-group").all():
        group.locator("input[type=radio][value=for]").check()
    with page.expect_navigation():
        page.locator("main form.roll-call button[type=submit]").click()
    assert page.url.endswith(_staff("session", session.pk))
    assert page.locator("main .vote-totals").count() == 2
    assert_no_axe_violations(page, "session after the roll-call")


def test_session_form_with_errors(demo, secretary_page, registry):
    page = secretary_page
    check(page, demo.url + _staff("session-create"))
    page.fill("#id_convocation", "9")
    page.fill("#id_number", "77")
    page.fill("#id_date", "2025-03-14")
    page.locator("main form.record-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("main .error-summary").count() == 1
    assert_page_structure(page)
    assert_no_axe_violations(page, "session form with a duplicate")
