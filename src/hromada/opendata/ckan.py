"""CKAN's Action API (version 3) over one hromada's open data, read-only.

The ``ckanapi`` client and data.gov.ua's harvester (ckanext-harvest's ``ckan_harvester``: ``package_search`` with
``fq=metadata_modified:[X TO *]`` and ``sort=id asc`` in pages of 100, then ``organization_show`` and
``group_show`` of what the packages name) read a hromada as they read a CKAN 2.10 site. Each action is a function
``(hromada, data, *, site)`` returning the dict or list CKAN returns as ``result``; errors are the exceptions below,
which the view turns into CKAN's envelope. ``site`` is ``scheme://host`` of the request, for absolute links.

The hromada is the only organization (its council, the publisher); the 12 thematic groups of data.gov.ua are the
groups; only published datasets exist for the API (a withdrawn one is Not Found, as a deleted package is).
``package_search`` filters the hromada's published datasets in Python after one light query: a hromada has
hundreds of datasets, not millions, so the Solr subset we accept (``fq``) is evaluated exactly the same way on
SQLite and PostgreSQL, and a page of up to 1 000 packages costs a fixed handful of queries.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from functools import cached_property
from typing import Any
from urllib.parse import parse_qsl, urlencode

from dateutil.relativedelta import relativedelta
from django.db.models import F, FloatField, Func, Q, TextField
from django.db.models.fields.json import compile_json_path
from django.db.models.functions import Collate
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.collation import COLLATION, uk_sort_key
from hromada.core.hromada_settings import get_setting
from hromada.opendata import selectors
from hromada.opendata.models import (
    TOPICS,
    Dataset,
    DatasetStatus,
    DatastoreRow,
    Frequency,
    Resource,
    ResourceFormat,
)
from hromada.opendata.services import transliterated_slug

CKAN_VERSION = "2.10.4"
ROWS_DEFAULT, ROWS_MAX = 10, 1000  # package_search (ckan.search.rows_max)
FACET_LIMIT = 50  # search.facets.limit
LIST_MAX, LIST_ALL_FIELDS_MAX = 1000, 25  # ckan.group_and_organization_list_max / …_all_fields_max
DATASTORE_DEFAULT, DATASTORE_MAX = 100, 32000  # ckan.datastore.search.rows_default / rows_max
# Offsets beyond this are refused rather than passed to the database (SQLite cannot bind a larger integer).
OFFSET_MAX = 2**31 - 1
DEFAULT_SORT = "score desc, metadata_modified desc"
# Bounds on what one request may ask, so that no input makes a statement the database refuses.
QUERY_MAX, WORDS_MAX, VALUES_MAX = 4000, 20, 1000
# Ids of what we have no UUID for (the organization, groups, tags): stable name-based UUIDs in our own namespace.
NAMESPACE = uuid.UUID("6b0f3c1e-5a47-4f0e-9d2b-8c1f7e2a4d90")

# Our licence codes as CKAN's licence register names them (data.gov.ua uses "cc-by").
LICENSES = {
    "CC-BY-4.0": ("cc-by", "Creative Commons Attribution", "https://creativecommons.org/licenses/by/4.0/"),
    "CC0-1.0": ("cc-zero", "Creative Commons CCZero", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-BY-1.0": ("odc-by", "Open Data Commons Attribution License",
                   "https://opendatacommons.org/licenses/by/1-0/"),
}
MEDIA_TYPES = {ResourceFormat.CSV: "text/csv", ResourceFormat.PDF: "application/pdf"}
# Table Schema types as the DataStore names its column types.
DATASTORE_TYPES = {"string": "text", "integer": "int", "number": "numeric", "boolean": "bool", "date": "date",
                   "datetime": "timestamp", "year": "int"}
NUMERIC = {"int", "numeric"}


# --- errors (the view maps them to CKAN's __type and HTTP status) -----------------------------------------


class ActionError(Exception):
    kind = ""

    def __init__(self, message: str = "", **fields):
        super().__init__(message)
        self.message = message
        self.fields = fields


class NotFound(ActionError):
    kind = "Not Found Error"


class Invalid(ActionError):
    """CKAN's ValidationError: per parameter, a list of messages (and ``message`` summing them up)."""

    kind = "Validation Error"

    def __init__(self, name: str, message: str):
        super().__init__(f"{name}: {message}", **{name: [message]})


class Denied(ActionError):
    kind = "Authorization Error"


# --- parameters -------------------------------------------------------------------------------------------


def _text(data: dict, name: str, default: str = "") -> str:
    value = data.get(name, default)
    if value is None:
        return default
    if isinstance(value, (list, dict)):
        raise Invalid(name, _("Not a string"))
    return str(value)


def _integer(data: dict, name: str, default: int | None, *, natural: bool = True, cap: int | None = None,
             maximum: int = OFFSET_MAX) -> int | None:
    """An integer parameter as CKAN's validators take it: above ``cap`` it is cut to ``cap`` (as CKAN's
    ``limit_to_configured_maximum``), beyond ``maximum`` refused."""
    value = data.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, (bool, list, dict)):
        raise Invalid(name, _("Invalid integer"))
    try:
        number = int(str(value).strip())
    except ValueError:
        raise Invalid(name, _("Invalid integer")) from None
    if natural and number < 0:
        raise Invalid(name, _("Must be a natural number"))
    if abs(number) > maximum:
        raise Invalid(name, _("Must be at most %(max)d") % {"max": maximum})
    return min(number, cap) if cap is not None else number


def _boolean(data: dict, name: str, default: bool) -> bool:
    value = data.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "yes", "t", "y", "1", "on")


def _json(data: dict, name: str, default=None):
    value = data.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise Invalid(name, _("Could not parse as valid JSON")) from None
    return value


def _string_list(data: dict, name: str, *, comma: bool = False) -> list[str] | None:
    """A list parameter: a list, a JSON list, or (``comma``) a comma-separated string."""
    value = data.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        stripped = value.strip()
        if comma and not stripped.startswith("["):
            value = [part.strip() for part in stripped.split(",") if part.strip()]
        else:
            value = _json(data, name)
    if not isinstance(value, list):
        raise Invalid(name, _("Not a list"))
    if not all(isinstance(item, str) for item in value):
        raise Invalid(name, _("Not a string"))
    return value


