"""Forms of the portal: the staff's contacts editor and the public feedback form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.portal import services
from hromada.portal.models import WEEKDAYS, FeedbackMessage

SLOT_LABELS = {
    "open": _("opens"), "close": _("closes"), "break_start": _("lunch break from"), "break_end": _("lunch break to"),
}
SCHEDULES = (("hours", _("Reception hours of the council")), ("cnap_hours", _("ЦНАП hours")))


class PhonesField(forms.CharField):
    """One phone a line, optionally «label: number»; stored as a list of {"label", "number": "+380…"}."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{p['label']}: {p['number']}" if p.get("label") else p["number"] for p in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        pairs = []
        for line in (text or "").splitlines():
            line = line.strip()
            if not line:
                continue
            label, _sep, number = line.rpartition(":")
            pairs.append((label, number.strip()))
        return services.normalize_phones(pairs)


class ContactsForm(forms.Form):
    official_name = forms.CharField(label=_("Official name of the council"), max_length=300, required=False,
                                    help_text=_("Leave empty to use the council's name from the hromada profile."))
    postal_address = forms.CharField(label=_("Postal address"), max_length=500, required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}),
                                     help_text=_("With the postcode, for example: вул. Центральна, 1, с. Могилів, "
                                                 "51000."))
    phones = PhonesField(label=_("Phones"), required=False,
                         help_text=_("One number a line, optionally with a label before a colon, for example "
                                     "«Приймальня: (0569) 12-34-56»."))
    email = forms.EmailField(label=_("E-mail"), required=False)
    head_reception = forms.CharField(label=_("The head's reception of citizens"), max_length=1000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}),
                                     help_text=_("For example: every Thursday 9:00–12:00, room 5; sign up by "
                                                 "phone."))
    cnap_address = forms.CharField(label=_("ЦНАП address"), max_length=500, required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    feedback_email = forms.EmailField(
        label=_("E-mail for feedback about the site"), required=False,
        help_text=_("Messages about the site's content, errors and other matters go here instead of the hromada "
                    "administrators; messages about accessibility go to both."))

    TEXT_FIELDS = ("official_name", "postal_address", "phones", "email", "head_reception", "cnap_address",
                   "feedback_email")

    def __init__(self, *args, instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            initial = {name: getattr(instance, name) for name in self.TEXT_FIELDS}
            for prefix, _title in SCHEDULES:
                for day, slots in (getattr(instance, prefix) or {}).items():
                    for slot, value in slots.items():
                        initial[f"{prefix}_{day}_{slot}"] = value
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        for prefix, _title in SCHEDULES:
            for day, day_label in WEEKDAYS:
                for slot, slot_label in SLOT_LABELS.items():
                    self.fields[f"{prefix}_{day}_{slot}"] = forms.TimeField(
                        label=f"{day_label}: {slot_label}", required=False, input_formats=["%H:%M", "%H.%M"],
                        # Named by aria-label: a visually hidden <label> (position: absolute) in a cell would
                        # widen the page at 320 px, out of reach of the table's own scrolling box.
                        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time",
                                                                      "aria-label": f"{day_label}: {slot_label}"}),
                        error_messages={"invalid": _("Enter a time as HH:MM.")},
                    )

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean_feedback_email(self):
        return self.cleaned_data["feedback_email"].lower()

    def schedule_rows(self, prefix: str) -> list[tuple[str, list]]:
        return [(label, [self[f"{prefix}_{day}_{slot}"] for slot in SLOT_LABELS]) for day, label in WEEKDAYS]

    def schedules(self):
        return [(prefix, title, self.schedule_rows(prefix)) for prefix, title in SCHEDULES]

    def clean(self):
        data = super().clean()
        for prefix, _title in SCHEDULES:
            schedule = {}
            for day, _label in WEEKDAYS:
                names = {slot: f"{prefix}_{day}_{slot}" for slot in SLOT_LABELS}
                if any(name in self.errors for name in names.values()):
                    continue
                slots = {slot: data[name].strftime("%H:%M") if data.get(name) else "" for slot, name in names.items()}
                if any(slots.values()):
                    schedule[day] = slots
            for (day, slot), message in services.schedule_errors(schedule).items():
                self.add_error(f"{prefix}_{day}_{slot}", message)
            data[prefix] = schedule
        return data

    def contact_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in (*self.TEXT_FIELDS, "hours", "cnap_hours")}


class FeedbackForm(forms.Form):
    topic = forms.ChoiceField(label=_("What is it about"), choices=FeedbackMessage.Topic.choices,
                              widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 8, "maxlength": services.MESSAGE_MAX}),
        help_text=_("From %(min)s to %(max)s characters. If something is hard to use, say what you were doing "
                    "and with what (for example, a screen reader or a phone).")
        % {"min": services.MESSAGE_MIN, "max": services.MESSAGE_MAX})
    page = forms.CharField(label=_("The page it concerns"), max_length=500, required=False,
                           help_text=_("The address of the page, if the message is about one."))
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    contact = forms.CharField(
        label=_("E-mail or phone for an answer"), max_length=254, required=False,
        help_text=_("Optional, but without it we cannot answer you."))
    consent = forms.BooleanField(
        label=_("I agree to the processing of my name and contact details to answer this message (Law of Ukraine "
                "“On Personal Data Protection”)"),
        required=False, help_text=_("Required when you give contact details."))
    # A field people do not see (the «hidden» attribute); a robot that fills in every field fills it in too.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(_("The message could not be sent. If you are not a robot, clear the hidden "
                                    "“website” field or call the council."), code="honeypot")
        try:
            checked = services.check_feedback(
                topic=data.get("topic", ""), name=data.get("name", ""), contact=data.get("contact", ""),
                message=data.get("message", ""), page=data.get("page", ""), consent=data.get("consent", False))
        except ValidationError as error:
            # The fields' own errors (required, too long, a null character) come first and stay alone.
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        else:
            if not self.errors:
                data.update(checked)
        return data

    def feedback_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("topic", "name", "contact", "message", "page", "consent")}


class FeedbackFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("all")), *FeedbackMessage.Status.choices])
    topic = forms.ChoiceField(label=_("Topic"), required=False,
                              choices=[("", _("all")), *FeedbackMessage.Topic.choices])
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
