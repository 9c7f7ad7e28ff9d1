"""Live open data of the acts app: the registry of acts (all-009), roll-call votes and deputies, on both databases."""

from __future__ import annotations

import datetime as dt
import hashlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.acts import exports, services, sessions
from hromada.acts.datasets import name_parts
from hromada.core import datasets
from tests.acts.builders import act, secretary
from tests.acts.samples import pdf_with_text
from tests.apiclient import uk
from tests.clock import Clock
from tests.factories import DepartmentFactory, HromadaFactory

pytestmark = pytest.mark.django_db

KEYS = ("acts.acts", "acts.council_votes", "acts.deputies")
KYIV = dt.timezone(dt.timedelta(hours=2))
T0 = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, T0)


@pytest.fixture
def keeper(hromada_a):
    return secretary(hromada_a)


def rows(key: str, hromada, resource: str | None = None) -> list[tuple]:
    dataset = datasets.get(key)
    return list((dataset.resource(resource) if resource else dataset.resources[0]).rows(hromada))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def publish(item, hromada, actor, when):
    return services.publish_act(item, actor=actor, hromada=hromada, when=when, confirmed=True)


# --- acts (all-009) --------------------------------------------------------------------------------------


@pytest.fixture
def registry(hromada_a, hromada_b, keeper, clock):
    unit = DepartmentFactory(hromada=hromada_a, name="Відділ земельних відносин")
    land = act(hromada_a, keeper, number="154", when=date(2024, 3, 28), title="Про оренду землі",
               text="Надати в оренду.", topics=["Земля", "Оренда"], convocation=8, session=12, author_unit=unit)
    budget = act(hromada_a, keeper, number="12", when=date(2025, 1, 20), type="executive_decision",
                 title="Про зміни до рішення № 154", text="Внести зміни.")
    draft = act(hromada_a, keeper, number="П-3", when=date(2025, 2, 1), type="draft_decision", status="draft",
                title="Проєкт", consideration_date=date(2025, 3, 10))
    internal = act(hromada_a, keeper, number="5-к", when=date(2025, 2, 3), type="head_order", title="Про відпустку",
                   internal=True)
    land = publish(land, hromada_a, keeper, dt.datetime(2024, 3, 29, 9, tzinfo=KYIV))
    budget = publish(budget, hromada_a, keeper, dt.datetime(2025, 1, 21, 9, 30, tzinfo=KYIV))
    amends = services.add_relation(budget, "amends", land, actor=keeper, hromada=hromada_a)
    services.add_relation(budget, "related", draft, actor=keeper, hromada=hromada_a)  # the draft is not public
    services.add_attachment(budget, SimpleUploadedFile("додаток.pdf", pdf_with_text("Додаток")), actor=keeper,
                            hromada=hromada_a)
    other = secretary(hromada_b)
    foreign = publish(act(hromada_b, other, number="1", when=date(2025, 1, 1), title="Чуже рішення"), hromada_b, other,
                      dt.datetime(2025, 1, 2, 9, tzinfo=KYIV))
    return {"land": land, "budget": budget, "draft": draft, "internal": internal, "amends": amends,
            "foreign": foreign}


def test_acts_are_the_public_export_typed_without_the_text(hromada_a, registry):
    land, budget = registry["land"], registry["budget"]
    url = "http://a.localhost/acts/{}/"
    assert rows("acts.acts", hromada_a) == [
        (budget.pk, hromada_a.katottg, "12", date(2025, 1, 20), "executive_decision",
         uk("executive committee decision"), "in_force", uk("in force"), "Про зміни до рішення № 154", None, None,
         "", "", "", None, dt.datetime(2025, 1, 21, 9, 30, tzinfo=KYIV), url.format(budget.pk), 1,
         "amends:154:2024-03-28", sha("Внести зміни.")),
        (land.pk, hromada_a.katottg, "154", date(2024, 3, 28), "council_decision", uk("council decision"),
         "amended", uk("amended"), "Про оренду землі", 8, 12, "Відділ земельних відносин", "", "Земля;Оренда", None,
         dt.datetime(2024, 3, 29, 9, tzinfo=KYIV), url.format(land.pk), 0, "", sha("Надати в оренду.")),
    ]
    fields = datasets.get("acts.acts").resources[0].fields
    assert tuple(f.name for f in fields) == exports.COLUMNS  # the names of hromada.acts/1, not lowerCamelCase