def _required(data: dict, name: str) -> str:
    value = _text(data, name).strip()
    if not value:
        raise Invalid(name, _("Missing value"))
    return value


def _utc(moment: datetime | None) -> str | None:
    """CKAN's timestamps: ISO 8601 in UTC without an offset."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat()


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _uid(kind: str, name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{name}"))


def tag_name(keyword: str) -> str:
    """A keyword as a CKAN tag name (letters, digits, spaces, «-», «_», «.»; 2–100 characters): CKAN refuses
    anything else, and a harvester would refuse the whole dataset with it."""
    text = re.sub(r"['’ʼ`]", "", keyword)
    text = re.sub(r"[^\w \-.]", " ", text)
    return " ".join(text.split())[:100].strip()


# --- the publisher, groups and licences -------------------------------------------------------------------


@dataclass
class Catalogue:
    """What every package of one hromada shares: its publisher, the groups, the links."""

    hromada: Any
    site: str

    @cached_property
    def org(self) -> dict:
        hromada = self.hromada
        title = hromada.council_name or hromada.name
        edrpou = get_setting(hromada, "opendata.publisher_edrpou") or ""
        return {
            "id": _uid("organization", hromada.katottg),
            "name": transliterated_slug(title, 100),
            "title": title,
            "type": "organization",
            "description": hromada.description or "",
            "image_url": "",
            "created": _utc(hromada.created_at),
            "is_organization": True,
            "approval_status": "approved",
            "state": "active",
            "extras": [item for item in ({"key": "edrpou", "value": edrpou},
                                         {"key": "katottg", "value": hromada.katottg}) if item["value"]],
        }

    def org_brief(self) -> dict:
        """The organization as packages carry it."""
        return {k: v for k, v in self.org.items() if k != "extras"}

    def is_org(self, value: str) -> bool:
        return value in (self.org["id"], self.org["name"])

    def url(self, path: str) -> str:
        return self.site + path

    def group(self, slug: str, *, brief: bool = False) -> dict:
        title = str(dict(TOPICS).get(slug, slug))
        item = {"id": _uid("group", slug), "name": slug, "title": title, "display_name": title,
                "description": "", "image_display_url": ""}
        if brief:
            return item
        return {**item, "type": "group", "image_url": "", "created": _utc(self.hromada.created_at),
                "is_organization": False, "approval_status": "approved", "state": "active", "num_followers": 0}

    def find_group(self, value: str) -> str | None:
        for slug, _label in TOPICS:
            if value in (slug, _uid("group", slug)):
                return slug
        return None


def _license(code: str) -> tuple[str, str, str]:
    return LICENSES.get(code, (code.lower(), code, ""))


# --- packages and resources -------------------------------------------------------------------------------


def _published_resources(dataset: Dataset) -> list[Resource]:
    """The resources that have data: one never published has nothing to download."""
    return [r for r in dataset.resources.all() if r.current_id is not None]


def resource_dict(resource: Resource, dataset: Dataset, position: int, cat: Catalogue) -> dict:
    current = resource.current
    fmt = current.format
    return {
        "id": str(resource.uid),
        "package_id": str(dataset.uid),
        "name": resource.title,
        "description": resource.description,
        "format": ResourceFormat(fmt).label,
        "url": cat.url(reverse("opendata:download", args=[dataset.slug, resource.key, fmt])),
        "url_type": None,
        "mimetype": MEDIA_TYPES.get(fmt, "application/octet-stream"),
        "mimetype_inner": None,
        "size": current.size,
        "hash": current.sha256,
        "created": _utc(resource.created_at),
        "last_modified": _utc(current.created_at),
        "metadata_modified": _utc(resource.updated_at),
        "position": position,
        "state": "active",
        "resource_type": None,
        "cache_url": None,
        "cache_last_updated": None,
        "datastore_active": fmt == ResourceFormat.CSV,
    }


def _extras(dataset: Dataset, cat: Catalogue) -> list[dict]:
    """The 835 passport elements CKAN has no field for, under ckanext-dcat's extras keys where it has one (so a
    DCAT-aware catalogue maps them). None of them is a package field: CKAN refuses an extra named as one."""
    hromada = dataset.hromada
    values = {
        "identifier": dataset.identifier,
        "frequency": str(dict(Frequency.choices).get(dataset.frequency, dataset.frequency)),
        "contact_name": dataset.contact_name,
        "contact_email": dataset.contact_email,
        "legal_basis": dataset.basis,
        "purpose": dataset.purpose,
        "publisher_name": cat.org["title"],
        "publisher_identifier": get_setting(hromada, "opendata.publisher_edrpou") or "",
        "katottg": hromada.katottg,
        "issued": _utc(dataset.first_published_at) or "",
        "modified": _utc(dataset.last_modified_at) or "",
        "relevance_date": dataset.relevance_date.isoformat() if dataset.relevance_date else "",
        "next_update_due": dataset.next_due.isoformat() if dataset.next_due else "",
    }
    return [{"key": key, "value": value} for key, value in sorted(values.items()) if value]


def package_dict(dataset: Dataset, cat: Catalogue) -> dict:
    """A dataset as CKAN's ``package_show`` gives it. Expects ``selectors.with_resources`` prefetching."""
    dataset.hromada = cat.hromada  # one hromada: no query per package for it
    license_id, license_title, license_url = _license(dataset.license)
    tags = []
    for keyword in dataset.keywords or []:
        name = tag_name(keyword)
        if len(name) >= 2 and name not in {t["name"] for t in tags}:
            tags.append({"id": _uid("tag", name), "name": name, "display_name": keyword, "state": "active",
                         "vocabulary_id": None})
    resources = [resource_dict(r, dataset, i, cat) for i, r in enumerate(_published_resources(dataset))]
    author = dataset.department.name if dataset.department_id else cat.org["title"]
    return {
        "id": str(dataset.uid),
        "name": dataset.slug,
        "title": dataset.title,
        "notes": dataset.description,
        "url": cat.url(reverse("opendata:dataset", args=[dataset.slug])),
        "author": author,
        "author_email": None,
        "maintainer": dataset.contact_name,
        "maintainer_email": dataset.contact_email,
        "license_id": license_id,
        "license_title": license_title,
        "license_url": license_url,
        "isopen": True,
        "version": None,
        "state": "active",
        "private": False,
        "type": "dataset",
        "creator_user_id": None,
        "metadata_created": _utc(dataset.created_at),
        "metadata_modified": _utc(dataset.updated_at),
        # data.gov.ua's own dataset fields (a catalogue without them ignores them; they are not extras, which a
        # catalogue that has them would refuse).
        "language": dataset.language,
        "update_frequency": str(dict(Frequency.choices).get(dataset.frequency, dataset.frequency)),
        "num_resources": len(resources),
        "num_tags": len(tags),
        "tags": tags,
        "groups": [cat.group(dataset.topic, brief=True)] if dataset.topic else [],
        "organization": cat.org_brief(),
        "owner_org": cat.org["id"],
        "resources": resources,
        "extras": _extras(dataset, cat),
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }


