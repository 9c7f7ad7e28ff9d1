"""Scheduled jobs: the registry, the scheduler's slots, runs recorded all-or-nothing, dead workers, the command."""

from __future__ import annotations

import socket
import subprocess
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils.translation import gettext

from hromada.core import jobs
from hromada.core.models import CalendarException, JobRun
from hromada.core.workers import run_pending

KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture
def only_test_jobs(monkeypatch):
    """A registry holding just the jobs a test declares (the platform's own are restored afterwards)."""
    monkeypatch.setattr(jobs, "REGISTRY", {})
    return jobs.REGISTRY


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_the_platform_declares_its_daily_jobs_with_valid_schedules():
    assert {"purge-imports", "acts-apply-relations", "programme-reminders"} <= set(jobs.REGISTRY)
    for job in jobs.REGISTRY.values():
        assert len(job.cron.split()) == 5


def test_a_bad_cron_expression_or_a_second_job_of_one_name_is_refused(only_test_jobs):
    with pytest.raises(ValueError, match="not a five-field cron expression"):
        jobs.scheduled("broken", cron="every day", label="x")
    with pytest.raises(ValueError, match="not a five-field cron expression"):
        jobs.scheduled("broken", cron="0 8 * * * *", label="x")
    jobs.scheduled("one", cron="0 8 * * *", label="x")(lambda: None)
    with pytest.raises(ValueError, match="registered twice"):
        jobs.scheduled("one", cron="0 9 * * *", label="x")(lambda: None)


def test_slots_follow_the_cron_expression_in_kyiv_time(only_test_jobs):
    job = jobs.Job(name="j", cron="0 8 * * *", label="x", func=lambda: None)
    at = datetime(2026, 7, 6, 7, 59, tzinfo=KYIV)
    assert job.slots_before(at) == datetime(2026, 7, 5, 8, 0, tzinfo=KYIV)
    assert job.slots_before(at + timedelta(minutes=1)) == datetime(2026, 7, 6, 8, 0, tzinfo=KYIV)
    assert job.next_after(at) == datetime(2026, 7, 6, 8, 0, tzinfo=KYIV)


@pytest.mark.django_db
def test_each_slot_is_enqueued_once_and_run_by_the_worker(only_test_jobs, django_capture_on_commit_callbacks):
    calls = []
    jobs.scheduled("count", cron="0 8 * * *", label="x")(lambda: calls.append(1) or f"call {len(calls)}")
    morning = datetime(2026, 7, 6, 8, 0, 30, tzinfo=KYIV)
    with django_capture_on_commit_callbacks(execute=True):
        created = jobs.tick(morning)
    assert [(run.job, run.scheduled_for) for run in created] == [("count", datetime(2026, 7, 6, 8, 0, tzinfo=KYIV))]
    assert jobs.tick(morning + timedelta(minutes=5)) == []  # the same slot: nothing new
    run_pending()
    run = JobRun.objects.get()
    assert (run.status, run.output, run.trigger) == ("succeeded", "call 1", "schedule")
    assert run.worker.startswith(socket.gethostname() + ":")
    assert jobs.tick(morning + timedelta(hours=2)) == []
    next_day = jobs.tick(morning + timedelta(days=1))
    assert [run.scheduled_for.date() for run in next_day] == [date(2026, 7, 7)]


@pytest.mark.django_db
def test_a_missed_slot_is_caught_up_once_and_an_old_one_skipped(only_test_jobs):
    jobs.scheduled("weekly", cron="0 8 * * 1", label="x")(lambda: None)  # Mondays
    monday = datetime(2026, 7, 6, 8, 0, tzinfo=KYIV)
    assert len(jobs.tick(monday + timedelta(hours=20))) == 1  # the worker was down at 8:00: run it late, once
    assert jobs.tick(monday + timedelta(hours=21)) == []
    assert jobs.tick(monday + timedelta(days=3)) == []  # Thursday: Monday's slot is too old to run now


@pytest.mark.django_db
def test_a_job_that_fails_writes_nothing_and_its_run_is_failed(only_test_jobs, hromada_a):
    def half_done():
        CalendarException.objects.create(hromada=hromada_a, date=date(2026, 7, 7), kind="holiday", reason="Test")
        raise RuntimeError("the disk is full")

    jobs.scheduled("half", cron="0 8 * * *", label="x")(half_done)
    run = jobs.run_now("half", started_by="test")
    assert run.status == "failed" and run.error.startswith("RuntimeError: the disk is full")
    assert run.trigger == "manual" and run.started_by == "test" and run.finished_at is not None
    assert not CalendarException.objects.exists()


@pytest.mark.django_db
def test_a_run_is_claimed_once(only_test_jobs):
    jobs.scheduled("once", cron="0 8 * * *", label="x")(lambda: "ran")
    run = JobRun.objects.create(job="once")
    assert jobs.execute(run.pk).status == "succeeded"
    assert jobs.execute(run.pk) is None  # a second worker finds it claimed


