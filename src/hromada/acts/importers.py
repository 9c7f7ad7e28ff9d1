"""`hromada import acts FILE` and the staff import of acts: JSON Lines or CSV/XLSX, all rows or none.

One act per line (JSON Lines) or row (CSV, XLSX) — see core.imports for the engine's contract (two passes,
one transaction, one audit entry, a row-level report). The natural key is the act's type, date and folded
number (the database keeps it unique too), so importing the same file again changes nothing; a changed row
updates the act and appends a version with the comment «Імпорт».

Relations name their target by number (and date, and type, when the number alone is ambiguous); the target
is an act already in the registry or one in the rows above. They are checked by the same rules as
`services.check_relation`, and their effect on the target's status is applied by
`services.apply_due_relations` itself, so an imported repeal does exactly what one entered by hand does:
the target's status changes from the relation's date, with a new version.

Writing is in bulk (acts, topics, versions, search entries: one INSERT each per batch); the few acts that
change and the relations' effects go through the same helpers the services use.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.acts import lifecycle, numbers, search, services, versions
from hromada.acts.models import (
    STATUS_EFFECTS,
    Act,
    ActRelation,
    ActStatus,
    ActType,
    ActVersion,
    RelationKind,
    SearchEntry,
    Topic,
)
from hromada.core import imports
from hromada.core.imports import (
    Column,
    Counts,
    ImportContext,
    Importer,
    RowError,
    RowErrors,
    normalise_header,
    parse_date,
)
from hromada.core.models import Department

fold = lru_cache(maxsize=4096)(normalise_header)  # the same few type and status names on every row
KYIV = ZoneInfo("Europe/Kyiv")
PUBLICATION_HOUR = dt.time(9, 0)  # a publication date without a time: 09:00 Kyiv time

# Codes, and the names officials write (compared case-insensitively, apostrophes and spaces unified).
TYPE_NAMES = {
    ActType.COUNCIL_DECISION: ("рішення ради", "рішення сесії", "рішення сесії ради", "рішення міської ради",
                               "рішення селищної ради", "рішення сільської ради"),
    ActType.EXECUTIVE_DECISION: ("рішення виконавчого комітету", "рішення виконкому",
                                 "рішення виконавчого комітету ради"),
    ActType.HEAD_ORDER: ("розпорядження", "розпорядження голови", "розпорядження міського голови",
                         "розпорядження селищного голови", "розпорядження сільського голови"),
    ActType.REGULATORY_ACT: ("регуляторний акт",),
    ActType.PROTOCOL: ("протокол", "протокол засідання"),
    ActType.AGENDA: ("порядок денний",),
    ActType.DRAFT_DECISION: ("проєкт рішення", "проект рішення"),
}
STATUS_NAMES = {
    ActStatus.WORKING: ("робоча чернетка", "чернетка", "робочий проєкт", "робочий проект"),
    ActStatus.DRAFT: ("проєкт", "проект", "проєкт для обговорення", "проект для обговорення",
                      "оприлюднено для обговорення"),
    ActStatus.ADOPTED: ("прийнятий", "прийнято", "прийняте", "прийнята", "ухвалений", "ухвалено"),
    ActStatus.IN_FORCE: ("чинний", "чинне", "чинна", "діє", "набрав чинності", "набрало чинності"),
    ActStatus.AMENDED: ("змінений", "змінене", "змінена", "змінено", "зі змінами", "внесено зміни"),
    ActStatus.SUSPENDED: ("зупинений", "зупинене", "зупинена", "зупинено", "дію зупинено"),
    ActStatus.REPEALED: ("скасований", "скасоване", "скасована", "скасовано", "втратив чинність",
                         "втратило чинність", "втратила чинність"),
}
KIND_NAMES = {
    RelationKind.AMENDS: ("змінює", "вносить зміни", "вносить зміни до"),
    RelationKind.REPEALS: ("скасовує", "визнає таким, що втратив чинність"),
    RelationKind.SUSPENDS: ("зупиняє", "зупиняє дію"),
    RelationKind.IMPLEMENTS: ("виконує", "на виконання"),
    RelationKind.RELATED: ("пов'язаний", "пов'язаний з", "стосується"),
}
YES = {"true", "1", "так", "yes", "+", "т", "y"}
NO = {"", "false", "0", "ні", "no", "-", "н", "n"}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ROMAN_TWINS = str.maketrans({"і": "i", "х": "x", "с": "c", "v": "v", "l": "l"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_RELATION_DATE = re.compile(r"(.+?):(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})(?::([a-z_]+))?")
FIELDS = ("number", "date", "type", "status", "title", "text", "convocation", "session", "author_unit_id",
          "control_unit_id", "consideration_date", "internal")


def _lookup(names: dict) -> dict[str, str]:
    table = {fold(code): code for code in names}
    for code, words in names.items():
        table.update({fold(word): code for word in words})
    return table


TYPES, STATUSES, KINDS = _lookup(TYPE_NAMES), _lookup(STATUS_NAMES), _lookup(KIND_NAMES)


def _choices_text(names: dict) -> str:
    return ", ".join(f"{words[0]} ({code})" for code, words in names.items())


def _one_of(names: dict) -> str:
    return _("One of: %(values)s.") % {"values": _choices_text(names)}


one_of = lazy(_one_of, str)


def _choice(column: str, value: str, table: dict[str, str], names: dict) -> str:
    if not value:
        raise RowError(column, value, _("The value is required."))
    found = table.get(fold(value))
    if found is None:
        raise RowError(column, value, _("Unknown value; expected one of: %(values)s.")
                       % {"values": _choices_text(names)})
    return found


def _text(column: str, value, *, limit: int | None = None, required: bool = False) -> str:
    if not isinstance(value, str):
        raise RowError(column, str(value), _("Give text here."))
    if required and not value:
        raise RowError(column, value, _("The value is required."))
    bad = _CONTROL.search(value)
    if bad:
        raise RowError(column, value, _("The text contains a control character (code %(code)s) that cannot be "
                                        "stored.") % {"code": f"U+{ord(bad.group()):04X}"})
    if limit is not None and len(value) > limit:
        raise RowError(column, value, _("At most %(count)s characters (here: %(length)s).")
                       % {"count": limit, "length": len(value)})
    return value


def _roman(text: str) -> int | None:
    text = text.casefold().translate(_ROMAN_TWINS)
    if not text or any(char not in _ROMAN for char in text):
        return None
    total = 0
    for index, char in enumerate(text):
        value = _ROMAN[char]
        total += -value if index + 1 < len(text) and _ROMAN[text[index + 1]] > value else value
    return total


def _whole(column: str, value: str, *, maximum: int, roman: bool = False) -> int | None:
    if not value:
        return None
    if roman and (number := _roman(value)) is not None:
        if not 1 <= number <= maximum:
            raise RowError(column, value, _("The number must be at most %(maximum)s.") % {"maximum": maximum})
        return number
    return imports.parse_int(column, value, minimum=1, maximum=maximum)


def _boolean(column: str, value: str) -> bool:
    folded = fold(value)
    if folded in YES:
        return True
    if folded in NO:
        return False
    raise RowError(column, value, _("Give «так» or «ні» (true or false)."))


def parse_published(column: str, value: str) -> dt.datetime | None:
    """An ISO date-time (with its offset; without one, Kyiv time) or a date alone (09:00 Kyiv time)."""
    if not value:
        return None
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{4}", text):
        day = parse_date(column, text)
        return dt.datetime.combine(day, PUBLICATION_HOUR, tzinfo=KYIV)
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?", text)
    try:
        if match:
            day, month, year, hour, minute, second = (int(part or 0) for part in match.groups())
            moment = dt.datetime(year, month, day, hour, minute, second)
        else:
            moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise RowError(column, value, _("Give the time of publication as YYYY-MM-DDTHH:MM+02:00, or its date "
                                        "alone.")) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=KYIV)
    return moment


@dataclass(slots=True)
class Known:
    """An act a relation may point at: in the registry (pk) or in an earlier row of the file (key)."""

    type: str
    date: dt.date
    number_key: str
    status: str
    pk: int | None = None
    published_at: dt.datetime | None = None
    in_file: bool = False

    @property
    def key(self) -> tuple:
        return (self.type, self.date, self.number_key)

    @property
    def ref(self) -> tuple:
        return ("pk", self.pk) if self.pk is not None else ("key", self.key)


@imports.register("acts")
class ActImporter(Importer):
    kind = "acts"
    title = gettext_lazy("acts")
    listed = False  # the acts have their own import page and capability (acts.import)
    structured = frozenset({"relations", "topics"})
    columns = (
        Column("number", "Номер", ("number", "№", "номер акта"), required=True,
               help=gettext_lazy("As written on the act, e.g. «2311-25/VIII».")),
        Column("date", "Дата", ("date", "дата акта", "дата прийняття"), required=True,
               help=gettext_lazy("The date of the act: YYYY-MM-DD or DD.MM.YYYY.")),
        Column("type", "Тип", ("type", "вид", "вид акта"), required=True, help=one_of(TYPE_NAMES)),
        Column("title", "Назва", ("title", "заголовок"), required=True,
               help=gettext_lazy("The title, at most 1000 characters.")),
        Column("text", "Текст", ("text",), help=gettext_lazy("The full text of the act.")),
        Column("status", "Статус", ("status", "стан"), required=True, help=one_of(STATUS_NAMES)),
        Column("convocation", "Скликання", ("convocation",),
               help=gettext_lazy("The council's convocation, e.g. 8 or VIII.")),
        Column("session", "Сесія", ("session",), help=gettext_lazy("The number of the council's session.")),
        Column("relations", "Зв'язки", ("relations",),
               help=gettext_lazy("Acts this one amends, repeals, suspends, implements or is related to, as "
                                 "«kind:number:YYYY-MM-DD» separated by «;», e.g. «repeals:154-12/VIII:2023-05-04». "
                                 "The date may be left out when no other act has the number. The act must be in "
                                 "the registry or in a row above.")),
        Column("author_unit", "Розробник", ("author_unit", "підрозділ-розробник", "автор"),
               help=gettext_lazy("The department that drafted the act, named as in the hromada's departments.")),
        Column("control_unit", "Контроль", ("control_unit", "контроль виконання", "підрозділ контролю"),
               help=gettext_lazy("The department that controls the execution, named as in the hromada's "
                                 "departments.")),
        Column("topics", "Теми", ("topics", "тематика"),
               help=gettext_lazy("Topics separated by «;»; new topics are created.")),
        Column("published_at", "Оприлюднено", ("published_at", "дата оприлюднення"),
               help=gettext_lazy("When the act was published on the site: YYYY-MM-DDTHH:MM+02:00, or a date "
                                 "alone (09:00 Kyiv time). Empty: not published.")),
        Column("consideration_date", "Дата розгляду", ("consideration_date",),
               help=gettext_lazy("For a draft decision: the planned date of its consideration.")),
        Column("internal", "Внутрішній", ("internal", "службовий"),
               help=gettext_lazy("«так» for an internal act that is not published (personnel orders, office "
                                 "routine); otherwise empty or «ні».")),
    )
    key_columns = ("number",)
    extra_labels = {"relations_created": gettext_lazy("relations created"),
                    "topics_created": gettext_lazy("topics created")}

    # --- pass 1 -------------------------------------------------------------------------------------------

    def prepare(self, context: ImportContext) -> None:
        hromada = context.hromada
        known: dict[str, list[Known]] = {}
        for pk, number_key, kind, day, status, published_at in Act.objects.filter(hromada=hromada) \
                .values_list("pk", "number_key", "type", "date", "status", "published_at").iterator():
            known.setdefault(number_key, []).append(Known(kind, day, number_key, status, pk, published_at))
        context.data["known"] = known
        # Pairs (source ref, target ref) of relations that change the target's status: the reverse is refused.
        context.data["effects"] = {
            (("pk", source), ("pk", target)) for source, target in ActRelation.objects.filter(
                hromada=hromada, kind__in=list(STATUS_EFFECTS)).values_list("source_id", "target_id")}
        units: dict[str, list[Department]] = {}
        for unit in Department.objects.filter(hromada=hromada):
            for name in {fold(unit.name), fold(unit.short_name)} - {""}:
                units.setdefault(name, []).append(unit)
        context.data["units"] = units
        context.data["units_by_pk"] = {unit.pk: unit for group in units.values() for unit in group}
        context.data["now"] = timezone.now()

    def clean(self, raw, context):
        errors: list[RowError] = []

        def attempt(parse, default=None):
            try:
                return parse()
            except RowErrors as error:
                errors.extend(error.errors)
            except RowError as error:
                errors.append(error)
            return default

        row: dict = {}
        number = attempt(lambda: _text("number", raw["number"], limit=60, required=True), "")
        row["number"] = number
        row["number_key"] = numbers.number_key(number)
        if number and not row["number_key"]:
            errors.append(RowError("number", number, _("Enter the number of the act.")))
        row["date"] = attempt(lambda: parse_date("date", raw["date"], required=True))
        row["type"] = attempt(lambda: _choice("type", raw["type"], TYPES, TYPE_NAMES))
        row["status"] = attempt(lambda: _choice("status", raw["status"], STATUSES, STATUS_NAMES))
        row["title"] = attempt(lambda: _text("title", raw["title"], limit=1000, required=True), "")
        row["text"] = attempt(lambda: _text("text", raw["text"]), "")
        row["convocation"] = attempt(lambda: _whole("convocation", raw["convocation"], maximum=30, roman=True))
        row["session"] = attempt(lambda: _whole("session", raw["session"], maximum=999))
        row["author_unit_id"] = attempt(lambda: self._unit("author_unit", raw["author_unit"], context))
        row["control_unit_id"] = attempt(lambda: self._unit("control_unit", raw["control_unit"], context))
        row["topics"] = attempt(lambda: self._topics(raw["topics"]), ())
        row["consideration_date"] = attempt(lambda: parse_date("consideration_date", raw["consideration_date"]))
        row["internal"] = attempt(lambda: _boolean("internal", raw["internal"]), False)
        row["published_at"] = attempt(lambda: parse_published("published_at", raw["published_at"]))
        relations = attempt(lambda: self._relations(raw["relations"]), [])
        if errors or None in (row["date"], row["type"], row["status"]):
            raise RowErrors(errors)

        try:  # the same rules of status, type and dates as an act entered by hand (acts.lifecycle)
            services.check_status(Act(status=row["status"], type=row["type"], date=row["date"],
                                      consideration_date=row["consideration_date"]))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.extend(RowError(field, raw.get(field, ""), message) for message in messages)
            raise RowErrors(errors) from None

        known = self._known(row, context)
        row["pk"] = known.pk if known is not None else None
        self._check_publication(row, raw["published_at"], known, context, errors)
        row["relations"] = self._resolve(row, relations, known, context, errors)
        if errors:
            raise RowErrors(errors)
        return row

    def natural_key(self, clean):
        return (clean["type"], clean["date"], clean["number_key"])

    def accept(self, clean, context):
        """Remember the row's act so that the rows below may refer to it."""
        known = self._known(clean, context)
        if known is None:
            known = Known(clean["type"], clean["date"], clean["number_key"], clean["status"])
            context.data["known"].setdefault(clean["number_key"], []).append(known)
        known.status, known.in_file = clean["status"], True
        effects = context.data["effects"]
        for kind, target, _effective, _note in clean["relations"]:
            if kind in STATUS_EFFECTS:
                effects.add((known.ref, target))

    @staticmethod
    def _known(row: dict, context) -> Known | None:
        for known in context.data["known"].get(row["number_key"], ()):
            if known.type == row["type"] and known.date == row["date"]:
                return known
        return None

    @staticmethod
    def _unit(column: str, value: str, context) -> int | None:
        if not value:
            return None
        matches = context.data["units"].get(fold(value), [])
        if not matches:
            raise RowError(column, value, _("No department of the hromada has this name."))
        if len({unit.pk for unit in matches}) > 1:
            raise RowError(column, value, _("Several departments have this name; give the full name."))
        return matches[0].pk

    @staticmethod
    def _topics(value) -> tuple[str, ...]:
        items = value if isinstance(value, list) else (value.split(";") if isinstance(value, str) else [value])
        names = set()
        for item in items:
            if not isinstance(item, str):
                raise RowError("topics", str(item), _("Give each topic as text."))
            name = " ".join(_text("topics", item).split())
            if len(name) > 120:
                raise RowError("topics", name, _("At most %(count)s characters (here: %(length)s).")
                               % {"count": 120, "length": len(name)})
            if name:
                names.add(name)
        return tuple(sorted(names))

    @staticmethod
    def _relations(value) -> list[dict]:
        """The relations as given: kind, number and the optional date, type, effective_from and note."""
        if value in ("", None):
            return []
        items = value if isinstance(value, list) else (value.split(";") if isinstance(value, str) else [value])
        found, errors = [], []
        for item in items:
            try:
                found.append(_relation(item))
            except RowError as error:
                errors.append(error)
        if errors:
            raise RowErrors(errors)
        return [item for item in found if item is not None]

    def _check_publication(self, row, given: str, known: Known | None, context, errors) -> None:
        when = row["published_at"]
        published = known.published_at if known is not None and known.pk is not None else None
        if row["internal"] and (when or published):
            errors.append(RowError("internal", "true", _("An internal act is not published.")))
        if when is None:
            return
        if published is not None and published != when:
            errors.append(RowError("published_at", given, _(
                "The act was published on %(when)s; the time of publication cannot be changed.")
                % {"when": timezone.localtime(published, KYIV).strftime("%d.%m.%Y %H:%M")}))
        elif when > context.data["now"] + dt.timedelta(minutes=5):
            errors.append(RowError("published_at", given, _("The publication time cannot be in the future.")))
        elif row["status"] == ActStatus.WORKING:
            errors.append(RowError("published_at", given, lifecycle.refusal(Act(status=ActStatus.WORKING))))
        elif timezone.localtime(when, KYIV).date() < row["date"] and row["status"] in lifecycle.ADOPTED_STATUSES \
                and row["type"] != ActType.DRAFT_DECISION:
            errors.append(RowError("published_at", given, _("An adopted act cannot be published before its date.")))

    def _resolve(self, row, relations, known: Known | None, context, errors) -> list[tuple]:
        """Each relation as (kind, target ref, effective_from, note), checked as services.check_relation does."""
        own_key = (row["type"], row["date"], row["number_key"])
        own_ref = known.ref if known is not None else ("key", own_key)
        effects = context.data["effects"]
        resolved: list[tuple] = []
        for item in relations:
            shown = item["shown"]

            def fail(message: str, shown=shown) -> None:
                errors.append(RowError("relations", shown, message))

            key = numbers.number_key(item["number"])
            candidates = [
                candidate for candidate in context.data["known"].get(key, ())
                if (item["date"] is None or candidate.date == item["date"])
                and (item["type"] is None or candidate.type == item["type"])
            ]
            others = [candidate for candidate in candidates if candidate.key != own_key]
            itself = key == row["number_key"] and item["date"] in (None, row["date"]) \
                and item["type"] in (None, row["type"])
            if not others:
                if candidates or itself:
                    fail(_("An act cannot refer to itself."))
                elif item["date"] is not None:
                    fail(_("No act № %(number)s of %(date)s is in the registry or in the rows above this one.")
                         % {"number": item["number"], "date": item["date"].strftime("%d.%m.%Y")})
                else:
                    fail(_("No act № %(number)s is in the registry or in the rows above this one.")
                         % {"number": item["number"]})
                continue
            if len(others) > 1:
                if item["date"] is None:
                    fail(_("Several acts have the number %(number)s; give the date as well.")
                         % {"number": item["number"]})
                else:
                    fail(_("Several acts have the number %(number)s and this date; give the type as well.")
                         % {"number": item["number"]})
                continue
            target = others[0]
            kind = item["kind"]
            if kind in STATUS_EFFECTS:
                if target.status in lifecycle.DRAFT_STATUSES or target.type == ActType.DRAFT_DECISION:
                    fail(_("A draft cannot be amended, repealed or suspended."))
                    continue
                if row["status"] in lifecycle.DRAFT_STATUSES or row["type"] == ActType.DRAFT_DECISION:
                    fail(_("A draft does not change other acts until it is adopted."))
                    continue
                if target.date > row["date"]:
                    fail(_("An act can only amend, repeal or suspend an earlier act."))
                    continue
                if (target.ref, own_ref) in effects:
                    fail(_("The other act already amends, repeals or suspends this one."))
                    continue
            entry = (kind, target.ref, item["effective_from"], item["note"])
            if all(entry[:2] != other[:2] for other in resolved):
                resolved.append(entry)
        return resolved

    # --- pass 2 -------------------------------------------------------------------------------------------

    def write(self, batch, context):
        counts = Counts(extras={"relations_created": 0, "topics_created": 0})
        topics = self._topic_ids(batch, context, counts)
        acts: dict[tuple, Act] = {}
        new_rows = [row for row in batch if row["pk"] is None]
        if new_rows:
            self._create(new_rows, acts, topics, context)
            counts.created = len(new_rows)
        old_rows = [row for row in batch if row["pk"] is not None]
        if old_rows:
            self._update(old_rows, acts, topics, context, counts)
        self._relate(batch, acts, context, counts)
        return counts

    def _create(self, rows, acts: dict, topics: dict[str, int], context) -> None:
        """New acts, their topics, version 1 and search entries: one INSERT each for the batch."""
        hromada, actor = context.hromada, context.actor
        imports.insert_rows(Act, [{"hromada_id": hromada.pk, "published_at": row["published_at"],
                                   "number_key": row["number_key"], **{name: row[name] for name in FIELDS}}
                                  for row in rows])
        ids = {(kind, day, key): pk for pk, kind, day, key in Act.objects.filter(
            hromada=hromada, number_key__in={row["number_key"] for row in rows}).values_list(
            "pk", "type", "date", "number_key")}
        units = context.data["units_by_pk"]
        author_id = actor.pk if getattr(actor, "pk", None) else None
        links, new_versions, entries = [], [], []
        for row in rows:
            act = Act(pk=ids[self.natural_key(row)], hromada=hromada, number_key=row["number_key"],
                      published_at=row["published_at"], **{name: row[name] for name in FIELDS})
            # The snapshot the services take, from what is in memory (no query per act).
            act.author_unit = units.get(act.author_unit_id)
            act.control_unit = units.get(act.control_unit_id)
            act._prefetched_objects_cache = {
                "topics": [Topic(pk=topics[name], hromada=hromada, name=name) for name in row["topics"]],
                "attachments": []}
            links.extend({"act_id": act.pk, "topic_id": topics[name]} for name in row["topics"])
            new_versions.append({"act_id": act.pk, "number": 1, "data": versions.snapshot(act, relations=[]),
                                 "changed": [],
                                 "comment": _("Import"), "author_id": author_id, "published": act.is_published})
            # What search.index_act would index: the text, then the topics (a new act has no attachments).
            entries.append({"act_id": act.pk, **search.entry_values(act, list(row["topics"]))})
            acts[self.natural_key(row)] = act
        if links:
            imports.insert_rows(Act.topics.through, links)
        imports.insert_rows(ActVersion, new_versions)
        _insert_entries(entries)

    def _topic_ids(self, batch, context, counts: Counts) -> dict[str, int]:
        if "topics" not in context.data:
            context.data["topics"] = dict(Topic.objects.filter(hromada=context.hromada).values_list("name", "pk"))
        known = context.data["topics"]
        missing = sorted({name for row in batch for name in row["topics"]} - known.keys())
        if missing:
            made = Topic.objects.bulk_create([Topic(hromada=context.hromada, name=name) for name in missing])
            known.update({topic.name: topic.pk for topic in made})
            counts.extras["topics_created"] += len(made)
        return known

    def _update(self, rows, acts: dict, topics: dict[str, int], context, counts: Counts) -> None:
        """Acts already in the registry: changed ones get the row's values and a new version «Імпорт»."""
        hromada, actor = context.hromada, context.actor
        pks = [row["pk"] for row in rows]
        # Compared as plain values (one query, and one for the topics): most rows of a re-import are unchanged.
        current = {values["id"]: values for values in Act.objects.filter(hromada=hromada, pk__in=pks)
                   .values("id", "number_key", "published_at", *FIELDS)}
        names: dict[int, list[str]] = {pk: [] for pk in pks}
        for act_id, name in Act.topics.through.objects.filter(act_id__in=pks).values_list("act_id", "topic__name"):
            names[act_id].append(name)
        # A status that relations already changed stays as they made it (a file cannot undo a repeal).
        effects: dict[int, list[str]] = {}
        for target, kind in ActRelation.objects.filter(target_id__in=pks, applied=True, kind__in=list(STATUS_EFFECTS)) \
                .order_by("effective_from", "pk").values_list("target_id", "kind"):
            effects.setdefault(target, []).append(kind)
        for row in rows:
            values = current[row["pk"]]
            wanted = {name: row[name] for name in FIELDS}
            for kind in effects.get(row["pk"], ()):
                wanted["status"] = services._stronger(wanted["status"], STATUS_EFFECTS[kind])
            changed = [name for name, value in wanted.items() if values[name] != value]
            topics_changed = sorted(names[row["pk"]]) != list(row["topics"])
            publish = row["published_at"] is not None and values["published_at"] is None
            if not (changed or topics_changed or publish):
                counts.unchanged += 1
                acts[self.natural_key(row)] = Act(pk=values.pop("id"), hromada=hromada, **values)
                continue
            counts.updated += 1
            act = Act.objects.select_for_update().get(pk=row["pk"])
            if changed or topics_changed:
                for name in changed:
                    setattr(act, name, wanted[name])
                services._save(act)
                if topics_changed:
                    act.topics.set([topics[name] for name in row["topics"]])
                services._append_version(act, actor, _("Import"), published=act.is_published)
                search.index_act(act)
            if publish:
                Act.objects.filter(pk=act.pk).update(published_at=row["published_at"])
                act.published_at = row["published_at"]
                last = act.versions.order_by("-number").first()
                if last is not None and not last.published:
                    ActVersion.objects.filter(pk=last.pk).update(published=True)
            acts[self.natural_key(row)] = act

    def _relate(self, batch, acts: dict, context, counts: Counts) -> None:
        """Create the rows' relations that are new; apply their effects as services.add_relation does."""
        hromada = context.hromada
        wanted = [(row, kind, target, effective, note) for row in batch
                  for kind, target, effective, note in row["relations"]]
        if not wanted:
            return
        # Targets named by key were written by this import, in this batch or an earlier one.
        by_key = {ref[1] for _row, _kind, ref, _e, _n in wanted if ref[0] == "key" and ref[1] not in acts}
        if by_key:
            for act in Act.objects.filter(hromada=hromada, number_key__in={key[2] for key in by_key}) \
                    .only("pk", "type", "date", "number_key", "number"):
                acts.setdefault((act.type, act.date, act.number_key), act)
        sources = [acts[self.natural_key(row)] for row in batch if row["pk"] is not None and row["relations"]]
        existing = set(ActRelation.objects.filter(source__in=sources).values_list("source_id", "kind", "target_id")) \
            if sources else set()
        new: list[ActRelation] = []
        for row, kind, ref, effective, note in wanted:
            source = acts[self.natural_key(row)]
            target_id = ref[1] if ref[0] == "pk" else acts[ref[1]].pk
            if (source.pk, kind, target_id) in existing:
                continue
            existing.add((source.pk, kind, target_id))
            new.append(ActRelation(hromada=hromada, source=source, kind=kind, target_id=target_id,
                                   effective_from=effective or source.date, note=note))
        ActRelation.objects.bulk_create(new)
        counts.extras["relations_created"] += len(new)
        services.apply_due_relations(hromada, actor=context.actor,
                                     relations=[relation for relation in new if relation.kind in STATUS_EFFECTS])

    # --- templates ----------------------------------------------------------------------------------------

    def example_row(self):
        return {"number": "2311-25/VIII", "date": "2025-03-14", "type": "рішення ради",
                "title": "Про затвердження Програми розвитку культури на 2025–2027 роки",
                "text": "Відповідно до статті 26 Закону України «Про місцеве самоврядування в Україні» міська рада "
                        "ВИРІШИЛА: 1. Затвердити Програму розвитку культури на 2025–2027 роки.",
                "status": "чинний", "convocation": "VIII", "session": "25",
                "relations": "repeals:154-12/VIII:2021-02-11", "author_unit": "", "control_unit": "",
                "topics": "культура; програми", "published_at": "2025-03-17T10:00:00+02:00",
                "consideration_date": "", "internal": ""}


