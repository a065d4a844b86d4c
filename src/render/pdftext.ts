/** The text of a PDF's pages as a reader's tool extracts it (pdfjs-dist), for checks such as `verify`. */
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/** The text of the first `pages` pages, with runs of white space as one space. */
export async function pageTexts(pdf: Uint8Array, pages = 1): Promise<string[]> {
  const doc = await getDocument({
    data: Uint8Array.from(pdf),
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const out: string[] = [];
    for (let i = 1; i <= Math.min(pages, doc.numPages); i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      let text = "";
      for (const item of content.items)
        if ("str" in item) text += `${item.str}${item.hasEOL ? " " : ""}`;
      out.push(text.normalize("NFC").replace(/\s+/g, " "));
    }
    return out;
  } finally {
    await doc.destroy();
  }
}
