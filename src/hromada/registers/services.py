"""All writes of the registers (house rule 1): normalise, derive the search keys, validate, save with audit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core.models import AuditEntry
from hromada.core.services import check_can, delete_record, save_record
from hromada.core.ukrtext import name_case, normalise, search_key
from hromada.core.validators import normalize_phone, validate_phone
from hromada.registers import validators
from hromada.registers.models import Building, LandPlot, PropertyObject, Resident, Street, StreetRename

MANAGE = "registers.manage"
RESIDENTS = "residents.manage"


def _same_hromada(errors: dict, field: str, related, hromada) -> None:
    if related is not None and related.hromada_id != hromada.pk:
        errors[field] = _("Choose a record of this hromada.")


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


# --- streets ---------------------------------------------------------------------------------------------


def prepare_street(street: Street) -> None:
    street.name = normalise(street.name or "").strip()
    street.name_key = search_key(street.name)


def save_street(street: Street, *, actor, hromada, decision: str = "", renamed_on=None) -> Street:
    """Create or change a street; a changed name keeps the former one (with the decision) for search."""
    check_can(actor, hromada, MANAGE)
    prepare_street(street)
    errors: dict = {}
    if len(decision.strip()) > 300:
        errors["decision"] = _("The decision reference is at most 300 characters.")
    _same_hromada(errors, "settlement", street.settlement if street.settlement_id else None, hromada)
    _raise(errors)
    with transaction.atomic():
        previous = Street.objects.filter(pk=street.pk).first() if street.pk else None
        save_record(street, actor=actor, hromada=hromada, capability=MANAGE)
        if previous is not None and (previous.name_key, previous.kind) != (street.name_key, street.kind):
            StreetRename.objects.create(street=street, old_kind=previous.kind, old_name=previous.name,
                                        old_name_key=previous.name_key, decision=decision.strip(),
                                        renamed_on=renamed_on)
    return street


# --- buildings -------------------------------------------------------------------------------------------


def prepare_building(building: Building) -> None:
    building.number = validators.normalise_building_number(building.number or "")
    building.sort_key = validators.building_sort_key(building.number)


def save_building(building: Building, *, actor, hromada) -> Building:
    check_can(actor, hromada, MANAGE)
    errors: dict = {}
    try:
        validators.validate_building_number(building.number or "")
    except ValidationError as error:
        errors["number"] = error.messages[0]
    else:
        prepare_building(building)
    if building.postcode:
        try:
            validators.validate_postcode(building.postcode)
        except ValidationError as error:
            errors["postcode"] = error.messages[0]
    _same_hromada(errors, "street", building.street if building.street_id else None, hromada)
    _raise(errors)
    return save_record(building, actor=actor, hromada=hromada, capability=MANAGE)


# --- residents -------------------------------------------------------------------------------------------


def prepare_resident(resident: Resident) -> None:
    for field in ("last_name", "first_name", "patronymic"):
        setattr(resident, field, name_case(normalise(getattr(resident, field) or "")).strip())
    resident.name_key, resident.given_key, resident.patronymic_key = name_keys(
        resident.last_name, resident.first_name, resident.patronymic)
    resident.rnokpp = (resident.rnokpp or "").strip()
    resident.unzr = validators.normalise_unzr(resident.unzr) if resident.unzr else ""


def name_keys(last_name: str, first_name: str, patronymic: str) -> tuple[str, str, str]:
    """Search keys of a person's name starting from the surname, the given name and the patronymic."""
    last, first, middle = search_key(last_name), search_key(first_name), search_key(patronymic)
    return (" ".join(filter(None, (last, first, middle))), " ".join(filter(None, (first, middle, last))),
            " ".join(filter(None, (middle, last, first))))


