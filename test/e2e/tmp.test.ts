/**
 * What runs leave in the temp folder: nothing. Each run below gets an empty TMPDIR of its own,
 * finished or interrupted at different moments, and the folder must be empty afterwards: the
 * browser profile and Chromium's own temp files (org.chromium.Chromium.*) are removed.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, runCli, startCli } from "../helpers/cli.js";
import { expectOnlyWholeOutputs, TEST_TMP } from "../helpers/processes.js";
import { ROOT } from "../helpers/programs.js";

beforeAll(assertBuilt);

const PROGRAM = join(ROOT, "programs/full-stack.yaml");

/** A fresh, empty TMPDIR and an output folder outside it. */
function sandbox(): { tmp: string; out: string; env: NodeJS.ProcessEnv } {
  const base = mkdtempSync(join(TEST_TMP, "tmpcheck-"));
  const tmp = join(base, "tmp");
  mkdirSync(tmp);
  return { tmp, out: join(base, "out"), env: { ...process.env, TMPDIR: tmp, NO_COLOR: "1" } };
}

function learners(dir: string, n: number): string {
  const file = join(dir, "learners.csv");
  const rows = ["name,learner_id,completion_date"];
  for (let i = 0; i < n; i++) rows.push(`Learner ${i},T-${i},2026-10-01`);
  writeFileSync(file, `${rows.join("\n")}\n`);
  return file;
}

/** Whether a Chromium with its profile under `tmp` is running. */
function browserRunning(tmp: string): boolean {
  return execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).includes(`${tmp}/supplement-`);
}

async function until(condition: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("the temp folder after a run", () => {
  it("is empty after build, issue and audit -f pdf", () => {
    const s = sandbox();
    const built = runCli(["build", PROGRAM, "-o", s.out], { env: s.env });
    expect(built.code, built.stderr).toBe(0);
    const l = learners(join(s.tmp, ".."), 12);
    expect(runCli(["issue", PROGRAM, "-l", l, "-o", s.out], { env: s.env }).code).toBe(0);
    const audit = runCli(["audit", "-f", "pdf", "-o", join(s.out, "a.pdf")], { env: s.env });
    expect(audit.code, audit.stderr).toBe(0);
    expect(readdirSync(s.tmp)).toEqual([]);
  });

  it("prints, and leaves nothing, with a TMPDIR too long for Chromium's singleton socket", () => {
    const s = sandbox();
    const long = join(s.tmp, "a-very-long-folder-name-".repeat(5));
    mkdirSync(long);
    const r = runCli(["build", PROGRAM, "-o", s.out], { env: { ...s.env, TMPDIR: long } });
    expect(long.length).toBeGreaterThan(120);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(long)).toEqual([]);
    expect(readdirSync("/tmp").filter((n) => n.startsWith("supplement-t-"))).toEqual([]);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`is empty after build is stopped with ${signal} while printing`, async () => {
      const s = sandbox();
      const r = await startCli(
        ["build", join(ROOT, "programs"), "-o", s.out],
        () => {},
        { env: s.env },
        (child) => {
          void until(() => browserRunning(s.tmp)).then(
            () => setTimeout(() => child.kill(signal), 300),
            () => child.kill(signal),
          );
        },
      );
      expect(r.code).toBe(130);
      expect(readdirSync(s.tmp)).toEqual([]);
    });
  }

  for (const after of [1, 40, 120]) {
    it(`is empty after issue is stopped with SIGINT after ${after} PDFs, which leaves only whole PDFs`, async () => {
      const s = sandbox();
      const l = learners(join(s.tmp, ".."), 400);
      let seen = 0;
      let sent = false;
      const r = await startCli(
        ["issue", PROGRAM, "-l", l, "-o", s.out],
        (chunk, child) => {
          seen += chunk.split("\n").filter(Boolean).length;
          if (sent || seen < after) return;
          sent = true;
          child.kill("SIGINT");
        },
        { env: s.env },
      );
      expect(r.code).toBe(130);
      expect(readdirSync(s.tmp)).toEqual([]);
      // No temp file or folder in the output: a write still under way when Ctrl-C came is gone.
      expectOnlyWholeOutputs(s.out);
    });
  }
});
