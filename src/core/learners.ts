/**
 * Learners for issued supplements: header and row validation, deterministic credential ids,
 * safe file names and the shard partition. Pure.
 */
import { createHash } from "node:crypto";
import { dateProblem } from "./dates.js";
import { missingGlyphMessage, missingGlyphs } from "./glyphs.js";
import type { Ranges } from "./ranges.js";
import { closest } from "./suggest.js";

export const REQUIRED_COLUMNS = ["name", "learner_id", "completion_date"] as const;
export const OPTIONAL_COLUMNS = ["credential_id", "email", "grade"] as const;
const ALL_COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];
/** Columns whose text reaches the page (the e-mail only when printed; checked all the same). */
const PRINTED_COLUMNS = ["name", "learner_id", "credential_id", "grade", "email"] as const;

export interface Learner {
  /** Row number in the input (CSV: line of the record; JSON Lines: line). */
  row: number;
  name: string;
  learnerId: string;
  completionDate: string;
  credentialId: string;
  email?: string;
  grade?: string;
}

export interface RowProblem {
  row: number;
  column?: string;
  message: string;
  hint?: string;
}

/** Credential ids become file names: letters, digits, dot, underscore, hyphen. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A header name as it would be written canonically: lower case, words joined by "_". */
function canonicalColumn(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/**
 * Checks the header row. Column names are exact: "Name" or "Learner ID" are not "name" and
 * "learner_id", but each gets a did-you-mean (a required column is then reported once).
 */
export function validateHeader(columns: readonly string[]): RowProblem[] {
  const out: RowProblem[] = [];
  // A file exported with another separator reads as one column: say that, not five problems.
  const separator = columns.length === 1 ? /[;\t|]/.exec(columns[0] ?? "")?.[0] : undefined;
  if (separator)
    return [
      {
        row: 1,
        column: columns[0] as string,
        message: `the header is one column, "${(columns[0] as string).slice(0, 80)}": its columns are separated by ${separator === "\t" ? "tabs" : `"${separator}"`}`,
        hint: `Columns are separated by commas (${REQUIRED_COLUMNS.join(",")}): export the file as CSV with commas, in UTF-8, or name it .jsonl for JSON Lines.`,
      },
    ];
  const variants = new Set<string>();
  for (const c of columns) {
    if (ALL_COLUMNS.includes(c)) continue;
    const canonical = canonicalColumn(c);
    if (ALL_COLUMNS.includes(canonical)) {
      variants.add(canonical);
      out.push({
        row: 1,
        column: c,
        message: `unknown column "${c}"`,
        hint: `Did you mean "${canonical}"? Column names are written in lower case, with "_" between words.`,
      });
      continue;
    }
    const guess = closest(c, ALL_COLUMNS) ?? closest(canonical, ALL_COLUMNS);
    out.push({
      row: 1,
      column: c,
      message: `unknown column "${c}"`,
      hint: guess ? `Did you mean "${guess}"?` : `Columns: ${ALL_COLUMNS.join(", ")}.`,
    });
  }
  for (const c of REQUIRED_COLUMNS) {
    if (!columns.includes(c) && !variants.has(c))
      out.push({ row: 1, column: c, message: `the required column "${c}" is missing` });
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) out.push({ row: 1, column: c, message: `the column "${c}" appears twice` });
    seen.add(c);
  }
  return out;
}

/**
 * Whether header problems leave rows unreadable: a required column is absent under its name, or
 * a column appears twice (which of its values would count is anyone's guess).
 */
export function headerIsFatal(columns: readonly string[]): boolean {
  return (
    REQUIRED_COLUMNS.some((c) => !columns.includes(c)) || new Set(columns).size !== columns.length
  );
}

/**
 * The first line break, other control character or undecodable byte in a field, as a problem, if
 * any. A file saved as Windows-1252 or Latin-1 is read as UTF-8 with U+FFFD for each byte that is
 * not UTF-8: "Anna M\uFFFDller" must not reach a supplement.
 */
