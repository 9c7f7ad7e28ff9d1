"""Relevance order of the acts search, the same on both databases and on every page that searches:
an act's own number before the acts that quote it, however the number is typed; a word in the title before
the same word in bodies."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
from django.urls import reverse

from hromada.acts import numbers, search, services
from hromada.acts.query import parse
from tests.acts.builders import act, secretary
from tests.apiclient import ApiClient, ok
from tests.factories import member

pytestmark = pytest.mark.django_db

KYIV = dt.timezone(dt.timedelta(hours=2))
BUDGET_TITLE = "Про бюджет Могилівської сільської територіальної громади на 2024 рік"
BUDGET_TEXT = (
    "Відповідно до статті 77 Бюджетного кодексу України, пункту 23 частини першої статті 26 Закону України "
    "«Про місцеве самоврядування в Україні» сільська рада вирішила: 1. Визначити на 2024 рік доходи бюджету "
    "громади у сумі 84 512 300 гривень. 2. Визначити видатки бюджету громади у сумі 83 912 300 гривень. "
    "3. Затвердити резервний фонд бюджету громади у розмірі 500 000 гривень. ") * 6


class Api(ApiClient):
    base = "/api/v1/acts"


def _published(hromada, user, **fields):
    made = act(hromada, user, **fields)
    return services.publish_act(made, actor=user, hromada=hromada, when=dt.datetime(2024, 6, 3, 9, tzinfo=KYIV))


@pytest.fixture
def user(hromada_a):
    return secretary(hromada_a)


@pytest.fixture
def budget(hromada_a, hromada_b, user):
    """The budget decision № 1921-49/VIII and, entered after it, the later decisions that amend or cite it —
    in their titles and bodies, several times each — plus another hromada's registry."""
    other = secretary(hromada_b)
    for n in range(12):
        _published(hromada_b, other, number=f"{700 + n}-5/VIII", when=date(2024, 1, 10 + n),
                   title=f"Про надання дозволу на розроблення проєкту землеустрою № {n}",
                   text="Надати дозвіл на розроблення проєкту землеустрою щодо відведення земельної ділянки.")
    own = _published(hromada_a, user, number="1921-49/VIII", when=date(2023, 12, 21), title=BUDGET_TITLE,
                     text=BUDGET_TEXT, convocation=8, session=49)
    citing = []
    for n, (day, what) in enumerate([(1, "видатків на благоустрій"), (8, "видатків на освіту"),
                                     (15, "доходів загального фонду"), (22, "резервного фонду"),
                                     (29, "видатків на ремонт доріг")]):
        number = f"{1990 + n}-{51 + n}/VIII"
        citing.append(_published(
            hromada_a, user, number=number, when=date(2024, 2, day), convocation=8, session=51 + n,
            title=f"Про внесення змін до рішення сільської ради від 21.12.2023 № 1921-49/VIII «{BUDGET_TITLE}»",
            text=(f"Внести зміни до рішення сільської ради від 21.12.2023 № 1921-49/VIII у частині {what}. "
                  f"Додаток 3 до рішення № 1921-49/VIII викласти в новій редакції. Контроль за виконанням "
                  f"рішення № 1921-49/VIII покласти на постійну комісію з питань бюджету.")))
    citing.append(_published(hromada_a, user, number="2101-60/VIII", when=date(2024, 5, 2),
                             title="Про звіт про виконання бюджету громади за I квартал 2024 року",
                             text="Бюджет затверджено рішенням від 21.12.2023 № 1921-49/VIII. Звіт взяти до відома."))
    return {"own": own, "citing": citing}


# Every way the same number gets typed: in full, without the convocation, with the sign, with other dashes, with
# spaces around the dash, with the convocation in Cyrillic look-alikes.
NUMBER_QUERIES = [
    "1921-49/VIII", "1921-49", "№1921-49", "№ 1921-49/VIII", "1921 - 49", "1921 – 49 / VIII", "1921‐49/VIII",
    "1921‑49/VIII", "1921–49/ѴІІІ", "1921—49", "1921−49/VIII", "№ 1921-49/VІІІ", "1921-49/viii",
]