def _packages(cat: Catalogue, pks: list[int]) -> list[dict]:
    """Package dicts in the order of ``pks``, with a fixed number of queries however many there are."""
    if not pks:
        return []
    found = {d.pk: d for d in selectors.with_resources(selectors.public_datasets(cat.hromada).filter(pk__in=pks))}
    return [package_dict(found[pk], cat) for pk in pks if pk in found]


def _package(cat: Catalogue, ref: str) -> Dataset:
    qs = selectors.with_resources(selectors.public_datasets(cat.hromada))
    found = qs.filter(slug=ref).first()
    if found is None and _is_uuid(ref):
        found = qs.filter(uid=ref).first()
    if found is None:
        raise NotFound(_("Dataset not found"))
    return found


# --- the Solr subset of q and fq --------------------------------------------------------------------------


@dataclass
class Row:
    """What filtering, faceting and sorting need of one published dataset."""

    pk: int
    uid: str
    slug: str
    title: str
    tags: set[str]  # the CKAN tag names
    keywords: set[str]  # and the keywords as written, which a tags: term also matches
    topic: str
    license_id: str
    modified: datetime
    created: datetime
    formats: set[str] = field(default_factory=set)


_UNITS = {"YEAR": "years", "MONTH": "months", "DAY": "days", "DATE": "days", "HOUR": "hours", "MINUTE": "minutes",
          "SECOND": "seconds"}
_MATH = re.compile(r"([+-]\d+|/)([A-Z]+?)S?(?=[+/-]|$)")


_ROUNDING = ("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND")


def _round(moment: datetime, unit: str) -> datetime:
    """Solr's ``/DAY``: the start of the unit."""
    unit = "DAY" if unit == "DATE" else unit
    parts = {"month": 1, "day": 1, "hour": 0, "minute": 0, "second": 0, "microsecond": 0}
    keep = _ROUNDING.index(unit) + 1  # YEAR keeps the year only, DAY keeps year, month and day, …
    return moment.replace(**dict(list(parts.items())[keep - 1:]))


def solr_date(text: str, now: datetime) -> datetime | None:
    """A Solr date (``2024-05-01T08:00:00.123Z``, ``2024-05-01``, ``NOW-1DAY/DAY``) as an aware UTC datetime;
    None for ``*``. ValueError if it is none of these."""
    text = text.strip()
    if text == "*":
        return None
    if text.upper().startswith("NOW"):
        base, math = now.astimezone(UTC), text[3:].upper()
    else:
        head, sep, math = text.partition("Z")
        base = datetime.fromisoformat(head + sep) if head else None
        if base is None:
            raise ValueError(text)
        if isinstance(base, datetime) and base.tzinfo is None:
            base = base.replace(tzinfo=UTC)
        math = math.upper()
    position = 0
    for match in _MATH.finditer(math):
        if match.start() != position or match.group(2) not in _UNITS:
            raise ValueError(text)
        op, unit = match.groups()
        base = _round(base, unit) if op == "/" else base + relativedelta(**{_UNITS[unit]: int(op)})
        position = match.end()
    if position != len(math):
        raise ValueError(text)
    return base.astimezone(UTC)


class _Syntax(ValueError):
    pass