@pytest.mark.django_db
def test_runs_of_dead_workers_are_marked_failed(only_test_jobs):
    jobs.scheduled("any", cron="0 8 * * *", label="x")(lambda: None)
    now = datetime(2026, 7, 6, 12, 0, tzinfo=KYIV)
    here_dead = JobRun.objects.create(job="any", status="running", started_at=now,
                                      worker=f"{socket.gethostname()}:{dead_pid()}")
    here_alive = JobRun.objects.create(job="any", status="running", started_at=now,
                                       worker=jobs.worker_ident())
    elsewhere_silent = JobRun.objects.create(job="any", status="running", started_at=now - timedelta(hours=7),
                                             worker="other-machine:12")
    elsewhere_recent = JobRun.objects.create(job="any", status="running", started_at=now - timedelta(hours=1),
                                             worker="other-machine:13")
    assert jobs.reap_dead_runs(now) == 2
    status = dict(JobRun.objects.values_list("pk", "status"))
    assert status == {here_dead.pk: "failed", here_alive.pk: "running", elsewhere_silent.pk: "failed",
                      elsewhere_recent.pk: "running"}
    assert JobRun.objects.get(pk=here_dead.pk).error == gettext(
        "The worker stopped while the job was running; nothing it did was saved.")


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_enqueue_a_slot_once(only_test_jobs):
    jobs.scheduled("race", cron="*/5 * * * *", label="x")(lambda: None)
    moment = datetime(2026, 7, 6, 8, 1, tzinfo=KYIV)
    barrier = threading.Barrier(4)
    errors = []

    def scheduler():
        try:
            barrier.wait(10)
            jobs.tick(moment)
        except Exception as error:  # any failure of a tick fails the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert JobRun.objects.filter(job="race").count() == 1


@pytest.mark.django_db
def test_the_jobs_command_lists_and_runs_jobs(only_test_jobs, capsys, django_capture_on_commit_callbacks):
    jobs.scheduled("hello", cron="15 6 * * *", label="x")(lambda: "said hello")
    call_command("jobs")
    listing = capsys.readouterr().out
    assert "hello" in listing and "15 6 * * *" in listing and "never" in listing
    call_command("jobs", "run", "hello")
    assert "hello: said hello." in capsys.readouterr().out
    assert JobRun.objects.get().started_by.startswith("command line")
    call_command("jobs")
    assert "succeeded" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No job named 'nope'"):
        call_command("jobs", "run", "nope")
    with pytest.raises(CommandError, match="Name the job"):
        call_command("jobs", "run")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("jobs", "run", "hello", "--queue")
    assert JobRun.objects.filter(status="queued").count() == 1
    call_command("worker", "--batch", "--no-scheduler")
    assert JobRun.objects.filter(status="succeeded").count() == 2


@pytest.mark.django_db
def test_a_failing_job_run_from_the_command_exits_with_its_error(only_test_jobs):
    def broken():
        raise ValueError("no connection to the mail server")

    jobs.scheduled("broken", cron="0 8 * * *", label="x")(broken)
    with pytest.raises(CommandError, match="broken failed: ValueError: no connection to the mail server"):
        call_command("jobs", "run", "broken")


@pytest.mark.django_db
def test_the_platform_jobs_run_twice_in_a_day_and_succeed_both_times(hromada_a):
    for name in ("purge-imports", "acts-apply-relations", "programme-reminders"):
        first, second = jobs.run_now(name), jobs.run_now(name)
        assert (first.status, second.status) == ("succeeded", "succeeded"), (name, first.error, second.error)


# --- the staff pages (operators only) -------------------------------------------------------------------


@pytest.fixture
def operator_client(client_a):
    from tests.factories import UserFactory

    client_a.operator = UserFactory(is_operator=True, email="operator@example.org", full_name="Оператор Системи")
    client_a.force_login(client_a.operator)
    return client_a


@pytest.mark.django_db
def test_operators_see_every_job_with_schedule_last_and_next_run(operator_client, only_test_jobs):
    from django.urls import reverse

    jobs.scheduled("nightly", cron="30 3 * * *", label="Нічне прибирання")(lambda: "прибрано 3")
    jobs.run_now("nightly", started_by="test")
    page = operator_client.get(reverse("staff:jobs")).content.decode()
    for expected in ("Нічне прибирання", "nightly", "03:30", reverse("staff:job-run", args=["nightly"])):
        assert expected in page
    detail = operator_client.get(reverse("staff:job-detail", args=["nightly"])).content.decode()
    assert "прибрано 3" in detail and "test" in detail
    assert operator_client.get(reverse("staff:job-detail", args=["nightly"]) + "?status=failed").content.decode() \
        .count("прибрано 3") == 0
    assert operator_client.get(reverse("staff:job-detail", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_run_now_asks_first_then_queues_a_run_for_the_worker(operator_client, only_test_jobs,
                                                              django_capture_on_commit_callbacks):
    from django.urls import reverse

    jobs.scheduled("nightly", cron="30 3 * * *", label="Нічне прибирання")(lambda: "done")
    assert operator_client.get(reverse("staff:job-run", args=["nightly"])).status_code == 200
    assert not JobRun.objects.exists()  # asking changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(reverse("staff:job-run", args=["nightly"]))
    assert response["Location"] == reverse("staff:job-detail", args=["nightly"])
    run = JobRun.objects.get()
    assert (run.status, run.trigger, run.started_by) == ("queued", "manual", str(operator_client.operator))
    run_pending()
    run.refresh_from_db()
    assert run.status == "succeeded"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["hromada_admin", "clerk", "programme_manager"])
def test_hromada_staff_cannot_open_the_jobs_pages(client_a, hromada_a, role):
    from django.urls import reverse

    from tests.factories import member

    client_a.force_login(member(hromada_a, role))
    for url in (reverse("staff:jobs"), reverse("staff:job-detail", args=["purge-imports"]),
                reverse("staff:job-run", args=["purge-imports"])):
        assert client_a.get(url).status_code == 403
    assert client_a.post(reverse("staff:job-run", args=["purge-imports"])).status_code == 403
    assert not JobRun.objects.exists()
