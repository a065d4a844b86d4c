/**
 * The register: consistent with the files on disk after a kill -9 at any moment, shards merged,
 * --resume issuing again what a changed program made, revoke and status.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { findRegisters, mergeRegisters, readRegister } from "../../src/io/register.js";
import { assertBuilt, runCli, startCli } from "../helpers/cli.js";
import { expectNothingLeftBehind, TEST_TMP } from "../helpers/processes.js";
import { ROOT } from "../helpers/programs.js";

beforeAll(assertBuilt);
afterEach(expectNothingLeftBehind);

const PROGRAM = join(ROOT, "programs/full-stack.yaml");

function learners(dir: string, n: number): string {
  const rows = ["name,learner_id,completion_date"];
  for (let i = 0; i < n; i++) rows.push(`Learner ${i},R-${i},2026-06-01`);
  const file = join(dir, "l.csv");
  writeFileSync(file, `${rows.join("\n")}\n`);
  return file;
}

/** Kills what still runs from a folder (the browser a kill -9 orphaned), and waits for it to go. */
function killProcessesUsing(dir: string): void {
  for (let round = 0; round < 50; round++) {
    const pids = readdirSync("/proc").filter((p) => {
      if (!/^\d+$/.test(p)) return false;
      try {
        return readFileSync(`/proc/${p}/cmdline`, "utf8").includes(dir);
      } catch {
        return false;
      }
    });
    if (!pids.length) return;
    for (const pid of pids) {
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {
        // gone
      }
    }
    execFileSync("sleep", ["0.1"]);
  }
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Every PDF on disk is in the register with its digests, and every credential of the register is on disk. */
function expectConsistent(out: string): number {
  const records = mergeRegisters(findRegisters(out, 0));
  const pdfs = readdirSync(out).filter((f) => f.endsWith(".pdf"));
  expect(new Set([...records.keys()].map((id) => `${id}.pdf`))).toEqual(new Set(pdfs));
  for (const r of records.values())
    for (const [name, digest] of Object.entries(r.issued.files))
      expect(sha(join(out, name)), name).toBe(digest);
  return records.size;
}

/**
 * Learners of the kill -9 runs: enough that the run is still printing when the kill lands (with 40,
 * a run killed after 30 had, at times, already written its last batch of 8).
 */
const KILLED_RUN = 80;

describe("the register", () => {
  for (const after of [1, 12, 30]) {
    it(`agrees with the files after a kill -9 after ${after} PDFs, and --resume completes it without duplicates`, async () => {
      const dir = mkdtempSync(join(TEST_TMP, "kill-"));
      const out = join(dir, "out");
      const file = learners(dir, KILLED_RUN);
      // A kill -9 leaves the browser's profile (nothing can clean up after SIGKILL): the run gets
      // a short TMPDIR of its own, cleared here.
      const tmp = mkdtempSync("/tmp/sk-");
      let seen = 0;
      let sent = false;
      try {
        const r = await startCli(
          ["issue", PROGRAM, "-l", file, "-o", out],
          (chunk, child) => {
            seen += chunk.split("\n").filter(Boolean).length;
            if (!sent && seen >= after) {
              sent = true;
              child.kill("SIGKILL");
            }
          },
          { env: { ...process.env, TMPDIR: tmp, NO_COLOR: "1" } },
        );
        expect(r.code).not.toBe(0);
      } finally {
        killProcessesUsing(tmp);
        rmSync(tmp, { recursive: true, force: true });
      }
      const before = expectConsistent(out);
      expect(before).toBeLessThan(KILLED_RUN);
      const resumed = runCli(["issue", PROGRAM, "-l", file, "-o", out, "--resume"]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(expectConsistent(out)).toBe(KILLED_RUN);
      // No credential is committed twice.
      const committed = readRegister(join(out, "register.jsonl")).filter(
        (e) => e.type === "committed",
      );
      expect(new Set(committed.map((e) => e.credentialId)).size).toBe(committed.length);
    });
  }

  it("each shard keeps its own register, and status merges them", () => {
    const dir = mkdtempSync(join(TEST_TMP, "shards-"));
    const out = join(dir, "out");
    const file = learners(dir, 6);
    for (const shard of ["1/2", "2/2"])
      expect(runCli(["issue", PROGRAM, "-l", file, "-o", out, "--shard", shard]).code).toBe(0);
    expect(
      readdirSync(out)
        .filter((f) => f.startsWith("register"))
        .sort(),
    ).toEqual(["register.shard-1-of-2.jsonl", "register.shard-2-of-2.jsonl"]);
    const status = runCli(["status", "--register", out, "-f", "json"]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toHaveLength(6);
  });

  it("--resume issues again the supplements of a program that changed since", () => {
    const project = mkdtempSync(join(TEST_TMP, "changed-"));
    cpSync(join(ROOT, "modules"), join(project, "modules"), { recursive: true });
    mkdirSync(join(project, "programs"));
    const program = join(project, "programs/full-stack.yaml");
    copyFileSync(PROGRAM, program);
    writeFileSync(join(project, "supplement.config.yaml"), "profile: fibaa\n");
    const file = learners(project, 3);
    const issue = () =>
      runCli(["issue", program, "-l", file, "-o", "out", "--resume"], { cwd: project });
    expect(issue().code).toBe(0);
    const first = readdirSync(join(project, "out")).filter((f) => f.endsWith(".pdf"));
    const unchanged = issue();
    expect(unchanged.stderr).toContain("skipped 3");
    writeFileSync(
      program,
      readFileSync(program, "utf8").replace(
        "Foundations of Coding Full-Stack",
        "Foundations of Coding (Full Stack)",
      ),
    );
    const changed = issue();
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr).toContain("issued 3");
    expect(changed.stderr).toContain(
      "3 supplements issued again: the program changed since they were issued",
    );
    expect(readdirSync(join(project, "out")).filter((f) => f.endsWith(".pdf"))).toEqual(first);
    expectConsistent(join(project, "out"));
  });

  it("--resume issues again a supplement whose learner's row changed (a corrected name), and only it", () => {
    const dir = mkdtempSync(join(TEST_TMP, "row-changed-"));
    const file = learners(dir, 3);
    const out = join(dir, "out");
    const issue = () => runCli(["issue", PROGRAM, "-l", file, "-o", out, "--resume"]);
    expect(issue().code).toBe(0);
    writeFileSync(file, readFileSync(file, "utf8").replace("Learner 1,", "Learner One,"));
    const changed = issue();
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr).toContain("issued 1, failed 0, skipped 2");
    expect(changed.stderr).toContain(
      "1 supplement issued again: the learner's row (name, ids, completion date, grade or e-mail) changed since it was issued",
    );
    const records = [...mergeRegisters(findRegisters(out, 0)).values()];
    expect(records.map((r) => r.issued.name).sort()).toEqual([
      "Learner 0",
      "Learner 2",
      "Learner One",
    ]);
    expect(issue().stderr).toContain("skipped 3");
    expectConsistent(out);
  });

  it("revoke and status", () => {
    const dir = mkdtempSync(join(TEST_TMP, "revoke-"));
    const out = join(dir, "out");
    expect(runCli(["issue", PROGRAM, "-l", learners(dir, 3), "-o", out]).code).toBe(0);
    const list = runCli(["status", "--register", out]);
    expect(list.stdout.trim().split("\n")).toHaveLength(3);
    expect(list.stdout).not.toContain("revoked");
    const id = list.stdout.split("\t")[0] as string;
    const r = runCli(["revoke", id, "--reason", "issued in error", "--register", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(runCli(["status", id, "--register", out]).stdout).toContain("revoked");
    expect(runCli(["revoke", id, "--reason", "again", "--register", out]).code).toBe(2);
    const unknown = runCli(["revoke", "nope", "--reason", "x", "--register", out]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no credential nope");
  });
});
