"""Forms of e-petition pages: thin, the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.participation.models import PetitionStatus, Position
from hromada.participation.petitions.selectors import PUBLIC_STATUSES
from hromada.participation.petitions.services import MAX_TEXT, MAX_TITLE, REFUSAL_GROUNDS


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("status"), required=False)
    order = forms.ChoiceField(label=_("order"), required=False, choices=[
        ("new", _("newest first")), ("ending", _("ending soon")), ("popular", _("most signatures"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(PetitionStatus.choices)
        self.fields["status"].choices = [("", _("all"))] + [(key, labels[key]) for key in PUBLIC_STATUSES]


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("status"), required=False,
                               choices=[("", _("all"))] + [c for c in PetitionStatus.choices if c[0] != "draft"])


class PetitionForm(forms.Form):
    # The service enforces the limits with its own Ukrainian message (the form's would name another number).
    title = forms.CharField(label=_("Title"), widget=forms.TextInput(attrs={"maxlength": MAX_TITLE}),
                            error_messages={"required": _("Give the petition a title.")},
                            help_text=_("Up to 200 characters: what the petition asks for."))
    text = forms.CharField(label=_("Text of the petition"),
                           error_messages={"required": _("State the essence of the petition.")},
                           widget=forms.Textarea(attrs={"rows": 12, "maxlength": MAX_TEXT}),
                           help_text=_("The essence: what the problem is and what the council should do."))


class SignForm(forms.Form):
    kep_signature = forms.CharField(
        label=_("Qualified e-signature of the petition text (optional)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A detached CAdES signature in base64, made with a КЕП or Дія.Підпис. Not required."))
    kep_subject = forms.CharField(label=_("Signer named in the certificate (optional)"), required=False,
                                  max_length=300)


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=REFUSAL_GROUNDS, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    confirmed = forms.BooleanField(label=_("I confirm: the petition will not be published"), required=True)


class AnswerForm(forms.Form):
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20_000)
    agenda_item = forms.ChoiceField(label=_("Agenda item of the council session"), required=False)
    decision = forms.ChoiceField(label=_("Adopted act"), required=False)

    def __init__(self, *args, items=(), acts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = [("", "—")] + [(str(i.pk), f"{i.session} — {i}") for i in items]
        self.fields["decision"].choices = [("", "—")] + [(str(a.pk), str(a)) for a in acts]
