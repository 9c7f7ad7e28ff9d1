"""One status story for an act (acts.lifecycle): what a draft is, what publishing means in each status, which
term applies from which date — told the same on the staff pages, the portal, the filters and the deadlines page;
one save is one version; a file chosen before a validation error is kept."""

from __future__ import annotations

import datetime as dt
from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from hromada.acts import deadlines, lifecycle, services, stash
from hromada.acts.models import Act, ActRelation, ActStatus, ActVersion, Attachment
from hromada.core.deadlines import calendar_for
from tests.acts import samples
from tests.acts.builders import act, secretary

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(name="рішення.docx"):
    return SimpleUploadedFile(name, samples.docx_with_text(["Затвердити Порядок оренди землі."]), content_type=DOCX)


def _form(**overrides):
    data = {"number": "154-12/VIII", "date": "2025-03-14", "type": "council_decision", "status": "adopted",
            "title": "Про затвердження Порядку оренди землі", "text": "Затвердити Порядок оренди.",
            "convocation": "8", "session": "12", "author_unit": "", "control_unit": "", "topics_text": "",
            "consideration_date": "", "comment": ""}
    data.update(overrides)
    return data


def _uk(msgid: str) -> str:
    with translation.override("uk"):
        return translation.gettext(msgid)


# --- the status of a new act and what it means ---------------------------------------------------------------


def test_a_new_acts_status_is_chosen_not_assumed(sec_client):
    form = sec_client.get(reverse("acts:create")).context["form"]
    assert form["status"].value() in ("", None)
    assert form.fields["status"].choices[0][0] == ""
    response = sec_client.post(reverse("acts:create"), _form(status=""))
    assert response.status_code == 400 and "status" in response.context["form"].errors
    assert not Act.objects.exists()


def test_a_working_draft_is_never_published(sec_client, hromada_a, sec):
    working = act(hromada_a, sec, number="1", status="working")
    with pytest.raises(ValidationError):
        services.publish_act(working, actor=sec, hromada=hromada_a, confirmed=True)
    page = sec_client.get(reverse("acts:publish", args=[working.pk]))
    assert page.context["refusal"] and "<form method=\"post\">" not in page.content.decode()
    assert sec_client.post(reverse("acts:publish", args=[working.pk]), {"confirm": "yes"}).status_code == 409
    working.refresh_from_db()
    assert not working.is_published
    detail = sec_client.get(reverse("acts:detail", args=[working.pk])).content.decode()
    assert reverse("acts:publish", args=[working.pk]) not in detail
    # It has no publication term and is not on the deadlines page.
    assert deadlines.deadline_rows(hromada_a, [working]) == []


def test_publishing_a_draft_without_a_consideration_date_asks_for_confirmation(sec_client, hromada_a, sec):
    draft = act(hromada_a, sec, number="1", status="draft", when=timezone.localdate())
    page = sec_client.get(reverse("acts:publish", args=[draft.pk]))
    html = page.content.decode()
    assert page.context["warnings"] and page.context["no_term"] is False
    assert _uk("The law sets no publication deadline for this act.") not in html
    assert 'name="confirm"' in html
    refused = sec_client.post(reverse("acts:publish", args=[draft.pk]))
    assert refused.status_code == 409
    draft.refresh_from_db()
    assert not draft.is_published
    assert sec_client.post(reverse("acts:publish", args=[draft.pk]), {"confirm": "yes"}).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published


def test_a_draft_with_its_consideration_date_is_published_at_once_within_its_term(sec_client, hromada_a, sec):
    today = timezone.localdate()
    draft = act(hromada_a, sec, number="1", status="draft", when=today, consideration_date=today + timedelta(days=60))
    page = sec_client.get(reverse("acts:publish", args=[draft.pk]))
    assert page.context["warnings"] == [] and page.context["deadline_row"].deadline.kind == deadlines.Kind.DRAFT
    assert sec_client.post(reverse("acts:publish", args=[draft.pk])).status_code == 302
    # A draft whose consideration date has passed asks first.
    late = act(hromada_a, sec, number="2", status="draft", when=today - timedelta(days=30),
               consideration_date=today - timedelta(days=1))
    assert lifecycle.warnings(late, today)
    assert sec_client.post(reverse("acts:publish", args=[late.pk])).status_code == 409


def test_a_draft_decision_is_always_a_draft(hromada_a, sec):
    with pytest.raises(ValidationError) as error:
        act(hromada_a, sec, number="1", type="draft_decision", status="adopted")
    assert "status" in error.value.message_dict


def test_an_adopted_act_is_dated_by_its_adoption_not_by_its_draft(sec_client, hromada_a, sec):
    draft = act(hromada_a, sec, number="1", status="draft", when=date(2025, 1, 10),
                consideration_date=date(2025, 3, 6))
    # Adopting it without setting the adoption date would count the term from the draft's date.
    response = sec_client.post(reverse("acts:edit", args=[draft.pk]), _form(
        number="1", date="2025-01-10", status="adopted", consideration_date="2025-03-06"))
    assert response.status_code == 400 and "date" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.status == ActStatus.DRAFT


