#!/usr/bin/env node
// Benchmark of `supplement check`: 1,000 valid programs (variants of the four certified
// programs, 3.6-4.7 KB each) and one program with 10,000 modules. Each case runs the built CLI
// as a user would, process start included, several times; the median is reported.
// Usage: node bench/check.mjs [--programs 1000] [--modules 10000] [--runs 5]
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("programs", 1000);
const M = arg("modules", 10000);
const RUNS = arg("runs", 5);
const bin = join(root, "bin/supplement.js");

const dir = mkdtempSync(join(tmpdir(), "supplement-bench-"));
const programsDir = join(dir, "programs");
mkdirSync(programsDir);
// The programs refer to shared modules: the catalog goes beside them, as in a real project.
cpSync(join(root, "modules"), join(dir, "modules"), { recursive: true });
const sources = ["full-stack", "back-end", "front-end", "pr-communications"].map((n) =>
  readFileSync(join(root, "programs", `${n}.yaml`), "utf8"),
);
let bytes = 0;
for (let i = 0; i < N; i++) {
  const doc = parseDocument(sources[i % 4]);
  doc.set("id", `bench-${String(i).padStart(5, "0")}`);
  // A title may be text or {language: text}.
  const title = doc.get("title");
  if (typeof title === "string") doc.set("title", `${title} (cohort ${i})`);
  else doc.setIn(["title", "en"], `${doc.getIn(["title", "en"])} (cohort ${i})`);
  const text = doc.toString({ lineWidth: 0 });
  bytes += text.length;
  writeFileSync(join(programsDir, `p${String(i).padStart(5, "0")}.yaml`), text);
}
const big = parseDocument(sources[0]);
big.set("id", "bench-big");
big.set(
  "modules",
  big.createNode(
    Array.from({ length: M }, (_, i) => ({
      id: `m-${i}`,
      title: `Module ${i} of a very large program`,
      hours: 3,
    })),
  ),
);
big.set("declared", big.createNode({ hours: M * 3, ects: Math.floor((M * 3) / 25) }));
big.delete("stackability");
const bigFile = join(dir, "big.yaml");
writeFileSync(bigFile, big.toString({ lineWidth: 0 }));

function time(args) {
  const ms = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    try {
      execFileSync(process.execPath, [bin, "check", ...args], {
        stdio: ["ignore", "ignore", "pipe"],
      });
    } catch (e) {
      throw new Error(`check failed: ${e.stderr}`);
    }
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], min: ms[0], max: ms[ms.length - 1] };
}
function bare() {
  const ms = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    execFileSync(process.execPath, ["-e", "0"]);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], min: ms[0], max: ms[ms.length - 1] };
}
let baseline;
let startup;
let many;
let one;
try {
  baseline = bare();
  startup = time(["--help"]);
  many = time([programsDir]);
  one = time([bigFile]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const f = (x) => x.toFixed(0).padStart(6);
console.log(
  `supplement check benchmark: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${RUNS} runs each, median [min-max] wall time, process start included`,
);
console.log(
  `bare node start (node -e 0)             ${f(baseline.median)} ms [${baseline.min.toFixed(0)}-${baseline.max.toFixed(0)}]  (how fast the machine is right now)`,
);
console.log(
  `process start (check --help)            ${f(startup.median)} ms [${startup.min.toFixed(0)}-${startup.max.toFixed(0)}]`,
);
console.log(
  `${N} programs (${(bytes / 1024 / 1024).toFixed(1)} MB)             ${f(many.median)} ms [${many.min.toFixed(0)}-${many.max.toFixed(0)}]  = ${(many.median / N).toFixed(2)} ms per program (target: < 1000 ms total)`,
);
console.log(
  `1 program with ${M} modules           ${f(one.median)} ms [${one.min.toFixed(0)}-${one.max.toFixed(0)}]`,
);
