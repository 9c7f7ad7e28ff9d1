"""Staff pages that change the registry of acts: create and edit, publish, delete, relations and files.

Every write goes through acts.services; a ValidationError from them is shown beside the field it names and
nothing is saved. Destructive actions ask first on a confirmation page; every POST carries the CSRF token.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hromada.acts import forms, lifecycle, search, selectors, services, stash
from hromada.acts.models import STATUS_EFFECTS, ActRelation, ActStatus, Attachment
from hromada.acts.views import deadline_of, permissions
from hromada.core import ukformat
from hromada.core.access import require

RELATION_CANDIDATES = 50


def _status(request) -> int:
    return 400 if request.method == "POST" else 200


# --- create and edit -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require("acts.manage")
def act_create(request):
    form = forms.ActForm(request.POST or None, request.FILES or None, hromada=request.hromada, with_file=True)
    if request.method == "POST":
        kept = stash.get(request, request.POST.get("file_token"))
        upload = request.FILES.get("file")  # a newly chosen file replaces a kept one
        if form.is_valid():
            handle = kept.open() if kept is not None and not form.cleaned_data.get("file") else None
            chosen = form.cleaned_data.get("file") or handle
            try:
                # The act and its file are saved together, as one version, or not at all.
                act = services.create_act(actor=request.user, hromada=request.hromada, fields=form.act_fields(),
                                          topics=form.topics(), comment=form.cleaned_data["comment"],
                                          files=[chosen] if chosen else [])
            except services.FileError as error:
                for message in error.messages:
                    form.add_error("file", message)
            except ValidationError as error:
                forms.apply_errors(form, error)
            else:
                stash.discard(request, kept)
                messages.success(request, _("The act is entered in the registry."))
                return redirect("acts:detail", pk=act.pk)
            finally:
                if handle is not None:
                    handle.close()
        if "file" in form.errors:  # an unusable file is not kept, nor the one it was meant to replace
            stash.discard(request, kept)
            kept = None
        elif upload is not None:
            stash.discard(request, kept)
            kept = stash.keep(request, upload)
        form.keep_file(kept)
    return render(request, "acts/staff/form.html", {"form": form, "act": None, **permissions(request)},
                  status=_status(request))


@require_http_methods(["GET", "POST"])
@require("acts.manage")
def act_edit(request, pk):
    act = selectors.act_or_404(request.hromada, pk, public=False)
    form = forms.ActForm(request.POST or None, instance=act, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.update_act(act, actor=request.user, hromada=request.hromada,
                                          fields=form.act_fields(), topics=form.topics(),
                                          comment=form.cleaned_data["comment"])
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            if version is None:
                messages.info(request, _("Nothing was changed."))
            elif version.published:
                messages.success(request, _("Saved and published as version %(number)s; the previous published "
                                            "version stays in the history.") % {"number": version.number})
            else:
                messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
            return redirect("acts:detail", pk=act.pk)
    return render(request, "acts/staff/form.html", {"form": form, "act": act, **permissions(request)},
                  status=_status(request))


# --- publish and delete ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require("acts.publish")
def act_publish(request, pk):
    act = selectors.act_or_404(request.hromada, pk, public=False)
    warnings = lifecycle.warnings(act, timezone.localdate())
    error = None
    if request.method == "POST":
        try:
            services.publish_act(act, actor=request.user, hromada=request.hromada,
                                 confirmed=request.POST.get("confirm") == "yes")
        except ValidationError as exc:
            error = " ".join(exc.messages)
            if warnings and request.POST.get("confirm") != "yes":
                error = _("Tick the confirmation to publish the act anyway.")
        else:
            messages.success(request, _("The draft is published for discussion.") if act.status == ActStatus.DRAFT
                             else _("The act is published."))
            return redirect("acts:detail", pk=act.pk)
    deadline_row = deadline_of(request.hromada, act)
    return render(request, "acts/staff/publish.html", {
        "act": act, "error": error, "refusal": lifecycle.refusal(act), "warnings": warnings,
        "meaning": lifecycle.meaning(act), "deadline_row": deadline_row,
        # Say "no term" only where the law sets none, not where a missing date hides it (a warning says that).
        "no_term": deadline_row is None and not (act.status == ActStatus.DRAFT and not act.consideration_date
                                                 and act.type in lifecycle.DRAFT_TERM_TYPES),
        **permissions(request)}, status=409 if error else 200)


@require_http_methods(["GET", "POST"])
@require("acts.manage")
def act_delete(request, pk):
    act = selectors.act_or_404(request.hromada, pk, public=False)
    error = None
    if request.method == "POST":
        label = str(act)
        try:
            services.delete_act(act, actor=request.user, hromada=request.hromada)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Deleted: %(record)s.") % {"record": label})
            return redirect("acts:list")
    return render(request, "acts/staff/confirm_delete.html", {"act": act, "error": error, **permissions(request)},
                  status=409 if error else 200)


# --- relations -------------------------------------------------------------------------------------------


def _candidates(request, act, query: str) -> list:
    if query:
        hits = search.search(request.hromada, query, limit=RELATION_CANDIDATES + 1).hits
        return [hit.act for hit in hits if hit.act.pk != act.pk][:RELATION_CANDIDATES]
    return list(selectors.acts(request.hromada, public=False).exclude(pk=act.pk)
                .order_by("-date", "-pk")[:RELATION_CANDIDATES])


@require_http_methods(["GET", "POST"])
@require("acts.manage")
def relation_add(request, pk):
    act = selectors.act_or_404(request.hromada, pk, public=False)
    query = request.GET.get("find", "").strip()[:200]
    candidates = _candidates(request, act, query)
    form = forms.RelationForm(request.POST or None, source=act, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_relation(act, data["kind"], data["target"], actor=request.user, hromada=request.hromada,
                                  effective_from=data["effective_from"], note=data["note"])
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, _("The relation is added."))
            return redirect("acts:detail", pk=act.pk)
    return render(request, "acts/staff/relation_form.html", {
        "act": act, "form": form, "find": query, "candidates": candidates, **permissions(request)},
        status=_status(request))


def _relation_or_404(act, hromada, relation_pk) -> ActRelation:
    try:
        return ActRelation.objects.select_related("target", "source").get(hromada=hromada, source=act,
                                                                          pk=relation_pk)
    except ActRelation.DoesNotExist:
        raise Http404 from None


def restore_explanation(relation: ActRelation) -> str:
    """What removing the relation does to the other act's status, in one sentence."""
    target = relation.target
    effect = STATUS_EFFECTS.get(relation.kind)
    if effect is None:
        return _("The status of the other act does not change.")
    if not relation.applied:
        return _("The relation has not taken effect yet (it does from %(date)s); the status of the other act "
                 "does not change.") % {"date": ukformat.long_date(relation.effective_from)}
    if relation.previous_status and target.status == effect:
        return _("The status of the other act goes back from «%(current)s» to «%(previous)s».") % {
            "current": ActStatus(target.status).label, "previous": ActStatus(relation.previous_status).label}
    return _("The status of the other act stays «%(current)s»: it was changed by another act since.") % {
        "current": ActStatus(target.status).label}


