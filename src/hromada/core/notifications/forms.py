"""Forms of the notification pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk_sort_key
from hromada.core.models.notifications import Channel, Delivery
from hromada.core.notifications.kinds import REGISTRY


def _kind_choices():
    return [("", _("all")), *sorted(((k.key, str(k.label)) for k in REGISTRY.values()),
                                    key=lambda c: uk_sort_key(c[1]))]


class DeliveryFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=_kind_choices)
    channel = forms.ChoiceField(label=_("channel"), required=False, choices=[("", _("all")), *Channel.choices])
    status = forms.ChoiceField(label=_("outcome"), required=False,
                               choices=[("", _("all")), *Delivery.Status.choices])
    date_from = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    recipient = forms.CharField(label=_("recipient"), required=False, max_length=100)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(_("The start of the period is after its end."))
        return data
