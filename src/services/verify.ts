/**
 * `verify`: is a supplement (a PDF) or one of its twins authentic? For a PDF: its signature
 * (intact, covering the whole file, PAdES), the signer and whether it is trusted, and the twins
 * it carries: present, and stating what its holder page states. Offline.
 */
import type { X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createTranslator, LANGS } from "../core/i18n/index.js";
import { decodeStatusList, isSet } from "../core/status-list.js";
import { securedName } from "../core/twins/index.js";
import { isDevelopmentCertificate, subjectOf } from "../crypto/identity.js";
import { verifyJades, verifyOb3Jwt } from "../crypto/jws.js";
import { verifyPdfSignature } from "../crypto/pades.js";
import { trustOf } from "../crypto/trust.js";
import { SupplementError } from "../errors.js";
import { readAttachments } from "../render/attachments.js";
import { pageTexts } from "../render/pdftext.js";
import { twinFormat } from "../standards/index.js";

export type CheckName = "signature" | "trust" | "twins" | "agreement" | "status";

export interface Check {
  check: CheckName;
  ok: boolean;
  message: string;
}

export interface Signer {
  subject: string;
  fingerprint: string;
  signingTime?: string;
  development: boolean;
}

export interface Verdict {
  file: string;
  kind: "pdf" | "ob3" | "elm";
  /** Every check passed (trust may be waived with allowUntrusted). */
  ok: boolean;
  signer?: Signer;
  checks: Check[];
}

export interface VerifyOptions {
  /** Where status lists are read: a built site folder, one status-list file, or (online) their URLs. */
  status?: { siteDir?: string; file?: string; online?: boolean };
  trust: readonly X509Certificate[];
  /** A valid signature by an untrusted signer does not fail the file. */
  allowUntrusted?: boolean;
}

/** A verdict being made: `add` records a check (a failed one fails the file); `judge` the signer's trust. */
function recorder(file: string, kind: Verdict["kind"], options: VerifyOptions) {
  const verdict: Verdict = { file, kind, ok: true, checks: [] };
  const add = (check: CheckName, ok: boolean, message: string) => {
    verdict.checks.push({ check, ok, message });
    if (!ok) verdict.ok = false;
  };
  const judge = (t: { trusted: boolean; reason: string }) => {
    if (t.trusted) add("trust", true, `the signer is trusted: ${t.reason}`);
    else if (options.allowUntrusted)
      verdict.checks.push({
        check: "trust",
        ok: false,
        message: `valid, not trusted: ${t.reason} (allowed with --allow-untrusted)`,
      });
    else add("trust", false, `valid, not trusted: ${t.reason}`);
  };
  return { verdict, add, judge };
}

interface Twin {
  name: string;
  doc: Record<string, unknown>;
}

