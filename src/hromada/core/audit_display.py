"""The audit log as people read it: who (by name), did what (in Ukrainian), to which record, what changed.

The log itself (:mod:`hromada.core.audit`) stores raw values — ``registers.resident``, attribute names, choice
keys, e-mail addresses — and its rows are hash-chained and never rewritten. This module is presentation only:
it turns a page of entries into :class:`Line` objects for the staff audit log, its CSV export and every record's
history, with a bounded number of queries whatever the number of entries (one for the actors' roles, one per
model that the page's changes point to by foreign key; the actors come with the entries through
``select_related``).

Style of the verbs. Ukrainian past-tense verbs agree with the subject's gender, and an account has no gender
(guessing it from a name or patronymic is unreliable and not ours to guess). Every action is therefore written
with the neutral written form «переглянув(ла)», «змінив(ла)», «створив(ла)»…, which keeps the person as the
subject of the sentence («Оксана Коваль переглянув(ла) картку мешканця Шевченко Т. Г.») — the form Ukrainian
official correspondence uses for an unknown addressee. Imports, which are events rather than deeds of one
record, read as noun phrases («Імпорт мешканців з файлу жителі.csv: створено 2, оновлено 0»).

Records created by an import. An import writes one entry for the whole file, not one per record. Since
entries written after this module came in, that entry stores ``started`` — the moment its transaction began
writing — beside the time of the entry itself; every row the import inserted carries a ``created_at`` stamped
between the two (the same clock, inside the same transaction). A record whose history has no «create» entry of
its own and whose ``created_at`` falls within an import's window was created by that import; its history says
so (:func:`history`). Entries from before (no ``started``) are matched when the import's entry follows the
record's creation within :data:`LEGACY_WINDOW`. Two imports of one hromada running at the same time
(PostgreSQL only: SQLite writes one at a time) overlap, and the earlier-finished one is named.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hromada.core.models import AuditEntry, Hromada, RoleAssignment
from hromada.core.roles import Role, can

Action = AuditEntry.Action
MASK = "•••"
LEGACY_WINDOW = timedelta(hours=1)
_HEX_ID = re.compile(r"[0-9a-f]{32}")
_FORMAT_SUFFIX = re.compile(r"\s*\((csv|xlsx|json|jsonl|docx|pdf)\)\s*$", re.IGNORECASE)


# --- personal data the registers mask ------------------------------------------------------------------


@dataclass(frozen=True)
class Personal:
    """A record type holding personal data: which fields a role without ``capability`` sees masked."""

    fields: frozenset[str]
    capability: str
    year_fields: frozenset[str] = frozenset()  # dates shown as their year only (as the card shows a birth date)
    short_name: bool = False  # a person's name: «Шевченко Т. Г.» in the log's sentences


_PERSONAL: dict[str, Personal] = {}


def register_personal(label: str, *, fields: Iterable[str], capability: str, year_fields: Iterable[str] = (),
                      short_name: bool = False) -> None:
    """An app declares (in its ``permissions.py``) what its cards mask; the log masks the same for the viewer."""
    _PERSONAL[label] = Personal(frozenset(fields), capability, frozenset(year_fields), short_name)


def short_person_name(text: str) -> str:
    """«Шевченко Тарас Григорович» → «Шевченко Т. Г.» (a surname first, as the registers store names)."""
    parts = text.split()
    if len(parts) < 2:
        return text
    return " ".join([parts[0], *(f"{part[0]}." for part in parts[1:])])


# --- names of record types ------------------------------------------------------------------------------

# Types that are no model: what they stand for, in the genitive (they follow «запис», «імпорт»…).
def _special_types() -> dict[str, str]:
    return {
        "core.demo": _("of the demonstration data"), "registers.demo": _("of the demonstration data of the registers"),
        "programmes.demo": _("of the demonstration data of the programmes"),
    }


# Genitive forms the dictionary gets wrong or leaves ambiguous (word → genitive); «акта», «об'єкта» are the
# forms the 2019 orthography prescribes for documents and things.
_GENITIVE_WORDS = {"акт": "акта", "об’єкт": "об’єкта", "об'єкт": "об'єкта", "ім’я": "імені", "ім'я": "імені"}
_GENITIVE_ADJECTIVES = {"посадова": "посадової"}  # words before the head noun that the dictionary takes for nouns


@lru_cache(maxsize=512)
def _genitive_uk(phrase: str) -> str:
    """The genitive of a Ukrainian noun phrase («земельна ділянка» → «земельної ділянки»): the words up to and
    including the first noun are inflected, the rest («комунального майна») already depends on it."""
    from hromada.core.ukrlemma import analyzer

    morph = analyzer()
    words = phrase.split(" ")
    result: list[str] = []
    for index, word in enumerate(words):
        if word.lower() in _GENITIVE_ADJECTIVES:
            result.append(_GENITIVE_ADJECTIVES[word.lower()])
            continue
        fixed = _GENITIVE_WORDS.get(word.lower())
        found = [] if fixed else morph.parse(word.replace("’", "'"))
        # Some entries of the dictionary carry no case («особа»): take them when no nominative parse exists.
        parses = [p for p in found if "nomn" in p.tag] or [p for p in found if p.tag.case is None]
        if fixed is None and not parses:
            result.extend(words[index:])
            break
        last = index == len(words) - 1
        # The head noun is the last word or the first noun; a word before it that can be an adjective is one
        # («посадова особа», «земельна ділянка»).
        prefer = "NOUN" if last else "ADJF"
        chosen = next((p for p in parses if prefer in p.tag), parses[0]) if parses else None
        noun = fixed is not None or (chosen is not None and "NOUN" in chosen.tag)
        if fixed is None:
            inflected = chosen.inflect({"gent"})
            fixed = inflected.word if inflected is not None else word
            if "’" in word:
                fixed = fixed.replace("'", "’")
        # Keep the capitals of the original («ІТ-стратегія» → «ІТ-стратегії»).
        result.append("".join(c.upper() if i < len(word) and word[i].isupper() else c for i, c in enumerate(fixed)))
        if noun:
            result.extend(words[index + 1:])
            break
    return " ".join(result)


def genitive(phrase: str) -> str:
    """The genitive in Ukrainian; the phrase unchanged in any other language (English needs no case)."""
    phrase = str(phrase)
    if not (get_language() or "").startswith("uk") or not phrase:
        return phrase
    return _genitive_uk(phrase)


def model_of(object_type: str) -> type[models.Model] | None:
    if "." not in object_type:
        return None
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _importer_title(kind: str) -> str:
    from hromada.core import imports

    try:
        return str(imports.get(kind).title) or kind
    except imports.UnknownKind:
        return kind


def type_name(object_type: str) -> str:
    """The record type in the nominative («мешканець»), or «» when unknown."""
    model = model_of(object_type)
    if model is not None:
        return str(model._meta.verbose_name)
    if object_type.startswith("import."):
        return _("import of %(what)s") % {"what": genitive(_importer_title(object_type[7:]))}
    return ""


def type_genitive(object_type: str) -> str:
    """The record type in the genitive («мешканця»), for «картку …», «запис …»; the raw type when unknown."""
    model = model_of(object_type)
    if model is not None:
        return genitive(model._meta.verbose_name)
    special = _special_types().get(object_type)
    if special:
        return special
    if object_type.startswith("import."):
        return _("the import of %(what)s") % {"what": genitive(_importer_title(object_type[7:]))}
    return object_type


def types_matching(text: str) -> list[str]:
    """The stored types whose Ukrainian name contains ``text`` («мешканц» → registers.resident), for filters."""
    needle = text.strip().lower()
    if not needle:
        return []
    found = [model._meta.label_lower for model in apps.get_models()
             if any(needle in str(name).lower()
                    for name in (model._meta.verbose_name, model._meta.verbose_name_plural))]
    from hromada.core import imports

    found += [f"import.{kind}" for kind in imports.kinds(unlisted=True)
              if needle in type_name(f"import.{kind}").lower()]
    return sorted(set(found))


# --- values ---------------------------------------------------------------------------------------------


def format_date(value: date) -> str:
    """«6 липня 2026 р.»"""
    # «р» is no format character: it stays as it is («2026 р.»).
    return dateformat.format(value, "j E Y р." if (get_language() or "").startswith("uk") else "j F Y")


def format_datetime(value: datetime) -> str:
    """«6 липня 2026 р., 13:05» in the hromada's time (Kyiv)."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{format_date(value.date())}, {value:%H:%M}"


