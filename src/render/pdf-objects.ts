/** Small pdf-lib helpers the PDF writers share: dictionaries outside any document, and dates. */
import { PDFContext, PDFDict, PDFName, type PDFObject, PDFString } from "pdf-lib";

/** One context for objects built outside a document: dictionaries need one, serialization does not use it. */
export const scratch = PDFContext.create();

export function dict(entries: Record<string, PDFObject>): PDFDict {
  const map = new Map<PDFName, PDFObject>();
  for (const [k, v] of Object.entries(entries)) map.set(PDFName.of(k), v);
  return PDFDict.fromMapWithContext(map, scratch);
}

/** D:YYYYMMDDHHmmSSZ, the body of a PDF date string. */
export function pdfDateText(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
}

/** A date as a PDF string object. */
export function pdfDate(date: Date): PDFString {
  return PDFString.of(pdfDateText(date));
}
