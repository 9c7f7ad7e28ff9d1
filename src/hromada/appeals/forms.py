"""Forms residents and requesters meet: an appeal, an information request, the publication of a thread."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.appeals.case_kinds import APPEAL_SUBKINDS
from hromada.core.cases import services
from hromada.core.ukrtext import normalise

ACCEPT = ".pdf,.docx,.odt,.rtf,.jpg,.jpeg,.png"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the engine checks each by its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def _name(value: str) -> str:
    """A name as stored (the engine stores it so too; here so the form shows what will be kept)."""
    return normalise(value or "")


class CaseFormMixin:
    """Puts the engine's field errors on the form's fields, the rest above the form."""

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            self.add_error(key if key in self.fields else None, messages)


class AppealForm(CaseFormMixin, forms.Form):
    subkind = forms.ChoiceField(label=_("Type of appeal"), choices=APPEAL_SUBKINDS, widget=forms.RadioSelect)
    subject = forms.CharField(label=_("Subject"), max_length=services.MAX_SUBJECT,
                              help_text=_("A few words: what the appeal is about."))
    text = forms.CharField(label=_("Text of the appeal"), max_length=services.MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("The essence of the matter: what happened, what you propose or ask for."))
    category = forms.ChoiceField(label=_("Category"), required=False)
    applicant_name = forms.CharField(label=_("Surname, name and patronymic"), max_length=200)
    applicant_address = forms.CharField(
        label=_("Place of residence"), max_length=300,
        help_text=_("The law requires it (Art. 5 of the Law «Про звернення громадян»)."))
    attachments = MultipleFileField(
        label=_("Files"), required=False,
        help_text=_("Up to %(n)s files: PDF, DOCX, ODT, RTF documents or JPEG/PNG scans, each up to %(mb)s MB.")
        % {"n": services.MAX_ATTACHMENTS, "mb": services.MAX_ATTACHMENT_BYTES // 2**20})
    priority = forms.BooleanField(
        label=_("I have the right to have my appeal considered first (Art. 20)"), required=False,
        help_text=_("Heroes of Ukraine, people with disabilities due to the war, participants of hostilities and "
                    "others the law names."))
    priority_ground = forms.CharField(label=_("Ground of priority"), max_length=200, required=False,
                                      help_text=_("For example: participant of hostilities, certificate No."))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {str(category.pk): category for category in categories}
        self.fields["category"].choices = [("", _("— not chosen —"))] + [
            (key, category.name) for key, category in self.categories.items()]
        if not self.categories:
            del self.fields["category"]

    def clean_applicant_name(self):
        return _name(self.cleaned_data["applicant_name"])

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > services.MAX_ATTACHMENTS:
            raise ValidationError(_("Attach at most %(n)s files.") % {"n": services.MAX_ATTACHMENTS})
        uploads = []
        for item in files:
            try:
                upload = services.read_upload(item)
                services.check_upload(upload)
            except ValidationError as error:
                raise ValidationError(error.messages[0]) from None
            uploads.append(upload)
        return uploads

    def clean(self):
        data = super().clean()
        if data.get("priority") and not (data.get("priority_ground") or "").strip():
            self.add_error("priority_ground", _("Name the ground of priority (the benefit the applicant holds)."))
        return data

    def case_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "subkind": data["subkind"], "subject": data["subject"], "text": data["text"],
            "category": self.categories.get(data.get("category") or ""),
            "applicant_name": data["applicant_name"], "applicant_address": data["applicant_address"],
            "priority": data["priority"], "priority_ground": data["priority_ground"] if data["priority"] else "",
            "attachments": data["attachments"],
        }


class InfoRequestForm(CaseFormMixin, forms.Form):
    applicant_name = forms.CharField(label=_("Your name (or the name of the organisation)"), max_length=200)
    applicant_email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    applicant_address = forms.CharField(label=_("Postal address"), max_length=300, required=False)
    applicant_phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=services.MAX_SUBJECT, required=False,
                              help_text=_("Optional: a few words; otherwise the start of the description is used."))
    text = forms.CharField(label=_("What information do you request"), max_length=services.MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Describe the information or name the document (Art. 19 part 5)."))
    urgent = forms.BooleanField(
        label=_("Urgent request: answer within 48 hours"), required=False,
        help_text=_("Only when the information is needed to protect life or freedom, about the state of the "
                    "environment, food quality, accidents and disasters (Art. 20 part 2)."))
    urgent_ground = forms.CharField(label=_("Why the request is urgent"), max_length=300, required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    publish_requested = forms.BooleanField(
        label=_("I agree that my request and the answer are published on this site as a public thread, after my "
                "personal data are removed"), required=False)
    # A field people do not see (the «hidden» attribute); a robot that fills in every field fills it in too.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    CONTACT_FIELDS = ("applicant_email", "applicant_address", "applicant_phone")

    def clean_applicant_name(self):
        return _name(self.cleaned_data["applicant_name"])

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(_("The request could not be sent. If you are not a robot, clear the hidden "
                                    "“website” field or call the council."), code="honeypot")
        if not any(data.get(name) for name in self.CONTACT_FIELDS) and not any(
                name in self.errors for name in self.CONTACT_FIELDS):
            self.add_error("applicant_email", _("Give an e-mail, a postal address or a phone for the answer "
                                                "(Art. 19)."))
        if data.get("urgent") and not (data.get("urgent_ground") or "").strip():
            self.add_error("urgent_ground", _("Say why the request is urgent, or untick «urgent»."))
        return data

    def case_fields(self) -> dict:
        data = self.cleaned_data
        text = data["text"]
        subject = data["subject"] or " ".join(text.split())[:120]
        return {
            "applicant_name": data["applicant_name"], "applicant_email": data["applicant_email"],
            "applicant_address": data["applicant_address"], "applicant_phone": data["applicant_phone"],
            "subject": subject, "text": text, "urgent": data["urgent"],
            "urgent_ground": data["urgent_ground"] if data["urgent"] else "",
            "publish_requested": data["publish_requested"],
        }


class InfoRequestSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the requests"), max_length=200, required=False)


class PublishForm(CaseFormMixin, forms.Form):
    public_text = forms.CharField(label=_("Published text of the request"), max_length=services.MAX_TEXT,
                                  widget=forms.Textarea(attrs={"rows": 12}))
    public_answer = forms.CharField(label=_("Published text of the answer"), max_length=services.MAX_TEXT * 5,
                                    required=False, widget=forms.Textarea(attrs={"rows": 12}))


class UnpublishForm(CaseFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why the thread is withdrawn"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
