"""Embedded PDF (PAdES) signatures of an act: who signed, when, and whether it still holds.

The registry calls `verify_pdf(data)` and stores the resulting `SignatureReport` (a JSON dict) beside
the act. Checking is delegated to verifiers chosen per signature, because pyHanko (through
`cryptography`) verifies RSA, ECDSA and EdDSA but not the Ukrainian DSTU 4145: a UAPKI-backed
verifier can be appended to the setting ACTS_SIGNATURE_VERIFIERS later without touching the registry.
A signature that no verifier handles is reported "indeterminate", never an error.

Validation is offline: nothing is fetched from the network (`allow_fetching=False`, so no OCSP, CRL or
certificate downloads) and revocation is checked only against data embedded in the file. A certificate
is trusted only if it chains to a certificate in the directory ACTS_SIGNATURE_TRUST_ROOTS; without
that directory nothing is trusted and intact signatures are "indeterminate".

pyHanko's synchronous API runs its own event loop: call `verify_pdf` from synchronous code (services,
background tasks), not from inside a running event loop.
"""

from __future__ import annotations

import io
import logging
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from asn1crypto import pem, x509
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DEFAULT_VERIFIERS = ("hromada.acts.signatures.PyHankoVerifier",)
STATUSES = ("valid", "invalid", "indeterminate")
DSTU_4145_OID_PREFIX = "1.2.804.2.1.1.1.1.3."  # DSTU 4145 with GOST 34.311 (.1) or DSTU 7564 (.6)

_SIGNATURE_NAMES = {
    "rsassa_pkcs1v15": "RSA",
    "rsassa_pss": "RSA-PSS",
    "ecdsa": "ECDSA",
    "dsa": "DSA",
    "ed25519": "Ed25519",
    "ed448": "Ed448",
}
_DIGEST_NAMES = {
    "sha1": "SHA-1",
    "sha224": "SHA-224",
    "sha256": "SHA-256",
    "sha384": "SHA-384",
    "sha512": "SHA-512",
    "sha3_256": "SHA3-256",
    "sha3_384": "SHA3-384",
    "sha3_512": "SHA3-512",
}


@dataclass(frozen=True)
class SignatureCheck:
    """The verdict on one signature. `intact` is None when no verifier could compute it."""

    field_name: str
    signer_name: str
    status: str  # "valid" | "invalid" | "indeterminate"
    signer_organisation: str = ""
    signer_serial: str = ""  # subject serialNumber, e.g. "TINUA-<РНОКПП>" or "NTRUA-<ЄДРПОУ>"
    issuer: str = ""
    signing_time: datetime | None = None
    algorithm: str = ""  # "RSA/SHA-256", "ECDSA/SHA-256", "DSTU 4145", or the bare OID
    intact: bool | None = None
    trusted: bool = False
    covers_whole_document: bool = False
    verifier: str = ""  # "" when no verifier handled the signature
    reason: str = ""  # one translated line for people

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["signing_time"] = self.signing_time.isoformat() if self.signing_time else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SignatureCheck:
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        if values.get("signing_time"):
            values["signing_time"] = datetime.fromisoformat(values["signing_time"])
        return cls(**values)


