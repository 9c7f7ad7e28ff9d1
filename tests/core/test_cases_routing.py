"""Routing help: a category and department learned from the hromada's own past cases, always a suggestion."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from hromada.core.cases import routing
from hromada.core.models import Case, CaseCategory
from tests.factories import DepartmentFactory

KYIV = ZoneInfo("Europe/Kyiv")

# Distinct vocabularies per category, in the inflected forms people use.
LIGHTS = ["Не горить ліхтар біля будинку", "Ліхтарі не світять на вулиці", "Темно, не працює вуличне освітлення",
          "Погас ліхтар на перехресті", "Не світить ліхтар біля школи", "Немає освітлення ввечері на вулиці",
          "Перегоріла лампа ліхтаря", "Ліхтар блимає всю ніч"]
ROADS = ["Яма на дорозі", "Ями на дорогах після зими", "Потрібен ремонт дороги", "Розбита дорога, глибокі ями",
         "Асфальт провалився, велика яма", "Дорогу треба відремонтувати", "Вибоїна на дорозі біля зупинки",
         "Ямковий ремонт дороги не зробили"]
WATER = ["Немає води в крані", "Прорвало трубу водопроводу", "Тече вода з труби у підвалі",
         "Низький тиск води", "Вода іржава з крана", "Аварія водопроводу на вулиці", "Не йде вода третій день",
         "Протікає труба, вода заливає двір"]


@pytest.fixture(autouse=True)
def _fresh_models():
    routing.forget()
    yield
    routing.forget()


def _cases(hromada, category, texts, repeat, start=0):
    rows = []
    for index in range(repeat):
        for offset, text in enumerate(texts):
            seq = start + index * len(texts) + offset + 1
            rows.append(Case(hromada=hromada, kind="appeal", subkind="application", number=f"T-{category.pk}-{seq}",
                             year=2026, seq=seq, channel="portal", subject=text, text=f"{text}. Прошу вжити заходів.",
                             received_at=datetime(2026, 3, 2, 10, tzinfo=KYIV), term_unit="months", term_amount=1,
                             term_basis="ст. 20", due_date=date(2026, 4, 2), initial_due_date=date(2026, 4, 2),
                             category=category, department=category.department))
    Case.objects.bulk_create(rows)


@pytest.fixture
def trained(hromada_a):
    units = {name: DepartmentFactory(hromada=hromada_a, name=name) for name in ("Відділ ЖКГ", "Відділ доріг",
                                                                                 "Водоканал")}
    lights = CaseCategory.objects.create(hromada=hromada_a, name="Вуличне освітлення", department=units["Відділ ЖКГ"])
    roads = CaseCategory.objects.create(hromada=hromada_a, name="Ремонт доріг", department=units["Відділ доріг"])
    water = CaseCategory.objects.create(hromada=hromada_a, name="Водопостачання", department=units["Водоканал"])
    for category, texts in ((lights, LIGHTS), (roads, ROADS), (water, WATER)):
        _cases(hromada_a, category, texts, 2)
    return {"lights": lights, "roads": roads, "water": water, "units": units}


@pytest.mark.parametrize(("text", "expected"), [
    ("не горить ліхтар", "lights"),
    ("ліхтарі не світять", "lights"),
    ("яма на дорозі", "roads"),
    ("ями на дорогах", "roads"),
    ("прорвало трубу, немає води", "water"),
])
def test_the_category_and_department_come_from_past_cases(hromada_a, trained, text, expected):
    suggestion = routing.suggest(hromada_a, "hotline", text)
    assert suggestion is not None
    assert suggestion.category == trained[expected]
    assert suggestion.department == trained[expected].department
    assert routing.MIN_CONFIDENCE <= suggestion.confidence <= 1


def test_below_the_minimum_of_training_cases_there_is_no_suggestion(hromada_a):
    unit = DepartmentFactory(hromada=hromada_a)
    lights = CaseCategory.objects.create(hromada=hromada_a, name="Вуличне освітлення", department=unit)
    roads = CaseCategory.objects.create(hromada=hromada_a, name="Ремонт доріг")
    _cases(hromada_a, lights, LIGHTS[:7], 2)
    _cases(hromada_a, roads, ROADS[:7], 2, start=100)
    assert Case.objects.count() == routing.MIN_CASES - 2
    assert routing.suggest(hromada_a, "appeal", "не горить ліхтар") is None


def test_a_stale_model_is_retrained_with_the_new_cases(hromada_a, trained, monkeypatch):
    first = routing.train(hromada_a, "appeal")
    assert routing.train(hromada_a, "hotline") is first  # one model for the family of appeals and calls
    _cases(hromada_a, trained["roads"], ROADS[:1], 1, start=500)
    assert routing.train(hromada_a, "appeal") is first  # one new case does not retrain the model
    _cases(hromada_a, trained["roads"], ROADS[:1], routing.RETRAIN_AFTER_NEW, start=600)
    second = routing.train(hromada_a, "appeal")
    assert second is not first and second.version[0] == first.version[0] + 1 + routing.RETRAIN_AFTER_NEW
    _cases(hromada_a, trained["roads"], ROADS[:1], 1, start=900)
    monkeypatch.setattr(routing.time, "monotonic", lambda: second.trained_at + routing.RETRAIN_AFTER_SECONDS + 1)
    assert routing.train(hromada_a, "appeal") is not second  # an hour later any new case retrains it


def test_another_hromadas_cases_do_not_train_this_one(hromada_a, hromada_b, trained):
    assert routing.suggest(hromada_b, "appeal", "не горить ліхтар") is None


def test_nothing_to_say_or_a_failure_gives_none_and_never_raises(hromada_a, trained, monkeypatch, caplog):
    assert routing.suggest(hromada_a, "appeal", "   ") is None
    assert routing.suggest(hromada_a, "appeal", "12345") is None

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(routing, "train", broken)
    assert routing.suggest(hromada_a, "appeal", "не горить ліхтар") is None
    assert "routing suggestion failed" in caplog.text


def test_registration_keeps_the_suggestion_on_the_case(hromada_a, trained, django_capture_on_commit_callbacks):
    from hromada.core.cases import services
    from tests.factories import member
    from tests.tasktools import run_enqueued_tasks

    registrar = member(hromada_a, "case_registrar")
    with django_capture_on_commit_callbacks(execute=True):
        case = services.register_case(hromada_a, kind="hotline", actor=registrar, channel="phone",
                                      subject="Ліхтар не горить", text="На вулиці Миру не горять ліхтарі",
                                      applicant_name="Ольга")
    assert case.suggestion_confidence is None  # the worker computes it, not the registration
    run_enqueued_tasks()
    case.refresh_from_db()
    assert case.suggested_category == trained["lights"]
    assert case.suggested_department == trained["units"]["Відділ ЖКГ"]
    assert case.category is None  # a person confirms: the suggestion is not applied


def test_evaluate_returns_accuracies_on_held_back_cases(hromada_a, trained):
    result = routing.evaluate(hromada_a, holdout=0.25, seed=7)
    assert (result.trained, result.held_out) == (36, 12)
    assert 0 <= result.category_accuracy <= 1 and 0 <= result.department_accuracy <= 1
    assert result.category_accuracy >= 0.5
    assert routing.evaluate(hromada_a, holdout=0.25, seed=7) == result  # the same seed, the same split
    with pytest.raises(ValueError):
        routing.evaluate(hromada_a, holdout=1.5)


def test_evaluate_without_enough_cases_has_no_accuracy(hromada_a):
    result = routing.evaluate(hromada_a)
    assert (result.trained, result.held_out, result.category_accuracy) == (0, 0, None)


def test_the_command_prints_the_accuracy(hromada_a, trained):
    out = StringIO()
    call_command("cases_routing", "--hromada", str(hromada_a.pk), "--seed", "7", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].endswith(hromada_a.name)
    assert lines[1].split(": ", 1)[1].startswith("38;") and lines[1].endswith(": 10")
    assert lines[2].endswith("%") and lines[3].endswith("%")
    out = StringIO()
    call_command("cases_routing", "--hromada", hromada_a.katottg, stdout=out)
    assert hromada_a.name in out.getvalue()


def test_the_command_line_exits_non_zero_with_one_clear_line(hromada_a, capsys):
    from hromada.core.management.commands.cases_routing import Command

    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["hromada", "cases_routing", "--hromada", "nowhere"])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "«nowhere»" in err and "Traceback" not in err


def test_the_command_fails_cleanly_on_bad_arguments(hromada_a):
    with pytest.raises(CommandError, match="«nowhere»"):
        call_command("cases_routing", "--hromada", "nowhere")
    with pytest.raises(CommandError, match="holdout"):
        call_command("cases_routing", "--hromada", str(hromada_a.pk), "--holdout", "2")
