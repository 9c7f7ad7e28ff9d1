"""Open data the platform generates from its own registers: each app declares its live datasets here.

An app declares them in its ``datasets.py`` (core autodiscovers it), like metrics::

    register(LiveDataset(
        key="acts.acts", title=_("…"), description=_("…"), obligation="all-009", frequency="on_change",
        keywords=(_("рішення"),), topic="derzhava",
        resources=(LiveResource(key="acts", title=_("…"), fields=(Field("id", _("…"), "integer"), …),
                                primary_key=("id",), rows=act_rows, changed_at=acts_changed_at),),
    ))

``rows(hromada)`` yields one tuple per row in the order of ``fields``, lazily (``.iterator()`` or
``values_list`` in chunks) so that a resource of any size is written in constant memory. It yields only what
is public: the open-data app publishes exactly what it gets, after its personal-data guard. ``changed_at``
says when the source last changed (a cheap max over ``updated_at``): the open-data app regenerates a resource
when its source changed after the last version, and "immediately after a change" is counted from it.

The open-data app (hromada.opendata) turns these into datasets with passports, versions, CKAN and DCAT; no
app imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Table Schema types a field may have (the structure file's datatypes are derived from them).
FIELD_TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "year")

# The update frequencies of the 835 Положення (the vocabulary data.gov.ua uses), in order.
FREQUENCIES = ("more_than_daily", "daily", "weekly", "monthly", "quarterly", "half_yearly", "yearly",
               "on_change", "no_longer")


@dataclass(frozen=True)
class Field:
    """A column: a lowerCamelCase Latin name, a Ukrainian title and description, a Table Schema type."""

    name: str
    title: str
    type: str = "string"
    description: str = ""
    required: bool = False
    # The column may hold what looks like personal data because the law makes it public (a deputy's official
    # e-mail, an institution's phone): the personal-data guard lets it through in this column only.
    public_personal: bool = False
    constraints: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"field {self.name!r}: unknown type {self.type!r}")


@dataclass(frozen=True)
class LiveResource:
    key: str  # a slug, unique within the dataset
    title: str
    fields: tuple[Field, ...]
    rows: Callable[[Any], Iterable[tuple]]
    changed_at: Callable[[Any], datetime | None] = lambda hromada: None
    primary_key: tuple[str, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"resource {self.key!r}: a field name is repeated")
        if not set(self.primary_key) <= set(names):
            raise ValueError(f"resource {self.key!r}: the primary key names a field it does not have")

    def table_schema(self) -> dict:
        """The resource's Frictionless Table Schema (what uploads of it are also validated against)."""
        fields = []
        for f in self.fields:
            item = {"name": f.name, "title": str(f.title), "type": f.type}
            if f.description:
                item["description"] = str(f.description)
            constraints = dict(f.constraints)
            if f.required:
                constraints["required"] = True
            if constraints:
                item["constraints"] = constraints
            if f.public_personal:
                item["publicPersonalData"] = True
            fields.append(item)
        schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        return schema


@dataclass(frozen=True)
class LiveDataset:
    key: str  # "<app>.<name>", stable: datasets of a hromada refer to it
    title: str
    description: str
    resources: tuple[LiveResource, ...]
    frequency: str = "on_change"
    obligation: str = ""  # the 835 obligation it fulfils ("all-009", "mun-002"), if any
    keywords: tuple[str, ...] = ()
    topic: str = ""  # one of data.gov.ua's thematic groups
    basis: str = ""  # the legal basis of collecting the information (passport element 14)
    purpose: str = ""
    # Whether a hromada may hold it: the app is in use there (e.g. it has deputies), for the obligation picker.
    available: Callable[[Any], bool] = lambda hromada: True

    def __post_init__(self) -> None:
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"dataset {self.key!r}: unknown frequency {self.frequency!r}")
        keys = [r.key for r in self.resources]
        if not keys or len(set(keys)) != len(keys):
            raise ValueError(f"dataset {self.key!r}: resources must be present and their keys distinct")

    def resource(self, key: str) -> LiveResource:
        for item in self.resources:
            if item.key == key:
                return item
        raise KeyError(key)

    def changed_at(self, hromada) -> datetime | None:
        times = [t for t in (r.changed_at(hromada) for r in self.resources) if t is not None]
        return max(times) if times else None


REGISTRY: dict[str, LiveDataset] = {}


def register(dataset: LiveDataset) -> LiveDataset:
    if dataset.key in REGISTRY and REGISTRY[dataset.key] != dataset:
        raise ValueError(f"live dataset {dataset.key!r} is registered twice")
    REGISTRY[dataset.key] = dataset
    return dataset


def get(key: str) -> LiveDataset:
    return REGISTRY[key]


def all_datasets() -> list[LiveDataset]:
    return sorted(REGISTRY.values(), key=lambda d: d.key)