function unprintableProblem(value: string, row: number, column: string): RowProblem | undefined {
  for (const ch of value) {
    const cp = ch.codePointAt(0) as number;
    if (cp === 0xfffd)
      return {
        row,
        column,
        message: `the ${column.replace("_", " ")} "${value.length > 60 ? `${value.slice(0, 60)}…` : value}" has bytes that are not UTF-8 text (read as U+FFFD)`,
        hint: 'The file is probably saved as Windows-1252 or Latin-1: save it as UTF-8 (in Excel: "CSV UTF-8").',
      };
    if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
      return {
        row,
        column,
        message: `the ${column.replace("_", " ")} contains a bidirectional control character (U+${cp.toString(16).toUpperCase()}), which changes the order in which the text reads`,
        hint: "Remove it: a name in any script is printed in its own direction, isolated from the text around it.",
      };
    if (cp >= 0x20 && !(cp >= 0x7f && cp <= 0x9f) && cp !== 0x2028 && cp !== 0x2029) continue;
    const breaks = cp === 0x0a || cp === 0x0d || cp === 0x2028 || cp === 0x2029;
    return {
      row,
      column,
      message: `the ${column.replace("_", " ")} contains ${breaks ? "a line break" : "a control character"} (U+${cp.toString(16).toUpperCase().padStart(4, "0")})`,
      hint: breaks
        ? "Each field is printed on one line: remove the line break (a quoted field may span lines in CSV)."
        : "Remove the character; it cannot be printed.",
    };
  }
  return undefined;
}

/**
 * A digest of what a learner's row puts on the supplement (name, ids, completion date, grade,
 * e-mail), recorded in the register: --resume issues a supplement again when its row changed.
 */
export function holderDigest(learner: Learner): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        learner.name,
        learner.learnerId,
        learner.completionDate,
        learner.grade ?? "",
        learner.email ?? "",
      ]),
    )
    .digest("hex");
}

/** Columns whose value may be a JSON number (an id or a grade), printed as written. */
const NUMERIC_COLUMNS: ReadonlySet<string> = new Set(["learner_id", "grade"]);

function describeJson(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  if (typeof v === "number") return `the number ${v}`;
  return String(v);
}

/**
 * Keys that appear twice at the top level of a JSON object's text: JSON.parse keeps the last one
 * silently, as a CSV parser would keep one of two columns with the same name.
 */
export function duplicateJsonKeys(text: string): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "{" || ch === "[") depth++;
    else if (ch === "}" || ch === "]") depth--;
    else if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (depth === 1 && /^\s*:/.test(text.slice(j + 1, j + 20))) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          key = text.slice(i + 1, j);
        }
        if (seen.has(key)) twice.add(key);
        seen.add(key);
      }
      i = j;
    }
  }
  return [...twice];
}

/** The same program and learner always get the same id: `<program id>-<16 hex digits>`. */
export function deriveCredentialId(programId: string, learnerId: string): string {
  return `${programId}-${createHash("sha256").update(`${programId}\n${learnerId}`).digest("hex").slice(0, 16)}`;
}

