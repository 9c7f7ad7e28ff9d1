"""Embedded PDF signatures: who signed, when, and the verdict, for every kind of file an act may carry."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from hromada.acts import signatures
from hromada.acts.signatures import SignatureCheck, SignatureReport, load_trust_roots, verify_pdf
from tests.acts import samples

UNTRUSTED = "Signature is intact but the certificate is not from a trusted provider."
NOT_PDF = "The file is not a readable PDF document, so its signatures cannot be checked."


@pytest.fixture(autouse=True)
def _english_msgids():
    """Assert on the msgids, whether or not the Ukrainian catalogue has them yet."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def ca():
    return samples.make_ca("ecdsa")


@pytest.fixture(scope="module")
def rsa_signed(ca):
    return samples.signed_pdf(samples.issue(ca, "rsa"), ca)


@pytest.fixture(scope="module")
def ecdsa_signed(ca):
    return samples.signed_pdf(samples.issue(ca, "ecdsa"), ca)


@pytest.fixture
def trust_ca(ca, settings, tmp_path):
    (tmp_path / "ca.pem").write_bytes(ca.pem)
    settings.ACTS_SIGNATURE_TRUST_ROOTS = str(tmp_path)
    return tmp_path


class NobodyVerifier:
    name = "nobody"

    def handles(self, signature) -> bool:
        return False

    def verify(self, signature, trust_roots):  # pragma: no cover - never called
        raise AssertionError


class BrokenVerifier:
    name = "broken"

    def handles(self, signature) -> bool:
        return True

    def verify(self, signature, trust_roots):
        raise RuntimeError("library crashed")


class FakeUapkiVerifier:
    """What a DSTU verifier plugs in as: handles the DSTU OIDs, uses the shared helpers."""

    name = "UAPKI (fake)"

    def handles(self, signature) -> bool:
        return signature.signer_info["signature_algorithm"]["algorithm"].dotted.startswith("1.2.804.2.1.1.1.1.3.")

    def verify(self, signature, trust_roots):
        details = signatures.signer_details(signature)
        return SignatureCheck(
            field_name=signature.field_name,
            signer_name=details.pop("signer_name"),
            status="valid",
            algorithm=signatures.signature_algorithm(signature),
            intact=True,
            trusted=True,
            covers_whole_document=signatures.covers_whole_document(signature),
            verifier=self.name,
            reason="ok",
            **details,
        )


def _only(report: SignatureReport) -> SignatureCheck:
    assert report.signed is True
    assert report.error is None
    assert len(report.signatures) == 1
    return report.signatures[0]


# --- Unsigned and unreadable input ---------------------------------------------------------------


def test_unsigned_pdf():
    report = verify_pdf(samples.pdf_with_text("Рішення без підпису"))
    assert report == SignatureReport(signed=False, signatures=(), error=None)
    assert report.summary_status == "unsigned"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\xff garbage \x13\x37" * 100,
        samples.docx_with_text(["Акт"]),
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer garbage",
    ],
)
def test_unreadable_input_is_an_error_not_an_exception(data):
    report = verify_pdf(data)
    assert report == SignatureReport(signed=False, signatures=(), error=NOT_PDF)
    assert report.summary_status == "error"


def test_encrypted_pdf_is_an_error():
    report = verify_pdf(samples.encrypted_pdf("Рішення"))
    assert report.signed is False
    assert report.error == "The PDF is encrypted, so its signatures cannot be checked."
    assert report.summary_status == "error"


# --- RSA and ECDSA through pyHanko ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("pdf_fixture", "algorithm"), [("rsa_signed", "RSA/SHA-256"), ("ecdsa_signed", "ECDSA/SHA-256")]
)
def test_signature_without_trust_roots_is_intact_but_indeterminate(request, pdf_fixture, algorithm):
    check = _only(verify_pdf(request.getfixturevalue(pdf_fixture)))
    assert check.field_name == "Signature1"
    assert check.signer_name == "Петренко Олена Іванівна"
    assert check.signer_organisation == "Слобожанська селищна рада"
    assert check.signer_serial == "TINUA-3012345678"
    assert check.issuer == "Тестовий КНЕДП"
    assert check.algorithm == algorithm
    assert check.signing_time.tzinfo is not None
    assert abs(check.signing_time - datetime.now(UTC)) < timedelta(minutes=1)
    assert check.intact is True
    assert check.trusted is False
    assert check.covers_whole_document is True
    assert check.status == "indeterminate"
    assert check.verifier == "pyHanko"
    assert check.reason == UNTRUSTED


