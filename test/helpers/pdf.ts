/** Reads a PDF back: the text of each page and the document properties (pdfjs-dist). */
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export interface PdfContent {
  pages: string[];
  text: string;
  info: Record<string, unknown>;
}

export async function readPdf(path: string): Promise<PdfContent> {
  const data = new Uint8Array(readFileSync(path));
  const doc = await getDocument({
    data,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    let line = "";
    for (const item of content.items) {
      if ("str" in item) line += item.str + (item.hasEOL ? "\n" : "");
    }
    pages.push(line.replace(/[ \t]+/g, " "));
  }
  const meta = await doc.getMetadata();
  await doc.destroy();
  return { pages, text: pages.join("\n"), info: meta.info as Record<string, unknown> };
}
