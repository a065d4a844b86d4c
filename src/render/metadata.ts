/**
 * Document properties Chromium does not write (it sets only the title, /Lang and
 * DisplayDocTitle): author, subject, keywords, creator, producer and dates.
 *
 * They are added as an incremental update: a new Info dictionary, an xref section for it and a
 * trailer pointing back at Chromium's, appended to the file. Nothing Chromium wrote is parsed or
 * rewritten, so this takes well under a millisecond (a pdf-lib load and save took 110 ms for a
 * 5-page supplement), and a later signature can be appended the same way.
 */
import type { SupplementView } from "../core/view.js";

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

/** D:YYYYMMDDHHmmSSZ */
export function pdfDate(date: Date): string {
  return `(D:${date.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z)`;
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

/**
 * Appends objects as an incremental update: each body is written as the next free object number,
 * with an xref section and a trailer whose extra entries are given. Returns the new bytes and
 * the numbers the objects got.
 */
export function appendObjects(
  pdf: Uint8Array,
  bodies: string[],
  trailerEntries: (numbers: number[]) => string,
): { pdf: Buffer; numbers: number[] } {
  const trailer = lastTrailer(pdf);
  const numbers = bodies.map((_, i) => trailer.size + i);
  let text = pdf[pdf.length - 1] === 0x0a ? "" : "\n";
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(pdf.length + Buffer.byteLength(text, "latin1"));
    text += `${numbers[i]} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = pdf.length + Buffer.byteLength(text, "latin1");
  text += `xref\n${trailer.size} ${bodies.length}\n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, "0")} 00000 n\r\n`;
  text +=
    `trailer\n<< /Size ${trailer.size + bodies.length} /Root ${trailer.root} ` +
    `${trailerEntries(numbers)}${trailer.id ? ` /ID ${trailer.id}` : ""} /Prev ${trailer.startxref} >>\n` +
    `startxref\n${xrefAt}\n%%EOF\n`;
  return { pdf: Buffer.concat([pdf, Buffer.from(text, "latin1")]), numbers };
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
 * Sets the document properties. The document's language (/Lang) is the page's `lang`, which
 * Chromium writes; `meta.language` is kept for callers that build a document themselves.
 */
export async function applyMetadata(pdf: Uint8Array, meta: PdfMetadata): Promise<Uint8Array> {
  return appendObjects(pdf, [infoDictionary(meta)], ([info]) => `/Info ${info} 0 R`).pdf;
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
