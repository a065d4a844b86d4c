/**
 * PAdES baseline B-B signatures on our PDFs, and their verification.
 *
 * Signing appends an incremental update (nothing already written changes): a signature
 * dictionary (SubFilter ETSI.CAdES.detached, /M the signing time), an invisible signature field,
 * and the catalog with /AcroForm. The CMS is built with pkijs: SHA-256, the signer certificate
 * embedded, and the signed attributes PAdES baseline requires (content type, message digest,
 * ESS signing-certificate-v2; no CMS signing-time, which /M replaces). The trailer keeps /ID.
 */
import { createHash, sign as cryptoSign, KeyObject, webcrypto, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import {
  appendObjects,
  lastTrailer,
  objectBody,
  PdfStructureError,
  pdfDate,
  pdfTextString,
} from "../render/metadata.js";
import { commonNameOf, type SigningIdentity } from "./identity.js";

pkijs.setEngine(
  "node",
  new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as unknown as Crypto }),
);

const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
};

/** Bytes reserved for the CMS in /Contents (hex doubles it): room for a chain of certificates. */
const CONTENTS_BYTES = 12_288;
const BYTE_RANGE_PLACEHOLDER = "/ByteRange [0 0000000000 0000000000 0000000000]";

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** DER: a tag, its length and its content. */
function tlv(tag: number, ...content: Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const len =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}
const SEQ = 0x30;
const SET = 0x31;
const oid = (value: string) => Buffer.from(new asn1js.ObjectIdentifier({ value }).toBER(false));
const ALG_SHA256 = tlv(SEQ, oid("2.16.840.1.101.3.4.2.1"));
const ALG_ECDSA_SHA256 = tlv(SEQ, oid("1.2.840.10045.4.3.2"));
const ALG_RSA_SHA256 = tlv(SEQ, oid("1.2.840.113549.1.1.11"), Buffer.from([0x05, 0x00]));

/** What every signature of an identity shares, encoded once: the certificate, the signer id, the signing-certificate-v2 attribute. */
interface CadesTemplate {
  certificate: Buffer;
  signerId: Buffer;
  signingCertificateV2: Buffer;
  contentType: Buffer;
  signatureAlgorithm: Buffer;
  key: KeyObject;
}
const templates = new WeakMap<SigningIdentity, Promise<CadesTemplate>>();

async function templateOf(identity: SigningIdentity): Promise<CadesTemplate> {
  const cert = pkijs.Certificate.fromBER(Uint8Array.from(identity.certDer));
  const issuer = Buffer.from(cert.issuer.toSchema().toBER(false));
  const serial = Buffer.from(cert.serialNumber.toBER(false));
  // ESS SigningCertificateV2 ::= SEQ { SEQ OF ESSCertIDv2 }; ESSCertIDv2 ::= SEQ { certHash
  // (SHA-256, the default algorithm, so not named), IssuerSerial { GeneralNames { [4] Name }, serial } }
  const essCertId = tlv(
    SEQ,
    tlv(0x04, sha256(identity.certDer)),
    tlv(SEQ, tlv(SEQ, tlv(0xa4, issuer)), serial),
  );
  const attribute = (type: string, value: Buffer) => tlv(SEQ, oid(type), tlv(SET, value));
  const key = KeyObject.from(identity.privateKey);
  return {
    certificate: Buffer.from(identity.certDer),
    signerId: tlv(SEQ, issuer, serial),
    signingCertificateV2: attribute(OID.signingCertificateV2, tlv(SEQ, tlv(SEQ, essCertId))),
    contentType: attribute(OID.contentType, oid(OID.data)),
    signatureAlgorithm: identity.algorithm === "ES256" ? ALG_ECDSA_SHA256 : ALG_RSA_SHA256,
    key,
  };
}

/**
 * A detached CAdES signature (CMS SignedData, DER) over data whose SHA-256 is `digest`. The DER is
 * written here from parts encoded once per identity (pkijs built it at several milliseconds a
 * signature; this takes a fraction of one). The signed attributes are sorted, as DER's SET OF
 * requires; pkijs reads the result back in verify and in the tests.
 */
