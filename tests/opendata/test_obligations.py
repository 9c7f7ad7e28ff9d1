"""The 835 obligations file: it loads, it says exactly what the platform relies on, and a broken copy fails
loudly, naming the entry."""

from __future__ import annotations

import json
import re

import pytest

from hromada.core.datasets import FREQUENCIES
from hromada.opendata import obligations
from hromada.opendata.obligations import DATA_FILE, ObligationsError, frequency_choices, load

# The update-frequency vocabulary exactly as data.gov.ua writes it, in its order.
DATA_GOV_UA_LABELS = {
    "more_than_daily": "Більш як один раз на день",
    "daily": "Щодня",
    "weekly": "Щотижня",
    "monthly": "Щомісяця",
    "quarterly": "Щокварталу",
    "half_yearly": "Кожного півріччя",
    "yearly": "Щороку",
    "on_change": "Відразу після внесення змін",
    "no_longer": "Більше не оновлюється",
}
EU_CODES = {
    "more_than_daily": "CONT", "daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "quarterly": "QUARTERLY",
    "half_yearly": "ANNUAL_2", "yearly": "ANNUAL", "on_change": "IRREG", "no_longer": "NEVER",
}
# The live datasets that exist or are being written, and the obligation each fulfils.
LIVE = {
    "all-001": "core.institutions",
    "all-002": "core.structure",
    "all-005": "appeals.figures",
    "all-007": "opendata.register",
    "all-009": "acts.acts",
    "mun-002": "registers.property",
    "mun-003": "registers.property_leased",
    "mun-004": "registers.property_vacant",
    "mun-028": "registers.land_leased",
    "mun-050": "programmes.programmes",
    "mun-votes": "acts.council_votes",
    "mun-deputies": "acts.deputies",
    "mun-petitions": "participation.petitions",
    "mun-budget": "participation.budget",
    "mun-cnap": "cnap.services",
}
# Publisher or template wording only, or believed to be in the annex without a source.
UNCONFIRMED = {
    "mun-016", "mun-034", "mun-035", "mun-044", "mun-049", "mun-051", "mun-063",
    "mun-votes", "mun-deputies", "mun-petitions", "mun-budget", "mun-x-green-removal", "mun-x-special-vehicles",
    "mun-x-budget-decisions",
    "mun-cnap", "mun-x-local-taxes", "mun-x-utility-tariffs", "mun-x-kindergarten-queues", "mun-x-parking",
    "mun-x-burial-places", "mun-x-temporary-structures", "mun-x-medical-equipment",
}


def test_the_shipped_file_loads_once_per_process():
    catalogue = load()

    assert catalogue is load()
    assert catalogue.version == "2026-12-04"
    assert catalogue.source.startswith("Постанова КМУ від 21.10.2015 № 835")
    assert len(catalogue) == 65


def test_codes_are_unique_and_ordered_all_then_mun_by_number_then_the_unnumbered():
    codes = [o.code for o in load()]

    assert len(set(codes)) == len(codes)
    assert codes[:11] == ["all-001", "all-002", "all-003", "all-005", "all-006", "all-007", "all-008", "all-009",
                          "all-010", "all-011", "all-013"]
    numbered_mun = [c for c in codes if re.fullmatch(r"mun-\d{3}", c)]
    assert codes[11:11 + len(numbered_mun)] == numbered_mun == sorted(numbered_mun)
    assert numbered_mun[0] == "mun-002" and numbered_mun[-1] == "mun-063"
    # The unnumbered keep the file's order.
    assert codes[11 + len(numbered_mun)] == "mun-x-general-plan-provisions"
    assert codes[-1] == "mun-x-medical-equipment"


def test_every_live_key_is_a_known_live_dataset_on_its_obligation():
    assert {o.code: o.live for o in load() if o.live} == LIVE


def test_every_frequency_is_in_the_vocabulary_and_has_a_source():
    catalogue = load()

    for item in catalogue:
        assert item.frequency is None or item.frequency in catalogue.frequencies
        assert (item.frequency is None) == (item.frequency_source is None)
    assert catalogue.get("mun-050").frequency == "on_change"
    assert catalogue.get("mun-050").frequency_source == "recommended"
    assert catalogue.get("mun-003").frequency_source == "observed"


def test_the_labels_are_exactly_the_data_gov_ua_vocabulary_in_the_platforms_order():
    catalogue = load()

    assert tuple(catalogue.frequencies) == FREQUENCIES
    assert {k: f.label for k, f in catalogue.frequencies.items()} == DATA_GOV_UA_LABELS
    assert frequency_choices() == list(DATA_GOV_UA_LABELS.items())
    assert {k: f.eu for k, f in catalogue.frequencies.items()} == EU_CODES
    assert catalogue.frequencies["half_yearly"].eu_uri == (
        "http://publications.europa.eu/resource/authority/frequency/ANNUAL_2")


