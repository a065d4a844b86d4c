/**
 * Every learner's name in every script: printed with real glyphs (no .notdef), read back by
 * pdftotext exactly as written (after NFC), and a character no font has refused loudly by
 * check, build and issue. Runs the built CLI with real Chromium.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runCli } from "../helpers/cli.js";
import { glyphCounts, pdftotext } from "../helpers/pdf.js";
import { expectNothingLeftBehind, TEST_TMP } from "../helpers/processes.js";
import { programWith, ROOT } from "../helpers/programs.js";

beforeAll(assertBuilt);
afterEach(expectNothingLeftBehind);

const PROGRAM = join(ROOT, "programs/full-stack.yaml");
const tmp = () => mkdtempSync(join(TEST_TMP, "scripts-"));

/** One name per script the issue names, and a few that test shaping and combining marks. */
const NAMES: Record<string, string> = {
  "latin-pl": "Łukasz Żółć",
  "latin-vi": "Nguyễn Thị Minh Khai",
  "latin-nfd": "Zoe\u0308 Ren\u0303e", // combining marks, as macOS writes them
  greek: "Γιώργος Παπαδόπουλος",
  cyrillic: "Иван Петров-Сидоренко",
  arabic: "محمد بن علي",
  hebrew: "דוד כהן",
  devanagari: "देवनागरी अनिल कुमार शर्मा",
  bengali: "অমিত রায়",
  tamil: "தமிழ்செல்வன்",
  thai: "สมชาย ใจดี",
  "zh-hans": "王小明",
  "zh-hant": "陳大文",
  japanese: "山田 さくら カタカナ",
  korean: "김민준",
  georgian: "გიორგი ბერიძე",
  armenian: "Արամ Խաչատրյան",
  emoji: "Ana Sol 🌻",
};

/**
 * What pdftotext makes of a name, undone where poppler, not the PDF, adds something: it wraps
 * right-to-left text in embedding marks (U+202B … U+202C).
 */
function readable(text: string): string {
  return text.replace(/[\u202a-\u202e\u2066-\u2069]/g, "");
}

/**
 * Scripts where poppler's word-gap heuristic splits words: in Arabic, cursive attachment moves a
 * glyph away from where its advance width ends ("جامعة" reads "ج امعة"), and a Devanagari
 * below-base vowel sign has no advance ("कुमार" reads "कु मार"). The PDF has the right glyphs in
 * the right order, and its ActualText spans spell each cluster (checked by hand with the content
 * streams), and the page shows the words whole; pdf.js reads these even worse. For these two
 * scripts the read-back ignores spaces, so it still proves every letter is there, in order.
 */
const SPLIT_BY_POPPLER = new Set(["arabic", "devanagari"]);
const noSpaces = (t: string) => t.replace(/\s+/g, "");