class Query:
    """A boolean expression of ``field:value`` terms (Solr's syntax, the part clients use): AND (or a space),
    OR, NOT / ``-``, ``+``, parentheses, ``field:(a OR b)``, quoted values, ``*`` wildcards, and ranges
    ``[a TO b]`` / ``{a TO b}`` over the dates."""

    FIELDS = {"metadata_modified", "metadata_created", "organization", "owner_org", "tags", "res_format", "groups",
              "name", "id", "license_id", "dataset_type", "state", "capacity", "site_id", "entity_type"}
    DATES = {"metadata_modified", "metadata_created"}
    _FIELD = re.compile(r"([A-Za-z_][\w.]*):")

    def __init__(self, text: str):
        self.text, self.i, self.default_field, self.now = text, 0, None, timezone.now()
        self.tree = self._or()
        self._space()
        if self.i < len(self.text):
            raise _Syntax(text[self.i:])

    # parsing
    def _space(self) -> None:
        while self.i < len(self.text) and self.text[self.i].isspace():
            self.i += 1

    def _at(self, token: str) -> bool:
        self._space()
        if not self.text.startswith(token, self.i):
            return False
        end = self.i + len(token)
        # A word operator stands alone: «ORganization:x» is no OR.
        return not token.isalpha() or end >= len(self.text) or self.text[end].isspace() or self.text[end] == "("

    def _take(self, token: str) -> bool:
        if self._at(token):
            self.i += len(token)
            return True
        return False

    def _or(self):
        items = [self._and()]
        while self._take("OR") or self._take("||"):
            items.append(self._and())
        return items[0] if len(items) == 1 else ("or", items)

    def _and(self):
        items = [self._unary()]
        while True:
            self._space()
            if self.i >= len(self.text) or self.text[self.i] == ")" or self._at("OR") or self._at("||"):
                break
            self._take("AND") or self._take("&&")
            items.append(self._unary())
        return items[0] if len(items) == 1 else ("and", items)

    def _unary(self):
        if self._take("NOT") or self._take("-") or self._take("!"):
            return ("not", self._unary())
        self._take("+")
        if self._take("("):
            node = self._or()
            if not self._take(")"):
                raise _Syntax(self.text[self.i:])
            return node
        return self._term()

    def _term(self):
        self._space()
        match = self._FIELD.match(self.text, self.i)
        if match:
            name = match.group(1)
            if name not in self.FIELDS:
                raise _Syntax(name)
            self.i = match.end()
            if self._take("("):
                outer, self.default_field = self.default_field, name
                node = self._or()
                self.default_field = outer
                if not self._take(")"):
                    raise _Syntax(self.text[self.i:])
                return node
        elif self.default_field:
            name = self.default_field
        else:
            raise _Syntax(self.text[self.i:])
        return ("term", name, self._value(name))

    def _value(self, name: str):
        text, i = self.text, self.i
        if i >= len(text):
            raise _Syntax("")
        if text[i] in "[{":
            end = re.compile(r"[\]}]").search(text, i)
            if end is None:
                raise _Syntax(text[i:])
            close = end.start()
            bounds = re.fullmatch(r"\s*(\S+)\s+TO\s+(\S+)\s*", text[i + 1:close])
            if not bounds or name not in self.DATES:
                raise _Syntax(text[i:close + 1])
            self.i = close + 1
            return ("range", bounds.group(1), bounds.group(2), text[i] == "[", text[close] == "]")
        if text[i] == '"':
            out, j = [], i + 1
            while j < len(text) and text[j] != '"':
                if text[j] == "\\" and j + 1 < len(text):
                    j += 1
                out.append(text[j])
                j += 1
            if j >= len(text):
                raise _Syntax(text[i:])
            self.i = j + 1
            return ("exact", "".join(out))
        out, j = [], i
        while j < len(text) and not text[j].isspace() and text[j] not in "()":
            if text[j] == "\\" and j + 1 < len(text):
                j += 1
            out.append(text[j])
            j += 1
        if not out:
            raise _Syntax(text[i:])
        self.i = j
        value = "".join(out)
        return ("pattern", value) if ("*" in value or "?" in value) else ("exact", value)

    # evaluation
    def check_dates(self, now: datetime) -> None:
        """Parse every date once up front, so that a bad one is a clear error before anything is read."""
        self.now = now

        def walk(node):
            if node[0] in ("and", "or"):
                for item in node[1]:
                    walk(item)
            elif node[0] == "not":
                walk(node[1])
            elif node[1] in self.DATES:
                value = node[2]
                if value[0] == "range":
                    solr_date(value[1], now), solr_date(value[2], now)
                elif value[0] == "exact":
                    solr_date(value[1], now)

        walk(self.tree)

    def matches(self, row: Row, cat: Catalogue) -> bool:
        return self._eval(self.tree, row, cat)

    def _eval(self, node, row: Row, cat: Catalogue) -> bool:
        kind = node[0]
        if kind == "and":
            return all(self._eval(item, row, cat) for item in node[1])
        if kind == "or":
            return any(self._eval(item, row, cat) for item in node[1])
        if kind == "not":
            return not self._eval(node[1], row, cat)
        return self._leaf(node[1], node[2], row, cat)

    def _leaf(self, name: str, value, row: Row, cat: Catalogue) -> bool:
        if name in self.DATES:
            moment = row.modified if name == "metadata_modified" else row.created
            if value[0] == "pattern":
                return value[1] == "*"
            if value[0] == "exact":
                return moment == solr_date(value[1], self.now)
            low, high = solr_date(value[1], self.now), solr_date(value[2], self.now)
            if low is not None and (moment < low if value[3] else moment <= low):
                return False
            return high is None or (moment <= high if value[4] else moment < high)
        candidates = {
            "organization": {cat.org["name"], cat.org["id"]},
            "owner_org": {cat.org["id"], cat.org["name"]},
            "tags": row.tags | row.keywords,
            "res_format": row.formats,
            "groups": {row.topic, _uid("group", row.topic)} if row.topic else set(),
            "name": {row.slug},
            "id": {row.uid},
            "license_id": {row.license_id},
            "dataset_type": {"dataset"},
            "state": {"active"},
            "capacity": {"public"},
            "site_id": {cat.site},
            "entity_type": {"package"},
        }[name]
        wanted = value[1].casefold()
        if value[0] == "pattern":
            return any(fnmatchcase(c.casefold(), wanted) for c in candidates)
        return any(c.casefold() == wanted for c in candidates)


def _query(text: str, name: str, now: datetime) -> Query:
    if len(text) > QUERY_MAX:
        raise Invalid(name, _("The query may have at most %(n)d characters.") % {"n": QUERY_MAX})
    try:
        query = Query(text)
        query.check_dates(now)
    except (ValueError, RecursionError) as error:
        detail = str(error) if isinstance(error, ValueError) else text
        raise Invalid(name, _("Cannot parse the query near «%(part)s». Use field:value terms (metadata_modified, "
                              "organization, tags, res_format, groups, name, id, license_id) joined by AND, OR, "
                              "NOT; dates as 2024-05-01T00:00:00Z or NOW-1DAY in [from TO to].")
                      % {"part": detail[:60]}) from None
    return query


def _fielded(q: str) -> bool:
    """Whether ``q`` is written as fielded terms (``tags:economy``) rather than words to find."""
    return bool(Query._FIELD.search(q)) and all(
        m.group(1) in Query.FIELDS for m in Query._FIELD.finditer(q))


def _rows(cat: Catalogue, qs=None) -> list[Row]:
    """The rows of the published datasets ``qs`` selects (all of them by default); a word search narrows ``qs``
    in SQL first, so that only its matches are loaded."""
    qs = selectors.public_datasets(cat.hromada) if qs is None else qs
    rows, by_pk = [], {}
    fields = ("pk", "uid", "slug", "title", "keywords", "topic", "license", "updated_at", "created_at")
    for pk, uid, slug, title, keywords, topic, lic, modified, created in qs.values_list(*fields):
        row = Row(pk=pk, uid=str(uid), slug=slug, title=title,
                  tags={name for k in keywords or [] if len(name := tag_name(k)) >= 2}, keywords=set(keywords or []),
                  topic=topic, license_id=_license(lic)[0], modified=modified, created=created)
        rows.append(row)
        by_pk[pk] = row
    published = Resource.objects.filter(dataset__in=qs.order_by().values("pk"), current__isnull=False)
    for dataset_id, fmt in published.values_list("dataset_id", "current__format"):
        by_pk[dataset_id].formats.add(ResourceFormat(fmt).label)
    return rows


