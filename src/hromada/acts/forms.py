"""Forms of the staff pages of the registry of acts; they only parse input — every rule lives in acts.services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hromada.acts import deadlines, selectors
from hromada.acts.models import Act, ActRelation, ActStatus, ActType, RelationKind
from hromada.core.collation import uk
from hromada.core.fields import LocalIntegerField
from hromada.core.forms import DATE_INPUT
from hromada.core.forms_base import LocalModelForm
from hromada.core.models import Department

ACCEPT = ".pdf,.docx,.odt,.rtf"

# Service messages that are about one field although the service raises them for the whole act.
_FIELD_OF_MESSAGE = {
    "An act of this type with this number and date already exists.": "number",
}


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's errors beside the fields they name; the rest go to the top of the form."""
    items = error.message_dict.items() if hasattr(error, "error_dict") else [(NON_FIELD_ERRORS, error.messages)]
    targets = {gettext(msgid): name for msgid, name in _FIELD_OF_MESSAGE.items()}
    for field, messages in items:
        for message in messages:
            target = field if field in form.fields else targets.get(str(message))
            if target is not None and target not in form.fields:
                target = None
            if target is not None and message in form.errors.get(target, []):
                continue
            form.add_error(target, message)


def topic_names(text: str) -> list[str]:
    """«бюджет, земля ;  освіта» → ["бюджет", "земля", "освіта"] (the service folds spaces and duplicates)."""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class ActForm(LocalModelForm):
    """The act's own fields, its topics as text, a comment for the version, and (on creation) its file."""

    topics_text = forms.CharField(
        label=_("topics"), required=False, max_length=2000,
        help_text=_("Separate topics with commas, e.g. «land, budget». New topics are created."))
    comment = forms.CharField(
        label=_("comment for the version"), required=False, max_length=300,
        help_text=_("What was changed and why; kept in the history of versions."))
    file = forms.FileField(
        label=_("file of the act"), required=False,
        help_text=_("PDF, DOCX, ODT or RTF. Its text is searchable; a PDF's electronic signature is checked."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
    # A file chosen before a validation error, kept on the server (acts.stash) so it need not be chosen again.
    file_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    class Meta:
        model = Act
        fields = ["number", "date", "type", "status", "title", "text", "convocation", "session", "author_unit",
                  "control_unit", "consideration_date", "internal"]
        widgets = {
            "date": DATE_INPUT,
            "consideration_date": DATE_INPUT,
            "title": forms.Textarea(attrs={"rows": 2}),
            "text": forms.Textarea(attrs={"rows": 14}),
        }
        help_texts = {
            "number": _("As written on the act, e.g. «154-12/VIII»."),
            "date": _("For an adopted act, the date of its adoption: the term for publishing it counts from this "
                      "date."),
            "status": _("A working draft is not public. A draft for discussion is published before its "
                        "consideration. When the act is adopted, change the status and set its date to the date "
                        "of adoption."),
            "internal": _("Personnel orders and office routine: kept in the registry, not published."),
        }

    field_order = ["number", "date", "type", "status", "title", "text", "convocation", "session", "author_unit",
                   "control_unit", "topics_text", "consideration_date", "internal", "file", "comment"]

    def __init__(self, *args, hromada, with_file: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.hromada = hromada
        units = Department.objects.filter(hromada=hromada).order_by(uk("name"))
        for name in ("author_unit", "control_unit"):
            self.fields[name].queryset = units
        if not with_file:
            del self.fields["file"]
            del self.fields["file_token"]
        if not self.instance.pk:
            # A new act's status is chosen, not assumed: each status means a different publication duty.
            self.fields["status"].choices = [("", "—"), *ActStatus.choices]
            self.initial["status"] = ""
        days = deadlines.publication_terms(hromada)[0]
        self.fields["consideration_date"].help_text = ngettext(
            "For a draft: the planned date of consideration (the draft must be published at least %(days)s "
            "working day before it).",
            "For a draft: the planned date of consideration (the draft must be published at least %(days)s "
            "working days before it).", days) % {"days": days}
        self.kept = None  # the acts.stash.Kept file, set by the view
        if self.instance.pk and not self.is_bound:
            self.initial["topics_text"] = ", ".join(t.name for t in self.instance.topics.all())

    def keep_file(self, kept) -> None:
        """Show that a file chosen before is kept and will be attached unless another one is chosen."""
        self.kept = kept
        self.data = self.data.copy()
        self.data["file_token"] = kept.token if kept else ""
        if kept is not None:
            self.fields["file"].help_text = _("Kept from the previous attempt: «%(name)s». It is attached when the "
                                              "act is saved; choose another file to replace it.") % {
                "name": kept.name}
            self._bound_fields_cache.pop("file", None)  # a bound field copies the help text when made

    def _post_clean(self):
        # The model is validated by the service (acts.services), with the number key and the hromada set.
        pass

    def act_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def topics(self) -> list[str]:
        return topic_names(self.cleaned_data.get("topics_text", ""))


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("file"), help_text=_("PDF, DOCX, ODT or RTF."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("relation"), choices=RelationKind.choices)
    target = forms.ModelChoiceField(label=_("act"), queryset=Act.objects.none(),
                                    help_text=_("Find the act with the search box above if it is not in the list."))
    effective_from = forms.DateField(
        label=ActRelation._meta.get_field("effective_from").verbose_name, required=False, widget=DATE_INPUT,
        help_text=_("From this date the relation changes the other act's status; the date of this act if empty."))
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, source: Act, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        # Any act of the hromada is accepted; only the candidates found by the search (and the chosen one) are
        # listed, so the select stays short in a registry of thousands of acts.
        self.all_targets = selectors.acts(source.hromada, public=False).exclude(pk=source.pk)
        self.candidates = list(candidates)
        self.initial.setdefault("effective_from", source.date)
        self._list_only([])

    def _list_only(self, extra_ids) -> None:
        ids = [act.pk for act in self.candidates] + list(extra_ids)
        self.fields["target"].queryset = self.all_targets.filter(pk__in=ids)

    def full_clean(self):
        self.fields["target"].queryset = self.all_targets
        super().full_clean()
        chosen = getattr(self, "cleaned_data", {}).get("target")
        self._list_only([chosen.pk] if chosen else [])


class ListFilterForm(forms.Form):
    """The search box and filters of the list; an unusable value is dropped, never an error page."""

    SORTS = [("relevance", _("by relevance")), ("date", _("newest first")), ("-date", _("oldest first"))]
    PUBLISHED = [("", _("all")), ("yes", _("published")), ("no", _("not published"))]

    q = forms.CharField(label=_("Search"), required=False)  # acts.query cuts a long query itself
    type = forms.MultipleChoiceField(label=_("type"), required=False, choices=ActType.choices,
                                     widget=forms.CheckboxSelectMultiple)
    status = forms.MultipleChoiceField(label=_("status"), required=False, choices=ActStatus.choices,
                                       widget=forms.CheckboxSelectMultiple)
    date_from = forms.DateField(label=_("date from"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("date to"), required=False, widget=DATE_INPUT)
    convocation = LocalIntegerField(label=_("convocation"), required=False, min_value=1, max_value=30)
    session = LocalIntegerField(label=_("session"), required=False, min_value=1, max_value=999)
    unit = forms.TypedChoiceField(label=_("department"), required=False, coerce=int, empty_value=None)
    topic = forms.TypedChoiceField(label=_("topic"), required=False, coerce=int, empty_value=None)
    published = forms.ChoiceField(label=_("publication"), required=False, choices=PUBLISHED)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        from hromada.acts.models import Topic

        self.fields["unit"].choices = [("", _("all"))] + [
            (d.pk, d.name) for d in Department.objects.filter(hromada=hromada).order_by(uk("name"))]
        self.fields["topic"].choices = [("", _("all"))] + [
            (t.pk, t.name) for t in Topic.objects.filter(hromada=hromada).order_by(uk("name"))]

    def values(self) -> dict:
        """Cleaned values, each invalid one dropped (a bad date in the address bar shows all dates)."""
        self.is_valid()
        data = {"q": "", "type": [], "status": [], "date_from": None, "date_to": None, "convocation": None,
                "session": None, "unit": None, "topic": None, "published": "", "sort": ""}
        data.update(getattr(self, "cleaned_data", {}))
        data["q"] = (data["q"] or "").strip()
        data["sort"] = data["sort"] or "relevance"
        return data


class DeadlineFilterForm(forms.Form):
    KINDS = [("", _("all")), ("draft", _("drafts for discussion")), ("adopted", _("adopted acts"))]

    kind = forms.ChoiceField(label=_("kind"), required=False, choices=KINDS)
    due_from = forms.DateField(label=_("due from"), required=False, widget=DATE_INPUT)
    due_to = forms.DateField(label=_("due to"), required=False, widget=DATE_INPUT)

    def values(self) -> dict:
        self.is_valid()
        data = dict(getattr(self, "cleaned_data", {}))
        for name in self.fields:
            data.setdefault(name, None)
        return data
