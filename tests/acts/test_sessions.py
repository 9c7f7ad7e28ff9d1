"""Council sessions: agenda, deputies and roll-call votes — services and staff pages, on both databases."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hromada.acts import sessions
from hromada.acts.models import AgendaItem, CouncilSession, Deputy, RollCall, Vote
from hromada.core.models import AuditEntry
from tests.acts.builders import act, secretary
from tests.factories import member

pytestmark = pytest.mark.django_db
DAY = date(2025, 3, 14)


@pytest.fixture
def user(hromada_a):
    return secretary(hromada_a)


@pytest.fixture
def session(hromada_a, user):
    return sessions.create_session(actor=user, hromada=hromada_a,
                                   fields={"convocation": 8, "number": 12, "date": DAY, "title": "чергова"})


@pytest.fixture
def deputies(hromada_a, user):
    names = ("Антоненко Петро", "Бондар Ірина", "Вовк Олег")
    return [sessions.add_deputy(actor=user, hromada=hromada_a, fields={"full_name": n, "convocation": 8})
            for n in names]


@pytest.fixture
def item(hromada_a, user, session):
    decision = act(hromada_a, user, number="100", when=DAY, title="Про бюджет")
    return sessions.add_agenda_item(session, actor=user, hromada=hromada_a, fields={"decision": decision})


def votes_of(item) -> dict[str, str]:
    return {row.deputy.full_name: row.vote for row in RollCall.objects.filter(item=item).select_related("deputy")}


# --- services ------------------------------------------------------------------------------------------


def test_a_session_is_created_once_and_logged(hromada_a, user, session):
    assert (session.convocation, session.number, session.date, session.title) == (8, 12, DAY, "чергова")
    assert AuditEntry.objects.filter(action="create", object_type="acts.councilsession",
                                     object_id=str(session.pk)).count() == 1
    with pytest.raises(ValidationError) as error:
        sessions.create_session(actor=user, hromada=hromada_a, fields={"convocation": 8, "number": 12, "date": DAY})
    assert "already exists" in str(error.value) or "вже є" in str(error.value)
    assert CouncilSession.objects.count() == 1


def test_agenda_items_number_themselves_and_take_the_draft_title(hromada_a, user, session):
    draft = act(hromada_a, user, number="П-1", type="draft_decision", status="draft", title="Про тарифи на воду")
    first = sessions.add_agenda_item(session, actor=user, hromada=hromada_a, fields={"draft": draft})
    second = sessions.add_agenda_item(session, actor=user, hromada=hromada_a,
                                      fields={"title": "  Різне  ", "rapporteur": "Іваненко"})
    assert (first.order, first.title, second.order, second.title) == (1, "Про тарифи на воду", 2, "Різне")
    with pytest.raises(ValidationError) as error:
        sessions.add_agenda_item(session, actor=user, hromada=hromada_a, fields={"order": 2, "title": "Інше"})
    assert set(error.value.message_dict) == {"order"}
    with pytest.raises(ValidationError) as error:
        sessions.add_agenda_item(session, actor=user, hromada=hromada_a, fields={})
    assert set(error.value.message_dict) == {"title"}
    assert list(session.items.values_list("order", flat=True)) == [1, 2]


def test_agenda_links_only_acts_of_the_hromada_of_the_right_kind(hromada_a, hromada_b, user, session):
    foreign = act(hromada_b, secretary(hromada_b), number="1", title="Чуже рішення")
    decision = act(hromada_a, user, number="2", title="Рішення")
    draft = act(hromada_a, user, number="П-2", type="draft_decision", status="draft", title="Проєкт")
    cases = [({"decision": foreign}, "decision"), ({"draft": foreign}, "draft"), ({"draft": decision}, "draft"),
             ({"decision": draft}, "decision")]
    for fields, field in cases:
        with pytest.raises(ValidationError) as error:
            sessions.add_agenda_item(session, actor=user, hromada=hromada_a, fields={"title": "x", **fields})
        assert set(error.value.message_dict) == {field}
    assert AgendaItem.objects.count() == 0
    item = sessions.add_agenda_item(session, actor=user, hromada=hromada_a, fields={"draft": draft,
                                                                                   "decision": decision})
    updated = sessions.update_agenda_item(item, actor=user, hromada=hromada_a,
                                          fields={"result": AgendaItem.Result.ADOPTED, "order": 5})
    assert (updated.order, updated.result, updated.draft, updated.decision) == (5, "adopted", draft, decision)


def test_recording_a_roll_call_replaces_the_previous_one(hromada_a, user, item, deputies):
    a, b, c = deputies
    sessions.record_roll_call(item, {a.pk: Vote.FOR, b.pk: Vote.AGAINST}, actor=user, hromada=hromada_a)
    assert votes_of(item) == {"Антоненко Петро": "for", "Бондар Ірина": "against"}
    rows = sessions.record_roll_call(item, {str(a.pk): Vote.AGAINST, c.pk: Vote.ABSENT}, actor=user,
                                     hromada=hromada_a)
    assert votes_of(item) == {"Антоненко Петро": "against", "Вовк Олег": "absent"}
    assert len(rows) == 2 and RollCall.objects.count() == 2
    entries = AuditEntry.objects.filter(object_type="acts.councilsession", action="update").order_by("pk")
    assert [next(iter(e.changes.values())) for e in entries] == [
        [None, {"for": 1, "against": 1, "abstained": 0, "not_voting": 0, "absent": 0}],
        [{"for": 1, "against": 1, "abstained": 0, "not_voting": 0, "absent": 0},
         {"for": 0, "against": 1, "abstained": 0, "not_voting": 0, "absent": 1}],
    ]


def test_totals_count_every_kind_of_vote(hromada_a, user, item):
    votes = [Vote.FOR] * 4 + [Vote.AGAINST] * 2 + [Vote.ABSTAINED, Vote.NOT_VOTING] + [Vote.ABSENT] * 3
    people = [sessions.add_deputy(actor=user, hromada=hromada_a, fields={"full_name": f"Депутат {n:02d}",
                                                                          "convocation": 8})
              for n in range(len(votes))]
    rows = sessions.record_roll_call(item, {p.pk: v for p, v in zip(people, votes, strict=True)}, actor=user,
                                     hromada=hromada_a)
    counted = sessions.totals(rows)
    assert counted.as_dict() == {"for": 4, "against": 2, "abstained": 1, "not_voting": 1, "absent": 3}
    assert counted.total == 11 and counted["for"] == 4
    assert [value for value, _label, _n in counted.counts] == ["for", "against", "abstained", "not_voting", "absent"]
    assert sessions.totals(RollCall.objects.filter(item=item)).as_dict() == counted.as_dict()


def test_a_deputy_of_another_hromada_or_convocation_is_refused_and_nothing_changes(
        hromada_a, hromada_b, user, item, deputies):
    a, b, _c = deputies
    sessions.record_roll_call(item, {a.pk: Vote.FOR, b.pk: Vote.FOR}, actor=user, hromada=hromada_a)
    stranger = sessions.add_deputy(actor=secretary(hromada_b), hromada=hromada_b,
                                   fields={"full_name": "Чужий Депутат", "convocation": 8})
    former = sessions.add_deputy(actor=user, hromada=hromada_a, fields={"full_name": "Колишній Депутат",
                                                                         "convocation": 7})
    with pytest.raises(ValidationError) as error:
        sessions.record_roll_call(item, {a.pk: Vote.AGAINST, stranger.pk: Vote.FOR}, actor=user, hromada=hromada_a)
    assert str(stranger.pk) in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        sessions.record_roll_call(item, {a.pk: Vote.AGAINST, former.pk: Vote.FOR}, actor=user, hromada=hromada_a)
    assert "Колишній Депутат" in error.value.messages[0] and "VII скликання" in error.value.messages[0]
    for bad in ({a.pk: "maybe"}, {"x": Vote.FOR}, {999999: Vote.FOR}, {}):
        with pytest.raises(ValidationError):
            sessions.record_roll_call(item, bad, actor=user, hromada=hromada_a)
    assert votes_of(item) == {"Антоненко Петро": "for", "Бондар Ірина": "for"}


def test_only_the_keepers_may_change_sessions(hromada_a, hromada_b, session, item, deputies):
    clerk = member(hromada_a, "clerk")
    for call in (
        lambda: sessions.create_session(actor=clerk, hromada=hromada_a,
                                        fields={"convocation": 8, "number": 13, "date": DAY}),
        lambda: sessions.update_session(session, actor=clerk, hromada=hromada_a, fields={"title": "x"}),
        lambda: sessions.delete_session(session, actor=clerk, hromada=hromada_a),
        lambda: sessions.add_agenda_item(session, actor=clerk, hromada=hromada_a, fields={"title": "x"}),
        lambda: sessions.record_roll_call(item, {deputies[0].pk: Vote.FOR}, actor=clerk, hromada=hromada_a),
        lambda: sessions.add_deputy(actor=clerk, hromada=hromada_a, fields={"full_name": "x", "convocation": 8}),
        lambda: sessions.deactivate_deputy(deputies[0], actor=clerk, hromada=hromada_a),
    ):
        with pytest.raises(PermissionDenied):
            call()
    other_admin = member(hromada_b, "hromada_admin")
    with pytest.raises(PermissionDenied):
        sessions.update_session(session, actor=other_admin, hromada=hromada_b, fields={"title": "x"})
    assert member(hromada_a, "hromada_admin") and sessions.update_session(
        session, actor=member(hromada_a, "hromada_admin"), hromada=hromada_a, fields={"title": "позачергова"}
    ).title == "позачергова"


def test_votes_keep_the_session_and_its_convocation(hromada_a, user, session, item, deputies):
    spare = sessions.create_session(actor=user, hromada=hromada_a, fields={"convocation": 8, "number": 1,
                                                                           "date": date(2025, 1, 1)})
    sessions.add_agenda_item(spare, actor=user, hromada=hromada_a, fields={"title": "Організаційне"})
    sessions.delete_session(spare, actor=user, hromada=hromada_a)
    assert not CouncilSession.objects.filter(pk=spare.pk).exists()
    sessions.record_roll_call(item, {deputies[0].pk: Vote.FOR}, actor=user, hromada=hromada_a)
    with pytest.raises(ValidationError):
        sessions.delete_session(session, actor=user, hromada=hromada_a)
    with pytest.raises(ValidationError) as error:
        sessions.update_session(session, actor=user, hromada=hromada_a, fields={"convocation": 9})
    assert set(error.value.message_dict) == {"convocation"}
    with pytest.raises(ValidationError):
        sessions.delete_agenda_item(item, actor=user, hromada=hromada_a)
    session.refresh_from_db()
    assert session.convocation == 8 and AgendaItem.objects.filter(pk=item.pk).exists()


def test_deputies_are_unique_per_convocation_and_leave_without_losing_votes(hromada_a, user, item, deputies):
    with pytest.raises(ValidationError) as error:
        sessions.add_deputy(actor=user, hromada=hromada_a, fields={"full_name": " Антоненко   Петро ",
                                                                   "convocation": 8})
    assert set(error.value.message_dict) == {"full_name"}
    sessions.add_deputy(actor=user, hromada=hromada_a, fields={"full_name": "Антоненко Петро", "convocation": 9})
    a, b, _c = deputies
    sessions.record_roll_call(item, {a.pk: Vote.FOR}, actor=user, hromada=hromada_a)
    sessions.deactivate_deputy(a, actor=user, hromada=hromada_a)
    sessions.deactivate_deputy(b, actor=user, hromada=hromada_a)
    # The form lists active deputies and whoever already voted on the item.
    assert [d.full_name for d in sessions.roll_call_deputies(item)] == ["Антоненко Петро", "Вовк Олег"]
    assert votes_of(item) == {"Антоненко Петро": "for"}
    assert sessions.reactivate_deputy(b, actor=user, hromada=hromada_a).active is True


# --- staff pages -----------------------------------------------------------------------------------------


@pytest.fixture
def secretary_client(client_a, user):
    client_a.force_login(user)
    return client_a


def test_the_secretary_creates_a_session_through_the_form(secretary_client):
    url = reverse("acts:session-create")
    assert secretary_client.get(url).status_code == 200
    response = secretary_client.post(url, {"convocation": "8", "number": "3", "date": "2025-02-01", "title": ""})
    created = CouncilSession.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("acts:session", args=[created.pk])
    again = secretary_client.post(url, {"convocation": "8", "number": "3", "date": "2025-02-01"})
    assert again.status_code == 400 and CouncilSession.objects.count() == 1
    assert again.context["form"].non_field_errors()
    bad = secretary_client.post(url, {"convocation": "99", "number": "x", "date": "вчора"})
    assert bad.status_code == 400 and set(bad.context["form"].errors) == {"convocation", "number", "date"}


def test_agenda_pages(secretary_client, hromada_a, hromada_b, user, session):
    draft = act(hromada_a, user, number="П-3", type="draft_decision", status="draft", title="Про парк")
    decision = act(hromada_a, user, number="101", when=DAY, title="Про парк (рішення)")
    unrelated = act(hromada_a, user, number="102", when=date(2020, 1, 1), title="Давнє рішення")
    foreign = act(hromada_b, secretary(hromada_b), number="101", when=DAY, title="Чуже")
    url = reverse("acts:agenda-add", args=[session.pk])
    form = secretary_client.get(url).context["form"]
    assert list(form.fields["draft"].queryset) == [draft]
    assert list(form.fields["decision"].queryset) == [decision]
    refused = secretary_client.post(url, {"decision": foreign.pk, "result": "adopted"})
    assert refused.status_code == 400 and "decision" in refused.context["form"].errors
    assert secretary_client.post(url, {"decision": unrelated.pk, "result": "adopted"}).status_code == 400
    response = secretary_client.post(url, {"draft": draft.pk, "decision": decision.pk, "result": "adopted",
                                           "rapporteur": "Іваненко І."})
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert (item.order, item.title, item.draft, item.decision) == (1, "Про парк", draft, decision)
    edit = reverse("acts:agenda-edit", args=[session.pk, item.pk])
    assert secretary_client.get(edit).status_code == 200
    assert secretary_client.post(edit, {"order": "4", "title": "Про міський парк", "draft": draft.pk,
                                        "decision": decision.pk, "result": "adopted"}).status_code == 302
    item.refresh_from_db()
    assert (item.order, item.title) == (4, "Про міський парк")
    page = secretary_client.get(reverse("acts:session", args=[session.pk]))
    assert page.status_code == 200 and "Про міський парк" in page.content.decode()
    assert secretary_client.post(reverse("acts:agenda-delete", args=[session.pk, item.pk])).status_code == 302
    assert not AgendaItem.objects.exists()


def test_the_roll_call_form(secretary_client, hromada_a, user, session, item, deputies):
    a, b, c = deputies
    url = reverse("acts:rollcall", args=[session.pk, item.pk])
    page = secretary_client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count("<fieldset") == 3 and body.count("<legend>") == 3
    assert body.count('type="radio"') == 3 * 5
    missing = secretary_client.post(url, {f"deputy_{a.pk}": "for", f"deputy_{b.pk}": "for"})
    assert missing.status_code == 400 and set(missing.context["form"].errors) == {f"deputy_{c.pk}"}
    assert not RollCall.objects.exists()
    done = secretary_client.post(url, {f"deputy_{a.pk}": "for", f"deputy_{b.pk}": "against",
                                       f"deputy_{c.pk}": "absent"})
    assert done.status_code == 302 and done["Location"] == reverse("acts:session", args=[session.pk])
    assert votes_of(item) == {"Антоненко Петро": "for", "Бондар Ірина": "against", "Вовк Олег": "absent"}
    again = secretary_client.get(url).content.decode()
    assert again.count("checked") == 3
    secretary_client.post(url, {f"deputy_{a.pk}": "against", f"deputy_{b.pk}": "against",
                                f"deputy_{c.pk}": "against"})
    assert set(votes_of(item).values()) == {"against"} and RollCall.objects.count() == 3
    bogus = secretary_client.post(url, {f"deputy_{a.pk}": "maybe", f"deputy_{b.pk}": "for",
                                        f"deputy_{c.pk}": "for"})
    assert bogus.status_code == 400 and set(votes_of(item).values()) == {"against"}


def test_the_roll_call_form_without_deputies(secretary_client, session, item):
    url = reverse("acts:rollcall", args=[session.pk, item.pk])
    assert secretary_client.get(url).status_code == 200
    assert secretary_client.post(url, {}).status_code == 400 and not RollCall.objects.exists()


def test_deleting_a_session_with_votes_is_refused_on_the_page(secretary_client, hromada_a, user, session, item,
                                                              deputies):
    sessions.record_roll_call(item, {deputies[0].pk: Vote.FOR}, actor=user, hromada=hromada_a)
    url = reverse("acts:session-delete", args=[session.pk])
    assert secretary_client.get(url).context["error"]
    assert secretary_client.post(url).status_code == 409 and CouncilSession.objects.filter(pk=session.pk).exists()


def test_the_deputies_page(secretary_client, hromada_a, deputies):
    url = reverse("acts:deputies")
    response = secretary_client.get(url, {"convocation": "8"})
    assert response.status_code == 200 and len(response.context["rows"]) == 3
    assert secretary_client.post(url, {"full_name": "Гончар Марія", "convocation": "8", "faction": "Громада"}) \
        .status_code == 302
    duplicate = secretary_client.post(url, {"full_name": "Гончар Марія", "convocation": "8"})
    assert duplicate.status_code == 400 and "full_name" in duplicate.context["form"].errors
    assert secretary_client.post(url, {"deputy": deputies[0].pk, "action": "deactivate"}).status_code == 302
    assert Deputy.objects.get(pk=deputies[0].pk).active is False
    assert Deputy.objects.filter(hromada=hromada_a).count() == 4


def test_a_clerk_reads_sessions_but_cannot_change_them(client_a, hromada_a, session, item, deputies):
    client_a.force_login(member(hromada_a, "clerk"))
    assert client_a.get(reverse("acts:sessions")).status_code == 200
    assert client_a.get(reverse("acts:session", args=[session.pk])).status_code == 200
    assert client_a.get(reverse("acts:deputies")).status_code == 200
    assert client_a.get(reverse("acts:deputies")).context["form"] is None
    forbidden = [
        ("get", reverse("acts:session-create"), {}),
        ("post", reverse("acts:session-create"), {"convocation": "8", "number": "2", "date": "2025-01-01"}),
        ("post", reverse("acts:session-edit", args=[session.pk]), {"convocation": "8", "number": "12",
                                                                   "date": "2025-03-14", "title": "x"}),
        ("post", reverse("acts:session-delete", args=[session.pk]), {}),
        ("post", reverse("acts:agenda-add", args=[session.pk]), {"title": "x", "result": "pending"}),
        ("post", reverse("acts:agenda-edit", args=[session.pk, item.pk]), {"title": "x", "result": "pending"}),
        ("post", reverse("acts:rollcall", args=[session.pk, item.pk]), {f"deputy_{deputies[0].pk}": "for"}),
        ("post", reverse("acts:deputies"), {"full_name": "x", "convocation": "8"}),
        ("post", reverse("acts:deputies"), {"deputy": deputies[0].pk, "action": "deactivate"}),
    ]
    for method, url, data in forbidden:
        assert getattr(client_a, method)(url, data).status_code == 403, url
    session.refresh_from_db()
    assert session.title == "чергова" and CouncilSession.objects.count() == 1 and not RollCall.objects.exists()
    assert Deputy.objects.filter(active=True).count() == 3 and AgendaItem.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client_a, session):
    response = client_a.get(reverse("acts:sessions"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_another_hromadas_session_is_not_found(secretary_client, hromada_b):
    other_user = secretary(hromada_b)
    other = sessions.create_session(actor=other_user, hromada=hromada_b,
                                    fields={"convocation": 8, "number": 1, "date": DAY})
    other_item = sessions.add_agenda_item(other, actor=other_user, hromada=hromada_b, fields={"title": "Чуже"})
    other_deputy = sessions.add_deputy(actor=other_user, hromada=hromada_b, fields={"full_name": "Чужий",
                                                                                   "convocation": 8})
    for name, args in (("session", [other.pk]), ("session-edit", [other.pk]), ("session-delete", [other.pk]),
                       ("agenda-add", [other.pk]), ("agenda-edit", [other.pk, other_item.pk]),
                       ("agenda-delete", [other.pk, other_item.pk]), ("rollcall", [other.pk, other_item.pk])):
        assert secretary_client.get(reverse(f"acts:{name}", args=args)).status_code == 404, name
        assert secretary_client.post(reverse(f"acts:{name}", args=args), {}).status_code == 404, name
    assert secretary_client.post(reverse("acts:deputies"), {"deputy": other_deputy.pk}).status_code == 404
    assert Deputy.objects.get(pk=other_deputy.pk).active is True