def ids(results) -> list[int]:
    return [hit.act.pk for hit in results.hits]


@pytest.mark.parametrize("query", NUMBER_QUERIES)
def test_the_act_with_that_number_comes_first_however_it_is_typed(hromada_a, budget, query):
    found = ids(search.search(hromada_a, query))
    assert found[0] == budget["own"].pk
    assert sorted(found[1:]) == sorted(a.pk for a in budget["citing"])  # then every act that quotes it
    assert ids(search.search(hromada_a, query, search.Filters(published_only=True)))[0] == budget["own"].pk


def test_own_number_first_on_every_page_of_results(hromada_a, budget):
    everything = ids(search.search(hromada_a, "1921-49/VIII", limit=20))
    assert len(everything) == 7
    paged = [pk for offset in range(0, 7, 2) for pk in ids(search.search(hromada_a, "1921-49/VIII", limit=2,
                                                                          offset=offset))]
    assert paged == everything
    assert search.search(hromada_a, "1921-49/VIII", limit=2, offset=2).count == 7


def test_own_number_first_with_words_and_by_date_unchanged(hromada_a, budget):
    assert ids(search.search(hromada_a, "1921-49 бюджет"))[0] == budget["own"].pk
    by_date = ids(search.search(hromada_a, "1921-49/VIII", sort="date"))
    assert by_date[-1] == budget["own"].pk  # the oldest: date order is the reader's choice


def test_another_convocation_is_not_the_same_number(hromada_a, budget, user):
    seventh = act(hromada_a, user, number="1921-49/VII", when=date(2019, 3, 1), title="Про інше")
    found = ids(search.search(hromada_a, "1921-49/VIII"))
    assert found[0] == budget["own"].pk and seventh.pk not in found
    assert set(ids(search.search(hromada_a, "1921-49"))[:2]) == {budget["own"].pk, seventh.pk}


def test_public_page_api_staff_list_and_relation_finder_put_the_number_first(client_a, hromada_a, budget, user):
    own = budget["own"].pk
    response = client_a.get(reverse("acts_public:list"), {"q": "1921-49"})
    assert response.context["rows"][0]["act"].pk == own
    answer = ok(Api(host="a.localhost").get("/search", {"q": "1921 - 49"}))
    assert answer["results"][0]["id"] == own and answer["count"] == 7
    answer = ok(Api(member(hromada_a, "clerk")).get("/search", {"q": "№1921-49"}))
    assert answer["results"][0]["id"] == own
    client_a.force_login(user)
    response = client_a.get(reverse("acts:list"), {"q": "1921–49/ѴІІІ"})
    assert response.context["results"].hits[0].act.pk == own
    newest = budget["citing"][-1]
    page = client_a.get(reverse("acts:relation-add", args=[newest.pk]), {"find": "1921-49"})
    assert page.context["candidates"][0].pk == own


@pytest.fixture
def improvement(hromada_a, hromada_b, user):
    """The programme with «благоустрій» in its title (long, entered first) and, entered after it, short acts that
    mention the word once in the body; many acts of another hromada."""
    other = secretary(hromada_b)
    for n in range(30):
        _published(hromada_b, other, number=f"{300 + n}", when=date(2024, 1, 1 + n),
                   title=f"Про затвердження технічної документації із землеустрою № {n}",
                   text="Затвердити технічну документацію із землеустрою щодо встановлення меж земельної ділянки.")
    programme = _published(
        hromada_a, user, number="2044-52/VIII", when=date(2024, 1, 25),
        title="Про затвердження Програми благоустрою населених пунктів громади на 2024–2026 роки",
        text=("Затвердити Програму, що додається. Фінансування Програми здійснювати в межах коштів, передбачених "
              "у місцевому бюджеті на відповідний рік. Відповідальним виконавцем визначити відділ житлово-"
              "комунального господарства. Заходи Програми: утримання вулично-дорожньої мережі, зовнішнього "
              "освітлення, кладовищ, парків і скверів; озеленення; санітарне очищення території. ") * 8)
    mentions = [
        _published(hromada_a, user, number=f"{2100 + n}-{53 + n}/VIII", when=date(2024, 2, 1 + n),
                   title=title, text=text)
        for n, (title, text) in enumerate([
            ("Про внесення змін до бюджету громади", "Збільшити видатки на благоустрій на 120 000 гривень."),
            ("Про звіт старости", "Староста звітує про ремонт клубу та благоустрій."),
            ("Про преміювання", "Преміювати працівників за благоустрій."),
            ("Про оренду майна", "Орендар зобов'язується здійснювати благоустрій."),
            ("Про конкурс", "Провести конкурс на кращий благоустрій."),
            ("Про толоку", "Провести толоку: благоустрій."),
            ("Про звіт", "Заслухати звіт про благоустрій."),
            ("Про клуб", "Благоустрій біля клубу."),
        ])]
    return {"programme": programme, "mentions": mentions}


