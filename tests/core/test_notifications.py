"""The notification service: kinds, notify with preferences and deduplication, e-mail and SMS through the task with
retries, the in-app notices and bell, the preferences page and the hromada admin's log."""

from __future__ import annotations

import io
import smtplib
from datetime import datetime

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from hromada.core.models import Channel, Delivery, Notice, NotificationPreference
from hromada.core.notifications import STAFF, notify, register_kind, service, tasks
from hromada.core.notifications import kinds as kind_registry
from hromada.core.notifications.sms import BaseSmsBackend, SmsError
from hromada.core.templatetags.notification_tags import bell_label
from tests.factories import member
from tests.tasktools import run_enqueued_tasks

pytestmark = pytest.mark.django_db

ROUTINE = "tests.routine"
LEGAL = "tests.legal"


@pytest.fixture(autouse=True)
def test_kinds():
    register_kind(ROUTINE, label="Тестова подія", audience=STAFF, default_channels={Channel.EMAIL, Channel.IN_APP})
    register_kind(LEGAL, label="Тестовий строк", audience=STAFF, default_channels={Channel.IN_APP},
                  required_channels={Channel.EMAIL})
    yield
    kind_registry.unregister_kind(ROUTINE)
    kind_registry.unregister_kind(LEGAL)


@pytest.fixture
def clerk(hromada_a):
    return member(hromada_a, "clerk", email="clerk@example.org", full_name="Олена Писар")


