/** Reads a PDF back: the text of each page and the document properties (pdfjs-dist). */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
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

/** pdftotext (poppler) of the given pages, NFC-normalised: what a reader copying the text gets. */
export function pdftotext(file: string, first?: number, last?: number): string {
  const args = [...(first ? ["-f", String(first)] : []), ...(last ? ["-l", String(last)] : [])];
  return execFileSync("pdftotext", [...args, file, "-"], { encoding: "utf8" }).normalize("NFC");
}

/**
 * Glyphs drawn, and of those drawn as .notdef (glyph 0, the empty box), in every content stream
 * of a PDF that Chromium printed: it writes text as <GGGG> glyph ids with Identity-H fonts
 * (the same count as shared/tools/notdef.py, without qpdf).
 */
export function glyphCounts(file: string): { drawn: number; notdef: number } {
  const data = readFileSync(file);
  let drawn = 0;
  let notdef = 0;
  let at = 0;
  for (;;) {
    const start = data.indexOf("stream", at, "latin1");
    if (start < 0) break;
    const bodyStart = start + (data[start + 6] === 0x0d ? 8 : 7);
    const end = data.indexOf("endstream", bodyStart, "latin1");
    if (end < 0) break;
    at = end + 9;
    let text: string;
    try {
      text = inflateSync(data.subarray(bodyStart, end)).toString("latin1");
    } catch {
      continue;
    }
    for (const m of text.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) {
      const hex = m[1] as string;
      if (hex.length % 4) continue;
      for (let i = 0; i < hex.length; i += 4) {
        drawn++;
        if (hex.slice(i, i + 4) === "0000") notdef++;
      }
    }
  }
  return { drawn, notdef };
}

/** Text with every run of white space made one space, as a reader sees it across lines. */
export const flat = (t: string): string => t.replace(/\s+/g, " ");
