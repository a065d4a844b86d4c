/**
 * Signing identities: a private key and its X.509 certificate. A development identity is made
 * here (an ECDSA P-256 key and a self-signed certificate naming the issuer, labelled
 * "development, not trusted"); a production issuer brings its own certificate and key, e.g. an
 * e-seal from its certificate authority, as PEM files or PKCS#12.
 */
import { webcrypto, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

pkijs.setEngine(
  "node",
  new pkijs.CryptoEngine({ name: "node", crypto: webcrypto as unknown as Crypto }),
);

export const DEV_LABEL = "development, not trusted";

const EC = { name: "ECDSA", namedCurve: "P-256" } as const;

export interface DevIdentity {
  keyPem: string;
  certPem: string;
  fingerprint: string;
  subject: string;
}

const pem = (label: string, der: Uint8Array) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString("base64")
    .replace(/.{1,64}/g, "$&\n")}-----END ${label}-----\n`;

/** A distinguished name with one attribute per RDN (pkijs would put them all in one multi-valued RDN). */
function name(fields: [string, string][]): pkijs.RelativeDistinguishedNames {
  const der = new asn1js.Sequence({
    value: fields.map(
      ([type, value]) =>
        new asn1js.Set({
          value: [
            new pkijs.AttributeTypeAndValue({
              type,
              value: new asn1js.Utf8String({ value }),
            }).toSchema(),
          ],
        }),
    ),
  }).toBER(false);
  return new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(der).result });
}

/** A new development identity for `issuer`: an ECDSA P-256 key and a self-signed certificate. */
export async function createDevIdentity(
  issuer: string,
  now: Date = new Date(),
  days = 825,
): Promise<DevIdentity> {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
  const dn = name([
    ["2.5.4.3", issuer], // CN
    ["2.5.4.10", issuer], // O
    ["2.5.4.11", `supplement signing key (${DEV_LABEL})`], // OU
  ]);
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({
    valueHex: Uint8Array.from([0x01, ...webcrypto.getRandomValues(new Uint8Array(15))]),
  });
  cert.issuer = dn;
  cert.subject = dn;
  cert.notBefore.value = now;
  cert.notAfter.value = new Date(now.getTime() + days * 86_400_000);
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey);
  // digitalSignature, nonRepudiation, keyCertSign. A self-signed certificate is its own issuer:
  // NSS (pdfsig) accepts one as a trust anchor only when it is marked as a CA, as OpenSSL's
  // self-signed certificates are.
  const keyUsage = new asn1js.BitString({ valueHex: Uint8Array.from([0xc4]) });
  cert.extensions = [
    new pkijs.Extension({
      extnID: "2.5.29.19",
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: true, pathLenConstraint: 0 })
        .toSchema()
        .toBER(false),
    }),
    new pkijs.Extension({ extnID: "2.5.29.15", critical: true, extnValue: keyUsage.toBER(false) }),
  ];
  await cert.sign(keys.privateKey, "SHA-256");
  const certDer = new Uint8Array(cert.toSchema(true).toBER(false));
  const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  const parsed = new X509Certificate(certDer);
  return {
    keyPem: pem("PRIVATE KEY", pkcs8),
    certPem: pem("CERTIFICATE", certDer),
    fingerprint: parsed.fingerprint256,
    subject: subjectOf(parsed),
  };
}

/** One line for a certificate's subject: "CN=…, O=…". */
export function subjectOf(cert: X509Certificate): string {
  return cert.subject.replaceAll("\n", ", ").replaceAll("\\,", ",");
}

/** The common name of a certificate's subject. */
export function commonNameOf(cert: X509Certificate): string {
  return /^CN=(.*)$/m.exec(cert.subject)?.[1] ?? subjectOf(cert);
}

export function isDevelopmentCertificate(cert: X509Certificate): boolean {
  return subjectOf(cert).includes(DEV_LABEL);
}

export interface SigningIdentity {
  privateKey: CryptoKey;
  cert: X509Certificate;
  /** DER of the certificate. */
  certDer: Uint8Array;
  /** The key's algorithm for signatures: ECDSA P-256 or RSA (PKCS#1 v1.5), with SHA-256. */
  algorithm: "ES256" | "RS256";
}

function pemBlocks(text: string, label: string): Uint8Array<ArrayBuffer>[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, "g");
  return [...text.matchAll(re)].map((m) =>
    Uint8Array.from(Buffer.from((m[1] as string).replace(/\s+/g, ""), "base64")),
  );
}

/** Certificates in PEM text (one or more). */
export function certificatesFromPem(text: string): X509Certificate[] {
  return pemBlocks(text, "CERTIFICATE").map((der) => new X509Certificate(der));
}

/** An identity from a PKCS#8 PEM key and a PEM certificate. */
export async function identityFromPem(keyPem: string, certPem: string): Promise<SigningIdentity> {
  const der = pemBlocks(keyPem, "PRIVATE KEY")[0];
  if (!der)
    throw new Error("the key file holds no PKCS#8 private key (-----BEGIN PRIVATE KEY-----)");
  const cert = certificatesFromPem(certPem)[0];
  if (!cert)
    throw new Error("the certificate file holds no certificate (-----BEGIN CERTIFICATE-----)");
  return identityFromKey(der, cert);
}

export async function identityFromKey(
  pkcs8: Uint8Array<ArrayBuffer>,
  cert: X509Certificate,
): Promise<SigningIdentity> {
  const algorithm = cert.publicKey.asymmetricKeyType === "ec" ? "ES256" : "RS256";
  const privateKey = await webcrypto.subtle.importKey(
    "pkcs8",
    pkcs8,
    algorithm === "ES256" ? EC : { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return { privateKey, cert, certDer: new Uint8Array(cert.raw), algorithm };
}