def test_the_adopted_term_is_met_by_the_adopted_text_not_by_the_draft(hromada_a, sec):
    today = timezone.localdate()
    draft = act(hromada_a, sec, number="1", status="draft", when=today - timedelta(days=40),
                consideration_date=today - timedelta(days=20))
    services.publish_act(draft, actor=sec, hromada=hromada_a, when=timezone.now() - timedelta(days=38))
    draft.refresh_from_db()
    [row] = deadlines.deadline_rows(hromada_a, [draft], today=today)
    assert (row.deadline.kind, row.deadline.state) == (deadlines.Kind.DRAFT, "on_time")
    # Adopted twenty days ago, the adopted text made public only today: late, whatever the draft's publication.
    services.update_act(draft, actor=sec, hromada=hromada_a, fields={
        "status": ActStatus.ADOPTED, "date": today - timedelta(days=20)})
    adopted = Act.objects.get(pk=draft.pk)
    [row] = deadlines.deadline_rows(hromada_a, [adopted], today=today)
    cal = calendar_for(hromada_a)
    assert row.deadline.kind == deadlines.Kind.ADOPTED
    assert row.deadline.due == cal.add_working_days(today - timedelta(days=20), 5)
    assert (row.deadline.published_on, row.deadline.state) == (today, "late")
    # Adopted today and changed today: on time (the term counts from the adoption date, not the change).
    other = act(hromada_a, sec, number="2", status="draft", when=today - timedelta(days=40),
                consideration_date=today)
    services.publish_act(other, actor=sec, hromada=hromada_a, when=timezone.now() - timedelta(days=30))
    services.update_act(other, actor=sec, hromada=hromada_a, fields={"status": ActStatus.ADOPTED, "date": today})
    [row] = deadlines.deadline_rows(hromada_a, [Act.objects.get(pk=other.pk)], today=today)
    assert row.deadline.state == "on_time"


# --- one label per state -------------------------------------------------------------------------------------