@dataclass(frozen=True)
class SignatureReport:
    signed: bool
    signatures: tuple[SignatureCheck, ...] = field(default_factory=tuple)
    error: str | None = None  # translated; the file could not be examined at all

    @property
    def summary_status(self) -> str:
        """The worst status among the signatures, or "unsigned" or "error"."""
        if self.error is not None:
            return "error"
        if not self.signatures:
            return "unsigned"
        statuses = {check.status for check in self.signatures}
        return next(s for s in ("invalid", "indeterminate", "valid") if s in statuses)

    def to_dict(self) -> dict[str, Any]:
        return {
            "signed": self.signed,
            "signatures": [check.to_dict() for check in self.signatures],
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SignatureReport:
        return cls(
            signed=bool(data.get("signed")),
            signatures=tuple(SignatureCheck.from_dict(item) for item in data.get("signatures") or ()),
            error=data.get("error"),
        )


@runtime_checkable
class SignatureVerifier(Protocol):
    """A way to check some signatures. `signature` is pyHanko's EmbeddedPdfSignature: it exposes the
    CMS (`signed_data`, `signer_info`, `pkcs7_content`), `byte_range` and the file (`reader.stream`)."""

    name: str

    def handles(self, signature) -> bool:
        """Whether this verifier can check the signature (usually by its algorithm OID)."""
        ...

    def verify(self, signature, trust_roots: list[x509.Certificate]) -> SignatureCheck:
        """Check the signature offline against `trust_roots`; may raise on malformed input."""
        ...


# --- Helpers shared by verifiers ----------------------------------------------------------------


def signature_algorithm(signature) -> str:
    """Human name of the signature algorithm, e.g. "ECDSA/SHA-256"; "DSTU 4145"; else the OID."""
    algorithm = signature.signer_info["signature_algorithm"]
    oid = algorithm["algorithm"].dotted
    if oid.startswith(DSTU_4145_OID_PREFIX):
        return "DSTU 4145"
    try:
        mechanism = algorithm.signature_algo
    except ValueError:
        return oid
    if mechanism in ("ed25519", "ed448"):
        return _SIGNATURE_NAMES[mechanism]
    digest = signature.signer_info["digest_algorithm"]["algorithm"].native
    return f"{_SIGNATURE_NAMES.get(mechanism, mechanism)}/{_DIGEST_NAMES.get(digest, str(digest).upper())}"


def _first(name: x509.Name, key: str) -> str:
    value = name.native.get(key, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


def signer_details(signature) -> dict[str, Any]:
    """Signer, organisation, serial, issuer and claimed signing time, as far as they can be read."""
    details: dict[str, Any] = {}
    try:
        certificate = signature.signer_cert
        subject = certificate.subject
        surname_given = f"{_first(subject, 'surname')} {_first(subject, 'given_name')}".strip()
        details["signer_name"] = _first(subject, "common_name") or surname_given or subject.human_friendly
        details["signer_organisation"] = _first(subject, "organization_name")
        details["signer_serial"] = _first(subject, "serial_number")
        details["issuer"] = _first(certificate.issuer, "common_name") or certificate.issuer.human_friendly
    except Exception:  # unreadable certificate: the rest of the check still stands
        logger.warning("cannot read the signer certificate of %s", signature.field_name, exc_info=True)
    try:
        details["signing_time"] = _aware(signature.self_reported_timestamp)
    except Exception:
        logger.warning("cannot read the signing time of %s", signature.field_name, exc_info=True)
    return details


def covers_whole_document(signature) -> bool:
    """Structural coverage without hashing: the whole file, or a revision followed only by allowed updates."""
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, DiffResult, ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    signature.coverage = signature.evaluate_signature_coverage()  # evaluate_modifications() reads it
    if signature.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    if signature.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return False
    diff = signature.evaluate_modifications(DEFAULT_DIFF_POLICY)
    if not isinstance(diff, DiffResult) or diff.modification_level == ModificationLevel.OTHER:
        return False
    docmdp = signature.docmdp_level
    return docmdp is None or diff.modification_level.value <= docmdp.value


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


# --- pyHanko ------------------------------------------------------------------------------------


class PyHankoVerifier:
    """RSA, RSA-PSS, DSA, ECDSA and EdDSA signatures, checked by pyHanko offline."""

    name = "pyHanko"

    def handles(self, signature) -> bool:
        algorithm = signature.signer_info["signature_algorithm"]
        if algorithm["algorithm"].dotted.startswith(DSTU_4145_OID_PREFIX):
            return False
        try:
            return algorithm.signature_algo in _SIGNATURE_NAMES
        except ValueError:  # an OID asn1crypto does not know
            return False

    def verify(self, signature, trust_roots: list[x509.Certificate]) -> SignatureCheck:
        from pyhanko.pdf_utils.misc import PdfReadError
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko.sign.validation.errors import SignatureValidationError
        from pyhanko.sign.validation.status import SignatureCoverageLevel
        from pyhanko_certvalidator import ValidationContext

        details = signer_details(signature)
        base = {
            "field_name": signature.field_name,
            "signer_name": details.pop("signer_name", ""),
            "algorithm": signature_algorithm(signature),
            "verifier": self.name,
            **details,
        }
        # An explicit list, even an empty one: None would mean "the operating system's roots".
        context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False)
        try:
            status = validate_pdf_signature(signature, signer_validation_context=context)
        except (SignatureValidationError, PdfReadError, ValueError):  # ValueError: asn1crypto parsing
            logger.info("malformed signature in %s", signature.field_name, exc_info=True)
            return SignatureCheck(
                **base, status="invalid", reason=_("The signature is damaged or does not follow the PDF standard.")
            )

        timestamp = status.timestamp_validity
        if timestamp is not None and timestamp.intact and timestamp.valid:
            base["signing_time"] = _aware(timestamp.timestamp)
        elif status.signer_reported_dt is not None:
            base["signing_time"] = _aware(status.signer_reported_dt)

        covers = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
            status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and status.docmdp_ok is True
        )
        problem = status.trust_problem_indic.name if status.trust_problem_indic is not None else ""
        if not status.intact:
            verdict = "invalid", _("The document was changed after signing: the signed content does not match.")
        elif not status.valid:
            verdict = "invalid", _("The signature value is wrong: the signature is damaged or forged.")
        elif status.revoked or problem.startswith("REVOKED"):
            verdict = "invalid", _("The signer's certificate has been revoked.")
        elif not covers:
            verdict = "invalid", _("The document was modified after it was signed.")
        elif not status.trusted and problem in ("", "NO_CERTIFICATE_CHAIN_FOUND"):
            verdict = "indeterminate", _("Signature is intact but the certificate is not from a trusted provider.")
        elif not status.trusted:
            verdict = (
                "indeterminate",
                _("Signature is intact but the signer's certificate did not pass validation (expired or restricted)."),
            )
        elif not status.bottom_line:
            verdict = "indeterminate", _("Signature is intact and trusted, but its timestamp could not be verified.")
        else:
            verdict = "valid", _("The signature is valid.")
        return SignatureCheck(
            **base,
            status=verdict[0],
            reason=verdict[1],
            intact=status.intact,
            trusted=status.trusted,
            covers_whole_document=covers,
        )


