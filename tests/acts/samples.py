"""Sample attachments built at test time: no binary fixtures live in the repository.

The PDF builder writes the file by hand. Its single font is a standard Type 1 font with a custom
/Differences encoding and a /ToUnicode CMap, so the text layer extracts as real Cyrillic without
embedding a font file (viewers may draw other glyphs; only the text layer matters here).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SIGNER_NAME = "Петренко Олена Іванівна"
SIGNER_ORGANISATION = "Слобожанська селищна рада"
SIGNER_SERIAL = "TINUA-3012345678"
TAMPER_MARKER = b"%hromada-sample-0"

DSTU_4145_OID = "1.2.804.2.1.1.1.1.3.1.1"


# --- PDF ---------------------------------------------------------------------------------------


def _pdf_document(objects: list[bytes]) -> bytes:
    """Serialise numbered objects (1..n, object 1 is the catalogue) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + TAMPER_MARKER + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF whose text layer is `text` (one line per line of `text`, any Unicode BMP)."""
    lines = text.split("\n")
    alphabet = sorted({ch for line in lines for ch in line})
    if len(alphabet) > 200:
        raise ValueError("too many distinct characters for a single-byte font")
    codes = {ch: 0x21 + i for i, ch in enumerate(alphabet)}

    differences = b" ".join(b"/uni%04X" % ord(ch) for ch in alphabet)
    bfchars = b"\n".join(b"<%02X> <%04X>" % (codes[ch], ord(ch)) for ch in alphabet)
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        + b"%d beginbfchar\n" % len(alphabet)
        + bfchars
        + b"\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
    )
    content = b"BT /F1 12 Tf 14 TL 72 760 Td\n"
    for line in lines:
        content += b"<" + "".join(f"{codes[ch]:02X}" for ch in line).encode() + b"> Tj T*\n"
    content += b"ET"
    return _pdf_document(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 33 /LastChar 255"
            b" /Encoding << /Type /Encoding /Differences [33 " + differences + b"] >> /ToUnicode 6 0 R >>",
            _stream(cmap),
        ]
    )


def pdf_without_text() -> bytes:
    """A page with only a drawn rectangle, standing in for a scan without a text layer."""
    return _pdf_document(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
            _stream(b"0.5 g 72 72 451 698 re f"),
        ]
    )


def encrypted_pdf(text: str, *, with_user_password: bool = True) -> bytes:
    """Encrypted with an owner password, and with a user password too unless told otherwise."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_text(text))))
    writer.encrypt(user_password="secret" if with_user_password else "", owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- Office documents -----------------------------------------------------------------------------


def docx_with_text(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3"'
)


def odt_from_body(body_xml: str) -> bytes:
    """An ODT whose office:text holds `body_xml` (already escaped XML)."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODT_NS}>'
        f"<office:automatic-styles/><office:body><office:text>{body_xml}</office:text></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # ODF requires the mimetype first and stored uncompressed.
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def odt_with_text(paragraphs: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    return odt_from_body("".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs))


def zip_bomb(kind: str = "docx", unpacked_mb: int = 101) -> bytes:
    """A DOCX- or ODT-looking ZIP with a member of `unpacked_mb` MB of zeros (compresses ~1000:1)."""
    out = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
            name = "content.xml"
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            name = "word/document.xml"
        with archive.open(name, "w", force_zip64=True) as member:
            for _ in range(unpacked_mb):
                member.write(chunk)
    return out.getvalue()


# --- RTF ------------------------------------------------------------------------------------------


def rtf_cyrillic_cp1251(text: str) -> bytes:
    """RTF as Word writes it with a Cyrillic code page: every non-ASCII byte as a \\'xx escape."""
    body = "".join(ch if ord(ch) < 128 else "".join(f"\\'{b:02x}" for b in ch.encode("cp1251")) for ch in text)
    body = body.replace("\n", "\\par\n")
    return (
        "{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0\\froman\\fcharset204 Times New Roman;}}"
        f"\\f0\\fs28 {body}\\par}}"
    ).encode("ascii")


def rtf_unicode(text: str) -> bytes:
    """RTF with \\uNNNN escapes and a '?' fallback character (\\uc1), code page 1252."""
    body = "".join(ch if ord(ch) < 128 else f"\\u{ord(ch) if ord(ch) < 32768 else ord(ch) - 65536}?" for ch in text)
    body = body.replace("\n", "\\par\n")
    return (
        f"{{\\rtf1\\ansi\\ansicpg1252\\uc1\\deff0{{\\fonttbl{{\\f0\\fswiss\\fcharset0 Arial;}}}}\\f0 {body}\\par}}"
    ).encode("ascii")


# --- Certificates and signed PDFs -----------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    certificate: x509.Certificate
    private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

    @property
    def asn1_certificate(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.certificate.public_bytes(serialization.Encoding.DER))

    @property
    def asn1_private_key(self) -> asn1_keys.PrivateKeyInfo:
        der = self.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return asn1_keys.PrivateKeyInfo.load(der)

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def _new_key(kind: str):
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def make_ca(kind: str = "ecdsa", name: str = "Тестовий КНЕДП") -> Identity:
    key = _new_key(kind)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.COUNTRY_NAME, "UA")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Identity(certificate, key)


