import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser, isHeadlessShell } from "../../src/render/browser.js";
import { PdfRenderer } from "../../src/render/pdf.js";
import { buildSupplements } from "../../src/services/build.js";
import { type PdfContent, readPdf } from "../helpers/pdf.js";
import { leftoverProfiles, supplementBrowserProcesses } from "../helpers/processes.js";
import { manyModules, programWith, projectCatalog, ROOT } from "../helpers/programs.js";

const out = mkdtempSync(join(tmpdir(), "supplement-pdf-"));
const PROGRAMS = ["full-stack", "back-end", "front-end", "pr-communications"];
const pdfs = new Map<string, PdfContent>();
const raw = new Map<string, string>();

beforeAll(async () => {
  const files = PROGRAMS.map((p) => join(ROOT, "programs", `${p}.yaml`));
  const items = await buildSupplements(files, {
    outDir: out,
    generatedOn: "2026-11-22",
    catalog: projectCatalog(),
  });
  expect(items.map((i) => i.status)).toEqual(["built", "built", "built", "built"]);
  for (const p of PROGRAMS) {
    pdfs.set(p, await readPdf(join(out, `${p}.pdf`)));
    raw.set(p, readFileSync(join(out, `${p}.pdf`), "latin1"));
  }
});

afterAll(() => {
  expect(supplementBrowserProcesses()).toEqual([]);
});

const text = (p: string) => (pdfs.get(p) as PdfContent).text.replace(/\s+/g, " ");

describe("the Full Stack supplement states every required element", () => {
  it.each([
    [
      "a learning outcome",
      "Design, build and maintain end-to-end web applications with C#, .NET and Blazor.",
    ],
    ["the issuer's country", "United States (US)"],
    ["the workload in hours", "422 hours"],
    ["the credits", "16 ECTS credits"],
    [
      "the basis of the credits",
      "422 hours at 25 hours per ECTS credit = 16.88, rounded down: 16 ECTS credits",
    ],
    ["the EQF level", "EQF level 6"],
    ["an EQF descriptor", "Advanced knowledge of a field of work or study"],
    ["an assessment type", "Auto-graded quiz"],
    ["the pass mark", "80% on graded items"],
    ["identity verification", "government-issued photo ID"],
    ["online delivery", "Online"],
    ["part-time study", "Part-time"],
    ["the quality assurance", "FIBAA"],
    ["the accreditation period", "26 November 2025 to 25 November 2030"],
    ["a module with its hours", "Performance Optimization and Scalability 47"],
  ])("%s", (_what, expected) => {
    expect(text("full-stack")).toContain(expected);
  });

  it("prints the title block", () => {
    const first = (pdfs.get("full-stack") as PdfContent).pages[0] ?? "";
    expect(first).toContain("Coursera Inc.");
    expect(first).toContain("with Microsoft");
    expect(first).toContain("Certificate Supplement");
    expect(first).toContain("Microsoft Full Stack Developer Professional Certificate");
  });
});

describe("credits of the four programs", () => {
  it.each([
    ["full-stack", 422, 16],
    ["back-end", 309, 12],
    ["front-end", 212, 8],
    ["pr-communications", 136, 5],
  ])("%s: %i hours, %i ECTS", (p, hours, ects) => {
    expect(text(p)).toContain(`${hours} hours at 25 hours per ECTS credit`);
    expect(text(p)).toContain(`rounded down: ${ects} ECTS credits`);
  });

  it("states an EQF range with both descriptors", () => {
    expect(text("front-end")).toContain("EQF levels 5 to 6");
    expect(text("front-end")).toContain("EQF level 5: descriptors");
    expect(text("front-end")).toContain("EQF level 6: descriptors");
  });
});

