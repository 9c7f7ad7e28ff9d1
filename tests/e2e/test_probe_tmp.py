import json, time
import pytest
from axe_playwright_python.sync_playwright import Axe
from tests.e2e.conftest import sign_in

OPTS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}

def test_probe(demo, context, page):
    from hromada.core.models import Settlement, User
    t = time.time()
    out = {}
    paths = ["/", "/accessibility/", "/login/", "/password-reset/", "/password-reset/sent/", "/nope/"]
    for p in paths:
        r = page.goto(demo.url + p)
        res = Axe().run(page, options=OPTS).response["violations"]
        out[p] = (r.status, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in res])
    page.goto(demo.slobozhanska_url + "/")
    out["slob"] = (page.title(), [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in Axe().run(page, options=OPTS).response["violations"]])
    sign_in(context, demo.url)
    uid = User.objects.get(email="programme@mohyliv.example").pk
    staff = ["/staff/", "/staff/hromada/", "/staff/members/", "/staff/members/new/", f"/staff/members/{uid}/", "/staff/audit/", "/staff/calendar/", "/staff/calendar/?start=2026-11-20&amount=5&unit=working_days", "/staff/tokens/"]
    from hromada.core import structure
    for c in structure.ALL:
        obj = c.model.objects.filter(hromada__short_name="Могилівська громада").order_by("pk").first()
        staff += [f"/staff/{c.slug}/", f"/staff/{c.slug}/new/", f"/staff/{c.slug}/{obj.pk}/", f"/staff/{c.slug}/{obj.pk}/edit/", f"/staff/{c.slug}/{obj.pk}/delete/"]
    for p in staff:
        r = page.goto(demo.url + p)
        res = Axe().run(page, options=OPTS).response["violations"]
        out[p] = (r.status, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in res])
    print(json.dumps(out, ensure_ascii=False, indent=1))
    print("elapsed", time.time() - t)
