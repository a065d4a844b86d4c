/**
 * The reader of Chromium's PDFs (render/pdf-parse.ts): the same objects as pdf-lib's parser makes,
 * and pdf-lib for any file in another layout.
 */
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  type PDFString,
} from "pdf-lib";
import { describe, expect, it } from "vitest";
import { loadPdf, NotPrintedLayout, readPrinted } from "../../src/render/pdf-parse.js";

/** A PDF in the layout Chromium writes, with a correct cross-reference table. */
function pdfOf(objects: string[], trailer = "<< /Size SIZE /Root 1 0 R >>"): Uint8Array {
  let text = "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(text, "latin1"));
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(text, "latin1");
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) text += `${String(at).padStart(10, "0")} 00000 n \n`;
  text += `trailer\n${trailer.replace("SIZE", String(objects.length + 1))}\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(text, "latin1");
}

/** Every indirect object's text as pdf-lib writes it (stream contents as bytes apart). */
function objectsOf(context: PDFDocument["context"]): Map<number, string> {
  const out = new Map<number, string>();
  for (const [ref, obj] of context.enumerateIndirectObjects()) {
    const text =
      obj instanceof PDFRawStream
        ? `${obj.dict.toString()} stream ${Buffer.from(obj.contents).toString("hex")}`
        : obj.toString();
    out.set(ref.objectNumber, text);
  }
  return out;
}

const SAMPLE = [
  "<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) /MarkInfo << /Marked true >> >>",
  "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.91998 842.88] /Contents 5 0 R /StructParents 0 >>",
  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.91998 842.88] /Contents 6 0 R /Rotate -90 >>",
  "<< /Length 11 /Filter /FlateDecode >>\nstream\r\nq 1 0 0 1 Q\nendstream",
  "<< /Length 3 >>\nstream\n(\\)\nendstream",
  // Strings: nested and escaped parentheses, backslashes, an octal escape; hex with spaces.
  "<< /T (a (nested) \\) string\\\\ \\051 end) /H <FEFF 0041> /E () /N null /F false /B true >>",
  // A name with an escape, numbers of every form, and a reference at the end of an array.
  "[ /A#20B /Fit -.5 +3 0.25 12. 7 0 R ]",
  "% a comment between objects\n<< /K [ 1 2 3 ] /P 1 0 R >>",
];

describe("reading Chromium's PDFs", () => {
  it("makes the objects pdf-lib's parser makes, and lists the pages in order", async () => {
    const bytes = pdfOf(SAMPLE);
    const mine = readPrinted(bytes);
    const theirs = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(objectsOf(mine.context)).toEqual(objectsOf(theirs.context));
    expect(mine.pages).toEqual(theirs.getPages().map((p) => p.ref));
    // Names and references come from pdf-lib's pools: the assembler compares them by identity.
    const page = mine.context.lookup(mine.pages[0] as PDFRef, PDFDict);
    expect(page.get(PDFName.of("Type"))).toBe(PDFName.of("Page"));
    expect(page.get(PDFName.of("Parent"))).toBe(PDFRef.of(2));
    const array = mine.context.lookup(PDFRef.of(8), PDFArray);
    expect(array.get(0)).toBe(PDFName.of("A B"));
    expect(
      array.asArray().map((o: PDFObject) => (o instanceof PDFNumber ? o.asNumber() : o)),
    ).toEqual([PDFName.of("A B"), PDFName.of("Fit"), -0.5, 3, 0.25, 12, PDFRef.of(7)]);
    const strings = mine.context.lookup(PDFRef.of(7), PDFDict);
    expect((strings.get(PDFName.of("T")) as PDFString).asString()).toBe(
      "a (nested) \\) string\\\\ \\051 end",
    );
    // Hex strings as written, spaces included, as pdf-lib keeps them.
    expect(strings.get(PDFName.of("H"))).toBeInstanceOf(PDFHexString);
    expect(String(strings.get(PDFName.of("H")))).toBe("<FEFF 0041>");
    const stream = mine.context.lookup(PDFRef.of(5));
    expect(stream).toBeInstanceOf(PDFRawStream);
    expect(Buffer.from((stream as PDFRawStream).contents).toString("latin1")).toBe("q 1 0 0 1 Q");
  });

  it("leaves a file in another layout to pdf-lib, with the same result", async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.addPage();
    // pdf-lib writes object streams and a cross-reference stream.
    const compressed = await doc.save({ useObjectStreams: true });
    expect(() => readPrinted(compressed)).toThrow(NotPrintedLayout);
    const read = await loadPdf(compressed);
    expect(read.pages).toHaveLength(2);
    // A stream whose /Length is an indirect object.
    const indirect = pdfOf([
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
      "<< /Length 5 0 R >>\nstream\nq Q\nendstream",
      "3",
    ]);
    expect(() => readPrinted(indirect)).toThrow(/direct \/Length/);
    const fallback = await loadPdf(indirect);
    expect(fallback.pages).toEqual([PDFRef.of(3)]);
  });

  it("refuses what is not a PDF, or has no catalog or page tree", async () => {
    expect(() => readPrinted(Buffer.from("<html></html>"))).toThrow(NotPrintedLayout);
    expect(() => readPrinted(pdfOf(["<< /Type /Catalog >>"]))).toThrow(/page tree/);
    expect(() =>
      readPrinted(pdfOf(["<< /Type /Catalog /Pages 1 0 R >>"], "<< /Size 2 >>")),
    ).toThrow(/catalog/);
    // A page tree that points back at itself.
    expect(() =>
      readPrinted(
        pdfOf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]),
      ),
    ).toThrow(/page tree/);
    // An unterminated string is an error of the file, not of the reader.
    await expect(loadPdf(pdfOf(["<< /T (open >>"]))).rejects.toThrow();
  });
});