def send(recipient, hromada, kind=ROUTINE, **kwargs):
    kwargs.setdefault("subject", "Звіт чекає")
    kwargs.setdefault("body", "Подайте звіт до п'ятниці.")
    return notify(recipient, kind, hromada=hromada, **kwargs)


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    """Call notify as a committed action would, then let the worker send what it queued."""

    def run(recipient, hromada, kind=ROUTINE, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            notice = send(recipient, hromada, kind, **kwargs)
        run_enqueued_tasks(including_later=True)
        return notice

    return run


# --- kinds ----------------------------------------------------------------------------------------

def test_apps_register_their_kinds_from_their_notifications_module():
    due = kind_registry.get_kind("programmes.report_due")
    assert due.audience == STAFF
    assert due.default_channels == {Channel.EMAIL, Channel.IN_APP}
    assert due.required_channels == frozenset()
    assert "programmes.report_overdue" in {k.key for k in kind_registry.kinds_for(STAFF)}


def test_a_kind_is_checked_when_registered():
    with pytest.raises(ValueError, match="registered twice"):
        register_kind(ROUTINE, label="x", audience=STAFF, default_channels={Channel.EMAIL})
    with pytest.raises(ValueError, match="unknown channels"):
        register_kind("tests.pigeon", label="x", audience=STAFF, default_channels={"pigeon"})
    with pytest.raises(ValueError, match="audience"):
        register_kind("tests.nobody", label="x", audience="martians", default_channels={Channel.EMAIL})
    with pytest.raises(ValueError, match=r"<app>\.<name>"):
        register_kind("nodot", label="x", audience=STAFF, default_channels={Channel.EMAIL})
    assert "tests.pigeon" not in kind_registry.REGISTRY


def test_a_required_channel_is_also_a_default_one():
    assert kind_registry.get_kind(LEGAL).default_channels == {Channel.IN_APP, Channel.EMAIL}


def test_an_unknown_kind_is_refused(hromada_a, clerk):
    with pytest.raises(KeyError, match="unknown notification kind"):
        notify(clerk, "tests.unknown", hromada=hromada_a, subject="s", body="b")


# --- notify ---------------------------------------------------------------------------------------

def test_notify_records_an_in_app_notice_and_a_delivery_per_default_channel(hromada_a, clerk):
    notice = send(clerk, hromada_a, url="/staff/")
    assert notice.in_app and notice.read_at is None and notice.kind == ROUTINE
    deliveries = {d.channel: d for d in notice.deliveries.all()}
    assert set(deliveries) == {Channel.IN_APP, Channel.EMAIL}
    assert deliveries[Channel.IN_APP].status == Delivery.Status.SENT
    assert deliveries[Channel.EMAIL].status == Delivery.Status.QUEUED
    assert deliveries[Channel.EMAIL].address == "clerk@example.org"
    assert all(d.hromada_id == hromada_a.pk for d in deliveries.values())


def test_the_e_mail_goes_only_after_the_transaction_commits(hromada_a, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send(clerk, hromada_a)
    assert len(callbacks) == 1  # the send is enqueued on commit, not before
    run_enqueued_tasks()
    assert mail.outbox == []


def test_the_e_mail_is_sent_by_the_task_in_ukrainian_with_the_link_and_why(hromada_a, clerk, deliver):
    notice = deliver(clerk, hromada_a, url="/staff/notices/")
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["clerk@example.org"]
    assert letter.subject == "Звіт чекає"
    assert "Громада А" in letter.body
    assert "Подайте звіт до п'ятниці." in letter.body
    assert "http://a.localhost/staff/notices/" in letter.body
    assert "«Тестова подія»" in letter.body
    assert "увімкнено електронну пошту" in letter.body
    assert "http://a.localhost/staff/notifications/settings/" in letter.body
    html, mimetype = letter.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="http://a.localhost/staff/notices/"' in html
    assert 'href="http://a.localhost/staff/notifications/settings/"' in html
    delivery = notice.deliveries.get(channel=Channel.EMAIL)
    assert (delivery.status, delivery.attempts, delivery.error) == (Delivery.Status.SENT, 1, "")
    assert delivery.sent_at is not None and delivery.reference.startswith("<")


def test_html_from_a_template_is_stored_and_sent(hromada_a, clerk, deliver):
    deliver(clerk, hromada_a, template="core/notifications/_bell.html",
            context={"url": "/x/", "count": 2, "label": "Сповіщення: 2 непрочитані"})
    html = mail.outbox[0].alternatives[0][0]
    assert "Сповіщення: 2 непрочитані" in html


def test_a_required_channel_letter_says_it_cannot_be_turned_off(hromada_a, clerk, deliver):
    deliver(clerk, hromada_a, kind=LEGAL)
    assert "вимагає закон" in mail.outbox[0].body


def test_a_mailbox_without_an_account_gets_e_mail_only(hromada_a, deliver):
    notice = deliver("Vidil@Example.org", hromada_a)
    assert notice.recipient is None and notice.address == "vidil@example.org" and not notice.in_app
    assert [d.channel for d in notice.deliveries.all()] == [Channel.EMAIL]
    assert mail.outbox[0].to == ["vidil@example.org"]
    assert "вказано як контактну" in mail.outbox[0].body
    assert "settings" not in mail.outbox[0].body


def test_an_inactive_account_is_not_notified(hromada_a, clerk):
    clerk.is_active = False
    clerk.save()
    assert send(clerk, hromada_a) is None
    assert not Notice.objects.exists()


def test_a_chosen_channel_without_an_address_is_skipped_but_a_required_one_is_recorded_as_failed(hromada_a):
    phone_only = member(hromada_a, "clerk", email=None, phone="+380501234567")
    routine = send(phone_only, hromada_a)
    assert [d.channel for d in routine.deliveries.all()] == [Channel.IN_APP]
    legal = send(phone_only, hromada_a, kind=LEGAL)
    failed = legal.deliveries.get(channel=Channel.EMAIL)
    assert failed.status == Delivery.Status.FAILED
    assert failed.error == "В обліковому записі немає адреси електронної пошти."


# --- deduplication --------------------------------------------------------------------------------

def test_the_same_key_notifies_once(hromada_a, clerk, deliver):
    first = deliver(clerk, hromada_a, dedupe_key="report:1")
    again = deliver(clerk, hromada_a, dedupe_key="report:1")
    other_key = deliver(clerk, hromada_a, dedupe_key="report:2")
    other_kind = deliver(clerk, hromada_a, kind=LEGAL, dedupe_key="report:1")
    assert first is not None and again is None and other_key is not None and other_kind is not None
    assert Notice.objects.count() == 3
    assert len(mail.outbox) == 3


def test_the_key_is_per_recipient_and_per_mailbox(hromada_a, clerk):
    someone = member(hromada_a, "clerk")
    assert send(clerk, hromada_a, dedupe_key="k") is not None
    assert send(someone, hromada_a, dedupe_key="k") is not None
    assert send("unit@example.org", hromada_a, dedupe_key="k") is not None
    assert send("UNIT@example.org", hromada_a, dedupe_key="k") is None
    assert Notice.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_parallel_calls_with_one_key_create_one_notice(hromada_a):
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("parallel writers are a PostgreSQL scenario (SQLite serialises every writer)")
    register = kind_registry.REGISTRY  # the kinds are process-wide, shared by the threads
    assert ROUTINE in register
    clerk = member(hromada_a, "clerk")
    barrier = threading.Barrier(6)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(notify(clerk, ROUTINE, hromada=hromada_a, subject="s", body="b", dedupe_key="same"))
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(r is not None for r in results) == 1
    assert Notice.objects.filter(recipient=clerk, dedupe_key="same").count() == 1
    assert Delivery.objects.filter(notice__recipient=clerk).count() == 2


# --- retries --------------------------------------------------------------------------------------

class FlakySmtp(BaseEmailBackend):
    """Refuses the first ``failures`` letters like a busy SMTP server, then accepts (into mail.outbox)."""

    failures = 0
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise smtplib.SMTPServerDisconnected("421 try again later")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakySmtp"
    FlakySmtp.calls = 0
    return FlakySmtp


def test_a_failed_send_is_retried_later_with_backoff(hromada_a, clerk, flaky_smtp,
                                                       django_capture_on_commit_callbacks):
    flaky_smtp.failures = 1
    with django_capture_on_commit_callbacks(execute=True):
        notice = send(clerk, hromada_a)
    before = timezone.now()
    run_enqueued_tasks()  # the first attempt fails; the retry waits
    delivery = notice.deliveries.get(channel=Channel.EMAIL)
    assert (delivery.status, delivery.attempts) == (Delivery.Status.QUEUED, 1)
    assert delivery.error == "SMTPServerDisconnected: 421 try again later"
    assert delivery.next_attempt_at >= before + tasks.BACKOFF[0]
    assert mail.outbox == []
    run_enqueued_tasks(including_later=True)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (Delivery.Status.SENT, 2, None)
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_the_delivery_is_failed_with_the_error(hromada_a, clerk, flaky_smtp, deliver):
    flaky_smtp.failures = 100
    notice = deliver(clerk, hromada_a)
    delivery = notice.deliveries.get(channel=Channel.EMAIL)
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, tasks.MAX_ATTEMPTS)
    assert delivery.error == "SMTPServerDisconnected: 421 try again later"
    assert flaky_smtp.calls == tasks.MAX_ATTEMPTS
    assert notice.deliveries.get(channel=Channel.IN_APP).status == Delivery.Status.SENT


def test_the_backoff_grows_and_then_stays():
    assert [tasks.backoff(n).total_seconds() for n in range(1, 7)] == [60, 300, 1800, 7200, 7200, 7200]


def test_the_task_leaves_a_sent_delivery_alone(hromada_a, clerk, deliver):
    notice = deliver(clerk, hromada_a)
    delivery = notice.deliveries.get(channel=Channel.EMAIL)
    assert tasks.send_delivery.call(delivery.pk) == "skipped"
    assert len(mail.outbox) == 1



def test_a_delivery_whose_sending_was_lost_is_sent_by_the_requeue_job(hromada_a, clerk,
                                                                      django_capture_on_commit_callbacks):
    from datetime import timedelta

    from hromada.core import jobs

    notice = send(clerk, hromada_a)  # committed, but its task never ran (no on_commit here: the queue "lost" it)
    delivery = notice.deliveries.get(channel=Channel.EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stalled() == "deliveries re-enqueued: 0"  # not stalled yet
    Delivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - timedelta(minutes=20))
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.get("notifications-requeue").func() == "deliveries re-enqueued: 1"
    run_enqueued_tasks()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 1)
    assert len(mail.outbox) == 1