describe("document properties", () => {
  it("sets title, author, subject, keywords and language", () => {
    const info = (pdfs.get("full-stack") as PdfContent).info;
    expect(info.Title).toBe(
      "Certificate Supplement: Microsoft Full Stack Developer Professional Certificate",
    );
    expect(info.Author).toBe("Coursera Inc.");
    expect(info.Subject).toContain("16 ECTS credits");
    expect(info.Keywords).toContain("EQF 6");
    expect(info.Creator).toMatch(/^supplement \d+\.\d+\.\d+$/);
    expect(info.Language).toBe("en");
  });

  it("is a tagged PDF with an outline", () => {
    const bytes = raw.get("full-stack") as string;
    expect(bytes).toContain("/StructTreeRoot");
    expect(bytes).toMatch(/\/MarkInfo\s*<<[^>]*\/Marked true/);
    expect(bytes).toContain("/Outlines");
  });

  it("embeds its fonts (Noto, from npm)", () => {
    const bytes = raw.get("full-stack") as string;
    expect(bytes).toMatch(/\/BaseFont\s*\/[A-Z]{6}\+NotoSerif/);
    expect(bytes).toMatch(/\/BaseFont\s*\/[A-Z]{6}\+NotoSans/);
    expect(bytes).toContain("/FontFile");
  });

  it("prints 'Page X of Y', the program id and the date on every page", () => {
    const { pages } = pdfs.get("full-stack") as PdfContent;
    expect(pages.length).toBeGreaterThan(1);
    for (const [i, page] of pages.entries()) {
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(page).toContain("ms-full-stack");
      expect(page).toContain("Generated 2026-11-22");
    }
  });
});

describe("pagination", () => {
  it("paginates a 150-module program with the table header on every page of the table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "supplement-many-"));
    writeFileSync(join(dir, "many.yaml"), manyModules(150));
    const [item] = await buildSupplements([join(dir, "many.yaml")], {
      outDir: dir,
      generatedOn: "2026-11-22",
    });
    expect(item?.status).toBe("built");
    const { pages } = await readPdf(join(dir, "many.pdf"));
    const tablePages = pages.filter((p) => /Module \d{3} on a topic/.test(p));
    expect(tablePages.length).toBeGreaterThanOrEqual(4);
    for (const page of tablePages) expect(page).toMatch(/No\.\s*Module\s*Hours\s*Share/);
    const all = pages.join("\n");
    for (let i = 1; i <= 150; i++) {
      expect(
        all.match(new RegExp(`Module ${String(i).padStart(3, "0")} on a topic`, "g")),
      ).toHaveLength(1);
    }
    expect(all).toContain("Total (150 modules)");
    expect(all.replace(/\s+/g, " ")).toContain(
      "1050 hours at 25 hours per ECTS credit = 42, rounded down: 42 ECTS credits",
    );
    for (const [i, page] of pages.entries())
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
  });

  it("prints names in many scripts with real glyphs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "supplement-glyphs-"));
    const names = "Łukasz Żółć, Ødegård, Nguyễn Thị Minh Khai, Ψυχολογία, Київ";
    writeFileSync(
      join(dir, "intl.yaml"),
      programWith((doc) => {
        doc.setIn(["issuer", "name"], `Akademie ${names}`);
        doc.set("title", `Zertifikat für Größenwahn: ${names}`);
      }),
    );
    await buildSupplements([join(dir, "intl.yaml")], { outDir: dir, generatedOn: "2026-11-22" });
    const { text: t } = await readPdf(join(dir, "intl.pdf"));
    for (const name of names.split(", ")) expect(t.normalize("NFC")).toContain(name);
    expect(t).toContain("Zertifikat für Größenwahn");
  });
});

