/** Reads a PDF back: the text of each page and the document properties (pdfjs-dist). */
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export interface OutlineEntry {
  title: string;
  /** 1-based page the entry points to. */
  page: number | undefined;
  items: OutlineEntry[];
}

export interface PdfContent {
  pages: string[];
  text: string;
  info: Record<string, unknown>;
  outline: OutlineEntry[];
}

interface RawOutline {
  title: string;
  dest: unknown;
  items: RawOutline[];
}

/** A PDF file, or its bytes. */
export async function readPdf(source: string | Uint8Array): Promise<PdfContent> {
  const data =
    typeof source === "string" ? new Uint8Array(readFileSync(source)) : new Uint8Array(source);
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
  const toEntry = async (o: RawOutline): Promise<OutlineEntry> => {
    const dest = typeof o.dest === "string" ? await doc.getDestination(o.dest) : o.dest;
    const ref = Array.isArray(dest) ? dest[0] : undefined;
    const page =
      ref && typeof ref === "object" ? (await doc.getPageIndex(ref as never)) + 1 : undefined;
    return { title: o.title, page, items: await Promise.all((o.items ?? []).map(toEntry)) };
  };
  const outline = await Promise.all(
    (((await doc.getOutline()) ?? []) as unknown as RawOutline[]).map(toEntry),
  );
  await doc.destroy();
  return { pages, text: pages.join("\n"), info: meta.info as Record<string, unknown>, outline };
}