# --- SMS ------------------------------------------------------------------------------------------

class RecordingSms(BaseSmsBackend):
    sent: list = []
    fail = False

    def send(self, phone, text):
        if type(self).fail:
            raise SmsError("gateway said 503")
        type(self).sent.append((phone, text))
        return f"msg-{len(type(self).sent)}"


@pytest.fixture
def sms_user(hromada_a):
    user = member(hromada_a, "clerk", email="sms@example.org", phone="+380671112233")
    NotificationPreference.objects.create(user=user, kind=ROUTINE, channel=Channel.SMS, enabled=True)
    return user


def test_sms_goes_through_the_console_backend_by_default(hromada_a, sms_user, deliver, caplog):
    caplog.set_level("INFO", logger="hromada.notifications.sms")
    notice = deliver(sms_user, hromada_a, url="/staff/notices/")
    delivery = notice.deliveries.get(channel=Channel.SMS)
    assert (delivery.status, delivery.address) == (Delivery.Status.SENT, "+380671112233")
    assert "SMS to +380671112233: Громада А: Звіт чекає http://a.localhost/staff/notices/" in caplog.text


def test_a_gateway_is_plugged_in_by_setting(hromada_a, sms_user, deliver, settings):
    settings.SMS_BACKEND = f"{__name__}.RecordingSms"
    RecordingSms.sent, RecordingSms.fail = [], False
    notice = deliver(sms_user, hromada_a)
    assert RecordingSms.sent == [("+380671112233", "Громада А: Звіт чекає")]
    assert notice.deliveries.get(channel=Channel.SMS).reference == "msg-1"