/** The facts a twin states that the holder page (or the program's first page) prints. */
function factsOf(twins: Twin[]): { label: string; values: string[] }[] {
  const facts: { label: string; values: string[] }[] = [];
  for (const { doc } of twins) {
    // biome-ignore lint/suspicious/noExplicitAny: a JSON document, read defensively
    const d = doc as any;
    const types: string[] = Array.isArray(d.type) ? d.type : [d.type];
    if (types.includes("OpenBadgeCredential") || types.includes("AchievementCredential")) {
      const subject = d.credentialSubject ?? {};
      const name = (subject.identifier ?? []).find(
        (i: { identityType?: string }) =>
          i.identityType === "ext:name" || i.identityType === "name",
      )?.identityHash;
      if (name) facts.push({ label: "holder's name", values: [name] });
      // The credential's id ends with the credential id: urn:supplement:credential:<program>:<id>,
      // or the verification address the pattern made.
      const id = typeof d.id === "string" ? d.id : "";
      const tail = id.startsWith("urn:supplement:credential:")
        ? id.slice(id.lastIndexOf(":") + 1)
        : /^https?:\/\//.test(id)
          ? decodeURIComponent(
              id
                .replace(/[?#].*$/, "")
                .replace(/\/+$/, "")
                .split("/")
                .pop() ?? "",
            )
          : "";
      if (tail) facts.push({ label: "credential id", values: [tail] });
      const achievement = subject.achievement ?? {};
      if (achievement.name) facts.push({ label: "program", values: [achievement.name] });
      const credits = subject.creditsEarned ?? achievement.creditsAvailable;
      if (credits !== undefined) facts.push({ label: "ECTS credits", values: [String(credits)] });
      for (const a of achievement.alignment ?? [])
        if (a.targetCode) facts.push({ label: "EQF level", values: [String(a.targetCode)] });
      if (d.validFrom)
        facts.push({ label: "date of issue", values: [String(d.validFrom).slice(0, 10)] });
      if (d.awardedDate)
        facts.push({ label: "date of completion", values: [String(d.awardedDate).slice(0, 10)] });
    } else if (types.includes("EuropeanDigitalCredential")) {
      const id = d.identifier?.notation;
      if (id) facts.push({ label: "credential id", values: [String(id)] });
      const full = d.credentialSubject?.fullName;
      if (full && typeof full === "object")
        facts.push({ label: "holder's name", values: Object.values(full).map(String) });
    } else if (types.includes("Achievement")) {
      if (d.name) facts.push({ label: "program", values: [d.name] });
      if (d.creditsAvailable !== undefined)
        facts.push({ label: "ECTS credits", values: [String(d.creditsAvailable)] });
    }
  }
  return facts;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether the page text states a value: numbers as whole numbers, dates in any document language. */
function states(text: string, value: string): boolean {
  const v = value.normalize("NFC").replace(/\s+/g, " ");
  if (/^\d+(\.\d+)?$/.test(v))
    return new RegExp(`(^|[^\\d.,])${v.replace(".", "[.,]")}([^\\d]|$)`).test(text);
  if (ISO_DATE.test(v))
    return (
      text.includes(v) || LANGS.some((lang) => text.includes(createTranslator([lang]).date(v)))
    );
  return text.includes(v);
}

async function verifyPdf(file: string, bytes: Buffer, options: VerifyOptions): Promise<Verdict> {
  const { verdict, add, judge } = recorder(file, "pdf", options);
  const signature = await verifyPdfSignature(bytes);
  if (!signature) {
    add(
      "signature",
      false,
      "the PDF is not signed: nothing shows that it is unchanged since it was issued",
    );
  } else {
    if (signature.signer)
      verdict.signer = {
        subject: subjectOf(signature.signer),
        fingerprint: signature.signer.fingerprint256,
        ...(signature.signingTime ? { signingTime: signature.signingTime } : {}),
        development: isDevelopmentCertificate(signature.signer),
      };
    if (signature.intact && signature.wholeFile && !signature.problems.length)
      add(
        "signature",
        true,
        `intact and valid (PAdES, ${signature.subFilter}), covering the whole file`,
      );
    else add("signature", false, signature.problems.join("; ") || "the signature is not valid");
    if (signature.signer && signature.intact) {
      const trust = trustOf(
        signature.signer,
        options.trust,
        signature.signingTime ? new Date(signature.signingTime) : undefined,
      );
      judge(trust);
    }
  }
  let files: Map<string, Uint8Array>;
  try {
    files = await readAttachments(bytes);
  } catch (e) {
    add("twins", false, `the embedded files cannot be read: ${(e as Error).message}`);
    return verdict;
  }
  const twins: Twin[] = [];
  for (const [name, content] of files) {
    if (!/\.(json|jsonld)$/i.test(name)) continue;
    try {
      const doc = JSON.parse(Buffer.from(content).toString("utf8"));
      if (twinFormat(doc)) twins.push({ name, doc });
    } catch {
      add("twins", false, `${name} is not JSON`);
    }
  }
  if (!twins.length) {
    add("twins", false, "the PDF carries no machine-readable twin (ELM or Open Badges 3.0)");
    return verdict;
  }
  add("twins", true, `carries ${twins.map((t) => t.name).join(" and ")}`);
  const [page] = await pageTexts(bytes, 1);
  const missing: string[] = [];
  const facts = factsOf(twins);
  for (const fact of facts)
    if (!fact.values.some((v) => states(page ?? "", v)))
      missing.push(`${fact.label} "${fact.values[0]}"`);
  if (missing.length)
    add(
      "agreement",
      false,
      `the twins state what the first page does not: ${missing.join(", ")} (a twin swapped or edited?)`,
    );
  else
    add(
      "agreement",
      true,
      `the twins state what the first page states (${[...new Set(facts.map((f) => f.label))].join(", ")})`,
    );
  const status = await statusCheck(twins.find((t) => twinFormat(t.doc) === "ob3")?.doc, options);
  if (status) add(status.check, status.ok, status.message);
  return verdict;
}

/** The claims a VC-JWT adds to the credential it carries. */
const JWT_CLAIMS = new Set(["iss", "jti", "nbf", "sub", "exp", "iat"]);

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** Names of the facts that differ between two credentials (for a tampered JSON twin). */
function differences(signed: Record<string, unknown>, given: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (sameJson(a, b)) return;
    if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b as object)]);
      for (const k of keys)
        walk(
          (a as Record<string, unknown>)[k],
          (b as Record<string, unknown>)[k],
          path ? `${path}.${k}` : k,
        );
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      for (const [i, x] of a.entries()) walk(x, b[i], `${path}[${i}]`);
      return;
    }
    out.push(path || "(root)");
  };
  walk(signed, given, "");
  return out;
}

