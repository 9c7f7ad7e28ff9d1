"""The secretary's writes: versions that cannot be rewritten, relations that change status, deadlines."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.acts import deadlines, services
from hromada.acts.models import ActRelation, ActStatus, ActVersion
from hromada.core.deadlines import calendar_for
from hromada.core.models import AuditEntry
from tests.acts.builders import act, secretary
from tests.factories import member

pytestmark = pytest.mark.django_db
KYIV = dt.timezone(dt.timedelta(hours=2))


@pytest.fixture
def user(hromada_a):
    return secretary(hromada_a)


def test_every_edit_is_a_version_with_the_changed_fields(hromada_a, user):
    decision = act(hromada_a, user, title="Про бюджет", text="Затвердити бюджет.")
    version = services.update_act(decision, actor=user, hromada=hromada_a,
                                  fields={"text": "Затвердити бюджет громади.", "session": 3}, comment="Уточнення")
    assert version.number == 2 and version.changed == ["text", "session"] and version.comment == "Уточнення"
    assert version.author == user
    assert services.update_act(decision, actor=user, hromada=hromada_a, fields={"session": 3}) is None
    assert list(decision.versions.values_list("number", flat=True)) == [1, 2]
    assert AuditEntry.objects.filter(action="update", object_id=str(decision.pk)).count() == 1


def test_a_published_version_cannot_be_altered_only_superseded(hromada_a, user):
    decision = act(hromada_a, user, title="Про бюджет", text="Перша редакція.")
    services.publish_act(decision, actor=user, hromada=hromada_a)
    first = decision.versions.get(number=1)
    assert first.published
    services.update_act(decision, actor=user, hromada=hromada_a, fields={"text": "Друга редакція."})
    second = decision.versions.get(number=2)
    assert second.published and first.data["text"] == "Перша редакція."
    # The database itself refuses to rewrite or delete what was published.
    with pytest.raises(DatabaseError), transaction.atomic():
        ActVersion.objects.filter(pk=first.pk).update(comment="підмінено")
    with pytest.raises(DatabaseError), transaction.atomic():
        ActVersion.objects.filter(pk=first.pk).delete()
    with pytest.raises(ValidationError):
        services.delete_act(decision, actor=user, hromada=hromada_a)
    assert ActVersion.objects.get(pk=first.pk).comment == first.comment


def test_unpublished_draft_can_be_deleted(hromada_a, user):
    draft = act(hromada_a, user, type="draft_decision", status="draft", title="Проєкт")
    services.delete_act(draft, actor=user, hromada=hromada_a)
    assert not ActVersion.objects.filter(act_id=draft.pk).exists()


def test_repeal_changes_status_from_its_date_and_removal_restores(hromada_a, user):
    old = act(hromada_a, user, number="10", when=date(2022, 2, 1), title="Правила благоустрою")
    new = act(hromada_a, user, number="20", when=date(2025, 6, 1), title="Нові правила благоустрою")
    relation = services.add_relation(new, "repeals", old, actor=user, hromada=hromada_a,
                                     effective_from=date(2025, 7, 1), today=date(2025, 6, 15))
    old.refresh_from_db()
    assert old.status == ActStatus.IN_FORCE and not relation.applied  # not yet: effective from July
    assert services.apply_due_relations(hromada_a, today=date(2025, 7, 1)) == 1
    old.refresh_from_db()
    assert old.status == ActStatus.REPEALED
    assert old.versions.last().comment == _("Status changed by act № %(number)s of %(date)s") % {
        "number": "20", "date": "01.06.2025"}
    assert services.apply_due_relations(hromada_a, today=date(2025, 7, 2)) == 0  # idempotent
    services.remove_relation(ActRelation.objects.get(pk=relation.pk), actor=user, hromada=hromada_a)
    old.refresh_from_db()
    assert old.status == ActStatus.IN_FORCE


def test_amendment_does_not_revive_a_repealed_act(hromada_a, user):
    old = act(hromada_a, user, number="1", when=date(2021, 1, 1))
    repeal = act(hromada_a, user, number="2", when=date(2022, 1, 1))
    amend = act(hromada_a, user, number="3", when=date(2023, 1, 1))
    services.add_relation(repeal, "repeals", old, actor=user, hromada=hromada_a)
    services.add_relation(amend, "amends", old, actor=user, hromada=hromada_a)
    old.refresh_from_db()
    assert old.status == ActStatus.REPEALED


@pytest.mark.parametrize("case", ["self", "later", "draft_target", "duplicate", "other_hromada"])
def test_bad_relations_are_refused_and_change_nothing(hromada_a, hromada_b, user, case):
    a = act(hromada_a, user, number="1", when=date(2024, 1, 1))
    b = act(hromada_a, user, number="2", when=date(2024, 2, 1))
    source, kind, target = b, "repeals", a
    if case == "self":
        target = b
    elif case == "later":
        source, target = a, b
    elif case == "draft_target":
        target = act(hromada_a, user, number="3", type="draft_decision", status="draft")
    elif case == "duplicate":
        services.add_relation(b, "related", a, actor=user, hromada=hromada_a)
        kind = "related"
    elif case == "other_hromada":
        target = act(hromada_b, secretary(hromada_b), number="9", when=date(2020, 1, 1))
    before = ActRelation.objects.count()
    with pytest.raises((ValidationError, PermissionDenied)):
        services.add_relation(source, kind, target, actor=user, hromada=hromada_a)
    assert ActRelation.objects.count() == before
    a.refresh_from_db()
    assert a.status == ActStatus.IN_FORCE


def test_clerk_cannot_write(hromada_a, user):
    clerk = member(hromada_a, "clerk")
    with pytest.raises(PermissionDenied):
        act(hromada_a, clerk)


def test_adopted_deadline_counts_working_days(hromada_a, user):
    # Adopted Friday 20 Nov 2026: five working days → Friday 27 Nov 2026.
    decision = act(hromada_a, user, number="5", when=date(2026, 11, 20))
    cal = calendar_for(hromada_a)
    row = deadlines.publication_deadline(decision, cal, today=date(2026, 11, 23))
    assert (row.kind, row.due, row.state) == ("adopted", date(2026, 11, 27), "pending")
    assert deadlines.publication_deadline(decision, cal, today=date(2026, 11, 30)).state == "overdue"
    decision.published_at = dt.datetime(2026, 11, 27, 17, 0, tzinfo=KYIV)
    assert deadlines.publication_deadline(decision, cal).state == "on_time"
    decision.published_at = dt.datetime(2026, 11, 30, 9, 0, tzinfo=KYIV)
    assert deadlines.publication_deadline(decision, cal).state == "late"


def test_draft_deadline_is_ten_working_days_before_consideration(hromada_a, user):
    draft = act(hromada_a, user, number="П-1", type="draft_decision", status="draft",
                consideration_date=date(2026, 11, 30))
    row = deadlines.publication_deadline(draft, calendar_for(hromada_a), today=date(2026, 11, 10))
    # 10 working days before Monday 30 Nov, that day not counted: Monday 16 Nov.
    assert (row.kind, row.due, row.state) == ("draft", date(2026, 11, 16), "pending")


def test_internal_acts_have_no_deadline_and_cannot_be_published(hromada_a, user):
    order = act(hromada_a, user, number="12-к", type="head_order", internal=True)
    assert deadlines.publication_deadline(order, calendar_for(hromada_a)) is None
    with pytest.raises(ValidationError):
        services.publish_act(order, actor=user, hromada=hromada_a)


def test_publication_in_the_future_or_before_adoption_is_refused(hromada_a, user):
    decision = act(hromada_a, user, when=date(2025, 3, 14))
    with pytest.raises(ValidationError):
        services.publish_act(decision, actor=user, hromada=hromada_a,
                             when=timezone.now() + dt.timedelta(days=2))
    with pytest.raises(ValidationError):
        services.publish_act(decision, actor=user, hromada=hromada_a,
                             when=dt.datetime(2025, 3, 1, 10, 0, tzinfo=KYIV))
    decision.refresh_from_db()
    assert decision.published_at is None


def test_attached_file_text_is_searchable_and_signature_kept(hromada_a, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hromada.acts import search
    from tests.acts import samples

    decision = act(hromada_a, user, title="Про затвердження Положення", text="")
    ca = samples.make_ca()
    pdf = samples.signed_pdf(samples.issue(ca), ca)
    docx = samples.docx_with_text(["Положення про вуличне освітлення населених пунктів громади"])
    services.add_attachment(decision, SimpleUploadedFile("polozhennia.docx", docx), actor=user, hromada=hromada_a)
    assert [h.act.pk for h in search.search(hromada_a, "освітлення населеного пункту").hits] == [decision.pk]
    assert decision.versions.last().data["attachments"][0]["name"] == "polozhennia.docx"
    attachment = services.add_attachment(decision, SimpleUploadedFile("signed.pdf", pdf), actor=user,
                                         hromada=hromada_a)
    report = attachment.signatures
    assert report["signed"] is True and report["signatures"][0]["signer_name"] == samples.SIGNER_NAME
    assert report["signatures"][0]["intact"] is True and report["signatures"][0]["trusted"] is False


def test_a_file_of_the_wrong_kind_is_refused_and_nothing_changes(hromada_a, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    decision = act(hromada_a, user)
    with pytest.raises(ValidationError):
        services.add_attachment(decision, SimpleUploadedFile("act.pdf", b"MZ\x90\x00 not a pdf"), actor=user,
                                hromada=hromada_a)
    assert decision.attachments.count() == 0 and decision.versions.count() == 1


def test_daily_command_applies_relations_that_came_into_effect(hromada_a, user):
    from io import StringIO

    from django.core.management import call_command

    old = act(hromada_a, user, number="1", when=date(2020, 1, 1))
    new = act(hromada_a, user, number="2", when=date(2021, 1, 1))
    services.add_relation(new, "suspends", old, actor=user, hromada=hromada_a, effective_from=date(2021, 2, 1),
                          today=date(2021, 1, 1))
    out = StringIO()
    call_command("acts_apply_relations", stdout=out)
    assert out.getvalue().strip() == "Relations applied: 1."
    old.refresh_from_db()
    assert old.status == ActStatus.SUSPENDED
    call_command("acts_apply_relations", stdout=out)
    assert out.getvalue().strip().endswith("Relations applied: 0.")


def test_reindex_rebuilds_every_entry_with_files_and_topics(hromada_a, user):
    from io import StringIO

    from django.core.management import call_command

    from hromada.acts import search
    from hromada.acts.models import SearchEntry

    decision = act(hromada_a, user, title="Про благоустрій", topics=["Освітлення вулиць"])
    SearchEntry.objects.all().delete()
    assert search.search(hromada_a, "освітлення").count == 0
    out = StringIO()
    call_command("acts_reindex", stdout=out)
    assert out.getvalue().endswith("Acts reindexed: 1.\n")
    assert [hit.act.pk for hit in search.search(hromada_a, "освітленню вулиці").hits] == [decision.pk]
    call_command("acts_reindex", "--merge-only", stdout=out)
    assert out.getvalue().endswith("Search index merged.\n")
    assert [hit.act.pk for hit in search.search(hromada_a, "освітлення").hits] == [decision.pk]


def test_reindex_keeps_the_postgresql_search_indexes_as_they_were(hromada_a, user):
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection

    from hromada.acts import search

    act(hromada_a, user, title="Про благоустрій")

    def indexes():
        if connection.vendor != "postgresql":
            return []
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'acts_searchentry' "
                           "ORDER BY indexname")
            return cursor.fetchall()

    before = indexes()
    call_command("acts_reindex", stdout=StringIO())
    assert indexes() == before  # RUM indexes are dropped for the rebuild and made again from their definitions
    assert [hit.act.title for hit in search.search(hromada_a, "благоустрою").hits] == ["Про благоустрій"]
