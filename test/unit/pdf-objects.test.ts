/** The PDF object helpers the writers share (render/pdf-objects.ts). */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFString } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { dict, dictEntries, pdfDateText, scratch } from "../../src/render/pdf-objects.js";

describe("dictEntries", () => {
  it("gives the entries pdf-lib gives, in order, without the array of pairs", () => {
    const inner = PDFArray.withContext(scratch);
    inner.push(PDFNumber.of(1));
    const d = dict({ Type: PDFName.of("Page"), Count: PDFNumber.of(3), K: inner });
    d.set(PDFName.of("T"), PDFString.of("x"));
    expect([...dictEntries(d)]).toEqual(d.entries());
    expect([...dictEntries(d)].map(([k]) => k.asString())).toEqual(["/Type", "/Count", "/K", "/T"]);
  });

  it("falls back to entries() when the dictionary keeps them elsewhere", () => {
    const d = dict({ A: PDFNumber.of(1) });
    const other = Object.create(PDFDict.prototype) as PDFDict;
    Object.defineProperty(other, "entries", { value: () => d.entries() });
    expect([...dictEntries(other)]).toEqual(d.entries());
  });
});

describe("pdfDateText", () => {
  it("writes a UTC date as D:YYYYMMDDHHmmSSZ", () => {
    expect(pdfDateText(new Date("2026-11-22T08:09:10.500Z"))).toBe("D:20261122080910Z");
  });
});
