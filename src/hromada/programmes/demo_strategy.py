"""Demo data of the programmes module drawn from the seed documents: the Mohyliv IT strategy 2021–2025 with
its 2020 IT self-audit (seed 002) and the Slobozhanska e-government action plan 2024–2025 (seed 003).

Every loader is idempotent: rows are found by their natural keys (strategy or plan title; direction number;
goal code; result text; step order; SWOT quadrant and text; measure number; key indicator name; methodology
and year of the assessment) and only the missing ones are created, so a second run creates nothing and
never overwrites what staff have changed since. Both documents are published on the portal.

Responsible units named in the documents are matched to the hromada's departments (see ``match_department``);
whatever names no department (the executive committee, deputies, starostas…) is kept as written in
``responsible_other``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from hromada.core import audit
from hromada.core.models import AuditEntry, Department
from hromada.programmes import methodologies
from hromada.programmes.models import (
    ActionPlan,
    ActionStep,
    Assessment,
    AssessmentAnswer,
    PlanIndicator,
    PlanMeasure,
    StrategicDirection,
    StrategicGoal,
    Strategy,
    StrategyResult,
    SwotItem,
)

DATA_DIR = Path(__file__).resolve().parent / "data" / "demo"
MOHYLIV_STRATEGY = DATA_DIR / "mohyliv_strategy_2021_2025.json"
SLOBOZHANSKA_PLAN = DATA_DIR / "slobozhanska_action_plan_2024_2025.json"
SELF_AUDIT_METHODOLOGY = ("it-self-audit", "2020")

# Results whose current value a core live metric honestly measures (matched by the result's exact text).
# «100 active users of e-petitions (and other services)»: residents registered on the hromada's portal are
# the users of its e-petitions and other e-services; the metric counts registered residents (it cannot tell
# "active" ones), which the result page states as its source.
METRIC_BINDINGS = {
    "100 активних користувачів сервісом Е –Петиції (та іншими сервісами)": "core.resident_accounts",
}

QUADRANTS = {"strengths": "strength", "weaknesses": "weakness", "opportunities": "opportunity",
             "threats": "threat"}
_STOPWORDS = {"та", "і", "й", "з", "із", "зі", "в", "у", "на", "до", "для", "щодо", "по", "ради", "вк"}
_CNAP = re.compile(r"\bцнап\b|центр\w* надання адміністративних послуг")


class DemoDataError(ValueError):
    """A demo file that does not have the expected shape."""


def _read(path: Path, schema: str) -> dict:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or raw.get("schema") != schema:
        raise DemoDataError(f"{Path(path).name}: schema must be {schema!r}, got {raw.get('schema')!r}")
    return raw


def _text(value) -> str:
    """The files have null where the models keep an empty string."""
    return "" if value is None else str(value).strip()


def _decimal(value) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def _date(value) -> date | None:
    return date.fromisoformat(value) if value else None


# --- responsible units ------------------------------------------------------------------------------------


def _normal(text: str) -> str:
    text = text.lower().replace("’", "'").replace("ʼ", "'")
    text = re.sub(r"[«»\"“”„]", "", text)
    text = re.sub(r"\s+", " ", text).strip(" .;,")
    return re.sub(r"\bі\b", "та", text)


def _stems(text: str) -> set[str]:
    words = re.findall(r"[\w']+", _normal(text))
    return {w[:5] for w in words if w not in _STOPWORDS}


def match_department(name: str, departments: list[Department]) -> Department | None:
    """The department a responsible unit as worded in a document means, if the match is obvious.

    In this order: the same name or short name (ignoring case, quotes and «і»/«та»); the same after turning
    «Начальник відділу …» into «Відділ …»; the ЦНАП department for anything naming ЦНАП or the centre of
    administrative services; else the one department named «Відділ …» by at least two more words, all of
    which the text contains (word stems, e.g. «відділ екології, земельних ресурсів, ЖКГ…» → «Відділ земельних
    ресурсів та екології»). Ambiguous or unmatched names return None.
    """
    wanted = _normal(name)
    if not wanted:
        return None
    by_name = {_normal(d.name): d for d in departments}
    by_short = {_normal(d.short_name): d for d in departments if len(d.short_name) >= 3}
    found = by_name.get(wanted) or by_short.get(wanted)
    if found:
        return found
    as_unit = re.sub(r"^начальник відділу\b", "відділ", wanted)
    if as_unit in by_name:
        return by_name[as_unit]
    if _CNAP.search(wanted):
        cnap = [d for d in departments if _CNAP.search(_normal(d.name)) or _normal(d.short_name) == "цнап"]
        return cnap[0] if len(cnap) == 1 else None
    if not as_unit.startswith("відділ"):
        return None
    text_stems = _stems(as_unit)
    candidates = [d for d in departments if _normal(d.name).startswith("відділ")
                  and len(_stems(d.name) - {"відді"}) >= 2 and _stems(d.name) <= text_stems]
    return candidates[0] if len(candidates) == 1 else None


def _responsible(names: list, departments: list[Department]) -> tuple[list[Department], str]:
    chosen, other = [], []
    for raw in names or []:
        name = _text(raw)
        if not name:
            continue
        department = match_department(name, departments)
        if department is None:
            if name not in other:
                other.append(name)
        elif department not in chosen:
            chosen.append(department)
    return chosen, "; ".join(other)[:500]


# --- loaders ----------------------------------------------------------------------------------------------


def _get_or_create(model, counts: dict, label: str, lookup: dict, defaults: dict):
    obj = model.objects.filter(**lookup).first()
    if obj is not None:
        return obj, False
    obj = model.objects.create(**lookup, **defaults)
    counts[label] = counts.get(label, 0) + 1
    return obj, True


def _log(hromada, what: str, counts: dict) -> None:
    if counts:
        audit.record(AuditEntry.Action.SYSTEM, hromada=hromada, object_type="programmes.demo", object_repr=what,
                     changes={k: [None, v] for k, v in sorted(counts.items())})


def seed_strategy(hromada, path: Path = MOHYLIV_STRATEGY) -> dict[str, int]:
    """Load an IT strategy (schema hromada.strategy/1); returns what was created, by kind."""
    raw = _read(path, "hromada.strategy/1")
    departments = list(Department.objects.filter(hromada=hromada))
    counts: dict[str, int] = {}
    with transaction.atomic():
        lookup = {"hromada": hromada, "title": _text(raw["title"])}
        strategy, _created = _get_or_create(Strategy, counts, "strategies", lookup, {
            "start_year": raw["start_year"], "end_year": raw["end_year"], "is_published": True,
            "summary": _text(raw.get("summary")),
        })
        for direction_raw in raw["directions"]:
            direction, _c = _get_or_create(StrategicDirection, counts, "directions",
                                           {"strategy": strategy, "number": direction_raw["number"]},
                                           {"name": _text(direction_raw["name"])})
            for goal_order, goal_raw in enumerate(direction_raw["goals"], start=1):
                goal, _c = _get_or_create(StrategicGoal, counts, "goals",
                                          {"direction": direction, "code": _text(goal_raw["code"])},
                                          {"name": _text(goal_raw["name"]), "order": goal_order})
                for result_order, result_raw in enumerate(goal_raw["results"], start=1):
                    _seed_result(goal, result_raw, result_order, departments, counts)
        for quadrant_key, quadrant in QUADRANTS.items():
            for order, text in enumerate(raw.get("swot", {}).get(quadrant_key, []), start=1):
                _get_or_create(SwotItem, counts, "swot items",
                               {"strategy": strategy, "quadrant": quadrant, "text": _text(text)}, {"order": order})
        _log(hromada, f"demo strategy: {strategy.title}", counts)
    return counts


def _seed_result(goal, raw: dict, order: int, departments: list[Department], counts: dict) -> None:
    text = _text(raw["text"])
    result = StrategyResult.objects.filter(goal=goal, text=text).first()
    if result is None:
        chosen, other = _responsible(raw.get("responsible"), departments)
        result, _c = _get_or_create(StrategyResult, counts, "results", {"goal": goal, "text": text}, {
            "unit": _text(raw.get("unit")), "baseline_value": _decimal(raw.get("baseline_value")),
            "target_value": _decimal(raw.get("target_value")), "deadline_text": _text(raw.get("deadline_text")),
            "deadline": _date(raw.get("deadline")), "responsible_other": other,
            "metric_key": METRIC_BINDINGS.get(text, ""), "order": order,
        })
        result.departments.set(chosen)
    for step_order, step_raw in enumerate(raw.get("steps", []), start=1):
        step_text = _text(step_raw["text"] if isinstance(step_raw, dict) else step_raw)
        _get_or_create(ActionStep, counts, "steps", {"result": result, "order": step_order}, {"text": step_text})


def seed_action_plan(hromada, path: Path = SLOBOZHANSKA_PLAN) -> dict[str, int]:
    """Load an action plan (schema hromada.action-plan/1); returns what was created, by kind."""
    raw = _read(path, "hromada.action-plan/1")
    decision = raw.get("decision") or {}
    departments = list(Department.objects.filter(hromada=hromada))
    counts: dict[str, int] = {}
    with transaction.atomic():
        lookup = {"hromada": hromada, "title": _text(raw["title"])}
        plan, _created = _get_or_create(ActionPlan, counts, "plans", lookup, {
            "start_year": raw["start_year"], "end_year": raw["end_year"], "goal": _text(raw.get("goal")),
            "decision_body": _text(decision.get("body")), "decision_number": _text(decision.get("number")),
            "decision_date": _date(decision.get("date")), "is_published": True,
        })
        for measure_raw in raw["measures"]:
            if PlanMeasure.objects.filter(plan=plan, number=measure_raw["number"]).exists():
                continue
            chosen, other = _responsible(measure_raw.get("responsible"), departments)
            measure, _c = _get_or_create(PlanMeasure, counts, "measures",
                                         {"plan": plan, "number": measure_raw["number"]}, {
                "name": _text(measure_raw["name"]), "responsible_other": other,
                "period_text": _text(measure_raw.get("period_text")), "start": _date(measure_raw.get("start")),
                "end": _date(measure_raw.get("end")),
                "completion_indicator": _text(measure_raw.get("completion_indicator")),
            })
            measure.departments.set(chosen)
        for order, indicator_raw in enumerate(raw.get("key_indicators", []), start=1):
            lookup = {"plan": plan, "name": _text(indicator_raw["name"])}
            _get_or_create(PlanIndicator, counts, "key indicators", lookup,
                           {"unit": _text(indicator_raw.get("unit")), "target": _decimal(indicator_raw.get("target")),
                            "actual": _decimal(indicator_raw.get("actual")), "order": order})
        _log(hromada, f"demo action plan: {plan.title}", counts)
    return counts


def seed_self_audit(hromada, strategy_path: Path = MOHYLIV_STRATEGY) -> dict[str, int]:
    """Record the IT self-audit the strategy document reports (its ``self_audit``) as a final assessment."""
    raw = _read(strategy_path, "hromada.strategy/1").get("self_audit")
    if not raw:
        return {}
    key, version = SELF_AUDIT_METHODOLOGY
    methodology = methodologies.load(key, version)
    counts: dict[str, int] = {}
    with transaction.atomic():
        item, created = _get_or_create(Assessment, counts, "assessments",
                                       {"hromada": hromada, "methodology": key, "year": raw["year"]},
                                       {"methodology_version": version})
        if not created:
            return counts  # recorded before: staff may have changed it since
        stored: dict[str, AssessmentAnswer] = {}
        for indicator_key, answer in raw["answers"].items():
            indicator = methodology.indicator(indicator_key)
            if indicator is None:
                raise DemoDataError(f"{Path(strategy_path).name}: {indicator_key!r} is not an item of {key}")
            value = answer.get("value")
            value = None if value is None else Decimal(int(value)) if isinstance(value, bool) else Decimal(str(value))
            problem = methodologies.answer_problem(indicator, value)
            if problem:
                raise DemoDataError(f"{Path(strategy_path).name}: {indicator_key}: {problem}")
            stored[indicator_key] = AssessmentAnswer.objects.create(
                assessment=item, indicator_key=indicator_key, value=value,
                evidence_url=_text(answer.get("evidence")), comment=_text(answer.get("comment"))[:500],
            )
            counts["answers"] = counts.get("answers", 0) + 1
        result = methodologies.score(methodology, {k: a.value for k, a in stored.items()})
        item.score, item.is_final = result.total, True
        item.save(update_fields=["score", "is_final", "updated_at"])
        _log(hromada, f"demo self-assessment: {key} {raw['year']}", counts)
    return counts
