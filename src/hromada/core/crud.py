"""List / detail / create / edit / delete pages for tenant records, configured once per model.

Registers of later modules reuse this: searchable, filterable, sortable, paginated lists with CSV/XLSX
export, a detail page with the record's history, and confirmation before deletion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from hromada.core import audit, audit_display, selectors, services
from hromada.core.access import require
from hromada.core.collation import order_term
from hromada.core.exports import csv_response, xlsx_response
from hromada.core.models import AuditEntry
from hromada.core.roles import can

PAGE_SIZE = 25


@dataclass
class Crud:
    slug: str  # URL segment and name prefix
    model: type[Model]
    form_class: Any
    list_fields: tuple[str, ...]
    detail_fields: tuple[str, ...]
    search_fields: tuple[str, ...] = ("name",)
    filter_fields: tuple[str, ...] = ()
    ordering_fields: tuple[str, ...] = ("name",)
    view_capability: str = "structure.view"
    manage_capability: str = "structure.manage"
    queryset: Any = None  # callable(hromada) -> QuerySet; defaults to selectors.scoped
    extra: dict = field(default_factory=dict)
    namespace: str = "staff"  # URL namespace the app mounts the pages in
    # Optional hooks for apps whose records need more than the generic behaviour:
    search: Any = None  # callable(hromada, query) -> QuerySet, replacing the icontains search
    save: Any = None  # callable(obj, *, actor, hromada, form) -> obj, replacing services.save_record
    delete: Any = None  # callable(obj, *, actor, hromada), replacing services.delete_record
    export_capability: str | None = None  # defaults to view_capability

    @property
    def url_prefix(self) -> str:
        return f"{self.namespace}:{self.slug}"

    # -- helpers ------------------------------------------------------------------------------
    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def verbose_name_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def label(self, name: str) -> str:
        return str(self.model._meta.get_field(name).verbose_name)

    def base_queryset(self, hromada) -> QuerySet:
        return self.queryset(hromada) if self.queryset else selectors.scoped(self.model, hromada)

    def get_object(self, request, pk) -> Model:
        try:
            return self.base_queryset(request.hromada).get(pk=pk)
        except (self.model.DoesNotExist, ValueError, TypeError):
            raise Http404 from None

    @staticmethod
    def display(obj: Model, name: str) -> Any:
        getter = getattr(obj, f"get_{name}_display", None)
        if callable(getter):
            return getter()
        value = getattr(obj, name)
        return "" if value is None else value

    def filtered(self, request) -> tuple[QuerySet, dict]:
        query = request.GET.get("q", "").strip()[:200]
        searched = self.search is not None
        qs = self.search(request.hromada, query) if searched else self.base_queryset(request.hromada)
        if query and not searched:
            condition = Q()
            for name in self.search_fields:
                condition |= Q(**{f"{name}__icontains": query})
            qs = qs.filter(condition)
        active = {}
        for name in self.filter_fields:
            value = request.GET.get(name, "").strip()
            if value:
                field_obj = self.model._meta.get_field(name)
                try:
                    qs = qs.filter(**{name: field_obj.to_python(value)})
                    active[name] = value
                except (ValidationError, ValueError):
                    pass  # an unusable filter value is ignored, not an error page
        sort = request.GET.get("sort", "")
        if sort.lstrip("-") in self.ordering_fields:
            qs = qs.order_by(order_term(self.model, sort), "pk")
        else:
            sort = ""
        return qs, {"q": query, "filters": active, "sort": sort}

    def filter_choices(self, hromada) -> list[dict]:
        result = []
        for name in self.filter_fields:
            field_obj = self.model._meta.get_field(name)
            if field_obj.choices:
                options = [(str(k), v) for k, v in field_obj.choices]
            else:
                related = field_obj.related_model._default_manager.filter(hromada=hromada)
                options = [(str(o.pk), str(o)) for o in related]
            result.append({"name": name, "label": self.label(name), "options": options})
        return result

    def url(self, action: str, *args) -> str:
        return reverse(f"{self.url_prefix}-{action}", args=args)

    # -- views --------------------------------------------------------------------------------
    def list_view(self, request):
        qs, state = self.filtered(request)
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
        rows = [(obj, [self.display(obj, f) for f in self.list_fields]) for obj in page.object_list]
        query = request.GET.copy()
        query.pop("page", None)
        sort_query = query.copy()
        sort_query.pop("sort", None)
        template = "core/crud/_table.html" if request.htmx else "core/crud/list.html"
        return render(request, template, {
            "crud": self, "page": page, "rows": rows, "state": state, "querystring": query.urlencode(),
            "sort_base": sort_query.urlencode(),
            "columns": [(f, self.label(f)) for f in self.list_fields],
            "filters": self.filter_choices(request.hromada),
            "can_manage": can(request.user, request.hromada, self.manage_capability),
            "can_export": can(request.user, request.hromada, self.export_capability or self.view_capability),
        })

    def export_view(self, request, fmt: str):
        qs, _state = self.filtered(request)
        header = [self.label(f) for f in self.detail_fields]
        rows = ([self.display(o, f) for f in self.detail_fields] for o in qs.iterator())
        audit.record(AuditEntry.Action.EXPORT, object_type=self.model._meta.label_lower,
                     object_repr=f"{self.verbose_name_plural} ({fmt})", hromada=request.hromada)
        if fmt == "xlsx":
            return xlsx_response(self.slug, self.verbose_name_plural, header, rows)
        return csv_response(self.slug, header, rows)

    def detail_view(self, request, pk):
        obj = self.get_object(request, pk)
        fields = [(self.label(f), self.display(obj, f)) for f in self.detail_fields]
        return render(request, "core/crud/detail.html", {
            "crud": self, "object": obj, "fields": fields,
            "history": audit_display.history(obj, request.user),
            "can_manage": can(request.user, request.hromada, self.manage_capability),
        })

    def form_view(self, request, pk=None):
        obj = self.get_object(request, pk) if pk is not None else None
        data = request.POST if request.method == "POST" else None
        form = self.form_class(data, instance=obj, hromada=request.hromada)
        if request.method == "POST" and form.is_valid():
            try:
                if self.save is not None:
                    saved = self.save(form.instance, actor=request.user, hromada=request.hromada, form=form)
                else:
                    saved = services.save_record(form.instance, actor=request.user, hromada=request.hromada,
                                                 capability=self.manage_capability)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved: %(record)s.") % {"record": saved})
                return redirect(self.url("detail", saved.pk))
        status = 400 if request.method == "POST" else 200
        return render(request, "core/crud/form.html", {"crud": self, "form": form, "object": obj}, status=status)

    def delete_view(self, request, pk):
        obj = self.get_object(request, pk)
        error = None
        if request.method == "POST":
            try:
                if self.delete is not None:
                    self.delete(obj, actor=request.user, hromada=request.hromada)
                else:
                    services.delete_record(obj, actor=request.user, hromada=request.hromada,
                                           capability=self.manage_capability)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("Deleted: %(record)s.") % {"record": obj})
                return redirect(self.url("list"))
        return render(request, "core/crud/confirm_delete.html", {"crud": self, "object": obj, "error": error},
                      status=409 if error else 200)

    def urls(self) -> list:
        view, manage = require(self.view_capability), require(self.manage_capability)
        export = require(self.export_capability or self.view_capability)
        s = self.slug
        return [
            path(f"{s}/", view(self.list_view), name=f"{s}-list"),
            path(f"{s}/export.csv", export(lambda r: self.export_view(r, "csv")), name=f"{s}-export-csv"),
            path(f"{s}/export.xlsx", export(lambda r: self.export_view(r, "xlsx")), name=f"{s}-export-xlsx"),
            path(f"{s}/new/", manage(self.form_view), name=f"{s}-create"),
            path(f"{s}/<int:pk>/", view(self.detail_view), name=f"{s}-detail"),
            path(f"{s}/<int:pk>/edit/", manage(self.form_view), name=f"{s}-edit"),
            path(f"{s}/<int:pk>/delete/", manage(self.delete_view), name=f"{s}-delete"),
        ]
