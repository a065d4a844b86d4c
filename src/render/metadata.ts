/**
 * Document properties Chromium does not write (it sets only the title, /Lang and
 * DisplayDocTitle): author, subject, keywords, creator, producer and dates.
 *
 * They are added as an incremental update: a new Info dictionary, an xref section for it and a
 * trailer pointing back at Chromium's, appended to the file. Nothing Chromium wrote is parsed or
 * rewritten, so this takes well under a millisecond (a pdf-lib load and save took 110 ms for a
 * 5-page supplement), and a later signature can be appended the same way.
 */
import { createHash } from "node:crypto";
import { PDFRef } from "pdf-lib";
import type { SupplementView } from "../core/view.js";
import { type Attachment, attachmentObjects, objectBytes } from "./attachments.js";
import { pdfDateText } from "./pdf-objects.js";

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** BCP 47 language tag, e.g. "en". */
  language: string;
  creator: string;
  /** Creation and modification date. */
  date: Date;
}

/** A PDF text string: literal when ASCII, else UTF-16BE with a byte-order mark, as hex. */
export function pdfTextString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  let hex = "FEFF";
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, "0");
  return `<${hex.toUpperCase()}>`;
}

/** (D:YYYYMMDDHHmmSSZ), as written into a dictionary's text. */
export function pdfDate(date: Date): string {
  return `(${pdfDateText(date)})`;
}

export class PdfStructureError extends Error {}

/** The last trailer of a PDF with a classic cross-reference table (as Chromium writes). */
export function lastTrailer(pdf: Uint8Array): {
  startxref: number;
  size: number;
  root: string;
  id?: string;
} {
  // The trailer and startxref are in the last kilobytes; latin1 keeps byte offsets.
  const tailStart = Math.max(0, pdf.length - 4096);
  const tail = Buffer.from(pdf.buffer, pdf.byteOffset + tailStart, pdf.length - tailStart).toString(
    "latin1",
  );
  const sx = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  const tr = tail.lastIndexOf("trailer");
  if (!sx || tr < 0) throw new PdfStructureError("no classic trailer at the end of the PDF");
  const dict = tail.slice(tr, sx.index);
  const size = /\/Size\s+(\d+)/.exec(dict)?.[1];
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(dict)?.[1];
  if (!size || !root) throw new PdfStructureError("the trailer has no /Size or /Root");
  const id = /\/ID\s*(\[[^\]]*\])/.exec(dict)?.[1];
  return { startxref: Number(sx[1]), size: Number(size), root, ...(id ? { id } : {}) };
}

/** The byte offset of each object that a classic cross-reference table (and its /Prev chain) lists. */
function objectOffset(pdf: Uint8Array, num: number): number | undefined {
  const text = (from: number, len: number) =>
    Buffer.from(pdf.buffer, pdf.byteOffset + from, Math.min(len, pdf.length - from)).toString(
      "latin1",
    );
  let at: number | undefined = lastTrailer(pdf).startxref;
  const seen = new Set<number>();
  while (at !== undefined && !seen.has(at) && at < pdf.length) {
    seen.add(at);
    const head = text(at, 64);
    if (!head.startsWith("xref")) throw new PdfStructureError("no classic cross-reference table");
    let pos = at + 4;
    for (;;) {
      const chunk = text(pos, 64);
      const sub = /^\s*(\d+)\s+(\d+)[ \t]*\r?\n/.exec(chunk);
      if (!sub) break;
      const first = Number(sub[1]);
      const count = Number(sub[2]);
      pos += sub[0].length;
      if (num >= first && num < first + count) {
        const entry = text(pos + (num - first) * 20, 20);
        const m = /^(\d{10}) (\d{5}) ([nf])/.exec(entry);
        if (m && m[3] === "n") return Number(m[1]);
        return undefined;
      }
      pos += count * 20;
    }
    const trailer = text(pos, 2048);
    const prev = /\/Prev\s+(\d+)/.exec(trailer.slice(0, trailer.indexOf(">>") + 2 || undefined));
    at = prev ? Number(prev[1]) : undefined;
  }
  return undefined;
}

/** The text of an object's body (between `N 0 obj` and `endobj`), for a small dictionary such as the catalog. */
export function objectBody(pdf: Uint8Array, num: number): string {
  const at = objectOffset(pdf, num);
  if (at === undefined)
    throw new PdfStructureError(`object ${num} is not in the cross-reference table`);
  const text = Buffer.from(
    pdf.buffer,
    pdf.byteOffset + at,
    Math.min(65536, pdf.length - at),
  ).toString("latin1");
  const m = /^\s*\d+\s+\d+\s+obj\s*([\s\S]*?)\s*endobj/.exec(text);
  if (!m) throw new PdfStructureError(`object ${num} could not be read`);
  return m[1] as string;
}

/**
 * Appends an incremental update: `bodies` as new objects (numbered from the trailer's /Size on),
 * and `replaced` objects under their own numbers, with a cross-reference section and a trailer
 * with the extra entries given. Keeps the trailer's /ID, or adds one (a digest of the bytes).
 */