def _parse_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


_EMPTY = "—"


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    for candidate in model._meta.concrete_fields:
        if key in (candidate.attname, candidate.name):
            return candidate
    return None


# Keys of ``changes`` that are no field of the record: what services write beside the fields.
def _key_labels() -> dict[str, str]:
    return {
        "granted": _("granted"), "revoked": _("revoked"),
        "department": _("department"), "institution": _("institution"), "period": _("period"),
        "legal_basis": _("legal basis"), "export": _("file"), "rows": _("rows"), "api_token": _("API token"),
        "reminder": _("reminder"), "recipients": _("recipients"), "snapshots": _("indicator values recorded"),
        "tasks": _("tasks"), "order": _("place in the list"), "session": _("session"), "agenda_item": _("agenda item"),
        "login": _("sign-in name"), "full_name": _("full name"), "year": _("year"), "score": _("score"),
        "unanswered": _("unanswered questions"), "is_final": _("final"), "due_date": _("due date"),
        "date": _("date"), "kind": _("kind"), "reason": _("reason"), "number": _("number"),
        "published_at": _("published"),
    }


@dataclass
class Change:
    label: str
    before: str
    after: str

    def __str__(self) -> str:
        if self.before == _EMPTY:
            return f"{self.label}: {self.after}"
        return f"{self.label}: {self.before} → {self.after}"


