/**
 * Program text in several languages: `title: {en: …, de: …}` in programs and catalogs, resolved to
 * the document's language, marked where a translation is missing, and reported by check.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runCli } from "../helpers/cli.js";
import { flat, pdftotext } from "../helpers/pdf.js";
import { expectNothingLeftBehind, TEST_TMP } from "../helpers/processes.js";
import { programWith, ROOT } from "../helpers/programs.js";

beforeAll(assertBuilt);
afterEach(expectNothingLeftBehind);

describe("translatable program text", () => {
  it("gives the Full Stack program a complete German translation, printed without marks", () => {
    const check = runCli([
      "check",
      join(ROOT, "programs/full-stack.yaml"),
      "--lang",
      "de",
      "-f",
      "json",
    ]);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).not.toContain("i18n/missing-translation");
    const dir = mkdtempSync(join(TEST_TMP, "tr-"));
    const r = runCli(["build", join(ROOT, "programs/full-stack.yaml"), "-o", dir, "--lang", "de"]);
    expect(r.code, r.stderr).toBe(0);
    const text = flat(pdftotext(join(dir, "full-stack.pdf")));
    expect(text).toContain("Die Lernenden entwickeln vollständige Webanwendungen mit C# und .NET");
    expect(text).toContain("Einführung in die Programmierung mit C#"); // from the module catalog
    expect(text).toContain("Abschlussprojekt Full-Stack-Entwicklung");
    expect(text).not.toContain("Learners build complete web applications");
    expect(text).not.toContain("nur auf Englisch");
    // English documents are unchanged.
    const en = runCli(["build", join(ROOT, "programs/full-stack.yaml"), "-o", join(dir, "en")]);
    expect(en.code).toBe(0);
    const english = flat(pdftotext(join(dir, "en", "full-stack.pdf")));
    expect(english).toContain("Learners build complete web applications");
    expect(english).toContain("Introduction to Programming With C#");
    expect(english).not.toContain("Einführung");
  });

  it("prints a missing translation in the program's language, marked, and check reports where", () => {
    const dir = mkdtempSync(join(TEST_TMP, "tr-missing-"));
    const file = join(dir, "partial.yaml");
    writeFileSync(
      file,
      programWith((doc) => {
        doc.set(
          "title",
          doc.createNode({ en: "Web Developer Certificate", de: "Zertifikat Webentwicklung" }),
        );
        doc.set("description", "Only in English: a program for future web developers.");
      }),
    );
    const check = runCli(["check", file, "--lang", "de", "-f", "stylish"]);
    expect(check.code).toBe(0); // a warning by default
    expect(check.stdout).toMatch(
      /\d+:\d+\s+warning\s+`description` has no text in German \(de\); the English \(en\) text is printed instead\s+i18n\/missing-translation/,
    );
    expect(check.stdout).not.toContain("`title` has no text");
    expect(runCli(["check", file, "-f", "stylish"]).stdout).not.toContain(
      "i18n/missing-translation",
    );
    writeFileSync(
      join(dir, "supplement.config.yaml"),
      "rules:\n  i18n/missing-translation: error\n",
    );
    expect(runCli(["check", file, "--lang", "de"], { cwd: dir }).code).toBe(1);

    const build = runCli([
      "build",
      file,
      "-o",
      join(dir, "out"),
      "--lang",
      "de",
      "-c",
      join(TEST_TMP, "none.yaml"),
    ]);
    // An unreadable --config is a usage error; without it the build goes on.
    expect(build.code).toBe(2);
    const ok = runCli(["build", file, "-o", join(dir, "out"), "--lang", "de"], { cwd: ROOT });
    expect(ok.code, ok.stderr).toBe(0);
    const text = flat(pdftotext(join(dir, "out", "partial.pdf")));
    expect(text).toContain("Zertifikat Webentwicklung");
    expect(text).toContain(
      "Only in English: a program for future web developers. (nur auf Englisch)",
    );
  });

  it("refuses a text map whose keys are not language codes, with its position", () => {
    const dir = mkdtempSync(join(TEST_TMP, "tr-bad-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      programWith((doc) => doc.set("title", doc.createNode({ english: "X" }))),
    );
    const r = runCli(["check", file, "-f", "stylish"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\d+:\d+\s+error/);
    expect(r.stdout).toContain("schema/");
  });
});