/** A twin file on its own: a VC-JWT, a JAdES-sealed EDC, or plain JSON checked against its secured form beside it. */
async function verifyData(
  file: string,
  text: string,
  options: VerifyOptions,
): Promise<Verdict | SupplementError> {
  const { verdict, add, judge } = recorder(file, "ob3", options);
  const trustKey = (
    key: import("node:crypto").KeyObject | undefined,
    cert?: X509Certificate,
    at?: string,
  ) => {
    if (cert) {
      verdict.signer = {
        subject: subjectOf(cert),
        fingerprint: cert.fingerprint256,
        ...(at ? { signingTime: at } : {}),
        development: isDevelopmentCertificate(cert),
      };
      const t = trustOf(cert, options.trust, at ? new Date(at) : undefined);
      return t;
    }
    const spki = key?.export({ format: "der", type: "spki" }).toString("hex");
    const anchor = options.trust.find(
      (c) => c.publicKey.export({ format: "der", type: "spki" }).toString("hex") === spki,
    );
    if (anchor) {
      verdict.signer = {
        subject: subjectOf(anchor),
        fingerprint: anchor.fingerprint256,
        development: isDevelopmentCertificate(anchor),
      };
      return { trusted: true, reason: "signed with the key of a trusted certificate" };
    }
    return { trusted: false, reason: "its key is not the key of any trusted certificate" };
  };
  const trimmed = text.trim();
  // A VC-JWT (OB3).
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(trimmed)) {
    const r = await verifyOb3Jwt(trimmed);
    if (!r.valid) add("signature", false, r.problem ?? "the signature does not verify");
    else {
      add("signature", true, "intact and valid (VC-JWT)");
      judge(trustKey(r.key));
      const status = await statusCheck(r.payload, options);
      if (status) add(status.check, status.ok, status.message);
    }
    return verdict;
  }
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text);
  } catch {
    return new SupplementError("NOT_A_TWIN", {
      path: file,
      reason: trimmed ? "neither a PDF, a JWT nor JSON" : "the file is empty",
    });
  }
  // A JAdES-sealed EDC.
  if (typeof doc.payload === "string" && Array.isArray(doc.signatures)) {
    verdict.kind = "elm";
    const r = await verifyJades(text);
    if (!r.valid) add("signature", false, r.problem ?? "the seal does not verify");
    else {
      add("signature", true, "intact and valid (JAdES baseline-B seal)");
      judge(trustKey(r.key, r.certificate, r.signingTime));
    }
    return verdict;
  }
  const format = twinFormat(doc);
  if (!format)
    return new SupplementError("NOT_A_TWIN", {
      path: file,
      reason: "neither an ELM nor an Open Badges 3.0 document",
    });
  verdict.kind = format;
  // Plain JSON: only as good as the secured form written beside it.
  const secured = securedName(format, file);
  if (secured === file || !existsSync(secured)) {
    add(
      "signature",
      false,
      `the file carries no proof, and its secured form (${secured.split("/").pop()}) is not beside it`,
    );
    return verdict;
  }
  const r =
    format === "ob3"
      ? await verifyOb3Jwt(readFileSync(secured, "utf8").trim())
      : await verifyJades(readFileSync(secured, "utf8"));
  if (!r.valid || !r.payload) {
    add("signature", false, `its secured form ${secured}: ${r.problem ?? "does not verify"}`);
    return verdict;
  }
  const signed = Object.fromEntries(
    Object.entries(r.payload).filter(([k]) => format !== "ob3" || !JWT_CLAIMS.has(k)),
  );
  const changed = differences(signed, doc);
  if (changed.length)
    add(
      "signature",
      false,
      `the file differs from what was signed (${secured.split("/").pop()}): ${changed.slice(0, 5).join(", ")}${changed.length > 5 ? ", …" : ""}`,
    );
  else
    add(
      "signature",
      true,
      `the same as its signed form ${secured.split("/").pop()}, whose signature is valid`,
    );
  judge(trustKey(r.key, r.certificate, r.signingTime));
  const status = format === "ob3" ? await statusCheck(doc, options) : undefined;
  if (status) add(status.check, status.ok, status.message);
  return verdict;
}

