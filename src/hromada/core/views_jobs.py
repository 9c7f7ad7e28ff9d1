"""Staff pages of the scheduled jobs (operators only): schedules, last and next runs, history, run now."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hromada.core import jobs
from hromada.core.access import require
from hromada.core.models import JobRun

HISTORY_PAGE = 50


class RunFilter(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("outcome"), required=False,
                               choices=[("", gettext_lazy("any")), *JobRun.Status.choices])


def _job(name: str) -> jobs.Job:
    try:
        return jobs.get(name)
    except LookupError:
        raise Http404 from None


def queue_counts() -> dict | None:
    """Tasks waiting, running and failed in the last day (database backend only; RQ has its own tools)."""
    if settings.TASKS_BACKEND != "database":
        return None
    from django_tasks_db.models import DBTaskResult

    day_ago = timezone.now() - timedelta(days=1)
    return DBTaskResult.objects.aggregate(
        waiting=Count("pk", filter=Q(status="READY")), running=Count("pk", filter=Q(status="RUNNING")),
        failed=Count("pk", filter=Q(status="FAILED", finished_at__gte=day_ago)))


@require("jobs.view")
def job_list(request):
    rows = [row | {"schedule": jobs.describe(row["job"].cron)} for row in jobs.overview()]
    return render(request, "core/staff/jobs.html", {"rows": rows, "queue": queue_counts()})


@require("jobs.view")
def job_detail(request, name):
    job = _job(name)
    form = RunFilter(request.GET or None)
    runs = JobRun.objects.filter(job=job.name)
    if form.is_valid() and form.cleaned_data["status"]:
        runs = runs.filter(status=form.cleaned_data["status"])
    jobs.reap_dead_runs()
    page = Paginator(runs, HISTORY_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/staff/job_detail.html", {
        "job": job, "schedule": jobs.describe(job.cron), "form": form, "page": page,
        "querystring": query.urlencode(), "next": job.next_after(timezone.now()),
    })


@require("jobs.view")
@require_http_methods(["GET", "POST"])
def job_run(request, name):
    job = _job(name)
    if request.method == "POST":
        run = jobs.enqueue_now(job.name, started_by=str(request.user))
        messages.success(request, _("The job «%(job)s» is queued; the worker runs it within a minute (run %(id)s).")
                         % {"job": job.label, "id": run.pk})
        return redirect("staff:job-detail", name=job.name)
    return render(request, "core/staff/job_run.html", {"job": job, "schedule": jobs.describe(job.cron)})
