"""The registry of acts, the council's roll-call votes and its deputies as live open data (core.datasets).

* ``acts.acts`` (all-009) is the public export of schema hromada.acts/1 (acts.exports): the same rows, columns
  and public-only rule, typed, without the full text.
* ``acts.council_votes`` holds what the portal's session pages show: the roll-call of an agenda item is public
  once the decision adopted on it is a public act (acts.views_public.public_item).
* ``acts.deputies`` lists the deputies of every convocation: the model holds their names and factions only.

Sessions, agenda items, roll-calls and deputies carry no timestamps; their writes (acts.sessions) are logged,
so the audit log says when they last changed.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hromada.acts import exports, selectors
from hromada.acts.models import Act, ActRelation, AgendaItem, Attachment, Deputy, RollCall, Vote
from hromada.core.collation import uk
from hromada.core.core_datasets import last_logged_change, latest, text
from hromada.core.datasets import Field, LiveDataset, LiveResource, register
from hromada.core.notifications.service import site_root

CHUNK = 2000
BASIS = _("Постанова КМУ від 21.10.2015 № 835; ст. 10-1, 15 ЗУ «Про доступ до публічної інформації»; "
          "ст. 59 ЗУ «Про місцеве самоврядування в Україні»")
VOTES_BASIS = _("Постанова КМУ від 21.10.2015 № 835; ст. 10-1 ЗУ «Про доступ до публічної інформації»; "
                "ст. 26, 46, 59 ЗУ «Про місцеве самоврядування в Україні»")


def _has_deputies(hromada) -> bool:
    return Deputy.objects.filter(hromada=hromada).exists()


# --- all-009: acts and drafts ------------------------------------------------------------------------------

# The columns of hromada.acts/1 (exports.COLUMNS) with their titles and Table Schema types.
ACT_FIELDS = (
    Field("id", _("Ідентифікатор акта"), "integer", required=True),
    Field("hromada_katottg", _("Код КАТОТТГ громади")),
    Field("number", _("Номер")),
    Field("date", _("Дата"), "date"),
    Field("type", _("Вид (код)")),
    Field("type_label", _("Вид")),
    Field("status", _("Стан (код)")),
    Field("status_label", _("Стан")),
    Field("title", _("Назва")),
    Field("convocation", _("Скликання"), "integer"),
    Field("session", _("Сесія"), "integer"),
    Field("author_unit", _("Підрозділ-розробник")),
    Field("control_unit", _("Підрозділ, що контролює виконання")),
    Field("topics", _("Теми"), description=_("Через «;».")),
    Field("consideration_date", _("Дата розгляду проєкту"), "date"),
    Field("published_at", _("Оприлюднено"), "datetime"),
    Field("url", _("Сторінка акта"), constraints={"pattern": "^https?://.+"}),
    Field("attachments_count", _("Кількість файлів"), "integer"),
    Field("relations", _("Зв’язки з іншими актами"),
          description=_("Через «;» у вигляді вид:номер:дата (amends, repeals, suspends, implements, related).")),
    Field("text_sha256", _("Контрольна сума тексту (SHA-256)")),
)
assert tuple(f.name for f in ACT_FIELDS) == exports.COLUMNS


def act_rows(hromada):
    root = site_root(hromada)
    acts = exports.prepared_for(Act.objects.all(), hromada, public=True).iterator(chunk_size=exports.CHUNK)
    rows = exports.rows_of(acts, hromada, lambda pk: root + reverse("acts_public:detail", args=[pk]), public=True)
    while True:
        # The type and status labels in Ukrainian whatever the caller has active, without leaking the override
        # into the caller between rows.
        with translation.override(settings.LANGUAGE_CODE):
            row = next(rows, None)
        if row is None:
            return
        yield tuple(exports.flat_row(row, typed=True))


def acts_changed_at(hromada) -> datetime | None:
    """The last change of an act, its publication coming due, or a relation or file added or removed."""
    acts = Act.objects.filter(hromada=hromada).aggregate(
        updated=Max("updated_at"), published=Max("published_at", filter=Q(published_at__lte=timezone.now())))
    related = ActRelation.objects.filter(hromada=hromada).aggregate(at=Max("created_at"))["at"]
    filed = Attachment.objects.filter(act__hromada=hromada).aggregate(at=Max("uploaded_at"))["at"]
    # Publishing, removing a relation or a file and renaming a unit leave no timestamp on the rows read.
    logged = last_logged_change(hromada, "acts.act", "acts.actrelation", "acts.attachment", "core.department")
    return latest(acts["updated"], acts["published"], related, filed, logged)


ACTS = register(LiveDataset(
    key="acts.acts",
    title=_("Нормативно-правові акти, акти індивідуальної дії (крім внутрішньоорганізаційних), прийняті "
            "розпорядником інформації, проекти нормативно-правових актів, проекти рішень, що підлягають "
            "обговоренню"),
    description=_(
        "Реєстр рішень ради та виконавчого комітету, розпоряджень голови, регуляторних актів, протоколів і "
        "проєктів рішень, оприлюднених для обговорення: номер, дата, вид, стан, назва, скликання і сесія, "
        "підрозділи, теми, дата розгляду проєкту, час оприлюднення, посилання на сторінку акта, кількість файлів, "
        "зв’язки з іншими актами та контрольна сума тексту (схема hromada.acts/1). Внутрішньоорганізаційні акти "
        "(кадрові та з основної діяльності) та ще не оприлюднені акти до набору не входять; повний текст "
        "кожного акта — на його сторінці."),
    obligation="all-009",
    frequency="on_change",
    keywords=(_("рішення"), _("розпорядження"), _("нормативно-правові акти"), _("проєкти рішень"),
              _("регуляторні акти")),
    topic="derzhava",
    basis=BASIS,
    purpose=_("Оприлюднення актів органу місцевого самоврядування та проєктів рішень для обговорення."),
    available=lambda hromada: Act.objects.filter(hromada=hromada).exists(),
    resources=(LiveResource(
        key="acts",
        title=_("Акти та проєкти рішень"),
        description=_("Схема hromada.acts/1: ті самі стовпці, що й у вивантаженні реєстру актів на порталі."),
        fields=ACT_FIELDS,
        primary_key=("id",),
        rows=act_rows,
        changed_at=acts_changed_at,
    ),),
))


# --- roll-call votes -------------------------------------------------------------------------------------

# The result words of the roll-call standard (data.loda.gov.ua and others): data values, not interface text.
VOTE_WORDS = {
    Vote.FOR: "За",
    Vote.AGAINST: "Проти",
    Vote.ABSTAINED: "Утримався",
    Vote.NOT_VOTING: "Не голосував",
    Vote.ABSENT: "Відсутній",
}
ADOPTED = {AgendaItem.Result.ADOPTED: True, AgendaItem.Result.REJECTED: False}


def motion_uid(hromada, item_id: int) -> str:
    # The KATOTTG code keeps the id unique when the votes of many hromadas are put together.
    return f"{hromada.katottg}-{item_id}"


def motion_rows(hromada):
    counts = {vote: Count("roll_call", filter=Q(roll_call__vote=vote)) for vote in Vote.values}
    rows = (AgendaItem.objects.filter(session__hromada=hromada).filter(selectors.public_q("decision__"))
            .annotate(votes=Count("roll_call"), **{f"n_{vote}": count for vote, count in counts.items()})
            .filter(votes__gt=0)
            .order_by("session__date", "session__number", "session_id", "order", "pk")
            .values_list("pk", "session__date", "session__number", "session__convocation", "order", "title",
                         "decision_id", "decision__number", "decision__date",
                         *(f"n_{vote}" for vote in Vote.values), "result")
            .iterator(chunk_size=CHUNK))
    for pk, day, number, convocation, order, title, act_id, act_number, act_date, *tail in rows:
        *totals, result = tail
        yield (motion_uid(hromada, pk), day, number, convocation, order, title, act_id, act_number, act_date,
               *totals, ADOPTED.get(result))


def vote_rows(hromada):
    rows = (RollCall.objects.filter(item__session__hromada=hromada)
            .filter(selectors.public_q("item__decision__"))
            .order_by("item__session__date", "item__session__number", "item__session_id", "item__order",
                      "item_id", uk("deputy__full_name"), "deputy_id")
            .values_list("item_id", "deputy_id", "deputy__full_name", "vote").iterator(chunk_size=CHUNK))
    for item_id, deputy_id, name, vote in rows:
        yield motion_uid(hromada, item_id), deputy_id, name, VOTE_WORDS[vote]


def votes_changed_at(hromada) -> datetime | None:
    """A session, its agenda or a roll-call changed (logged on the session), or a deputy, or a decision voted
    on changed or came to be published (its roll-call appears then)."""
    decisions = Act.objects.filter(hromada=hromada, agenda_items_as_decision__isnull=False).aggregate(
        updated=Max("updated_at"), published=Max("published_at", filter=Q(published_at__lte=timezone.now())))
    logged = last_logged_change(hromada, "acts.councilsession", "acts.deputy")
    return latest(decisions["updated"], decisions["published"], logged)


TOTAL_FIELDS = (
    Field("forCount", _("За"), "integer"),
    Field("againstCount", _("Проти"), "integer"),
    Field("abstainedCount", _("Утрималися"), "integer"),
    Field("notVotingCount", _("Не голосували"), "integer"),
    Field("absentCount", _("Відсутні"), "integer"),
)

COUNCIL_VOTES = register(LiveDataset(
    key="acts.council_votes",
    title=_("Поіменні результати голосування депутатів на пленарних засіданнях ради"),
    description=_(
        "Результати поіменного голосування депутатів на пленарних засіданнях сесій ради: питання порядку "
        "денного (дата й номер сесії, скликання, назва питання, прийняте рішення), підсумки голосування та "
        "голос кожного депутата (За, Проти, Утримався, Не голосував, Відсутній). До набору входять голосування "
        "з питань, рішення з яких оприлюднено на порталі; інших персональних даних депутатів, крім імені, "
        "набір не містить."),
    obligation="mun-votes",
    frequency="on_change",
    keywords=(_("голосування"), _("поіменне голосування"), _("сесія"), _("депутати"), _("рішення")),
    topic="derzhava",
    basis=VOTES_BASIS,
    purpose=_("Оприлюднення результатів поіменного голосування депутатів ради."),
    available=_has_deputies,
    resources=(
        LiveResource(
            key="motions",
            title=_("Питання, з яких проведено поіменне голосування"),
            fields=(
                Field("motionUid", _("Ідентифікатор голосування"), required=True,
                      description=_("Код КАТОТТГ громади та номер питання порядку денного в реєстрі.")),
                Field("sessionDate", _("Дата пленарного засідання"), "date"),
                Field("sessionNumber", _("Номер сесії"), "integer"),
                Field("convocation", _("Скликання"), "integer"),
                Field("agendaItemNumber", _("Номер питання порядку денного"), "integer"),
                Field("agendaItemTitle", _("Назва питання")),
                Field("actId", _("Ідентифікатор рішення в реєстрі актів"), "integer"),
                Field("actNumber", _("Номер рішення")),
                Field("actDate", _("Дата рішення"), "date"),
                *TOTAL_FIELDS,
                Field("adopted", _("Рішення прийнято"), "boolean",
                      description=_("Порожньо, якщо результат розгляду питання не зазначено.")),
            ),
            primary_key=("motionUid",),
            rows=motion_rows,
            changed_at=votes_changed_at,
        ),
        LiveResource(
            key="votes",
            title=_("Голоси депутатів"),
            fields=(
                Field("motionUid", _("Ідентифікатор голосування"), required=True),
                Field("voterId", _("Ідентифікатор депутата"), "integer", required=True),
                Field("voterName", _("Прізвище, ім’я та по батькові депутата"), public_personal=True),
                Field("result", _("Результат"), constraints={"enum": list(VOTE_WORDS.values())}),
            ),
            primary_key=("motionUid", "voterId"),
            rows=vote_rows,
            changed_at=votes_changed_at,
        ),
    ),
))


# --- deputies ----------------------------------------------------------------------------------------------

# Петрович, Ілліч; Петрівна, Олексіївна, Кузьминична.
PATRONYMIC_ENDINGS = ("ич", "вна", "чна")


def name_parts(full_name: str) -> tuple[str | None, str | None, str | None]:
    """Surname, given name and patronymic of «Прізвище Ім’я По батькові»; nothing when the name is not so.

    The register keeps one full name; it is split only when it is three words and the last is a patronymic,
    so a name written in another order or without a patronymic is never split wrongly.
    """
    words = full_name.split()
    if len(words) == 3 and words[2].lower().endswith(PATRONYMIC_ENDINGS):
        return words[0], words[1], words[2]
    return None, None, None


def deputy_rows(hromada):
    rows = (Deputy.objects.filter(hromada=hromada).order_by("-convocation", uk("full_name"), "pk")
            .values_list("pk", "full_name", "convocation", "faction", "active").iterator(chunk_size=CHUNK))
    for pk, full_name, convocation, faction, active in rows:
        yield (pk, full_name, *name_parts(full_name), convocation, text(faction), active)


DEPUTIES = register(LiveDataset(
    key="acts.deputies",
    title=_("Дані про депутатів ради"),
    description=_(
        "Депутати ради всіх скликань, внесених до реєстру: прізвище, ім’я та по батькові, скликання, фракція "
        "(група) і чи виконує депутат повноваження. Дата народження, домашня адреса, особисті контакти та інші "
        "персональні дані депутатів до набору не входять."),
    obligation="mun-deputies",
    frequency="on_change",
    keywords=(_("депутати"), _("рада"), _("фракції"), _("скликання")),
    topic="derzhava",
    basis=VOTES_BASIS,
    purpose=_("Інформування про депутатський склад ради."),
    available=_has_deputies,
    resources=(LiveResource(
        key="deputies",
        title=_("Депутати"),
        fields=(
            Field("id", _("Ідентифікатор депутата"), "integer", required=True,
                  description=_("Той самий, що voterId у поіменних результатах голосування.")),
            Field("fullName", _("Прізвище, ім’я та по батькові"), required=True, public_personal=True),
            Field("familyName", _("Прізвище"), public_personal=True),
            Field("givenName", _("Ім’я"), public_personal=True),
            Field("patronymic", _("По батькові"), public_personal=True),
            Field("convocation", _("Скликання"), "integer"),
            Field("faction", _("Фракція (група)")),
            Field("active", _("Виконує повноваження"), "boolean"),
        ),
        primary_key=("id",),
        rows=deputy_rows,
        changed_at=lambda hromada: last_logged_change(hromada, "acts.deputy"),
    ),),
))