@require_http_methods(["GET", "POST"])
@require("acts.manage")
def relation_remove(request, pk, relation_pk):
    act = selectors.act_or_404(request.hromada, pk, public=False)
    relation = _relation_or_404(act, request.hromada, relation_pk)
    error = None
    if request.method == "POST":
        try:
            services.remove_relation(relation, actor=request.user, hromada=request.hromada)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The relation is removed."))
            return redirect("acts:detail", pk=act.pk)
    return render(request, "acts/staff/relation_remove.html", {
        "act": act, "relation": relation, "explanation": restore_explanation(relation), "error": error,
        **permissions(request)}, status=409 if error else 200)


# --- attachments -----------------------------------------------------------------------------------------


def _attachment_or_404(act, attachment_pk) -> Attachment:
    try:
        return Attachment.objects.get(act=act, pk=attachment_pk)
    except Attachment.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
@require("acts.manage")
def attachment_add(request, pk):
    act = selectors.act_or_404(request.hromada, pk, public=False)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_attachment(act, form.cleaned_data["file"], actor=request.user, hromada=request.hromada)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("The file is attached."))
            return redirect("acts:detail", pk=act.pk)
    return render(request, "acts/staff/attachment_form.html", {"act": act, "form": form, **permissions(request)},
                  status=_status(request))


@require_http_methods(["GET", "POST"])
@require("acts.manage")
def attachment_remove(request, pk, attachment_pk):
    act = selectors.act_or_404(request.hromada, pk, public=False)
    attachment = _attachment_or_404(act, attachment_pk)
    error = None
    if request.method == "POST":
        try:
            services.remove_attachment(attachment, actor=request.user, hromada=request.hromada)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The file is removed."))
            return redirect("acts:detail", pk=act.pk)
    return render(request, "acts/staff/attachment_remove.html", {
        "act": act, "attachment": attachment, "error": error, **permissions(request)}, status=409 if error else 200)


@require_http_methods(["GET", "HEAD"])
@require("acts.view")
def attachment_download(request, pk, attachment_pk):
    act = selectors.act_or_404(request.hromada, pk, public=False)
    attachment = _attachment_or_404(act, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)
