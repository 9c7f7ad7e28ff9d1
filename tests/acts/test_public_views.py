"""The portal's registry of acts: only public acts, stable pages, files, feeds, versions and sessions."""

from __future__ import annotations

import datetime as dt
import json
from datetime import date

import pytest
from defusedxml import ElementTree as ET
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hromada.acts import services, sessions
from hromada.acts.models import Act, Vote
from tests.acts.builders import act, secretary
from tests.acts.samples import pdf_with_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(hromada_a):
    return secretary(hromada_a)


def published(hromada, actor, *, when=None, **fields) -> Act:
    made = act(hromada, actor, **fields)
    return services.publish_act(made, actor=actor, hromada=hromada, when=when, confirmed=True)


@pytest.fixture
def registry(hromada_a, hromada_b, user):
    """One act of each kind of visibility, all about the budget so one query matches them all."""
    text = "Затвердити зміни до бюджету громади."
    public = published(hromada_a, user, number="10", title="Про бюджет громади на 2025 рік", text=text)
    unpublished = act(hromada_a, user, number="11", title="Про бюджет: неоприлюднене", text=text)
    internal = published(hromada_a, user, number="12", title="Про бюджет: внутрішнє", text=text)
    services.update_act(internal, actor=user, hromada=hromada_a, fields={"internal": True})
    future = published(hromada_a, user, number="13", title="Про бюджет: оприлюднення завтра", text=text)
    Act.objects.filter(pk=future.pk).update(published_at=timezone.now() + dt.timedelta(days=1))
    other = published(hromada_b, secretary(hromada_b), number="10", title="Про бюджет іншої громади", text=text)
    return {"public": public, "unpublished": unpublished, "internal": internal, "future": future, "other": other}


def listed(response) -> list[int]:
    return [row["act"].pk for row in response.context["rows"]]


# --- the list ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "бюджет", "бюджету громади"])
def test_the_list_shows_only_public_acts(client_a, registry, query):
    response = client_a.get(reverse("acts_public:list"), {"q": query} if query else {})
    assert response.status_code == 200
    assert listed(response) == [registry["public"].pk]
    assert response.context["results"].count == 1
    assert response.context["page"].paginator.count == 1
    body = response.content.decode()
    for hidden in ("неоприлюднене", "внутрішнє", "оприлюднення завтра", "іншої громади"):
        assert hidden not in body


def test_counts_and_pages_stay_exact_around_hidden_acts(client_a, hromada_a, user):
    """Hidden acts interleaved with public ones: 25 public acts make 20 + 5 on two pages, in date order."""
    public = []
    for n in range(30):
        made = published(hromada_a, user, number=str(100 + n), title=f"Про ремонт дороги {n}", text="Ремонт дороги.")
        Act.objects.filter(pk=made.pk).update(date=date(2024, 1, 1) + dt.timedelta(days=n))
        if n % 6 == 5:  # five of them hidden again: internal or published «tomorrow»
            if n % 12 == 5:
                services.update_act(made, actor=user, hromada=hromada_a, fields={"internal": True})
            else:
                Act.objects.filter(pk=made.pk).update(published_at=timezone.now() + dt.timedelta(hours=3))
        else:
            public.append(made.pk)
    newest_first = list(reversed(public))
    for query, sort in (("", "date"), ("ремонт дороги", "date"), ("ремонт дороги", "relevance")):
        pages = []
        for number in (1, 2):
            response = client_a.get(reverse("acts_public:list"), {"q": query, "sort": sort, "page": number})
            assert response.context["results"].count == 25
            pages.append(listed(response))
        assert [len(p) for p in pages] == [20, 5]
        assert sorted(pages[0] + pages[1]) == sorted(public)
        if sort == "date":
            assert pages[0] + pages[1] == newest_first
    oldest = client_a.get(reverse("acts_public:list"), {"sort": "-date", "page": 2})
    assert listed(oldest) == newest_first[:5][::-1]


def test_the_count_uses_ukrainian_plurals(client_a, hromada_a, user):
    for n in range(2):
        published(hromada_a, user, number=str(n + 1), title=f"Про бюджет {n}")
    response = client_a.get(reverse("acts_public:list"), {"q": "бюджет"}, HTTP_ACCEPT_LANGUAGE="uk")
    assert response.context["found"] in ("Знайдено 2 акти", "Found 2 acts")