export function appendObjects(
  pdf: Uint8Array,
  bodies: (string | Uint8Array)[],
  trailerEntries: (numbers: number[]) => string,
  replaced: Map<number, string | Uint8Array> = new Map(),
): { pdf: Buffer; numbers: number[] } {
  const trailer = lastTrailer(pdf);
  const numbers = bodies.map((_, i) => trailer.size + i);
  const all: [number, string | Uint8Array][] = [
    ...[...replaced.entries()],
    ...bodies.map((b, i) => [numbers[i] as number, b] as [number, string | Uint8Array]),
  ].sort((a, b) => a[0] - b[0]);
  const chunks: Buffer[] = [Buffer.from(pdf.buffer, pdf.byteOffset, pdf.length)];
  let size = pdf.length;
  const push = (b: Buffer) => {
    chunks.push(b);
    size += b.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a) push(Buffer.from("\n", "latin1"));
  const offsets = new Map<number, number>();
  for (const [num, body] of all) {
    offsets.set(num, size);
    push(Buffer.from(`${num} 0 obj\n`, "latin1"));
    push(typeof body === "string" ? Buffer.from(body, "latin1") : Buffer.from(body));
    push(Buffer.from("\nendobj\n", "latin1"));
  }
  const xrefAt = size;
  let xref = "xref\n";
  // Subsections of consecutive numbers.
  const nums = all.map(([n]) => n);
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === (nums[j] as number) + 1) j++;
    xref += `${nums[i]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++)
      xref += `${String(offsets.get(nums[k] as number)).padStart(10, "0")} 00000 n\r\n`;
    i = j + 1;
  }
  const id =
    trailer.id ??
    (() => {
      const h = createHash("md5").update(pdf).digest("hex").toUpperCase();
      return `[<${h}> <${h}>]`;
    })();
  xref +=
    `trailer\n<< /Size ${trailer.size + bodies.length} /Root ${trailer.root} ` +
    `${trailerEntries(numbers)} /ID ${id} /Prev ${trailer.startxref} >>\n` +
    `startxref\n${xrefAt}\n%%EOF\n`;
  push(Buffer.from(xref, "latin1"));
  return { pdf: Buffer.concat(chunks, size), numbers };
}

/** The Info dictionary for these properties. */
export function infoDictionary(meta: PdfMetadata): string {
  const date = pdfDate(meta.date);
  return [
    "<<",
    `/Title ${pdfTextString(meta.title)}`,
    `/Author ${pdfTextString(meta.author)}`,
    `/Subject ${pdfTextString(meta.subject)}`,
    // Commas keep multi-word keywords ("EQF 6") together.
    `/Keywords ${pdfTextString(meta.keywords.join(", "))}`,
    `/Creator ${pdfTextString(meta.creator)}`,
    `/Producer ${pdfTextString(`${meta.creator} (Chromium)`)}`,
    `/CreationDate ${date}`,
    `/ModDate ${date}`,
    ">>",
  ].join("\n");
}

/**
 * Sets the document properties and embeds the files given (the machine-readable twins) as
 * associated files, in one incremental update. The document's language (/Lang) is the page's
 * `lang`, which Chromium writes; `meta.language` is kept for callers that build a document
 * themselves.
 */
export async function applyMetadata(
  printed: Uint8Array,
  meta: PdfMetadata,
  attachments: readonly Attachment[] = [],
): Promise<Uint8Array> {
  const pdf = pinPrintedDates(printed, meta.date);
  if (!attachments.length)
    return appendObjects(pdf, [infoDictionary(meta)], ([info]) => `/Info ${info} 0 R`).pdf;
  const trailer = lastTrailer(pdf);
  const rootNumber = Number(trailer.root.split(/\s+/)[0]);
  const catalog = objectBody(pdf, rootNumber).trim();
  if (!catalog.startsWith("<<") || !catalog.endsWith(">>"))
    throw new PdfStructureError("the document catalog is not a dictionary");
  if (/\/(Names|AF)\b/.test(catalog))
    throw new PdfStructureError("the document catalog already has /Names or /AF");
  // Info first, then the attachments' objects, numbered after it.
  let next = trailer.size + 1;
  const carried = attachmentObjects(attachments, meta.date, () => PDFRef.of(next++));
  const bodies: (string | Uint8Array)[] = [infoDictionary(meta)];
  for (const [, obj] of carried.objects) bodies.push(objectBytes(obj));
  const newCatalog = `${catalog.slice(0, -2)}\n/Names ${carried.names.toString()}\n/AF ${carried.af.toString()}>>`;
  return appendObjects(
    pdf,
    bodies,
    ([info]) => `/Info ${info} 0 R`,
    new Map([[rootNumber, newCatalog]]),
  ).pdf;
}

/**
 * Chromium dates its own Info dictionary (object 1, at the top of the file) with the wall clock.
 * Our Info supersedes it, but its bytes stay: they are overwritten in place (same length) with
 * the document's date, so that the same inputs and date give the same file.
 */
function pinPrintedDates(pdf: Uint8Array, date: Date): Uint8Array {
  const head = Buffer.from(pdf.buffer, pdf.byteOffset, Math.min(pdf.length, 16384)).toString(
    "latin1",
  );
  const stamp = date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const found = [...head.matchAll(/\/(?:CreationDate|ModDate) \(D:(\d{14})/g)];
  if (!found.length) return pdf;
  const out = Uint8Array.from(pdf);
  for (const m of found) {
    const at = (m.index as number) + m[0].length - 14;
    out.set(Buffer.from(stamp, "latin1"), at);
  }
  return out;
}

/** A supplement's document properties, from its view; `date` is YYYY-MM-DD (UTC). */
export function viewMetadata(view: SupplementView, creator: string, date: string): PdfMetadata {
  return {
    title: view.meta.title,
    author: view.meta.author,
    subject: view.meta.subject,
    keywords: view.meta.keywords,
    language: view.lang,
    creator,
    date: new Date(`${date}T00:00:00Z`),
  };
}
