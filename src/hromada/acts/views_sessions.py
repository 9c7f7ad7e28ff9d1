"""Staff pages of council sessions: the list, a session with its agenda, agenda items, the roll-call form and the
deputies of each convocation.

Reading needs `acts.view` (every member of staff); every change needs `acts.sessions` (the council secretary
and the hromada administrator) and goes through acts.sessions, which checks it again.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hromada.acts import sessions
from hromada.acts.models import Act, AgendaItem, Vote
from hromada.core.access import require
from hromada.core.fields import LocalIntegerField
from hromada.core.forms import DATE_INPUT
from hromada.core.roles import can
from hromada.core.ukformat import roman

CAPABILITY = sessions.CAPABILITY
PAGE_SIZE = 25


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's errors beside the fields they name; the rest at the top of the form."""
    items = error.message_dict.items() if hasattr(error, "error_dict") else [(NON_FIELD_ERRORS, error.messages)]
    for field, errors in items:
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def _status(request) -> int:
    return 400 if request.method == "POST" else 200


def _can_edit(request) -> bool:
    return can(request.user, request.hromada, CAPABILITY)


def act_label(act: Act) -> str:
    return f"№ {act.number} {_('of')} {act.date:%d.%m.%Y} — {act.title[:120]}"


# --- forms ---------------------------------------------------------------------------------------------------


class SessionForm(forms.Form):
    convocation = LocalIntegerField(label=gettext_lazy("convocation"), min_value=1, max_value=30)
    number = LocalIntegerField(label=gettext_lazy("session number"), min_value=1, max_value=999)
    date = forms.DateField(label=gettext_lazy("date"), widget=DATE_INPUT, input_formats=["%Y-%m-%d", "%d.%m.%Y"])
    title = forms.CharField(label=gettext_lazy("title"), max_length=300, required=False,
                            help_text=gettext_lazy("For example «regular», «extraordinary» or «plenary»."))


class ActChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return act_label(obj)


class AgendaItemForm(forms.Form):
    order = LocalIntegerField(label=gettext_lazy("item number"), min_value=1, max_value=32767, required=False,
                               help_text=gettext_lazy("Leave empty to add the item at the end of the agenda."))
    title = forms.CharField(label=gettext_lazy("title"), max_length=1000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=gettext_lazy("Leave empty to take the title of the draft."))
    draft = ActChoiceField(label=gettext_lazy("draft decision"), queryset=Act.objects.none(), required=False)
    decision = ActChoiceField(label=gettext_lazy("adopted decision"), queryset=Act.objects.none(), required=False,
                              help_text=gettext_lazy("Acts dated on the day of the session or marked with its "
                                                     "convocation and session number."))
    rapporteur = forms.CharField(label=gettext_lazy("rapporteur"), max_length=200, required=False)
    result = forms.ChoiceField(label=gettext_lazy("result"), choices=AgendaItem.Result.choices,
                               initial=AgendaItem.Result.PENDING)

    def __init__(self, *args, session, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        drafts = sessions.draft_choices(session.hromada)
        decisions = sessions.decision_choices(session)
        if item is not None:  # keep the current links selectable even if they no longer fit the lists
            if item.draft_id:
                drafts = drafts | Act.objects.filter(pk=item.draft_id, hromada_id=session.hromada_id)
            if item.decision_id:
                decisions = decisions | Act.objects.filter(pk=item.decision_id, hromada_id=session.hromada_id)
        self.fields["draft"].queryset = drafts.distinct()
        self.fields["decision"].queryset = decisions.distinct()


class DeputyForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("full name"), max_length=200)
    convocation = LocalIntegerField(label=gettext_lazy("convocation"), min_value=1, max_value=30)
    faction = forms.CharField(label=gettext_lazy("faction"), max_length=200, required=False)