@dataclass
class _Context:
    """What one page of entries needs, looked up once: foreign-key names, roles, what the viewer may see."""

    names: dict[tuple[str, str], str] = field(default_factory=dict)  # (model label, pk) → name
    roles: dict[tuple[int | None, int], list[str]] = field(default_factory=dict)  # (hromada, user) → role labels
    sees: dict[tuple[int | None, str], bool] = field(default_factory=dict)  # (hromada, capability) → allowed


def _value(field_: models.Field | None, value: Any, ctx: _Context) -> str:
    if value is None or value == "":
        return _EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field_ is None:
        if isinstance(value, (dict, list)):
            return ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else \
                ", ".join(map(str, value))
        return str(value)
    if field_.choices:
        labels = {str(key): str(label) for key, label in field_.flatchoices}
        return labels.get(str(value), str(value))
    if isinstance(field_, models.ForeignKey):
        target = field_.related_model._meta.label_lower
        return ctx.names.get((target, str(value)), _("no. %(id)s (no longer exists)") % {"id": value})
    if isinstance(field_, models.BooleanField):
        return _("yes") if str(value).lower() in ("true", "1") else _("no")
    if isinstance(field_, models.DateTimeField):
        parsed = _parse_datetime(value)
        return format_datetime(parsed) if parsed else str(value)
    if isinstance(field_, models.DateField):
        parsed = _parse_date(value)
        return format_date(parsed) if parsed else str(value)
    if isinstance(field_, (models.DecimalField, models.FloatField)):
        return str(value).replace(".", ",")
    return str(value)


def _masked(personal: Personal | None, key: str, value: Any, visible: bool) -> tuple[bool, Any]:
    """Whether ``key`` is masked for this viewer, and what stands for it (the year of a birth date)."""
    if personal is None or visible or key not in personal.fields or value in (None, ""):
        return False, value
    if key in personal.year_fields and (parsed := _parse_date(value)) is not None:
        return True, str(parsed.year)
    return True, MASK


def _bookkeeping(field_: models.Field) -> bool:
    """Fields people do not write: the tenant, timestamps, search keys derived from other fields."""
    return (field_.name == "hromada" or getattr(field_, "auto_now", False) or getattr(field_, "auto_now_add", False)
            or (not field_.editable and field_.name.endswith("_key")))


def _changes(entry: AuditEntry, model, personal: Personal | None, visible: bool, ctx: _Context) -> list[Change]:
    if not isinstance(entry.changes, dict) or _is_import(entry):
        return []
    labels = _key_labels()
    order = {f.attname: index for index, f in enumerate(model._meta.concrete_fields)} if model is not None else {}
    result = []
    for key, pair in sorted(entry.changes.items(), key=lambda item: (order.get(item[0], len(order)), item[0])):
        if entry.action == Action.VIEW and key == "viewed":
            continue  # said in the sentence
        before, after = (pair[0], pair[1]) if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        field_ = _field(model, key)
        if field_ is not None and _bookkeeping(field_):
            continue
        if before in (None, "") and after in (None, ""):
            continue  # an empty field of a new record, or a deleted record's
        label = str(field_.verbose_name) if field_ is not None else labels.get(key, key.replace("_", " "))
        texts = []
        for value in (before, after):
            hidden, shown = _masked(personal, field_.name if field_ is not None else key, value, visible)
            if hidden:
                texts.append(shown)
            elif key in ("granted", "revoked") and value in Role.values:
                texts.append(str(Role(value).label))
            else:
                texts.append(_value(field_, value, ctx))
        result.append(Change(label[:1].upper() + label[1:], texts[0], texts[1]))
    return result