def _insert_entries(entries: list[dict]) -> None:
    """Search entries in one executemany (their primary key is the act's, which insert_rows leaves out)."""
    if not entries:
        return
    fields = [SearchEntry._meta.get_field(name) for name in ("act", "hromada_id", "title_lemmas", "body_lemmas",
                                                            "words", "public")]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(SearchEntry._meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608 (names from the model)
            [[entry[field.attname] for field in fields] for entry in entries])


def _relation(item) -> dict | None:
    """One relation of a row: a JSON object {kind, number, date?, type?, effective_from?, note?} or the text
    «kind:number[:date[:type]]»."""
    if isinstance(item, dict):
        shown = json.dumps(item, ensure_ascii=False)
        kind_text, number = item.get("kind", ""), item.get("number", "")
        if isinstance(number, int) and not isinstance(number, bool):
            number = str(number)  # {"number": 45}
        day, kind_of, effective, note = (item.get(name) for name in ("date", "type", "effective_from", "note"))
        for name, value in (("kind", kind_text), ("number", number), ("date", day), ("type", kind_of),
                            ("effective_from", effective), ("note", note)):
            if value is not None and not isinstance(value, str):
                raise RowError("relations", shown, _("«%(field)s» of a relation must be text.") % {"field": name})
        kind_text, number, note = (kind_text or "").strip(), (number or "").strip(), (note or "").strip()
    elif isinstance(item, str):
        shown = item.strip()
        if not shown:
            return None
        kind_text, _sep, rest = shown.partition(":")
        match = _RELATION_DATE.fullmatch(rest.strip())
        number, day, kind_of = (match.group(1), match.group(2), match.group(3)) if match else (rest, None, None)
        kind_text, number, effective, note = kind_text.strip(), number.strip(), None, ""
    else:
        raise RowError("relations", str(item), _("Give each relation as {\"kind\": …, \"number\": …, \"date\": …}."))
    if not kind_text or not number:
        raise RowError("relations", shown, _("A relation needs its kind and the number of the act, e.g. "
                                             "«repeals:154-12/VIII:2023-05-04»."))
    kind = KINDS.get(fold(kind_text))
    if kind is None:
        raise RowError("relations", shown, _("Unknown kind of relation «%(kind)s»; expected one of: %(values)s.")
                       % {"kind": kind_text, "values": _choices_text(KIND_NAMES)})
    if kind_of and kind_of not in ActType.values:
        kind_of = TYPES.get(fold(kind_of))
        if kind_of is None:
            raise RowError("relations", shown, _("Unknown value; expected one of: %(values)s.")
                           % {"values": _choices_text(TYPE_NAMES)})
    try:
        day = parse_date("relations", day.strip()) if day else None
        effective = parse_date("relations", effective.strip()) if effective else None
    except RowError as error:
        raise RowError("relations", shown, error.reason) from None
    _text("relations", number, limit=60)
    _text("relations", note)
    return {"kind": kind, "number": number, "date": day, "type": kind_of or None, "effective_from": effective,
            "note": note[:300], "shown": shown}