def check_resident(resident: Resident, hromada) -> dict:
    """Field errors of a resident beyond the model's own (checksums, cross-checks, consistency)."""
    errors: dict = {}
    if resident.rnokpp:
        try:
            validators.validate_rnokpp(resident.rnokpp)
        except ValidationError as error:
            errors["rnokpp"] = error.messages[0]
        else:
            problems = validators.check_rnokpp_matches(resident.rnokpp, resident.birth_date, resident.sex)
            if problems:
                errors["rnokpp"] = " ".join(problems)
    if resident.unzr:
        try:
            validators.validate_unzr(resident.unzr)
        except ValidationError as error:
            errors["unzr"] = error.messages[0]
        else:
            if resident.birth_date and resident.unzr[:8] != resident.birth_date.strftime("%Y%m%d"):
                errors["unzr"] = _("The УНЗР begins with the date of birth, which differs from the one given.")
    if resident.phone:
        try:
            validate_phone(normalize_phone(resident.phone))
        except ValidationError as error:
            errors["phone"] = error.messages[0]
        else:
            resident.phone = normalize_phone(resident.phone)
    if resident.apartment and not resident.building_id:
        errors["apartment"] = _("An apartment needs a building.")
    if resident.verification and not resident.verified_on:
        errors["verified_on"] = _("Give the date of verification.")
    _same_hromada(errors, "building", resident.building if resident.building_id else None, hromada)
    return errors


def save_resident(resident: Resident, *, actor, hromada) -> Resident:
    check_can(actor, hromada, RESIDENTS)
    prepare_resident(resident)
    _raise(check_resident(resident, hromada))
    return save_record(resident, actor=actor, hromada=hromada, capability=RESIDENTS)


def log_resident_view(resident: Resident, *, actor, hromada, what: str = "card") -> None:
    """Reading personal data is logged (house rule 4)."""
    audit.record(AuditEntry.Action.VIEW, resident, actor=actor, hromada=hromada, changes={"viewed": [None, what]})


# --- land and property ----------------------------------------------------------------------------------


def save_land_plot(plot: LandPlot, *, actor, hromada) -> LandPlot:
    check_can(actor, hromada, MANAGE)
    errors: dict = {}
    plot.cadastral_number = validators.normalise_cadastral(plot.cadastral_number or "")
    for field, validate in (("cadastral_number", validators.validate_cadastral_number),
                            ("purpose_code", validators.validate_purpose_code)):
        try:
            validate(getattr(plot, field) or "")
        except ValidationError as error:
            errors[field] = error.messages[0]
    if plot.lessee and not (plot.lease_start and plot.lease_contract_number):
        errors["lease_start"] = _("A lease needs its start date and contract number.")
    if plot.lease_start and plot.lease_end and plot.lease_end < plot.lease_start:
        errors["lease_end"] = _("The lease cannot end before it starts.")
    _same_hromada(errors, "settlement", plot.settlement if plot.settlement_id else None, hromada)
    _raise(errors)
    return save_record(plot, actor=actor, hromada=hromada, capability=MANAGE)


def prepare_property(obj: PropertyObject) -> None:
    obj.name = normalise(obj.name or "").strip()
    obj.name_key = search_key(obj.name)


def save_property(obj: PropertyObject, *, actor, hromada) -> PropertyObject:
    check_can(actor, hromada, MANAGE)
    prepare_property(obj)
    errors: dict = {}
    if obj.use == PropertyObject.Use.LEASED and not obj.lease_contract:
        errors["lease_contract"] = _("A leased object needs its lease contract.")
    if obj.book_value is not None and not obj.book_value_date:
        errors["book_value_date"] = _("Give the date of the book value.")
    _same_hromada(errors, "building", obj.building if obj.building_id else None, hromada)
    _same_hromada(errors, "holder", obj.holder if obj.holder_id else None, hromada)
    _raise(errors)
    return save_record(obj, actor=actor, hromada=hromada, capability=MANAGE)


def delete(obj, *, actor, hromada) -> None:
    capability = RESIDENTS if isinstance(obj, Resident) else MANAGE
    delete_record(obj, actor=actor, hromada=hromada, capability=capability)