_SORT_KEYS = {
    "metadata_modified": lambda r: r.modified,
    "metadata_created": lambda r: r.created,
    "name": lambda r: r.slug,
    "id": lambda r: r.uid,
    "title_string": lambda r: uk_sort_key(r.title),
    "title": lambda r: uk_sort_key(r.title),
}


def _sorted(rows: list[Row], sort: str) -> list[Row]:
    clauses = []
    for part in sort.split(","):
        words = part.split()
        if not words:
            continue
        if len(words) != 2 or words[1].lower() not in ("asc", "desc"):
            raise Invalid("sort", _("Sort as «field asc» or «field desc», separated by commas."))
        name = words[0]
        if name != "score" and name not in _SORT_KEYS:
            raise Invalid("sort", _("Cannot sort by field «%(field)s»: sort by score, metadata_modified, "
                                    "metadata_created, name, id or title_string.") % {"field": name})
        clauses.append((name, words[1].lower() == "desc"))
    ordered = sorted(rows, key=lambda r: r.uid)  # a stable last resort, so that pages never overlap
    for name, descending in reversed(clauses):
        if name != "score":  # no relevance score: every match is as good as another
            ordered.sort(key=_SORT_KEYS[name], reverse=descending)
    return ordered


# --- facets -----------------------------------------------------------------------------------------------


def _facet_values(name: str, row: Row, cat: Catalogue) -> set[str]:
    if name == "tags":
        return row.tags
    if name == "res_format":
        return row.formats
    if name == "organization":
        return {cat.org["name"]}
    if name == "groups":
        return {row.topic} if row.topic else set()
    if name == "license_id":
        return {row.license_id}
    return set()


def _facets(names: list[str], rows: list[Row], cat: Catalogue, limit: int, mincount: int) -> tuple[dict, dict]:
    licence_titles = {ckan_id: title for ckan_id, title, _url in LICENSES.values()}
    legacy, structured = {}, {}
    for name in names:
        counts: dict[str, int] = {}
        for row in rows:
            for value in _facet_values(name, row, cat):
                counts[value] = counts.get(value, 0) + 1
        top = sorted(((v, n) for v, n in counts.items() if n >= mincount), key=lambda item: (-item[1], item[0]))
        if limit >= 0:
            top = top[:limit]
        legacy[name] = dict(top)
        items = []
        for value, count in top:
            display = value
            if name == "organization":
                display = cat.org["title"]
            elif name == "groups":
                display = str(dict(TOPICS).get(value, value))
            elif name == "license_id":
                display = licence_titles.get(value, value)
            items.append({"name": value, "display_name": display, "count": count})
        # CKAN 2.10 returns each facet's items ordered by display name, descending.
        items.sort(key=lambda item: item["display_name"], reverse=True)
        structured[name] = {"title": name, "items": items}
    return legacy, structured


# --- the actions ------------------------------------------------------------------------------------------


def package_list(hromada, data: dict, *, site: str) -> list[str]:
    limit = _integer(data, "limit", None)
    offset = _integer(data, "offset", 0)
    names = selectors.public_datasets(hromada).order_by("slug").values_list("slug", flat=True)
    return list(names[offset:offset + limit] if limit is not None else names[offset:])


def current_package_list_with_resources(hromada, data: dict, *, site: str) -> list[dict]:
    cat = Catalogue(hromada, site)
    limit = _integer(data, "limit", None)
    page = _integer(data, "page", None)
    offset = (page - 1) * limit if page and limit else _integer(data, "offset", 0)
    qs = selectors.public_datasets(hromada).order_by("-updated_at", "pk").values_list("pk", flat=True)
    pks = list(qs[offset:offset + limit] if limit is not None else qs[offset:])
    return _packages(cat, pks)


def package_search(hromada, data: dict, *, site: str) -> dict:
    cat = Catalogue(hromada, site)
    q = _text(data, "q").strip()
    fq = _text(data, "fq").strip()
    rows_wanted = _integer(data, "rows", ROWS_DEFAULT, cap=ROWS_MAX)
    start = _integer(data, "start", 0)
    sort = _text(data, "sort").strip()
    sort = DEFAULT_SORT if sort in ("", "rank") else sort
    facet_fields = _string_list(data, "facet.field") or []
    facet_limit = _integer(data, "facet.limit", FACET_LIMIT, natural=False)
    facet_mincount = _integer(data, "facet.mincount", 1)
    now = timezone.now()
    filters = []
    if q in ("*:*", "*"):
        q = ""
    if q and _fielded(q):
        filters.append(_query(q, "q", now))
        q = ""
    if fq and fq not in ("*:*", "*"):
        filters.append(_query(fq, "fq", now))
    extra = data.get("fq_list") or []
    for item in [extra] if isinstance(extra, str) else extra:
        if not isinstance(item, str):
            raise Invalid("fq_list", _("Not a string"))
        filters.append(_query(item, "fq_list", now))
    public = selectors.public_datasets(hromada)
    rows = _rows(cat, selectors.text_search(public, q) if q else public)
    rows = [r for r in rows if all(f.matches(r, cat) for f in filters)]
    ordered = _sorted(rows, sort)
    page = ordered[start:start + rows_wanted]
    legacy, structured = {}, {}
    if facet_fields and _boolean(data, "facet", True):
        legacy, structured = _facets(facet_fields, rows, cat, facet_limit, facet_mincount)
    return {"count": len(rows), "results": _packages(cat, [r.pk for r in page]), "sort": sort,
            "facets": legacy, "search_facets": structured}


def package_show(hromada, data: dict, *, site: str) -> dict:
    cat = Catalogue(hromada, site)
    ref = _text(data, "id").strip() or _text(data, "name_or_id").strip()
    if not ref:
        raise Invalid("id", _("Missing value"))
    return package_dict(_package(cat, ref), cat)