describe("the renderer", () => {
  it("loads nothing from the network and runs no page script", async () => {
    const renderer = await PdfRenderer.launch({ concurrency: 1 });
    try {
      const html = `<!doctype html><html><body><p id="p">static</p><img src="https://example.org/x.png"><link rel="stylesheet" href="http://example.org/a.css"><script>document.getElementById("p").textContent = "script ran"</script></body></html>`;
      const { pdf, blocked } = await renderer.render(html);
      expect(blocked.sort()).toEqual(["http://example.org/a.css", "https://example.org/x.png"]);
      const file = join(out, "net.pdf");
      writeFileSync(file, pdf);
      const { text: t } = await readPdf(file);
      expect(t).toContain("static");
      expect(t).not.toContain("script ran");
    } finally {
      await renderer.close();
    }
  });

  it("reuses one browser for many documents, concurrently, and leaves no process or profile behind", async () => {
    const before = leftoverProfiles().length;
    const renderer = await PdfRenderer.launch({ concurrency: 2 });
    const pid = renderer.pid;
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => renderer.render(`<!doctype html><p>doc ${i}</p>`)),
    );
    expect(results.every((r) => r.pdf.length > 500)).toBe(true);
    expect(renderer.pid).toBe(pid);
    await renderer.close();
    expect(supplementBrowserProcesses()).toEqual([]);
    expect(leftoverProfiles().length).toBe(before);
  });

  it("preloads a document without printing it, and swaps the next one in with its own text", async () => {
    const renderer = await PdfRenderer.launch({ concurrency: 1, recycleAfter: 2 });
    try {
      const staticCss = "body { font-family: serif; color: #123456 }";
      const doc = (words: string) => ({
        html: `<!doctype html><html lang="en"><head><title>${words}</title><style id="static"></style><style id="doc">h1 { font-size: 20pt }</style></head><body><h1>${words}</h1></body></html>`,
        staticCss,
      });
      await renderer.preload(doc("preloaded heading"));
      // Printed twice more: a preload is no print, so the page is replaced only after these.
      for (const words of ["first printed", "second printed"]) {
        const { pdf } = await renderer.render(doc(words));
        const file = join(out, "preload.pdf");
        writeFileSync(file, pdf);
        const read = await readPdf(file);
        expect(read.text).toContain(words);
        expect(read.text).not.toContain("preloaded");
        expect(read.pages).toHaveLength(1);
      }
    } finally {
      await renderer.close();
    }
  });

  it("talks to Chromium over its pipe: a document of several megabytes comes back whole", async () => {
    const renderer = await PdfRenderer.launch({ concurrency: 1 });
    try {
      // Many pages of text: the PDF is read back in chunks, the protocol's messages split across
      // many reads of the pipe.
      const para = `<p>${"Lorem ipsum dolor sit amet, ".repeat(60)}</p>`;
      const { pdf } = await renderer.render(
        `<!doctype html><body>${Array.from({ length: 400 }, (_, i) => `<h2>Part ${i}</h2>${para}`).join("")}</body>`,
      );
      expect(pdf.length).toBeGreaterThan(200_000);
      const file = join(out, "big.pdf");
      writeFileSync(file, pdf);
      const read = await readPdf(file);
      expect(read.text).toContain("Part 0");
      expect(read.text).toContain("Part 399");
    } finally {
      await renderer.close();
    }
  });

  it("prints with the kind of browser findBrowser found, started without Puppeteer's launcher", async () => {
    const location = await findBrowser();
    const renderer = await PdfRenderer.launch({ concurrency: 1, browser: location });
    try {
      const version = await renderer.version;
      // The headless shell names itself HeadlessChrome; the full browser in its headless mode too.
      expect(version).toMatch(/Chrome\/\d+/);
      expect(renderer.location.headlessShell).toBe(isHeadlessShell(location.path));
    } finally {
      await renderer.close();
    }
  });

  it("reports a browser that does not start with its own reason, and leaves no profile", async () => {
    const dir = mkdtempSync(join(tmpdir(), "supplement-fake-browser-"));
    const fake = join(dir, "chromium");
    writeFileSync(
      fake,
      "#!/bin/sh\necho 'error while loading shared libraries: libnss3.so: cannot open shared object file' >&2\nexit 127\n",
    );
    chmodSync(fake, 0o755);
    const before = leftoverProfiles().length;
    const started = performance.now();
    const error = await PdfRenderer.launch({
      browser: { path: fake, source: "env", headlessShell: false },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BROWSER_LAUNCH_FAILED" });
    expect((error as Error).message).toBe(
      `the browser at ${fake} did not start: error while loading shared libraries: libnss3.so: cannot open shared object file`,
    );
    // At once, not after the 30 s a browser that never answers is given.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(leftoverProfiles().length).toBe(before);
    expect(supplementBrowserProcesses()).toEqual([]);
  });
});