class RollCallForm(forms.Form):
    """One radio group per deputy; every deputy listed must get a vote."""

    def __init__(self, *args, deputies, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.deputies = deputies
        for deputy in deputies:
            self.fields[f"deputy_{deputy.pk}"] = forms.ChoiceField(
                label=deputy.full_name, choices=Vote.choices, widget=forms.RadioSelect, required=True,
                initial=current.get(deputy.pk),
                error_messages={"required": _("Choose how %(name)s voted.") % {"name": deputy.full_name}})

    def groups(self):
        return [(deputy, self[f"deputy_{deputy.pk}"]) for deputy in self.deputies]

    def votes(self) -> dict[int, str]:
        return {deputy.pk: self.cleaned_data[f"deputy_{deputy.pk}"] for deputy in self.deputies}


# --- sessions ---------------------------------------------------------------------------------------------


@require("acts.view")
def session_list(request):
    rows = sessions.sessions_of(request.hromada).annotate(item_count=Count("items"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "acts/sessions/list.html", {"page": page, "querystring": "",
                                                       "can_edit": _can_edit(request)})


@require(CAPABILITY)
@require_http_methods(["GET", "POST"])
def session_create(request):
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            session = sessions.create_session(actor=request.user, hromada=request.hromada, fields=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The session is added. Now enter its agenda."))
            return redirect("acts:session", pk=session.pk)
    return render(request, "acts/sessions/form.html", {"form": form, "session": None}, status=_status(request))


@require("acts.view")
def session_detail(request, pk):
    session = sessions.session_or_404(request.hromada, pk)
    items = [{"item": item, "totals": sessions.totals(item.roll_call.all()) if item.roll_call.all() else None}
             for item in session.items.all()]
    return render(request, "acts/sessions/detail.html", {
        "session": session, "items": items, "can_edit": _can_edit(request)})


@require(CAPABILITY)
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = sessions.session_or_404(request.hromada, pk)
    initial = {name: getattr(session, name) for name in sessions.SESSION_FIELDS}
    form = SessionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sessions.update_session(session, actor=request.user, hromada=request.hromada, fields=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("acts:session", pk=session.pk)
    return render(request, "acts/sessions/form.html", {"form": form, "session": session}, status=_status(request))


@require(CAPABILITY)
@require_http_methods(["GET", "POST"])
def session_delete(request, pk):
    session = sessions.session_or_404(request.hromada, pk)
    error = None
    try:
        sessions.check_delete_session(session)
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
    if request.method == "POST" and error is None:
        try:
            sessions.delete_session(session, actor=request.user, hromada=request.hromada)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Deleted: %(record)s.") % {"record": session})
            return redirect("acts:sessions")
    status = 409 if error and request.method == "POST" else 200
    return render(request, "acts/sessions/confirm_delete.html", {"session": session, "error": error},
                  status=status)


# --- agenda ------------------------------------------------------------------------------------------------


@require(CAPABILITY)
@require_http_methods(["GET", "POST"])
def agenda_add(request, pk):
    session = sessions.session_or_404(request.hromada, pk)
    form = AgendaItemForm(request.POST if request.method == "POST" else None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            item = sessions.add_agenda_item(session, actor=request.user, hromada=request.hromada,
                                            fields=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Agenda item %(order)s is added.") % {"order": item.order})
            return redirect("acts:session", pk=session.pk)
    return render(request, "acts/sessions/item_form.html", {"form": form, "session": session, "item": None},
                  status=_status(request))


@require(CAPABILITY)
@require_http_methods(["GET", "POST"])
def agenda_edit(request, pk, item_pk):
    session = sessions.session_or_404(request.hromada, pk)
    item = sessions.item_or_404(session, item_pk)
    initial = {"order": item.order, "title": item.title, "draft": item.draft_id, "decision": item.decision_id,
               "rapporteur": item.rapporteur, "result": item.result}
    data = request.POST if request.method == "POST" else None
    form = AgendaItemForm(data, session=session, item=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sessions.update_agenda_item(item, actor=request.user, hromada=request.hromada, fields=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Agenda item %(order)s is saved.") % {"order": form.cleaned_data["order"]
                                                                               or item.order})
            return redirect("acts:session", pk=session.pk)
    return render(request, "acts/sessions/item_form.html", {"form": form, "session": session, "item": item},
                  status=_status(request))


@require(CAPABILITY)
@require_http_methods(["GET", "POST"])
def agenda_delete(request, pk, item_pk):
    session = sessions.session_or_404(request.hromada, pk)
    item = sessions.item_or_404(session, item_pk)
    error = None
    if request.method == "POST":
        try:
            sessions.delete_agenda_item(item, actor=request.user, hromada=request.hromada)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Agenda item %(order)s is deleted.") % {"order": item.order})
            return redirect("acts:session", pk=session.pk)
    elif item.roll_call.exists():
        error = _("A roll-call vote is recorded on this item, and it is a public record: the item cannot be deleted.")
    return render(request, "acts/sessions/item_delete.html", {"session": session, "item": item, "error": error},
                  status=409 if error and request.method == "POST" else 200)


# --- roll-call ---------------------------------------------------------------------------------------------


@require(CAPABILITY)
@require_http_methods(["GET", "POST"])
def roll_call(request, pk, item_pk):
    session = sessions.session_or_404(request.hromada, pk)
    item = sessions.item_or_404(session, item_pk)
    current = dict(item.roll_call.values_list("deputy_id", "vote"))
    deputies = sessions.roll_call_deputies(item)
    form = RollCallForm(request.POST if request.method == "POST" else None, deputies=deputies, current=current)
    if request.method == "POST" and not deputies:
        form.is_valid()
        form.add_error(None, _("There are no deputies of convocation %(convocation)s. Add them first.")
                       % {"convocation": roman(session.convocation)})
    elif request.method == "POST" and form.is_valid():
        try:
            rows = sessions.record_roll_call(item, form.votes(), actor=request.user, hromada=request.hromada)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            counted = sessions.totals(rows)
            messages.success(request, _("The roll-call on item %(order)s is recorded: for %(for)s, against "
                                        "%(against)s, abstained %(abstained)s.")
                             % {"order": item.order, "for": counted["for"], "against": counted["against"],
                                "abstained": counted["abstained"]})
            return redirect("acts:session", pk=session.pk)
    return render(request, "acts/sessions/roll_call.html", {
        "form": form, "session": session, "item": item, "deputies": deputies,
        "totals": sessions.totals(item.roll_call.all()) if current else None,
    }, status=_status(request))


# --- deputies ----------------------------------------------------------------------------------------------


@require("acts.view")
@require_http_methods(["GET", "POST"])
def deputy_list(request):
    editable = _can_edit(request)
    form = DeputyForm(request.POST if request.method == "POST" and "full_name" in request.POST else None)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if "deputy" in request.POST:
            deputy = sessions.deputy_or_404(request.hromada, request.POST.get("deputy"))
            if request.POST.get("action") == "reactivate":
                sessions.reactivate_deputy(deputy, actor=request.user, hromada=request.hromada)
                messages.success(request, _("%(name)s is active again.") % {"name": deputy.full_name})
            else:
                sessions.deactivate_deputy(deputy, actor=request.user, hromada=request.hromada)
                messages.success(request, _("%(name)s is no longer offered in new roll-calls.")
                                 % {"name": deputy.full_name})
            return redirect("acts:deputies")
        if form.is_valid():
            try:
                deputy = sessions.add_deputy(actor=request.user, hromada=request.hromada, fields=form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Added: %(name)s.") % {"name": deputy.full_name})
                return redirect("acts:deputies")
    convocation = request.GET.get("convocation", "")
    rows = sessions.deputies_of(request.hromada)
    if convocation.isdigit() and 0 < int(convocation) <= 30:
        rows = rows.filter(convocation=int(convocation))
    else:
        convocation = ""
    rows = sorted(rows, key=lambda deputy: (-deputy.convocation, sessions.name_key(deputy.full_name), deputy.pk))
    return render(request, "acts/sessions/deputies.html", {
        "rows": rows, "form": form if editable else None, "can_edit": editable, "convocation": convocation,
        "convocations": sorted(set(sessions.deputies_of(request.hromada).values_list("convocation", flat=True)),
                               reverse=True),
    }, status=400 if request.method == "POST" else 200)