def test_unpublished_internal_and_other_hromadas_acts_never_appear(hromada_a, hromada_b, registry):
    ids = [row[0] for row in rows("acts.acts", hromada_a)]
    assert registry["draft"].pk not in ids and registry["internal"].pk not in ids
    assert registry["foreign"].pk not in ids
    assert [row[0] for row in rows("acts.acts", hromada_b)] == [registry["foreign"].pk]


def test_an_act_appears_when_its_publication_time_comes(hromada_a, keeper, registry, clock):
    dataset = datasets.get("acts.acts")
    assert dataset.changed_at(hromada_a) == T0
    published = clock.advance(hours=1)
    soon = published + dt.timedelta(minutes=3)
    publish(registry["draft"], hromada_a, keeper, soon)
    assert registry["draft"].pk not in [row[0] for row in rows("acts.acts", hromada_a)]
    assert dataset.changed_at(hromada_a) == published  # the publication was logged; its time has not come
    clock.advance(minutes=4)
    listed = rows("acts.acts", hromada_a)
    assert [row[0] for row in listed] == [registry["draft"].pk, registry["budget"].pk, registry["land"].pk]
    assert listed[1][18] == "amends:154:2024-03-28;related:П-3:2025-02-01"  # now a public target
    assert dataset.changed_at(hromada_a) == soon


def test_acts_changed_at_moves_with_every_change_of_the_source(hromada_a, hromada_b, keeper, registry, clock):
    dataset = datasets.get("acts.acts")
    edited = clock.advance(hours=1)
    services.update_act(registry["budget"], actor=keeper, hromada=hromada_a, fields={"title": "Про зміни"})
    assert dataset.changed_at(hromada_a) == edited
    assert rows("acts.acts", hromada_a)[0][8] == "Про зміни"

    unrelated = clock.advance(hours=1)
    services.remove_relation(registry["amends"], actor=keeper, hromada=hromada_a)
    assert dataset.changed_at(hromada_a) == unrelated
    assert rows("acts.acts", hromada_a)[0][18] == ""

    clock.advance(hours=1)
    other = secretary(hromada_b)
    services.update_act(registry["foreign"], actor=other, hromada=hromada_b, fields={"title": "Інше"})
    assert dataset.changed_at(hromada_a) == unrelated  # another hromada's change is not this one's
    assert datasets.get("acts.acts").changed_at(HromadaFactory()) is None