@pytest.mark.parametrize("query", ["благоустрій", "благоустрою"])
def test_a_word_in_the_title_outranks_the_same_word_in_bodies(hromada_a, improvement, query):
    found = ids(search.search(hromada_a, query))
    assert found[0] == improvement["programme"].pk
    assert sorted(found[1:]) == sorted(a.pk for a in improvement["mentions"])
    assert ids(search.search(hromada_a, query, search.Filters(published_only=True)))[0] == \
        improvement["programme"].pk


def test_the_title_first_on_the_public_page_and_the_api(client_a, hromada_a, improvement):
    response = client_a.get(reverse("acts_public:list"), {"q": "благоустрій"})
    assert response.context["rows"][0]["act"].pk == improvement["programme"].pk
    answer = ok(Api(host="a.localhost").get("/search", {"q": "благоустрій"}))
    assert answer["results"][0]["id"] == improvement["programme"].pk


# --- how numbers are read ------------------------------------------------------------------------------------


def test_number_tokens_include_the_number_without_its_convocation():
    assert numbers.number_tokens("1921-49/VIII") == ["nr1921z49zviii", "nr1921z49", "nr1921"]
    assert numbers.number_tokens("№ 1921–49/ѴІІІ") == ["nr1921z49zviii", "nr1921z49", "nr1921"]
    assert numbers.number_tokens("12/VIII") == ["nr12zviii", "nr12"]  # «12» is its leading integer already
    assert numbers.number_tokens("45-од") == ["nr45zод", "nr45"]


@pytest.mark.parametrize("query", NUMBER_QUERIES)
def test_every_spelling_of_the_number_is_read_as_one_number(query):
    parsed = parse(query)
    assert [n.token for n in parsed.numbers] in (["nr1921z49zviii"], ["nr1921z49"])
    assert not parsed.groups


def test_spaced_dashes_join_numbers_only(hromada_a):
    assert parse("ділянка -оренда 12").excluded_groups == [("оренда",)]
    assert parse("154 -мітинг").numbers == []


def test_migration_gives_entries_made_before_it_the_number_without_convocation(hromada_a, user):
    from importlib import import_module

    from django.apps import apps

    from hromada.acts.models import SearchEntry

    migration = import_module("hromada.acts.migrations.0008_search_number_without_convocation")
    own = act(hromada_a, user, number="1921-49/VIII", when=date(2023, 12, 21), title=BUDGET_TITLE)
    plain = act(hromada_a, user, number="154", when=date(2024, 3, 28), title="Про оренду")
    entry = SearchEntry.objects.get(act=own)
    SearchEntry.objects.filter(act=own).update(title_lemmas=entry.title_lemmas.replace(" nr1921z49 ", " "))
    before = SearchEntry.objects.get(act=plain).title_lemmas
    assert ids(search.search(hromada_a, "1921-49")) == []  # an entry as made before the migration
    migration.add_number_tokens(apps, None)
    assert ids(search.search(hromada_a, "1921-49")) == [own.pk]
    assert SearchEntry.objects.get(act=plain).title_lemmas == before
    migration.add_number_tokens(apps, None)  # again: nothing more to add
    assert SearchEntry.objects.get(act=own).title_lemmas.split().count("nr1921z49") == 1