def test_a_gateway_failure_is_retried_then_recorded(hromada_a, sms_user, deliver, settings):
    settings.SMS_BACKEND = f"{__name__}.RecordingSms"
    RecordingSms.sent, RecordingSms.fail = [], True
    notice = deliver(sms_user, hromada_a)
    delivery = notice.deliveries.get(channel=Channel.SMS)
    assert (delivery.status, delivery.attempts, delivery.error) == (
        Delivery.Status.FAILED, tasks.MAX_ATTEMPTS, "SmsError: gateway said 503")
    assert notice.deliveries.get(channel=Channel.EMAIL).status == Delivery.Status.SENT


# --- preferences ----------------------------------------------------------------------------------

def test_a_channel_turned_off_is_not_used(hromada_a, clerk, deliver):
    service.set_preferences(clerk, {ROUTINE: {Channel.IN_APP}}, [kind_registry.get_kind(ROUTINE)])
    notice = deliver(clerk, hromada_a)
    assert [d.channel for d in notice.deliveries.all()] == [Channel.IN_APP]
    assert mail.outbox == []


def test_turning_everything_off_sends_nothing(hromada_a, clerk):
    service.set_preferences(clerk, {ROUTINE: set()}, [kind_registry.get_kind(ROUTINE)])
    assert send(clerk, hromada_a) is None
    assert not Notice.objects.exists()


def test_a_required_channel_cannot_be_turned_off(hromada_a, clerk, deliver):
    legal = kind_registry.get_kind(LEGAL)
    service.set_preferences(clerk, {LEGAL: set()}, [legal])
    assert not NotificationPreference.objects.filter(user=clerk, channel=Channel.EMAIL).exists()
    NotificationPreference.objects.create(user=clerk, kind=LEGAL, channel=Channel.EMAIL, enabled=False)
    notice = deliver(clerk, hromada_a, kind=LEGAL)
    assert [d.channel for d in notice.deliveries.all()] == [Channel.EMAIL]  # in-app off, e-mail kept
    assert len(mail.outbox) == 1


def test_only_choices_that_differ_from_the_default_are_stored(clerk):
    routine = kind_registry.get_kind(ROUTINE)
    assert service.set_preferences(clerk, {ROUTINE: {Channel.EMAIL, Channel.IN_APP}}, [routine]) == 0
    assert service.set_preferences(clerk, {ROUTINE: {Channel.EMAIL, Channel.SMS}}, [routine]) == 2
    assert service.set_preferences(clerk, {ROUTINE: {Channel.EMAIL, Channel.SMS}}, [routine]) == 0
    assert service.channel_choices(clerk, routine) == {Channel.IN_APP: False, Channel.EMAIL: True, Channel.SMS: True}


def test_the_preferences_page_shows_a_required_channel_checked_and_disabled(client_a, clerk):
    client_a.force_login(clerk)
    page = client_a.get(reverse("staff:notification-preferences")).content.decode()
    assert "Мої сповіщення" in page
    legal_email = f'value="{LEGAL}:email"'
    tag = page[page.rindex("<input", 0, page.index(legal_email)):page.index(">", page.index(legal_email))]
    assert "checked" in tag and "disabled" in tag and "-why" in tag
    assert "(вимагає закон)" in page
    routine_sms = page[page.index(f'value="{ROUTINE}:sms"'):]
    assert "checked" not in routine_sms[:routine_sms.index(">")]