def test_search_finds_other_forms_of_the_words(client_a, hromada_a, user):
    land = published(hromada_a, user, number="154", title="Про надання в оренду земельних ділянок",
                     text="Надати в оренду земельні ділянки громадянам.")
    published(hromada_a, user, number="155", title="Про бюджет", text="Видатки на освіту.")
    response = client_a.get(reverse("acts_public:list"), {"q": "земельна ділянка"})
    assert listed(response) == [land.pk]
    snippet = response.context["rows"][0]["snippet"]
    assert "<mark>" in snippet and "<mark>" in response.content.decode()


def test_snippets_are_escaped_html(client_a, hromada_a, user):
    published(hromada_a, user, number="1", title="Про оренду", text="Оренда <script>alert(1)</script> землі.")
    body = client_a.get(reverse("acts_public:list"), {"q": "оренда"}).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_filters_narrow_the_list(client_a, hromada_a, user):
    order = published(hromada_a, user, number="5", type="head_order", title="Про відпустку", when=None)
    decision = published(hromada_a, user, number="6", title="Про план", when=None, convocation=8, session=12)
    url = reverse("acts_public:list")
    assert listed(client_a.get(url, {"type": "head_order"})) == [order.pk]
    assert listed(client_a.get(url, {"convocation": "8", "session": "12"})) == [decision.pk]
    assert listed(client_a.get(url, {"date_from": "2025-03-14", "date_to": "14.03.2025"})) == [decision.pk, order.pk]
    assert listed(client_a.get(url, {"date_to": "2020-01-01"})) == []


@pytest.mark.parametrize("params", [
    {"date_from": "2025-13-45"}, {"convocation": "abc"}, {"type": "nonsense"}, {"unit": "999999999999999999999"},
    {"date_from": "2025-05-01", "date_to": "2025-01-01"}, {"page": "-7"}, {"page": "99999999999"},
    {"sort": "bogus"}, {"q": "\x00" * 10}, {"q": "-оренда"}, {"q": "і та на"},
])
def test_bad_search_input_is_a_message_not_an_error(client_a, registry, params):
    response = client_a.get(reverse("acts_public:list"), params)
    assert response.status_code == 200
    assert set(listed(response)) <= {registry["public"].pk}


def test_bad_filter_is_reported_and_ignored(client_a, registry):
    response = client_a.get(reverse("acts_public:list"), {"convocation": "abc"})
    assert "convocation" in response.context["form"].errors
    assert listed(response) == [registry["public"].pk]
    assert 'class="error-summary"' in response.content.decode()


def test_empty_registry_and_no_results(client_a, hromada_a, user):
    empty = client_a.get(reverse("acts_public:list"))
    assert listed(empty) == [] and empty.context["searched"] is False
    published(hromada_a, user, title="Про бюджет")
    nothing = client_a.get(reverse("acts_public:list"), {"q": "космодром"})
    assert listed(nothing) == [] and nothing.context["searched"] is True


def test_the_list_links_feeds_and_open_data(client_a, registry):
    body = client_a.get(reverse("acts_public:list")).content.decode()
    for name in ("feed-rss", "feed-atom", "export-csv", "export-json"):
        assert f'href="{reverse("acts_public:" + name)}"' in body


def test_feeds_are_announced_in_the_head(client_a, registry):
    from django.template.loader import get_template

    if "extra_head" not in get_template("base.html").template.source:
        pytest.skip("base.html has no {% block extra_head %} in <head> yet")
    head = client_a.get(reverse("acts_public:list")).content.decode().split("</head>")[0]
    assert '<link rel="alternate" type="application/rss+xml"' in head
    assert f'href="{reverse("acts_public:feed-atom")}"' in head


