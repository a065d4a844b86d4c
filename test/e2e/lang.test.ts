/**
 * Supplements in the reader's language: German, French and bilingual German/English documents of
 * the Full Stack program, built and issued by the CLI with real Chromium and read back with
 * pdftotext as a registrar would copy them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { en } from "../../src/core/i18n/en.js";
import { CATALOGS } from "../../src/core/i18n/index.js";
import { assertBuilt, issueLearners, runCli } from "../helpers/cli.js";
import { flat, glyphCounts, pdftotext } from "../helpers/pdf.js";
import { expectNothingLeftBehind, TEST_TMP } from "../helpers/processes.js";
import { ROOT } from "../helpers/programs.js";

beforeAll(assertBuilt);
afterEach(expectNothingLeftBehind);

const PROGRAM = join(ROOT, "programs/full-stack.yaml");

function build(lang: string): string {
  const dir = mkdtempSync(join(TEST_TMP, "lang-"));
  const r = runCli(["build", PROGRAM, "-o", dir, "--lang", lang, "--date", "2026-11-22"]);
  expect(r.code, r.stderr).toBe(0);
  return join(dir, "full-stack.pdf");
}

/**
 * English fixed text that would show a label or sentence left untranslated: each catalog text,
 * cut at its parameters into pieces of 12 characters or more, except pieces the other language
 * writes the same way and pieces the program's own (English) text contains.
 */
function englishLeaks(text: string, lang: "de" | "fr"): string[] {
  const programText = flat(
    [PROGRAM, join(ROOT, "modules/shared.yaml")].map((f) => readFileSync(f, "utf8")).join(" "),
  ).toLowerCase();
  const other = CATALOGS[lang] as Record<string, string>;
  const leaks: string[] = [];
  for (const [key, message] of Object.entries(en)) {
    for (const piece of message.split(/\{\w+\}/).map((p) => p.trim())) {
      if (piece.length < 12 || other[key]?.includes(piece)) continue;
      if (programText.includes(piece.toLowerCase())) continue;
      if (text.includes(piece)) leaks.push(`${key}: "${piece}"`);
    }
  }
  return leaks;
}