def test_saving_the_preferences_page_and_a_forged_post_for_a_required_channel(client_a, clerk):
    client_a.force_login(clerk)
    url = reverse("staff:notification-preferences")
    # The form would never send this: the required e-mail of LEGAL left out, an unknown kind and channel added.
    response = client_a.post(url, {"on": [f"{ROUTINE}:sms", f"{LEGAL}:in_app", "tests.unknown:email",
                                          f"{ROUTINE}:pigeon"]})
    assert response.status_code == 302
    routine, legal = kind_registry.get_kind(ROUTINE), kind_registry.get_kind(LEGAL)
    assert service.channel_choices(clerk, routine) == {Channel.IN_APP: False, Channel.EMAIL: False,
                                                       Channel.SMS: True}
    assert service.channel_choices(clerk, legal) == {Channel.IN_APP: True, Channel.EMAIL: True, Channel.SMS: False}
    assert set(NotificationPreference.objects.filter(user=clerk, kind__startswith="tests.")
               .values_list("kind", "channel", "enabled")) == {
        (ROUTINE, "in_app", False), (ROUTINE, "email", False), (ROUTINE, "sms", True)}


# --- in-app notices and the bell ------------------------------------------------------------------

@pytest.mark.parametrize("count, label", [
    (0, "Сповіщення: немає непрочитаних"), (1, "Сповіщення: 1 непрочитане"), (3, "Сповіщення: 3 непрочитані"),
    (5, "Сповіщення: 5 непрочитаних"), (11, "Сповіщення: 11 непрочитаних"), (21, "Сповіщення: 21 непрочитане"),
    (24, "Сповіщення: 24 непрочитані"),
])
def test_the_bell_names_the_unread_count_with_ukrainian_plurals(count, label):
    with translation.override("uk"):
        assert bell_label(count) == label


def test_the_bell_in_the_staff_area_counts_this_hromadas_unread_notices(client_a, hromada_a, hromada_b, clerk):
    for n in range(3):
        send(clerk, hromada_a, subject=f"Новина {n}")
    send(clerk, hromada_b, subject="Чужа")
    read = send(clerk, hromada_a, subject="Прочитана")
    service.mark_read(clerk, hromada_a, read.pk)
    client_a.force_login(clerk)
    page = client_a.get(reverse("staff:tokens")).content.decode()
    assert f'href="{reverse("staff:notices")}"' in page
    assert '<span class="visually-hidden">Сповіщення: 3 непрочитані</span>' in page


def test_the_notices_page_lists_unread_first_and_marks_them_read(client_a, hromada_a, clerk):
    old = send(clerk, hromada_a, subject="Старе непрочитане")
    read = send(clerk, hromada_a, subject="Прочитане")
    new = send(clerk, hromada_a, subject="Нове непрочитане")
    service.mark_read(clerk, hromada_a, read.pk)
    client_a.force_login(clerk)
    page = client_a.get(reverse("staff:notices")).content.decode()
    assert page.index("Нове непрочитане") < page.index("Старе непрочитане") < page.index("Прочитане")
    assert "2 непрочитані сповіщення." in page
    assert client_a.post(reverse("staff:notice-read", args=[old.pk])).status_code == 302
    old.refresh_from_db()
    assert old.read_at is not None
    new.refresh_from_db()
    assert new.read_at is None
    assert client_a.post(reverse("staff:notices-read-all")).status_code == 302
    assert not Notice.objects.filter(recipient=clerk, read_at__isnull=True).exists()


def test_marking_read_needs_a_post_and_touches_only_ones_own_notices(client_a, hromada_a, clerk):
    other = member(hromada_a, "clerk")
    theirs = send(other, hromada_a)
    client_a.force_login(clerk)
    assert client_a.get(reverse("staff:notice-read", args=[theirs.pk])).status_code == 405
    assert client_a.post(reverse("staff:notice-read", args=[theirs.pk])).status_code == 404
    client_a.post(reverse("staff:notices-read-all"))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_mailbox_notice_is_not_in_anyones_inbox(client_a, hromada_a, clerk):
    send("clerk@example.org", hromada_a, subject="Для скриньки")
    client_a.force_login(clerk)
    assert "Для скриньки" not in client_a.get(reverse("staff:notices")).content.decode()


# --- the admin's log ------------------------------------------------------------------------------

@pytest.fixture
def log_rows(hromada_a, hromada_b, clerk):
    writer = member(hromada_a, "clerk", email="writer@example.org", full_name="Петро Звітний")
    first = send(clerk, hromada_a, subject="Перше")
    second = send(writer, hromada_a, kind=LEGAL, subject="Друге")
    send(member(hromada_b, "clerk"), hromada_b, subject="Сусідське")
    kyiv = timezone.get_current_timezone()
    Delivery.objects.filter(notice=first).update(created_at=datetime(2026, 3, 2, 10, tzinfo=kyiv))
    Delivery.objects.filter(notice=second).update(created_at=datetime(2026, 3, 9, 10, tzinfo=kyiv))
    Delivery.objects.filter(notice=second, channel=Channel.EMAIL).update(status=Delivery.Status.FAILED,
                                                                         error="SMTPException: boom", attempts=5)
    return first, second