def test_a_draft_for_discussion_is_labelled(client_a, hromada_a, user):
    draft = published(hromada_a, user, number="П-7", type="draft_decision", status="draft", title="Про тарифи",
                      consideration_date=date(2025, 4, 10), when=None)
    response = client_a.get(reverse("acts_public:list"))
    # The status is the label; the consideration date is a fact beside it, not a second label.
    assert response.context["rows"][0]["draft"].endswith("10.04.2025")
    detail = client_a.get(reverse("acts_public:detail", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="uk")
    assert "10.04.2025" in detail.content.decode()


# --- one act ------------------------------------------------------------------------------------------------


def test_a_public_act_has_a_stable_page(client_a, registry):
    public = registry["public"]
    response = client_a.get(f"/acts/{public.pk}/")
    assert response.status_code == 200 and reverse("acts_public:detail", args=[public.pk]) == f"/acts/{public.pk}/"
    body = response.content.decode()
    assert public.title in body and "Затвердити зміни до бюджету громади." in body and "14.03.2025" in body


@pytest.mark.parametrize("kind", ["unpublished", "internal", "future", "other"])
def test_a_non_public_act_is_not_found(client_a, registry, kind):
    pk = registry[kind].pk
    assert client_a.get(reverse("acts_public:detail", args=[pk])).status_code == 404
    assert client_a.get(reverse("acts_public:version", args=[pk, 1])).status_code == 404


def test_the_other_hromadas_act_is_public_on_its_own_host(client, registry):
    other = registry["other"]
    response = client.get(reverse("acts_public:detail", args=[other.pk]), HTTP_HOST="b.localhost")
    assert response.status_code == 200


def test_files_download_only_from_public_acts(client_a, hromada_a, user, registry):
    pdf = pdf_with_text("Рішення про бюджет")
    public_file = services.add_attachment(registry["public"], SimpleUploadedFile("рішення-10.pdf", pdf),
                                          actor=user, hromada=hromada_a)
    hidden_file = services.add_attachment(registry["unpublished"], SimpleUploadedFile("чернетка.pdf", pdf),
                                          actor=user, hromada=hromada_a)
    response = client_a.get(reverse("acts_public:attachment", args=[registry["public"].pk, public_file.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert "attachment;" in response["Content-Disposition"] and response["Content-Type"] == "application/pdf"
    assert client_a.get(reverse("acts_public:attachment", args=[registry["unpublished"].pk, hidden_file.pk])) \
        .status_code == 404
    # A public act's URL with another act's file, and a file that does not exist.
    assert client_a.get(reverse("acts_public:attachment", args=[registry["public"].pk, hidden_file.pk])) \
        .status_code == 404
    assert client_a.get(reverse("acts_public:attachment", args=[registry["public"].pk, 999999])).status_code == 404
    detail = client_a.get(reverse("acts_public:detail", args=[registry["public"].pk]))
    (attachment, signature), = detail.context["attachments"]
    assert attachment.pk == public_file.pk and signature.status == "unsigned"


def test_the_signature_is_described_in_plain_words(hromada_a, user, registry):
    from hromada.acts.views_public import signature_summary
    from tests.acts.samples import issue, make_ca, signed_pdf

    ca = make_ca()
    pdf = signed_pdf(issue(ca), ca)
    attachment = services.add_attachment(registry["public"], SimpleUploadedFile("підписане.pdf", pdf),
                                         actor=user, hromada=hromada_a)
    summary = signature_summary(attachment)
    assert summary.status == "indeterminate"  # intact, but the test CA is not a trusted provider
    assert len(summary.signers) == 1 and summary.signers[0].startswith("Петренко Олена Іванівна (Слобожанська")


def test_relations_show_only_public_acts_on_both_sides(client_a, hromada_a, user, registry):
    old = published(hromada_a, user, number="3", when=None, title="Про старий порядок")
    Act.objects.filter(pk=old.pk).update(date=date(2024, 1, 10))
    old.refresh_from_db()
    services.add_relation(registry["public"], "repeals", old, actor=user, hromada=hromada_a)
    services.add_relation(registry["unpublished"], "related", old, actor=user, hromada=hromada_a)
    response = client_a.get(reverse("acts_public:detail", args=[old.pk]))
    assert [other.pk for _label, other, _r in response.context["relations"]] == [registry["public"].pk]
    assert response.context["status_notice"] in (
        "Repealed by decision № 10 of 14.03.2025", "Втратив чинність згідно з рішенням № 10 від 14.03.2025")
    forward = client_a.get(reverse("acts_public:detail", args=[registry["public"].pk]))
    assert [other.pk for _label, other, _r in forward.context["relations"]] == [old.pk]


def test_the_decision_shows_its_roll_call(client_a, hromada_a, user, registry):
    session = sessions.create_session(actor=user, hromada=hromada_a,
                                      fields={"convocation": 8, "number": 12, "date": date(2025, 3, 14)})
    item = sessions.add_agenda_item(session, actor=user, hromada=hromada_a, fields={"decision": registry["public"]})
    names = ["Іваненко Ірина", "Єрмак Петро", "Вовк Олег", "Ґава Ольга", "Гаврилюк Іван"]
    votes = [Vote.FOR, Vote.FOR, Vote.ABSENT, Vote.AGAINST, Vote.FOR]
    deputies = [sessions.add_deputy(actor=user, hromada=hromada_a, fields={"full_name": n, "convocation": 8})
                for n in names]
    sessions.record_roll_call(item, {d.pk: v for d, v in zip(deputies, votes, strict=True)}, actor=user,
                              hromada=hromada_a)
    response = client_a.get(reverse("acts_public:detail", args=[registry["public"].pk]))
    (table,) = response.context["votes"]
    # In the order of the Ukrainian alphabet: Г, Ґ, Є after Е, І after И.
    assert [row.deputy.full_name for row in table["rows"]] == [
        "Вовк Олег", "Гаврилюк Іван", "Ґава Ольга", "Єрмак Петро", "Іваненко Ірина"]
    assert table["totals"].as_dict() == {"for": 3, "against": 1, "abstained": 0, "not_voting": 0, "absent": 1}
    assert reverse("acts_public:session", args=[session.pk]) in response.content.decode()


# --- versions --------------------------------------------------------------------------------------------


def test_a_version_shows_its_difference_from_the_previous_published_one(client_a, hromada_a, user):
    decision = act(hromada_a, user, number="20", title="Про порядок", text="Перша чернетка.")
    services.update_act(decision, actor=user, hromada=hromada_a, fields={"text": "Друга редакція тексту."})
    services.publish_act(decision, actor=user, hromada=hromada_a)  # version 2 is the first published one
    services.update_act(decision, actor=user, hromada=hromada_a, fields={"text": "Третя редакція тексту.",
                                                                         "status": "amended"})
    detail = client_a.get(reverse("acts_public:detail", args=[decision.pk]))
    assert [v.number for v in detail.context["versions"]] == [2, 3]  # oldest first
    assert client_a.get(reverse("acts_public:version", args=[decision.pk, 1])).status_code == 404
    assert client_a.get(reverse("acts_public:version", args=[decision.pk, 99])).status_code == 404
    first = client_a.get(reverse("acts_public:version", args=[decision.pk, 2]))
    assert first.status_code == 200 and first.context["previous"] is None and first.context["changes"] == []
    response = client_a.get(reverse("acts_public:version", args=[decision.pk, 3]))
    assert response.context["previous"].number == 2
    changes = {change["field"]: change for change in response.context["changes"]}
    assert set(changes) == {"text", "status"}
    assert [(s.kind, s.text) for s in changes["text"]["segments"]] == [
        ("removed", "Друга"), ("added", "Третя"), ("same", " редакція тексту.")]
    body = response.content.decode()
    assert '<del><span class="visually-hidden">' in body and "Друга</del>" in body
    assert '<ins><span class="visually-hidden">' in body and "Третя</ins>" in body


# --- feeds ---------------------------------------------------------------------------------------------


def _feed_links(response, atom: bool) -> list[str]:
    root = ET.fromstring(response.content)
    if atom:
        ns = {"a": "http://www.w3.org/2005/Atom"}
        return [entry.find("a:link", ns).get("href") for entry in root.findall("a:entry", ns)]
    return [item.findtext("link") for item in root.iter("item")]


def test_feeds_hold_exactly_the_newest_public_acts(client_a, hromada_a, user, registry):
    base = timezone.now() - dt.timedelta(days=2)
    made = []
    for n in range(51):
        made.append(published(hromada_a, user, number=f"F-{n}", title=f"Про рішення {n}", text="Текст " * 100,
                              when=base + dt.timedelta(minutes=n)))
    # registry["public"] was published just now: it is the newest; the oldest of the 51 falls off the feed.
    expected = [registry["public"].pk, *[a.pk for a in reversed(made)][:49]]
    for name, atom in (("acts_public:feed-rss", False), ("acts_public:feed-atom", True)):
        response = client_a.get(reverse(name))
        assert response.status_code == 200
        links = _feed_links(response, atom)
        assert links == [f"http://a.localhost/acts/{pk}/" for pk in expected]
    rss = ET.fromstring(client_a.get(reverse("acts_public:feed-rss")).content)
    item = next(i for i in rss.iter("item") if i.findtext("link").endswith(f"/{made[-1].pk}/"))
    assert item.findtext("title").startswith("№ F-50 ") and item.findtext("title").endswith(" — Про рішення 50")
    description = item.findtext("description")
    assert description.endswith("…") and len(description) <= len(str(made[-1].get_type_display())) + 2 + 301
    assert item.findtext("pubDate")


def test_feeds_of_an_empty_registry_are_valid(client_a, hromada_a):
    for name in ("acts_public:feed-rss", "acts_public:feed-atom"):
        response = client_a.get(reverse(name))
        assert response.status_code == 200 and _feed_links(response, name.endswith("atom")) == []


# --- sessions on the portal ------------------------------------------------------------------------------


def test_the_session_page_links_only_public_acts_and_their_votes(client_a, hromada_a, hromada_b, user, registry):
    session = sessions.create_session(actor=user, hromada=hromada_a,
                                      fields={"convocation": 8, "number": 12, "date": date(2025, 3, 14)})
    deputy = sessions.add_deputy(actor=user, hromada=hromada_a, fields={"full_name": "Вовк Олег", "convocation": 8})
    shown = sessions.add_agenda_item(session, actor=user, hromada=hromada_a, fields={"decision": registry["public"]})
    hidden = sessions.add_agenda_item(session, actor=user, hromada=hromada_a,
                                      fields={"decision": registry["internal"]})
    for item in (shown, hidden):
        sessions.record_roll_call(item, {deputy.pk: Vote.FOR}, actor=user, hromada=hromada_a)
    response = client_a.get(reverse("acts_public:session", args=[session.pk]))
    assert response.status_code == 200
    rows = {row["item"].pk: row for row in response.context["items"]}
    assert rows[shown.pk]["decision"] == registry["public"] and rows[shown.pk]["totals"]["for"] == 1
    assert rows[hidden.pk]["decision"] is None and rows[hidden.pk]["totals"] is None
    body = response.content.decode()
    assert reverse("acts_public:detail", args=[registry["internal"].pk]) not in body
    listing = client_a.get(reverse("acts_public:sessions"))
    assert list(listing.context["page"].object_list) == [session]
    other = sessions.create_session(actor=secretary(hromada_b), hromada=hromada_b,
                                    fields={"convocation": 8, "number": 1, "date": date(2025, 1, 1)})
    assert client_a.get(reverse("acts_public:session", args=[other.pk])).status_code == 404


# --- open data -------------------------------------------------------------------------------------------


def test_open_data_exports_hold_only_public_acts(client_a, registry):
    csv_response = client_a.get(reverse("acts_public:export-csv"))
    json_response = client_a.get(reverse("acts_public:export-json"))
    assert csv_response.status_code == 200 and json_response.status_code == 200
    content = b"".join(csv_response.streaming_content) if csv_response.streaming else csv_response.content
    text = content.decode("utf-8-sig")
    assert registry["public"].title in text
    for hidden in ("unpublished", "internal", "future", "other"):
        assert registry[hidden].title not in text
    data = json.loads(b"".join(json_response.streaming_content))
    assert data["count"] == 1 and [row["id"] for row in data["acts"]] == [registry["public"].pk]


def test_open_data_is_the_public_export_even_for_staff(client_a, user, registry):
    client_a.force_login(user)
    data = json.loads(b"".join(client_a.get(reverse("acts_public:export-json")).streaming_content))
    assert [row["id"] for row in data["acts"]] == [registry["public"].pk]