export function validateRow(
  record: Readonly<Record<string, unknown>>,
  row: number,
  programId: string,
  /** YYYY-MM-DD: a completion after this day is an error. */
  issueDate?: string,
  /** The characters the fonts can draw: a printed field with others is an error. */
  glyphs?: Ranges,
): { learner?: Learner; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  // JSON Lines gives typed values: text, or a number for an id or a grade (12345, 1.3).
  const typed = new Set<string>();
  for (const column of ALL_COLUMNS) {
    const v = record[column];
    if (v === undefined || v === null || typeof v === "string") continue;
    if (typeof v === "number" && Number.isFinite(v) && NUMERIC_COLUMNS.has(column)) continue;
    typed.add(column);
    problems.push({
      row,
      column,
      message: `the ${column.replace("_", " ")} must be text, found ${describeJson(v)}`,
      hint: `Write it as a JSON string: "${column}": "…".`,
    });
  }
  const text = (c: string) => {
    const v = record[c];
    return v === undefined || v === null || typed.has(c) ? "" : String(v).trim();
  };
  const name = text("name");
  const learnerId = text("learner_id");
  const completionDate = text("completion_date");
  if (!name && !typed.has("name"))
    problems.push({ row, column: "name", message: "the name is empty" });
  else if (name && !/\p{L}/u.test(name))
    problems.push({
      row,
      column: "name",
      message: `the name "${name}" has no letter`,
      hint: "Write the holder's name as on the certificate; a name of invisible characters, digits or punctuation alone would print as nothing useful.",
    });
  else if (name.length > 300)
    problems.push({
      row,
      column: "name",
      message: `the name is ${name.length} characters long; at most 300`,
    });
  if (!learnerId && !typed.has("learner_id"))
    problems.push({ row, column: "learner_id", message: "the learner id is empty" });
  if (!completionDate && !typed.has("completion_date"))
    problems.push({
      row,
      column: "completion_date",
      message: "the completion date is empty",
      hint: "Write it as YYYY-MM-DD.",
    });
  else if (completionDate) {
    const wrong = dateProblem(completionDate);
    if (wrong) problems.push({ row, column: "completion_date", ...wrong });
    else if (issueDate && completionDate > issueDate)
      problems.push({
        row,
        column: "completion_date",
        message: `the completion date ${completionDate} is after the issue date ${issueDate}`,
        hint: "A supplement is issued once the program is completed: check the date, or the date of issue (--issue-date).",
      });
  }
  for (const column of PRINTED_COLUMNS) {
    const problem = unprintableProblem(text(column), row, column);
    if (problem) problems.push(problem);
  }
  let credentialId = text("credential_id");
  if (credentialId && !SAFE_ID.test(credentialId)) {
    problems.push({
      row,
      column: "credential_id",
      message: `credential id "${credentialId.slice(0, 60)}" may contain only letters, digits, ".", "_" and "-" (at most 128)`,
      hint: "It names the output file; leave the column empty to derive an id from the program and learner id.",
    });
  }
  if (glyphs) {
    for (const column of PRINTED_COLUMNS) {
      if (problems.some((p) => p.column === column)) continue;
      const missing = missingGlyphs(text(column), glyphs);
      if (missing.length)
        problems.push({
          row,
          column,
          ...missingGlyphMessage(`the ${column.replace("_", " ")}`, missing),
        });
    }
  }
  const email = text("email");
  const grade = text("grade");
  if (email && (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(email)))
    problems.push({
      row,
      column: "email",
      message: `"${email.length > 60 ? `${email.slice(0, 60)}…` : email}" is not an e-mail address`,
      hint: "Write it as name@example.org, or leave the column empty.",
    });
  // A long grade (a sentence of assessment) is printed whole, over more pages if need be; an id
  // is a short code, printed in one line.
  if (learnerId.length > 100)
    problems.push({
      row,
      column: "learner_id",
      message: `the learner id is ${learnerId.length} characters long; at most 100`,
      hint: "It is an identifier, printed on the holder page in one line.",
    });
  if (problems.length) return { problems };
  credentialId ||= deriveCredentialId(programId, learnerId);
  return {
    learner: {
      row,
      name,
      learnerId,
      completionDate,
      credentialId,
      ...(email ? { email } : {}),
      ...(grade ? { grade } : {}),
    },
    problems,
  };
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(value: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined;
}

/** A learner's shard, from a hash of its learner id: stable whatever the order of the rows. */
export function shardOf(learnerId: string, count: number): number {
  const h = createHash("sha256").update(learnerId).digest();
  return (h.readUInt32BE(0) % count) + 1;
}

const URL_PLACEHOLDERS = ["{credential_id}", "{learner_id}", "{program_id}"];

/**
 * What is wrong with a verification address pattern, if anything: not http(s), a placeholder
 * that is not one of URL_PLACEHOLDERS, no placeholder that tells learners apart (every QR code
 * would lead to the same page), or not a URL once filled in.
 */
export function verifyUrlProblem(pattern: string): { message: string; hint: string } | undefined {
  const hint = `Write the address of each credential's page with ${URL_PLACEHOLDERS.join(", ")}, e.g. https://verify.example.org/{credential_id}.`;
  if (!/^https?:\/\//.test(pattern))
    return {
      message: `--verify-url must start with http:// or https://, found "${pattern}"`,
      hint,
    };
  const unknown = [...pattern.matchAll(/\{[^}]*\}/g)]
    .map((m) => m[0])
    .filter((p) => !URL_PLACEHOLDERS.includes(p));
  if (unknown.length)
    return {
      message: `--verify-url has ${unknown.length === 1 ? "a placeholder" : "placeholders"} that supplement does not fill in: ${unknown.join(", ")}`,
      hint,
    };
  if (!pattern.includes("{credential_id}") && !pattern.includes("{learner_id}"))
    return {
      message: `--verify-url "${pattern}" names no {credential_id}: every learner's QR code would lead to the same page`,
      hint,
    };
  try {
    new URL(pattern.replaceAll(/\{[a-z_]+\}/g, "x"));
  } catch {
    return { message: `--verify-url "${pattern}" is not a valid address`, hint };
  }
  return undefined;
}

/** Fills `{credential_id}`, `{learner_id}` and `{program_id}` in a verification URL pattern. */
export function verificationUrl(pattern: string, learner: Learner, programId: string): string {
  return pattern
    .replaceAll("{credential_id}", encodeURIComponent(learner.credentialId))
    .replaceAll("{learner_id}", encodeURIComponent(learner.learnerId))
    .replaceAll("{program_id}", encodeURIComponent(programId));
}
