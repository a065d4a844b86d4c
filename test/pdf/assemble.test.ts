/**
 * Personal supplements joined from a printed batch of personal pages and the program's pages
 * printed once (render/assemble.ts), compared with the same documents printed whole.
 */
import { join } from "node:path";
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFString,
} from "pdf-lib";
import QRCode from "qrcode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildView, type SupplementView, withHolder } from "../../src/core/view.js";
import {
  AssembleError,
  concatChunks,
  type PersonalPage,
  ProgramPart,
  splitBatch,
} from "../../src/render/assemble.js";
import { loadTemplateSet } from "../../src/render/html.js";
import { viewMetadata } from "../../src/render/metadata.js";
import { PdfRenderer } from "../../src/render/pdf.js";
import { readPrinted } from "../../src/render/pdf-parse.js";
import { analyzeFiles } from "../../src/services/analyze.js";
import { type OutlineEntry, type PdfContent, readPdf } from "../helpers/pdf.js";
import { supplementBrowserProcesses } from "../helpers/processes.js";
import { projectCatalog, ROOT } from "../helpers/programs.js";

/** Every character that the fonts' ToUnicode maps in a PDF name. */
async function toUnicodeText(pdf: Uint8Array): Promise<Set<string>> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const chars = new Set<string>();
  const text = (hex: string) =>
    String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((u) => Number.parseInt(u, 16)));
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    const cmap = Buffer.from(decodePDFRawStream(obj).decode()).toString("latin1");
    if (!cmap.includes("begincmap")) continue;
    for (const [, body] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
      for (const m of (body ?? "").matchAll(/<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>/g))
        for (const ch of text(m[1] ?? "")) chars.add(ch);
    for (const [, body] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
      for (const m of (body ?? "").matchAll(
        /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g,
      )) {
        const first = text(m[3] ?? "").codePointAt(0) ?? 0;
        const count = Number.parseInt(m[2] ?? "0", 16) - Number.parseInt(m[1] ?? "0", 16);
        for (let k = 0; k <= count; k++) chars.add(String.fromCodePoint(first + k));
      }
  }
  return chars;
}

const LEARNERS = [
  { name: "Łukasz Żółć", learnerId: "pl-1", credentialId: "PL-1", grade: "Pass with distinction" },
  { name: "Nguyễn Thị Minh Khai", learnerId: "vn-1", credentialId: "VN-1" },
  { name: "Ingrid Ødegård", learnerId: "no-1", credentialId: "NO-1", grade: "82 %" },
];

let renderer: PdfRenderer;
let part: ProgramPart;
let pages: PersonalPage[];
let views: SupplementView[];
let batchPdf: Uint8Array;
let partPdf: Uint8Array;
const assembled: Uint8Array[] = [];
const whole: Uint8Array[] = [];
const read = new Map<Uint8Array, PdfContent>();
const content = async (pdf: Uint8Array) => {
  if (!read.has(pdf)) read.set(pdf, await readPdf(pdf));
  return read.get(pdf) as PdfContent;
};

beforeAll(async () => {
  const { analyses } = await analyzeFiles([join(ROOT, "programs/full-stack.yaml")], {
    catalog: projectCatalog(),
  });
  const analysis = analyses[0];
  if (!analysis?.program || !analysis.workload) throw new Error("full-stack.yaml is not valid");
  const base = buildView(analysis.program, analysis.workload, {
    generatedOn: "2026-11-22",
    tool: "supplement test",
    sourceFile: "full-stack.yaml",
    sourceDigest: "0",
  });
  views = await Promise.all(
    LEARNERS.map(async (l) => {
      const verifyUrl = `https://verify.example.org/${l.credentialId}`;
      return withHolder(base, {
        ...l,
        completionDate: "2026-10-01",
        issueDate: "2026-11-22",
        verifyUrl,
        qrSvg: await QRCode.toString(verifyUrl, { type: "svg", margin: 0 }),
      });
    }),
  );
  const templates = loadTemplateSet();
  expect(templates.supportsParts).toBe(true);
  renderer = await PdfRenderer.launch({ concurrency: 1 });
  partPdf = (await renderer.render(templates.compose(base, { kind: "program" }))).pdf;
  part = await ProgramPart.load(partPdf);
  batchPdf = (
    await renderer.render(
      templates.compose(views[0] as SupplementView, {
        kind: "personal",
        views,
        pageTotal: 1 + part.pageCount,
      }),
    )
  ).pdf;
  pages = await splitBatch(batchPdf, views.length, part);
  for (const [i, view] of views.entries()) {
    assembled.push(
      concatChunks(
        part.assemble(
          pages[i] as PersonalPage,
          viewMetadata(view, "supplement test", "2026-11-22"),
        ),
      ),
    );
    whole.push((await renderer.render(templates.compose(view))).pdf);
  }
}, 120_000);

