"""Per-hromada settings: statutory thresholds and terms that modules read, with their legal basis.

A hromada stores only its overrides (``Hromada.settings``); everything else falls back to the default
declared here. Later modules declare their own specs with ``register``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SettingSpec:
    key: str
    kind: type  # int, bool or str
    default: Any
    label: str
    legal_basis: str = ""
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    multiple: bool = False  # a comma-separated list of choices (e.g. the register statuses admitted)
    validator: Any = None  # a callable that raises ValidationError for a value of the right type but wrong shape


REGISTRY: dict[str, SettingSpec] = {}


def register(spec: SettingSpec) -> SettingSpec:
    REGISTRY[spec.key] = spec
    return spec


register(SettingSpec(
    "calendar.martial_law", str, "auto",
    _("Martial-law mode of the working-day calendar (auto follows the decrees, on/off forces it)"),
    "Law No. 2136-IX, Art. 6; Decree of the President No. 64/2022",
    choices=("auto", "on", "off"),
))
register(SettingSpec(
    "appeals.term_months", int, 1, _("Term for considering an appeal, calendar months"),
    "Law «Про звернення громадян», Art. 20", minimum=1,
))
register(SettingSpec(
    "appeals.max_term_days", int, 45, _("Maximum term of an extended appeal, calendar days"),
    "Law «Про звернення громадян», Art. 20", minimum=1,
))
register(SettingSpec(
    "public_info.term_working_days", int, 5, _("Term for answering a public-information request, working days"),
    "Law «Про доступ до публічної інформації», Art. 20", minimum=1,
))
register(SettingSpec(
    "public_info.extended_term_working_days", int, 20,
    _("Extended term for a public-information request, working days"),
    "Law «Про доступ до публічної інформації», Art. 20", minimum=1,
))
register(SettingSpec(
    "acts.draft_publication_working_days", int, 10,
    _("Drafts of acts are published at least this many working days before consideration"),
    "Law «Про доступ до публічної інформації», Art. 15 (as amended by Law No. 890-IX)", minimum=1,
))
register(SettingSpec(
    "acts.adopted_publication_working_days", int, 5,
    _("Adopted acts are published within this many working days"),
    "Law «Про доступ до публічної інформації», Art. 15 (1) 1; Law «Про місцеве самоврядування в Україні», "
    "Art. 59 (to verify)", minimum=1,
))
register(SettingSpec(
    "petitions.signature_threshold", int, 100, _("Signatures an e-petition needs"),
    "Statute of the territorial community (Law «Про звернення громадян», Art. 23-1)", minimum=1,
))
register(SettingSpec(
    "petitions.collection_days", int, 60, _("Signature collection period of an e-petition, days"),
    "Statute of the territorial community (Law «Про звернення громадян», Art. 23-1)", minimum=1,
))
register(SettingSpec(
    "petitions.consideration_working_days", int, 10, _("Term for considering an e-petition, working days"),
    "Law «Про звернення громадян», Art. 23-1", minimum=1,
))
register(SettingSpec(
    "services.max_term_days", int, 30, _("Maximum term of an administrative service, calendar days"),
    "Law «Про адміністративні послуги», Art. 10 (to verify)", minimum=1,
))


def clean_value(spec: SettingSpec, raw: Any) -> Any:
    """Coerce a submitted value to the spec's type, or raise a ValidationError naming the setting."""
    try:
        if spec.kind is bool:
            if isinstance(raw, bool):
                return raw
            if str(raw).lower() in {"1", "true", "on", "yes"}:
                return True
            if str(raw).lower() in {"0", "false", "off", "no", ""}:
                return False
            raise ValueError
        value = spec.kind(raw)
    except (TypeError, ValueError):
        raise ValidationError(_("%(label)s: the value %(value)r is not valid."),
                              params={"label": spec.label, "value": raw}) from None
    if spec.multiple:
        items = [item.strip().lower() for item in value.split(",") if item.strip()]
        wrong = [item for item in items if item not in spec.choices]
        if wrong or not items:
            raise ValidationError(_("%(label)s: list some of %(choices)s, separated by commas."),
                                  params={"label": spec.label, "choices": ", ".join(spec.choices)})
        return ",".join(dict.fromkeys(items))
    if spec.choices and value not in spec.choices:
        raise ValidationError(_("%(label)s: choose one of %(choices)s."),
                              params={"label": spec.label, "choices": ", ".join(spec.choices)})
    if spec.minimum is not None and value < spec.minimum:
        raise ValidationError(_("%(label)s: the value must be at least %(minimum)s."),
                              params={"label": spec.label, "minimum": spec.minimum})
    if spec.validator is not None:
        try:
            spec.validator(value)
        except ValidationError as error:
            raise ValidationError(_("%(label)s: %(error)s"),
                                  params={"label": spec.label, "error": " ".join(error.messages)}) from None
    return value


def validate_overrides(overrides: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(overrides) - set(REGISTRY))
    if unknown:
        raise ValidationError(_("Unknown settings: %(keys)s."), params={"keys": ", ".join(unknown)})
    return {key: clean_value(REGISTRY[key], value) for key, value in overrides.items()}


def get_setting(hromada: Any, key: str) -> Any:
    spec = REGISTRY[key]
    overrides = getattr(hromada, "settings", None) or {}
    return overrides.get(key, spec.default)
