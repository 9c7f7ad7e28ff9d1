"""The open-data obligations of CMU Resolution 835 that apply to a local self-government body, as data.

The list is ``data/obligations-835.json``, versioned by date: a better reading of the annex is a new version
of the file, not a code change. The annex could not be checked in full, so every entry says how well it is
attested (``confirmed``, ``note``); an unconfirmed item must not be presented as a legal duty. The file is
validated when it is loaded and a malformed one fails loudly, naming the entry, instead of feeding a wrong
list to the compliance dashboard.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType

from hromada.core.datasets import FREQUENCIES

DATA_FILE = Path(__file__).resolve().parent / "data" / "obligations-835.json"
EU_FREQUENCY_BASE = "http://publications.europa.eu/resource/authority/frequency/"
# Passport element 2 of the Положення: a dataset's name is at most 254 characters.
TITLE_MAX = 254
SECTIONS = ("all", "mun")
FREQUENCY_SOURCES = ("recommended", "observed")

TOP_KEYS = ("version", "title", "source", "notes", "frequencies", "obligations")
ENTRY_KEYS = ("code", "section", "title", "basis", "frequency", "frequency_source", "structure", "confirmed",
              "confidence_note", "live")
# all-NNN / mun-NNN (the table-templates numbering) or mun-<slug> for an item the annex numbering is unknown for.
_CODE = re.compile(r"(all|mun)-(?:(\d{3})|[a-z]+(?:-[a-z0-9]+)*)")
_COLUMN = re.compile(r"[a-z][A-Za-z0-9]*")  # lowerCamelCase Latin, as the 835 recommendations ask
_LIVE = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")  # a core.datasets key, "<app>.<name>"
_EU_CODE = re.compile(r"[A-Z0-9_]+")


class ObligationsError(ValueError):
    """The obligations file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Frequency:
    key: str  # one of core.datasets.FREQUENCIES
    label: str  # as data.gov.ua writes it
    eu: str  # code in the EU Publications Office frequency authority table

    @property
    def eu_uri(self) -> str:
        return EU_FREQUENCY_BASE + self.eu


@dataclass(frozen=True)
class Obligation:
    code: str
    section: str  # "all" (every publisher) or "mun" (local self-government bodies)
    title: str
    basis: str  # legal basis, for passport element 14
    frequency: str | None  # a Frequency key, or None when no source gives one
    frequency_source: str | None  # "recommended" / "observed", None with no frequency
    structure: tuple[str, ...]  # suggested column names, empty when the sources give none
    confirmed: bool
    note: str  # what is and is not verified
    live: str | None  # the key of the platform's live dataset that fulfils it

    @property
    def number(self) -> int | None:
        """The number within its section (``mun-028`` → 28); None for a code without one."""
        match = _CODE.fullmatch(self.code)
        return int(match.group(2)) if match and match.group(2) else None


@dataclass(frozen=True)
class Catalogue:
    version: str
    title: str
    source: str
    notes: tuple[str, ...]
    frequencies: Mapping[str, Frequency]  # in the order of the 835 vocabulary
    obligations: tuple[Obligation, ...]  # all-NNN by number, then mun-NNN by number, then the unnumbered
    _by_code: Mapping[str, Obligation] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", MappingProxyType({o.code: o for o in self.obligations}))

    def get(self, code: str, default: Obligation | None = None) -> Obligation | None:
        return self._by_code.get(code, default)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Obligation]:
        return iter(self.obligations)

    def __len__(self) -> int:
        return len(self.obligations)

    def frequency_choices(self) -> list[tuple[str, str]]:
        return [(f.key, f.label) for f in self.frequencies.values()]


def load(path: str | Path | None = None) -> Catalogue:
    """The shipped catalogue (parsed once per process), or the file at ``path`` (parsed each time)."""
    if path is None:
        return _shipped()
    return parse(Path(path))


@cache
def _shipped() -> Catalogue:
    return parse(DATA_FILE)


def frequency_choices() -> list[tuple[str, str]]:
    """(key, label) pairs of the update frequencies, for a form's choices."""
    return load().frequency_choices()