def test_acts_cost_a_fixed_number_of_queries(hromada_a, keeper, clock):
    def add(numbers: range) -> None:
        for n in numbers:
            item = act(hromada_a, keeper, number=f"{n}", when=date(2025, 1, 1) + dt.timedelta(days=n),
                       title="Про зміни", topics=[f"Тема {n % 3}"])
            item = publish(item, hromada_a, keeper, T0)
            if n:
                services.add_relation(item, "related", first, actor=keeper, hromada=hromada_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            list(datasets.get("acts.acts").resources[0].rows(hromada_a))
            datasets.get("acts.acts").changed_at(hromada_a)
        return len(captured)

    first = publish(act(hromada_a, keeper, number="0", when=date(2025, 1, 1), title="Перше"), hromada_a, keeper, T0)
    add(range(1, 3))
    few = queries()
    add(range(3, 30))
    assert len(rows("acts.acts", hromada_a)) == 30
    assert queries() == few


# --- roll-call votes and deputies ------------------------------------------------------------------------


@pytest.fixture
def council(hromada_a, hromada_b, keeper, clock):
    def deputy(hromada, actor, name, convocation=8, faction=""):
        return sessions.add_deputy(actor=actor, hromada=hromada,
                                   fields={"full_name": name, "convocation": convocation, "faction": faction})

    def session(hromada, actor, number, day):
        return sessions.create_session(actor=actor, hromada=hromada,
                                       fields={"convocation": 8, "number": number, "date": day})

    def item(hromada, actor, sitting, **fields):
        return sessions.add_agenda_item(sitting, actor=actor, hromada=hromada, fields=fields)

    def decision(number, *, public=True):
        made = act(hromada_a, keeper, number=number, when=date(2025, 1, 30), title=f"Рішення {number}")
        return publish(made, hromada_a, keeper, dt.datetime(2025, 2, 21, 9, tzinfo=KYIV)) if public else made

    # Ukrainian order: Бондар, Ґудзь, Єрмак (by code point Є comes first and Ґ last).
    yermak = deputy(hromada_a, keeper, "Єрмак Світлана Іванівна", faction="Група «Громада»")
    bondar = deputy(hromada_a, keeper, "Бондар Олег Петрович", faction="Фракція «Розвиток»")
    gudz = deputy(hromada_a, keeper, "Ґудзь Іван")
    former = deputy(hromada_a, keeper, "Андрієнко Павло Петрович", convocation=7)
    sessions.deactivate_deputy(former, actor=keeper, hromada=hromada_a)

    later = session(hromada_a, keeper, 12, date(2025, 2, 20))
    earlier = session(hromada_a, keeper, 11, date(2025, 1, 30))
    adopted = item(hromada_a, keeper, later, decision=decision("101"), result="adopted")
    hidden = item(hromada_a, keeper, later, decision=decision("102", public=False), result="adopted")
    item(hromada_a, keeper, later, decision=decision("103"), result="adopted")  # no roll-call recorded
    rejected = item(hromada_a, keeper, later, title="Про перейменування вулиці", result="rejected")  # no decision
    first = item(hromada_a, keeper, earlier, decision=decision("100"))
    votes = {
        adopted: {bondar.pk: "for", gudz.pk: "for", yermak.pk: "abstained"},
        hidden: {bondar.pk: "for", gudz.pk: "against", yermak.pk: "for"},
        rejected: {bondar.pk: "against", gudz.pk: "against", yermak.pk: "for"},
        first: {bondar.pk: "not_voting", gudz.pk: "against", yermak.pk: "absent"},
    }
    for agenda_item, cast in votes.items():
        sessions.record_roll_call(agenda_item, cast, actor=keeper, hromada=hromada_a)

    other = secretary(hromada_b)
    stranger = deputy(hromada_b, other, "Чужий Депутат Іванович")
    foreign_decision = publish(act(hromada_b, other, number="2", when=date(2025, 1, 1), title="Чуже"), hromada_b,
                               other, dt.datetime(2025, 1, 2, 9, tzinfo=KYIV))
    foreign = item(hromada_b, other, session(hromada_b, other, 1, date(2025, 1, 5)), decision=foreign_decision)
    sessions.record_roll_call(foreign, {stranger.pk: "for"}, actor=other, hromada=hromada_b)
    return {"yermak": yermak, "bondar": bondar, "gudz": gudz, "former": former, "later": later, "earlier": earlier,
            "adopted": adopted, "hidden": hidden, "first": first, "rejected": rejected, "stranger": stranger}


def test_motions_are_the_public_roll_calls_in_session_order(hromada_a, council):
    adopted, first = council["adopted"], council["first"]
    uid = f"{hromada_a.katottg}-{{}}"
    assert rows("acts.council_votes", hromada_a, "motions") == [
        (uid.format(first.pk), date(2025, 1, 30), 11, 8, 1, "Рішення 100", first.decision_id, "100",
         date(2025, 1, 30), 0, 1, 0, 1, 1, None),
        (uid.format(adopted.pk), date(2025, 2, 20), 12, 8, 1, "Рішення 101", adopted.decision_id, "101",
         date(2025, 1, 30), 2, 0, 1, 0, 0, True),
    ]


def test_votes_name_each_deputy_in_ukrainian_order_with_the_standard_words(hromada_a, council):
    first, adopted = (f"{hromada_a.katottg}-{council[name].pk}" for name in ("first", "adopted"))
    bondar, gudz, yermak = (council[name].pk for name in ("bondar", "gudz", "yermak"))
    assert rows("acts.council_votes", hromada_a, "votes") == [
        (first, bondar, "Бондар Олег Петрович", "Не голосував"),
        (first, gudz, "Ґудзь Іван", "Проти"),
        (first, yermak, "Єрмак Світлана Іванівна", "Відсутній"),
        (adopted, bondar, "Бондар Олег Петрович", "За"),
        (adopted, gudz, "Ґудзь Іван", "За"),
        (adopted, yermak, "Єрмак Світлана Іванівна", "Утримався"),
    ]


def test_votes_on_unpublished_or_no_decision_and_other_hromadas_never_appear(hromada_a, hromada_b, council):
    uids = {row[0] for resource in ("motions", "votes") for row in rows("acts.council_votes", hromada_a, resource)}
    for name in ("hidden", "rejected"):
        assert f"{hromada_a.katottg}-{council[name].pk}" not in uids
    foreign = rows("acts.council_votes", hromada_b, "votes")
    assert [(voter, name) for _uid, voter, name, _result in foreign] == [(council["stranger"].pk,
                                                                          "Чужий Депутат Іванович")]
    assert council["stranger"].pk not in {row[1] for row in rows("acts.council_votes", hromada_a, "votes")}


def test_votes_changed_at_moves_with_a_roll_call_and_with_a_decision_published(hromada_a, keeper, council, clock):
    dataset = datasets.get("acts.council_votes")
    assert dataset.changed_at(hromada_a) == T0
    recorded = clock.advance(hours=1)
    sessions.record_roll_call(council["adopted"], {council["bondar"].pk: "against"}, actor=keeper, hromada=hromada_a)
    assert dataset.changed_at(hromada_a) == recorded
    assert [row[3] for row in rows("acts.council_votes", hromada_a, "votes")][3:] == ["Проти"]

    published = clock.advance(hours=1)
    publish(council["hidden"].decision, hromada_a, keeper, published)
    assert dataset.changed_at(hromada_a) == published
    assert [row[0] for row in rows("acts.council_votes", hromada_a, "motions")][-1] == (
        f"{hromada_a.katottg}-{council['hidden'].pk}")


def test_deputies_of_every_convocation_newest_first(hromada_a, hromada_b, council):
    d = council
    assert rows("acts.deputies", hromada_a) == [
        (d["bondar"].pk, "Бондар Олег Петрович", "Бондар", "Олег", "Петрович", 8, "Фракція «Розвиток»", True),
        (d["gudz"].pk, "Ґудзь Іван", None, None, None, 8, None, True),
        (d["yermak"].pk, "Єрмак Світлана Іванівна", "Єрмак", "Світлана", "Іванівна", 8, "Група «Громада»", True),
        (d["former"].pk, "Андрієнко Павло Петрович", "Андрієнко", "Павло", "Петрович", 7, None, False),
    ]
    assert [row[1] for row in rows("acts.deputies", hromada_b)] == ["Чужий Депутат Іванович"]


def test_deputies_changed_at_moves_when_a_deputy_is_added_or_leaves(hromada_a, keeper, council, clock):
    dataset = datasets.get("acts.deputies")
    assert dataset.changed_at(hromada_a) == T0
    left = clock.advance(days=1)
    sessions.deactivate_deputy(council["gudz"], actor=keeper, hromada=hromada_a)
    assert dataset.changed_at(hromada_a) == left
    assert rows("acts.deputies", hromada_a)[1][-1] is False


def test_name_parts_only_for_a_surname_name_and_patronymic():
    assert name_parts("Шевченко Тарас Григорович") == ("Шевченко", "Тарас", "Григорович")
    assert name_parts("Косач-Квітка Лариса Петрівна") == ("Косач-Квітка", "Лариса", "Петрівна")
    assert name_parts("Кузьмич Ілля Іллічна") == ("Кузьмич", "Ілля", "Іллічна")
    assert name_parts("Тарас Григорович Шевченко") == (None, None, None)
    assert name_parts("Ґудзь Іван") == (None, None, None)


def test_votes_and_deputies_are_available_only_where_there_are_deputies(hromada_a, hromada_b, council):
    empty = HromadaFactory()
    for key in ("acts.council_votes", "acts.deputies"):
        assert datasets.get(key).available(hromada_a) and not datasets.get(key).available(empty)
        assert datasets.get(key).changed_at(empty) is None
        assert rows(key, empty) == []
    assert datasets.get("acts.acts").available(hromada_a) and not datasets.get("acts.acts").available(empty)


def test_votes_and_deputies_cost_a_fixed_number_of_queries(hromada_a, keeper, clock):
    sitting = sessions.create_session(actor=keeper, hromada=hromada_a,
                                      fields={"convocation": 8, "number": 1, "date": date(2025, 2, 1)})
    deputies = []

    def add(count: int) -> None:
        for n in range(len(deputies), len(deputies) + count):
            deputies.append(sessions.add_deputy(actor=keeper, hromada=hromada_a,
                                                fields={"full_name": f"Депутат {n:02d}", "convocation": 8}))
        made = act(hromada_a, keeper, number=f"{len(deputies)}", when=date(2025, 2, 1), title="Рішення")
        made = publish(made, hromada_a, keeper, T0)
        agenda_item = sessions.add_agenda_item(sitting, actor=keeper, hromada=hromada_a, fields={"decision": made})
        sessions.record_roll_call(agenda_item, {d.pk: "for" for d in deputies}, actor=keeper, hromada=hromada_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for key in ("acts.council_votes", "acts.deputies"):
                dataset = datasets.get(key)
                for resource in dataset.resources:
                    list(resource.rows(hromada_a))
                dataset.changed_at(hromada_a)
        return len(captured)

    add(3)
    few = queries()
    add(27)
    assert len(rows("acts.council_votes", hromada_a, "votes")) == 3 + 30
    assert len(rows("acts.deputies", hromada_a)) == 30
    assert queries() == few


# --- schemas ---------------------------------------------------------------------------------------------


def test_every_schema_is_a_valid_table_schema_and_the_rows_fit_it(hromada_a, registry, council):
    frictionless = pytest.importorskip("frictionless")
    for key in KEYS:
        for resource in datasets.get(key).resources:
            descriptor = resource.table_schema()
            report = frictionless.Schema.validate_descriptor(descriptor)
            assert report.valid, report.flatten(["type", "note"])
            header = [f.name for f in resource.fields]
            data = list(resource.rows(hromada_a))
            assert data, (key, resource.key)
            checked = frictionless.Resource(data=[header, *data],
                                            schema=frictionless.Schema.from_descriptor(descriptor)).validate()
            assert checked.valid, checked.flatten(["rowNumber", "fieldName", "type"])


def test_passports_and_personal_data_marks():
    for key, code in zip(KEYS, ("all-009", "mun-votes", "mun-deputies"), strict=True):
        dataset = datasets.get(key)
        assert dataset.obligation == code and dataset.frequency == "on_change" and dataset.topic == "derzhava"
        assert len(str(dataset.description)) >= 100 and dataset.basis and dataset.purpose and dataset.keywords
        assert len(str(dataset.title)) <= 254
    votes = datasets.get("acts.council_votes")
    assert votes.resource("motions").primary_key == ("motionUid",)
    assert votes.resource("votes").primary_key == ("motionUid", "voterId")
    assert [f.name for f in votes.resource("votes").fields if f.public_personal] == ["voterName"]
    deputies = datasets.get("acts.deputies").resources[0]
    assert [f.name for f in deputies.fields if f.public_personal] == ["fullName", "familyName", "givenName",
                                                                      "patronymic"]
    assert not any("birth" in f.name.lower() for f in deputies.fields)
    assert not [f.name for f in datasets.get("acts.acts").resources[0].fields if f.public_personal]
