/**
 * Where signing identities live on disk: a development identity written by `keys create`
 * (key file 0600), and the identity a run signs with, from the configuration (`signing:`):
 * a PEM key and certificate, or a PKCS#12 file whose password comes from an environment
 * variable the configuration names, never from a flag or a file.
 */
import { chmodSync, existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SupplementError } from "../errors.js";
import { writeFileAtomic } from "../io/atomic.js";
import { ensureWritableDir } from "../io/fs.js";
import { createDevIdentity, identityFromPem, type SigningIdentity } from "./identity.js";
import { identityFromPkcs12 } from "./pkcs12.js";

export const DEFAULT_KEY_FILE = "keys/signing-key.pem";
export const DEFAULT_CERT_FILE = "keys/signing-cert.pem";

export interface SigningConfig {
  enabled?: boolean;
  /** A PEM private key (PKCS#8) or a PKCS#12 file (.p12/.pfx). */
  keyFile?: string;
  /** The certificate, for a PEM key. */
  certFile?: string;
  /** The environment variable that holds the PKCS#12 password. */
  passwordEnv?: string;
  /** Trusted certificates for verify: a PEM file or a folder of them. */
  trust?: string | string[];
}

export interface WrittenIdentity {
  keyFile: string;
  certFile: string;
  fingerprint: string;
  subject: string;
}

/** Writes a development identity into `dir`: the key with mode 0600, the certificate beside it. */
export async function writeDevIdentity(
  dir: string,
  issuer: string,
  options: { force?: boolean; now?: Date } = {},
): Promise<WrittenIdentity> {
  const keyFile = join(dir, "signing-key.pem");
  const certFile = join(dir, "signing-cert.pem");
  if (!options.force) {
    const existing = [keyFile, certFile].filter((f) => existsSync(f));
    if (existing.length)
      throw new SupplementError("USAGE", {
        message: `${existing.join(" and ")} already exist${existing.length === 1 ? "s" : ""}; an identity is never overwritten by accident`,
        hint: "Use another folder with -o, or --force to replace it (everything signed with the old key then verifies only against the old certificate).",
      });
  }
  ensureWritableDir(dir);
  const identity = await createDevIdentity(issuer, options.now);
  await writeFileAtomic(keyFile, identity.keyPem, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  await writeFileAtomic(certFile, identity.certPem);
  return { keyFile, certFile, fingerprint: identity.fingerprint, subject: identity.subject };
}

function read(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new SupplementError("USAGE", {
        message: `the signing ${what} ${path} does not exist`,
        hint: 'Create a development identity with `supplement keys create --issuer "<name>"`, or name your own in the configuration (signing.keyFile, signing.certFile).',
      });
    throw new SupplementError("FILE_UNREADABLE", { path, reason: String(code ?? e) });
  }
}

/** The identity a run signs with: from `signing:` in the configuration (paths relative to `base`). */
export async function loadSigningIdentity(
  config: SigningConfig,
  base: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SigningIdentity> {
  const keyFile = resolve(base, config.keyFile ?? DEFAULT_KEY_FILE);
  const key = read(keyFile, "key file");
  try {
    if (/\.(p12|pfx)$/i.test(keyFile)) {
      const variable = config.passwordEnv ?? "SUPPLEMENT_KEY_PASSWORD";
      const password = env[variable];
      if (password === undefined)
        throw new SupplementError("USAGE", {
          message: `${keyFile} is a PKCS#12 file, and its password is read from $${variable}, which is not set`,
          hint: `Set ${variable} in the environment (signing.passwordEnv names another variable). A password never goes in the configuration or on the command line.`,
        });
      return await identityFromPkcs12(key, password);
    }
    const certFile = resolve(base, config.certFile ?? DEFAULT_CERT_FILE);
    return await identityFromPem(
      key.toString("utf8"),
      read(certFile, "certificate").toString("utf8"),
    );
  } catch (e) {
    if (e instanceof SupplementError) throw e;
    throw new SupplementError("USAGE", {
      message: `the signing identity in ${keyFile} cannot be used: ${(e as Error).message}`,
      hint: "signing.keyFile takes a PKCS#8 PEM key (with signing.certFile) or a PKCS#12 file; the key must be ECDSA P-256 or RSA.",
    });
  }
}
