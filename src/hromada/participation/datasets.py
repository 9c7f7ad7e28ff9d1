"""Open data of e-petitions (835: mun-petitions) and of the participatory budget (mun-budget), core.datasets.

Each holds exactly what the public pages show and no more:

* petitions: the published ones (``petitions.selectors.PUBLIC_STATUSES``) with the author's name as stated, and
  their signers — the public petition page lists every signer's name and time (the law keeps the signer list
  public), so the open data does too, with nothing else about a signer (no account, e-mail, register record or
  e-signature);
* budget projects: the public statuses (``budget.selectors.PUBLIC_STATUSES``), their votes only once the voting
  has closed (``budget.views_public.votes_public``), never the author, the ballots or the voters;
* budget results: per category of each edition whose results the council has published.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.core_datasets import labels, last_logged_change, latest, text
from hromada.core.datasets import Field, LiveDataset, LiveResource, register
from hromada.core.notifications.service import site_root
from hromada.participation.budget import selectors as budget
from hromada.participation.budget.results import COUNTED
from hromada.participation.models import (
    Addressee,
    Category,
    Edition,
    Petition,
    PetitionStatus,
    Position,
    Project,
    ProjectStatus,
    Signature,
    TallyMethod,
)
from hromada.participation.petitions.selectors import PUBLIC_STATUSES

CHUNK = 2000
ZERO = Decimal(0)


# --- e-petitions (mun-petitions) ---------------------------------------------------------------------------


def public_petitions(hromada):
    return Petition.objects.filter(hromada=hromada, status__in=PUBLIC_STATUSES)


def petition_rows(hromada):
    root = site_root(hromada)
    statuses, addressees, positions = (labels(PetitionStatus.choices), labels(Addressee.choices),
                                       labels(Position.choices))
    rows = public_petitions(hromada).order_by("number", "pk").values_list(
        "pk", "number", "title", "author_name", "addressee", "published_at", "ends_on", "signatures_count",
        "threshold", "status", "answered_at", "answer_position", "answer_text", "decision_id",
    ).iterator(chunk_size=CHUNK)
    for (pk, number, title, author, addressee, published_at, ends_on, count, threshold, status, answered_at,
         position, answer, decision) in rows:
        # The page shows the answer once the petition is answered, not a draft of it.
        answered = status == PetitionStatus.ANSWERED
        yield (number, title, author, addressees.get(addressee, addressee), published_at, ends_on, count, threshold,
               statuses.get(status, status),
               timezone.localdate(answered_at) if answered and answered_at else None,
               positions.get(position) if answered and position else None,
               text(answer) if answered else None,
               root + reverse("acts_public:detail", args=[decision]) if answered and decision else None,
               root + reverse("petitions:detail", args=[pk]))


def _signed_at(hromada):
    # Signing changes the petition's count by a raw UPDATE that leaves updated_at as it was.
    return Signature.objects.filter(hromada=hromada).aggregate(at=Max("signed_at"))["at"]


def petitions_changed_at(hromada):
    return latest(public_petitions(hromada).aggregate(at=Max("updated_at"))["at"], _signed_at(hromada))


def signature_rows(hromada):
    rows = (Signature.objects.filter(hromada=hromada, petition__status__in=PUBLIC_STATUSES)
            .order_by("petition__number", "seq")
            .values_list("petition__number", "seq", "signer_name", "signed_at").iterator(chunk_size=CHUNK))
    yield from rows


PETITIONS = LiveResource(
    key="petitions",
    title=_("Електронні петиції"),
    description=_("Оприлюднені петиції: автор, строк збору підписів, кількість підписів, стан і результат "
                  "розгляду."),
    fields=(
        Field("number", _("Номер петиції"), "integer", required=True),
        Field("title", _("Назва петиції"), required=True),
        Field("authorName", _("Автор (ініціатор)"), required=True, public_personal=True,
              description=_("Ім’я автора, як його оприлюднено на сторінці петиції (ст. 23-1 ЗУ «Про звернення "
                            "громадян»).")),
        Field("addressee", _("Хто розглядає петицію")),
        Field("publishedAt", _("Оприлюднено (початок збору підписів)"), "datetime"),
        Field("endsOn", _("Останній день збору підписів"), "date"),
        Field("signatures", _("Кількість підписів"), "integer", required=True, constraints={"minimum": 0}),
        Field("threshold", _("Необхідна кількість підписів"), "integer"),
        Field("status", _("Стан петиції"), required=True),
        Field("answerDate", _("Дата відповіді"), "date"),
        Field("answerPosition", _("Позиція за результатами розгляду")),
        Field("answerText", _("Відповідь на петицію")),
        Field("decisionUrl", _("Рішення, прийняте за петицією"),
              description=_("Посилання на акт у реєстрі актів громади.")),
        Field("url", _("Сторінка петиції"), required=True),
    ),
    primary_key=("number",),
    rows=petition_rows,
    changed_at=petitions_changed_at,
)

SIGNATURES = LiveResource(
    key="signatures",
    title=_("Підписи під електронними петиціями"),
    description=_("Хто і коли підписав кожну оприлюднену петицію: ім’я, як воно показане на сторінці петиції, і "
                  "час підпису."),
    fields=(
        Field("petitionNumber", _("Номер петиції"), "integer", required=True),
        Field("seq", _("Порядковий номер підпису"), "integer", required=True),
        Field("signerName", _("Особа, що підписала петицію"), required=True, public_personal=True,
              description=_("Ім’я, як його оприлюднено на сторінці петиції (ст. 23-1 ЗУ «Про звернення "
                            "громадян»).")),
        Field("signedAt", _("Час підпису"), "datetime", required=True),
    ),
    primary_key=("petitionNumber", "seq"),
    rows=signature_rows,
    changed_at=_signed_at,
)

register(LiveDataset(
    key="participation.petitions",
    title=_("Дані про електронні петиції, у тому числі осіб, що їх підписали, та результати розгляду"),
    description=_(
        "Електронні петиції до органів місцевого самоврядування громади, оприлюднені для збору підписів: номер, "
        "назва, ім’я автора, строк збору, кількість підписів і необхідна кількість, стан, дата і зміст "
        "відповіді, посилання на прийняте рішення; окремо — імена осіб, що підписали кожну петицію, і час "
        "підпису, як їх показує сторінка петиції. Петиції на модерації та неоприлюднені не включено; електронні "
        "адреси, облікові записи, дані реєстру мешканців і кваліфіковані підписи не оприлюднюються."),
    resources=(PETITIONS, SIGNATURES),
    frequency="on_change",
    obligation="mun-petitions",
    keywords=(_("петиції"), _("електронні петиції"), _("підписи"), _("звернення громадян")),
    topic="derzhava",
    basis=_("ст. 23-1 ЗУ «Про звернення громадян»; Постанова КМУ від 21.10.2015 № 835"),
    purpose=_("Оприлюднення електронних петицій, їх підтримки та результатів розгляду"),
    available=lambda hromada: Petition.objects.filter(hromada=hromada).exists(),
))


# --- the participatory budget (mun-budget) -----------------------------------------------------------------


def _voting_closed_at(edition_row) -> datetime:
    """Votes become public at the start of the day after the voting (``services.phase_of``: RESULTS)."""
    return datetime.combine(edition_row.voting_ends + timedelta(days=1), time.min,
                            tzinfo=timezone.get_default_timezone())


def _votes_public(edition_row, now: datetime) -> bool:
    return edition_row.results_published_at is not None or _voting_closed_at(edition_row) <= now


def project_rows(hromada):
    root = site_root(hromada)
    statuses = labels(ProjectStatus.choices)
    now = timezone.now()
    editions = {e.pk: e for e in Edition.objects.filter(hromada=hromada).only(
        "pk", "year", "voting_ends", "results_published_at")}
    votes_public = {pk: _votes_public(e, now) for pk, e in editions.items()}
    rows = (Project.objects.filter(hromada=hromada, status__in=budget.PUBLIC_STATUSES)
            .order_by("edition__year", "number", "pk")
            .values_list("pk", "edition_id", "number", "title", "category__name", "category__starosta_district__name",
                         "address", "latitude", "longitude", "cost", "reviewed_cost", "status", "votes_count",
                         "progress", "spent", "implemented_on").iterator(chunk_size=CHUNK))
    for (pk, edition_id, number, title, category, district, address, latitude, longitude, cost, reviewed_cost,
         status, votes, progress, spent, implemented_on) in rows:
        edition = editions[edition_id]
        published = edition.results_published_at is not None
        yield (pk, edition.year, number, title, category, district, text(address), latitude, longitude, cost,
               reviewed_cost, statuses.get(status, status), votes if votes_public[edition_id] else None,
               status in budget.WINNER_STATUSES if published else None, progress, spent, implemented_on,
               root + reverse("budget:project", args=[edition.year, number]))


def _editions_changed_at(hromada):
    """Editions and categories change through services that log it; the winners are marked when the results are
    published, by an UPDATE that leaves the projects' updated_at (``results.publish``)."""
    edition = Edition.objects.filter(hromada=hromada).aggregate(created=Max("created_at"),
                                                                 published=Max("results_published_at"))
    return latest(edition["created"], edition["published"],
                  last_logged_change(hromada, "participation.edition", "participation.category"))


