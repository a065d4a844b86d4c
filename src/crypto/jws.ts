/**
 * Signed data twins, with jose:
 * - OB3: the credential as a VC-JWT (a compact JWS, the JWT proof format 1EdTech's OB 3.0
 *   conformance accepts): header alg (ES256 or RS256), typ JWT and the signer's public key as jwk
 *   (no other header); payload the credential with iss, jti, nbf (and sub) claims.
 * - ELM: the European Digital Credential sealed as a JAdES baseline-B JWS in the JSON general
 *   serialization, as the EU's sealed sample is: unencoded payload (b64 false), sigT, x5c and
 *   x5t#S256 in the protected header. B-T and above need a time-stamping authority (network) and
 *   a production EDC seal a qualified or advanced e-seal certificate: see README.
 */
import { createHash, createPublicKey, type KeyObject, X509Certificate } from "node:crypto";
import { CompactSign, compactVerify, GeneralSign, generalVerify, importJWK } from "jose";
import type { SigningIdentity } from "./identity.js";

const b64url = (b: Uint8Array) => Buffer.from(b).toString("base64url");

/** The OB3 credential (JSON text) as a VC-JWT. */
export async function signOb3(json: string, identity: SigningIdentity): Promise<string> {
  const credential = JSON.parse(json) as Record<string, unknown>;
  const subject = (credential.credentialSubject ?? {}) as { id?: string };
  const issuer = credential.issuer as { id?: string } | string | undefined;
  const validFrom =
    typeof credential.validFrom === "string" ? Date.parse(credential.validFrom) : NaN;
  const payload = {
    ...credential,
    iss: typeof issuer === "string" ? issuer : issuer?.id,
    jti: credential.id,
    ...(Number.isFinite(validFrom) ? { nbf: Math.floor(validFrom / 1000) } : {}),
    ...(subject.id ? { sub: subject.id } : {}),
  };
  const jwk = identity.cert.publicKey.export({ format: "jwk" });
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: identity.algorithm, typ: "JWT", jwk })
    .sign(identity.privateKey);
}

/** The EDC (JSON-LD text) sealed as JAdES baseline-B (JWS JSON general serialization). */
export async function sealElm(json: string, identity: SigningIdentity, at: Date): Promise<string> {
  const payload = new TextEncoder().encode(json);
  const jws = await new GeneralSign(payload)
    .addSignature(identity.privateKey, { crit: { sigT: true } })
    .setProtectedHeader({
      alg: identity.algorithm,
      typ: "jose+json",
      cty: "json",
      b64: false,
      crit: ["b64", "sigT"],
      sigT: `${at.toISOString().slice(0, 19)}Z`,
      x5c: [Buffer.from(identity.certDer).toString("base64")],
      "x5t#S256": b64url(createHash("sha256").update(identity.certDer).digest()),
    })
    .sign();
  // With b64 false, jose leaves the payload out: it is the JSON itself, as the EU sample has it.
  return `${JSON.stringify({ payload: json, signatures: jws.signatures }, null, 2)}\n`;
}

export interface DataSignature {
  valid: boolean;
  /** The signed payload, parsed. */
  payload?: Record<string, unknown>;
  /** The signer's public key (to match against trusted certificates). */
  key?: KeyObject;
  /** The certificate a JAdES seal carries. */
  certificate?: X509Certificate;
  signingTime?: string;
  problem?: string;
}

/** Verifies a VC-JWT against the key in its header. */
export async function verifyOb3Jwt(jwt: string): Promise<DataSignature> {
  try {
    const header = JSON.parse(Buffer.from(jwt.split(".")[0] ?? "", "base64url").toString("utf8"));
    if (!header.jwk) return { valid: false, problem: "the JWT names no key (jwk)" };
    const key = await importJWK(header.jwk, header.alg);
    const { payload } = await compactVerify(jwt, key);
    const parsed = JSON.parse(new TextDecoder().decode(payload));
    return {
      valid: true,
      payload: parsed,
      key: createPublicKey({ key: header.jwk, format: "jwk" }),
    };
  } catch (e) {
    return { valid: false, problem: `the signature does not verify (${(e as Error).message})` };
  }
}

/** Verifies a JAdES-sealed EDC (JSON text) against the certificate it carries. */
export async function verifyJades(text: string): Promise<DataSignature> {
  try {
    const jws = JSON.parse(text) as {
      payload: string;
      signatures: { protected: string; signature: string }[];
    };
    const first = jws.signatures?.[0];
    if (!first || typeof jws.payload !== "string")
      return { valid: false, problem: "not a JAdES JWS" };
    const header = JSON.parse(Buffer.from(first.protected, "base64url").toString("utf8"));
    const der = Buffer.from(header.x5c?.[0] ?? "", "base64");
    const certificate = new X509Certificate(der);
    await generalVerify(jws as never, certificate.publicKey, { crit: { sigT: true } });
    return {
      valid: true,
      payload: JSON.parse(jws.payload),
      key: certificate.publicKey,
      certificate,
      ...(header.sigT ? { signingTime: header.sigT } : {}),
    };
  } catch (e) {
    return { valid: false, problem: `the seal does not verify (${(e as Error).message})` };
  }
}
