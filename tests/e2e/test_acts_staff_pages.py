"""axe-core (WCAG 2.1 A/AA) and page structure on every staff page of the registry of acts, on acts made through
the services in the demo's Mohyliv: a search with results, a card with relations, files and a roll-call, forms
with errors, a version's difference, the publication deadlines and every confirmation page."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.urls import reverse

from tests.e2e.conftest import assert_no_axe_violations
from tests.e2e.test_accessibility import assert_page_structure, check

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
    """A small registry in Mohyliv, entered by the demo administrator (a keeper of the registry)."""
    return _outside_the_event_loop(lambda: _build_registry(demo))


def _build_registry(demo):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from hromada.acts import services
    from hromada.acts.models import AgendaItem, CouncilSession, Deputy, RollCall
    from hromada.core.models import Department, Hromada, User
    from tests.acts import samples

    hromada = Hromada.objects.get(is_default=True)
    user = User.objects.get(email=demo.admin_login)
    unit = Department.objects.filter(hromada=hromada).order_by("pk").first()

    def new(number, when, title, text="", **fields):
        return services.create_act(actor=user, hromada=hromada, topics=fields.pop("topics", ()), fields={
            "number": number, "date": when, "type": fields.pop("type", "council_decision"),
            "status": fields.pop("status", "in_force"), "title": title, "text": text, **fields})

    old = new("12-3/VIII", date(2022, 2, 1), "Про затвердження Правил благоустрою хутора Веселкового",
              "Затвердити Правила благоустрою території громади.")
    decision = new("154-12/VIII", date(2025, 3, 14), "Про нові Правила благоустрою хутора Веселкового та оренду земель",
                   "Затвердити нові Правила благоустрою.\nНадати в оренду земельні ділянки площею 0,10 га.",
                   author_unit=unit, control_unit=unit, convocation=8, session=12, topics=["благоустрій", "земля"])
    services.add_relation(decision, "repeals", old, actor=user, hromada=hromada)
    ca = samples.make_ca()
    services.add_attachment(decision, SimpleUploadedFile("рішення.pdf", samples.signed_pdf(samples.issue(ca), ca)),
                            actor=user, hromada=hromada)
    services.add_attachment(decision, SimpleUploadedFile("додаток.docx", samples.docx_with_text(["Додаток 1"])),
                            actor=user, hromada=hromada)
    services.publish_act(decision, actor=user, hromada=hromada)
    services.update_act(decision, actor=user, hromada=hromada, comment="Уточнення площі", fields={
        "text": "Затвердити нові Правила благоустрою.\nНадати в оренду земельні ділянки площею 0,25 га."})
    session = CouncilSession.objects.create(hromada=hromada, convocation=8, number=12, date=date(2025, 3, 14))
    item = AgendaItem.objects.create(session=session, order=1, title="Про нові Правила благоустрою",
                                     decision=decision, result="adopted")
    for name, vote in (("Іваненко Іван Іванович", "for"), ("Петренко Петро Петрович", "abstained")):
        deputy = Deputy.objects.create(hromada=hromada, full_name=name, convocation=8)
        RollCall.objects.create(item=item, deputy=deputy, vote=vote)
    overdue = new("15", date(2025, 1, 10), "Про встановлення тарифів на вивезення побутових відходів")
    draft = new("П-7", timezone.localdate(), "Проєкт рішення про місцевий бюджет", type="draft_decision",
                status="draft", consideration_date=date(2027, 1, 20))
    undated = new("П-8", timezone.localdate(), "Проєкт рішення про тарифи", type="draft_decision", status="draft")
    return {"old": old, "decision": decision, "overdue": overdue, "draft": draft, "item": item, "undated": undated}


def _url(name, *args, query=""):
    return reverse(f"acts:{name}", args=args) + query


def test_list_with_results_and_empty_states(demo, staff_page, registry):
    # The demo registry has rules of improvement too: a word only these two acts hold narrows the list to them.
    check(staff_page, demo.url + _url("list", query="?q=благоустрій+Веселкового"))
    assert staff_page.locator("main table tbody tr").count() == 2
    assert staff_page.locator("main table mark").count() >= 1
    check(staff_page, demo.url + _url("list", query="?type=council_decision&published=no&sort=date"))
    assert staff_page.locator("main .flag.late").count() >= 1
    check(staff_page, demo.url + _url("list", query="?q=космодром"))  # nothing found: the hints
    check(staff_page, demo.url + _url("list", query="?q=про+та"))  # only stop words


def test_card_with_relations_files_and_roll_call(demo, staff_page, registry):
    check(staff_page, demo.url + _url("detail", registry["decision"].pk))
    main = staff_page.locator("main")
    assert main.locator(".signature-report").count() == 1
    assert main.locator("details").count() == 1
    check(staff_page, demo.url + _url("detail", registry["old"].pk))  # the incoming side of the repeal


def test_forms_blank_and_with_errors(demo, staff_page, registry):
    page = staff_page
    check(page, demo.url + _url("create"))
    page.fill("#id_number", "154-12/VIII")
    page.fill("#id_date", "2025-03-14")
    page.select_option("#id_type", "council_decision")
    assert page.locator("#id_status").input_value() == ""  # a new act's status is chosen, not assumed
    page.select_option("#id_status", "adopted")
    from tests.acts import samples

    page.set_input_files("#id_file", files=[{"name": "rishennia.docx", "mimeType": "application/octet-stream",
                                             "buffer": samples.docx_with_text(["Затвердити Правила."])}])
    page.locator("main form.record-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("main .error-summary").count() == 1
    assert page.locator("main .field.has-error #id_title").count() == 1  # the title is required
    assert "rishennia.docx" in page.locator("#id_file_helptext").inner_text()  # the chosen file is kept
    assert page.locator("#id_file_token").input_value()
    assert_page_structure(page)
    assert_no_axe_violations(page, "create form with errors")
    page.fill("#id_title", "Про нові Правила благоустрою")
    page.locator("main form.record-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("main .field.has-error #id_number").count() == 1  # the number is already taken
    assert_page_structure(page)
    assert_no_axe_violations(page, "create form with a service error")

    check(page, demo.url + _url("edit", registry["decision"].pk))  # published: the notice of a new version
    assert page.locator('main .warning[role="note"]').count() == 1


def test_versions_and_the_difference(demo, staff_page, registry):
    decision = registry["decision"]
    check(staff_page, demo.url + _url("versions", decision.pk))
    last = decision.versions.order_by("-number").first()
    check(staff_page, demo.url + _url("version", decision.pk, last.number))
    assert staff_page.locator("main ins").count() == 1 and staff_page.locator("main del").count() == 1
    check(staff_page, demo.url + _url("version", decision.pk, 1))


def test_deadlines(demo, staff_page, registry):
    check(staff_page, demo.url + _url("deadlines"))
    assert staff_page.locator("#group-overdue").count() == 1
    check(staff_page, demo.url + _url("deadlines", query="?kind=draft"))


def test_confirmation_and_relation_pages(demo, staff_page, registry):
    from hromada.acts.models import ActRelation

    decision, overdue, draft = registry["decision"], registry["overdue"], registry["draft"]
    relation = ActRelation.objects.get(source=decision)
    attachment = decision.attachments.order_by("pk").first()
    check(staff_page, demo.url + _url("publish", overdue.pk))
    check(staff_page, demo.url + _url("publish", decision.pk))  # already published: the refusal
    check(staff_page, demo.url + _url("publish", draft.pk))  # a draft for discussion, within its term
    check(staff_page, demo.url + _url("publish", registry["undated"].pk))  # the warning and the confirmation box
    assert staff_page.locator('main input[name="confirm"]').count() == 1
    check(staff_page, demo.url + _url("delete", draft.pk))
    check(staff_page, demo.url + _url("relation-add", decision.pk, query="?find=благоустрій"))
    check(staff_page, demo.url + _url("relation-remove", decision.pk, relation.pk))
    check(staff_page, demo.url + _url("attachment-add", overdue.pk))
    check(staff_page, demo.url + _url("attachment-remove", decision.pk, attachment.pk))


def test_refusals_are_shown_accessibly(demo, staff_page, registry):
    """A published act's deletion is refused on the confirmation page itself (HTTP 409)."""
    page = staff_page
    check(page, demo.url + _url("delete", registry["decision"].pk))
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.locator("main form button[type=submit]").click()
    assert response.value.status == 409
    page.wait_for_load_state()
    assert page.locator('main .error-summary[role="alert"]').count() == 1
    assert_page_structure(page)
    assert_no_axe_violations(page, "delete refused")

    check(page, demo.url + _url("attachment-add", registry["overdue"].pk))
    page.set_input_files("#id_file", files=[{"name": "scan.txt", "mimeType": "text/plain", "buffer": b"not a doc"}])
    page.locator("main form.record-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("main .field.has-error").count() == 1
    assert_page_structure(page)
    assert_no_axe_violations(page, "attachment with an error")