export async function cadesDetached(
  digest: Uint8Array,
  identity: SigningIdentity,
): Promise<Uint8Array> {
  let template = templates.get(identity);
  if (!template) {
    template = templateOf(identity);
    templates.set(identity, template);
  }
  const t = await template;
  const messageDigest = tlv(SEQ, oid(OID.messageDigest), tlv(SET, tlv(0x04, digest)));
  const attributes = [t.contentType, messageDigest, t.signingCertificateV2].sort(Buffer.compare);
  const signedAttrs = Buffer.concat(attributes);
  const signature = cryptoSign("sha256", tlv(SET, signedAttrs), {
    key: t.key,
    ...(identity.algorithm === "ES256" ? { dsaEncoding: "der" as const } : {}),
  });
  const signerInfo = tlv(
    SEQ,
    Buffer.from([0x02, 0x01, 0x01]),
    t.signerId,
    ALG_SHA256,
    tlv(0xa0, signedAttrs),
    t.signatureAlgorithm,
    tlv(0x04, signature),
  );
  const signedData = tlv(
    SEQ,
    Buffer.from([0x02, 0x01, 0x01]),
    tlv(SET, ALG_SHA256),
    tlv(SEQ, oid(OID.data)),
    tlv(0xa0, t.certificate),
    tlv(SET, signerInfo),
  );
  return tlv(SEQ, oid(OID.signedData), tlv(0xa0, signedData));
}

export interface SignOptions {
  /** The signing time (/M). */
  date: Date;
  /** Why, e.g. "Certificate supplement issued by Coursera Inc.". */
  reason?: string;
}

/** Signs a PDF: an incremental update with the signature, applied last (after the twins). */
export async function signPdf(
  pdf: Uint8Array,
  identity: SigningIdentity,
  options: SignOptions,
): Promise<Uint8Array> {
  const trailer = lastTrailer(pdf);
  const rootNumber = Number(trailer.root.split(/\s+/)[0]);
  const catalog = objectBody(pdf, rootNumber).trim();
  if (!catalog.startsWith("<<") || !catalog.endsWith(">>"))
    throw new PdfStructureError("the document catalog is not a dictionary");
  if (/\/AcroForm\b/.test(catalog)) throw new PdfStructureError("the document already has a form");
  const sigNumber = trailer.size;
  const fieldNumber = trailer.size + 1;
  const name = commonNameOf(identity.cert);
  const sigDict = [
    "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached",
    BYTE_RANGE_PLACEHOLDER,
    `/Contents <${"0".repeat(CONTENTS_BYTES * 2)}>`,
    `/M ${pdfDate(options.date)}`,
    `/Name ${pdfTextString(name)}`,
    ...(options.reason ? [`/Reason ${pdfTextString(options.reason)}`] : []),
    ">>",
  ].join("\n");
  const field = `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /F 132 /Rect [0 0 0 0] /V ${sigNumber} 0 R >>`;
  const newCatalog = `${catalog.slice(0, -2)}\n/AcroForm << /Fields [${fieldNumber} 0 R] /SigFlags 3 >>>>`;
  const { pdf: out } = appendObjects(
    pdf,
    [sigDict, field],
    () => "",
    new Map([[rootNumber, newCatalog]]),
  );
  // Where the placeholders landed (in the update, after the original bytes).
  const tail = out.toString("latin1", pdf.length);
  const rangeAt = pdf.length + tail.indexOf(BYTE_RANGE_PLACEHOLDER);
  const contentsAt = pdf.length + tail.indexOf("/Contents <") + "/Contents ".length;
  const contentsEnd = contentsAt + CONTENTS_BYTES * 2 + 2;
  const range = [0, contentsAt, contentsEnd, out.length - contentsEnd];
  const rangeText = `/ByteRange [${range.map((n, i) => (i === 0 ? String(n) : String(n).padStart(10, "0"))).join(" ")}]`;
  if (rangeText.length !== BYTE_RANGE_PLACEHOLDER.length)
    throw new PdfStructureError("the file is too large to sign");
  out.write(rangeText, rangeAt, "latin1");
  const digest = sha256(out.subarray(0, contentsAt), out.subarray(contentsEnd));
  const cms = await cadesDetached(digest, identity);
  if (cms.length > CONTENTS_BYTES)
    throw new PdfStructureError(
      `the signature (${cms.length} bytes) does not fit the space reserved for it`,
    );
  out.write(Buffer.from(cms).toString("hex").toUpperCase(), contentsAt + 1, "latin1");
  return out;
}