# --- Registry and entry point ---------------------------------------------------------------------


@cache
def get_verifiers() -> tuple[SignatureVerifier, ...]:
    """Verifiers from ACTS_SIGNATURE_VERIFIERS (dotted paths to classes), first match wins."""
    paths = getattr(settings, "ACTS_SIGNATURE_VERIFIERS", DEFAULT_VERIFIERS)
    return tuple(import_string(path)() for path in paths)


@receiver(setting_changed)
def _forget_verifiers(*, setting: str, **kwargs) -> None:
    if setting == "ACTS_SIGNATURE_VERIFIERS":
        get_verifiers.cache_clear()


def load_trust_roots(directory: str | Path | None = None) -> list[x509.Certificate]:
    """Certificates (PEM, possibly several per file, or DER) in ACTS_SIGNATURE_TRUST_ROOTS."""
    directory = directory if directory is not None else getattr(settings, "ACTS_SIGNATURE_TRUST_ROOTS", None)
    if not directory:
        return []
    path = Path(directory)
    if not path.is_dir():
        logger.warning("ACTS_SIGNATURE_TRUST_ROOTS %s is not a directory; nothing is trusted", path)
        return []
    roots = []
    for file in sorted(p for p in path.iterdir() if p.is_file()):
        try:
            data = file.read_bytes()
            ders = [der for _type, _headers, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            for der in ders:
                certificate = x509.Certificate.load(der)
                certificate.native  # noqa: B018  (parse now, not during validation)
                roots.append(certificate)
        except Exception:
            logger.warning("skipping unreadable trust root %s", file, exc_info=True)
    return roots


def verify_pdf(data: bytes) -> SignatureReport:
    """Check every signature embedded in the PDF. Never raises; unreadable input gives `error`."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation import EmbeddedPdfSignature

    not_pdf = _("The file is not a readable PDF document, so its signatures cannot be checked.")
    if b"%PDF-" not in data[:1024]:
        return SignatureReport(signed=False, error=not_pdf)
    try:
        reader = PdfFileReader(io.BytesIO(data))
        if reader.encrypted:
            return SignatureReport(signed=False, error=_("The PDF is encrypted, so its signatures cannot be checked."))
        sig_fields = list(enumerate_sig_fields(reader, filled_status=True))
    except Exception:
        logger.info("unreadable PDF", exc_info=True)
        return SignatureReport(signed=False, error=not_pdf)

    damaged, embedded = [], []
    for name, _value, sig_field in sig_fields:
        try:
            signature = EmbeddedPdfSignature(reader, sig_field, name)
        except Exception:
            logger.info("unreadable signature %s", name, exc_info=True)
            damaged.append(_damaged(name))
            continue
        if signature.sig_object_type == "/Sig":  # document timestamps are not signatures of a person
            embedded.append(signature)

    trust_roots = load_trust_roots()
    embedded.sort(key=lambda signature: signature.signed_revision)  # signing order
    checks = damaged + [_check(signature, trust_roots) for signature in embedded]
    return SignatureReport(signed=bool(checks), signatures=tuple(checks))


def _check(signature, trust_roots: list[x509.Certificate]) -> SignatureCheck:
    verifier = next((v for v in get_verifiers() if _safe_handles(v, signature)), None)
    if verifier is not None:
        try:
            return verifier.verify(signature, trust_roots)
        except Exception:
            logger.warning("verifier %s failed on %s", verifier.name, signature.field_name, exc_info=True)
            reason = _("The signature could not be checked because of an internal error.")
    else:
        reason = _(
            "Signature algorithm %(algorithm)s is not verified by this server; a UAPKI verifier can be connected."
        ) % {"algorithm": _safe_algorithm(signature)}
    details = signer_details(signature)
    try:
        covers = covers_whole_document(signature)
    except Exception:
        covers = False
    return SignatureCheck(
        field_name=signature.field_name,
        signer_name=details.pop("signer_name", ""),
        status="indeterminate",
        algorithm=_safe_algorithm(signature),
        covers_whole_document=covers,
        reason=reason,
        **details,
    )


def _safe_handles(verifier: SignatureVerifier, signature) -> bool:
    try:
        return bool(verifier.handles(signature))
    except Exception:
        logger.warning("verifier %s failed to inspect %s", verifier.name, signature.field_name, exc_info=True)
        return False


def _safe_algorithm(signature) -> str:
    try:
        return signature_algorithm(signature)
    except Exception:
        return ""


def _damaged(field_name: str) -> SignatureCheck:
    return SignatureCheck(
        field_name=field_name,
        signer_name="",
        status="invalid",
        reason=_("The signature is damaged or does not follow the PDF standard."),
    )