def _subjects(response):
    return [row["delivery"].notice.subject + "/" + row["delivery"].channel for row in response.context["rows"]]


@pytest.mark.parametrize("query, expected", [
    ({}, ["Друге/email", "Друге/in_app", "Перше/email", "Перше/in_app"]),
    ({"kind": LEGAL}, ["Друге/email", "Друге/in_app"]),
    ({"channel": "email"}, ["Друге/email", "Перше/email"]),
    ({"status": "failed"}, ["Друге/email"]),
    ({"date_from": "2026-03-03"}, ["Друге/email", "Друге/in_app"]),
    ({"date_to": "2026-03-02"}, ["Перше/email", "Перше/in_app"]),
    ({"recipient": "звітний"}, ["Друге/email", "Друге/in_app"]),
    ({"recipient": "clerk@example"}, ["Перше/email", "Перше/in_app"]),
])
def test_the_log_filters(admin_client_a, log_rows, query, expected):
    response = admin_client_a.get(reverse("staff:notification-log"), query)
    assert response.status_code == 200
    assert _subjects(response) == expected


def test_a_reversed_period_is_a_clear_error(admin_client_a, log_rows):
    response = admin_client_a.get(reverse("staff:notification-log"),
                                  {"date_from": "2026-03-10", "date_to": "2026-03-01"})
    assert response.status_code == 400
    assert "Початок періоду пізніше за його кінець." in response.content.decode()
    assert response.context["rows"] == []


def test_the_log_is_paginated(admin_client_a, hromada_a, clerk):
    for n in range(26):
        send(clerk, hromada_a, subject=f"№{n}")
    first = admin_client_a.get(reverse("staff:notification-log"), {"channel": "email"})
    assert len(first.context["rows"]) == 26 and first.context["page"].paginator.num_pages == 1
    both = admin_client_a.get(reverse("staff:notification-log"))
    assert len(both.context["rows"]) == 50
    second = admin_client_a.get(reverse("staff:notification-log"), {"page": 2})
    assert len(second.context["rows"]) == 2