export interface PdfSignatureReport {
  /** The signature's bytes and the document's match, and the CMS signature verifies. */
  intact: boolean;
  /** The signed range covers the whole file: nothing was added after signing. */
  wholeFile: boolean;
  subFilter: string | undefined;
  signer: X509Certificate | undefined;
  /** /M of the signature dictionary, ISO. */
  signingTime: string | undefined;
  problems: string[];
}

/** The last signature of a PDF, checked; undefined when the PDF is not signed. */
export async function verifyPdfSignature(pdf: Uint8Array): Promise<PdfSignatureReport | undefined> {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.length).toString("latin1");
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = ranges.at(-1);
  if (!last) return undefined;
  const [a, b, c, d] = last.slice(1, 5).map(Number) as [number, number, number, number];
  const problems: string[] = [];
  const dictStart = text.lastIndexOf("<<", last.index);
  const dictEnd = text.indexOf(">>", b);
  const dict = text.slice(dictStart, dictEnd + 2);
  const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#]+)/.exec(dict)?.[1];
  const m = /\/M\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(dict);
  const signingTime = m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : undefined;
  const report: PdfSignatureReport = {
    intact: false,
    wholeFile: false,
    subFilter,
    signer: undefined,
    signingTime,
    problems,
  };
  if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) {
    problems.push(
      "the signature's byte range does not match the file: the file was rewritten after it was signed",
    );
    return report;
  }
  report.wholeFile = c + d === pdf.length;
  if (!report.wholeFile)
    problems.push(`${pdf.length - (c + d)} bytes were added to the file after it was signed`);
  const hex = text.slice(b + 1, c - 1).replace(/\s+/g, "");
  let cms: pkijs.SignedData;
  try {
    const der = Buffer.from(hex, "hex");
    const asn = asn1js.fromBER(new Uint8Array(der));
    const info = new pkijs.ContentInfo({ schema: asn.result });
    cms = new pkijs.SignedData({ schema: info.content });
  } catch (e) {
    problems.push(`the signature cannot be read (${(e as Error).message})`);
    return report;
  }
  const certDer = cms.certificates?.[0];
  if (certDer instanceof pkijs.Certificate)
    report.signer = new X509Certificate(new Uint8Array(certDer.toSchema().toBER(false)));
  const signed = Buffer.concat([pdf.subarray(0, b), pdf.subarray(c, c + d)]);
  try {
    const result = await cms.verify({
      signer: 0,
      data: new Uint8Array(signed).buffer,
      checkChain: false,
      extendedMode: true,
    });
    report.intact = !!(result as { signatureVerified?: boolean }).signatureVerified;
    if (!report.intact)
      problems.push(
        "the document was changed after it was signed (its digest no longer matches the signature)",
      );
  } catch (e) {
    const message = (e as { message?: string }).message ?? String(e);
    problems.push(
      /digest|hash/i.test(message)
        ? "the document was changed after it was signed (its digest no longer matches the signature)"
        : `the signature does not verify (${message})`,
    );
  }
  if (subFilter !== "ETSI.CAdES.detached")
    problems.push(`the SubFilter is ${subFilter ?? "missing"}, not ETSI.CAdES.detached (PAdES)`);
  return report;
}
