"""Self-assessment methodologies as versioned data files, their validation and their scoring rule.

A methodology (the IT self-audit of seed 002, the Mintsyfra digital transformation index…) is a JSON file of
schema ``hromada.methodology/1`` in ``data/methodologies/``: modules → indicators, each indicator answered
as yes/no, a percentage or a number. A new edition is a new file with the same key and a new version, so
an assessment made on the 2023 edition is still scored by the 2023 rule.

Scoring (the rule every file's ``note`` states):

* indicator score: yes/no → 1 or 0; percent → value / 100; number → min(value / target, 1);
  an unanswered indicator scores 0 and is reported as unanswered;
* module score: the indicator scores averaged with the indicators' weights;
* result: the module scores averaged with the modules' weights, times ``scale_max``,
  rounded half up to two decimals. Nothing is rounded before the end.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

DATA_DIR = Path(__file__).resolve().parent / "data" / "methodologies"
SCHEMA = "hromada.methodology/1"
YES_NO, PERCENT, NUMBER = "yes_no", "percent", "number"
ANSWER_KINDS = (YES_NO, PERCENT, NUMBER)
ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
TWO_PLACES = Decimal("0.01")


class MethodologyError(ValueError):
    """A methodology file that cannot be used; the message names the file and the offending place."""


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    question: str
    answer: str
    weight: Decimal
    target: Decimal | None = None
    evidence_hint: str = ""
    module_key: str = ""


@dataclass(frozen=True)
class ModuleSpec:
    key: str
    name: str
    weight: Decimal
    indicators: tuple[IndicatorSpec, ...]


@dataclass(frozen=True)
class Methodology:
    key: str
    version: str
    title: str
    kind: str
    source: str
    note: str
    scale_max: Decimal
    modules: tuple[ModuleSpec, ...]

    @property
    def label(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def indicators(self) -> tuple[IndicatorSpec, ...]:
        return tuple(i for m in self.modules for i in m.indicators)

    def indicator(self, key: str) -> IndicatorSpec | None:
        return next((i for i in self.indicators if i.key == key), None)


@dataclass(frozen=True)
class ModuleScore:
    key: str
    name: str
    weight: Decimal
    score: Decimal  # 0..scale_max, two decimals
    answered: int
    total: int
    unanswered: tuple[str, ...]


@dataclass(frozen=True)
class Score:
    total: Decimal  # 0..scale_max, two decimals
    scale_max: Decimal
    modules: tuple[ModuleScore, ...]
    unanswered: tuple[str, ...]

    @property
    def answered(self) -> int:
        return sum(m.answered for m in self.modules)

    @property
    def items(self) -> int:
        return sum(m.total for m in self.modules)


# --- reading and validating -------------------------------------------------------------------------------


def _number(value, where: str, *, positive: bool = True) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise MethodologyError(f"{where}: expected a number, got {value!r}")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise MethodologyError(f"{where}: expected a number, got {value!r}") from None
    if not number.is_finite() or (positive and number <= 0):
        raise MethodologyError(f"{where}: must be a positive number, got {value!r}")
    return number


def _text(raw: dict, name: str, where: str, *, required: bool = True) -> str:
    value = raw.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise MethodologyError(f"{where}: {name!r} must be a non-empty string")
    return value.strip()


def parse(raw, origin: str = "<data>") -> Methodology:
    """Check a decoded file and build the methodology; a MethodologyError says what and where is wrong."""
    if not isinstance(raw, dict):
        raise MethodologyError(f"{origin}: the file must hold a JSON object")
    if raw.get("schema") != SCHEMA:
        raise MethodologyError(f"{origin}: schema must be {SCHEMA!r}, got {raw.get('schema')!r}")
    key = _text(raw, "key", origin)
    version = raw.get("version")
    if isinstance(version, int) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str) or not version.strip() or len(version) > 20 or len(key) > 60:
        raise MethodologyError(f"{origin}: 'key' (≤60) and 'version' (≤20 characters) are required")
    modules_raw = raw.get("modules")
    if not isinstance(modules_raw, list) or not modules_raw:
        raise MethodologyError(f"{origin}: 'modules' must be a non-empty list")
    modules, module_keys, indicator_keys = [], set(), set()
    for m_index, m_raw in enumerate(modules_raw):
        where = f"{origin}: modules[{m_index}]"
        if not isinstance(m_raw, dict):
            raise MethodologyError(f"{where}: must be an object")
        m_key = _text(m_raw, "key", where)
        if m_key in module_keys:
            raise MethodologyError(f"{where}: duplicate module key {m_key!r}")
        module_keys.add(m_key)
        indicators_raw = m_raw.get("indicators")
        if not isinstance(indicators_raw, list) or not indicators_raw:
            raise MethodologyError(f"{where}: 'indicators' must be a non-empty list")
        indicators = []
        for i_index, i_raw in enumerate(indicators_raw):
            i_where = f"{where}.indicators[{i_index}]"
            if not isinstance(i_raw, dict):
                raise MethodologyError(f"{i_where}: must be an object")
            i_key = _text(i_raw, "key", i_where)
            if i_key in indicator_keys or len(i_key) > 80:
                raise MethodologyError(f"{i_where}: indicator key {i_key!r} is repeated or longer than 80")
            indicator_keys.add(i_key)
            answer = i_raw.get("answer")
            if answer not in ANSWER_KINDS:
                raise MethodologyError(f"{i_where}: 'answer' must be one of {', '.join(ANSWER_KINDS)}, "
                                       f"got {answer!r}")
            target = None
            if answer == NUMBER:
                if "target" not in i_raw:
                    raise MethodologyError(f"{i_where}: a number indicator needs a positive 'target'")
                target = _number(i_raw["target"], f"{i_where}.target")
            indicators.append(IndicatorSpec(
                key=i_key, question=_text(i_raw, "question", i_where), answer=answer,
                weight=_number(i_raw.get("weight", 1), f"{i_where}.weight"), target=target,
                evidence_hint=_text(i_raw, "evidence_hint", i_where, required=False), module_key=m_key,
            ))
        modules.append(ModuleSpec(key=m_key, name=_text(m_raw, "name", where),
                                  weight=_number(m_raw.get("weight", 1), f"{where}.weight"),
                                  indicators=tuple(indicators)))
    return Methodology(
        key=key, version=version.strip(), title=_text(raw, "title", origin),
        kind=_text(raw, "kind", origin, required=False), source=_text(raw, "source", origin, required=False),
        note=_text(raw, "note", origin, required=False),
        scale_max=_number(raw.get("scale_max", 100), f"{origin}: scale_max"), modules=tuple(modules),
    )


def load_path(path: Path) -> Methodology:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise MethodologyError(f"{Path(path).name}: cannot be read as JSON ({error})") from None
    return parse(raw, Path(path).name)


def _version_order(version: str):
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in version.split("."))


@cache
def _catalogue(directory: Path = DATA_DIR) -> dict[tuple[str, str], Methodology]:
    found: dict[tuple[str, str], Methodology] = {}
    for path in sorted(directory.glob("*.json")):
        methodology = load_path(path)
        pair = (methodology.key, methodology.version)
        if pair in found:
            raise MethodologyError(f"{path.name}: {methodology.key} {methodology.version} is defined twice")
        found[pair] = methodology
    return found


def available() -> list[Methodology]:
    """Every methodology on file, by key and then by version (oldest first)."""
    return sorted(_catalogue().values(), key=lambda m: (m.key, _version_order(m.version)))


def versions(key: str) -> list[str]:
    return [m.version for m in available() if m.key == key]


def load(key: str, version: str | None = None) -> Methodology:
    """The methodology ``key`` in ``version`` (the newest when no version is given); KeyError if unknown."""
    if version is None:
        known = versions(key)
        if not known:
            raise KeyError(key)
        version = known[-1]
    try:
        return _catalogue()[(key, str(version))]
    except KeyError:
        raise KeyError(f"{key} {version}") from None


def exists(key: str, version: str) -> bool:
    return (key, str(version)) in _catalogue()


# --- answers and scores -----------------------------------------------------------------------------------


def answer_problem(indicator: IndicatorSpec, value: Decimal | None) -> str | None:
    """Why a value cannot answer the indicator (a translated message), or None if it can."""
    if value is None:
        return None
    if not value.is_finite():
        return _("Enter a number.")
    if indicator.answer == YES_NO and value not in (ZERO, ONE):
        return _("Answer yes or no.")
    if indicator.answer == PERCENT and not ZERO <= value <= HUNDRED:
        return _("A percentage must be between 0 and 100.")
    if indicator.answer == NUMBER and value < ZERO:
        return _("The number cannot be negative.")
    return None


def indicator_score(indicator: IndicatorSpec, value: Decimal | None) -> Decimal:
    """0..1, exact; an unanswered indicator scores 0."""
    if value is None:
        return ZERO
    if answer_problem(indicator, value):
        raise ValueError(f"{indicator.key}: {value} is not a valid answer")
    if indicator.answer == YES_NO:
        return ONE if value == ONE else ZERO
    if indicator.answer == PERCENT:
        return value / HUNDRED
    return min(value / indicator.target, ONE)


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def score(methodology: Methodology, answers: Mapping[str, Decimal | None]) -> Score:
    """Score the answers (indicator key → value or None); keys the methodology does not know are ignored."""
    modules, unanswered_all = [], []
    weighted_total = ZERO
    module_weights = sum((m.weight for m in methodology.modules), ZERO)
    for module in methodology.modules:
        weights = sum((i.weight for i in module.indicators), ZERO)
        raw = sum((i.weight * indicator_score(i, answers.get(i.key)) for i in module.indicators), ZERO) / weights
        unanswered = tuple(i.key for i in module.indicators if answers.get(i.key) is None)
        unanswered_all.extend(unanswered)
        weighted_total += module.weight * raw
        modules.append(ModuleScore(
            key=module.key, name=module.name, weight=module.weight, score=_round(raw * methodology.scale_max),
            answered=len(module.indicators) - len(unanswered), total=len(module.indicators), unanswered=unanswered,
        ))
    total = _round(weighted_total / module_weights * methodology.scale_max)
    return Score(total=total, scale_max=methodology.scale_max, modules=tuple(modules),
                 unanswered=tuple(unanswered_all))