# --- imports ---------------------------------------------------------------------------------------------


def _is_import(entry: AuditEntry) -> bool:
    return entry.action == Action.SYSTEM and entry.object_type.startswith("import.")


def import_state(entry: AuditEntry) -> tuple[dict | None, str]:
    """The import's state on disk (if still kept) and the app folder it is in, found by the import's id: the
    ``import_id`` the entry stores, or — entries from before — the file name the engine logged, which for the
    staff pages is the upload's id."""
    from hromada.core import import_flow

    changes = entry.changes if isinstance(entry.changes, dict) else {}
    ident = str(changes.get("import_id") or entry.object_id or changes.get("file") or "")
    if not _HEX_ID.fullmatch(ident) or entry.hromada_id is None:
        return None, ""
    folders = [changes["folder"]] if isinstance(changes.get("folder"), str) else None
    if folders is None:
        root = import_flow.imports_dir(entry.hromada_id)
        folders = [""] + (sorted(p.parent.name for p in root.glob(f"*/{ident}.json")) if root.is_dir() else [])
    for folder in folders:
        try:
            upload = import_flow.Upload(entry.hromada_id, ident, folder)
        except ValueError:
            continue
        state = import_flow.read(upload)
        if state is not None and state.get("hromada") == entry.hromada_id and state.get("id") == ident:
            return state, folder
    return None, ""


def _import_link(entry: AuditEntry, state: dict | None) -> str:
    """The import's result page in its app, if its state is still kept and the import was done."""
    from hromada.core import import_flow, imports

    if state is None or state.get("status") != import_flow.State.DONE:
        return ""
    try:
        app = imports.get(state.get("kind", "")).__module__.split(".")[1]
        return reverse(f"{app}:import-result", args=[_uuid(state["id"])])
    except (imports.UnknownKind, IndexError, NoReverseMatch, KeyError, ValueError):
        return ""


def _uuid(ident: str):
    import uuid

    return uuid.UUID(ident)


def _import_file(entry: AuditEntry, state: dict | None) -> str:
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    if changes.get("name"):
        return str(changes["name"])
    if state is not None and state.get("filename"):
        return str(state["filename"])
    name = str(changes.get("file") or entry.object_repr or "")
    if _HEX_ID.fullmatch(name):  # the stored copy's name, logged before the file's own name was, its report gone
        return _("(its name is no longer kept)")
    return name


# --- lines -----------------------------------------------------------------------------------------------


@dataclass
class Line:
    """One entry as people read it."""

    entry: AuditEntry
    who: str  # the person's full name (e-mail when none), or «система»
    role: str  # the person's roles in the hromada, or ""
    phrase: str  # what was done, with the record: «переглянув(ла) картку мешканця Шевченко Т. Г.»
    short: str  # the same without the record, for the record's own history: «переглянув(ла) картку»
    changes: list[Change]
    link: str = ""  # a page about it (an import's report), if there is one
    link_text: str = ""
    has_actor: bool = True

    @property
    def at(self) -> datetime:
        return self.entry.at

    @property
    def sentence(self) -> str:
        text = f"{self.who} {self.phrase}" if self.has_actor else f"{self.who}: {self.phrase}"
        return text[:1].upper() + text[1:]

    @property
    def changes_text(self) -> str:
        return "; ".join(map(str, self.changes))


def _object(entry: AuditEntry, personal: Personal | None) -> str:
    name = entry.object_repr
    if personal is not None and personal.short_name:
        name = short_person_name(name)
    kind = type_genitive(entry.object_type) if entry.object_type else ""
    return " ".join(part for part in (kind, name) if part)


