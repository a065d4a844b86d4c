/**
 * Which signers a relying party trusts: certificates from PEM files or folders of them
 * (`verify --trust`, `signing.trust`). A signer is trusted when its certificate is one of them,
 * or is issued by one of them (signature checked), and was valid when it signed.
 */
import { X509Certificate } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { SupplementError } from "../errors.js";
import { certificatesFromPem, isDevelopmentCertificate, subjectOf } from "./identity.js";

export function loadTrustAnchors(paths: readonly string[]): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const path of paths) {
    let files: string[];
    let folder = false;
    try {
      folder = statSync(path).isDirectory();
      files = folder
        ? readdirSync(path)
            .filter((f) => /\.(pem|crt|cer)$/i.test(f))
            .map((f) => join(path, f))
        : [path];
    } catch {
      throw new SupplementError("FILE_NOT_FOUND", { path });
    }
    const before = out.length;
    for (const file of files) {
      const bytes = readFileSync(file);
      const text = bytes.toString("latin1");
      if (text.includes("-----BEGIN CERTIFICATE-----")) {
        out.push(...certificatesFromPem(text));
        continue;
      }
      // A folder may hold keys and other files beside the certificates: those are skipped.
      if (folder && text.includes("-----BEGIN")) continue;
      try {
        out.push(new X509Certificate(bytes));
      } catch {
        if (!folder)
          throw new SupplementError("NOT_A_CERTIFICATE", {
            path: file,
            reason: "not a certificate (PEM or DER) to trust",
          });
      }
    }
    // A trust folder that holds no certificate trusts no one: most likely the wrong folder.
    if (folder && out.length === before)
      throw new SupplementError("NOT_A_CERTIFICATE", {
        path,
        reason: "the folder holds no certificate (.pem, .crt or .cer) to trust",
      });
  }
  return out;
}

export interface TrustVerdict {
  trusted: boolean;
  /** In words: "trusted (…)" or why not. */
  reason: string;
}

export function trustOf(
  signer: X509Certificate,
  anchors: readonly X509Certificate[],
  at?: Date,
): TrustVerdict {
  const when = at ?? new Date();
  if (when < new Date(signer.validFrom) || when > new Date(signer.validTo))
    return {
      trusted: false,
      reason: `the certificate was not valid at ${when.toISOString()} (valid ${signer.validFrom} to ${signer.validTo})`,
    };
  for (const anchor of anchors) {
    if (anchor.fingerprint256 === signer.fingerprint256)
      return { trusted: true, reason: "its certificate is one of the trusted certificates" };
    if (signer.checkIssued(anchor) && signer.verify(anchor.publicKey))
      return { trusted: true, reason: `issued by the trusted ${subjectOf(anchor)}` };
  }
  return {
    trusted: false,
    reason: isDevelopmentCertificate(signer)
      ? "a development certificate (development, not trusted), and not among the trusted certificates"
      : anchors.length
        ? "its certificate is neither one of the trusted certificates nor issued by one"
        : "no trusted certificates were given (--trust or signing.trust)",
  };
}