def test_a_published_draft_has_one_label_everywhere(sec_client, client_a, hromada_a, sec):
    draft = act(hromada_a, sec, number="П-7", type="draft_decision", status="draft", title="Про тарифи",
                when=date(2025, 3, 1), consideration_date=date(2025, 4, 10))
    services.publish_act(draft, actor=sec, hromada=hromada_a, confirmed=True)
    label = _uk("draft for discussion")
    public_list = client_a.get(reverse("acts_public:list"), HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    detail = client_a.get(reverse("acts_public:detail", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="uk")
    staff = sec_client.get(reverse("acts:detail", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="uk").content.decode()
    for html in (public_list, detail.content.decode(), staff):
        assert label in html
        assert "чернетка" not in html and "оприлюднено для обговорення" not in html
    assert "10.04.2025" in detail.content.decode()
    # The portal's status filter offers the public states only, with the same labels.
    choices = dict(client_a.get(reverse("acts_public:list")).context["form"].fields["status"].choices)
    assert ActStatus.WORKING not in choices and str(choices[ActStatus.DRAFT]) == str(ActStatus.DRAFT.label)
    staff_choices = dict(sec_client.get(reverse("acts:list")).context["form"].fields["status"].choices)
    assert set(staff_choices) == set(ActStatus.values)


# --- relations -----------------------------------------------------------------------------------------------


def test_a_draft_that_would_repeal_is_refused_above_the_form_not_beside_the_kind(sec_client, hromada_a, sec):
    old = act(hromada_a, sec, number="1", when=date(2024, 1, 1))
    draft = act(hromada_a, sec, number="2", status="draft", when=date(2025, 1, 1))
    response = sec_client.post(reverse("acts:relation-add", args=[draft.pk]),
                               {"kind": "repeals", "target": str(old.pk)})
    form = response.context["form"]
    assert response.status_code == 400 and "kind" not in form.errors and "target" not in form.errors
    assert form.non_field_errors()
    assert not ActRelation.objects.exists()


# --- versions ------------------------------------------------------------------------------------------------


def test_creating_an_act_with_its_file_is_one_version(sec_client, hromada_a):
    response = sec_client.post(reverse("acts:create"), _form(file=_docx()))
    assert response.status_code == 302
    created = Act.objects.get()
    [version] = created.versions.all()
    assert [a["name"] for a in version.data["attachments"]] == ["рішення.docx"]


def test_adding_and_removing_a_relation_is_a_version(sec_client, hromada_a, sec):
    old = act(hromada_a, sec, number="1", when=date(2024, 1, 1))
    new = act(hromada_a, sec, number="2", when=date(2025, 1, 1))
    sec_client.post(reverse("acts:relation-add", args=[new.pk]), {"kind": "related", "target": str(old.pk)})
    relation = ActRelation.objects.get()
    latest = new.versions.order_by("-number").first()
    assert latest.number == 2 and latest.changed == ["relations"]
    assert latest.data["relations"][0]["number"] == "1"
    sec_client.post(reverse("acts:relation-remove", args=[new.pk, relation.pk]))
    latest = new.versions.order_by("-number").first()
    assert latest.number == 3 and latest.data["relations"] == []
    # A version stored before relations were versioned compares equal to a fresh one without relations.
    old_data = {k: v for k, v in latest.data.items() if k != "relations"}
    assert services.versions.changed_fields(old_data, latest.data) == []


def test_public_versions_read_in_order(client_a, hromada_a, sec):
    decision = act(hromada_a, sec, number="1", text="Перша.")
    services.publish_act(decision, actor=sec, hromada=hromada_a)
    services.update_act(decision, actor=sec, hromada=hromada_a, fields={"text": "Друга."})
    services.update_act(decision, actor=sec, hromada=hromada_a, fields={"text": "Третя."})
    detail = client_a.get(reverse("acts_public:detail", args=[decision.pk]))
    assert [v.number for v in detail.context["versions"]] == [1, 2, 3]
    html = detail.content.decode()
    assert '<ol class="act-versions" reversed>' not in html
    assert html.index(reverse("acts_public:version", args=[decision.pk, 1])) < \
        html.index(reverse("acts_public:version", args=[decision.pk, 3]))
    page = client_a.get(reverse("acts_public:version", args=[decision.pk, 2]))
    assert [v.number for v in page.context["versions"]] == [1, 2, 3]


# --- a file chosen before a validation error -----------------------------------------------------------------


def test_a_chosen_file_is_kept_across_a_validation_error(sec_client, hromada_a):
    response = sec_client.post(reverse("acts:create"), _form(title="  ", file=_docx()))
    assert response.status_code == 400 and "title" in response.context["form"].errors
    form = response.context["form"]
    token = form["file_token"].value()
    assert token and form.kept.name == "рішення.docx"
    assert "рішення.docx" in response.content.decode()  # said beside the file field
    assert not Act.objects.exists() and not Attachment.objects.exists()
    kept_path = form.kept.path
    assert default_storage.exists(kept_path)

    saved = sec_client.post(reverse("acts:create"), _form(file_token=token))
    assert saved.status_code == 302
    created = Act.objects.get()
    assert [a.original_name for a in created.attachments.all()] == ["рішення.docx"]
    assert created.versions.count() == 1
    assert not default_storage.exists(kept_path)  # cleaned once used


def test_a_kept_file_is_only_for_its_own_session(sec_client, hromada_a, hromada_b):
    response = sec_client.post(reverse("acts:create"), _form(title="  ", file=_docx()))
    token = response.context["form"]["file_token"].value()
    client_b = Client(HTTP_HOST="b.localhost")
    client_b.force_login(secretary(hromada_b))
    assert client_b.post(reverse("acts:create"), _form(file_token=token)).status_code == 302
    assert not Act.objects.get(hromada=hromada_b).attachments.exists()


def test_stale_kept_files_are_removed(sec_client, hromada_a):
    response = sec_client.post(reverse("acts:create"), _form(title="  ", file=_docx()))
    path = response.context["form"].kept.path
    assert stash._purge_stale(timezone.now()) == 0 and default_storage.exists(path)
    assert stash._purge_stale(timezone.now() + stash.MAX_AGE + dt.timedelta(minutes=1)) == 1
    assert not default_storage.exists(path)


# --- numbers typed with a decimal comma ----------------------------------------------------------------------


def test_the_act_form_reads_numbers_as_typed(sec_client):
    assert sec_client.post(reverse("acts:create"), _form(convocation="8,0", session="12")).status_code == 302
    assert Act.objects.get().convocation == 8


# --- existing acts under the new statuses --------------------------------------------------------------------


def test_the_data_migration_maps_old_drafts(hromada_a, sec):
    from importlib import import_module

    migration = import_module("hromada.acts.migrations.0007_act_status_lifecycle")
    act(hromada_a, sec, number="1", status="draft")
    act(hromada_a, sec, number="2", status="draft", consideration_date=date(2025, 4, 1))
    published = act(hromada_a, sec, number="3", status="draft")
    services.publish_act(published, actor=sec, hromada=hromada_a, confirmed=True)
    odd = act(hromada_a, sec, number="4", type="draft_decision", status="draft")
    Act.objects.filter(pk=odd.pk).update(status="adopted")  # allowed by the old rules
    migration.split_drafts(django_apps, None)
    status = dict(Act.objects.values_list("number", "status"))
    assert status == {"1": "working", "2": "draft", "3": "draft", "4": "draft"}
    assert ActVersion.objects.filter(act__number="1").exists()