def _phrases(entry: AuditEntry, personal: Personal | None, state: dict | None) -> tuple[str, str]:
    action = entry.action
    obj = _object(entry, personal)
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    model = model_of(entry.object_type)
    if _is_import(entry):
        phrase = _("Import of %(what)s from the file %(file)s: %(created)s created, %(updated)s updated") % {
            "what": genitive(_importer_title(entry.object_type[7:])), "file": _import_file(entry, state),
            "created": changes.get("created", 0), "updated": changes.get("updated", 0)}
        return phrase, phrase
    if action == Action.VIEW:
        viewed = changes.get("viewed")
        masked = isinstance(viewed, list) and len(viewed) == 2 and viewed[1] == "masked card"
        if model is None or not entry.object_id:
            return _("viewed: %(what)s") % {"what": entry.object_repr or obj}, _("viewed the records")
        if masked:
            return (_("viewed the card (with hidden fields) of %(object)s") % {"object": obj},
                    _("viewed the card (with hidden fields)"))
        return _("viewed the card of %(object)s") % {"object": obj}, _("viewed the card")
    if action == Action.CREATE:
        return _("created the record of %(object)s") % {"object": obj}, _("created the record")
    if action == Action.UPDATE:
        return _("changed the record of %(object)s") % {"object": obj}, _("changed the record")
    if action == Action.DELETE:
        return _("deleted the record of %(object)s") % {"object": obj}, _("deleted the record")
    if action == Action.EXPORT:
        if entry.object_type.startswith("import."):
            return (_("exported the errors of %(import)s from the file %(file)s") % {
                "import": type_genitive(entry.object_type), "file": _import_file(entry, state)},
                _("exported the errors of the import"))
        if model is not None and not entry.object_id:
            match = _FORMAT_SUFFIX.search(entry.object_repr)
            what = str(model._meta.verbose_name_plural)
            if entry.object_type == "core.auditentry":
                what = _("audit log")
            if match:
                return (_("exported the list «%(what)s» (%(format)s)") % {"what": what,
                                                                          "format": match.group(1).upper()},
                        _("exported the list"))
            return _("exported the list «%(what)s»") % {"what": what}, _("exported the list")
        return _("exported a document of %(object)s") % {"object": obj}, _("exported a document")
    if action == Action.LOGIN:
        return _("signed in to the system"), _("signed in to the system")
    if action == Action.LOGOUT:
        return _("signed out of the system"), _("signed out of the system")
    if action == Action.LOGIN_FAILED:
        return (_("failed to sign in as %(login)s") % {"login": entry.object_repr} if entry.object_repr
                else _("failed to sign in")), _("failed to sign in")
    if action == Action.PERMISSION:
        return _("changed the access rights of %(object)s") % {"object": obj}, _("changed the access rights")
    if entry.object_type in _special_types():
        return _("loaded a set %(what)s") % {"what": type_genitive(entry.object_type)}, _("loaded the data")
    return (_("performed a system operation on %(object)s") % {"object": obj} if obj
            else _("performed a system operation")), _("performed a system operation")


