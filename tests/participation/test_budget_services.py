"""The participatory budget's editions, categories and projects: every rule and refusal, as users read it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.core.cases.services import Upload
from hromada.core.models import AuditEntry
from hromada.core.models.notifications import Notice
from hromada.participation.budget import selectors, services
from hromada.participation.budget.voting import NotEligible
from hromada.participation.models import CostItem, Edition, Phase, Project, ProjectPhoto, ProjectStatus
from tests.core.case_builders import freeze
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
KYIV = ZoneInfo("Europe/Kyiv")
TODAY = date(2026, 3, 10)
NBSP = "\u00a0"
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 100


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    freeze(monkeypatch, datetime(2026, 3, 10, 10, 0, tzinfo=KYIV))


@pytest.fixture
def manager(town):
    return town.staff("programme_manager")


def dates(start=TODAY, **overrides):
    values = {"submission_starts": start, "submission_ends": start + timedelta(days=29),
              "review_ends": start + timedelta(days=59), "voting_starts": start + timedelta(days=60),
              "voting_ends": start + timedelta(days=79), "results_on": start + timedelta(days=85),
              "implementation_ends": start + timedelta(days=400)}
    return values | overrides


def new_edition(town, manager, *, year=2026, start=TODAY, **kwargs):
    return services.create_edition(town.hromada, actor=manager, year=year, title=f"Бюджет участі {year}",
                                   total_budget=Decimal("900000"), **dates(start), **kwargs)


@pytest.fixture
def edition(town, manager):
    edition = new_edition(town, manager)
    edition.small = services.add_category(edition, actor=manager, hromada=town.hromada, name="Малі проєкти",
                                          budget=Decimal("300000"), max_cost=Decimal("100000"), votes_per_voter=2)
    edition.large = services.add_category(edition, actor=manager, hromada=town.hromada, name="Великі проєкти",
                                          budget=Decimal("600000"), min_cost=Decimal("100000"),
                                          max_cost=Decimal("400000"), order=2)
    return edition


def items(*amounts):
    return [{"name": f"Стаття {i}", "quantity": "2", "unit": "шт.", "amount": amount}
            for i, amount in enumerate(amounts, start=1)]


def submit(edition, author, *, category=None, cost_items=None, **kwargs):
    return services.submit_project(edition, author=author, hromada=edition.hromada,
                                   category=category or edition.small, title="Лавки в парку",
                                   summary="Десять лавок у парку.", description="Докладний опис.",
                                   cost_items=cost_items or items("30000.50", "19999.50"), **kwargs)


def errors_of(raised) -> dict:
    return raised.value.message_dict


# Phases and editions --------------------------------------------------------------------------------------------

def test_phase_of(town, manager):
    e = new_edition(town, manager)
    assert services.phase_of(e, TODAY - timedelta(days=1)) == Phase.ANNOUNCED
    assert services.phase_of(e, TODAY) == Phase.SUBMISSION
    assert services.phase_of(e, e.submission_ends) == Phase.SUBMISSION
    assert services.phase_of(e, e.review_ends) == Phase.REVIEW
    assert services.phase_of(e, e.voting_starts) == Phase.VOTING
    assert services.phase_of(e, e.voting_ends) == Phase.VOTING
    assert services.phase_of(e, e.voting_ends + timedelta(days=1)) == Phase.RESULTS
    assert services.phase_of(e, e.implementation_ends) == Phase.RESULTS  # until the results are published
    e.results_published_at = datetime(2026, 6, 1, tzinfo=KYIV)
    assert services.phase_of(e, e.voting_ends + timedelta(days=1)) == Phase.IMPLEMENTATION
    assert services.phase_of(e) == Phase.SUBMISSION  # today, Kyiv


def test_create_edition(town, manager):
    e = new_edition(town, manager)
    other = new_edition(town, manager, year=2027)
    assert len(e.seed) == 64 and len(e.pseudonym_secret) == 64 and e.seed != other.seed
    assert e.pseudonym_secret != e.seed
    assert AuditEntry.objects.filter(object_type__icontains="edition", action="create").count() == 2
    with pytest.raises(ValidationError) as raised:
        new_edition(town, manager)
    assert errors_of(raised) == {"year": ["Конкурс бюджету участі на 2026 рік уже існує."]}
    with pytest.raises(PermissionDenied):
        new_edition(town, town.person(), year=2028)


@pytest.mark.parametrize(("field", "value", "text"), [
    ("submission_ends", TODAY - timedelta(days=1), "Подання проєктів не може закінчитися раніше, ніж почнеться."),
    ("review_ends", TODAY + timedelta(days=10),
     "Розгляд проєктів не може закінчитися раніше, ніж завершиться їх подання."),
    ("voting_starts", TODAY + timedelta(days=59), "Голосування починається після завершення розгляду проєктів."),
    ("voting_ends", TODAY + timedelta(days=59), "Голосування не може закінчитися раніше, ніж почнеться."),
    ("results_on", TODAY + timedelta(days=70), "Результати не можна оголосити до завершення голосування."),
    ("implementation_ends", TODAY + timedelta(days=80),
     "Реалізація не може завершитися раніше за оголошення результатів."),
])
def test_dates_in_order(town, manager, field, value, text):
    with pytest.raises(ValidationError) as raised:
        services.create_edition(town.hromada, actor=manager, year=2026, title="Бюджет участі",
                                total_budget=Decimal("900000"), **dates(**{field: value}))
    assert errors_of(raised)[field] == [text]
    assert not Edition.objects.exists()


def test_edition_bad_input(town, manager):
    with pytest.raises(ValidationError) as raised:
        services.create_edition(town.hromada, actor=manager, year=1999, title=" ", total_budget="abc",
                                official_method="x", tie_rule="y", **dates())
    assert errors_of(raised) == {
        "title": ["Вкажіть назву конкурсу."], "total_budget": ["Вкажіть суму в гривнях, наприклад 150000,00."],
        "official_method": ["Оберіть правило визначення переможців."],
        "tie_rule": ["Оберіть, як вирішується рівність голосів."], "year": ["Вкажіть рік від 2000 до 2100."]}


def test_voting_rules_freeze(town, manager, monkeypatch):
    e = new_edition(town, manager)
    e = services.update_edition(e, actor=manager, hromada=town.hromada, ballot_changes_allowed=True,
                                official_method="equal_shares", title="Новий заголовок")
    assert (e.ballot_changes_allowed, e.official_method, e.title) == (True, "equal_shares", "Новий заголовок")
    freeze(monkeypatch, datetime.combine(e.voting_starts, datetime.min.time(), tzinfo=KYIV).replace(hour=9))
    for field, value in (("ballot_changes_allowed", False), ("official_method", "greedy"), ("tie_rule", "lot")):
        with pytest.raises(ValidationError) as raised:
            services.update_edition(e, actor=manager, hromada=town.hromada, **{field: value})
        assert errors_of(raised) == {field: ["Голосування розпочалося: правила голосування змінювати вже не можна."]}
    with pytest.raises(ValidationError):
        services.add_category(e, actor=manager, hromada=town.hromada, name="Ще", budget=1000, max_cost=1000)
    e = services.update_edition(e, actor=manager, hromada=town.hromada, title="Можна")
    assert e.title == "Можна"


def test_category_rules(town, manager, edition, town_b):
    with pytest.raises(ValidationError) as raised:
        services.add_category(edition, actor=manager, hromada=town.hromada, name="Ще", budget=Decimal("1"),
                              max_cost=Decimal("1"))
    assert errors_of(raised) == {"budget": [
        f"Разом категорії перевищили б загальний бюджет конкурсу — 900{NBSP}000,00{NBSP}грн."]}
    with pytest.raises(ValidationError) as raised:
        services.update_category(edition.small, actor=manager, hromada=town.hromada, min_cost=Decimal("200000"),
                                 name="Великі проєкти")
    assert errors_of(raised) == {"name": ["У конкурсі вже є категорія з такою назвою."],
                                 "min_cost": ["Мінімальна вартість не може перевищувати максимальну."]}
    with pytest.raises(ValidationError) as raised:
        services.update_category(edition.small, actor=manager, hromada=town.hromada,
                                 starosta_district=town_b.district)
    assert errors_of(raised) == {"starosta_district": ["Оберіть старостинський округ цієї громади."]}
    small = services.update_category(edition.small, actor=manager, hromada=town.hromada,
                                     starosta_district=town.district, votes_per_voter=3)
    assert (small.starosta_district, small.votes_per_voter) == (town.district, 3)
    services.update_category(edition.small, actor=manager, hromada=town.hromada, budget=Decimal("200000"))
    extra = services.add_category(edition, actor=manager, hromada=town.hromada, name="Шкільні",
                                  budget=Decimal("100000"), max_cost=Decimal("50000"))
    services.delete_category(extra, actor=manager, hromada=town.hromada)
    submit(edition, town.person())
    with pytest.raises(ValidationError) as raised:
        services.delete_category(edition.small, actor=manager, hromada=town.hromada)
    assert raised.value.messages == ["У категорії є проєкти, її не можна видалити."]


# Projects -------------------------------------------------------------------------------------------------------

def test_submit_project(town, edition, django_capture_on_commit_callbacks):
    author = town.person()
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(edition, author, latitude="48.4467", longitude="27.7917", address="парк Шевченка",
                       photos=[SimpleUploadedFile("park.jpg", JPEG)], photo_captions=["Парк зараз"])
    second = submit(edition, town.person(), category=edition.large, cost_items=items("150000"))
    assert (first.number, second.number) == (1, 2)
    assert first.cost == Decimal("50000.00") and first.status == ProjectStatus.SUBMITTED
    assert first.author_name == author.full_name and first.latitude == Decimal("48.446700")
    assert list(CostItem.objects.filter(project=first).values_list("amount", flat=True)) == [
        Decimal("30000.50"), Decimal("19999.50")]
    photo = ProjectPhoto.objects.get(project=first)
    assert photo.caption == "Парк зараз" and photo.file.name.endswith(".jpg")
    notice = Notice.objects.get(recipient=author, kind="participation.budget_author")
    assert notice.body == "Ваш проєкт «Лавки в парку» подано під № 1."
    assert list(selectors.my_projects(town.hromada, author)) == [first]


def test_project_cost_limits(town, edition):
    with pytest.raises(ValidationError) as raised:
        submit(edition, town.person(), cost_items=items("100000", "0.01"))
    assert errors_of(raised) == {"cost_items": [
        f"Вартість проєкту в категорії «Малі проєкти» має бути від 0,00{NBSP}грн до 100{NBSP}000,00{NBSP}грн; "
        f"цей проєкт коштує 100{NBSP}000,01{NBSP}грн."]}
    with pytest.raises(ValidationError) as raised:
        submit(edition, town.person(), category=edition.large, cost_items=items("99999.99"))
    assert "від 100\u00a0000,00\u00a0грн до 400\u00a0000,00\u00a0грн" in errors_of(raised)["cost_items"][0]
    assert not Project.objects.exists()


@pytest.mark.parametrize(("cost_items", "text"), [
    ([], "Наведіть хоча б одну статтю витрат."),
    ([{"name": "Лавка", "quantity": "0", "amount": "100"}], "Стаття 1: кількість має бути більшою за нуль."),
    ([{"name": "Лавка", "quantity": "1", "amount": "0"}], "Стаття 1: сума має бути більшою за нуль."),
    ([{"name": "Лавка", "quantity": "1", "amount": "10"}, {"name": "", "amount": "5"}], "Стаття 2: вкажіть назву."),
    ([{"name": "Лавка", "quantity": "1", "amount": "-10"}], "Стаття 1: сума має бути більшою за нуль."),
])
def test_cost_items_checked(town, edition, cost_items, text):
    with pytest.raises(ValidationError) as raised:
        services.submit_project(edition, author=town.person(), hromada=town.hromada, category=edition.small,
                                title="Т", summary="С", description="О", cost_items=cost_items)
    assert errors_of(raised) == {"cost_items": [text]}


def test_project_fields_and_location(town, edition, town_b):
    with pytest.raises(ValidationError) as raised:
        services.submit_project(edition, author=town.person(), hromada=town.hromada, category=edition.small,
                                title="", summary="", description="", cost_items=items("10"),
                                latitude="55.1", longitude="30")
    assert errors_of(raised) == {"title": ["Вкажіть назву проєкту."], "summary": ["Опишіть проєкт кількома реченнями."],
                                 "description": ["Опишіть проєкт."],
                                 "latitude": ["Точка має бути в Україні: широта 44–53, довгота 22–41."]}
    with pytest.raises(ValidationError) as raised:
        submit(edition, town.person(), latitude="48.5", longitude="19.9")
    assert errors_of(raised) == {"longitude": ["Точка має бути в Україні: широта 44–53, довгота 22–41."]}
    other = new_edition(town_b, town_b.staff("programme_manager"))
    cat_b = services.add_category(other, actor=town_b.staff("programme_manager"), hromada=town_b.hromada,
                                  name="Малі", budget=1000, max_cost=1000)
    with pytest.raises(ValidationError) as raised:
        submit(edition, town.person(), category=cat_b)
    assert errors_of(raised) == {"category": ["Оберіть категорію цього конкурсу."]}


@pytest.mark.parametrize(("upload", "caption", "field", "text"), [
    (SimpleUploadedFile("a.gif", b"GIF89a" + b"\0" * 20), "Опис", "photos",
     "Файл «a.gif» не є фотографією JPEG або PNG."),
    (SimpleUploadedFile("a.png", JPEG), "Опис", "photos",
     "Розширення файлу «a.png» не відповідає його вмісту (JPG)."),
    (Upload("big.jpg", JPEG + b"\0" * (5 * 2**20)), "Опис", "photos", "Файл «big.jpg» більший за 5 МБ."),
    (SimpleUploadedFile("a.png", PNG), " ", "photo_captions",
     "Опишіть, що зображено на фото «a.png»: опис зачитують тим, хто не бачить зображення."),
])
def test_photos_checked(town, edition, upload, caption, field, text):
    with pytest.raises(ValidationError) as raised:
        submit(edition, town.person(), photos=[upload], photo_captions=[caption])
    assert errors_of(raised) == {field: [text]}
    assert not Project.objects.exists()


def test_submission_phase_and_eligibility(town, edition, monkeypatch):
    with pytest.raises(NotEligible):
        submit(edition, town.unverified())
    today = date(2026, 3, 10)
    with pytest.raises(NotEligible) as raised:
        submit(edition, town.person(born=today.replace(year=2011)))
    assert str(raised.value) == "Це доступно мешканцям віком від 16 років."
    freeze(monkeypatch, datetime(2026, 4, 9, 10, 0, tzinfo=KYIV))  # the review phase
    with pytest.raises(ValidationError) as raised:
        submit(edition, town.person())
    assert raised.value.messages == ["Проєкти приймаються лише під час етапу подання."]


def test_withdraw(town, edition, monkeypatch):
    author = town.person()
    project = submit(edition, author)
    with pytest.raises(PermissionDenied):
        services.withdraw_project(project, author=town.person(), hromada=town.hromada)
    second = submit(edition, author)
    assert services.withdraw_project(project, author=author, hromada=town.hromada).status == "withdrawn"
    assert project not in selectors.projects(edition)
    freeze(monkeypatch, datetime(2026, 5, 10, 10, 0, tzinfo=KYIV))  # voting
    with pytest.raises(ValidationError) as raised:
        services.withdraw_project(second, author=author, hromada=town.hromada)
    assert raised.value.messages == ["Проєкт можна відкликати лише до початку голосування."]


# Review ---------------------------------------------------------------------------------------------------------

def test_review(town, edition, manager, town_b, django_capture_on_commit_callbacks, monkeypatch):
    author = town.person()
    project = submit(edition, author)
    rejected = submit(edition, author)
    unit = DepartmentFactory(hromada=town.hromada, name="Відділ благоустрою")
    head = town.staff("department_head", unit)
    with pytest.raises(PermissionDenied):
        services.start_review(project, actor=author, hromada=town.hromada, department=unit)
    with pytest.raises(ValidationError) as raised:
        services.start_review(project, actor=head, hromada=town.hromada,
                              department=DepartmentFactory(hromada=town_b.hromada))
    assert errors_of(raised) == {"department": ["Оберіть структурний підрозділ цієї громади."]}
    project = services.start_review(project, actor=head, hromada=town.hromada, department=unit)
    assert (project.status, project.review_department) == (ProjectStatus.UNDER_REVIEW, unit)
    assert list(selectors.projects_to_review(town.hromada, department=unit)) == [project]
    with pytest.raises(ValidationError) as raised:
        services.review_project(project, actor=head, hromada=town.hromada, admitted=True, reviewed_cost=None,
                                reason="")
    assert errors_of(raised) == {"reviewed_cost": ["Вкажіть оцінку вартості, зроблену підрозділом."]}
    with pytest.raises(ValidationError) as raised:
        services.review_project(project, actor=head, hromada=town.hromada, admitted=True,
                                reviewed_cost=Decimal("120000"), reason="")
    assert "100\u00a0000,00\u00a0грн" in errors_of(raised)["reviewed_cost"][0]
    with pytest.raises(ValidationError) as raised:
        services.review_project(rejected, actor=head, hromada=town.hromada, admitted=False, reviewed_cost=None,
                                reason=" ")
    assert errors_of(raised) == {"reason": ["Вкажіть підстави, з яких проєкт не допущено."]}
    with django_capture_on_commit_callbacks(execute=True):
        project = services.review_project(project, actor=head, hromada=town.hromada, admitted=True,
                                          reviewed_cost=Decimal("55000"), reason="Реально")
        services.review_project(rejected, actor=head, hromada=town.hromada, admitted=False, reviewed_cost=None,
                                reason="Земля не комунальна.")
    assert (project.status, project.final_cost, project.reviewed_by) == ("admitted", Decimal("55000"), head)
    bodies = set(Notice.objects.filter(recipient=author).values_list("body", flat=True))
    assert "Ваш проєкт № 1 «Лавки в парку» допущено до голосування." in bodies
    assert "Ваш проєкт № 2 «Лавки в парку» не допущено до голосування: Земля не комунальна." in bodies
    with pytest.raises(ValidationError) as raised:
        services.review_project(project, actor=head, hromada=town.hromada, admitted=False, reviewed_cost=None,
                                reason="x")
    assert raised.value.messages == ["Проєкт уже розглянуто."]
    late = submit(edition, author)
    freeze(monkeypatch, datetime(2026, 5, 10, 10, 0, tzinfo=KYIV))  # voting
    with pytest.raises(ValidationError) as raised:
        services.review_project(late, actor=head, hromada=town.hromada, admitted=False, reviewed_cost=None,
                                reason="x")
    assert raised.value.messages == ["Проєкти розглядаються лише під час етапів подання та розгляду."]
    assert AuditEntry.objects.filter(object_type__icontains="project", action="update").count() >= 3


# Implementation -------------------------------------------------------------------------------------------------

def test_implementation(town, edition, manager, django_capture_on_commit_callbacks):
    author = town.person()
    project = submit(edition, author)
    with pytest.raises(ValidationError) as raised:
        services.update_implementation(project, actor=manager, hromada=town.hromada, progress=10, spent=0)
    assert raised.value.messages == ["Реалізацію відстежують лише для проєктів-переможців."]
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.WINNER)
    with pytest.raises(PermissionDenied):
        services.update_implementation(project, actor=author, hromada=town.hromada, progress=10, spent=0)
    with pytest.raises(ValidationError) as raised:
        services.update_implementation(project, actor=manager, hromada=town.hromada, progress=101, spent=-1)
    assert errors_of(raised) == {"progress": ["Стан виконання — число від 0 до 100."],
                                 "spent": ["Сума не може бути від’ємною."]}
    with pytest.raises(ValidationError) as raised:
        services.update_implementation(project, actor=manager, hromada=town.hromada, progress=50, spent=10,
                                       implemented_on=TODAY)
    assert errors_of(raised) == {"implemented_on": ["Проєкт вважається реалізованим лише на 100 %."]}
    project = services.update_implementation(project, actor=manager, hromada=town.hromada, progress=40,
                                             spent=Decimal("20000"))
    assert (project.status, project.progress) == (ProjectStatus.IMPLEMENTING, 40)
    milestone = services.add_milestone(project, actor=manager, hromada=town.hromada, title="Закупівля",
                                       due_on=TODAY)
    milestone = services.complete_milestone(milestone, actor=manager, hromada=town.hromada, done_on=TODAY)
    assert milestone.done_on == TODAY
    photo = services.add_photo(project, actor=manager, hromada=town.hromada,
                               upload=SimpleUploadedFile("done.png", PNG), caption="Нові лавки",
                               stage="implementation")
    assert photo.stage == "implementation"
    with django_capture_on_commit_callbacks(execute=True):
        project = services.update_implementation(project, actor=manager, hromada=town.hromada, progress=100,
                                                 spent=Decimal("49000"), implemented_on=TODAY)
    assert (project.status, project.implemented_on) == (ProjectStatus.IMPLEMENTED, TODAY)
    assert Notice.objects.filter(recipient=author, body="Ваш проєкт № 1 «Лавки в парку» реалізовано.").exists()


def test_other_hromada_refused(town, town_b, edition):
    project = submit(edition, town.person())
    with pytest.raises(PermissionDenied):
        services.start_review(project, actor=town_b.staff("programme_manager"), hromada=town_b.hromada,
                              department=DepartmentFactory(hromada=town_b.hromada))
    with pytest.raises(PermissionDenied):
        submit(edition, town_b.person())
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.edition(town_b.hromada, edition.pk)
    with pytest.raises(Http404):
        selectors.project(selectors.edition(town.hromada, edition.pk), project.pk + 1000)
    assert selectors.edition_by_year(town.hromada, 2026) == edition
    assert list(selectors.projects(edition, q="Лавки", category=edition.small.pk)) == [project]
    assert list(selectors.projects(edition, status="admitted")) == []
    assert selectors.project_by_number(edition, 1) == project