def _votes_out_at(hromada):
    """When the votes of an edition last came out: the moment its voting closed, whenever one looks."""
    now = timezone.now()
    closed = [_voting_closed_at(e) for e in Edition.objects.filter(hromada=hromada).only("voting_ends")]
    return max((at for at in closed if at <= now), default=None)


def projects_changed_at(hromada):
    # Every project, public or not: a project withdrawn leaves the public list.
    return latest(Project.objects.filter(hromada=hromada).aggregate(at=Max("updated_at"))["at"],
                  _editions_changed_at(hromada), _votes_out_at(hromada))


def result_rows(hromada):
    methods = labels(TallyMethod.choices)
    on_ballot, winners = Q(projects__status__in=COUNTED), Q(projects__status__in=budget.WINNER_STATUSES)
    rows = (Category.objects.filter(hromada=hromada, edition__results_published_at__isnull=False)
            .annotate(on_ballot=Count("projects", filter=on_ballot),
                      votes=Sum("projects__votes_count", filter=on_ballot),
                      winners=Count("projects", filter=winners),
                      winners_cost=Sum(Coalesce("projects__reviewed_cost", "projects__cost"), filter=winners))
            .order_by("edition__year", "order", "pk")
            .values_list("pk", "edition__year", "name", "starosta_district__name", "budget", "edition__ballots_count",
                         "on_ballot", "votes", "winners", "winners_cost", "edition__official_method",
                         "edition__results_published_at").iterator(chunk_size=CHUNK))
    for (pk, year, name, district, category_budget, ballots, count, votes, won, won_cost, method,
         published_at) in rows:
        won_cost = won_cost or ZERO
        yield (pk, year, name, district, category_budget, ballots, count, votes or 0, won, won_cost,
               category_budget - won_cost, methods.get(method, method), published_at)


