#!/usr/bin/env node
// Benchmark of a cold `supplement build` of one program, side by side with the floor Chromium
// sets: a bare Puppeteer script that launches the same browser, prints one small page and closes
// it. Both run as new processes (node start included), alternating, so that the machine's load
// affects both alike. Prints the medians and their ratio (target: build <= 1.15 x bare).
// Usage: node bench/build.mjs [--runs 7] [--program programs/full-stack.yaml]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const RUNS = Number(arg("runs", 7));
const program = resolve(arg("program", join(root, "programs/full-stack.yaml")));
const bin = join(root, "bin/supplement.js");
const dir = mkdtempSync(join(tmpdir(), "supplement-bench-build-"));

const { findBrowser } = await import(pathToFileURL(join(root, "dist/render/browser.js")).href);
// The same browser supplement prints with (a headless shell where one is installed).
const { path: browser, headlessShell } = await findBrowser();
const runningAsRoot = typeof process.getuid === "function" && process.getuid() === 0;
const bareScript = join(dir, "bare.mjs");
writeFileSync(
  bareScript,
  `import { createRequire } from "node:module";
const require = createRequire(${JSON.stringify(join(root, "package.json"))});
const { default: puppeteer } = await import(require.resolve("puppeteer-core"));
const browser = await puppeteer.launch({ executablePath: ${JSON.stringify(browser)},
  headless: ${JSON.stringify(headlessShell ? "shell" : true)},
  pipe: true, args: ${JSON.stringify(runningAsRoot ? ["--no-sandbox"] : [])} });
const page = await browser.newPage();
await page.setContent("<!doctype html><title>x</title><p>One small page.</p>");
const pdf = await page.pdf({ format: "A4" });
if (pdf.length < 500) throw new Error("no PDF");
await browser.close();
`,
);

function timeOnce(args) {
  const t0 = process.hrtime.bigint();
  execFileSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"], cwd: dir });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
const stats = (ms) => {
  const s = [...ms].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};

const nodeStart = [];
const bare = [];
const build = [];
try {
  // One of each first, not counted: the page cache then holds Chromium for both alike.
  timeOnce([bareScript]);
  timeOnce([bin, "build", program, "-o", join(dir, "out")]);
  for (let r = 0; r < RUNS; r++) {
    nodeStart.push(timeOnce(["-e", "0"]));
    bare.push(timeOnce([bareScript]));
    build.push(timeOnce([bin, "build", program, "-o", join(dir, "out")]));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const n = stats(nodeStart);
const b = stats(bare);
const s = stats(build);
const f = (x) => x.toFixed(0).padStart(6);
const line = (label, x) =>
  console.log(`${label.padEnd(44)}${f(x.median)} ms [${x.min.toFixed(0)}-${x.max.toFixed(0)}]`);
console.log(
  `supplement build benchmark: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${RUNS} runs each, alternating; median [min-max] wall time, process start included; browser ${browser}`,
);
line("bare node start (node -e 0)", n);
line("bare Puppeteer: launch, print 1 page, close", b);
line(`supplement build ${program.replace(root, "")}`, s);
const ratio = s.median / b.median;
console.log(
  `ratio build / bare Puppeteer: ${ratio.toFixed(2)} (target <= 1.15)${ratio <= 1.15 ? "" : "  ABOVE TARGET"}`,
);
