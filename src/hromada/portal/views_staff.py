"""Staff pages of the portal: the hromada's contacts and the feedback received through the site."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hromada.core import audit
from hromada.core.access import require
from hromada.core.exports import csv_response
from hromada.core.models import AuditEntry
from hromada.core.roles import can
from hromada.portal import forms, services
from hromada.portal import selectors as portal_selectors


@require("hromada.edit")
@require_http_methods(["GET", "POST"])
def contacts_edit(request):
    hromada = request.hromada
    record = portal_selectors.contacts(hromada)
    form = forms.ContactsForm(request.POST if request.method == "POST" else None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_contacts(hromada, actor=request.user, **form.contact_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contacts are saved."))
            return redirect("portal_staff:contacts")
    return render(request, "portal/staff/contacts_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


def _filtered(request):
    form = forms.FeedbackFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return form, portal_selectors.feedback_messages(request.hromada).none()
    data = form.cleaned_data if form.is_bound else {}
    return form, portal_selectors.feedback_messages(
        request.hromada, status=data.get("status", ""), topic=data.get("topic", ""), query=data.get("q", ""))


@require("feedback.view")
def feedback_list(request):
    form, qs = _filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/staff/feedback_list.html", {
        "form": form, "page": page, "querystring": query.urlencode(),
    }, status=400 if form.is_bound and not form.is_valid() else 200)


@require("feedback.view")
def feedback_export(request):
    _form, qs = _filtered(request)
    audit.record(AuditEntry.Action.EXPORT, object_type="portal.feedbackmessage", object_repr="feedback (csv)",
                 hromada=request.hromada)
    header = [_("number"), _("received"), _("topic"), _("status"), _("name"), _("e-mail or phone"), _("page"),
              _("message"), _("handled")]

    def rows():
        for item in qs.iterator(chunk_size=500):
            yield [item.number, item.created_at, item.get_topic_display(), item.get_status_display(), item.name,
                   item.contact, item.page, item.message, item.handled_at]

    return csv_response("feedback", header, rows())


@require("feedback.view")
def feedback_detail(request, pk):
    item = portal_selectors.feedback_message(request.hromada, pk)
    if item.name or item.contact:
        audit.record(AuditEntry.Action.VIEW, item, hromada=request.hromada)
    return render(request, "portal/staff/feedback_detail.html", {
        "item": item, "can_handle": can(request.user, request.hromada, "feedback.handle")})


@require("feedback.handle")
@require_POST
def feedback_handle(request, pk):
    item = portal_selectors.feedback_message(request.hromada, pk)
    services.mark_feedback_handled(item, actor=request.user, hromada=request.hromada)
    messages.success(request, _("Message No. %(number)s is marked as handled.") % {"number": item.number})
    return redirect("portal_staff:feedback-detail", pk=item.pk)
