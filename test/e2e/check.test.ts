import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, BIN, runCli } from "../helpers/cli.js";
import { supplementBrowserProcesses } from "../helpers/processes.js";
import { programWith, ROOT } from "../helpers/programs.js";

const tmp = () => mkdtempSync(join(tmpdir(), "supplement-check-"));
beforeAll(assertBuilt);

describe("supplement check", () => {
  it("passes the four programs in programs/ (the default path) and says so in one summary line", () => {
    const r = runCli(["check", "--date", "2026-11-22"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(
      "✔ 4 files, 4 programs checked (fibaa, 2026-11-22): 0 errors, 0 warnings, 0 infos",
    );
    expect(supplementBrowserProcesses()).toEqual([]);
  });

  it.each([
    ["learningOutcomes", "fibaa/learning-outcomes"],
    ["issuer.country", "fibaa/issuer-country"],
    ["modules.0.hours", "fibaa/workload-ects"],
    ["eqfLevel", "fibaa/eqf-level"],
    ["assessment", "fibaa/assessment-type"],
    ["modeOfStudy", "fibaa/mode-of-study"],
  ])("fails without %s, with rule %s at its line", (path, rule) => {
    const dir = tmp();
    const text = programWith((doc) =>
      doc.deleteIn(path.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s))),
    );
    writeFileSync(join(dir, "p.yaml"), text);
    const r = runCli(["check", join(dir, "p.yaml"), "-f", "json", "--date", "2026-11-22"]);
    expect(r.code).toBe(1);
    const errors = JSON.parse(r.stdout).files[0].diagnostics.filter(
      (d: { severity: string }) => d.severity === "error",
    );
    expect(errors.map((d: { rule: string }) => d.rule)).toEqual([rule]);
    // The finding points at the parent that should hold the element.
    const lines = text.split("\n");
    const parent = path.includes(".") ? path.split(".")[0] : "id";
    const expectedLine =
      path === "modules.0.hours"
        ? lines.findIndex((l) => l.startsWith("  - id: foundations-of-coding-full-stack")) + 1
        : lines.findIndex((l) => l.startsWith(`${parent}:`)) + 1;
    expect(errors[0].line).toBe(expectedLine);
    expect(r.stderr.trim()).toBe(
      "1 file, 1 program checked (fibaa, 2026-11-22): 1 error, 0 warnings, 0 infos",
    );
  });

  it("exits 2 for a path or pattern that matches nothing", () => {
    const missing = runCli(["check", "nope/"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("supplement: error: nope/: no such file or directory");
    const glob = runCli(["check", "programs/**/*.json.yaml"]);
    expect(glob.code).toBe(2);
    expect(glob.stderr).toContain(
      "supplement: error: programs/**/*.json.yaml: the pattern matches no file",
    );
  });

  it("expands quoted glob patterns", () => {
    const r = runCli(["check", "programs/*-end.yaml", "--date", "2026-11-22"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2 files, 2 programs checked");
  });

  it("fails on warnings with --fail-on warning, and not without", () => {
    const file = join(ROOT, "test/fixtures/rules/fail/quality-outcome-verb.yaml");
    expect(runCli(["check", file, "--date", "2026-11-22"]).code).toBe(0);
    const strict = runCli(["check", file, "--date", "2026-11-22", "--fail-on", "warning"]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(
      '21:5  warning  learning outcome 1 starts with "understand", which cannot be observed or assessed  quality/outcome-verb',
    );
  });

  it("checks accreditation periods against --date", () => {
    const expired = runCli(["check", "programs/full-stack.yaml", "--date", "2031-01-01"]);
    expect(expired.code).toBe(1);
    expect(expired.stdout).toContain(
      "the accreditation ended on 2030-11-25, before the check date 2031-01-01  coherence/accreditation-expired",
    );
  });

  it("writes several formats in one run, each to its own file or stdout", () => {
    const dir = tmp();
    const r = runCli([
      "check",
      "programs/",
      "test/fixtures/invalid/country-name.yaml",
      "--date",
      "2026-11-22",
      "-f",
      "junit",
      "-o",
      join(dir, "check.xml"),
      "-f",
      "sarif",
      "-o",
      join(dir, "check.sarif"),
      "-f",
      "stylish",
    ]);
    expect(r.code).toBe(1);
    expect(XMLValidator.validate(readFileSync(join(dir, "check.xml"), "utf8"))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "check.sarif"), "utf8")).version).toBe("2.1.0");
    expect(r.stdout).toContain("test/fixtures/invalid/country-name.yaml");
    expect(r.stdout.trim().split("\n").at(-1)).toBe(
      "✖ 5 files, 5 programs checked (fibaa, 2026-11-22): 5 errors, 2 warnings, 0 infos",
    );
  });

  it("switches to GitHub annotations inside GitHub Actions", () => {
    const r = runCli(["check", "test/fixtures/invalid/country-name.yaml", "--date", "2026-11-22"], {
      env: { GITHUB_ACTIONS: "true" },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "::error file=test/fixtures/invalid/country-name.yaml,line=5,col=12,",
    );
  });

  it("prints no colour codes when NO_COLOR is set or output is not a terminal", () => {
    const r = runCli(["check", "test/fixtures/invalid/country-name.yaml"], {
      env: { NO_COLOR: "1" },
    });
    expect(r.stdout + r.stderr).not.toContain(String.fromCharCode(27));
  });

  it("uses the profile, severities and EQF bounds of supplement.config.yaml", () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "supplement.config.yaml"),
      "profile: eu-microcredential\nrules:\n  eu/eqf-level: error\neqfBounds: {min: 4, max: 8}\n",
    );
    writeFileSync(
      join(dir, "p.yaml"),
      programWith((doc) => doc.delete("eqfLevel")),
    );
    const r = runCli(["check", "p.yaml", "--date", "2026-11-22"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("error    the EQF level is missing  eu/eqf-level");
    expect(r.stdout).toContain("(eu-microcredential, 2026-11-22)");
  });

  it("reports a broken configuration with positions and exits 2", () => {
    const dir = tmp();
    writeFileSync(
      join(dir, "supplement.config.yaml"),
      "profile: fiba\nrules:\n  quality/outcome-verbs: off\n",
    );
    const r = runCli(["check", join(ROOT, "programs")], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'supplement.config.yaml:1:10: error: `profile` must be one of the listed values, found the text "fiba" [config/enum]',
    );
    expect(r.stderr).toContain("Did you mean fibaa?");
    expect(r.stderr).toContain(
      "supplement.config.yaml:3:3: error: unknown rule `quality/outcome-verbs` [config/unknown-rule]",
    );
    expect(r.stderr).toContain("Did you mean `quality/outcome-verb`?");
  });

  it("exits 2 for an unknown format or an --output without its --format", () => {
    expect(runCli(["check", "-f", "xml"]).code).toBe(2);
    const dangling = runCli(["check", "-o", "x.json"]);
    expect(dangling.code).toBe(2);
    expect(dangling.stderr).toContain("--output x.json must follow the --format it is for");
  });
});

describe("supplement rules", () => {
  it("lists every rule with id, severity and description", () => {
    const r = runCli(["rules"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "fibaa/learning-outcomes          error    States at least one learning outcome, each a real sentence.",
    );
    expect(r.stdout).toContain("portfolio/module-hours");
  });

  it("prints docs/rules.md as markdown", () => {
    const r = runCli(["rules", "--format", "markdown"]);
    expect(`${r.stdout.trimEnd()}\n`).toBe(readFileSync(join(ROOT, "docs/rules.md"), "utf8"));
  });

  it("lists the EU profile with the elements set at issue time", () => {
    const r = runCli(["rules", "--profile", "eu-microcredential"]);
    expect(r.stdout).toContain("eu/form-of-participation");
    expect(r.stdout).not.toContain("fibaa/");
    expect(r.stdout).toContain("1. Identification of the learner");
    expect(r.stdout).toContain("5. Date of issuing");
  });
});

describe("output read by a reader that stops early (`| head`)", () => {
  /** Runs the CLI with nobody reading its stdout, as `| head -0` does: every write fails. */
  const withHead = (args: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
      child.stdout.destroy();
      let stderr = "";
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("close", (code) => resolve({ code, stderr }));
    });

  it("drops the rest without a stack trace and exits with the command's own code", async () => {
    const help = await withHead(["issue", "--help"]);
    expect(help.stderr).toBe("");
    expect(help.code).toBe(0);
    // Findings: still exit 1, the summary still on stderr.
    const check = await withHead(["check", "test/fixtures/invalid", "-f", "json"]);
    expect(check.stderr).not.toMatch(/node:events|EPIPE|at .*\.js:\d+/);
    expect(check.stderr).toMatch(/programs checked/);
    expect(check.code).toBe(1);
  });
});
