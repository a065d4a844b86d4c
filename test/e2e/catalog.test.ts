/**
 * Where programs find their module catalog, tried on project layouts as a user would lay them
 * out: two projects checked in one run, nested folders, a program at the top of its project,
 * a catalog outside the project. Each program's catalog is the nearest modules/ folder walking
 * up from it, ending at the folder with supplement.config.yaml or .git.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runCli } from "../helpers/cli.js";
import { TEST_TMP } from "../helpers/processes.js";
import { ROOT } from "../helpers/programs.js";

beforeAll(assertBuilt);

const FULL_STACK = readFileSync(join(ROOT, "programs/full-stack.yaml"), "utf8");
const SHARED = readFileSync(join(ROOT, "modules/shared.yaml"), "utf8");

function write(path: string, text: string): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** A project: its root marker, its catalog (optionally with changed hours) and a program. */
function project(
  root: string,
  options: { marker: "git" | "config"; programAt: string; csharpHours?: number },
): string {
  if (options.marker === "git") mkdirSync(join(root, ".git"), { recursive: true });
  else write(join(root, "supplement.config.yaml"), "profile: fibaa\n");
  const hours = options.csharpHours ?? 30;
  write(
    join(root, "modules/shared.yaml"),
    SHARED.replace(
      /(id: intro-programming-csharp\n(?:\s+[a-z]+:[^\n]*\n)*?\s+hours: )30/,
      `$1${hours}`,
    ),
  );
  // Totals follow the catalog, so that each project's program is valid with its own catalog only.
  const total = 422 - 30 + hours;
  return write(
    join(root, options.programAt),
    FULL_STACK.replace(/hours: 422\b/, `hours: ${total}`).replace(
      /ects: 16\b/,
      `ects: ${Math.floor(total / 25)}`,
    ),
  );
}

function auditHours(args: string[], cwd: string): number[] {
  const r = runCli(["audit", ...args, "-f", "json"], { cwd });
  expect(r.code, r.stderr).toBe(0);
  const json = JSON.parse(r.stdout) as { programs: { file: string; hours: number }[] };
  return json.programs.map((p) => p.hours);
}

describe("module catalog discovery", () => {
  it("checks two projects in one run, each against its own catalog, with no false duplicate", () => {
    const base = mkdtempSync(join(TEST_TMP, "two-projects-"));
    const a = project(join(base, "a"), { marker: "git", programAt: "programs/full-stack.yaml" });
    // The same module ids with other hours: only a cross-project mix-up would notice.
    const b = project(join(base, "b"), {
      marker: "config",
      programAt: "programs/nested/deep/full-stack-b.yaml",
      csharpHours: 33,
    });
    for (const cwd of [base, ROOT, join(base, "a")]) {
      const r = runCli(["check", a, b, "-f", "stylish"], { cwd });
      expect(r.stdout + r.stderr).not.toContain("duplicate-module");
      expect(r.stdout + r.stderr).not.toContain("portfolio/module-hours");
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    expect(auditHours([a, b], base)).toEqual([422, 425]);
  });

  it("takes the nearest modules/ folder and never one above the project's root", () => {
    const base = mkdtempSync(join(TEST_TMP, "nested-"));
    // A catalog above the project, which must not be read: it defines every id a second time.
    write(join(base, "modules/shared.yaml"), SHARED);
    const top = project(join(base, "proj"), { marker: "git", programAt: "full-stack.yaml" });
    const r = runCli(["check", top, "-f", "stylish"], { cwd: base });
    expect(r.stdout + r.stderr).not.toContain("duplicate-module");
    expect(r.code, r.stdout + r.stderr).toBe(0);

    // A program folder with its own modules/ beside the project's: the nearer one wins.
    const inner = write(join(base, "proj/programs/special/full-stack.yaml"), FULL_STACK);
    write(
      join(base, "proj/programs/special/modules/shared.yaml"),
      SHARED.replace(/(id: intro-web-development\n(?:\s+[a-z]+:[^\n]*\n)*?\s+hours: )39/, "$140"),
    );
    const near = runCli(["check", inner, "-f", "stylish"], { cwd: ROOT });
    expect(near.stdout).toContain("coherence/declared-totals");
    expect(near.code).toBe(1);
  });

  it("finds no catalog above a project root, and says which module it cannot find", () => {
    const base = mkdtempSync(join(TEST_TMP, "outside-"));
    write(join(base, "modules/shared.yaml"), SHARED);
    mkdirSync(join(base, "proj/.git"), { recursive: true });
    const program = write(join(base, "proj/full-stack.yaml"), FULL_STACK);
    const r = runCli(["check", program, "-f", "stylish"], { cwd: base });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("catalog/unknown-module");
  });

  it("still reports a real duplicate inside one catalog", () => {
    const base = mkdtempSync(join(TEST_TMP, "dup-"));
    const program = project(base, { marker: "git", programAt: "programs/full-stack.yaml" });
    write(
      join(base, "modules/more.yaml"),
      "modules:\n  - id: intro-web-development\n    title: Again\n    hours: 39\n",
    );
    const r = runCli(["check", program, "-f", "stylish"], { cwd: base });
    expect(r.code).toBe(1);
    expect(r.stdout.match(/catalog\/duplicate-module/g)?.length).toBe(1);
  });

  it("lets catalog: in the configuration win over discovery", () => {
    const base = mkdtempSync(join(TEST_TMP, "configured-"));
    const program = project(base, { marker: "git", programAt: "programs/full-stack.yaml" });
    cpSync(join(base, "modules"), join(base, "elsewhere"), { recursive: true });
    write(join(base, "modules/broken.yaml"), "modules: 3\n");
    write(join(base, "supplement.config.yaml"), "catalog: elsewhere\n");
    const r = runCli(["check", program, "-f", "stylish"], { cwd: base });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toContain("broken.yaml");
  });

  it("runs bench/check.mjs from the repository root and from another folder", () => {
    for (const cwd of [ROOT, TEST_TMP]) {
      const out = execFileSync(
        process.execPath,
        [join(ROOT, "bench/check.mjs"), "--programs", "8", "--modules", "20", "--runs", "1"],
        { cwd, encoding: "utf8", env: { ...process.env, TMPDIR: TEST_TMP } },
      );
      expect(out).toContain("8 programs");
    }
  });
});
