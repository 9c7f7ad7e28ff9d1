"""Writes of online applications: filing (a case of the core engine), the ЦНАП's stages, corrections, the
result into the cabinet or for pick-up, refusal on a ground of the card.

Stages: submitted → accepted (the administrator checked the documents) → with the provider → result ready →
issued; corrections may be asked at any open stage and the resident resubmits; a refusal names a ground of the
card. The term keeps running while corrections are asked: the Law «Про адміністративні послуги» provides no
suspension (a service whose own law does is not yet modelled).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts import eligibility
from hromada.accounts.models import Membership
from hromada.cnap.applications import case_kind, notices
from hromada.cnap.models import Application, ApplicationStatus, Delivery, Office, Service
from hromada.core import audit
from hromada.core.cases import services as cases
from hromada.core.models import AuditEntry, CaseAttachment, CaseChannel, CaseOutcome
from hromada.core.services import check_can
from hromada.core.ukrtext import clean_text

OPEN = (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED, ApplicationStatus.WITH_PROVIDER,
        ApplicationStatus.CORRECTIONS, ApplicationStatus.READY)
MAX_VALUE = 2000
TRANSITIONS = {
    "accept": ((ApplicationStatus.SUBMITTED,), ApplicationStatus.ACCEPTED),
    "forward": ((ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED), ApplicationStatus.WITH_PROVIDER),
}


def clean_answers(card, data: dict) -> tuple[dict, dict]:
    """The form's answers checked against the card's fields: (answers, errors by field name)."""
    answers, errors = {}, {}
    for field in card.application_fields or []:
        name, kind = field["name"], field.get("kind", "text")
        raw = data.get(name)
        # Text pasted from Word keeps its line breaks and loses its control characters (vertical tab, form feed).
        value = "" if raw is None else clean_text(str(raw)).strip()
        if kind == "checkbox":
            answers[name] = value.lower() in ("1", "true", "on", "yes", "так")
            if field.get("required") and not answers[name]:
                errors[name] = _("Confirm this to apply.")
            continue
        if not value:
            if field.get("required"):
                errors[name] = _("Fill in «%(label)s».") % {"label": field.get("label", name)}
            continue
        if len(value) > MAX_VALUE:
            errors[name] = _("At most %(n)s characters.") % {"n": MAX_VALUE}
        elif kind == "date":
            try:
                value = date.fromisoformat(value).isoformat()
            except ValueError:
                errors[name] = _("Enter a date as YYYY-MM-DD.")
        elif kind == "number":
            try:
                value = str(int(value.replace(" ", "")))
            except ValueError:
                errors[name] = _("Enter a whole number.")
        elif kind == "choice" and value not in (field.get("choices") or []):
            errors[name] = _("Choose one of the options.")
        answers[name] = value
    return answers, errors


def text_of(card, answers: dict) -> str:
    lines = []
    for field in card.application_fields or []:
        value = answers.get(field["name"])
        if value in (None, ""):
            continue
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        lines.append(f"{field.get('label', field['name'])}: {value}")
    return "\n".join(lines) or _("Application for «%(service)s».") % {"service": card.service.title}


def check_applicant(service: Service, user, hromada) -> None:
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Sign in to apply online."))
    if service.verification_required:
        decision = eligibility.check(user, hromada, "apply")
        if not decision:
            raise PermissionDenied(decision.reason)
    elif not Membership.objects.filter(user=user, hromada=hromada).exists():
        raise PermissionDenied(_("You do not have a resident account in this hromada. Open one in your cabinet."))


def apply(service: Service, *, user, hromada, data: dict, uploads: dict, delivery: str = Delivery.CABINET,
          pickup_office: Office | None = None, channel: str = CaseChannel.PORTAL) -> Application:
    """File an online application; ``uploads`` maps an upload's title (from the card) to a cases.Upload."""
    if service.hromada_id != hromada.pk or not service.is_active or service.card_id is None:
        raise ValidationError(_("There is no such service in the catalogue."))
    if not service.online:
        raise ValidationError(_("This service cannot be applied for online; book a visit to the ЦНАП."))
    check_applicant(service, user, hromada)
    card = service.card
    answers, errors = clean_answers(card, data)
    wanted = {u["title"]: u for u in card.uploads or []}
    for title, spec in wanted.items():
        if spec.get("required") and title not in uploads:
            errors[f"upload:{title}"] = _("Attach «%(title)s».") % {"title": title}
    for title in uploads:
        if title not in wanted:
            errors["uploads"] = _("The card asks for no document «%(title)s».") % {"title": title}
    if delivery not in Delivery.values:
        errors["delivery"] = _("Choose how to receive the result.")
    elif delivery == Delivery.OFFICE and (pickup_office is None or pickup_office.hromada_id != hromada.pk
                                          or not service.offices.filter(pk=pickup_office.pk, is_active=True).exists()):
        errors["pickup_office"] = _("Choose an office that provides the service.")
    if errors:
        raise ValidationError(errors)
    files = []
    for title, upload in uploads.items():
        upload.name = upload.name or title
        files.append(upload)
    with transaction.atomic():
        case = cases.register_case(
            hromada, kind=case_kind.KIND, actor=user, applicant=user, channel=channel,
            subject=service.title[:300], text=text_of(card, answers),
            subkind=f"{case_kind.SUBKIND_PREFIX}{service.pk}", attachments=files)
        application = Application.objects.create(
            hromada=hromada, service=service, card=card, case=case, applicant=user,
            answers=answers | {"_uploads": {t: u.name for t, u in uploads.items()}}, delivery=delivery,
            pickup_office=pickup_office if delivery == Delivery.OFFICE else None, submitted_at=case.received_at)
        audit.record(AuditEntry.Action.CREATE, application, actor=user, hromada=hromada,
                     changes={"service": [None, service.title], "case": [None, case.number]})
    transaction.on_commit(lambda: notices.tell_staff(application.pk, "submitted"))
    return application


