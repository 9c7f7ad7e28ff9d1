"""Staff of hromada A must never read or change hromada B's records, through any URL or API operation.

The crawl walks every URL pattern of the project. A pattern with a parameter it does not know fails the
test, so every new module has to teach it which of B's objects its parameters name.
"""

from __future__ import annotations

import json
import re

import pytest
from django.core import serializers
from django.urls import URLPattern, URLResolver, get_resolver

from hromada.core import services, structure
from hromada.core.models import (
    ApiToken,
    AuditEntry,
    CalendarException,
    Delivery,
    Department,
    Institution,
    Notice,
    Official,
    RoleAssignment,
    Settlement,
    StarostaDistrict,
)
from hromada.core.notifications import notify
from tests.factories import DepartmentFactory, InstitutionFactory, SettlementFactory, member

MARKER = "ЛИШЕБ"
METHODS = ("get", "post", "put", "patch", "delete")
BLOCKED = {302, 400, 401, 403, 404, 405, 422}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _fill(route: str, values: dict[str, str]) -> str:
    """Turn a route like 'staff/settlements/<int:pk>/edit/' into a concrete path."""
    route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")

    def replace(match):
        name = match.group("name")
        if name not in values:
            raise KeyError(name)
        return values[name]

    path = re.sub(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>", replace, route)
    path = re.sub(r"\(\?P<(?P<name>[^>]+)>[^)]*\)", replace, path)
    return "/" + path


@pytest.fixture
def world(hromada_a, hromada_b):
    """B has one record of every kind, each carrying the marker in its text."""
    b_admin = member(hromada_b, "hromada_admin", email="admin-b@example.org", full_name=f"{MARKER} Адмін")
    b_settlement = SettlementFactory(hromada=hromada_b, name=f"{MARKER} Село")
    b_district = StarostaDistrict.objects.create(hromada=hromada_b, name=f"{MARKER} Округ")
    b_department = DepartmentFactory(hromada=hromada_b, name=f"{MARKER} Відділ")
    b_institution = InstitutionFactory(hromada=hromada_b, name=f"{MARKER} Заклад")
    b_official = Official.objects.create(hromada=hromada_b, full_name=f"{MARKER} Голова", position="голова")
    b_exception = CalendarException.objects.create(hromada=hromada_b, date="2026-12-31", kind="day_off",
                                                   reason=f"{MARKER} вихідний")
    b_token, _plain = services.create_token(user=b_admin, name=f"{MARKER} токен")
    b_assignment = RoleAssignment.objects.get(user=b_admin, hromada=hromada_b)
    # A has its own records too, so list pages are not trivially empty.
    SettlementFactory(hromada=hromada_a, name="Село А")
    InstitutionFactory(hromada=hromada_a, name="Заклад А")
    b_programme = _b_programme(hromada_b) | _b_strategy_world(hromada_b)
    b_registers = _b_registers(hromada_b, b_admin)
    b_acts = _b_acts(hromada_b)
    b_programme["grant_id"] = b_registers["grant_id"]
    b_notice = notify(b_admin, "programmes.report_due", hromada=hromada_b, subject=f"{MARKER} сповіщення",
                      body=f"{MARKER} текст сповіщення")
    b_feedback = _b_portal(hromada_b, b_admin)
    b_provider = _b_accounts(hromada_b)
    b_data_request, b_consent = _b_data_request(hromada_b)
    b_cases = _b_cases(hromada_b, b_admin)
    b_participation = _b_participation(hromada_b, b_admin)
    b_cnap = _b_cnap(hromada_b, b_admin)
    b_opendata = _b_opendata(hromada_b, b_admin)
    b_itassets = _b_itassets(hromada_b)
    by_slug = {
        "settlements": b_settlement, "districts": b_district, "departments": b_department,
        "institutions": b_institution, "officials": b_official,
    }
    assert set(by_slug) == {crud.slug for crud in structure.ALL}, "teach the crawl the new CRUD pages"
    return {
        "by_slug": by_slug,
        "values": {
            "settlement_id": str(b_settlement.pk), "institution_id": str(b_institution.pk),
            "assignment_pk": str(b_assignment.pk), "uidb64": "MQ", "token": "set-password",
            "object_id": str(b_settlement.pk), "app_label": "core", "content_type_id": "1",
            "url": "core/", "path": "x", "id": str(b_admin.pk),
            **b_programme, "register": "residents", **_b_import(hromada_b),
            "street_id": b_registers["streets"], "building_id": b_registers["buildings"],
            "resident_id": b_registers["residents"], "plot_id": b_registers["land"],
            "relation_pk": b_acts["relation"], "attachment_pk": b_acts["attachment"], "item_pk": b_acts["item"],
            "act_id": b_acts["act"],
            "name": "purge-imports",  # a job: the installation's, not a hromada's (operators only)
            "provider_id": b_provider.name, "uidb36": "1", "key": "x",
            "petition_id": b_participation["petition"], "edition_id": b_participation["edition"],
            "year": b_participation["year"], "number": b_participation["number"],
            "category_pk": b_participation["category"], "milestone_pk": b_participation["milestone"],
            "what": "projects", "fmt": "json",
            "office_pk": b_cnap["office"], "service_id": b_cnap["service"], "booking_id": b_cnap["booking"],
            "card_pk": b_cnap["card"],
        },
        "acts": b_acts,
        "member_pk": str(b_admin.pk), "exception_pk": str(b_exception.pk), "token_pk": str(b_token.pk),
        "programme_pk": b_programme["programme_id"],
        "feedback_pk": str(b_feedback.pk), "provider_pk": str(b_provider.pk),
        "data_request_pk": str(b_data_request.pk), "consent_pk": str(b_consent.pk),
        "notice_pk": str(b_notice.pk), "delivery_pk": str(b_notice.deliveries.get(channel="email").pk),
        "register_pks": b_registers,
        "cases": b_cases,
        "participation": b_participation,
        "cnap": b_cnap,
        "opendata": b_opendata,
        "itassets": b_itassets,
    }


def _b_itassets(hromada_b) -> dict[str, str]:
    """B's IT assets: an item with an assignment and an inventory round, a title with a licence, a seat, an
    installation and a job profile, a connection, a camera, a backed-up system with a run, and a request."""
    from datetime import date

    from hromada.itassets.models import Assignment, InventoryCheck, InventoryRound
    from tests.itassets import software_world
    from tests.itassets.builders import equipment, network_world
    from tests.itassets.servicedesk_world import b_servicedesk

    item = equipment(hromada_b, name=f"{MARKER} ноутбук", inventory_number="ЛИШЕБ-7")
    Assignment.objects.create(hromada=hromada_b, equipment=item, person_name=MARKER, checked_out_on=date(2025, 1, 9))
    round_ = InventoryRound.objects.create(hromada=hromada_b, title=f"{MARKER} інвентаризація",
                                           started_on=date(2026, 1, 12))
    InventoryCheck.objects.create(round=round_, equipment=item, result=InventoryCheck.Result.FOUND)
    desk = b_servicedesk(hromada_b)
    ids = {key: str(value) for key, value in software_world.build(hromada_b, marker=MARKER).items()}
    ids.update(network_world(hromada_b, MARKER))
    ids.update(item=str(item.pk), item_id=str(item.pk), round_pk=str(round_.pk), category="computer",
               request=desk["request"], request_id=desk["request"], request_item=desk["item"],
               software_id=ids["software_pk"], licence_id=ids["licence_pk"], seat_id=ids["seat_pk"],
               installation_id=ids["installation_pk"])
    return ids


def _b_cases(hromada_b, b_admin) -> dict[str, str]:
    """B's case category, an appeal of B's resident with an attachment, a published request and a hotline call."""
    from hromada.appeals.models import HotlineCall
    from hromada.core.cases import services as case_services
    from hromada.core.models import CaseCategory, User

    resident = User.objects.get(email="resident-b@example.org")
    category = CaseCategory.objects.create(hromada=hromada_b, name=f"{MARKER} Дороги")
    appeal = case_services.register_case(
        hromada_b, kind="appeal", subkind="complaint", actor=resident, applicant=resident, channel="portal",
        subject=f"{MARKER} скарга", text=f"{MARKER} текст скарги", applicant_address=f"{MARKER} адреса",
        category=category, attachments=[case_services.Upload("scan.pdf", b"%PDF-1.4 " + MARKER.encode())])
    request = case_services.register_case(
        hromada_b, kind="info_request", actor=None, channel="portal", subject=f"{MARKER} запит",
        text=f"{MARKER} текст запиту", applicant_name=f"{MARKER} Запитувач", applicant_email="req-b@example.org",
        publish_requested=True)
    request.answered_at = request.received_at
    request.published_at, request.public_text, request.public_answer = (
        request.received_at, f"{MARKER} запит", f"{MARKER} відповідь")
    request.save()
    call = HotlineCall.objects.create(hromada=hromada_b, received_at=request.received_at, operator=b_admin,
                                      caller_name=f"{MARKER} Абонент", summary=f"{MARKER} дзвінок",
                                      outcome="consulted", answer=f"{MARKER} консультація")
    return {"case": str(appeal.pk), "request": str(request.pk), "category": str(category.pk),
            "attachment": str(appeal.attachments.get().pk), "call": str(call.pk)}


def _b_participation(hromada_b, b_admin) -> dict[str, str]:
    """B's collecting petition with a signature, and B's budget edition in voting with a project, its cost
    item, milestone and photo (rows straight to the tables: the services are tested in tests/participation)."""
    from decimal import Decimal

    from django.utils import timezone

    from hromada.participation.models import (
        CostItem,
        Milestone,
        Petition,
        Project,
        ProjectPhoto,
        Signature,
    )
    from tests.participation.world import edition_rows

    petition = Petition.objects.create(
        hromada=hromada_b, number=1, title=f"{MARKER} петиція", text=f"{MARKER} текст петиції", author=b_admin,
        author_name=f"{MARKER} Автор", author_email="author-b@example.org", status="collecting", threshold=10,
        threshold_basis="10", published_at=timezone.now(), ends_on=timezone.localdate() + timezone.timedelta(days=9))
    Signature.objects.create(hromada=hromada_b, petition=petition, seq=1, signer_key="r999999", signer=b_admin,
                             signer_name=f"{MARKER} Підписант", signed_at=timezone.now(), prev_hash="0" * 64,
                             hash="1" * 64)
    edition = edition_rows(hromada_b, today=timezone.localdate())
    category = edition.categories.order_by("order").first()
    project = Project.objects.create(
        hromada=hromada_b, edition=edition, category=category, number=1, title=f"{MARKER} проєкт",
        summary=f"{MARKER} коротко", description=f"{MARKER} опис", author=b_admin, author_name=f"{MARKER} Автор",
        cost=Decimal("50000"), status="admitted")
    CostItem.objects.create(project=project, name=f"{MARKER} позиція", amount=Decimal("50000"))
    milestone = Milestone.objects.create(project=project, title=f"{MARKER} етап")
    photo = ProjectPhoto.objects.create(project=project, file="participation/photos/b.png", caption=f"{MARKER} фото")
    return {"petition": str(petition.pk), "edition": str(edition.pk), "year": str(edition.year),
            "number": str(project.number), "project": str(project.pk), "category": str(category.pk),
            "milestone": str(milestone.pk), "photo": str(photo.pk)}


def _b_opendata(hromada_b, b_admin) -> dict[str, str]:
    """B's published dataset with an uploaded resource whose title and rows carry the marker."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hromada.opendata import publishing
    from hromada.opendata import services as opendata

    dataset = opendata.create_dataset(
        hromada_b, b_admin, title=f"{MARKER} набір", description=f"{MARKER} опис набору даних",
        frequency="yearly", basis="Постанова КМУ № 835", contact_name="Відповідальна", contact_email="od@rada.gov.ua")
    resource = opendata.add_resource(dataset, b_admin, title=f"{MARKER} ресурс")
    publishing.upload(resource, SimpleUploadedFile("b.csv", f"name\n{MARKER}\n".encode()), user=b_admin)
    return {"dataset": str(dataset.pk), "slug": dataset.slug, "key": resource.key, "resource": str(resource.pk),
            "uid": str(resource.uid)}


def _b_cnap(hromada_b, b_admin) -> dict[str, str]:
    """B's ЦНАП office with a window, a service with its approved card, a slot, a resident's booking, a ticket of
    the live queue and an online application with a file (rows straight to the tables: the services are tested
    in tests/cnap)."""
    from datetime import timedelta

    from django.utils import timezone

    from hromada.cnap.models import (
        Application,
        Booking,
        Office,
        Service,
        ServiceCard,
        Slot,
        Ticket,
        Window,
    )
    from hromada.core.cases import services as case_services
    from hromada.core.models import User

    resident = User.objects.get(email="resident-b@example.org")
    office = Office.objects.create(hromada=hromada_b, name=f"{MARKER} ЦНАП", address=f"{MARKER} адреса")
    service = Service.objects.create(hromada=hromada_b, title=f"{MARKER} послуга", online=True)
    service.offices.set([office])
    card = ServiceCard.objects.create(service=service, version=1, status="approved", provider=f"{MARKER} орган",
                                      result=f"{MARKER} результат", approved_at=timezone.now())
    Service.objects.filter(pk=service.pk).update(card=card)
    window = Window.objects.create(office=office, number="1")
    window.services.set([service])
    start = timezone.now() + timedelta(days=2)
    slot = Slot.objects.create(hromada=hromada_b, office=office, window=window, starts_at=start,
                               ends_at=start + timedelta(minutes=15), booked=1)
    booking = Booking.objects.create(hromada=hromada_b, slot=slot, service=service, person=resident,
                                     name=f"{MARKER} Відвідувач", code="777777")
    now = timezone.now()
    ticket = Ticket.objects.create(hromada=hromada_b, office=office, day=timezone.localdate(), number=1,
                                   label="Б-001", service=service, queue_at=now, issued_at=now)
    case = case_services.register_case(
        hromada_b, kind="cnap_application", actor=resident, applicant=resident, channel="portal",
        subject=f"{MARKER} заява", text=f"{MARKER} текст заяви", subkind=f"service:{service.pk}",
        attachments=[case_services.Upload("pasport.pdf", b"%PDF-1.4 " + MARKER.encode())])
    application = Application.objects.create(hromada=hromada_b, service=service, card=card, case=case,
                                             applicant=resident, answers={"x": MARKER}, submitted_at=now)
    return {"office": str(office.pk), "service": str(service.pk), "booking": str(booking.pk), "card": str(card.pk),
            "ticket": str(ticket.pk), "application": str(application.pk),
            "file": str(case.attachments.get().pk)}


def _b_accounts(hromada_b):
    """B's own sign-in provider (its name is what /auth/oidc/<provider_id>/ takes) and a resident of B."""
    from hromada.accounts import services as accounts_services
    from hromada.accounts.models import IdentityProvider

    resident = member(hromada_b, "resident", email="resident-b@example.org", full_name=f"{MARKER} Жителька")
    accounts_services.join_hromada(resident, hromada_b, consent_version="test")
    return IdentityProvider.objects.create(
        hromada=hromada_b, kind="oidc", name="b-provider", label=f"{MARKER} вхід", url="http://127.0.0.1:9/",
        client_id=f"{MARKER}-client", client_secret=f"{MARKER}-secret")


def _b_data_request(hromada_b):
    """A correction request of B's resident (the staff page /staff/data-requests/<pk>/), and their consent."""
    from hromada.accounts.models import Consent, DataRequest
    from hromada.core.models import User

    person = User.objects.get(email="resident-b@example.org")
    request = DataRequest.objects.create(hromada=hromada_b, user=person, kind="correction",
                                         text=f"{MARKER} виправте прізвище")
    return request, Consent.objects.get(user=person, hromada=hromada_b)


def _b_portal(hromada_b, b_admin):
    """B's contacts and a feedback message sent to B, each carrying the marker; returns the message."""
    from hromada.portal import services as portal_services

    portal_services.save_contacts(hromada_b, actor=b_admin, official_name=f"{MARKER} рада",
                                  postal_address=f"{MARKER} адреса", feedback_email="")
    return portal_services.submit_feedback(hromada_b, topic="other", name=MARKER, contact="",
                                           message=f"{MARKER} повідомлення про сайт", page="/", consent=False)


def _b_import(hromada_b) -> dict[str, str]:
    """An upload of B waiting in the staff import flow, its texts carrying the marker."""
    import uuid

    from hromada.core import import_flow

    upload = import_flow.Upload(hromada_b.pk, uuid.uuid4().hex)
    upload.dir.mkdir(parents=True, exist_ok=True)
    upload.file.write_text(f"населений пункт;вулиця\r\n{MARKER};{MARKER}\r\n", encoding="utf-8")
    error = {"row": 2, "column": "населений пункт", "value": MARKER, "reason": MARKER}
    with import_flow.locked(hromada_b.pk):
        import_flow.write(upload, {
            "id": upload.id, "hromada": hromada_b.pk, "kind": "streets", "status": "checked",
            "filename": f"{MARKER}.csv", "uploaded_at": "2026-11-20T10:00:00+02:00", "uploaded_by_name": MARKER,
            "format": {"kind": "csv", "label": "CSV", "encoding": "UTF-8", "delimiter": "«;»"},
            "check": {"rows_total": 1, "rows_valid": 0, "rows_invalid": 1, "errors": [error], "errors_total": 1}})
    return {"import_id": str(uuid.UUID(upload.id)), "kind": "streets", "mode": "valid"}


def _b_registers(hromada_b, b_admin) -> dict[str, str]:
    """One record of every register in B, each carrying the marker."""
    from hromada.registers import services as register_services
    from hromada.registers.models import Building, LandPlot, PropertyObject, Resident, Street

    settlement = SettlementFactory(hromada=hromada_b, name=f"{MARKER} Хутір")
    street = register_services.save_street(Street(settlement=settlement, name=f"{MARKER} вулиця"), actor=b_admin,
                                           hromada=hromada_b)
    house = register_services.save_building(Building(street=street, number="1"), actor=b_admin, hromada=hromada_b)
    person = register_services.save_resident(Resident(last_name=MARKER, first_name="Іван", birth_date="1980-01-01",
                                                      sex="m", building=house), actor=b_admin, hromada=hromada_b)
    plot = register_services.save_land_plot(LandPlot(cadastral_number="1221455100:01:001:0001", area_ha=1,
                                                     purpose_code="01.01", ownership="private", owner=MARKER),
                                            actor=b_admin, hromada=hromada_b)
    thing = register_services.save_property(PropertyObject(name=f"{MARKER} будівля", kind="building",
                                                           inventory_number="1"), actor=b_admin, hromada=hromada_b)
    from hromada.registers import access as register_access

    grant = register_access.grant_access(
        actor=b_admin, hromada=hromada_b, institution=InstitutionFactory(hromada=hromada_b, name=f"{MARKER} партнер"),
        fields={"residents": ["last_name"]}, starts_on="2026-01-01", ends_on="2099-12-31", legal_basis=MARKER)
    return {"streets": str(street.pk), "buildings": str(house.pk), "residents": str(person.pk),
            "land": str(plot.pk), "property": str(thing.pk), "shared": str(person.pk), "grant_id": str(grant.pk)}


def _b_acts(hromada_b) -> dict[str, str]:
    """B's published act with a relation, a file, a second version, and a council session with a roll-call."""
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from hromada.acts import services as act_services
    from hromada.acts import sessions
    from tests.acts.builders import act, secretary
    from tests.acts.samples import docx_with_text

    keeper = secretary(hromada_b)
    older = act(hromada_b, keeper, number="1", when=date(2024, 1, 10), title=f"{MARKER} давнє рішення")
    decision = act(hromada_b, keeper, number="2", when=date(2024, 2, 10), title=f"{MARKER} рішення",
                   text=f"{MARKER} текст")
    relation = act_services.add_relation(decision, "amends", older, actor=keeper, hromada=hromada_b)
    attachment = act_services.add_attachment(decision, SimpleUploadedFile("b.docx", docx_with_text([MARKER])),
                                             actor=keeper, hromada=hromada_b)
    act_services.publish_act(decision, actor=keeper, hromada=hromada_b)
    session = sessions.create_session(actor=keeper, hromada=hromada_b, fields={
        "convocation": 8, "number": 3, "date": date(2024, 2, 10), "title": f"{MARKER} сесія"})
    item = sessions.add_agenda_item(session, actor=keeper, hromada=hromada_b,
                                    fields={"order": 1, "title": f"{MARKER} питання", "decision": decision})
    deputy = sessions.add_deputy(actor=keeper, hromada=hromada_b,
                                 fields={"full_name": f"{MARKER} Депутат", "convocation": 8})
    sessions.record_roll_call(item, {deputy.pk: "for"}, actor=keeper, hromada=hromada_b)
    return {"act": str(decision.pk), "relation": str(relation.pk), "attachment": str(attachment.pk),
            "session": str(session.pk), "item": str(item.pk)}


def _b_strategy_world(hromada_b) -> dict[str, str]:
    """B's strategy tree, action plan and self-assessment, each carrying the marker."""
    from hromada.programmes.models import (
        ActionPlan,
        ActionStep,
        Assessment,
        PlanIndicator,
        PlanMeasure,
        StrategicDirection,
        StrategicGoal,
        Strategy,
        StrategyResult,
        SwotItem,
    )

    strategy = Strategy.objects.create(hromada=hromada_b, title=f"{MARKER} стратегія", start_year=2021,
                                       end_year=2025, is_published=False)
    direction = StrategicDirection.objects.create(strategy=strategy, number=1, name=f"{MARKER} напрям")
    goal = StrategicGoal.objects.create(direction=direction, code="I.I", name=f"{MARKER} ціль")
    result = StrategyResult.objects.create(goal=goal, text=f"{MARKER} результат")
    step = ActionStep.objects.create(result=result, text=f"{MARKER} крок")
    swot = SwotItem.objects.create(strategy=strategy, quadrant="strength", text=f"{MARKER} сила")
    plan = ActionPlan.objects.create(hromada=hromada_b, title=f"{MARKER} план", start_year=2024, end_year=2025)
    measure = PlanMeasure.objects.create(plan=plan, number=1, name=f"{MARKER} захід")
    indicator = PlanIndicator.objects.create(plan=plan, name=f"{MARKER} індикатор")
    assessment = Assessment.objects.create(hromada=hromada_b, methodology="it-self-audit",
                                           methodology_version="2020", year=2020)
    return {
        "strategy_id": str(strategy.pk), "strategic_direction_id": str(direction.pk),
        "strategic_goal_id": str(goal.pk), "strategy_result_id": str(result.pk), "strategy_step_id": str(step.pk),
        "swot_item_id": str(swot.pk), "action_plan_id": str(plan.pk), "plan_measure_id": str(measure.pk),
        "plan_indicator_id": str(indicator.pk), "assessment_id": str(assessment.pk),
    }


def _b_programme(hromada_b) -> dict[str, str]:
    """B's programme, approved, with a quarter, a consolidated year and the marker in its texts."""
    from hromada.programmes.services import monitoring
    from hromada.programmes.services import programme as programme_services
    from tests.programmes.builders import approved_programme, manager

    boss = manager(hromada_b)
    programme = approved_programme(hromada_b, boss)
    programme = programme_services.start_amendment(programme, actor=boss, hromada=hromada_b)
    programme_services.update_sections(programme, actor=boss, hromada=hromada_b, sections={"ii": MARKER})
    period = monitoring.open_period(programme, actor=boss, hromada=hromada_b, kind="quarter", year=2026, quarter=1)
    monitoring.consolidate_year(programme, actor=boss, hromada=hromada_b, year=2026)
    return {
        "programme_id": str(programme.pk), "direction_id": str(programme.directions.first().pk),
        "direction_pk": str(programme.directions.first().pk),
        "task_id": str(programme.tasks.first().pk), "task_pk": str(programme.tasks.first().pk),
        "indicator_id": str(programme.indicators.first().pk), "indicator_pk": str(programme.indicators.first().pk),
        "period_id": str(period.pk), "period_pk": str(period.pk),
        "report_id": str(period.reports.first().pk), "report_pk": str(period.reports.first().pk),
        "number": "1", "year": "2026", "which": "progress", "fmt": "docx", "annex": "1",
    }


def _routes(world):
    """Every concrete URL, each with all its parameters naming one of B's objects."""
    for route, _pattern in _walk(get_resolver().url_patterns):
        values = dict(world["values"])
        if "<int:pk>" in route:
            slug = route.split("staff/", 1)[-1].split("/", 1)[0]
            if slug in world["by_slug"]:
                values["pk"] = str(world["by_slug"][slug].pk)
            elif route.startswith("cabinet/"):
                page = route.split("cabinet/", 1)[1].split("/", 1)[0]
                values["pk"] = {"consents": world["consent_pk"], "tokens": world["token_pk"],
                                "notices": world["notice_pk"], "cases": world["cases"]["case"],
                                "petitions": world["participation"]["petition"],
                                "budget": world["participation"]["project"],
                                "services": world["cnap"]["application" if "applications/" in route
                                                          else "booking"]}[page]
            elif slug == "data-requests":
                values["pk"] = world["data_request_pk"]
            elif slug == "cases":
                values["pk"] = world["cases"]["case"]
            elif slug == "case-registry":
                values["pk"] = world["cases"]["category" if "categories/" in route else "case"]
            elif slug == "appeals":  # a published request of B, a filed appeal of B
                values["pk"] = world["cases"]["request" if "info-requests/" in route else "case"]
            elif slug == "identity-providers":
                values["pk"] = world["provider_pk"]
            elif slug == "members":
                values["pk"] = world["member_pk"]
            elif slug == "calendar":
                values["pk"] = world["exception_pk"]
            elif slug == "tokens":
                values["pk"] = world["token_pk"]
            elif slug == "notices":
                values["pk"] = world["notice_pk"]
            elif slug == "feedback":
                values["pk"] = world["feedback_pk"]
            elif slug == "notifications":
                values["pk"] = world["delivery_pk"]
            elif slug == "programmes":
                values["pk"] = world["programme_pk"]
            elif slug == "acts":
                values["pk"] = world["acts"]["session" if "sessions/" in route else "act"]
            elif slug == "registers":
                values["pk"] = world["register_pks"][route.split("staff/registers/", 1)[1].split("/", 1)[0]]
            elif slug == "petitions":  # public and staff pages of B's petition
                values["pk"] = world["participation"]["petition"]
            elif slug == "budget":  # B's photo (public), B's project or edition (staff)
                values["pk"] = world["participation"][
                    "photo" if "photos/" in route else "project" if "projects/" in route else "edition"]
            elif slug == "services":  # a public page of B's service, or B's ticket at B's office
                values["pk"] = world["cnap"]["ticket" if "ticket/" in route else "service"]
            elif slug == "cnap":  # B's online application, service (with its card) or office
                values["pk"] = world["cnap"]["service" if "catalogue/" in route else "office" if "offices/" in route
                                             else "application"]
            elif slug == "opendata":  # B's dataset
                values["pk"] = world["opendata"]["dataset"]
            elif slug == "it":  # B's item, or B's IT request (or the item it is about)
                it = world["itassets"]
                values["pk"] = (it["request_item"] if "requests/item/" in route else it["request"]
                                if "requests/" in route else it["item"])
            elif slug == "residents-accounts":  # the resident account _b_accounts made in B
                from hromada.accounts.models import Membership

                values["pk"] = str(Membership.objects.get(user__email="resident-b@example.org").pk)
            else:
                raise AssertionError(f"the crawl does not know what <pk> means in {route!r}")
        if "cases/" in route:  # a case's own files, and the API's case id
            values["file_pk"] = values["attachment_pk"] = world["cases"]["attachment"]
            values["key"] = "note"
            values["case_id"] = world["cases"]["case"]
        if "cnap/applications/" in route:
            values["file_pk"] = world["cnap"]["file"]
        if "opendata/" in route or route.startswith(("catalog.", "api/3/action/", "api/action/")):
            od = world["opendata"]
            values.update(slug=od["slug"], key=od["key"], resource_pk=od["resource"], number="1",
                          code="all-007", action="package_show", fmt="ttl" if "catalog." in route
                          or "dataset." in route else "csv")
        if "registers/property/" in route:
            values["object_id"] = world["register_pks"]["property"]
        if "staff/it/" in route or "api/v1/itassets/" in route:
            values.update({key: value for key, value in world["itassets"].items() if key.endswith(("_pk", "_id"))})
            values["category"] = world["itassets"]["category"]
        try:
            yield route, _fill(route, values)
        except KeyError as missing:
            raise AssertionError(f"the crawl does not know URL parameter {missing} in {route!r}") from None


def _b_state(hromada_b):
    from hromada.acts.models import (
        Act,
        ActRelation,
        ActVersion,
        AgendaItem,
        Attachment,
        CouncilSession,
        Deputy,
        RollCall,
    )
    from hromada.programmes.models import (
        ActionPlan,
        ActionStep,
        AnnualReport,
        Assessment,
        Direction,
        Indicator,
        IndicatorYear,
        MonitoringPeriod,
        PlanIndicator,
        PlanMeasure,
        Programme,
        ProgrammeFinancing,
        StrategicDirection,
        StrategicGoal,
        Strategy,
        StrategyResult,
        SwotItem,
        Task,
        TaskFinancing,
        UnitReport,
    )
    from hromada.registers.models import Building, LandPlot, PropertyObject, Resident, Street

    rows = []
    for model in (Strategy, ActionPlan, Assessment, Street, Building, Resident, LandPlot, PropertyObject, Act,
                  ActRelation, CouncilSession, Deputy):
        rows.append(serializers.serialize("json", model.objects.filter(hromada=hromada_b).order_by("pk")))
    for model, lookup in ((StrategicDirection, "strategy__hromada"), (StrategicGoal, "direction__strategy__hromada"),
                          (StrategyResult, "goal__direction__strategy__hromada"),
                          (ActionStep, "result__goal__direction__strategy__hromada"), (SwotItem, "strategy__hromada"),
                          (PlanMeasure, "plan__hromada"), (PlanIndicator, "plan__hromada")):
        rows.append(serializers.serialize("json", model.objects.filter(**{lookup: hromada_b}).order_by("pk")))
    programmes = Programme.objects.filter(hromada=hromada_b)
    rows.append(serializers.serialize("json", programmes.order_by("pk")))
    for model in (Direction, Task, Indicator, MonitoringPeriod, AnnualReport, ProgrammeFinancing):
        rows.append(serializers.serialize("json", model.objects.filter(programme__in=programmes).order_by("pk")))
    rows.append(serializers.serialize("json", TaskFinancing.objects.filter(task__programme__in=programmes)))
    rows.append(serializers.serialize("json", IndicatorYear.objects.filter(indicator__programme__in=programmes)))
    rows.append(serializers.serialize("json", UnitReport.objects.filter(period__programme__in=programmes)))
    for model, lookup in ((ActVersion, "act__hromada"), (Attachment, "act__hromada"),
                          (AgendaItem, "session__hromada"), (RollCall, "item__session__hromada")):
        rows.append(serializers.serialize("json", model.objects.filter(**{lookup: hromada_b}).order_by("pk")))
    for model in (Settlement, StarostaDistrict, Department, Institution, Official, CalendarException):
        rows.append(serializers.serialize("json", model.objects.filter(hromada=hromada_b).order_by("pk")))
    rows.append(serializers.serialize("json", RoleAssignment.objects.filter(hromada=hromada_b).order_by("pk")))
    from hromada.portal.models import Contacts, FeedbackMessage

    for model in (Contacts, FeedbackMessage):
        rows.append(serializers.serialize("json", model.objects.filter(hromada=hromada_b).order_by("pk")))
    from hromada.accounts.models import Consent, DataRequest, Membership

    for model in (Consent, DataRequest, Membership):
        rows.append(serializers.serialize("json", model.objects.filter(hromada=hromada_b).order_by("pk")))
    from hromada.appeals.models import HotlineCall
    from hromada.core.models import Case, CaseAttachment, CaseCategory, CaseEvent, CaseExecutor

    for model in (Case, CaseCategory, HotlineCall):
        rows.append(serializers.serialize("json", model.objects.filter(hromada=hromada_b).order_by("pk")))
    for model in (CaseAttachment, CaseEvent, CaseExecutor):
        rows.append(serializers.serialize("json", model.objects.filter(case__hromada=hromada_b).order_by("pk")))
    from hromada.participation.models import (
        Ballot,
        BallotLogEntry,
        Category,
        CostItem,
        Edition,
        Milestone,
        Petition,
        Project,
        ProjectPhoto,
        Signature,
    )

    for model in (Petition, Signature, Edition, Category, Project, Ballot, BallotLogEntry):
        rows.append(serializers.serialize("json", model.objects.filter(hromada=hromada_b).order_by("pk")))
    for model in (CostItem, Milestone, ProjectPhoto):
        rows.append(serializers.serialize("json", model.objects.filter(project__hromada=hromada_b).order_by("pk")))
    from hromada.cnap.models import (
        Application,
        Booking,
        Office,
        OfficeDay,
        OfficeHours,
        Service,
        ServiceCard,
        Slot,
        Ticket,
        Window,
    )

    for model in (Office, Service, Slot, Booking, Ticket, Application):
        rows.append(serializers.serialize("json", model.objects.filter(hromada=hromada_b).order_by("pk")))
    from hromada.opendata.models import Dataset, ObligationChoice, Resource, ResourceVersion

    for model in (Dataset, ObligationChoice):
        rows.append(serializers.serialize("json", model.objects.filter(hromada=hromada_b).order_by("pk")))
    rows.append(serializers.serialize("json", Resource.objects.filter(dataset__hromada=hromada_b).order_by("pk")))
    rows.append(serializers.serialize("json", ResourceVersion.objects.filter(
        resource__dataset__hromada=hromada_b).order_by("pk")))
    for model, lookup in ((ServiceCard, "service__hromada"), (Window, "office__hromada"),
                          (OfficeHours, "office__hromada"), (OfficeDay, "office__hromada")):
        rows.append(serializers.serialize("json", model.objects.filter(**{lookup: hromada_b}).order_by("pk")))
    from hromada.itassets import models as it

    for model in (it.Equipment, it.CategoryPolicy, it.Assignment, it.InventoryRound, it.Software, it.Licence,
                  it.Seat, it.Installation, it.SoftwareProfile, it.Connection, it.BackupTarget, it.BackupRun,
                  it.ServiceRequest):
        rows.append(serializers.serialize("json", model.objects.filter(hromada=hromada_b).order_by("pk")))
    for model, lookup in ((it.Camera, "equipment__hromada"), (it.InventoryCheck, "round__hromada"),
                          (it.SoftwareProfileItem, "profile__hromada"), (it.RequestWork, "request__hromada")):
        rows.append(serializers.serialize("json", model.objects.filter(**{lookup: hromada_b}).order_by("pk")))
    rows.append(serializers.serialize("json", Notice.objects.filter(hromada=hromada_b).order_by("pk")))
    rows.append(serializers.serialize("json", Delivery.objects.filter(hromada=hromada_b).order_by("pk")))
    rows.append(serializers.serialize("json", ApiToken.objects.filter(user__role_assignments__hromada=hromada_b)))
    return rows


def _payload():
    return {"name": "ЗЛАМ", "full_name": "ЗЛАМ", "position": "ЗЛАМ", "kind": "selo", "katottg": "UA12020000000000001",
            "edrpou": "14360570", "role": "hromada_admin", "reason": "ЗЛАМ", "date": "2026-12-30"}


@pytest.mark.django_db
def test_staff_of_a_cannot_reach_b_through_any_url(client_a, admin_a, hromada_b, world):
    client_a.force_login(admin_a)
    _plain_token = services.create_token(user=admin_a, name="crawl")[1]
    before = _b_state(hromada_b)
    audit_before = AuditEntry.objects.filter(hromada=hromada_b).count()
    checked = 0
    for route, url in _routes(world):
        object_url = any(p in route for p in ("<int:pk>", "_id>", "_pk>"))
        for method in METHODS:
            for auth in ({}, {"HTTP_AUTHORIZATION": f"Bearer {_plain_token}"}):
                if auth and "api/" not in route:
                    continue
                body = json.dumps(_payload()) if "api/" in route else _payload()
                kwargs = {"content_type": "application/json"} if "api/" in route else {}
                if method == "get":
                    response = client_a.get(url, **auth)
                elif method == "post" and not kwargs:
                    response = client_a.post(url, body, **auth)
                else:
                    response = client_a.generic(method.upper(), url, body if kwargs else "",
                                                **(kwargs or {}), **auth)
                checked += 1
                content = b"".join(response.streaming_content) if response.streaming else response.content
                assert MARKER not in content.decode("utf-8", "replace"), f"{method.upper()} {url} shows B's data"
                if object_url:
                    assert response.status_code in BLOCKED, (
                        f"{method.upper()} {url} → {response.status_code}: B's object must be a 404"
                    )
    assert checked > 100
    assert _b_state(hromada_b) == before, "a request of A's staff changed B's records"
    assert AuditEntry.objects.filter(hromada=hromada_b).count() == audit_before


@pytest.mark.django_db
def test_b_object_is_404_not_403(admin_client_a, world):
    settlement = world["by_slug"]["settlements"]
    assert admin_client_a.get(f"/staff/settlements/{settlement.pk}/").status_code == 404
    assert admin_client_a.get(f"/api/v1/settlements/{settlement.pk}").status_code == 404


@pytest.mark.django_db
def test_staff_of_a_has_no_staff_area_on_b_host(client, admin_a, hromada_b):
    client.force_login(admin_a)
    assert client.get("/staff/settlements/", HTTP_HOST="b.localhost").status_code == 403


@pytest.mark.django_db
def test_posting_b_foreign_key_is_rejected(admin_client_a, hromada_a, world):
    b_settlement = world["by_slug"]["settlements"]
    response = admin_client_a.post("/staff/institutions/new/", {
        "name": "Новий заклад", "kind": "school", "edrpou": "14360570", "settlement": b_settlement.pk,
    })
    assert response.status_code == 400
    assert not Institution.objects.filter(name="Новий заклад").exists()
    response = admin_client_a.post("/api/v1/institutions", json.dumps({
        "name": "Новий заклад", "kind": "school", "edrpou": "14360570", "settlement_id": b_settlement.pk,
    }), content_type="application/json")
    assert response.status_code == 400
    assert not Institution.objects.filter(name="Новий заклад").exists()


@pytest.mark.django_db
def test_host_resolution(client, hromada_a, hromada_b):
    assert "Громада Б" in client.get("/", HTTP_HOST="b.localhost").content.decode()
    assert "Громада А" in client.get("/", HTTP_HOST="unknown.localhost").content.decode()
    assert "Громада А" in client.get("/", HTTP_HOST="A.LOCALHOST:8000").content.decode()
    assert client.get("/api/v1/hromada", HTTP_HOST="b.localhost").json()["name"] == "Громада Б"


@pytest.mark.django_db
def test_fresh_installation_without_hromada_explains_itself(client):
    response = client.get("/")
    assert response.status_code == 503
    assert "seed-demo" in response.content.decode()
    assert client.get("/healthz").status_code == 200