@pytest.mark.parametrize("pdf_fixture", ["rsa_signed", "ecdsa_signed"])
def test_signature_chaining_to_a_configured_root_is_valid(request, pdf_fixture, trust_ca):
    report = verify_pdf(request.getfixturevalue(pdf_fixture))
    check = _only(report)
    assert (check.status, check.intact, check.trusted, check.covers_whole_document) == ("valid", True, True, True)
    assert check.reason == "The signature is valid."
    assert report.summary_status == "valid"


def test_a_root_of_another_provider_is_not_trusted(ecdsa_signed, settings, tmp_path):
    (tmp_path / "other.pem").write_bytes(samples.make_ca("rsa", name="Інший КНЕДП").pem)
    settings.ACTS_SIGNATURE_TRUST_ROOTS = str(tmp_path)
    check = _only(verify_pdf(ecdsa_signed))
    assert (check.status, check.trusted, check.reason) == ("indeterminate", False, UNTRUSTED)


def test_missing_trust_root_directory_trusts_nothing(ecdsa_signed, settings, tmp_path):
    settings.ACTS_SIGNATURE_TRUST_ROOTS = str(tmp_path / "absent")
    assert _only(verify_pdf(ecdsa_signed)).status == "indeterminate"


def test_tampered_pdf_is_invalid(rsa_signed, trust_ca):
    report = verify_pdf(samples.tampered(rsa_signed))
    check = _only(report)
    assert (check.status, check.intact, check.trusted) == ("invalid", False, False)
    assert check.reason == "The document was changed after signing: the signed content does not match."
    assert check.signer_name == "Петренко Олена Іванівна"
    assert report.summary_status == "invalid"


def test_content_changed_in_a_later_update_is_invalid(ecdsa_signed, trust_ca):
    check = _only(verify_pdf(samples.with_page_content_replaced(ecdsa_signed, "Changed after signing")))
    assert (check.status, check.intact, check.covers_whole_document) == ("invalid", True, False)
    assert check.reason == "The document was modified after it was signed."


def test_second_signature_is_an_allowed_update_for_the_first(ca, ecdsa_signed, trust_ca):
    second = samples.issue(ca, "rsa", name="Коваленко Андрій Петрович")
    report = verify_pdf(samples.signed_pdf(second, ca, ecdsa_signed, field_name="Signature2"))
    assert report.signed is True
    assert [c.field_name for c in report.signatures] == ["Signature1", "Signature2"]
    assert [c.signer_name for c in report.signatures] == ["Петренко Олена Іванівна", "Коваленко Андрій Петрович"]
    assert [c.status for c in report.signatures] == ["valid", "valid"]
    assert [c.covers_whole_document for c in report.signatures] == [True, True]


def test_timestamp_token_time_is_preferred_to_the_claimed_time(ca, trust_ca):
    tsa = samples.issue(ca, "rsa", name="Тестовий TSA", organisation=None, serial=None, timestamping=True)
    stamped_at = (datetime.now(UTC) - timedelta(hours=2)).replace(microsecond=0)
    pdf = samples.signed_pdf(samples.issue(ca, "ecdsa"), ca, timestamper=tsa, timestamp_time=stamped_at)
    check = _only(verify_pdf(pdf))
    assert check.signing_time == stamped_at
    assert check.status == "valid"


# --- Verifier registry --------------------------------------------------------------------------


def test_dstu_signature_is_indeterminate_with_the_uapki_reason(ca):
    report = verify_pdf(samples.dstu_signed_pdf(samples.issue(ca, "ecdsa"), ca))
    check = _only(report)
    assert check.algorithm == "DSTU 4145"
    assert check.status == "indeterminate"
    assert check.intact is None
    assert check.trusted is False
    assert check.verifier == ""
    assert check.reason == (
        "Signature algorithm DSTU 4145 is not verified by this server; a UAPKI verifier can be connected."
    )
    assert check.signer_name == "Петренко Олена Іванівна"
    assert abs(check.signing_time - datetime.now(UTC)) < timedelta(minutes=1)
    assert check.covers_whole_document is True
    assert report.summary_status == "indeterminate"