def _locked(application: Application, hromada) -> Application:
    if application.hromada_id != hromada.pk:
        raise PermissionDenied
    return Application.objects.select_for_update().select_related("case", "service", "card").get(
        pk=application.pk)


def _move(application: Application, to: str, actor, hromada, **changes) -> Application:
    before = application.status
    application.status = to
    for name, value in changes.items():
        setattr(application, name, value)
    application.save()
    audit.record(AuditEntry.Action.UPDATE, application, actor=actor, hromada=hromada,
                 changes={"status": [before, to]})
    return application


@transaction.atomic
def advance(application: Application, action: str, *, actor, hromada) -> Application:
    """accept (the ЦНАП checked the documents) or forward (to the provider's unit)."""
    check_can(actor, hromada, "cnap.applications_process")
    application = _locked(application, hromada)
    allowed, to = TRANSITIONS[action]
    if application.status not in allowed:
        raise ValidationError(_("The application is «%(status)s»; this step does not apply.")
                              % {"status": application.get_status_display()})
    _move(application, to, actor, hromada)
    transaction.on_commit(lambda: notices.tell_applicant(application.pk, to))
    return application


@transaction.atomic
def ask_corrections(application: Application, *, actor, hromada, note: str) -> Application:
    check_can(actor, hromada, "cnap.applications_process")
    application = _locked(application, hromada)
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED,
                                  ApplicationStatus.WITH_PROVIDER):
        raise ValidationError(_("Corrections can be asked only while the application is being processed."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what to correct or add.")})
    _move(application, ApplicationStatus.CORRECTIONS, actor, hromada, corrections_note=note.strip()[:2000])
    transaction.on_commit(lambda: notices.tell_applicant(application.pk, ApplicationStatus.CORRECTIONS))
    return application


@transaction.atomic
def resubmit(application: Application, *, user, hromada, data: dict, uploads: dict) -> Application:
    """The resident sends corrected answers and the documents asked for."""
    application = _locked(application, hromada)
    if application.applicant_id != getattr(user, "pk", None):
        raise PermissionDenied
    if application.status != ApplicationStatus.CORRECTIONS:
        raise ValidationError(_("No corrections are asked for this application."))
    answers, errors = clean_answers(application.card, data)
    wanted = {u["title"] for u in application.card.uploads or []}
    if any(title not in wanted for title in uploads):
        errors["uploads"] = _("Attach only the documents the card asks for.")
    if errors:
        raise ValidationError(errors)
    stored = dict(application.answers.get("_uploads", {}))
    for title, upload in uploads.items():
        cases.attach_for_module(application.case, actor=user, hromada=hromada, upload=upload,
                                role=CaseAttachment.Role.APPLICANT)
        stored[title] = upload.name
    _move(application, ApplicationStatus.SUBMITTED, user, hromada, answers=answers | {"_uploads": stored},
          corrections_note="")
    transaction.on_commit(lambda: notices.tell_staff(application.pk, "resubmitted"))
    return application


@transaction.atomic
def result_ready(application: Application, *, actor, hromada, text: str, upload=None) -> Application:
    """The provider's result: into the cabinet (then it is issued at once) or waiting at the pick-up office."""
    check_can(actor, hromada, "cnap.applications_process")
    application = _locked(application, hromada)
    if application.status not in (ApplicationStatus.ACCEPTED, ApplicationStatus.WITH_PROVIDER):
        raise ValidationError(_("The result is recorded once the application is accepted."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Describe the result.")})
    if application.delivery == Delivery.CABINET and upload is None:
        raise ValidationError({"file": _("Attach the result: it is delivered into the resident's cabinet.")})
    if upload is not None:
        cases.attach_for_module(application.case, actor=actor, hromada=hromada, upload=upload)
    cases.record_body_answer(application.case, actor=actor, hromada=hromada, text=text.strip(),
                             outcome=CaseOutcome.SATISFIED)
    if application.delivery == Delivery.CABINET:
        _move(application, ApplicationStatus.ISSUED, actor, hromada, issued_at=timezone.now())
    else:
        _move(application, ApplicationStatus.READY, actor, hromada)
    transaction.on_commit(lambda: notices.tell_applicant(application.pk, application.status))
    return application


@transaction.atomic
def issue(application: Application, *, actor, hromada) -> Application:
    """The resident collected the result at the office."""
    check_can(actor, hromada, "cnap.applications_process")
    application = _locked(application, hromada)
    if application.status != ApplicationStatus.READY:
        raise ValidationError(_("There is no result waiting to be collected."))
    return _move(application, ApplicationStatus.ISSUED, actor, hromada, issued_at=timezone.now())


@transaction.atomic
def refuse(application: Application, *, actor, hromada, ground: str, text: str) -> Application:
    """Refuse on a ground the card lists (Art. 5: the grounds for refusal are the law's)."""
    check_can(actor, hromada, "cnap.applications_process")
    application = _locked(application, hromada)
    if application.status not in OPEN or application.status == ApplicationStatus.READY:
        raise ValidationError(_("This application is no longer open for a decision."))
    if ground not in (application.card.refusal_grounds or []):
        raise ValidationError({"ground": _("Choose a ground for refusal from the card.")})
    reason = (text or "").strip()
    cases.record_body_answer(application.case, actor=actor, hromada=hromada,
                             text=_("Refused: %(ground)s.") % {"ground": ground} + (f"\n{reason}" if reason else ""),
                             outcome=CaseOutcome.REJECTED)
    _move(application, ApplicationStatus.REFUSED, actor, hromada)
    transaction.on_commit(lambda: notices.tell_applicant(application.pk, ApplicationStatus.REFUSED))
    return application
