"""Pages of inter-agency access: the administrator grants, revokes and sees who read what; a partner
institution's reader sees only the registers and fields an active grant opens, and every read is logged."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.access import require
from hromada.core.forms import DATE_INPUT
from hromada.core.selectors import institutions, scoped
from hromada.registers import access
from hromada.registers.models import SHAREABLE_FIELDS, AccessGrant, Building, LandPlot, PropertyObject, Resident, Street

MODELS = {"residents": Resident, "streets": Street, "buildings": Building, "land": LandPlot,
          "property": PropertyObject}


def field_label(register: str, name: str) -> str:
    return str(MODELS[register]._meta.get_field(name).verbose_name)


def register_label(register: str) -> str:
    return str(MODELS[register]._meta.verbose_name_plural)


class GrantForm(forms.Form):
    institution = forms.ModelChoiceField(label=gettext_lazy("institution"), queryset=None)
    fields = forms.MultipleChoiceField(label=gettext_lazy("registers and fields it may read"),
                                       widget=forms.CheckboxSelectMultiple)
    starts_on = forms.DateField(label=gettext_lazy("from"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=gettext_lazy("until"), widget=DATE_INPUT)
    legal_basis = forms.CharField(label=gettext_lazy("legal basis"), max_length=500,
                                  help_text=gettext_lazy("The law, agreement or decision that allows this access."))

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions(hromada)
        self.fields["fields"].choices = [
            (f"{register}:{name}", f"{register_label(register)} — {field_label(register, name)}")
            for register, names in SHAREABLE_FIELDS.items() for name in names]

    def chosen(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for value in self.cleaned_data["fields"]:
            register, name = value.split(":", 1)
            result.setdefault(register, []).append(name)
        return result


def _grant_rows(grant: AccessGrant) -> list[tuple[str, str]]:
    return [(register_label(register), ", ".join(field_label(register, n) for n in names))
            for register, names in grant.fields.items()]


@require("registers.grant_access")
def grants(request):
    form = GrantForm(request.POST or None, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant = access.grant_access(actor=request.user, hromada=request.hromada, institution=data["institution"],
                                        fields=form.chosen(), starts_on=data["starts_on"], ends_on=data["ends_on"],
                                        legal_basis=data["legal_basis"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors[0])
        else:
            messages.success(request, _("Access is granted to %(institution)s.") % {"institution": grant.institution})
            return redirect("registers:grant-detail", grant_id=grant.pk)
    rows = scoped(AccessGrant, request.hromada).select_related("institution")
    return render(request, "registers/access/grants.html", {
        "rows": [(grant, _grant_rows(grant)) for grant in rows], "form": form,
    }, status=400 if request.method == "POST" else 200)


@require("registers.grant_access")
def grant_detail(request, grant_id):
    grant = _grant(request, grant_id)
    page = Paginator(grant.reads.select_related("user"), 50).get_page(request.GET.get("page"))
    return render(request, "registers/access/grant_detail.html", {
        "grant": grant, "fields": _grant_rows(grant), "page": page, "querystring": ""})


@require("registers.grant_access")
def grant_revoke(request, grant_id):
    grant = _grant(request, grant_id)
    error = None
    if request.method == "POST":
        try:
            access.revoke_access(grant, actor=request.user, hromada=request.hromada)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The access is revoked."))
            return redirect("registers:grant-detail", grant_id=grant.pk)
    return render(request, "registers/access/grant_revoke.html", {"grant": grant, "error": error},
                  status=409 if error else 200)


def _grant(request, grant_id) -> AccessGrant:
    try:
        return scoped(AccessGrant, request.hromada).select_related("institution").get(pk=grant_id)
    except (AccessGrant.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- the partner institution's side ------------------------------------------------------------------


@require("registers.shared")
def shared_home(request):
    rows = [(grant, [(register, register_label(register)) for register in grant.fields])
            for grant in access.active_grants(request.user, request.hromada)]
    return render(request, "registers/access/shared_home.html", {"rows": rows})


def _value(obj, name: str):
    getter = getattr(obj, f"get_{name}_display", None)
    value = getter() if callable(getter) else getattr(obj, name)
    return "" if value is None else value


@require("registers.shared")
def shared_list(request, grant_id, register):
    grant, fields = access.usable_grant(request.user, request.hromada, grant_id, register)
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(access.rows(register, request.hromada, query), 25).get_page(request.GET.get("page"))
    access.log_read(grant, user=request.user, register=register, query=query or "*")
    visible = fields[:4]  # the list shows a few columns; the card shows every granted field
    return render(request, "registers/access/shared_list.html", {
        "grant": grant, "register": register, "register_label": register_label(register), "query": query,
        "columns": [field_label(register, f) for f in visible], "page": page,
        "rows": [(obj, [_value(obj, f) for f in visible]) for obj in page.object_list],
        "querystring": f"q={query}" if query else "",
    })


@require("registers.shared")
def shared_detail(request, grant_id, register, pk):
    grant, fields = access.usable_grant(request.user, request.hromada, grant_id, register)
    try:
        obj = access.rows(register, request.hromada, "").get(pk=pk)
    except (MODELS[register].DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    access.log_read(grant, user=request.user, register=register, obj=obj)
    return render(request, "registers/access/shared_detail.html", {
        "grant": grant, "register": register, "register_label": register_label(register),
        "fields": [(field_label(register, f), _value(obj, f)) for f in fields], "object_label": obj.pk,
    })