def results_changed_at(hromada):
    if not Edition.objects.filter(hromada=hromada, results_published_at__isnull=False).exists():
        return None
    return latest(Project.objects.filter(hromada=hromada, edition__results_published_at__isnull=False)
                  .aggregate(at=Max("updated_at"))["at"], _editions_changed_at(hromada))


PROJECTS = LiveResource(
    key="projects",
    title=_("Проєкти бюджету участі"),
    description=_("Подані проєкти (крім відкликаних авторами): категорія, місце, вартість, стан, голоси після "
                  "завершення голосування, перемога і хід реалізації."),
    fields=(
        Field("id", _("Ідентифікатор проєкту"), "integer", required=True),
        Field("editionYear", _("Рік бюджету участі"), "year", required=True),
        Field("number", _("Номер проєкту"), "integer", required=True),
        Field("title", _("Назва проєкту"), required=True),
        Field("category", _("Категорія"), required=True),
        Field("starostaDistrict", _("Старостинський округ категорії"),
              description=_("Заповнено для категорії, у якій голосують мешканці одного старостинського округу.")),
        Field("location", _("Місце реалізації")),
        Field("latitude", _("Широта"), "number", constraints={"minimum": -90, "maximum": 90}),
        Field("longitude", _("Довгота"), "number", constraints={"minimum": -180, "maximum": 180}),
        Field("cost", _("Вартість за поданням, грн"), "number", required=True),
        Field("reviewedCost", _("Вартість за оцінкою профільного підрозділу, грн"), "number"),
        Field("status", _("Стан проєкту"), required=True),
        Field("votes", _("Кількість голосів"), "integer",
              _("Оприлюднюється після завершення голосування; до того порожньо.")),
        Field("winner", _("Переможець"), "boolean",
              _("Визначається після оприлюднення результатів; до того порожньо.")),
        Field("progress", _("Реалізація, %"), "integer", required=True, constraints={"minimum": 0, "maximum": 100}),
        Field("spent", _("Використано, грн"), "number", required=True),
        Field("implementedOn", _("Дата завершення реалізації"), "date"),
        Field("url", _("Сторінка проєкту"), required=True),
    ),
    primary_key=("id",),
    rows=project_rows,
    changed_at=projects_changed_at,
)