afterAll(async () => {
  await renderer?.close();
  expect(supplementBrowserProcesses()).toEqual([]);
});

describe("a supplement joined from a personal page and the program's pages", () => {
  it("has the pages and text of the same document printed whole", async () => {
    for (const [i, learner] of LEARNERS.entries()) {
      const a = await content(assembled[i] as Uint8Array);
      const w = await content(whole[i] as Uint8Array);
      expect(a.pages.length).toBe(1 + part.pageCount);
      expect(a.pages).toEqual(w.pages);
      const first = (a.pages[0] as string).replace(/\s+/g, " ").normalize("NFC");
      expect(first).toContain(learner.name);
      expect(first).toContain(`Credential ${learner.credentialId}`);
      expect(first).toContain(`Page 1 of ${a.pages.length}`);
      expect(first.replace(/\s+/g, "")).toContain(
        `https://verify.example.org/${learner.credentialId}`,
      );
      expect(a.pages[1]).toContain(`Page 2 of ${a.pages.length}`);
      expect(a.pages[1]).toContain("The certificate and its issuer");
    }
  });

  it("has the outline of the whole document, pointing at the same pages", async () => {
    const titles = (entries: OutlineEntry[]): unknown =>
      entries.map((e) => [e.title, e.page, titles(e.items)]);
    for (const i of LEARNERS.keys()) {
      const a = await content(assembled[i] as Uint8Array);
      const w = await content(whole[i] as Uint8Array);
      expect(a.outline.length).toBeGreaterThan(0);
      expect(titles(a.outline)).toEqual(titles(w.outline));
      const all = JSON.stringify(titles(a.outline));
      expect(all).toContain("Holder of the certificate");
      // Section numbers stand apart from their titles (bookmarks read "1 The certificate…").
      expect(all).toContain("1 The certificate and its issuer");
      expect(all).toContain("9 About this supplement");
    }
  });

  it("is one tagged document: every element on its pages, a parent-tree entry for every page", async () => {
    for (const pdf of assembled) {
      const doc = await PDFDocument.load(pdf, { updateMetadata: false });
      const catalog = doc.catalog;
      expect(catalog.lookup(PDFName.of("MarkInfo"), PDFDict).get(PDFName.of("Marked"))).toEqual(
        doc.context.obj(true),
      );
      expect(catalog.lookup(PDFName.of("Lang"), PDFString).decodeText()).toBe("en");
      const root = catalog.lookup(PDFName.of("StructTreeRoot"), PDFDict);
      const pageRefs = doc.getPages().map((p) => p.ref);
      const onPage = new Map<PDFRef, number>();
      // Walk the structure tree from the root: every element's page is one of the document's.
      const elements = new Set<PDFRef>();
      const walk = (obj: PDFObject | undefined, parent: PDFRef | undefined) => {
        if (obj instanceof PDFArray) {
          for (const o of obj.asArray()) walk(o, parent);
          return;
        }
        if (!(obj instanceof PDFRef)) {
          if (obj instanceof PDFDict) {
            const pg = obj.get(PDFName.of("Pg"));
            if (pg instanceof PDFRef) expect(pageRefs).toContain(pg);
          }
          return;
        }
        const el = doc.context.lookup(obj);
        if (!(el instanceof PDFDict) || elements.has(obj)) return;
        elements.add(obj);
        if (parent) expect(el.get(PDFName.of("P"))).toBe(parent);
        const pg = el.get(PDFName.of("Pg"));
        if (pg instanceof PDFRef) {
          expect(pageRefs).toContain(pg);
          onPage.set(obj, pageRefs.indexOf(pg));
        }
        walk(el.get(PDFName.of("K")), obj);
      };
      walk(root.get(PDFName.of("K")), undefined);
      expect(elements.size).toBeGreaterThan(100);
      // Every page has a parent-tree key; every entry names elements of the tree.
      const nums = root
        .lookup(PDFName.of("ParentTree"), PDFDict)
        .lookup(PDFName.of("Nums"), PDFArray);
      const keys = new Map<number, PDFObject>();
      for (let k = 0; k < nums.size(); k += 2)
        keys.set(nums.lookup(k, PDFNumber).asNumber(), nums.get(k + 1));
      for (const page of doc.getPages()) {
        const key = page.node.lookup(PDFName.of("StructParents"), PDFNumber).asNumber();
        const entry = keys.get(key);
        expect(entry).toBeDefined();
        const list = doc.context.lookup(entry as PDFObject);
        expect(list).toBeInstanceOf(PDFArray);
        for (const ref of (list as PDFArray).asArray())
          if (ref instanceof PDFRef) expect(elements.has(ref)).toBe(true);
      }
      const next = root.lookup(PDFName.of("ParentTreeNextKey"), PDFNumber).asNumber();
      expect(Math.max(...keys.keys())).toBeLessThan(next);
    }
  });

  it("reads Chromium's PDFs itself, object for object as pdf-lib's parser reads them", async () => {
    for (const pdf of [partPdf, batchPdf]) {
      // Not pdf-lib's fallback: the layout Chromium writes.
      const mine = readPrinted(pdf);
      const theirs = await PDFDocument.load(pdf, { updateMetadata: false });
      expect(mine.pages).toEqual(theirs.getPages().map((p) => p.ref));
      const mineObjects = mine.context.enumerateIndirectObjects();
      const theirObjects = theirs.context.enumerateIndirectObjects();
      expect(mineObjects.length).toBe(theirObjects.length);
      expect(mineObjects.length).toBeGreaterThan(100);
      for (const [ref, obj] of theirObjects) {
        const other = mine.context.lookup(ref);
        if (obj instanceof PDFRawStream) {
          expect(other).toBeInstanceOf(PDFRawStream);
          expect(String((other as PDFRawStream).dict)).toBe(String(obj.dict));
          expect(Buffer.from((other as PDFRawStream).contents).equals(obj.contents)).toBe(true);
        } else expect(String(other)).toBe(String(obj));
      }
    }
  });

  it("states the learner in its document properties", async () => {
    for (const [i, learner] of LEARNERS.entries()) {
      const { info } = await content(assembled[i] as Uint8Array);
      expect(info.Title).toBe(
        `Certificate Supplement: Microsoft Full Stack Developer Professional Certificate, issued to ${learner.name}`,
      );
      expect(String(info.Keywords)).toContain(learner.credentialId);
      expect(info.Author).toBe("Coursera Inc.");
      expect(String(info.Producer)).toContain("supplement test");
    }
  });

  it("carries only objects its own pages use, and no character of another learner's", async () => {
    const fontsOf: Set<string>[] = [];
    for (const pdf of assembled) {
      const doc = await PDFDocument.load(pdf, { updateMetadata: false });
      // Every object is reachable from the trailer (catalog and document properties).
      const reached = new Set<number>();
      const stack: PDFObject[] = [
        doc.context.trailerInfo.Root,
        doc.context.trailerInfo.Info,
      ].filter((o): o is PDFObject => o !== undefined);
      for (let obj = stack.pop(); obj !== undefined; obj = stack.pop()) {
        if (obj instanceof PDFRef) {
          if (reached.has(obj.objectNumber)) continue;
          reached.add(obj.objectNumber);
          const target = doc.context.lookup(obj);
          if (target) stack.push(target);
        } else if (obj instanceof PDFDict) {
          for (const [, v] of obj.entries()) stack.push(v);
        } else if (obj instanceof PDFArray) {
          stack.push(...obj.asArray());
        } else if (obj instanceof PDFRawStream) {
          stack.push(obj.dict);
        }
      }
      const all = doc.context.enumerateIndirectObjects().map(([ref]) => ref.objectNumber);
      expect(all.filter((n) => !reached.has(n))).toEqual([]);
      fontsOf.push(
        new Set(
          doc.context
            .enumerateIndirectObjects()
            .map(([, obj]) => obj)
            .filter((obj): obj is PDFDict => obj instanceof PDFDict)
            .filter((obj) => obj.get(PDFName.of("Type")) === PDFName.of("Font"))
            .map((obj) => String(obj.get(PDFName.of("BaseFont")))),
        ),
      );
      // The Vietnamese letters of the second learner's name are nowhere in the others' files.
      if (pdf !== assembled[1])
        expect([...(await toUnicodeText(pdf))].join("")).not.toMatch(/[ễị]/);
      // More generally: every character its fonts map is one the file prints. A font shared by
      // the batch's pages would hold the letters of the other names (Ł, ó, Ø, å…).
      const printed = new Set((await content(pdf)).text.normalize("NFC"));
      const foreign = [...(await toUnicodeText(pdf))].filter(
        (ch) => ch.codePointAt(0) !== 0 && !/\s/.test(ch) && !printed.has(ch),
      );
      expect(foreign.join("")).toBe("");
    }
    expect([...(await toUnicodeText(assembled[1] as Uint8Array))].join("")).toMatch(/ễ/);
    // The face that draws those letters is in the second learner's file only.
    const onlySecond = [...(fontsOf[1] as Set<string>)].filter(
      (f) => !fontsOf[0]?.has(f) && !fontsOf[2]?.has(f),
    );
    expect(onlySecond.length).toBeGreaterThan(0);
  });

  it("numbers its elements' IDs itself, each once, and every table header a cell names is there", async () => {
    for (const pdf of assembled) {
      const doc = await PDFDocument.load(pdf, { updateMetadata: false });
      const ids: string[] = [];
      const headers: string[] = [];
      for (const [, obj] of doc.context.enumerateIndirectObjects()) {
        if (!(obj instanceof PDFDict)) continue;
        const id = obj.get(PDFName.of("ID"));
        if (id instanceof PDFString) ids.push(id.asString());
        const attrs = obj.get(PDFName.of("A"));
        for (const a of attrs instanceof PDFArray ? attrs.asArray() : [attrs]) {
          const h = a instanceof PDFDict ? a.get(PDFName.of("Headers")) : undefined;
          if (h instanceof PDFArray)
            for (const v of h.asArray()) if (v instanceof PDFString) headers.push(v.asString());
        }
      }
      // Chromium's own numbering (node00000039) depends on timing; ours on the document only.
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((id) => /^[ph]\d+$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      expect(headers.length).toBeGreaterThan(0);
      expect(headers.filter((h) => !ids.includes(h))).toEqual([]);
    }
  });

  it("gives the same bytes for the same learner", () => {
    const meta = viewMetadata(views[0] as SupplementView, "supplement test", "2026-11-22");
    const again = concatChunks(part.assemble(pages[0] as PersonalPage, meta));
    expect(Buffer.from(again).equals(Buffer.from(assembled[0] as Uint8Array))).toBe(true);
  });

  it("refuses a batch with another number of pages than learners, and an untagged PDF", async () => {
    await expect(splitBatch(batchPdf, LEARNERS.length + 1, part)).rejects.toBeInstanceOf(
      AssembleError,
    );
    const untagged = await PDFDocument.create();
    untagged.addPage();
    untagged.addPage();
    await expect(ProgramPart.load(await untagged.save())).rejects.toBeInstanceOf(AssembleError);
  });
});