def resource_show(hromada, data: dict, *, site: str) -> dict:
    cat = Catalogue(hromada, site)
    ref = _required(data, "id")
    dataset_uid = None
    if _is_uuid(ref):
        dataset_uid = (Resource.objects.filter(uid=ref, dataset__hromada=hromada,
                                               dataset__status=DatasetStatus.PUBLISHED)
                       .values_list("dataset__uid", flat=True).first())
    if dataset_uid is None:
        raise NotFound(_("Resource was not found."))
    dataset = _package(cat, str(dataset_uid))
    for position, item in enumerate(_published_resources(dataset)):
        if str(item.uid) == ref:
            return resource_dict(item, dataset, position, cat)
    raise NotFound(_("Resource was not found."))


def _list_sort(data: dict, default: str) -> tuple[str, bool]:
    sort = (_text(data, "sort") or default).strip()
    if sort in ("packages", "package_count"):
        sort = "package_count desc"
    words = sort.split()
    name = words[0] if words else ""
    direction = words[1].lower() if len(words) > 1 else "asc"
    if name not in ("name", "title", "package_count", "packages") or len(words) > 2 or "," in sort:
        raise Invalid("sort", _("Cannot sort by field «%(field)s»: sort by name, title or package_count.")
                      % {"field": sort})
    if direction not in ("asc", "desc"):
        raise Invalid("sort", _("Invalid sort direction «%(direction)s»") % {"direction": direction})
    return ("package_count" if name == "packages" else name), direction == "desc"


def _paged(items: list, data: dict, all_fields: bool) -> list:
    limit = _integer(data, "limit", None)
    offset = _integer(data, "offset", 0)
    ceiling = LIST_ALL_FIELDS_MAX if all_fields else LIST_MAX
    limit = ceiling if limit is None or limit > ceiling else limit
    return items[offset:offset + limit]


def _org_full(cat: Catalogue, count: int) -> dict:
    org = cat.org
    return {**org, "display_name": org["title"], "image_display_url": "", "num_followers": 0,
            "package_count": count, "users": [], "groups": [], "tags": []}


def organization_list(hromada, data: dict, *, site: str) -> list:
    cat = Catalogue(hromada, site)
    all_fields = _boolean(data, "all_fields", False)
    _list_sort(data, "title asc")  # one organization: any valid order is the same
    wanted = _string_list(data, "organizations", comma=True)
    q = _text(data, "q").strip().casefold()
    org = cat.org
    items = []
    if (wanted is None or org["name"] in wanted) and (not q or q in org["name"] or q in org["title"].casefold()):
        items = [_org_full(cat, selectors.public_datasets(hromada).count()) if all_fields else org["name"]]
    return _paged(items, data, all_fields)


def organization_show(hromada, data: dict, *, site: str) -> dict:
    cat = Catalogue(hromada, site)
    ref = _required(data, "id")
    if not cat.is_org(ref):
        raise NotFound(_("Organization not found"))
    result = _org_full(cat, selectors.public_datasets(hromada).count())
    if _boolean(data, "include_datasets", False):
        pks = [r.pk for r in _sorted(_rows(cat), DEFAULT_SORT)[:ROWS_MAX]]
        result["packages"] = _packages(cat, pks)
    return result


def _topic_counts(hromada) -> dict[str, int]:
    counts: dict[str, int] = {}
    for topic in selectors.public_datasets(hromada).exclude(topic="").values_list("topic", flat=True):
        counts[topic] = counts.get(topic, 0) + 1
    return counts


def group_list(hromada, data: dict, *, site: str) -> list:
    cat = Catalogue(hromada, site)
    all_fields = _boolean(data, "all_fields", False)
    name, descending = _list_sort(data, "title asc")
    wanted = _string_list(data, "groups", comma=True)
    q = _text(data, "q").strip().casefold()
    counts = _topic_counts(hromada)
    groups = [cat.group(slug) | {"package_count": counts.get(slug, 0)} for slug, _label in TOPICS
              if (wanted is None or slug in wanted) and (not q or q in slug or q in str(_label).casefold())]
    key = {"name": lambda g: g["name"], "title": lambda g: uk_sort_key(g["title"]),
           "package_count": lambda g: g["package_count"]}[name]
    groups.sort(key=lambda g: g["name"])
    groups.sort(key=key, reverse=descending)
    groups = _paged(groups, data, all_fields)
    return groups if all_fields else [g["name"] for g in groups]


def group_show(hromada, data: dict, *, site: str) -> dict:
    cat = Catalogue(hromada, site)
    slug = cat.find_group(_required(data, "id"))
    if slug is None:
        raise NotFound(_("Group not found"))
    result = cat.group(slug) | {"package_count": _topic_counts(hromada).get(slug, 0), "users": [], "groups": [],
                                "tags": [], "extras": []}
    if _boolean(data, "include_datasets", False):
        rows = [r for r in _rows(cat) if r.topic == slug]
        result["packages"] = _packages(cat, [r.pk for r in _sorted(rows, DEFAULT_SORT)[:ROWS_MAX]])
    return result


def tag_list(hromada, data: dict, *, site: str) -> list:
    query = _text(data, "query").strip().casefold() or _text(data, "q").strip().casefold()
    if _text(data, "vocabulary_id").strip():
        raise NotFound(_("Could not find vocabulary «%(id)s»") % {"id": _text(data, "vocabulary_id")})
    names: set[str] = set()
    for keywords in selectors.public_datasets(hromada).values_list("keywords", flat=True):
        names.update(name for k in keywords or [] if len(name := tag_name(k)) >= 2)
    found = sorted((n for n in names if query in n.casefold()), key=uk_sort_key)
    if _boolean(data, "all_fields", False):
        return [{"id": _uid("tag", n), "name": n, "display_name": n, "vocabulary_id": None} for n in found]
    return found


def license_list(hromada, data: dict, *, site: str) -> list[dict]:
    return [{"id": ckan_id, "title": title, "url": url, "status": "active", "od_conformance": "approved",
             "osd_conformance": "not reviewed", "domain_content": True, "domain_data": True,
             "domain_software": False, "family": "", "maintainer": ""} for ckan_id, title, url in LICENSES.values()]


