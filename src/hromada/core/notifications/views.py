"""Notification pages: one's notices and settings (staff area now, the resident cabinet later), the admin's log.

``inbox_page``, ``notice_read_action``, ``notices_read_all_action`` and ``preferences_page`` take the base
template, the audience of kinds and the URL namespace from the URL configuration and check nothing but that the
person is signed in: the staff area wraps them with its capability (below), and the resident cabinet mounts
them under its own namespace with its own check.
"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.core import audit
from hromada.core.access import require
from hromada.core.exports import csv_response, xlsx_response
from hromada.core.models import AuditEntry
from hromada.core.models.notifications import Channel
from hromada.core.notifications import selectors, service
from hromada.core.notifications.forms import DeliveryFilterForm
from hromada.core.notifications.kinds import REGISTRY, STAFF, kinds_for

STAFF_PAGES = {"base_template": "staff_base.html", "audience": STAFF, "namespace": "staff"}


def _label(kind_key: str) -> str:
    kind = REGISTRY.get(kind_key)
    return str(kind.label) if kind is not None else kind_key


# --- one's own notices ----------------------------------------------------------------------------

@login_required
def inbox_page(request, *, base_template, audience, namespace):
    page = Paginator(selectors.inbox(request.user, request.hromada), 25).get_page(request.GET.get("page"))
    rows = [{"notice": n, "kind_label": _label(n.kind),
             "read_url": reverse(f"{namespace}:notice-read", args=[n.pk])} for n in page.object_list]
    return render(request, "core/notifications/inbox.html", {
        "base_template": base_template, "page": page, "rows": rows, "querystring": "",
        "unread": selectors.unread_count(request.user, request.hromada),
        "read_all_url": reverse(f"{namespace}:notices-read-all"),
        "preferences_url": reverse(f"{namespace}:notification-preferences"),
    })


def _back(request, namespace):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(f"{namespace}:notices")


@login_required
@require_POST
def notice_read_action(request, pk, *, base_template, audience, namespace):
    if not selectors.inbox(request.user, request.hromada).filter(pk=pk).exists():
        raise Http404  # someone else's notice, or another hromada's
    service.mark_read(request.user, request.hromada, pk)
    return _back(request, namespace)


@login_required
@require_POST
def notices_read_all_action(request, *, base_template, audience, namespace):
    count = service.mark_all_read(request.user, request.hromada)
    if count:
        messages.success(request, _("All notices are marked as read."))
    return _back(request, namespace)


@login_required
def preferences_page(request, *, base_template, audience, namespace):
    kinds = kinds_for(audience)
    if request.method == "POST":
        # Checkbox names are "<kind>:<channel>"; anything else (an unknown kind, a required channel left out)
        # is ignored by the service.
        choices: dict[str, set[str]] = {}
        for value in request.POST.getlist("on"):
            kind_key, _sep, channel = value.rpartition(":")
            choices.setdefault(kind_key, set()).add(channel)
        service.set_preferences(request.user, choices, kinds)
        messages.success(request, _("Your notification settings are saved."))
        return redirect(f"{namespace}:notification-preferences")
    table = service.preferences_table(request.user, kinds)
    channels = Channel.choices
    rows = [{"kind": kind, "cells": [{"channel": value, "label": label, "on": chosen[value],
                                      "required": value in kind.required_channels}
                                     for value, label in channels]} for kind, chosen in table]
    return render(request, "core/notifications/preferences.html", {
        "base_template": base_template, "rows": rows, "channels": channels,
        "has_email": bool(request.user.email), "has_phone": bool(request.user.phone),
    })


# The staff area's pages; the resident cabinet wraps the undecorated views above with its own access check.
inbox = require("notifications.own")(inbox_page)
notice_read = require("notifications.own")(notice_read_action)
notices_read_all = require("notifications.own")(notices_read_all_action)
preferences = require("notifications.own")(preferences_page)


# --- the hromada admin's log ----------------------------------------------------------------------

def _filtered_log(request):
    form = DeliveryFilterForm(request.GET or None)
    qs = selectors.deliveries(request.hromada)
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            qs = qs.filter(notice__kind=data["kind"])
        if data["channel"]:
            qs = qs.filter(channel=data["channel"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            qs = qs.filter(created_at__gte=datetime.combine(data["date_from"], time.min, tz))
        if data["date_to"]:
            qs = qs.filter(created_at__lte=datetime.combine(data["date_to"], time.max, tz))
        if data["recipient"]:
            word = data["recipient"].strip()
            qs = qs.filter(Q(notice__recipient__full_name__icontains=word)
                           | Q(notice__recipient__email__icontains=word)
                           | Q(notice__address__icontains=word) | Q(address__icontains=word))
    elif form.is_bound:
        qs = qs.none()
    return form, qs


@require("notifications.view_log")
def log(request):
    form, qs = _filtered_log(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [{"delivery": d, "kind_label": _label(d.notice.kind)} for d in page.object_list]
    return render(request, "core/notifications/log.html", {
        "form": form, "page": page, "rows": rows, "querystring": query.urlencode(),
    }, status=400 if form.is_bound and not form.is_valid() else 200)


def _export_rows(qs):
    for d in qs.iterator(chunk_size=500):
        notice = d.notice
        yield [d.created_at, notice.recipient_label, d.address, _label(notice.kind), d.get_channel_display(),
               notice.subject, d.get_status_display(), d.attempts, d.sent_at, d.error]


@require("notifications.view_log")
def log_export(request, fmt):
    _form, qs = _filtered_log(request)
    audit.record(AuditEntry.Action.EXPORT, object_type="core.delivery", object_repr=f"notification log ({fmt})",
                 hromada=request.hromada)
    header = [_("time"), _("recipient"), _("address"), _("kind"), _("channel"), _("subject"), _("outcome"),
              _("attempts"), _("sent"), _("error")]
    if fmt == "xlsx":
        return xlsx_response("notifications", _("Notification log"), header, _export_rows(qs))
    return csv_response("notifications", header, _export_rows(qs))


@require("notifications.view_log")
def log_detail(request, pk):
    delivery = selectors.delivery(request.hromada, pk)
    audit.record(AuditEntry.Action.VIEW, delivery, hromada=request.hromada)
    return render(request, "core/notifications/log_detail.html", {
        "delivery": delivery, "notice": delivery.notice, "kind_label": _label(delivery.notice.kind),
    })
