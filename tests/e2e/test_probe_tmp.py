import json, time
import pytest
from axe_playwright_python.sync_playwright import Axe
from tests.e2e.conftest import sign_in

OPTS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

def test_probe(demo, context, page):
    sign_in(context, demo.url)
    for p in ["/staff/calendar/", "/staff/calendar/?start=2026-11-20&amount=5&unit=working_days"]:
        r = page.goto(demo.url + p)
        res = Axe().run(page, options=OPTS).response
        print(p, r.status, [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in res["violations"]])
        print("incomplete", [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in res["incomplete"]])
    print(page.inner_text(".result"))
    page.goto(demo.url + "/staff/institutions/new/")
    page.fill("#id_name", "Тест")
    page.fill("#id_edrpou", "12345678")
    page.locator("form.record-form button[type=submit]").click()
    page.wait_for_load_state()
    print(page.url)
    print(page.inner_html("main"))
    print(page.evaluate("document.activeElement.outerHTML"))
    res = Axe().run(page, options=OPTS).response
    print([(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in res["violations"]])
    print("incomplete", [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in res["incomplete"]])
    page.set_viewport_size({"width": 375, "height": 800})
    for p in ["/", "/staff/settlements/", "/staff/audit/", "/staff/calendar/", "/staff/members/", "/login/"]:
        page.goto(demo.url + p)
        print(p, page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))
