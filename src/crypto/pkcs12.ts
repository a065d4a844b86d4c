/**
 * PKCS#12 (.p12/.pfx) files, as certificate authorities deliver e-seals: the private key and
 * the certificate, read with pkijs (PBES2 as OpenSSL 3 writes by default, with the MAC checked).
 */
import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { identityFromKey, type SigningIdentity } from "./identity.js";

export async function identityFromPkcs12(
  file: Uint8Array,
  password: string,
): Promise<SigningIdentity> {
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