def test_only_attested_wording_is_confirmed():
    catalogue = load()

    assert {o.code for o in catalogue if not o.confirmed} == UNCONFIRMED
    assert all(o.section == "all" for o in catalogue if o.code.startswith("all-"))
    assert all(o.note for o in catalogue)


def test_titles_fit_a_passport_and_structures_are_lower_camel_case():
    catalogue = load()

    assert max(len(o.title) for o in catalogue) <= 254
    assert catalogue.get("mun-votes").structure == ("motionUid", "voterId", "voterName", "result")
    assert catalogue.get("all-007").structure[:3] == ("identifier", "title", "description")
    for item in catalogue:
        assert all(re.fullmatch(r"[a-z][A-Za-z0-9]*", column) for column in item.structure)


def test_lookup_by_code():
    catalogue = load()

    assert catalogue.get("all-009").live == "acts.acts"
    assert catalogue.get("all-009").number == 9
    assert catalogue.get("mun-votes").number is None
    assert catalogue.get("mun-999") is None
    assert "mun-cnap" in catalogue
    assert "mun-999" not in catalogue


# --- a broken copy --------------------------------------------------------------------------------------------

def _entry(raw: dict, code: str) -> dict:
    return next(e for e in raw["obligations"] if e["code"] == code)


def _duplicate(raw):
    raw["obligations"].append(dict(_entry(raw, "mun-003")))


def _set(code, key, value):
    def mutate(raw):
        _entry(raw, code)[key] = value
    return mutate


def _drop(code, key):
    def mutate(raw):
        del _entry(raw, code)[key]
    return mutate


def _drop_frequency(raw):
    del raw["frequencies"]["weekly"]


BROKEN = [
    ("duplicate", _duplicate, "obligations-835.json: obligation mun-003: duplicate code (entries #13 and #66)"),
    ("unknown frequency", _set("mun-004", "frequency", "sometimes"),
     "obligation mun-004: unknown frequency 'sometimes'"),
    ("long title", _set("all-002", "title", "т" * 255),
     "obligation all-002: title has 255 characters, more than the 254 a passport allows"),
    ("missing key", _drop("mun-050", "basis"), "obligation mun-050: missing basis"),
    ("unknown key", _set("mun-019", "frequncy", "daily"), "obligation mun-019: unknown key frequncy"),
    ("not a bool", _set("mun-002", "confirmed", "yes"), "obligation mun-002: confirmed must be true or false"),
    ("source without frequency", _set("mun-012", "frequency_source", "observed"),
     "obligation mun-012: frequency_source is set but frequency is null"),
    ("frequency without source", _set("mun-011", "frequency_source", None),
     "obligation mun-011: frequency_source must be one of"),
    ("snake_case column", _set("mun-votes", "structure", ["motionUid", "voter_id"]),
     "obligation mun-votes: structure column 'voter_id' is not a lowerCamelCase Latin name"),
    ("bad code", _set("mun-019", "code", "mun-19"), "obligation mun-19: code 'mun-19' must be"),
    ("section mismatch", _set("all-003", "section", "mun"),
     "obligation all-003: section 'mun' does not match the code"),
    ("bad live key", _set("all-009", "live", "acts"), "obligation all-009: live must be null or a live dataset key"),
    ("vocabulary", _drop_frequency, "frequencies: keys must be those of core.datasets.FREQUENCIES (missing ['weekly']"),
]


@pytest.mark.parametrize(("mutate", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_broken_copy_fails_naming_the_entry(tmp_path, mutate, message):
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    mutate(raw)
    path = tmp_path / "obligations-835.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(ObligationsError, match=re.escape(message)):
        load(path)


def test_a_copy_that_is_not_json_fails(tmp_path):
    path = tmp_path / "obligations-835.json"
    path.write_text('{"version": ', encoding="utf-8")

    with pytest.raises(ObligationsError, match=r"^obligations-835\.json: cannot be read as JSON"):
        load(path)


def test_a_copy_is_read_afresh_and_leaves_the_shipped_catalogue_alone(tmp_path):
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    raw["version"] = "2027-01-15"
    path = tmp_path / "obligations-835.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")

    assert load(path).version == "2027-01-15"
    assert load().version == "2026-12-04"
    assert obligations.load() is load()