def test_the_log_and_the_notices_page_take_as_many_queries_for_many_rows_as_for_few(admin_client_a, hromada_a,
                                                                                   admin_a, clerk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert admin_client_a.get(url).status_code == 200
        return len(queries)

    send(clerk, hromada_a)
    send(admin_a, hromada_a)
    few = (count(reverse("staff:notification-log")), count(reverse("staff:notices")))
    for n in range(10):
        send(member(hromada_a, "clerk"), hromada_a, subject=f"№{n}")
        send(admin_a, hromada_a, subject=f"Адміну №{n}")
    assert (count(reverse("staff:notification-log")), count(reverse("staff:notices"))) == few

def test_the_log_exports_csv_and_xlsx_with_the_filter(admin_client_a, log_rows):
    response = admin_client_a.get(reverse("staff:notification-log-csv"), {"status": "failed"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "час;одержувач;адреса;вид;канал;тема;результат;спроби;надіслано;помилка"
    assert len(lines) == 2
    assert ";writer@example.org;Тестовий строк;електронна пошта;Друге;не вдався;5;;SMTPException: boom" in lines[1]
    response = admin_client_a.get(reverse("staff:notification-log-xlsx"), {"channel": "in_app"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert [row[5] for row in rows[1:]] == ["Друге", "Перше"]
    assert rows[1][4] == "у системі"


def test_the_admin_opens_a_delivery_and_another_hromadas_is_404(admin_client_a, hromada_b, log_rows):
    first, _second = log_rows
    delivery = first.deliveries.get(channel=Channel.EMAIL)
    page = admin_client_a.get(reverse("staff:notification-log-detail", args=[delivery.pk]))
    assert page.status_code == 200 and "clerk@example.org" in page.content.decode()
    foreign = Delivery.objects.get(hromada=hromada_b, channel=Channel.EMAIL)
    assert admin_client_a.get(reverse("staff:notification-log-detail", args=[foreign.pk])).status_code == 404
    listed = admin_client_a.get(reverse("staff:notification-log")).content.decode()
    assert "Сусідське" not in listed


@pytest.mark.parametrize("role, log_status, own_status", [
    ("clerk", 403, 200), ("department_head", 403, 200), ("programme_manager", 403, 200),
    ("agency", 403, 200), ("resident", 403, 403), ("hromada_admin", 200, 200),
])
def test_who_sees_the_log_and_their_own_notices(client_a, hromada_a, role, log_status, own_status):
    client_a.force_login(member(hromada_a, role))
    assert client_a.get(reverse("staff:notification-log")).status_code == log_status
    assert client_a.get(reverse("staff:notification-log-csv")).status_code == log_status
    assert client_a.get(reverse("staff:notices")).status_code == own_status
    assert client_a.get(reverse("staff:notification-preferences")).status_code == own_status


def test_anonymous_visitors_are_sent_to_sign_in(client_a):
    for name in ("staff:notices", "staff:notification-preferences", "staff:notification-log"):
        response = client_a.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_menu_offers_the_pages_by_role(client_a, hromada_a, admin_a, clerk):
    client_a.force_login(clerk)
    page = client_a.get(reverse("staff:notices")).content.decode()
    assert "Налаштування сповіщень" in page and reverse("staff:notification-log") not in page
    client_a.force_login(admin_a)
    assert reverse("staff:notification-log") in client_a.get(reverse("staff:notices")).content.decode()



# --- programme reminders on the service -----------------------------------------------------------

@pytest.fixture
def reporting_unit(hromada_a):
    """An approved programme with a quarter open (report due Monday 6 April 2026) and one unit to report."""
    from hromada.programmes.services import monitoring
    from tests.programmes.builders import approved_programme, head_of, manager

    actor = manager(hromada_a)
    programme = approved_programme(hromada_a, actor, units=1)
    period = monitoring.open_period(programme, actor=actor, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    report = period.reports.get()
    department = report.department
    department.email = "Unit@Example.org"
    department.save()
    return {"head": head_of(hromada_a, department), "department": department, "report": report}


def test_programme_reminders_run_twice_on_one_day_send_once(hromada_a, reporting_unit,
                                                            django_capture_on_commit_callbacks):
    from datetime import date

    from django.core.management import call_command

    def run_command():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("programme_reminders", "--date", "2026-04-01", stdout=io.StringIO())
        run_enqueued_tasks()

    run_command()
    head = reporting_unit["head"]
    notices = Notice.objects.filter(kind="programmes.report_due")
    assert {(n.recipient_id, n.address) for n in notices} == {(None, "unit@example.org"), (head.pk, "")}
    assert {n.dedupe_key for n in notices} == {
        f"monitoring-report:{reporting_unit['report'].period_id}:{reporting_unit['department'].pk}:before"}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([head.email, "unit@example.org"])
    assert notices.get(recipient=head).url == reverse(
        "programmes:unit-report", args=[reporting_unit["report"].period.programme_id,
                                        reporting_unit["report"].period_id, reporting_unit["report"].pk])
    run_command()
    assert Notice.objects.count() == 2 and len(mail.outbox) == 2
    # A head appointed after the first run still gets the day's reminder; nobody else gets it twice.
    from hromada.programmes.services import monitoring
    from tests.programmes.builders import head_of

    newcomer = head_of(hromada_a, reporting_unit["department"])
    with django_capture_on_commit_callbacks(execute=True):
        assert monitoring.send_reminders(date(2026, 4, 1)) == 0  # the unit was already reminded
    run_enqueued_tasks()
    assert Notice.objects.filter(kind="programmes.report_due").count() == 3
    assert [m.to for m in mail.outbox[2:]] == [[newcomer.email]]


def test_programme_reminders_respect_the_heads_choice_of_channels(hromada_a, reporting_unit,
                                                                  django_capture_on_commit_callbacks):
    from datetime import date

    from hromada.programmes.services import monitoring

    head = reporting_unit["head"]
    service.set_preferences(head, {"programmes.report_due": {Channel.IN_APP}},
                            [kind_registry.get_kind("programmes.report_due")])
    with django_capture_on_commit_callbacks(execute=True):
        monitoring.send_reminders(date(2026, 4, 1))
    run_enqueued_tasks()
    assert [m.to for m in mail.outbox] == [["unit@example.org"]]
    assert Notice.objects.get(recipient=head).in_app