def status_show(hromada, data: dict, *, site: str) -> dict:
    return {"site_title": hromada.council_name or hromada.name, "site_description": hromada.description or "",
            "site_url": site, "ckan_version": CKAN_VERSION, "error_emails_to": None, "locale_default": "uk",
            "extensions": ["datastore", "dcat"]}


def site_read(hromada, data: dict, *, site: str) -> bool:
    return True


# --- the DataStore ----------------------------------------------------------------------------------------


def _datastore_fields(resource: Resource, version) -> list[dict]:
    schema_fields = (resource.table_schema or {}).get("fields") or []
    if schema_fields:
        fields = []
        for item in schema_fields:
            entry = {"id": item["name"], "type": DATASTORE_TYPES.get(item.get("type", "string"), "text")}
            info = {k: v for k, v in (("label", item.get("title", "")), ("notes", item.get("description", "")))
                    if v}
            if info:
                entry["info"] = info
            fields.append(entry)
        return fields
    first = DatastoreRow.objects.filter(version=version).order_by("position").values_list("data", flat=True).first()
    return [{"id": name, "type": "text"} for name in (first or {})]


class JsonValue(Func):
    """One key of a row's ``data`` as SQL, the same on both databases: its text (``numeric``: its number), and
    NULL for a JSON null, a missing key or (``numeric``) a value that is not a number. Django's key transforms
    differ here: on SQLite they give JSON null as the text 'null' and booleans as 1/0."""

    def __init__(self, key: str, *, numeric: bool = False):
        self.key, self.numeric = key, numeric
        super().__init__(F("data"), output_field=FloatField() if numeric else TextField())

    def as_sqlite(self, compiler, connection, **extra):
        lhs, params = compiler.compile(self.get_source_expressions()[0])
        path = compile_json_path([self.key])
        if self.numeric:
            return (f"(CASE WHEN JSON_TYPE({lhs}, %s) IN ('integer', 'real') THEN JSON_EXTRACT({lhs}, %s) END)",
                    (*params, path, *params, path))
        return (f"(CASE JSON_TYPE({lhs}, %s) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN NULL "
                f"ELSE CAST(JSON_EXTRACT({lhs}, %s) AS TEXT) END)", (*params, path, *params, path))

    def as_postgresql(self, compiler, connection, **extra):
        lhs, params = compiler.compile(self.get_source_expressions()[0])
        if self.numeric:
            return (f"(CASE WHEN jsonb_typeof({lhs} -> %s) = 'number' THEN ({lhs} ->> %s)::double precision END)",
                    (*params, self.key, *params, self.key))
        return f"({lhs} ->> %s)", (*params, self.key)


def _coerce(value, kind: str, name: str):
    """A filter value as the column holds it (CKAN casts it in SQL the same way): a number for a numeric column,
    'true'/'false' for a boolean one, text otherwise."""
    if value is None:
        return None
    if kind in NUMERIC:
        try:
            return float(value)
        except (TypeError, ValueError):
            raise Invalid("filters", _("«%(value)s» is not a number (field «%(field)s»).")
                          % {"value": value, "field": name}) from None
    if kind == "bool":
        truth = value if isinstance(value, bool) else str(value).strip().lower() in ("true", "t", "1", "yes", "так")
        return "true" if truth else "false"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _sort_terms(sort: str, known, types: dict) -> list:
    order = []
    for part in (p.strip() for p in sort.split(",") if p.strip()):
        words = part.replace('"', "").split()
        direction = words[1].lower() if len(words) > 1 else "asc"
        if len(words) > 2 and " ".join(words[2:]).lower() not in ("nulls first", "nulls last"):
            raise Invalid("sort", _("Sort as «field asc» or «field desc», separated by commas."))
        if direction not in ("asc", "desc"):
            raise Invalid("sort", _("Invalid sort direction «%(direction)s»") % {"direction": direction})
        name = known(words[0], "sort")
        if name == "_id":
            order.append("position" if direction == "asc" else "-position")
            continue
        expr = JsonValue(name, numeric=True) if types[name] in NUMERIC else Collate(JsonValue(name), COLLATION)
        # PostgreSQL's (and so CKAN's) order: empty values last going up, first going down.
        order.append(expr.asc(nulls_last=True) if direction == "asc" else expr.desc(nulls_first=True))
    return order