def parse(path: Path) -> Catalogue:
    def fail(where: str, problem: str) -> ObligationsError:
        return ObligationsError(f"{path.name}: {where}: {problem}")

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ObligationsError(f"{path.name}: cannot be read as JSON: {exc}") from exc
    if not isinstance(raw, dict):
        raise fail("top level", "must be an object")
    _check_keys(raw, TOP_KEYS, lambda problem: fail("top level", problem))
    for key in ("version", "title", "source"):
        if not _text(raw[key]):
            raise fail(key, "must be a non-empty string")
    try:
        date.fromisoformat(raw["version"])
    except ValueError:
        raise fail("version", f"{raw['version']!r} is not a date (YYYY-MM-DD)") from None
    if not isinstance(raw["notes"], list) or not all(_text(n) for n in raw["notes"]):
        raise fail("notes", "must be a list of non-empty strings")
    frequencies = _frequencies(raw["frequencies"], lambda problem: fail("frequencies", problem))

    entries = raw["obligations"]
    if not isinstance(entries, list) or not entries:
        raise fail("obligations", "must be a non-empty list")
    obligations: list[Obligation] = []
    seen: dict[str, int] = {}
    for position, entry in enumerate(entries, start=1):
        name = entry.get("code") if isinstance(entry, dict) else None
        where = f"obligation {name}" if _text(name) else f"obligation #{position}"
        item = _obligation(entry, frequencies, lambda problem, where=where: fail(where, problem))
        if item.code in seen:
            raise fail(where, f"duplicate code (entries #{seen[item.code]} and #{position})")
        seen[item.code] = position
        obligations.append(item)

    def order(indexed: tuple[int, Obligation]) -> tuple:
        position, item = indexed
        number = item.number
        return (SECTIONS.index(item.section), number is None, number or 0, position)

    ordered = tuple(item for _, item in sorted(enumerate(obligations), key=order))
    return Catalogue(version=raw["version"], title=raw["title"], source=raw["source"], notes=tuple(raw["notes"]),
                     frequencies=frequencies, obligations=ordered)


def _frequencies(raw, fail) -> Mapping[str, Frequency]:
    if not isinstance(raw, dict):
        raise fail("must be an object")
    # The file and the platform must speak the same vocabulary: a live dataset's frequency is a key of it.
    if set(raw) != set(FREQUENCIES):
        missing, extra = sorted(set(FREQUENCIES) - set(raw)), sorted(set(raw) - set(FREQUENCIES))
        raise fail(f"keys must be those of core.datasets.FREQUENCIES (missing {missing}, unknown {extra})")
    result = {}
    for key in FREQUENCIES:
        value = raw[key]
        if not isinstance(value, dict):
            raise fail(f"{key}: must be an object")
        _check_keys(value, ("label", "eu"), lambda problem, key=key: fail(f"{key}: {problem}"))
        if not _text(value["label"]):
            raise fail(f"{key}: label must be a non-empty string")
        if not isinstance(value["eu"], str) or not _EU_CODE.fullmatch(value["eu"]):
            raise fail(f"{key}: eu must be an EU authority code such as ANNUAL, got {value['eu']!r}")
        result[key] = Frequency(key, value["label"], value["eu"])
    labels = [f.label for f in result.values()]
    if len(set(labels)) != len(labels):
        raise fail("labels must be distinct")
    return MappingProxyType(result)


def _obligation(entry, frequencies: Mapping[str, Frequency], fail) -> Obligation:
    if not isinstance(entry, dict):
        raise fail("must be an object")
    _check_keys(entry, ENTRY_KEYS, fail)
    code = entry["code"]
    match = _CODE.fullmatch(code) if isinstance(code, str) else None
    if not match:
        raise fail(f"code {code!r} must be all-NNN, mun-NNN or mun-<latin-slug>")
    if entry["section"] not in SECTIONS:
        raise fail(f"section must be one of {SECTIONS}, got {entry['section']!r}")
    if entry["section"] != match.group(1):
        raise fail(f"section {entry['section']!r} does not match the code")
    title = entry["title"]
    if not _text(title):
        raise fail("title must be a non-empty string")
    if len(title) > TITLE_MAX:
        raise fail(f"title has {len(title)} characters, more than the {TITLE_MAX} a passport allows")
    if not _text(entry["basis"]):
        raise fail("basis must be a non-empty string")
    frequency, source = entry["frequency"], entry["frequency_source"]
    if frequency is not None and frequency not in frequencies:
        raise fail(f"unknown frequency {frequency!r}")
    if frequency is None and source is not None:
        raise fail("frequency_source is set but frequency is null")
    if frequency is not None and source not in FREQUENCY_SOURCES:
        raise fail(f"frequency_source must be one of {FREQUENCY_SOURCES}, got {source!r}")
    structure = entry["structure"]
    if not isinstance(structure, list):
        raise fail("structure must be a list")
    for column in structure:
        if not isinstance(column, str) or not _COLUMN.fullmatch(column):
            raise fail(f"structure column {column!r} is not a lowerCamelCase Latin name")
    if len(set(structure)) != len(structure):
        raise fail("structure repeats a column")
    if not isinstance(entry["confirmed"], bool):
        raise fail(f"confirmed must be true or false, got {entry['confirmed']!r}")
    if not _text(entry["confidence_note"]):
        raise fail("confidence_note must be a non-empty string")
    live = entry["live"]
    if live is not None and not (isinstance(live, str) and _LIVE.fullmatch(live)):
        raise fail(f"live must be null or a live dataset key '<app>.<name>', got {live!r}")
    return Obligation(code=code, section=entry["section"], title=title, basis=entry["basis"], frequency=frequency,
                      frequency_source=source, structure=tuple(structure), confirmed=entry["confirmed"],
                      note=entry["confidence_note"], live=live)


def _check_keys(value: dict, required: tuple[str, ...], fail) -> None:
    missing = [k for k in required if k not in value]
    if missing:
        raise fail(f"missing {', '.join(missing)}")
    unknown = sorted(set(value) - set(required))
    if unknown:
        raise fail(f"unknown key {', '.join(unknown)}")


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())