RESULTS = LiveResource(
    key="results",
    title=_("Результати голосування за категоріями"),
    description=_("Для кожної категорії випуску з оприлюдненими результатами: бюджет, бюлетені, проєкти в "
                  "голосуванні, голоси, переможці та їх вартість."),
    fields=(
        Field("categoryId", _("Ідентифікатор категорії"), "integer", required=True),
        Field("editionYear", _("Рік бюджету участі"), "year", required=True),
        Field("category", _("Категорія"), required=True),
        Field("starostaDistrict", _("Старостинський округ категорії")),
        Field("budget", _("Бюджет категорії, грн"), "number", required=True),
        Field("ballots", _("Бюлетенів у випуску"), "integer", required=True,
              description=_("Усього бюлетенів, поданих у цьому випуску (в усіх категоріях).")),
        Field("projectsOnBallot", _("Проєктів у голосуванні"), "integer", required=True),
        Field("votes", _("Голосів за проєкти категорії"), "integer", required=True),
        Field("winners", _("Проєктів-переможців"), "integer", required=True),
        Field("winnersCost", _("Вартість проєктів-переможців, грн"), "number", required=True,
              description=_("За оцінкою профільного підрозділу, якщо її зроблено, інакше — за поданням.")),
        Field("leftover", _("Залишок бюджету категорії, грн"), "number", required=True),
        Field("method", _("Правило визначення переможців"), required=True),
        Field("resultsPublishedAt", _("Результати оприлюднено"), "datetime", required=True),
    ),
    primary_key=("categoryId",),
    rows=result_rows,
    changed_at=results_changed_at,
)

register(LiveDataset(
    key="participation.budget",
    title=_("Дані громадського бюджету (бюджету участі)"),
    description=_(
        "Проєкти громадського бюджету (бюджету участі) громади за роками: категорія, місце реалізації, "
        "вартість, стан розгляду, кількість голосів (після завершення голосування), перемога та хід "
        "реалізації; результати голосування за категоріями випусків, результати яких оприлюднено. Імена й "
        "контакти авторів, бюлетені та відомості про тих, хто голосував, не оприлюднюються; відкликані "
        "авторами проєкти не включено."),
    resources=(PROJECTS, RESULTS),
    frequency="on_change",
    obligation="mun-budget",
    keywords=(_("бюджет участі"), _("громадський бюджет"), _("проєкти"), _("голосування")),
    topic="finansy",
    basis=_("ст. 26 ЗУ «Про місцеве самоврядування в Україні»; Положення про громадський бюджет (бюджет участі), "
            "затверджене радою; Постанова КМУ від 21.10.2015 № 835"),
    purpose=_("Оприлюднення проєктів бюджету участі, результатів голосування та стану їх реалізації"),
    available=lambda hromada: Edition.objects.filter(hromada=hromada).exists(),
))