def datastore_search(hromada, data: dict, *, site: str, current_url: str | None = None) -> dict:
    ref = _text(data, "resource_id").strip() or _text(data, "id").strip()
    if not ref:
        raise Invalid("resource_id", _("Missing value"))
    try:
        resource = selectors.public_resource_by_uid(hromada, ref)
    except Http404:
        resource = None
    version = resource.current if resource is not None else None
    if version is None or version.format != ResourceFormat.CSV:
        raise NotFound(_("Resource «%(id)s» was not found.") % {"id": ref})
    limit = _integer(data, "limit", DATASTORE_DEFAULT, cap=DATASTORE_MAX)
    offset = _integer(data, "offset", 0)
    include_total = _boolean(data, "include_total", True)
    records_format = _text(data, "records_format", "objects").strip() or "objects"
    if records_format not in ("objects", "lists", "csv", "tsv"):
        raise Invalid("records_format", _("Give objects, lists, csv or tsv."))
    table_fields = _datastore_fields(resource, version)
    types = {f["id"]: f["type"] for f in table_fields}
    all_fields = [{"id": "_id", "type": "int"}, *table_fields]

    def known(name: str, param: str) -> str:
        if name != "_id" and name not in types:
            raise Invalid(param, _("Field «%(field)s» is not in the table.") % {"field": name})
        return name

    qs = DatastoreRow.objects.filter(version=version)
    filtered = False
    q = data.get("q") if data.get("q") not in (None, "") else data.get("full_text")
    if isinstance(q, str) and q.strip().startswith("{"):
        with suppress(ValueError):  # as CKAN reads q: a JSON object is a per-field search
            q = json.loads(q)
    if isinstance(q, (dict, list)):
        raise Invalid("q", _("Give q as text: the words are looked for in every field of a row."))
    words = list(dict.fromkeys(str(q or "").casefold().split()))
    if len(words) > WORDS_MAX:
        raise Invalid("q", _("Look for at most %(n)d words at once.") % {"n": WORDS_MAX})
    for word in words:
        qs = qs.filter(text__contains=word)  # the row's text is stored casefolded
        filtered = True
    filters = _json(data, "filters", {})
    if not isinstance(filters, dict):
        raise Invalid("filters", _("Give filters as a JSON object: {\"field\": value} or {\"field\": [values]}."))
    for n, (name, wanted) in enumerate(filters.items()):
        known(name, "filters")
        values = wanted if isinstance(wanted, list) else [wanted]
        if any(isinstance(v, (dict, list)) for v in values):
            raise Invalid("filters", _("Give a value or a list of values for «%(field)s».") % {"field": name})
        if len(values) > VALUES_MAX:
            raise Invalid("filters", _("Give at most %(n)d values for «%(field)s».") % {"n": VALUES_MAX,
                                                                                     "field": name})
        if name == "_id":
            positions = [_integer({"filters": v}, "filters", None) for v in values]
            qs = qs.filter(position__in=[p for p in positions if p is not None])
        else:
            kind = types[name]
            alias = f"filter_{n}"
            qs = qs.alias(**{alias: JsonValue(name, numeric=kind in NUMERIC)})
            coerced = [_coerce(value, kind, name) for value in values]
            condition = Q(**{f"{alias}__in": [c for c in coerced if c is not None]})
            if None in coerced:
                condition |= Q(**{f"{alias}__isnull": True})
            qs = qs.filter(condition)
        filtered = True
    order = [*_sort_terms(_text(data, "sort").strip(), known, types), "position"]
    wanted_fields = _string_list(data, "fields", comma=True)
    if wanted_fields:
        chosen = {known(name, "fields") for name in wanted_fields}
        shown = [f for f in all_fields if f["id"] in chosen]
    else:
        shown = all_fields
    names = [f["id"] for f in shown]
    page = qs.order_by(*order).values_list("position", "data")[offset:offset + limit]
    rows = [[position if n == "_id" else (values or {}).get(n) for n in names] for position, values in page]
    if records_format == "objects":
        records: Any = [dict(zip(names, row, strict=True)) for row in rows]
    elif records_format == "lists":
        records = rows
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if records_format == "csv" else "\t", lineterminator="\n")
        writer.writerows([_cell(v) for v in row] for row in rows)
        records = buffer.getvalue()
    result = {"include_total": include_total, "resource_id": str(resource.uid), "records_format": records_format,
              "fields": shown, "records": records, "limit": limit, "offset": offset,
              "_links": _links(data, current_url, limit, offset)}
    for name in ("q", "sort"):
        if data.get(name) not in (None, ""):
            result[name] = data[name]
    if filters:
        result["filters"] = filters
    if include_total:
        # Unfiltered, the version knows its row count: no COUNT over a table of millions.
        result["total"] = qs.count() if filtered else (version.row_count or 0)
        result["total_was_estimated"] = False
    return result


def _links(data: dict, current_url: str | None, limit: int, offset: int) -> dict:
    """CKAN's links to the first and the next page: the address called, with another offset."""
    path = reverse("ckan:action", args=["datastore_search"])
    if current_url is not None:
        path, _sep, query = current_url.partition("?")
        params = dict(parse_qsl(query))
    else:
        params = {k: (v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)) for k, v in data.items()}
    start = {k: v for k, v in params.items() if k != "offset"}
    links = {"start": f"{path}?{urlencode(start)}" if start else path,
             "next": f"{path}?{urlencode({**params, 'offset': offset + limit})}"}
    if offset - limit > 0:
        links["prev"] = f"{path}?{urlencode({**params, 'offset': offset - limit})}"
    return links


# --- the registry of actions ------------------------------------------------------------------------------

ACTIONS = {
    "package_list": package_list,
    "current_package_list_with_resources": current_package_list_with_resources,
    "package_search": package_search,
    "package_show": package_show,
    "resource_show": resource_show,
    "organization_list": organization_list,
    "organization_show": organization_show,
    "group_list": group_list,
    "group_show": group_show,
    "tag_list": tag_list,
    "license_list": license_list,
    "status_show": status_show,
    "site_read": site_read,
    "datastore_search": datastore_search,
}

# CKAN's actions that change something: known names (a POST to one is refused as CKAN refuses an anonymous
# caller), but nothing here writes.
WRITE_ACTION = re.compile(r"^[a-z_]+_(create|update|patch|delete|purge|upsert|revise|reorder|clear|follow|unfollow"
                          r"|regenerate_api_key|run|register)$|^(bulk_update_\w+|member_create|member_delete"
                          r"|package_relationship_\w+|datastore_run_triggers|task_status_\w+)$")


def help_text(name: str) -> str:
    texts = {
        "package_list": _("The names of the published datasets (limit, offset)."),
        "current_package_list_with_resources": _("The published datasets with their resources, most recently "
                                                 "changed first (limit, offset)."),
        "package_search": _("Search the published datasets: q, fq (metadata_modified, organization, tags, "
                            "res_format, groups, name, id, license_id), rows (up to 1000), start, sort, "
                            "facet.field, facet.limit, facet.mincount."),
        "package_show": _("One published dataset by its name or id."),
        "resource_show": _("One resource of a published dataset by its id."),
        "organization_list": _("The publisher: the council of the hromada (all_fields, sort, limit, offset)."),
        "organization_show": _("The publisher (include_datasets)."),
        "group_list": _("The thematic groups of data.gov.ua (all_fields, sort, limit, offset)."),
        "group_show": _("One thematic group (include_datasets)."),
        "tag_list": _("The keywords of the published datasets (query, all_fields)."),
        "license_list": _("The licences datasets are published under."),
        "status_show": _("The site and the CKAN version whose API it answers."),
        "site_read": _("Whether the site can be read: always true."),
        "datastore_search": _("Rows of a tabular resource: resource_id, q, filters, limit (up to 32000), offset, "
                              "sort, fields, include_total, records_format (objects, lists, csv, tsv)."),
        "help_show": _("What an action does (name)."),
    }
    return texts.get(name, "")


def help_show(hromada, data: dict, *, site: str) -> str:
    name = _required(data, "name")
    if name not in ACTIONS and name != "help_show":
        raise NotFound(_("Action function not found"))
    return help_text(name)


ACTIONS["help_show"] = help_show
