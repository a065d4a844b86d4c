/** `supplement init`, as a newcomer runs it: a new folder that check and build accept at once. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { assertBuilt, runCli } from "../helpers/cli.js";
import { pdftotext } from "../helpers/pdf.js";
import { expectNothingLeftBehind, TEST_TMP } from "../helpers/processes.js";

beforeAll(assertBuilt);
afterEach(expectNothingLeftBehind);

const FILES = [
  "programs/data-science.yaml",
  "modules/shared.yaml",
  "supplement.config.yaml",
  ".github/workflows/supplement.yml",
  ".gitignore",
  "README.md",
  "schemas/program.schema.json",
  "schemas/modules.schema.json",
  "schemas/config.schema.json",
];

describe("supplement init", () => {
  it("scaffolds a project that check and build accept straight away", () => {
    const dir = join(mkdtempSync(join(TEST_TMP, "init-")), "project");
    const r = runCli([
      "init",
      dir,
      "--issuer",
      "Hochschule Beispiel",
      "--country",
      "de",
      "--title",
      "Data Science",
      "--yes",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual(FILES.map((f) => `${dir}/${f}`));
    const program = readFileSync(join(dir, "programs/data-science.yaml"), "utf8");
    expect(program.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../schemas/program.schema.json",
    );
    expect(program).toContain('name: "Hochschule Beispiel"');
    expect(program).toContain("country: DE");
    // Every field is explained: a comment line before each top-level key.
    const lines = program.split("\n");
    for (const [i, line] of lines.entries())
      if (/^[a-zA-Z]+:/.test(line)) expect(lines[i - 1], line).toMatch(/^#/);

    const check = runCli(["check", "-f", "json"], { cwd: dir });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const summary = (JSON.parse(check.stdout) as { summary: Record<string, number> }).summary;
    // The example is clean: only a nudge to state its quality assurance.
    expect([summary.errors, summary.warnings, summary.infos]).toEqual([0, 0, 1]);
    const build = runCli(["build", "programs/"], { cwd: dir });
    expect(build.code, build.stderr).toBe(0);
    expect(pdftotext(join(dir, "out/data-science.pdf"), 1, 1)).toContain("Data Science");

    const workflow = parse(readFileSync(join(dir, ".github/workflows/supplement.yml"), "utf8"));
    const steps = JSON.stringify(workflow.jobs.supplements.steps);
    expect(steps).toContain("github/codeql-action/upload-sarif");
    expect(steps).toContain("actions/upload-artifact");
    expect(steps).toContain("supplement check programs/ -f stylish -f sarif -o supplement.sarif");
  });

  it("never overwrites an existing file, unless --force", () => {
    const dir = mkdtempSync(join(TEST_TMP, "init-keep-"));
    writeFileSync(join(dir, "README.md"), "my own readme\n");
    const r = runCli(["init", dir, "--title", "Data Science", "--yes"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("kept README.md: it exists already (--force overwrites it)");
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("my own readme\n");
    const again = runCli(["init", dir, "--title", "Data Science", "--yes"]);
    expect(again.stderr).toContain(`wrote 0 files, kept ${FILES.length}`);
    const forced = runCli(["init", dir, "--title", "Data Science", "--yes", "--force"]);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain("# Certificate supplements of");
  });

  it("refuses a country or id it cannot use, and writes nothing", () => {
    const dir = join(mkdtempSync(join(TEST_TMP, "init-bad-")), "p");
    const r = runCli(["init", dir, "--country", "Germany", "--id", "Bad Id", "--yes"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--country: "GERMANY" is not an ISO 3166-1 alpha-2 country code; did you mean DE?',
    );
    expect(r.stderr).toContain('--id: "Bad Id" may contain only lower-case letters');
    expect(r.stdout).toBe("");
  });
});
