/** The second built-in template, `--template compact`: the same facts, restyled from the view model. */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, issueLearners, runCli } from "../helpers/cli.js";
import { flat, glyphCounts, pdftotext } from "../helpers/pdf.js";
import { expectNothingLeftBehind, TEST_TMP } from "../helpers/processes.js";
import { ROOT } from "../helpers/programs.js";

beforeAll(assertBuilt);
afterEach(expectNothingLeftBehind);

const PROGRAM = join(ROOT, "programs/full-stack.yaml");
const pages = (pdf: string) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))?.[1]);

describe("the compact template", () => {
  it("prints the same facts on fewer pages, in any language", () => {
    const dir = mkdtempSync(join(TEST_TMP, "compact-"));
    const r = runCli(["build", PROGRAM, "-o", dir, "--template", "compact"]);
    expect(r.code, r.stderr).toBe(0);
    const pdf = join(dir, "full-stack.pdf");
    const text = flat(pdftotext(pdf));
    for (const fact of [
      "Microsoft Full Stack Developer Professional Certificate",
      "16 ECTS credits",
      "EQF level 6",
      "United States (US)",
      "Online, Part-time, Self-paced",
      "Auto-graded quiz",
      "422 hours at 25 hours per ECTS credit = 16.88, rounded down: 16 ECTS credits",
      "Full-Stack Developer Capstone Project",
      "Design, build and maintain end-to-end web applications",
      "FIBAA",
    ])
      expect(text, fact).toContain(fact);
    const defaultDir = mkdtempSync(join(TEST_TMP, "default-"));
    expect(runCli(["build", PROGRAM, "-o", defaultDir]).code).toBe(0);
    expect(pages(pdf)).toBeLessThan(pages(join(defaultDir, "full-stack.pdf")));
    expect(glyphCounts(pdf).notdef).toBe(0);

    const de = runCli([
      "build",
      PROGRAM,
      "-o",
      join(dir, "de"),
      "--template",
      "compact",
      "--lang",
      "de",
    ]);
    expect(de.code, de.stderr).toBe(0);
    const german = flat(pdftotext(join(dir, "de", "full-stack.pdf")));
    expect(german).toContain("Zeugniserläuterung");
    expect(german).toContain("Fortgeschrittene Kenntnisse in einem Arbeits- oder Lernbereich");
  });

  it("issues personal supplements with it, each printed whole with the holder first", () => {
    const r = issueLearners(
      PROGRAM,
      "name,learner_id,completion_date\nMarta Nowak,C-1,2026-10-01\n王小明,C-2,2026-10-01\n",
      ["-t", "compact", "--issue-date", "2026-11-22"],
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.pdfs).toHaveLength(2);
    const names = r.pdfs.map((f) => flat(pdftotext(f, 1, 1)));
    expect(names.some((t) => t.includes("Holder of the certificate Name Marta Nowak"))).toBe(true);
    expect(names.some((t) => t.includes("王小明"))).toBe(true);
  });

  it("says which templates there are when the name is wrong", () => {
    const r = runCli(["build", PROGRAM, "-o", mkdtempSync(join(TEST_TMP, "c-")), "-t", "compakt"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("compakt");
  });
});
