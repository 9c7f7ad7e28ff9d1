"""The acts API: exact answers for the public and for staff, bad parameters, garbage queries, tenancy — on both
databases."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hromada.acts import services
from hromada.acts.models import AgendaItem, CouncilSession, Deputy, RollCall
from tests.acts.builders import act, secretary
from tests.acts.samples import pdf_with_text
from tests.apiclient import ApiClient, field_errors, ok, uk
from tests.factories import DepartmentFactory, member

pytestmark = pytest.mark.django_db

KYIV = dt.timezone(dt.timedelta(hours=2))
BASE = "/api/v1/acts"
HOST = "http://a.localhost"
NOT_FOUND = {"detail": "Не знайдено."}


class Api(ApiClient):
    base = BASE


def act_url(pk: int) -> str:
    return HOST + reverse("acts_public:detail", args=[pk])


# --- the registry ----------------------------------------------------------------------------------------


@pytest.fixture
def keeper(hromada_a):
    return secretary(hromada_a)


@pytest.fixture
def world(hromada_a, keeper):
    unit = DepartmentFactory(hromada=hromada_a, name="Відділ земельних відносин")
    land = act(hromada_a, keeper, number="154", when=date(2024, 3, 28),
               title="Про надання в оренду земельних ділянок громадянам",
               text="Надати в оренду земельну ділянку площею 0,25 га у с. Могилів.", topics=["Земля"],
               convocation=8, session=12, author_unit=unit)
    budget = act(hromada_a, keeper, number="12", when=date(2025, 1, 20), type="executive_decision",
                 title="Про внесення змін до місцевого бюджету на 2025 рік",
                 text="Внести зміни до рішення № 154 від 28.03.2024 у частині видатків на ремонт доріг.",
                 topics=["Бюджет"], convocation=8, session=14)
    draft = act(hromada_a, keeper, number="П-3", when=date(2025, 2, 1), type="draft_decision", status="draft",
                title="Про оренду земель комунальної власності", text="Проєкт рішення про оренду.",
                consideration_date=date(2025, 3, 1))
    internal = act(hromada_a, keeper, number="5-к", when=date(2025, 2, 3), type="head_order",
                   title="Про відпустку", text="Надати відпустку з оренди.", internal=True)
    land = services.publish_act(land, actor=keeper, hromada=hromada_a, when=dt.datetime(2024, 3, 29, 9, tzinfo=KYIV))
    budget = services.publish_act(budget, actor=keeper, hromada=hromada_a,
                                  when=dt.datetime(2025, 1, 21, 9, tzinfo=KYIV))
    return {"land": land, "budget": budget, "draft": draft, "internal": internal, "unit": unit}


@pytest.fixture
def b_act(hromada_b):
    user = secretary(hromada_b)
    other = act(hromada_b, user, number="154", when=date(2024, 3, 28), title="Про оренду землі в громаді Б",
                text="Надати в оренду земельну ділянку.")
    services.publish_act(other, actor=user, hromada=hromada_b, when=dt.datetime(2024, 3, 29, 9, tzinfo=KYIV))
    return other


@pytest.fixture
def public():
    return Api(host="a.localhost")


@pytest.fixture
def staff(hromada_a):
    return Api(member(hromada_a, "clerk"))


def ids(answer: dict) -> list[int]:
    return [row["id"] for row in answer["results"]]


# --- search ----------------------------------------------------------------------------------------------


def test_public_search_answers_exactly(public, world, b_act):
    answer = ok(public.get("/search", {"q": "оренда"}))
    assert answer["count"] == 1
    (row,) = answer["results"]
    assert isinstance(row.pop("score"), float)
    land = world["land"]
    assert row == {
        "id": land.pk, "number": "154", "date": "2024-03-28", "type": "council_decision", "status": "in_force",
        "title": "Про надання в оренду земельних ділянок громадянам",
        "snippet": "Надати в <mark>оренду</mark> земельну ділянку площею 0,25 га у с. Могилів",
        "url": act_url(land.pk), "match": "all", "matched_terms": ["оренда"],
    }
    assert row["url"] == f"{HOST}/acts/{land.pk}/"


def test_staff_see_every_act_of_their_hromada(hromada_a, world, b_act, staff):
    every = {world[name].pk for name in ("land", "draft", "internal")}
    assert set(ids(ok(staff.get("/search", {"q": "оренда"})))) == every
    session = Api(member(hromada_a, "council_secretary"), session=True)
    assert set(ids(ok(session.get("/search", {"q": "оренда"})))) == every
    assert ok(session.get("/search"))["count"] == 4


def test_staff_of_another_hromada_and_residents_are_the_public(hromada_b, world, hromada_a):
    for user in (member(hromada_b, "council_secretary"), member(hromada_a, "resident")):
        assert ids(ok(Api(user).get("/search", {"q": "оренда"}))) == [world["land"].pk]


def test_a_wrong_token_is_refused_not_read_as_the_public(world):
    api = Api(host="a.localhost")
    api.headers = {"HTTP_AUTHORIZATION": "Bearer nonsense"}
    response = api.get("/search")
    assert response.status_code == 401
    assert response.json() == {"detail": uk("Authentication required: a token or a signed-in session.")}


def test_without_a_query_every_public_act_newest_first(public, world):
    answer = ok(public.get("/search"))
    assert answer == {"count": 2, "partial_count": 0, "results": [
        {"id": world["budget"].pk, "number": "12", "date": "2025-01-20", "type": "executive_decision",
         "status": "in_force", "title": "Про внесення змін до місцевого бюджету на 2025 рік", "snippet": "",
         "url": act_url(world["budget"].pk), "score": None, "match": "all", "matched_terms": []},
        {"id": world["land"].pk, "number": "154", "date": "2024-03-28", "type": "council_decision",
         "status": "in_force", "title": "Про надання в оренду земельних ділянок громадянам", "snippet": "",
         "url": act_url(world["land"].pk), "score": None, "match": "all", "matched_terms": []},
    ]}
    assert ids(ok(public.get("/search", {"sort": "-date"}))) == [world["land"].pk, world["budget"].pk]


def test_filters(hromada_a, world, staff):
    land, budget, draft, internal = (world[n].pk for n in ("land", "budget", "draft", "internal"))
    topic = world["land"].topics.get().pk

    def found(**params):
        return ids(ok(staff.get("/search", params)))

    assert found(type=["council_decision", "executive_decision"]) == [budget, land]
    assert found(type="draft_decision") == [draft]
    assert found(status=["draft"]) == [draft]
    assert found(status=["in_force", "draft"], type="council_decision") == [land]
    assert found(date_from="2025-01-20", date_to="2025-02-01") == [draft, budget]
    assert found(date_to="2024-12-31") == [land]
    assert found(convocation=8) == [budget, land]
    assert found(convocation=8, session=12) == [land]
    assert found(unit=world["unit"].pk) == [land]
    assert found(topic=topic) == [land]
    assert found(topic=999_999) == []
    assert found(q="№ 154")[0] == land
    assert found(q="№ 154", sort="date") == [budget, land]
    assert found(limit=2) == [internal, draft]
    assert found(limit=2, offset=2) == [budget, land]
    assert ok(staff.get("/search", {"limit": 2, "offset": 3})) == {"count": 4, "partial_count": 0, "results": [
        {"id": land, "number": "154", "date": "2024-03-28", "type": "council_decision", "status": "in_force",
         "title": "Про надання в оренду земельних ділянок громадянам", "snippet": "", "url": act_url(land),
         "score": None, "match": "all", "matched_terms": []}]}
    assert ok(staff.get("/search", {"offset": 10_000})) == {"count": 4, "partial_count": 0, "results": []}


def test_the_public_never_finds_what_is_not_public(hromada_a, keeper, world, public):
    services.update_act(world["budget"], actor=keeper, hromada=hromada_a, fields={"internal": True})
    soon = act(hromada_a, keeper, number="99", when=date(2025, 5, 1), title="Про оренду майна")
    services.publish_act(soon, actor=keeper, hromada=hromada_a,
                         when=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=3))
    for q in ("", "оренда", "бюджет", "майно"):
        found = ids(ok(public.get("/search", {"q": q})))
        assert world["budget"].pk not in found and soon.pk not in found, q
        assert world["draft"].pk not in found and world["internal"].pk not in found, q
    for pk in (world["budget"].pk, soon.pk, world["draft"].pk, world["internal"].pk):
        assert public.get(f"/{pk}").json() == NOT_FOUND


@pytest.mark.parametrize(("params", "field", "msgid", "values"), [
    ({"type": "law"}, "type", "Select a valid choice. %(value)s is not one of the available choices.",
     {"value": "law"}),
    ({"type": ["council_decision", "law"]}, "type",
     "Select a valid choice. %(value)s is not one of the available choices.", {"value": "law"}),
    ({"status": "valid"}, "status", "Select a valid choice. %(value)s is not one of the available choices.",
     {"value": "valid"}),
    ({"date_from": "2025-02-30"}, "date_from", "Enter a valid date.", {}),
    ({"date_to": "вчора"}, "date_to", "Enter a valid date.", {}),
    ({"date_from": "2025-03-01", "date_to": "2025-02-01"}, "date_to",
     "The end of the period is earlier than its start.", {}),
    ({"limit": 0}, "limit", "Ensure this value is greater than or equal to %(limit_value)s.", {"limit_value": 1}),
    ({"limit": 1000}, "limit", "Ensure this value is less than or equal to %(limit_value)s.",
     {"limit_value": 100}),
    ({"limit": "all"}, "limit", "Enter a whole number.", {}),
    ({"offset": -1}, "offset", "Ensure this value is greater than or equal to %(limit_value)s.",
     {"limit_value": 0}),
    ({"offset": 10_001}, "offset", "Ensure this value is less than or equal to %(limit_value)s.",
     {"limit_value": 10_000}),
    ({"offset": 10**30}, "offset", "Ensure this value is less than or equal to %(limit_value)s.",
     {"limit_value": 10_000}),
    ({"convocation": "восьме"}, "convocation", "Enter a whole number.", {}),
    ({"session": 0}, "session", "Ensure this value is greater than or equal to %(limit_value)s.",
     {"limit_value": 1}),
    ({"unit": 2**63}, "unit", "Ensure this value is less than or equal to %(limit_value)s.",
     {"limit_value": 2**63 - 1}),
    ({"topic": "1.5"}, "topic", "Enter a whole number.", {}),
    ({"sort": "score"}, "sort", "Select a valid choice. %(value)s is not one of the available choices.",
     {"value": "score"}),
])
def test_bad_parameters_are_a_400_naming_the_parameter(public, world, params, field, msgid, values):
    assert field_errors(public.get("/search", params)) == {field: uk(msgid, **values)}


QUERIES = [
    "xyzzyqwerty", "і та й що", "- - -", '"', '""', '"неповна фраза', "*", "оренд*", "NEAR(оренда бюджет)",
    "' OR 1=1 --", "'; DROP TABLE acts_act; --", "a:b title_lemmas: {x}", "оренда\x00бюджет", "\x00",
    "оренда " * 2000, "ы" * 10_000, "№", "№ -", "-оренда", "оренда OR бюджет AND NOT", "(", ")", "^", "~", "\\",
    "%", "_", "<mark>", "'\"'", "😀", "\u0301", "оренда -оренда",
]


@pytest.mark.parametrize("q", QUERIES)
def test_any_query_is_a_clean_answer(world, public, staff, q):
    for api in (public, staff):
        answer = ok(api.get("/search", {"q": q}))
        assert answer["count"] >= len(answer["results"])
        assert {row["id"] for row in answer["results"]} <= {world[n].pk for n in ("land", "budget", "draft",
                                                                                    "internal")}


def test_garbage_queries_find_nothing_and_real_words_amid_it_still_count(world, public):
    for q in ("xyzzyqwerty", "і та й що", '"', "*", "' OR 1=1 --", "\x00", "ы" * 10_000, "-оренда"):
        assert ok(public.get("/search", {"q": q})) == {"count": 0, "partial_count": 0, "results": []}, q
    assert ids(ok(public.get("/search", {"q": "оренда\x00"}))) == [world["land"].pk]
    for q in ("(оренда)", "оренда*", "оренда -", "оренда (", "оренда \"", "оренда; --"):
        assert ids(ok(public.get("/search", {"q": q}))) == [world["land"].pk], q


def test_search_is_a_fixed_number_of_queries(hromada_a, keeper, world, public, settings):
    settings.PAGE_CACHE = False  # the rendering's queries are counted, not a page cache hit's

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            ok(public.get("/search", {"q": "оренда"}))
        return len(captured)

    few = queries()
    for n in range(5):
        more = act(hromada_a, keeper, number=f"20{n}", when=date(2025, 4, 1 + n), title="Про оренду приміщень",
                   text="Передати в оренду.", topics=["Оренда"])
        services.publish_act(more, actor=keeper, hromada=hromada_a)
    assert ok(public.get("/search", {"q": "оренда"}))["count"] == 6
    assert queries() == few


def test_another_hromadas_acts_are_never_found(world, b_act, staff, public):
    for api in (staff, public):
        assert b_act.pk not in ids(ok(api.get("/search", {"q": "оренда", "limit": 100})))
        assert b_act.pk not in ids(ok(api.get("/search", {"limit": 100})))


# --- one act ---------------------------------------------------------------------------------------------


@pytest.fixture
def vote(hromada_a, world):
    sitting = CouncilSession.objects.create(hromada=hromada_a, convocation=8, number=12, date=date(2024, 3, 28),
                                            title="Дванадцята сесія")
    item = AgendaItem.objects.create(session=sitting, order=3, title="Про оренду земель", decision=world["land"],
                                     result=AgendaItem.Result.ADOPTED)
    for name, choice in (("Іваненко Іван", "for"), ("Петренко Петро", "for"), ("Сидоренко Ольга", "against"),
                         ("Коваль Андрій", "absent")):
        deputy = Deputy.objects.create(hromada=hromada_a, full_name=name, convocation=8)
        RollCall.objects.create(item=item, deputy=deputy, vote=choice)
    return sitting


@pytest.fixture
def related(hromada_a, keeper, world):
    """The budget amends the land decision; an unpublished draft implements it; a correction made a version."""
    land, budget, draft = world["land"], world["budget"], world["draft"]
    services.add_relation(budget, "amends", land, actor=keeper, hromada=hromada_a)
    services.add_relation(draft, "implements", land, actor=keeper, hromada=hromada_a)
    land.refresh_from_db()
    services.add_attachment(land, SimpleUploadedFile("рішення-154.pdf", pdf_with_text("Рішення про оренду")),
                            actor=keeper, hromada=hromada_a)
    return world


def test_public_act_answers_exactly(public, related, vote):
    land, budget = related["land"], related["budget"]
    answer = ok(public.get(f"/{land.pk}"))
    (attachment,) = land.attachments.all()
    versions = {v.number: v for v in land.versions.all()}
    assert set(versions) == {1, 2, 3}  # entered; amended by the budget (status); the file attached
    assert answer == {
        "id": land.pk, "number": "154", "date": "2024-03-28", "type": "council_decision",
        "type_label": uk("council decision"), "status": "amended", "status_label": uk("amended"),
        "title": "Про надання в оренду земельних ділянок громадянам",
        "text": "Надати в оренду земельну ділянку площею 0,25 га у с. Могилів.", "convocation": 8, "session": 12,
        "author_unit": {"id": related["unit"].pk, "name": "Відділ земельних відносин"}, "control_unit": None,
        "topics": ["Земля"], "consideration_date": None, "published_at": "2024-03-29T07:00:00Z", "internal": False,
        "url": act_url(land.pk),
        "attachments": [{
            "name": "рішення-154.pdf", "format": "pdf", "size": attachment.size, "sha256": attachment.sha256,
            "url": HOST + reverse("acts_public:attachment", args=[land.pk, attachment.pk]),
            "signatures": {"signed": False, "signatures": [], "error": None},
        }],
        "relations": {"outgoing": [], "incoming": [{
            "kind": "amends", "label": uk("amended by"),
            "act": {"id": budget.pk, "number": "12", "date": "2025-01-20",
                    "title": "Про внесення змін до місцевого бюджету на 2025 рік", "url": act_url(budget.pk)},
            "effective_from": "2025-01-20"}]},
        "versions": [
            {"number": n, "created_at": answer["versions"][i]["created_at"], "changed": versions[n].changed,
             "comment": versions[n].comment, "published": True} for i, n in enumerate((3, 2, 1))],
        "roll_call": [{
            "session": {"id": vote.pk, "convocation": 8, "number": 12, "date": "2024-03-28",
                        "title": "Дванадцята сесія"},
            "item": {"order": 3, "title": "Про оренду земель"}, "result": "adopted", "result_label": uk("adopted"),
            "votes": [{"deputy": "Іваненко Іван", "vote": "for"}, {"deputy": "Коваль Андрій", "vote": "absent"},
                      {"deputy": "Петренко Петро", "vote": "for"}, {"deputy": "Сидоренко Ольга", "vote": "against"}],
            "totals": {"for": 2, "against": 1, "abstained": 0, "not_voting": 0, "absent": 1},
        }],
    }
    assert versions[2].changed == ["status"] and versions[3].changed == ["attachments"]
    assert answer["attachments"][0]["signatures"] == attachment.signatures


def test_staff_see_unpublished_versions_relations_and_staff_file_addresses(hromada_a, keeper, related, staff):
    land, draft = related["land"], related["draft"]
    services.update_act(draft, actor=keeper, hromada=hromada_a, fields={"text": "Друга редакція проєкту."})
    answer = ok(staff.get(f"/{land.pk}"))
    assert [(r["kind"], r["label"], r["act"]["id"]) for r in answer["relations"]["incoming"]] == [
        ("amends", uk("amended by"), related["budget"].pk), ("implements", uk("implemented by"), draft.pk)]
    assert answer["attachments"][0]["url"] == HOST + reverse(
        "acts:attachment-download", args=[land.pk, land.attachments.get().pk])
    draft_answer = ok(staff.get(f"/{draft.pk}"))
    assert draft_answer["relations"]["outgoing"] == [{
        "kind": "implements", "label": uk("implements"), "effective_from": "2025-02-01",
        "act": {"id": land.pk, "number": "154", "date": "2024-03-28",
                "title": "Про надання в оренду земельних ділянок громадянам", "url": act_url(land.pk)}}]
    # Entered; the relation added (a version of its own); the text changed.
    assert [(v["number"], v["published"]) for v in draft_answer["versions"]] == [(3, False), (2, False),
                                                                                (1, False)]
    assert draft_answer["published_at"] is None and draft_answer["consideration_date"] == "2025-03-01"
    assert ok(staff.get(f"/{related['internal'].pk}"))["internal"] is True


def test_the_public_sees_only_published_versions(hromada_a, keeper, world, public):
    draft = world["draft"]
    services.update_act(draft, actor=keeper, hromada=hromada_a, fields={"text": "Друга редакція."})
    services.publish_act(draft, actor=keeper, hromada=hromada_a, confirmed=True)  # after its consideration
    services.update_act(draft, actor=keeper, hromada=hromada_a, fields={"text": "Третя редакція."})
    assert [(v["number"], v["published"]) for v in ok(public.get(f"/{draft.pk}"))["versions"]] == [
        (3, True), (2, True)]


def test_unknown_foreign_and_malformed_ids(world, b_act, public, staff):
    for api in (public, staff):
        for pk in (b_act.pk, 999_999, 0, 2**63 - 1, 2**63, 2**64, 10**30):
            response = api.get(f"/{pk}")
            assert response.status_code == 404, pk
            assert response.json() == NOT_FOUND
        assert api.get("/abc").status_code == 422
    assert public.get(f"/{world['draft'].pk}").json() == NOT_FOUND
    assert public.get(f"/{world['internal'].pk}").json() == NOT_FOUND


def test_one_act_is_a_fixed_number_of_queries(hromada_a, keeper, related, vote, public, settings):
    settings.PAGE_CACHE = False  # the rendering's queries are counted, not a page cache hit's
    land = related["land"]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            ok(public.get(f"/{land.pk}"))
        return len(captured)

    few = queries()
    for n in range(3):
        later = act(hromada_a, keeper, number=f"30{n}", when=date(2025, 6, 1 + n), title="Про зміни")
        services.publish_act(later, actor=keeper, hromada=hromada_a)
        services.add_relation(later, "related", land, actor=keeper, hromada=hromada_a)
        services.add_attachment(land, SimpleUploadedFile(f"додаток-{n}.pdf", pdf_with_text(f"Додаток {n}")),
                                actor=keeper, hromada=hromada_a)
    assert len(ok(public.get(f"/{land.pk}"))["relations"]["incoming"]) == 4
    assert queries() == few


def test_the_public_count_leaves_out_what_is_not_public(hromada_a, keeper, world, public):
    services.update_act(world["budget"], actor=keeper, hromada=hromada_a, fields={"internal": True})
    assert ok(public.get("/search")) == {"count": 1, "partial_count": 0, "results": [
        {"id": world["land"].pk, "number": "154", "date": "2024-03-28", "type": "council_decision",
         "status": "in_force", "title": "Про надання в оренду земельних ділянок громадянам", "snippet": "",
         "url": act_url(world["land"].pk), "score": None, "match": "all", "matched_terms": []}]}


def test_openapi_lists_the_acts_operations(client_a):
    schema = client_a.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert {f"{BASE}/search", f"{BASE}/{{act_id}}", f"{BASE}/export.{{fmt}}"} <= set(paths)
    params = {p["name"] for p in paths[f"{BASE}/search"]["get"]["parameters"]}
    assert params == {"q", "type", "status", "date_from", "date_to", "convocation", "session", "unit", "topic",
                      "sort", "limit", "offset"}
