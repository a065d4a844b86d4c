/**
 * PKCS#12 (.p12/.pfx) files, as certificate authorities deliver e-seals: the private key and
 * the certificate, read with pkijs (PBES2 as OpenSSL 3 writes by default, with the MAC checked).
 * Files in the older PKCS#12 encryption (3DES and RC2-40 with SHA-1, as Windows, macOS Keychain
 * and many CAs still export, and `openssl pkcs12 -legacy`) are read with node-forge, since
 * pkijs and Node's OpenSSL 3 have no RC2.
 */
import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import forge from "node-forge";
import * as pkijs from "pkijs";
import { identityFromKey, type SigningIdentity } from "./identity.js";

/** The PKCS#12 PBE algorithms (RFC 7292 Appendix C) that pkijs does not implement. */
const LEGACY_PBE = /1\.2\.840\.113549\.1\.12\.1\.\d/;

export async function identityFromPkcs12(
  file: Uint8Array,
  password: string,
): Promise<SigningIdentity> {
  try {
    return await readWithPkijs(file, password);
  } catch (e) {
    if (!LEGACY_PBE.test((e as Error).message)) throw e;
    return readLegacy(file, password);
  }
}

/** A PKCS#12 file in the legacy encryption, read with node-forge (the MAC is checked). */
function readLegacy(file: Uint8Array, password: string): Promise<SigningIdentity> {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const der = forge.util.createBuffer(Buffer.from(file).toString("binary"));
    p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), true, password);
  } catch (e) {
    throw new Error(
      `the password does not open it, or its integrity check fails (${(e as Error).message})`,
    );
  }
  const der = (asn: forge.asn1.Asn1) =>
    new Uint8Array(Buffer.from(forge.asn1.toDer(asn).getBytes(), "binary"));
  const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const keyBags = [
    ...bags(forge.pki.oids.pkcs8ShroudedKeyBag as string),
    ...bags(forge.pki.oids.keyBag as string),
  ];
  // node-forge turns RSA keys into its own objects and keeps any other key (EC) as ASN.1.
  const keys = keyBags.map((bag) =>
    bag.asn1
      ? der(bag.asn1)
      : bag.key
        ? der(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)))
        : undefined,
  );
  const certs = bags(forge.pki.oids.certBag as string).map(
    (bag) =>
      new X509Certificate(
        bag.asn1
          ? der(bag.asn1)
          : der(forge.pki.certificateToAsn1(bag.cert as forge.pki.Certificate)),
      ),
  );
  return matchKeyAndCertificate(
    keys.find((k) => k !== undefined),
    certs,
  );
}

async function readWithPkijs(file: Uint8Array, password: string): Promise<SigningIdentity> {
  const pw = new TextEncoder().encode(password).buffer as ArrayBuffer;
  const asn = asn1js.fromBER(Uint8Array.from(file));
  if (asn.offset === -1) throw new Error("not a PKCS#12 file");
  const pfx = new pkijs.PFX({ schema: asn.result });
  try {
    await pfx.parseInternalValues({ password: pw, checkIntegrity: true });
  } catch (e) {
    throw new Error(
      `the password does not open it, or its integrity check fails (${(e as Error).message})`,
    );
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new Error("it holds no authenticated safe");
  await safe.parseInternalValues({
    safeContents: safe.safeContents.map(() => ({ password: pw })),
  });
  let key: Uint8Array<ArrayBuffer> | undefined;
  const certs: X509Certificate[] = [];
  for (const contents of safe.parsedValue?.safeContents ?? []) {
    for (const bag of contents.value.safeBags) {
      if (bag.bagValue instanceof pkijs.PKCS8ShroudedKeyBag) {
        await bag.bagValue.parseInternalValues({ password: pw });
        const info = bag.bagValue.parsedValue;
        if (info) key = new Uint8Array(info.toSchema().toBER(false));
      } else if (bag.bagValue instanceof pkijs.PrivateKeyInfo) {
        key = new Uint8Array(bag.bagValue.toSchema().toBER(false));
      } else if (bag.bagValue instanceof pkijs.CertBag) {
        const cert = bag.bagValue.parsedValue;
        if (cert instanceof pkijs.Certificate)
          certs.push(new X509Certificate(new Uint8Array(cert.toSchema().toBER(false))));
      }
    }
  }
  return matchKeyAndCertificate(key, certs);
}

/** The identity of a PKCS#8 key and the certificate among `certs` whose public key is its own. */
function matchKeyAndCertificate(
  key: Uint8Array<ArrayBuffer> | undefined,
  certs: X509Certificate[],
): Promise<SigningIdentity> {
  if (!key) throw new Error("it holds no private key");
  // The signer's certificate is the one whose public key matches (a file may hold the chain too).
  const publicDer = createPublicKey(
    createPrivateKey({ key: Buffer.from(key), format: "der", type: "pkcs8" }),
  )
    .export({ format: "der", type: "spki" })
    .toString("hex");
  const cert = certs.find(
    (c) => c.publicKey.export({ format: "der", type: "spki" }).toString("hex") === publicDer,
  );
  if (!cert) throw new Error("it holds no certificate for its private key");
  return identityFromKey(key, cert);
}