/** Whether a credential's Bitstring Status List entry says revoked, from local files unless online. */
async function statusCheck(
  doc: Record<string, unknown> | undefined,
  options: VerifyOptions,
): Promise<Check | undefined> {
  const entry = doc?.credentialStatus as
    | { statusListCredential?: string; statusListIndex?: string; statusPurpose?: string }
    | undefined;
  if (!entry?.statusListCredential || entry.statusListIndex === undefined) return undefined;
  const url = entry.statusListCredential;
  const index = Number(entry.statusListIndex);
  const source = options.status ?? {};
  let text: string | undefined;
  let from = url;
  try {
    if (source.file) {
      from = source.file;
      text = (await readFile(source.file)).toString("utf8");
    } else if (source.siteDir) {
      from = join(source.siteDir, decodeURIComponent(new URL(url).pathname));
      text = (await readFile(from)).toString("utf8");
    } else if (source.online) {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = await response.text();
    } else
      return {
        check: "status",
        ok: true,
        message: `not checked: the status list is ${url} (give --site <dir> or --status <file>, or --online)`,
      };
  } catch (e) {
    return {
      check: "status",
      ok: false,
      message: `the status list ${from} cannot be read (${(e as Error).message})`,
    };
  }
  try {
    const list = JSON.parse(text) as { credentialSubject?: { encodedList?: string } };
    const bits = decodeStatusList(list.credentialSubject?.encodedList ?? "");
    return isSet(bits, index)
      ? { check: "status", ok: false, message: `revoked (bit ${index} of ${from} is set)` }
      : { check: "status", ok: true, message: `not revoked (bit ${index} of ${from})` };
  } catch (e) {
    return {
      check: "status",
      ok: false,
      message: `the status list ${from} is not valid (${(e as Error).message})`,
    };
  }
}

export async function verifyFiles(
  files: readonly string[],
  options: VerifyOptions,
): Promise<{ verdicts: Verdict[]; errors: SupplementError[] }> {
  const verdicts: Verdict[] = [];
  const errors: SupplementError[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      errors.push(
        code === "ENOENT"
          ? new SupplementError("FILE_NOT_FOUND", { path: file })
          : new SupplementError("FILE_UNREADABLE", { path: file, reason: String(code ?? e) }),
      );
      continue;
    }
    if (bytes.subarray(0, 5).toString("latin1") === "%PDF-") {
      verdicts.push(await verifyPdf(file, bytes, options));
      continue;
    }
    const text = bytes.toString("utf8");
    const verdict = await verifyData(file, text, options);
    if (verdict instanceof SupplementError) errors.push(verdict);
    else verdicts.push(verdict);
  }
  return { verdicts, errors };
}
