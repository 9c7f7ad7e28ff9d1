"""Self-assessment: methodology files (versions, validation), exact scoring, answering, finalising, history."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hromada.core.models import AuditEntry
from hromada.programmes import methodologies
from hromada.programmes.models import Assessment, AssessmentAnswer
from hromada.programmes.services import assessment as svc
from tests.factories import member
from tests.programmes.test_strategy import STAFF, login

D = Decimal

# A small methodology to compute by hand. Module A (weight 2): a1 yes/no (w 1), a2 percent (w 3).
# Module B (weight 1): b1 number with target 40 (w 1), b2 yes/no (w 1).
SMALL = {
    "schema": "hromada.methodology/1", "key": "small", "version": "1", "title": "Мала методика", "scale_max": 100,
    "modules": [
        {"key": "a", "name": "Модуль А", "weight": 2, "indicators": [
            {"key": "a1", "question": "Чи є сайт?", "answer": "yes_no", "weight": 1},
            {"key": "a2", "question": "Частка онлайн-послуг, %", "answer": "percent", "weight": 3},
        ]},
        {"key": "b", "name": "Модуль Б", "weight": 1, "indicators": [
            {"key": "b1", "question": "Кількість зон Wi-Fi", "answer": "number", "target": 40, "weight": 1},
            {"key": "b2", "question": "Чи є ЦНАП?", "answer": "yes_no", "weight": 1},
        ]},
    ],
}


def small(**changes):
    raw = json.loads(json.dumps(SMALL))
    raw.update(changes)
    return raw


# --- methodology files --------------------------------------------------------------------------------------


def test_available_methodologies_and_versions():
    found = [(m.key, m.version) for m in methodologies.available()]
    assert found == [("digital-index", "2023"), ("digital-index", "2025"), ("it-self-audit", "2020")]
    assert methodologies.load("digital-index").version == "2025", "without a version: the newest"
    assert methodologies.load("digital-index", "2023").modules[1].name == "Розвиток цифрових навичок населення"
    audit = methodologies.load("it-self-audit", "2020")
    assert len(audit.indicators) == 25 and [m.weight for m in audit.modules] == [7, 6, 12]
    with pytest.raises(KeyError):
        methodologies.load("digital-index", "1999")
    with pytest.raises(KeyError):
        methodologies.load("unknown")


@pytest.mark.parametrize(("change", "fragment"), [
    ({"schema": "hromada.methodology/2"}, "schema must be"),
    ({"modules": []}, "'modules' must be a non-empty list"),
    ({"scale_max": -5}, "scale_max: must be a positive number"),
    ({"version": None}, "'version'"),
])
def test_malformed_methodology_is_refused_with_a_clear_message(change, fragment):
    with pytest.raises(methodologies.MethodologyError) as error:
        methodologies.parse(small(**change), "bad.json")
    assert str(error.value).startswith("bad.json")
    assert fragment in str(error.value)


@pytest.mark.parametrize(("path", "value", "fragment"), [
    ((0, 0, "answer"), "maybe", "modules[0].indicators[0]: 'answer' must be one of yes_no, percent, number"),
    ((1, 0, "target"), None, "modules[1].indicators[0]: a number indicator needs a positive 'target'"),
    ((1, 0, "target"), 0, "modules[1].indicators[0].target: must be a positive number"),
    ((0, 1, "weight"), "heavy", "modules[0].indicators[1].weight: expected a number"),
    ((0, 1, "key"), "a1", "indicator key 'a1' is repeated"),
    ((0, 1, "question"), "", "'question' must be a non-empty string"),
])
def test_malformed_indicator_is_pinpointed(path, value, fragment):
    raw = small()
    module, indicator, name = path
    if value is None:
        del raw["modules"][module]["indicators"][indicator][name]
    else:
        raw["modules"][module]["indicators"][indicator][name] = value
    with pytest.raises(methodologies.MethodologyError) as error:
        methodologies.parse(raw, "bad.json")
    assert fragment in str(error.value)


def test_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(methodologies.MethodologyError, match=r"broken\.json: cannot be read as JSON"):
        methodologies.load_path(path)


# --- scoring ------------------------------------------------------------------------------------------------


def test_scoring_by_hand():
    methodology = methodologies.parse(small())
    score = methodologies.score(methodology, {"a1": D(1), "a2": D(50), "b1": D(10), "b2": None})
    # A = (1·1 + 3·0.5) / 4 = 0.625; B = (1·10/40 + 1·0) / 2 = 0.125; total = (2·0.625 + 1·0.125) / 3 = 0.458333…
    assert [(m.key, m.score, m.answered, m.total) for m in score.modules] == [
        ("a", D("62.50"), 2, 2), ("b", D("12.50"), 1, 2)]
    assert score.total == D("45.83")
    assert score.unanswered == ("b2",)
    assert (score.answered, score.items) == (3, 4)


def test_scoring_caps_numbers_counts_missing_as_zero_and_rounds_half_up():
    methodology = methodologies.parse(small())
    assert methodologies.score(methodology, {"a1": D(1), "a2": D(100), "b1": D(400), "b2": D(1)}).total == D("100.00")
    assert methodologies.score(methodology, {}).total == D("0.00")
    assert methodologies.score(methodology, {}).unanswered == ("a1", "a2", "b1", "b2")
    # only b1 = 1 of 40: B = 0.0125, total = 0.0125 / 3 · 100 = 0.41666… → 0.42; B = 1.25 exactly
    score = methodologies.score(methodology, {"b1": D(1)})
    assert (score.total, score.modules[1].score) == (D("0.42"), D("1.25"))
    # a2 = 0.5 %: A = 3·0.005/4 = 0.00375 → 0.375 → 0.38 (half up), total = 2·0.00375/3 · 100 = 0.25
    score = methodologies.score(methodology, {"a2": D("0.5")})
    assert (score.modules[0].score, score.total) == (D("0.38"), D("0.25"))


def test_scale_max_other_than_100():
    methodology = methodologies.parse(small(scale_max=10))
    assert methodologies.score(methodology, {"a1": D(1), "a2": D(50), "b1": D(10)}).total == D("4.58")


def test_it_self_audit_rule_is_the_share_of_items_in_use():
    methodology = methodologies.load("it-self-audit", "2020")
    keys = [i.key for i in methodology.indicators]
    answers = {key: D(1) if index < 13 else D(0) for index, key in enumerate(keys)}
    assert methodologies.score(methodology, answers).total == D("52.00")


def test_invalid_answers_are_named():
    methodology = methodologies.parse(small())
    a1, a2, b1, _b2 = methodology.indicators
    assert methodologies.answer_problem(a1, D(2))
    assert methodologies.answer_problem(a2, D("100.5")) and methodologies.answer_problem(a2, D(-1))
    assert methodologies.answer_problem(b1, D(-3))
    assert methodologies.answer_problem(a2, D(100)) is None and methodologies.answer_problem(b1, D(0)) is None
    with pytest.raises(ValueError):
        methodologies.indicator_score(a2, D(101))


# --- services -----------------------------------------------------------------------------------------------


@pytest.fixture
def manager_a(hromada_a):
    return member(hromada_a, "programme_manager")


@pytest.fixture
def draft(hromada_a, manager_a):
    return svc.start(actor=manager_a, hromada=hromada_a, methodology_key="digital-index", version="2023", year=2023)


@pytest.mark.django_db
def test_start_is_validated(hromada_a, manager_a, draft):
    for kwargs, field in (({"methodology_key": "digital-index", "version": "2023", "year": 2023}, "year"),
                          ({"methodology_key": "digital-index", "version": "1999", "year": 2024}, "methodology"),
                          ({"methodology_key": "digital-index", "version": "2025", "year": 1990}, "year")):
        with pytest.raises(ValidationError) as error:
            svc.start(actor=manager_a, hromada=hromada_a, **kwargs)
        assert field in error.value.message_dict
    assert Assessment.objects.count() == 1
    assert draft.score == D("0.00") and not draft.is_final


@pytest.mark.django_db
def test_bad_answers_save_nothing(hromada_a, manager_a, draft):
    before = AuditEntry.objects.count()
    answers = {"internet-coverage": svc.AnswerInput(value=D(120)), "it-companies": svc.AnswerInput(value=D(-1)),
               "cnap": svc.AnswerInput(value=D(2)), "edms": svc.AnswerInput(value=D(1)),
               "open-data": svc.AnswerInput(value=D(1), evidence_url="не посилання")}
    with pytest.raises(ValidationError) as error:
        svc.save_answers(draft, actor=manager_a, hromada=hromada_a, answers=answers)
    assert set(error.value.message_dict) == {"internet-coverage__value", "it-companies__value", "cnap__value",
                                             "open-data__evidence_url"}
    assert not AssessmentAnswer.objects.exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_answers_scores_final_and_read_only(hromada_a, manager_a, draft):
    svc.save_answers(draft, actor=manager_a, hromada=hromada_a, answers={
        "it-companies": svc.AnswerInput(value=D(5), comment="ФОП і ТОВ"),  # 5 of target 10 → 0.5
        "industrial-digital-park": svc.AnswerInput(value=D(1), evidence_url="https://example.org/park"),
    })
    draft.refresh_from_db()
    # Digital economy = (0.5 + 0 + 1) / 3; the other four modules 0; index = 0.5 / 5 · 100 = 10.00
    assert draft.score == D("10.00")
    score = svc.score_of(draft)
    assert score.modules[0].score == D("50.00") and len(score.unanswered) == 19
    update = AuditEntry.objects.filter(action="update", object_type="programmes.assessment").get()
    assert update.changes["score"] == ["0.00", "10.00"]
    svc.finalise(draft, actor=manager_a, hromada=hromada_a)
    draft.refresh_from_db()
    assert draft.is_final and draft.score == D("10.00")
    with pytest.raises(ValidationError):
        svc.save_answers(draft, actor=manager_a, hromada=hromada_a,
                         answers={"cnap": svc.AnswerInput(value=D(1))})
    with pytest.raises(ValidationError):
        svc.delete(draft, actor=manager_a, hromada=hromada_a)
    assert not AssessmentAnswer.objects.filter(indicator_key="cnap").exists()


# --- pages --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_personas(client_a, hromada_a, draft):
    url = f"{STAFF}assessments/{draft.pk}/"
    assert client_a.get(url).status_code == 302
    login(client_a, hromada_a, "resident")
    assert client_a.get(url).status_code == 403
    login(client_a, hromada_a, "clerk")
    assert client_a.get(url).status_code == 200
    assert client_a.get(f"{STAFF}assessments/").status_code == 200
    assert client_a.post(f"{url}answers/", {"cnap__value": "1"}).status_code == 403
    assert client_a.post(f"{STAFF}assessments/new/", {"methodology": "digital-index@2025",
                                                       "year": "2025"}).status_code == 403
    assert not AssessmentAnswer.objects.exists() and Assessment.objects.count() == 1
    login(client_a, hromada_a, "hromada_admin")
    assert client_a.post(f"{url}answers/", {"cnap__value": "1"}).status_code == 302
    assert AssessmentAnswer.objects.get().value == 1


@pytest.mark.django_db
def test_start_answer_and_finalise_through_the_pages(client_a, manager_a):
    client_a.force_login(manager_a)
    bad = client_a.post(f"{STAFF}assessments/new/", {"methodology": "nothing@1", "year": "2025"})
    assert bad.status_code == 400 and set(bad.context["form"].errors) == {"methodology"}
    started = client_a.post(f"{STAFF}assessments/new/", {"methodology": "it-self-audit@2020", "year": "2024"})
    item = Assessment.objects.get()
    assert started.status_code == 302 and started["Location"] == f"{STAFF}assessments/{item.pk}/answers/"
    twice = client_a.post(f"{STAFF}assessments/new/", {"methodology": "it-self-audit@2020", "year": "2024"})
    assert twice.status_code == 400 and set(twice.context["form"].errors) == {"year"}

    form_page = client_a.get(f"{STAFF}assessments/{item.pk}/answers/")
    body = form_page.content.decode()
    assert body.count("<legend><strong>") == 3, "one group per module"
    for name in ("Онлайн-присутність та комунікації", "Автоматизація ЦНАП", "Електронні послуги та сервіси"):
        assert name in body
    assert 'name="gov-ua-email__value"' in body and 'type="radio"' in body

    answers = {"gov-ua-email__value": "1", "gov-ua-email__evidence_url": "https://example.gov.ua/",
               "gov-ua-email__comment": "Перебої в роботі", "gov-ua-website__value": "1", "gis__value": "0"}
    junk = client_a.post(f"{STAFF}assessments/{item.pk}/answers/", {**answers, "edms__value": "так",
                                                                     "facebook-page__evidence_url": "ні"})
    assert junk.status_code == 400
    assert set(junk.context["form"].errors) == {"edms__value", "facebook-page__evidence_url"}
    assert not AssessmentAnswer.objects.exists(), "nothing is saved while any field is wrong"

    saved = client_a.post(f"{STAFF}assessments/{item.pk}/answers/", answers)
    assert saved.status_code == 302
    item.refresh_from_db()
    assert item.score == D("8.00")  # 2 of 25 items in use
    assert AssessmentAnswer.objects.count() == 3
    email = AssessmentAnswer.objects.get(indicator_key="gov-ua-email")
    assert (email.value, email.evidence_url, email.comment) == (D(1), "https://example.gov.ua/", "Перебої в роботі")

    detail = client_a.get(f"{STAFF}assessments/{item.pk}/")
    assert [shown for _module, shown, _weight in detail.context["module_scores"]] == ["28,57", "0,00", "0,00"]
    assert detail.context["total"] == "8,00"
    assert len(detail.context["unanswered"]) == 22

    cleared = client_a.post(f"{STAFF}assessments/{item.pk}/answers/", {**answers, "gis__value": ""})
    assert cleared.status_code == 302
    assert not AssessmentAnswer.objects.filter(indicator_key="gis").exists(), "an emptied answer is removed"

    assert client_a.get(f"{STAFF}assessments/{item.pk}/final/").status_code == 200
    assert client_a.post(f"{STAFF}assessments/{item.pk}/final/").status_code == 302
    item.refresh_from_db()
    assert item.is_final
    late = client_a.post(f"{STAFF}assessments/{item.pk}/answers/", {**answers, "gis__value": "1"})
    assert late.status_code == 409
    assert not AssessmentAnswer.objects.filter(indicator_key="gis").exists()
    assert client_a.get(f"{STAFF}assessments/{item.pk}/answers/").status_code == 302, "final: back to read-only"
    assert client_a.post(f"{STAFF}assessments/{item.pk}/delete/").status_code == 409
    assert Assessment.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db
def test_percent_and_number_answers_accept_a_decimal_comma(client_a, manager_a, draft):
    client_a.force_login(manager_a)
    url = f"{STAFF}assessments/{draft.pk}/answers/"
    out_of_range = client_a.post(url, {"internet-coverage__value": "100,5", "it-companies__value": "-2"})
    assert out_of_range.status_code == 400
    assert set(out_of_range.context["form"].errors) == {"internet-coverage__value", "it-companies__value"}
    assert client_a.post(url, {"internet-coverage__value": "87,5", "it-companies__value": "12"}).status_code == 302
    values = dict(AssessmentAnswer.objects.values_list("indicator_key", "value"))
    assert values == {"internet-coverage": D("87.5"), "it-companies": D(12)}
    draft.refresh_from_db()
    # Infrastructure = 0.875 / 4 = 0.21875; Economy = 1 / 3; index = (0.333… + 0.21875) / 5 · 100 = 11.04
    assert draft.score == D("11.04")


@pytest.mark.django_db
def test_history_table_and_chart(client_a, hromada_a, manager_a):
    for year, version in ((2023, "2023"), (2024, "2023"), (2025, "2025")):
        item = svc.start(actor=manager_a, hromada=hromada_a, methodology_key="digital-index", version=version,
                         year=year)
        svc.save_answers(item, actor=manager_a, hromada=hromada_a,
                         answers={"digital-leader": svc.AnswerInput(value=D(1))})
    client_a.force_login(manager_a)
    page = client_a.get(f"{STAFF}assessments/")
    (group,) = page.context["groups"]
    assert [a.year for a in group["items"]] == [2023, 2024, 2025]
    assert [row["label"] for row in group["chart"]["rows"]] == ["2023", "2024", "2025"]
    body = page.content.decode()
    assert body.count('fill="#0b4f9c"') == 3, "one bar per year"
    assert '<svg role="img"' in body and "<caption>" in body, "the chart has a table alternative"


@pytest.mark.django_db
def test_another_hromadas_assessment_is_404(client_a, hromada_a, hromada_b, manager_a):
    b_item = svc.start(actor=member(hromada_b, "programme_manager"), hromada=hromada_b,
                       methodology_key="it-self-audit", version="2020", year=2020)
    client_a.force_login(manager_a)
    for suffix in ("", "answers/", "final/", "delete/"):
        assert client_a.get(f"{STAFF}assessments/{b_item.pk}/{suffix}").status_code == 404
        assert client_a.post(f"{STAFF}assessments/{b_item.pk}/{suffix}", {"cnap__value": "1"}).status_code == 404
    b_item.refresh_from_db()
    assert not b_item.is_final and not AssessmentAnswer.objects.exists()


@pytest.mark.django_db
def test_a_draft_is_deleted_after_confirmation(client_a, manager_a, draft):
    svc.save_answers(draft, actor=manager_a, hromada=draft.hromada,
                     answers={"cnap": svc.AnswerInput(value=D(1))})
    client_a.force_login(manager_a)
    url = f"{STAFF}assessments/{draft.pk}/delete/"
    confirm = client_a.get(url)
    assert confirm.status_code == 200 and Assessment.objects.filter(pk=draft.pk).exists()
    assert "2023" in confirm.context["label"]
    assert client_a.post(url).status_code == 302
    assert not Assessment.objects.exists() and not AssessmentAnswer.objects.exists()
    entry = AuditEntry.objects.get(action="delete", object_type="programmes.assessment")
    assert entry.object_repr == "Індекс цифрової трансформації територіальних громад (методика 2023 року) (2023), 2023"
