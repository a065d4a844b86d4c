/** Document properties Chromium does not write (it sets only the title): author, subject, keywords, language. */
import { PDFDocument } from "pdf-lib";
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

export async function applyMetadata(pdf: Uint8Array, meta: PdfMetadata): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  // pdf-lib joins the list with spaces, which makes "EQF 6" two keywords; commas keep them apart.
  doc.setKeywords([meta.keywords.join(", ")]);
  doc.setLanguage(meta.language);
  doc.setCreator(meta.creator);
  doc.setProducer(`${meta.creator} (Chromium, pdf-lib)`);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  return doc.save({ useObjectStreams: false });
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
