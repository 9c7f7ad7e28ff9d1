"""Partial matches: a query of three plain words or more goes on with the acts lacking one of them (two, from five
words) when the full matches fill less than a page — below them, marked, counted apart. On both databases."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
from django.urls import reverse

from hromada.acts import search, services
from hromada.acts.query import parse
from tests.acts.builders import act, secretary
from tests.apiclient import ApiClient, ok

pytestmark = pytest.mark.django_db

KYIV = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture
def keeper(hromada_a):
    return secretary(hromada_a)


def published(hromada, keeper, **fields):
    made = act(hromada, keeper, **fields)
    return services.publish_act(made, actor=keeper, hromada=hromada, when=dt.datetime(2025, 3, 1, 9, tzinfo=KYIV))


@pytest.fixture
def farm(hromada_a, keeper):
    return {
        # програма, підтримка, сільгоспвиробник, аграрій — no «фермер»
        "growers": published(hromada_a, keeper, number="31", when=date(2025, 1, 10),
                             title="Про затвердження Програми підтримки сільгоспвиробників",
                             text="Програма підтримки сільгоспвиробників громади: допомога аграріям."),
        # програма, підтримка, фермер — every word of «програма підтримки фермерів»
        "farmers": published(hromada_a, keeper, number="32", when=date(2025, 1, 11),
                             title="Про Програму підтримки фермерів", text="Фермерам надається допомога."),
        # програма, підтримка, молодий, фермер (no «аграрій»)
        "young": published(hromada_a, keeper, number="33", when=date(2025, 1, 12),
                           title="Про програму підтримки молодих фермерів", text="Підтримка молоді на селі."),
        # навчання, фермер — one word of «програма підтримки фермерів»: too few for a partial match
        "school": published(hromada_a, keeper, number="34", when=date(2025, 1, 13),
                            title="Про навчання фермерів", text="Навчання."),
        # програма, підтримка, молодь — and the word «молоді» some queries exclude
        "youth": published(hromada_a, keeper, number="35", when=date(2025, 1, 14),
                           title="Про програму підтримки молоді", text="Підтримка молоді громади."),
    }


def ids(results) -> list[int]:
    return [hit.act.pk for hit in results.hits]


def pks(farm, *names) -> list[int]:
    return [farm[name].pk for name in names]


def test_full_matches_first_then_the_acts_lacking_one_word(hromada_a, farm):
    found = search.search(hromada_a, "програма підтримки фермерів")
    assert (found.count, found.partial_count) == (2, 2)
    assert set(ids(found)[:2]) == set(pks(farm, "farmers", "young"))  # all three words
    assert set(ids(found)[2:]) == set(pks(farm, "growers", "youth"))  # програма + підтримка
    assert [hit.match for hit in found.hits] == ["all", "all", "partial", "partial"]
    assert [hit.matched_terms for hit in found.hits] == [["програма", "підтримки", "фермерів"]] * 2 + [
        ["програма", "підтримки"]] * 2


def test_a_query_no_act_has_whole_still_answers(hromada_a, farm):
    found = search.search(hromada_a, "програма підтримки фермерів аграріїв")  # 4 words: one may be missing
    assert (found.count, found.partial_count) == (0, 3)
    assert set(ids(found)) == set(pks(farm, "growers", "farmers", "young"))  # youth has two words, school one
    growers = next(hit for hit in found.hits if hit.act.pk == farm["growers"].pk)
    assert growers.matched_terms == ["програма", "підтримки", "аграріїв"]
    found = search.search(hromada_a, "програми підтримки аграріїв фермерських")
    assert found.count == 0
    assert ids(found) == pks(farm, "growers")
    assert found.hits[0].matched_terms == ["програми", "підтримки", "аграріїв"]


def test_partial_matches_only_when_full_ones_fill_less_than_the_page(hromada_a, farm):
    one = search.search(hromada_a, "програма підтримки фермерів", limit=2)
    assert (one.count, one.partial_count) == (2, 0)
    assert [hit.match for hit in one.hits] == ["all", "all"]
    three = search.search(hromada_a, "програма підтримки фермерів", limit=3)
    assert (three.count, three.partial_count) == (2, 2)
    assert [hit.match for hit in three.hits] == ["all", "all", "partial"]
    # The list pages on through the partial ones with the same page size.
    rest = search.search(hromada_a, "програма підтримки фермерів", limit=3, offset=3)
    assert (rest.count, rest.partial_count) == (2, 2)
    assert [hit.match for hit in rest.hits] == ["partial"]
    assert set(ids(three)[2:] + ids(rest)) == set(pks(farm, "growers", "youth"))
    assert search.search(hromada_a, "програма підтримки фермерів", partial=False).partial_count == 0


def test_two_word_queries_are_never_partial(hromada_a, farm):
    found = search.search(hromada_a, "навчання аграріїв")
    assert (found.count, found.partial_count, ids(found)) == (0, 0, [])
    assert parse("навчання аграріїв").missing_allowed == 0
    assert [parse(q).missing_allowed for q in ("а б в", "один два три чотири", "один два три чотири пять",
                                                "один два три чотири пять шість сім")] == [0, 1, 2, 2]


def test_long_queries_may_lack_two_words_ranked_below_those_lacking_one(hromada_a, farm):
    found = search.search(hromada_a, "програма підтримки молодих фермерів аграріїв")  # five words
    assert found.count == 0
    assert ids(found)[0] == farm["young"].pk  # four of five
    assert set(ids(found)[1:]) == set(pks(farm, "growers", "farmers", "youth"))  # three of five
    assert found.partial_count == 4
    assert found.hits[0].matched_terms == ["програма", "підтримки", "молодих", "фермерів"]


def test_phrases_numbers_and_exclusions_are_never_dropped(hromada_a, farm):
    # The phrase must be there: youth and young have програма + підтримка but not «підтримки сільгоспвиробників».
    found = search.search(hromada_a, '"підтримки сільгоспвиробників" програма фермерів громади')
    assert (found.count, ids(found)) == (0, pks(farm, "growers"))
    assert found.hits[0].matched_terms == ["програма", "громади", "підтримки сільгоспвиробників"]
    # An excluded word stays excluded: youth has «молоді».
    found = search.search(hromada_a, "програма підтримки фермерів -молоді")
    assert set(ids(found)) == set(pks(farm, "farmers", "growers"))
    assert found.hits[-1].match == "partial"
    found = search.search(hromada_a, 'програма підтримки фермерів -"підтримки молоді"')
    assert set(ids(found)) == set(pks(farm, "farmers", "young", "growers"))
    # A number is kept: only act № 31 can be found, and it lacks фермер.
    found = search.search(hromada_a, "№ 31 програма підтримки фермерів")
    assert (found.count, ids(found), found.hits[0].matched_terms) == (0, pks(farm, "growers"),
                                                                      ["програма", "підтримки", "31"])


def test_snippet_marks_the_words_a_partial_match_has(hromada_a, farm):
    found = search.search(hromada_a, "програма підтримки фермерів")
    growers = next(hit for hit in found.hits if hit.act.pk == farm["growers"].pk)
    assert growers.snippet == ("<mark>Програма</mark> <mark>підтримки</mark> сільгоспвиробників громади: "
                               "допомога аграріям")


def test_filters_apply_to_partial_matches(hromada_a, farm):
    found = search.search(hromada_a, "програма підтримки фермерів", search.Filters(date_to=date(2025, 1, 10)))
    assert (found.count, ids(found)) == (0, pks(farm, "growers"))


def test_other_hromadas_and_unpublished_acts_stay_out(hromada_a, hromada_b, keeper, farm):
    act(hromada_a, keeper, number="36", title="Про програму підтримки садівників", text="")  # not published
    other = secretary(hromada_b)
    published(hromada_b, other, number="31", when=date(2025, 1, 10), title="Про програму підтримки сільгоспвиробників",
              text="")
    found = search.search(hromada_a, "програма підтримки фермерів", search.Filters(published_only=True))
    assert set(ids(found)) == set(pks(farm, "farmers", "young", "growers", "youth"))
    everything = search.search(hromada_a, "програма підтримки фермерів")
    assert everything.partial_count == 3


# --- the API and the pages ---------------------------------------------------------------------------------


class Api(ApiClient):
    base = "/api/v1/acts"


def test_the_api_says_which_results_are_partial(farm):
    answer = ok(Api(host="a.localhost").get("/search", {"q": "програма підтримки фермерів", "limit": 3}))
    assert (answer["count"], answer["partial_count"]) == (2, 2)
    assert [row["match"] for row in answer["results"]] == ["all", "all", "partial"]
    assert answer["results"][0]["matched_terms"] == ["програма", "підтримки", "фермерів"]
    assert answer["results"][2]["matched_terms"] == ["програма", "підтримки"]
    assert "<mark>" in answer["results"][2]["snippet"]
    full = ok(Api(host="a.localhost").get("/search", {"q": "програма підтримки фермерів", "limit": 2}))
    assert (full["partial_count"], [row["match"] for row in full["results"]]) == (0, ["all", "all"])


def test_the_api_schema_declares_the_new_fields(client_a):
    schemas = client_a.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert {"count", "partial_count", "results"} <= set(schemas["SearchOut"]["properties"])
    hit = schemas["SearchHitOut"]["properties"]
    assert hit["match"]["enum"] == ["all", "partial"]
    assert hit["matched_terms"]["type"] == "array"


SEPARATOR = "Збігаються не всі слова запиту"


def test_the_portal_shows_partial_matches_below_a_heading(client_a, farm):
    response = client_a.get(reverse("acts_public:list"), {"q": "програма підтримки фермерів"},
                            HTTP_ACCEPT_LANGUAGE="uk")
    html = response.content.decode()
    assert [row["partial"] for row in response.context["rows"]] == [False, False, True, True]
    assert html.count(SEPARATOR) == 1
    heading = html.index(SEPARATOR)
    for name, below in (("farmers", False), ("young", False), ("growers", True), ("youth", True)):
        link = html.index(reverse("acts_public:detail", args=[farm[name].pk]) + '"')
        assert (link > heading) is below, name
    assert "Знайдені слова: програма, підтримки" in html
    assert "Знайдено 2 акти." in html and "Ще 2 акти збігаються не з усіма словами." in html
    # A query every result matches whole: no heading.
    html = client_a.get(reverse("acts_public:list"), {"q": "програма фермерів"}, HTTP_ACCEPT_LANGUAGE="uk")
    assert SEPARATOR not in html.content.decode()


def test_the_staff_list_shows_partial_matches_below_a_separator(client_a, hromada_a, keeper, farm):
    client_a.force_login(keeper)
    response = client_a.get(reverse("acts:list"), {"q": "програма підтримки фермерів аграріїв"},
                            HTTP_ACCEPT_LANGUAGE="uk")
    html = response.content.decode()
    assert "Жодного акта з усіма словами запиту. Ще 3 акти збігаються не з усіма словами." in html
    assert html.count(SEPARATOR) == 1
    for name in ("growers", "farmers", "young"):
        assert html.index(SEPARATOR) < html.index(reverse("acts:detail", args=[farm[name].pk]) + '"'), name
    assert reverse("acts:detail", args=[farm["youth"].pk]) + '"' not in html
    assert [hit.match for hit, _ in response.context["rows"]] == ["partial"] * 3
    assert "Знайдені слова: програма, підтримки, фермерів" in html
