"""Forms of the software pages: they read and check what a person typed; the services decide and write."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hromada.core.fields import LocalDecimalField, LocalIntegerField
from hromada.core.forms_base import LocalModelForm, TenantModelForm
from hromada.core.models import Institution, RoleAssignment
from hromada.core.roles import STAFF_ROLES
from hromada.core.ukrtext import search_key
from hromada.itassets.models import Equipment, Installation, Licence, Software, SoftwareProfile
from hromada.itassets.software import selectors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANY = ("", _("any"))


def staff_people(hromada):
    """Active accounts with a staff role in the hromada (who may be responsible or hold a seat)."""
    ids = RoleAssignment.objects.filter(hromada=hromada, role__in=STAFF_ROLES).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("full_name", "pk")


class ServiceValidated:
    """A ModelForm whose instance is checked by the service, not by the model's own validation (which would
    report a check constraint in words no one understands): the typed values are only put on the instance."""

    def _post_clean(self):
        opts = self._meta
        try:
            self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)
        except ValidationError as error:
            self._update_errors(error)


def person_label(user) -> str:
    return user.full_name or user.login


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class SoftwareForm(ServiceValidated, TenantModelForm):
    class Meta:
        model = Software
        fields = ("name", "vendor", "kind", "free", "current_version", "minimum_version", "support_ends_on",
                  "notes")
        widgets = {"support_ends_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "minimum_version": _("Installations of an older version are counted as outdated. Numbers separated by "
                                 "dots, e.g. 10.0.19045."),
            "support_ends_on": _("From the next day the installations are counted as unsupported."),
        }


class LicenceForm(ServiceValidated, TenantModelForm):
    tenant_fields = ("software", "institution")

    seats = LocalIntegerField(label=_("seats"), required=False, min_value=1,
                              help_text=_("Leave empty for an unlimited licence."))
    cost = LocalDecimalField(label=_("cost, UAH"), required=False, min_value=0, max_digits=14, decimal_places=2,
                             places=2, help_text=_("For example, 12 000,50."))
    document = forms.FileField(label=_("licence document"), required=False,
                               help_text=_("PDF, JPEG or PNG, up to 10 MB. Seen only by the staff."),
                               widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
    responsible = PersonChoiceField(label=_("responsible"), queryset=get_user_model().objects.none(),
                                    required=False, help_text=_("Gets the reminders before the licence expires."))

    class Meta:
        model = Licence
        fields = ("software", "kind", "seats", "starts_on", "expires_on", "cost", "funding_source", "supplier",
                  "contract", "key_reference", "institution", "responsible", "notes")
        widgets = {"starts_on": DATE, "expires_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"key_reference": _("Where the licence key is kept (a safe, a folder). Never the key itself.")}

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, hromada=hromada, **kwargs)
        self.fields["software"].queryset = selectors.titles(hromada).order_by("name_key", "pk")
        self.fields["software"].label = _("software title")
        self.fields["software"].empty_label = "—"
        self.fields["institution"].queryset = Institution.objects.filter(hromada=hromada)
        self.fields["institution"].empty_label = _("the council itself")
        self.fields["responsible"].empty_label = "—"
        self.fields["responsible"].queryset = staff_people(hromada)
        self.fields["document"].widget = forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})
        if self.instance.pk and self.instance.document:
            self.fields["drop_document"] = forms.BooleanField(label=_("delete the current document"),
                                                              required=False)


class SeatForm(forms.Form):
    HOLDERS = (("computer", _("a computer")), ("account", _("a member of staff (account)")),
               ("person", _("a person (by name)")))

    holder = forms.ChoiceField(label=_("give the seat to"), choices=HOLDERS, widget=forms.RadioSelect,
                               initial="computer")
    inventory_number = forms.CharField(label=_("inventory number of the computer"), max_length=50, required=False)
    user = PersonChoiceField(label=_("account"), queryset=get_user_model().objects.none(), required=False,
                             empty_label="—")
    person_name = forms.CharField(label=_("person"), max_length=150, required=False,
                                  help_text=_("As written in the equipment register as the person the computer "
                                              "is assigned to."))
    assigned_on = forms.DateField(label=_("assigned on"), required=False, widget=DATE,
                                  help_text=_("Today, if left empty."))

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.hromada = hromada
        self.fields["user"].queryset = staff_people(hromada)

    def clean(self):
        data = super().clean()
        holder = data.get("holder")
        data["equipment"] = None
        if holder == "computer":
            number = (data.get("inventory_number") or "").strip()
            if not number:
                self.add_error("inventory_number", _("Give the computer's inventory number."))
            else:
                found = find_computer(self.hromada, number)
                if found is None:
                    self.add_error("inventory_number", _("There is no computer with this inventory number."))
                data["equipment"] = found
            data["user"], data["person_name"] = None, ""
        elif holder == "account":
            if data.get("user") is None:
                self.add_error("user", _("Choose the account."))
            data["person_name"] = ""
        elif holder == "person":
            if not (data.get("person_name") or "").strip():
                self.add_error("person_name", _("Give the person's name."))
            data["user"] = None
        return data


def find_computer(hromada, number: str) -> Equipment | None:
    """The computer with this inventory number: as typed, else by its search key (letters' case, look-alikes)."""
    from hromada.itassets.equipment.services import normalise_inventory_number

    qs = Equipment.objects.filter(hromada=hromada, category__in=selectors.COMPUTING)
    found = qs.filter(inventory_number__in={number.strip(), normalise_inventory_number(number)}).first()
    if found is not None:
        return found
    key = search_key(number)
    if not key:
        return None
    # A typed «інв-12а» for «ІНВ-12А»: compare the folded forms of the numbers that share the digits.
    digits = "".join(ch for ch in number if ch.isdigit())
    candidates = qs.filter(inventory_number__contains=digits) if digits else qs.none()
    matches = [item for item in candidates[:50] if search_key(item.inventory_number) == key]
    return matches[0] if len(matches) == 1 else None


class ReleaseForm(forms.Form):
    released_on = forms.DateField(label=_("released on"), required=False, widget=DATE,
                                  help_text=_("Today, if left empty."))


class InstallationForm(ServiceValidated, LocalModelForm):
    class Meta:
        model = Installation
        fields = ("software", "version", "installed_on")
        widgets = {"installed_on": DATE}

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["software"].queryset = selectors.titles(hromada).order_by("name_key", "pk")
        self.fields["software"].label = _("software title")
        self.fields["software"].empty_label = "—"


class InstallationEditForm(ServiceValidated, LocalModelForm):
    class Meta:
        model = Installation
        fields = ("version", "installed_on")
        widgets = {"installed_on": DATE}


class ProfileForm(ServiceValidated, TenantModelForm):
    class Meta:
        model = SoftwareProfile
        fields = ("name", "hardware", "description")
        widgets = {"hardware": forms.Textarea(attrs={"rows": 5}), "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"hardware": _("The computer the job needs, e.g. processor, memory, disk, monitor, UPS.")}


class ProfileItemForm(forms.Form):
    software = forms.ModelChoiceField(label=_("software title"), queryset=Software.objects.none(), empty_label="—")
    minimum_version = forms.CharField(label=_("at least version"), max_length=50, required=False,
                                      help_text=_("Empty: the title's oldest supported version applies."))

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["software"].queryset = selectors.titles(hromada).order_by("name_key", "pk")


class AssignProfileForm(forms.Form):
    profile = forms.ModelChoiceField(label=_("job profile"), queryset=SoftwareProfile.objects.none(),
                                     required=False, empty_label=_("— none —"))

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = selectors.profiles(hromada)


# --- filters ----------------------------------------------------------------------------------------------


class TitleFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[ANY, *Software.Kind.choices])
    free = forms.ChoiceField(label=_("licence needed"), required=False,
                             choices=[ANY, ("no", _("needs a licence")), ("yes", _("free or open source"))])
    problem = forms.ChoiceField(label=_("state"), required=False,
                                choices=[ANY, ("unlicensed", _("with unlicensed installations")),
                                         ("outdated", _("with outdated installations"))])


class LicenceFilterForm(forms.Form):
    STATES = (("expiring", _("expiring within 60 days")), ("expired", _("expired")),
              ("in_force", _("in force")), ("full", _("no free seats")))
    q = forms.CharField(label=_("search"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("state"), required=False, choices=[ANY, *STATES])
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[ANY, *Licence.Kind.choices])
    software = forms.TypedChoiceField(label=_("software"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["software"].choices = [ANY] + [(pk, name) for pk, name in selectors.titles(hromada)
                                                   .order_by("name_key", "pk").values_list("pk", "name")]


class ComplianceFilterForm(forms.Form):
    STATUSES = ((selectors.UNLICENSED, pgettext_lazy("software", "unlicensed")),
                (selectors.OUTDATED, pgettext_lazy("software", "outdated")),
                (selectors.UNSUPPORTED, pgettext_lazy("software", "vendor support ended")),
                (selectors.UNJUDGED, pgettext_lazy("software", "version not judged")),
                (selectors.LICENSED, pgettext_lazy("software", "licensed")))
    status = forms.ChoiceField(label=_("state"), required=False,
                               choices=[("", _("unlicensed, outdated or unsupported")), *STATUSES])
    software = forms.TypedChoiceField(label=_("software"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[ANY, *Software.Kind.choices])
    institution = forms.TypedChoiceField(label=_("institution"), required=False, coerce=int, empty_value=None)
    q = forms.CharField(label=_("inventory number or person"), required=False, max_length=100)

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["software"].choices = [ANY] + [(pk, name) for pk, name in selectors.titles(hromada)
                                                   .order_by("name_key", "pk").values_list("pk", "name")]
        self.fields["institution"].choices = [ANY, ("0", _("the council itself"))] + [
            (pk, name) for pk, name in Institution.objects.filter(hromada=hromada).values_list("pk", "name")]


class ComputersFilterForm(forms.Form):
    q = forms.CharField(label=_("inventory number, name or person"), required=False, max_length=100)