describe("supplements in other languages", () => {
  it("prints a German supplement: German labels, official EQF 6 descriptors, German numbers, no English label", () => {
    const pdf = build("de");
    const text = flat(pdftotext(pdf));
    for (const label of [
      "Zeugniserläuterung",
      "Überblick",
      "Das Zertifikat und sein Anbieter",
      "Niveau der Qualifikation",
      "Arbeitsaufwand und Leistungspunkte",
      "Lernergebnisse",
      "Studienform",
      "Qualitätssicherung",
      "Zu dieser Zeugniserläuterung",
      "Seite 1 von 5",
    ])
      expect(text).toContain(label);
    // Council Recommendation of 22 May 2017, Annex II, level 6, in German.
    expect(text).toContain(
      "Fortgeschrittene Kenntnisse in einem Arbeits- oder Lernbereich unter Einsatz eines kritischen Verständnisses von Theorien und Grundsätzen.",
    );
    expect(text).toContain(
      "422 Stunden bei 25 Stunden je ECTS-Leistungspunkt = 16,88, abgerundet: 16 ECTS-Leistungspunkte",
    );
    expect(text).toContain("Vereinigte Staaten (US)");
    expect(text).toContain("26. November 2025"); // the FIBAA decision
    expect(englishLeaks(text, "de")).toEqual([]);
    expect(glyphCounts(pdf).notdef).toBe(0);
  });

  it("prints a French supplement in French, and cites the EQF descriptors it has no official text for", () => {
    const pdf = build("fr");
    const text = flat(pdftotext(pdf));
    for (const label of [
      "Supplément descriptif du certificat",
      "Acquis d’apprentissage",
      "Niveau 6 du CEC",
      "16 crédits ECTS",
      "États-Unis (US)",
    ])
      expect(text).toContain(label);
    expect(text).toMatch(/Page 1 sur \d/);
    expect(text).toContain("annexe II de la recommandation du Conseil du 22 mai 2017");
    expect(text).toContain("16,88");
    expect(englishLeaks(text, "fr")).toEqual([]);
    expect(glyphCounts(pdf).notdef).toBe(0);
  });

  it("prints every label of a bilingual document in German, then English", () => {
    const dir = mkdtempSync(join(TEST_TMP, "lang-bi-"));
    const r = runCli(["build", PROGRAM, "-o", dir, "--lang", "de,en", "--html"]);
    expect(r.code, r.stderr).toBe(0);
    const text = flat(pdftotext(join(dir, "full-stack.pdf")));
    const pairs: [string, string][] = [
      ["Zeugniserläuterung", "Certificate Supplement"],
      ["Überblick", "Summary"],
      ["Das Zertifikat und sein Anbieter", "The certificate and its issuer"],
      ["Bezeichnung des Zertifikats", "Name of the certificate"],
      ["Niveau der Qualifikation", "Level of the qualification"],
      ["Arbeitsaufwand und Leistungspunkte", "Workload and credits"],
      ["Zu dieser Zeugniserläuterung", "About this supplement"],
    ];
    for (const [de, en] of pairs) {
      expect(text).toContain(de);
      expect(text).toContain(en);
      expect(text.indexOf(de), de).toBeLessThan(text.indexOf(en));
    }
    // In the page: every English label is the second line of its German one, in its own language.
    const page = readFileSync(join(dir, "full-stack.html"), "utf8");
    const html = page.slice(page.indexOf("<body>"));
    const all = html.match(/<span class="l2" lang="en">/g)?.length ?? 0;
    const seconds = [...html.matchAll(/([^<>]+)<span class="l2" lang="en">([^<]+)<\/span>/g)];
    expect(all).toBeGreaterThan(60);
    expect(seconds).toHaveLength(all);
    const patterns = Object.values(en).map(
      (m) => new RegExp(`^${m.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, ".+")}$`),
    );
    for (const [, first, second] of seconds) {
      const label = (second as string).replaceAll("&#x27;", "'");
      expect(
        patterns.some((p) => p.test(label)),
        label,
      ).toBe(true);
      expect((first as string).trim(), `before "${label}"`).not.toBe("");
    }
    // Running text stays in the first language only.
    expect(text).toContain("Diese Zeugniserläuterung gehört zu dem oben genannten Zertifikat.");
    expect(text).not.toContain("This supplement accompanies the certificate named above.");
  });

  it("takes the language from the configuration, and refuses one it cannot print", () => {
    const dir = mkdtempSync(join(TEST_TMP, "lang-config-"));
    writeFileSync(join(dir, "supplement.config.yaml"), "language: fr\n");
    const r = runCli(["build", PROGRAM, "-o", dir], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(flat(pdftotext(join(dir, "full-stack.pdf"), 1, 1))).toContain("Synthèse");
    const bad = runCli(["build", PROGRAM, "-o", dir, "--lang", "xx"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'supplement: error: --lang: "xx" is not a language a supplement can be printed in: give one of en, de, fr',
    );
  });

  it("reads a regional tag or another case in the configuration as --lang does, and places a wrong one", () => {
    const dir = mkdtempSync(join(TEST_TMP, "lang-config-"));
    const config = join(dir, "supplement.config.yaml");
    writeFileSync(config, "language: de-DE\n");
    const r = runCli(["build", PROGRAM, "-o", dir], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(flat(pdftotext(join(dir, "full-stack.pdf"), 1, 1))).toContain("Zeugniserläuterung");
    writeFileSync(config, "# bilingual\nlanguage: [FR, en_GB]\n");
    const two = runCli(["build", PROGRAM, "-o", dir], { cwd: dir });
    expect(two.code, two.stderr).toBe(0);
    writeFileSync(config, "# Spanish\nlanguage: es\n");
    const bad = runCli(["build", PROGRAM, "-o", dir], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `${config}:2:11: error: language: "es" is not a language a supplement can be printed in: give one of en, de, fr`,
    );
    expect(bad.stderr).toContain("[config/language]");
    expect(bad.stderr).not.toContain("--lang");
  });

  it("issues personal supplements in German, with German dates on the holder page", () => {
    const r = issueLearners(
      PROGRAM,
      "name,learner_id,completion_date\nJürgen Groß,DE-1,2026-10-01\nAnna Weiß,DE-2,2026-10-02\n",
      ["--lang", "de", "--issue-date", "2026-11-22"],
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.pdfs).toHaveLength(2);
    for (const f of r.pdfs) {
      const page1 = flat(pdftotext(f, 1, 1));
      expect(page1).toContain("Inhaberin oder Inhaber des Zertifikats");
      expect(page1).toMatch(/Datum des Abschlusses (1|2)\. Oktober 2026/);
      expect(page1).toContain("Datum der Ausstellung 22. November 2026");
      expect(page1).toContain("Seite 1 von 5");
      const rest = flat(pdftotext(f, 2, 5));
      expect(rest).toContain("Niveau der Qualifikation");
    }
  });
});
