#!/usr/bin/env node
// Benchmark of `supplement issue`: N learners (default 500) through one browser with a pool of
// pages, against the naive way (a new process and browser for every document) on a subset.
// Prints PDFs per second, ms between finished PDFs (p50, p95), peak RSS of the whole process
// tree (node + Chromium) and the ratio. Usage: node bench/issue.mjs [--learners 500] [--naive 8]
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("learners", 500);
const NAIVE = arg("naive", 8);
const bin = join(root, "bin/supplement.js");
const program = join(root, "programs/full-stack.yaml");
const dir = mkdtempSync(join(tmpdir(), "supplement-bench-issue-"));

function learners(n, name) {
  const rows = ["name,learner_id,completion_date"];
  for (let i = 0; i < n; i++)
    rows.push(
      `Learner ${i} Nguyễn Ødegård,B-${i},2026-11-${String(1 + (i % 28)).padStart(2, "0")}`,
    );
  const file = join(dir, name);
  writeFileSync(file, `${rows.join("\n")}\n`);
  return file;
}

/**
 * Memory in KB of a process and all its descendants: proportional set size (shared pages divided
 * among the processes sharing them) where Linux gives it, else RSS (which counts Chromium's
 * shared memory once per process).
 */
function treeRss(pid) {
  try {
    const rows = execFileSync("ps", ["-eo", "pid,ppid,rss"], { encoding: "utf8" })
      .trim()
      .split("\n")
      .slice(1);
    const procs = rows.map((r) => r.trim().split(/\s+/).map(Number));
    const inTree = new Set([pid]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [p, pp] of procs) {
        if (inTree.has(pp) && !inTree.has(p)) {
          inTree.add(p);
          grew = true;
        }
      }
    }
    return procs.filter(([p]) => inTree.has(p)).reduce((s, [p, , rss]) => s + (pss(p) ?? rss), 0);
  } catch {
    return 0;
  }
}

function pss(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function run(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const done = [];
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), 200);
    child.stdout.on("data", (d) => {
      for (const line of d.toString().split("\n")) if (line.trim()) done.push(performance.now());
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => {
      clearInterval(sampler);
      if (code !== 0) reject(new Error(`issue failed (${code}): ${err}`));
      else resolve({ ms: performance.now() - started, done, peak });
    });
  });
}

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const pooled = await run([
  "issue",
  program,
  "-l",
  learners(N, "pooled.csv"),
  "-o",
  join(dir, "pooled"),
  "--issue-date",
  "2026-11-22",
]);
const gaps = pooled.done
  .slice(1)
  .map((t, i) => t - pooled.done[i])
  .sort((a, b) => a - b);
const naive = [];
for (let i = 0; i < NAIVE; i++)
  naive.push(
    (
      await run([
        "issue",
        program,
        "-l",
        learners(1, `one-${i}.csv`),
        "-o",
        join(dir, `naive-${i}`),
        "--issue-date",
        "2026-11-22",
      ])
    ).ms,
  );
rmSync(dir, { recursive: true, force: true });

const rate = N / (pooled.ms / 1000);
const naiveMs = naive.reduce((s, x) => s + x, 0) / naive.length;
console.log(
  `supplement issue benchmark: node ${process.version}, ${cpus().length} cores, full-stack program (5 pages per PDF)`,
);
console.log(
  `pooled:  ${N} PDFs in ${(pooled.ms / 1000).toFixed(1)} s = ${rate.toFixed(1)} PDFs/s (target >= 25); ms between finished PDFs p50 ${pct(gaps, 50).toFixed(0)}, p95 ${pct(gaps, 95).toFixed(0)}; peak memory (PSS, node + Chromium) ${(pooled.peak / 1024).toFixed(0)} MB`,
);
console.log(
  `naive:   ${NAIVE} PDFs, a new process and browser each: ${naiveMs.toFixed(0)} ms per PDF = ${(1000 / naiveMs).toFixed(2)} PDFs/s`,
);
console.log(
  `ratio:   pooled is ${(rate / (1000 / naiveMs)).toFixed(1)}x the naive way (target >= 20x)`,
);
