/**
 * `validate`: ELM and OB3 documents, given as files or carried inside PDFs, against the official
 * definitions. Every file of a run is reported; unreadable ones are errors, not findings.
 */
import { readFile } from "node:fs/promises";
import { SupplementError } from "../errors.js";
import { readAttachments } from "../render/attachments.js";
import { type TwinFormat, twinFormat, type Violation, validateTwin } from "../standards/index.js";

export interface ValidatedTwin {
  /** The file given. */
  file: string;
  /** For a file carried in a PDF, its name there. */
  embedded?: string;
  format: TwinFormat;
  violations: Violation[];
}

export interface ValidationRun {
  twins: ValidatedTwin[];
  /** PDFs that carry no twin. */
  empty: string[];
  errors: SupplementError[];
}

/** Control characters (other than whitespace) or undecodable bytes near the start. */
function looksBinary(text: string): boolean {
  for (let i = 0; i < Math.min(text.length, 4096); i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) return true;
  }
  return false;
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new SupplementError("NOT_A_TWIN", {
      path,
      reason: !text.trim()
        ? "the file is empty"
        : // Binary data: the parser's message would quote unreadable bytes.
          looksBinary(text)
          ? "not JSON (binary data)"
          : `not JSON (${(e as Error).message})`,
    });
  }
}

async function validateOne(file: string, run: ValidationRun): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw code === "ENOENT"
      ? new SupplementError("FILE_NOT_FOUND", { path: file })
      : new SupplementError("FILE_UNREADABLE", { path: file, reason: String(code ?? e) });
  }
  if (bytes.subarray(0, 5).toString("latin1") === "%PDF-") {
    let files: Map<string, Uint8Array>;
    try {
      files = await readAttachments(bytes);
    } catch (e) {
      throw new SupplementError("NOT_A_TWIN", {
        path: file,
        reason: `the PDF cannot be read: ${(e as Error).message}`,
      });
    }
    let found = 0;
    for (const [name, content] of [...files].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (!/\.(json|jsonld)$/i.test(name)) continue;
      const doc = parseJson(Buffer.from(content).toString("utf8"), `${file} » ${name}`);
      const format = twinFormat(doc);
      if (!format) continue;
      found++;
      run.twins.push({ file, embedded: name, format, violations: await validateTwin(doc, format) });
    }
    if (!found) run.empty.push(file);
    return;
  }
  let doc = parseJson(bytes.toString("utf8"), file);
  // A JAdES-sealed EDC (JWS JSON serialization with its payload unencoded): its payload is validated.
  const sealed = doc as { payload?: unknown; signatures?: unknown };
  if (typeof sealed.payload === "string" && Array.isArray(sealed.signatures))
    doc = parseJson(sealed.payload, `${file} (payload)`);
  const format = twinFormat(doc);
  if (!format)
    throw new SupplementError("NOT_A_TWIN", {
      path: file,
      reason:
        "neither an ELM document (the EDC context http://data.europa.eu/snb/model/context/edc-ap) nor an Open Badges 3.0 one (an Achievement or OpenBadgeCredential)",
    });
  run.twins.push({ file, format, violations: await validateTwin(doc, format) });
}

export async function validateFiles(files: readonly string[]): Promise<ValidationRun> {
  const run: ValidationRun = { twins: [], empty: [], errors: [] };
  for (const file of files) {
    try {
      await validateOne(file, run);
    } catch (e) {
      if (e instanceof SupplementError) run.errors.push(e);
      else throw e;
    }
  }
  return run;
}
