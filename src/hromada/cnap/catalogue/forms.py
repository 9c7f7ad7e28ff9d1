"""Staff forms of the catalogue: a service's entry, its draft card (lists as one line per item), the approval."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.cnap.catalogue.cards import ACTIONS, DELIVERY, FIELD_KINDS
from hromada.cnap.models import Category, LifeSituation, Office, Service, TermUnit
from hromada.core.fields import LocalDecimalField, LocalIntegerField
from hromada.core.forms_base import TenantModelForm
from hromada.core.ukrtext import clean_text

SEPARATOR = "|"


class ServiceForm(TenantModelForm):
    tenant_fields = ("category",)

    class Meta:
        model = Service
        fields = ("title", "code", "category", "life_situations", "description", "offices", "online",
                  "verification_required", "duration_minutes", "is_active")
        widgets = {"life_situations": forms.CheckboxSelectMultiple, "offices": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, hromada=hromada, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(hromada=hromada)
        self.fields["life_situations"].queryset = LifeSituation.objects.filter(hromada=hromada)
        self.fields["offices"].queryset = Office.objects.filter(hromada=hromada)


def _lines(text: str) -> list[str]:
    """One item a line; a list pasted from Word (vertical tabs, stray control characters) reads the same."""
    return [line.strip() for line in clean_text(text or "").splitlines() if line.strip()]


def _parts(line: str, count: int) -> list[str]:
    parts = [p.strip() for p in line.split(SEPARATOR)]
    return (parts + [""] * count)[:count] if len(parts) <= count else parts


class CardForm(forms.Form):
    provider = forms.CharField(label=gettext_lazy("provider (суб'єкт надання)"), max_length=300, required=False)
    provider_unit = forms.CharField(label=gettext_lazy("providing unit"), max_length=300, required=False)
    documents = forms.CharField(
        label=gettext_lazy("documents and requirements"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("One document a line: «title | requirements»."))
    paid = forms.BooleanField(label=gettext_lazy("paid"), required=False)
    fee = LocalDecimalField(label=gettext_lazy("fee, UAH"), required=False, max_digits=10, decimal_places=2, places=2,
                             min_value=Decimal("0.01"))
    fee_basis = forms.CharField(label=gettext_lazy("basis of the fee (or of gratuitousness)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    fee_account = forms.CharField(label=gettext_lazy("account for the fee"), max_length=64, required=False)
    term_amount = LocalIntegerField(label=gettext_lazy("term"), min_value=1, max_value=3650)
    term_unit = forms.ChoiceField(label=gettext_lazy("term unit"), choices=TermUnit.choices)
    term_basis = forms.CharField(label=gettext_lazy("basis of the term"), max_length=400, required=False)
    result = forms.CharField(label=gettext_lazy("result"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=4000)
    delivery = forms.MultipleChoiceField(label=gettext_lazy("ways to receive the result"), required=False,
                                         choices=list(DELIVERY.items()), widget=forms.CheckboxSelectMultiple)
    legal_acts = forms.CharField(label=gettext_lazy("legal acts"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}), help_text=gettext_lazy("One a line."))
    refusal_grounds = forms.CharField(label=gettext_lazy("grounds for refusal"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 4}),
                                      help_text=gettext_lazy("One a line."))
    stages = forms.CharField(
        label=gettext_lazy("stages (technological card)"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("One stage a line: «stage | responsible official | unit | В, У, П or З | days»."))
    application_fields = forms.CharField(
        label=gettext_lazy("fields of the online application"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("One field a line: «name | label | kind | required (так/ні) | choices separated by "
                               ";». Kinds: text, textarea, date, number, choice, checkbox."))
    uploads = forms.CharField(
        label=gettext_lazy("documents attached online"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One document a line: «title | required (так/ні) | from Дія (так/ні)»."))

    @staticmethod
    def initial_from(card) -> dict:
        def join(rows, keys):
            return "\n".join(f" {SEPARATOR} ".join(str(r.get(k, "")) for k in keys) for r in rows)

        def yes(value) -> str:
            return "так" if value else "ні"

        return {
            "provider": card.provider, "provider_unit": card.provider_unit,
            "documents": join(card.documents, ("title", "requirements")), "paid": card.paid, "fee": card.fee,
            "fee_basis": card.fee_basis, "fee_account": card.fee_account, "term_amount": card.term_amount,
            "term_unit": card.term_unit, "term_basis": card.term_basis, "result": card.result,
            "delivery": card.delivery, "legal_acts": "\n".join(card.legal_acts),
            "refusal_grounds": "\n".join(card.refusal_grounds),
            "stages": join(card.stages, ("title", "responsible", "unit", "action", "days")),
            "application_fields": "\n".join(
                f" {SEPARATOR} ".join([f["name"], f.get("label", ""), f.get("kind", "text"), yes(f.get("required")),
                                       "; ".join(f.get("choices") or [])]) for f in card.application_fields),
            "uploads": "\n".join(f" {SEPARATOR} ".join([u["title"], yes(u.get("required")),
                                                        yes(u.get("diia_sharing"))]) for u in card.uploads),
        }

    def clean_documents(self):
        rows = []
        for line in _lines(self.cleaned_data["documents"]):
            title, requirements = _parts(line, 2)[:2]
            rows.append({"title": title, "requirements": requirements})
        return rows

    def clean_stages(self):
        rows = []
        for n, line in enumerate(_lines(self.cleaned_data["stages"]), 1):
            parts = _parts(line, 5)
            if len(parts) != 5:
                raise ValidationError(_("Line %(n)s: five parts separated by «|» are expected.") % {"n": n})
            title, responsible, unit, action, days = parts
            if action.upper() not in ACTIONS:
                raise ValidationError(_("Line %(n)s: the action is one of В, У, П, З.") % {"n": n})
            if not days.isdigit():
                raise ValidationError(_("Line %(n)s: the days are a whole number (0 for the same day).") % {"n": n})
            rows.append({"title": title, "responsible": responsible, "unit": unit, "action": action.upper(),
                         "days": int(days)})
        return rows

    def clean_application_fields(self):
        rows, names = [], set()
        for n, line in enumerate(_lines(self.cleaned_data["application_fields"]), 1):
            name, label, kind, required, choices = _parts(line, 5)[:5]
            if not name.isidentifier() or not name.isascii():
                raise ValidationError(_("Line %(n)s: the name is Latin letters, digits and «_».") % {"n": n})
            if name in names:
                raise ValidationError(_("Line %(n)s: the name «%(name)s» is used twice.") % {"n": n, "name": name})
            if kind not in FIELD_KINDS:
                raise ValidationError(_("Line %(n)s: the kind is one of %(kinds)s.")
                                      % {"n": n, "kinds": ", ".join(FIELD_KINDS)})
            names.add(name)
            row = {"name": name, "label": label or name, "kind": kind,
                   "required": required.lower() in ("так", "yes", "1", "true")}
            if kind == "choice":
                row["choices"] = [c.strip() for c in choices.split(";") if c.strip()]
            rows.append(row)
        return rows

    def clean_uploads(self):
        rows = []
        for line in _lines(self.cleaned_data["uploads"]):
            title, required, diia = _parts(line, 3)[:3]
            rows.append({"title": title, "required": required.lower() in ("так", "yes", "1", "true"),
                         "diia_sharing": diia.lower() in ("так", "yes", "1", "true")})
        return rows

    def clean_legal_acts(self):
        return _lines(self.cleaned_data["legal_acts"])

    def clean_refusal_grounds(self):
        return _lines(self.cleaned_data["refusal_grounds"])


class ApproveForm(forms.Form):
    act_number = forms.CharField(label=gettext_lazy("number of the act in the registry"), max_length=60,
                                 required=False)
    act_date = forms.DateField(label=gettext_lazy("date of the act"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    act_reference = forms.CharField(label=gettext_lazy("or the act as written (title, date, number)"),
                                    max_length=300, required=False)

    def find_act(self, hromada):
        from hromada.acts.models import Act
        from hromada.acts.numbers import number_key

        number, day = self.cleaned_data.get("act_number", "").strip(), self.cleaned_data.get("act_date")
        if not number:
            return None
        act = Act.objects.filter(hromada=hromada, number_key=number_key(number), date=day).first() if day else None
        if act is None:
            raise ValidationError(_("There is no act No. %(number)s of that date in the registry.")
                                  % {"number": number})
        return act
