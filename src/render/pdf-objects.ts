/** Small pdf-lib helpers the PDF writers share: dictionaries outside any document, and dates. */
import { PDFContext, PDFDict, PDFName, type PDFObject, PDFRef, PDFString } from "pdf-lib";

/** One context for objects built outside a document: dictionaries need one, serialization does not use it. */
export const scratch = PDFContext.create();

export function dict(entries: Record<string, PDFObject>): PDFDict {
  const map = new Map<PDFName, PDFObject>();
  for (const [k, v] of Object.entries(entries)) map.set(PDFName.of(k), v);
  return PDFDict.fromMapWithContext(map, scratch);
}

/**
 * A dictionary's entries without copying them. pdf-lib's `entries()` builds a new array of pairs
 * on every call, which the assembler makes for every dictionary of every batch (a third of its
 * time, most of it garbage collection). pdf-lib 1.17 keeps them in a Map named `dict`; should a
 * later version not, this falls back to `entries()`.
 */
export function dictEntries(d: PDFDict): Iterable<[PDFName, PDFObject]> {
  const map = (d as unknown as { dict?: unknown }).dict;
  return map instanceof Map ? (map as Map<PDFName, PDFObject>) : d.entries();
}

const refsByNumber: PDFRef[] = [];

/**
 * The reference to object `n` (generation 0): pdf-lib's own, from its pool, which it finds by a
 * string it makes on every call; the assembler asks for one for every object of every learner.
 */
export function refTo(n: number): PDFRef {
  let ref = refsByNumber[n];
  if (!ref) {
    ref = PDFRef.of(n, 0);
    if (n < 1_000_000) refsByNumber[n] = ref;
  }
  return ref;
}

/** D:YYYYMMDDHHmmSSZ, the body of a PDF date string. */
export function pdfDateText(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
}

/** A date as a PDF string object. */
export function pdfDate(date: Date): PDFString {
  return PDFString.of(pdfDateText(date));
}