describe("names in every script", () => {
  it("issues a supplement to a name in each script, with real glyphs, read back exactly", () => {
    const dir = tmp();
    const rows = ["name,learner_id,completion_date"];
    for (const [id, name] of Object.entries(NAMES)) rows.push(`"${name}",S-${id},2026-10-01`);
    const file = join(dir, "world.csv");
    writeFileSync(file, `${rows.join("\n")}\n`);
    const out = join(dir, "out");
    const r = runCli(["issue", PROGRAM, "-l", file, "-o", out, "--issue-date", "2026-11-22"]);
    expect(r.code, r.stderr).toBe(0);
    const pdfs = readdirSync(out).filter((f) => f.endsWith(".pdf"));
    expect(pdfs).toHaveLength(Object.keys(NAMES).length);
    const seen = new Set<string>();
    for (const pdf of pdfs) {
      const path = join(out, pdf);
      const { drawn, notdef } = glyphCounts(path);
      expect(drawn).toBeGreaterThan(1000);
      expect(notdef, pdf).toBe(0);
      const page1 = readable(pdftotext(path, 1, 1));
      const id = /S-([a-z-]+)/.exec(page1)?.[1] as string;
      const name = (NAMES[id] as string).normalize("NFC");
      seen.add(id);
      if (SPLIT_BY_POPPLER.has(id)) expect(noSpaces(page1), id).toContain(noSpaces(name));
      else expect(page1, id).toContain(name);
    }
    expect(seen.size).toBe(Object.keys(NAMES).length);
  });

  it("prints a program whose own text is in other scripts", () => {
    const dir = tmp();
    const file = join(dir, "intl.yaml");
    writeFileSync(
      file,
      programWith((doc) => {
        doc.setIn(["issuer", "name"], "جامعة القاهرة");
        doc.setIn(["issuer", "partners", 0, "name"], "中文大学 Университет");
        doc.set("title", "Certificat en 日本語 und ქართული");
      }),
    );
    const r = runCli(["build", file, "-o", dir]);
    expect(r.code, r.stderr).toBe(0);
    const pdf = join(dir, "intl.pdf");
    expect(glyphCounts(pdf).notdef).toBe(0);
    const text = readable(pdftotext(pdf, 1, 1));
    expect(text).toContain("Certificat en 日本語 und ქართული");
    // Each field in one direction reads back whole; pdftotext reorders a line that mixes
    // directions by its own rules, though the page shows it right (checked as PNG).
    expect(noSpaces(text)).toContain(noSpaces("جامعة القاهرة"));
    expect(text).toContain("中文大学 Университет");
  });

  it("keeps a Latin-only supplement small: only the Latin faces of its two families", () => {
    const dir = tmp();
    const r = runCli(["build", PROGRAM, "-o", dir, "--html"]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(dir, "full-stack.html"), "utf8");
    const families = new Set(
      [...html.matchAll(/font-family:"([^"]+)";font-style/g)].map((m) => m[1]),
    );
    expect([...families].sort()).toEqual(["Noto Sans", "Noto Serif"]);
    // Every subset of both families inlined was 1.36 MB; the Latin ones are a tenth of that.
    expect(html.length).toBeLessThan(300_000);
    const fonts = execFileSync("pdffonts", [join(dir, "full-stack.pdf")], { encoding: "utf8" });
    expect(fonts).not.toMatch(/Arabic|SC|JP|KR|TC|Emoji/);
  });
});

describe("characters no font has", () => {
  const PRIVATE = "\uE000";
  const HIEROGLYPH = "\u{13000}"; // Egyptian hieroglyphs: no shipped font covers them

  it("check reports render/missing-glyph with the field, position and code points; build refuses", () => {
    const dir = tmp();
    const file = join(dir, "tofu.yaml");
    writeFileSync(
      file,
      programWith((doc) => {
        doc.setIn(["modules", 11, "title"], `Capstone ${PRIVATE} Project ${HIEROGLYPH}`);
      }),
    );
    const text = readFileSync(file, "utf8");
    const line = text.split("\n").findIndex((l) => l.includes(PRIVATE)) + 1;
    const check = runCli(["check", file, "-f", "stylish"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("render/missing-glyph");
    expect(check.stdout).toContain(
      `\`modules[11].title\` has 2 characters that no font of the supplement can draw: "${PRIVATE}" (U+E000), "${HIEROGLYPH}" (U+13000)`,
    );
    expect(check.stdout).toMatch(new RegExp(`\\n\\s+${line}:\\d+\\s+error`));
    const build = runCli(["build", file, "-o", join(dir, "out")]);
    expect(build.code).toBe(1);
    expect(build.stderr).toContain(`${file}:${line}:`);
    expect(build.stderr).toContain("built 0 of 1 supplement");
  });

  it("issue fails the row, names the column and the code point, and issues the others", () => {
    const dir = tmp();
    const file = join(dir, "l.csv");
    writeFileSync(
      file,
      `name,learner_id,completion_date,grade\nAnna ${PRIVATE}Smith,T1,2026-10-01,\nBo Ek,T2,2026-10-01,A ${HIEROGLYPH}\nCy Do,T3,2026-10-01,B\n`,
    );
    const out = join(dir, "out");
    const r = runCli(["issue", PROGRAM, "-l", file, "-o", out, "--issue-date", "2026-11-22"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${file}:2 (name): error: the name has a character that no font of the supplement can draw: "${PRIVATE}" (U+E000)`,
    );
    expect(r.stderr).toContain(`${file}:3 (grade): error: the grade has a character`);
    expect(r.stderr).toContain("(U+13000)");
    expect(r.stderr).toContain("issued 1, failed 2");
    expect(readdirSync(out).filter((f) => f.endsWith(".pdf"))).toHaveLength(1);
  });
});