def _prepare(entries: Sequence[AuditEntry], viewer) -> _Context:
    """The lookups a page of entries needs, in a bounded number of queries (roles: 1; names: 1 per model)."""
    ctx = _Context()
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    actors: dict[int | None, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.actor_id is not None:
            actors[entry.hromada_id].add(entry.actor_id)
        model = model_of(entry.object_type)
        if model is None or not isinstance(entry.changes, dict) or _is_import(entry):
            continue
        for key, pair in entry.changes.items():
            field_ = _field(model, key)
            if isinstance(field_, models.ForeignKey) and isinstance(pair, list):
                wanted[field_.related_model].update(str(v) for v in pair if v not in (None, ""))
    for model, pks in wanted.items():
        keys = [pk for pk in pks if _valid_pk(model, pk)]
        label = model._meta.label_lower
        # select_related(): the non-null foreign keys a name is usually made of («вул. Шевченка, 12-А»).
        for obj in model._default_manager.filter(pk__in=keys).select_related() if keys else ():
            ctx.names[(label, str(obj.pk))] = str(obj)
    pairs = [(h, u) for h, users in actors.items() for u in users if h is not None]
    if pairs:
        query = models.Q()
        for hromada_id, users in actors.items():
            if hromada_id is not None:
                query |= models.Q(hromada_id=hromada_id, user_id__in=users)
        for assignment in RoleAssignment.objects.filter(query).order_by("role"):
            ctx.roles.setdefault((assignment.hromada_id, assignment.user_id), []).append(
                str(assignment.get_role_display()))
    return ctx


def _valid_pk(model: type[models.Model], value: str) -> bool:
    from django.core.exceptions import ValidationError

    try:
        model._meta.pk.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return False
    return True


def _visible(ctx: _Context, viewer, entry: AuditEntry, personal: Personal | None) -> bool:
    if personal is None:
        return True
    key = (entry.hromada_id, personal.capability)
    if key not in ctx.sees:
        # ``can`` needs only the hromada's key: no query for the hromada itself.
        ctx.sees[key] = bool(viewer is not None and entry.hromada_id is not None
                             and can(viewer, Hromada(pk=entry.hromada_id), personal.capability))
    return ctx.sees[key]


def present(entries: Iterable[AuditEntry], viewer) -> list[Line]:
    """The entries (with ``actor`` selected with them) as lines for ``viewer``."""
    entries = list(entries)
    ctx = _prepare(entries, viewer)
    lines = []
    for entry in entries:
        personal = _PERSONAL.get(entry.object_type)
        visible = _visible(ctx, viewer, entry, personal)
        state = import_state(entry)[0] if entry.object_type.startswith("import.") else None
        phrase, short = _phrases(entry, personal, state)
        actor = entry.actor
        if actor is not None:
            who = actor.full_name or actor.login or entry.actor_label
        else:
            who = entry.actor_label or _("system (no user)")
        role = ", ".join(ctx.roles.get((entry.hromada_id, entry.actor_id), [])) if entry.actor_id else ""
        link = _import_link(entry, state) if _is_import(entry) else ""
        lines.append(Line(
            entry=entry, who=who, role=role, phrase=phrase, short=short,
            changes=_changes(entry, model_of(entry.object_type), personal, visible, ctx),
            link=link, link_text=_("the import's report") if link else "", has_actor=entry.actor_id is not None))
    return lines


def present_iter(entries: Iterable[AuditEntry], viewer, chunk: int = 500):
    """:func:`present` for a long stream (the CSV export): lines in chunks, lookups per chunk."""
    batch: list[AuditEntry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) >= chunk:
            yield from present(batch, viewer)
            batch = []
    if batch:
        yield from present(batch, viewer)


# --- a record's history ----------------------------------------------------------------------------------


def creating_import(obj: models.Model) -> AuditEntry | None:
    """The import entry that created ``obj``, when its creation has no entry of its own (see the module doc)."""
    created_at = getattr(obj, "created_at", None)
    hromada_id = getattr(obj, "hromada_id", None)
    if not isinstance(created_at, datetime) or hromada_id is None:
        return None
    candidates = (AuditEntry.objects.filter(hromada_id=hromada_id, action=Action.SYSTEM,
                                            object_type__startswith="import.", at__gte=created_at)
                  .select_related("actor").order_by("at", "id")[:20])
    for entry in candidates:
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        started = _parse_datetime(changes.get("started")) if changes.get("started") else None
        if started is not None:
            if started <= created_at <= entry.at:
                return entry
        elif entry.at - created_at <= LEGACY_WINDOW:
            return entry
    return None


def history(obj: models.Model, viewer, *, limit: int = 50, hromada=None) -> list[Line]:
    """The record's entries, newest first, as lines; a record made by an import ends with that import."""
    hromada_id = hromada.pk if hromada is not None else getattr(obj, "hromada_id", None)
    qs = AuditEntry.objects.filter(hromada_id=hromada_id, object_type=obj._meta.label_lower,
                                   object_id=str(obj.pk)).select_related("actor").order_by("-id")
    entries = list(qs[:limit])
    lines = present(entries, viewer)
    created = any(entry.action == Action.CREATE for entry in entries)
    if not created and len(entries) == limit:
        created = qs.filter(action=Action.CREATE).exists()
    if not created and len(entries) < limit:
        made_by = creating_import(obj)
        if made_by is not None:
            [line] = present([made_by], viewer)
            state = import_state(made_by)
            line.phrase = line.short = _("created by the import from the file %(file)s") % {
                "file": _import_file(made_by, state[0])}
            line.changes = []
            lines.append(line)
    return lines