def test_signature_no_registered_verifier_handles_is_indeterminate(ecdsa_signed, settings, trust_ca):
    settings.ACTS_SIGNATURE_VERIFIERS = ["tests.acts.test_signatures.NobodyVerifier"]
    check = _only(verify_pdf(ecdsa_signed))
    assert check.status == "indeterminate"
    assert check.verifier == ""
    assert check.reason == (
        "Signature algorithm ECDSA/SHA-256 is not verified by this server; a UAPKI verifier can be connected."
    )


def test_a_connected_verifier_takes_the_signatures_it_handles(ca, ecdsa_signed, settings):
    settings.ACTS_SIGNATURE_VERIFIERS = [
        "tests.acts.test_signatures.FakeUapkiVerifier",
        "hromada.acts.signatures.PyHankoVerifier",
    ]
    dstu = _only(verify_pdf(samples.dstu_signed_pdf(samples.issue(ca), ca)))
    assert (dstu.verifier, dstu.status, dstu.algorithm) == ("UAPKI (fake)", "valid", "DSTU 4145")
    assert _only(verify_pdf(ecdsa_signed)).verifier == "pyHanko"


def test_a_crashing_verifier_gives_indeterminate(ecdsa_signed, settings):
    settings.ACTS_SIGNATURE_VERIFIERS = ["tests.acts.test_signatures.BrokenVerifier"]
    check = _only(verify_pdf(ecdsa_signed))
    assert check.status == "indeterminate"
    assert check.reason == "The signature could not be checked because of an internal error."
    assert check.signer_name == "Петренко Олена Іванівна"


def test_default_registry_is_pyhanko_only():
    assert [type(v) for v in signatures.get_verifiers()] == [signatures.PyHankoVerifier]
    assert isinstance(signatures.get_verifiers()[0], signatures.SignatureVerifier)


# --- Trust roots ---------------------------------------------------------------------------------


def test_trust_roots_load_pem_bundles_and_der_and_skip_junk(ca, tmp_path):
    from cryptography.hazmat.primitives import serialization

    other = samples.make_ca("rsa", name="Інший КНЕДП")
    (tmp_path / "bundle.pem").write_bytes(ca.pem + other.pem)
    (tmp_path / "root.cer").write_bytes(ca.certificate.public_bytes(serialization.Encoding.DER))
    (tmp_path / "README.txt").write_text("not a certificate")
    names = [c.subject.native["common_name"] for c in load_trust_roots(tmp_path)]
    assert names == ["Тестовий КНЕДП", "Інший КНЕДП", "Тестовий КНЕДП"]


def test_no_trust_root_setting_trusts_nothing(settings):
    settings.ACTS_SIGNATURE_TRUST_ROOTS = ""
    assert load_trust_roots() == []


# --- Storage ------------------------------------------------------------------------------------


def test_report_round_trips_through_json(rsa_signed, ca):
    report = SignatureReport(
        signed=True,
        signatures=(
            _only(verify_pdf(rsa_signed)),
            _only(verify_pdf(samples.dstu_signed_pdf(samples.issue(ca), ca))),
        ),
    )
    stored = json.loads(json.dumps(report.to_dict()))
    assert SignatureReport.from_dict(stored) == report
    assert stored["signatures"][0]["signing_time"] == report.signatures[0].signing_time.isoformat()
    assert SignatureReport.from_dict(stored).summary_status == "indeterminate"


def test_error_report_round_trips():
    report = verify_pdf(b"garbage")
    assert SignatureReport.from_dict(json.loads(json.dumps(report.to_dict()))) == report
    unsigned = SignatureReport(signed=False)
    assert SignatureReport.from_dict(unsigned.to_dict()) == unsigned


def test_check_without_time_and_with_unknown_keys_from_a_newer_version():
    data = SignatureCheck(field_name="Sig", signer_name="Іван", status="invalid").to_dict()
    assert data["signing_time"] is None
    data["added_later"] = 1
    assert SignatureCheck.from_dict(data) == SignatureCheck(field_name="Sig", signer_name="Іван", status="invalid")


@pytest.mark.parametrize(
    ("statuses", "summary"),
    [
        (("valid", "valid"), "valid"),
        (("valid", "indeterminate"), "indeterminate"),
        (("indeterminate", "invalid", "valid"), "invalid"),
    ],
)
def test_summary_status_is_the_worst_signature(statuses, summary):
    checks = tuple(SignatureCheck(field_name=f"S{i}", signer_name="", status=s) for i, s in enumerate(statuses))
    assert SignatureReport(signed=True, signatures=checks).summary_status == summary