def issue(
    ca: Identity,
    kind: str = "ecdsa",
    *,
    name: str = SIGNER_NAME,
    organisation: str | None = SIGNER_ORGANISATION,
    serial: str | None = SIGNER_SERIAL,
    timestamping: bool = False,
) -> Identity:
    key = _new_key(kind)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if serial:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "UA"))
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=not timestamping,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.certificate.public_key()), critical=False)
    )
    if timestamping:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return Identity(builder.sign(ca.private_key, hashes.SHA256()), key)


def signed_pdf(
    signer: Identity,
    ca: Identity,
    pdf: bytes | None = None,
    *,
    field_name: str = "Signature1",
    timestamper: Identity | None = None,
    timestamp_time: datetime | None = None,
) -> bytes:
    """`pdf` (default: a short Ukrainian act) signed PAdES B-B, or B-T with a dummy TSA."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    pdf = pdf if pdf is not None else pdf_with_text("Рішення про затвердження програми")
    signer_obj = signers.SimpleSigner(
        signing_cert=signer.asn1_certificate,
        signing_key=signer.asn1_private_key,
        cert_registry=SimpleCertificateStore.from_certs([ca.asn1_certificate]),
    )
    stamper = None
    if timestamper is not None:
        stamper = DummyTimeStamper(
            tsa_cert=timestamper.asn1_certificate,
            tsa_key=timestamper.asn1_private_key,
            certs_to_embed=SimpleCertificateStore.from_certs([ca.asn1_certificate]),
            fixed_dt=timestamp_time,
        )
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    out = signers.PdfSigner(metadata, signer=signer_obj, timestamper=stamper).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf))
    )
    return out.getvalue()


def dstu_signed_pdf(signer: Identity, ca: Identity) -> bytes:
    """A PDF whose CMS declares the DSTU 4145 signature algorithm (the signature value is filler)."""
    from asn1crypto import algos
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    signer_obj = signers.ExternalSigner(
        signing_cert=signer.asn1_certificate,
        cert_registry=SimpleCertificateStore.from_certs([ca.asn1_certificate]),
        signature_value=bytes(range(64)),
        signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": DSTU_4145_OID}),
    )
    metadata = signers.PdfSignatureMetadata(
        field_name="Signature1", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    out = signers.PdfSigner(metadata, signer=signer_obj).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf_with_text("Розпорядження голови")))
    )
    return out.getvalue()


def tampered(pdf_bytes: bytes) -> bytes:
    """Change one byte inside the signed range (a comment line every sample PDF carries)."""
    at = pdf_bytes.index(TAMPER_MARKER)
    return pdf_bytes[:at] + TAMPER_MARKER[:-1] + b"1" + pdf_bytes[at + len(TAMPER_MARKER) :]


def with_page_content_replaced(pdf_bytes: bytes, text: str) -> bytes:
    """Append an incremental update that rewrites the page's text after signing."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    stream = generic.StreamObject(stream_data=f"BT /F1 12 Tf 72 700 Td ({text}) Tj ET".encode("latin-1"))
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
