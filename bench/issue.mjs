#!/usr/bin/env node
// Benchmark of `supplement issue`: N learners (default 500) issued by the built CLI, as a user
// would run it, against the naive way on a subset: a new process and a new browser for every
// document, which loads the whole document and prints it (what peers do).
// Prints PDFs per second, ms per PDF (p50 and p95), the peak memory of the whole process tree
// (node + Chromium), the CPU utilisation, the CPU per PDF of node and of Chromium (and the rate
// they allow at full use of the cores) and the ratio.
// Usage: node bench/issue.mjs [--learners 500] [--runs 1] [--naive 8] [--names latin|world] [--twins-cost]
// --runs k issues the learners k times and prints every rate; the run of median rate is detailed.
// --sign also issues the learners with --sign (a development identity made for the run) and
// without, alternating, and prints both rates (target: signed >= 80% of unsigned).
// --twins-cost also issues the learners of a program with a legal identifier (both twins: EDC and
// OB3) with --twins all and with --twins none, alternating, and prints the cost of the twins.
// --names world also issues the same number of learners whose names mix every script the fonts
// cover, and prints its rate and file size beside the Latin-only run.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("learners", 500);
const namesArg = process.argv.indexOf("--names");
const NAMES = namesArg > 0 ? process.argv[namesArg + 1] : "latin";
if (!["latin", "world"].includes(NAMES)) throw new Error("--names latin|world");
const NAIVE = arg("naive", 8);
const RUNS = Math.max(1, arg("runs", 1));
const bin = join(root, "bin/supplement.js");
const program = join(root, "programs/full-stack.yaml");
const dir = mkdtempSync(join(tmpdir(), "supplement-bench-issue-"));
const name = (i) => `Learner ${i} Nguyễn Ødegård`;
/** Names across every script the fonts cover, mixed row by row. */
const WORLD = [
  "Łukasz Żółć", "Nguyễn Thị Minh Khai", "Γιώργος Παπαδόπουλος", "Иван Петров", "محمد بن علي",
  "דוד כהן", "अनिल कुमार शर्मा", "অমিত রায়", "தமிழ்செல்வன்", "สมชาย ใจดี", "王小明", "陳大文",
  "山田 さくら", "김민준", "გიორგი ბერიძე", "Արամ Խաչատրյան", "Ana Sol 🌻", "Ødegård Kjær",
]; // biome-ignore format: a list of names
const worldName = (i) => `${WORLD[i % WORLD.length]} ${i}`;

function learners(n, file, nameOf = name) {
  const rows = ["name,learner_id,completion_date"];
  for (let i = 0; i < n; i++)
    rows.push(`"${nameOf(i)}",B-${i},2026-10-${String(1 + (i % 28)).padStart(2, "0")}`);
  writeFileSync(join(dir, file), `${rows.join("\n")}\n`);
  return join(dir, file);
}

/**
 * pid:start time → what was last seen of each process of the tree: its own CPU ticks (user +
 * system), the ticks of the children it has reaped (cutime + cstime), its parent's key and the
 * sample it was seen in. Chromium starts a print compositor process for every document it prints,
 * which lives for about 0.1 s: most end between two samples, and their CPU shows only in their
 * parent's children ticks once reaped. See cpuTicksOf for the sum.
 */
const procs = new Map();
let sampleNo = 0;
const TICKS_PER_SECOND =
  Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/**
 * The CPU ticks of the whole tree: each process's own ticks, plus the ticks of children it reaped
 * that were never seen (a print compositor that lived between two samples). A parent's reaped
 * ticks also hold the children that were seen and gone before it was last seen, if it reaped them:
 * those are taken off, and at most the whole reaped figure, since a child whose parent died first
 * (the browser's process group is killed at the end) is reaped by init and counted nowhere else.
 */
function cpuTicksOf() {
  let ticks = 0;
  const goneChildren = new Map();
  for (const p of procs.values()) {
    ticks += p.own;
    const parent = procs.get(p.parent);
    if (parent && parent.seen > p.seen)
      goneChildren.set(p.parent, (goneChildren.get(p.parent) ?? 0) + p.own + p.reaped);
  }
  for (const [key, p] of procs) ticks += Math.max(0, p.reaped - (goneChildren.get(key) ?? 0));
  return ticks;
}

/**
 * The process tree under `pid`, read from /proc/<n>/stat (no process is spawned), with each
 * process's CPU so far recorded in procs. With `memory`, also the tree's memory in KB:
 * proportional set size (PSS: pages shared between processes divided among them) and plain RSS
 * summed (shared pages counted once per process), from smaps_rollup, which is dearer to read (it
 * walks each process's page tables), so it is read on every fifth sample only. Linux only.
 */
function sampleTree(pid, memory) {
  sampleNo++;
  const parent = new Map();
  const stats = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(entry), Number(f[1]));
      stats.set(Number(entry), f);
    } catch {
      // ended meanwhile
    }
  }
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, pp] of parent)
      if (tree.has(pp) && !tree.has(p)) {
        tree.add(p);
        grew = true;
      }
  }
  let pss = 0;
  let rss = 0;
  for (const p of tree) {
    const f = stats.get(p);
    const pf = stats.get(parent.get(p));
    if (f)
      procs.set(`${p}:${f[19]}`, {
        own: Number(f[11]) + Number(f[12]),
        reaped: Number(f[13]) + Number(f[14]),
        parent: pf ? `${parent.get(p)}:${pf[19]}` : "",
        seen: sampleNo,
      });
    if (!memory) continue;
    try {
      const rollup = readFileSync(`/proc/${p}/smaps_rollup`, "utf8");
      pss += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
      rss += Number(/^Rss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // ended meanwhile: counts nothing, rather than its last RSS
    }
  }
  return memory ? { pss, rss } : undefined;
}

/** Runs the CLI; records when each PDF is reported and the memory of the tree every 200 ms. */
function run(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const done = [];
    const samples = [];
    procs.clear();
    // Every 200 ms the CPU time of every process of the tree (a process that ends between two
    // samples is counted whole once its parent, in the tree, has reaped it; see cpuTicksOf), and
    // every second its memory.
    let tick = 0;
    const sampler = setInterval(() => {
      const memory = sampleTree(child.pid, tick++ % 5 === 0);
      if (memory) samples.push({ n: done.length, ...memory });
    }, 200);
    let rest = "";
    child.stdout.on("data", (d) => {
      const lines = (rest + d).split("\n");
      rest = lines.pop();
      for (const line of lines) if (line.trim()) done.push(performance.now());
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => {
      clearInterval(sampler);
      if (code !== 0) reject(new Error(`issue failed (${code}): ${err}`));
      else {
        const ms = performance.now() - started;
        const cpuSeconds = cpuTicksOf() / TICKS_PER_SECOND;
        // The CLI's own process (node); every other process of the tree is Chromium's.
        const nodeTicks = [...procs].find(([k]) => k.startsWith(`${child.pid}:`))?.[1].own ?? 0;
        const nodeCpuSeconds = nodeTicks / TICKS_PER_SECOND;
        resolve({ ms, started, done, samples, cpuSeconds, nodeCpuSeconds });
      }
    });
  });
}

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

// Pooled: the CLI as a user runs it; with --runs k, k times (a shared machine's speed varies
// between runs): the run of median rate is the one detailed.
const pdfsIn = (folder) => readdirSync(folder).filter((f) => f.endsWith(".pdf"));
const pooledRuns = [];
for (let k = 0; k < RUNS; k++) {
  const out = join(dir, k ? `pooled-${k}` : "pooled");
  pooledRuns.push(
    await run([
      "issue",
      program,
      "-l",
      learners(N, "pooled.csv"),
      "-o",
      out,
      "--issue-date",
      "2026-11-22",
    ]),
  );
  if (pdfsIn(out).length !== N) throw new Error("not every PDF was issued");
}
const byRate = [...pooledRuns].sort((a, b) => a.ms - b.ms);
const pooled = byRate[Math.floor((byRate.length - 1) / 2)];
const avgSize = (folder) => {
  const files = pdfsIn(folder);
  return files.reduce((n, f) => n + statSync(join(folder, f)).size, 0) / files.length;
};
const pooledSize = avgSize(join(dir, "pooled"));
// Names in every script: the same run with a file whose names mix all the scripts.
let world;
if (NAMES === "world") {
  world = await run([
    "issue",
    program,
    "-l",
    learners(N, "world.csv", worldName),
    "-o",
    join(dir, "world"),
    "--issue-date",
    "2026-11-22",
  ]);
  if (pdfsIn(join(dir, "world")).length !== N) throw new Error("not every PDF was issued");
  world.size = avgSize(join(dir, "world"));
}
/**
 * Rates of two ways of issuing the same learners, run alternately, twice each (the best run of
 * each counts, so that a slow moment of the machine does not decide): PDFs per second by name.
 */
async function alternate(tag, variants) {
  const file = learners(N, `${tag}.csv`);
  const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const cpu = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let round = 0; round < 2; round++)
    for (const [kind, args] of Object.entries(variants)) {
      const out = join(dir, `${tag}-${kind}-${round}`);
      const r = await run(["issue", ...args(file, out), "--issue-date", "2026-11-22"]);
      if (pdfsIn(out).length !== N) throw new Error("not every PDF was issued");
      times[kind].push(r.ms);
      cpu[kind].push(r.cpuSeconds);
    }
  // PDFs per second (best run), and CPU milliseconds per PDF of node and Chromium together (the
  // least of the runs): CPU time varies less than wall time on a shared machine.
  return Object.fromEntries(
    Object.keys(times).map((k) => [
      k,
      { rate: N / (Math.min(...times[k]) / 1000), cpuMs: (1000 * Math.min(...cpu[k])) / N },
    ]),
  );
}

// The twins' cost: a program whose issuer has a legal identifier (so both twins are made,
// written and embedded), with and without twins.
let twinsCost;
if (process.argv.includes("--twins-cost")) {
  const branded = join(root, "programs/examples/branded.yaml");
  twinsCost = await alternate("twins", {
    none: (file, out) => [branded, "-l", file, "-o", out, "--twins", "none"],
    all: (file, out) => [branded, "-l", file, "-o", out, "--twins", "all"],
  });
}
// Signing: the same learners signed and unsigned, with a development identity made for the run.
let signing;
if (process.argv.includes("--sign")) {
  const keysDir = join(dir, "keys");
  execFileSync(
    process.execPath,
    [bin, "keys", "create", "--issuer", "Bench Issuer", "-o", keysDir],
    {
      stdio: "ignore",
    },
  );
  const config = join(dir, "signing.yaml");
  writeFileSync(
    config,
    `signing:\n  keyFile: ${join(keysDir, "signing-key.pem")}\n  certFile: ${join(keysDir, "signing-cert.pem")}\n`,
  );
  signing = await alternate("sign", {
    unsigned: (file, out) => [program, "-l", file, "-o", out, "-c", config],
    signed: (file, out) => [program, "-l", file, "-o", out, "-c", config, "--sign"],
  });
}
// ms per PDF in steady state: PDFs are written in batches, so the time per PDF is taken over
// windows of 64 consecutive PDFs (several batches).
const W = 64;
const perPdf = [];
for (let i = W; i < pooled.done.length; i++) perPdf.push((pooled.done[i] - pooled.done[i - W]) / W);
perPdf.sort((a, b) => a - b);
const peak = pooled.samples.reduce((m, s) => (s.pss > m.pss ? s : m), { pss: 0, rss: 0 });
const atShare = (share) => {
  const s = pooled.samples.filter((x) => x.n <= share * N);
  return s.length ? Math.max(...s.map((x) => x.pss)) : 0;
};

// Naive: for each document of a subset, a new node process launches a browser, loads the whole
// personal document (fonts inlined) and prints it.
const lib = (p) => pathToFileURL(join(root, "dist", p)).href;
const { findBrowser } = await import(lib("render/browser.js"));
const naiveScript = `
import { readFileSync, writeFileSync } from "node:fs";
import puppeteer from "puppeteer-core";
import { findBrowser } from ${JSON.stringify(lib("render/browser.js"))};
const [htmlFile, out] = process.argv.slice(1);
const found = await findBrowser();
const browser = await puppeteer.launch({ executablePath: found.path,
  headless: found.headlessShell ? "shell" : true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
const page = await browser.newPage();
await page.setContent(readFileSync(htmlFile, "utf8"), { waitUntil: "load" });
writeFileSync(out, await page.pdf({ format: "A4", preferCSSPageSize: true, printBackground: true, tagged: true, outline: true }));
await browser.close();`;
const { analyzeFiles } = await import(lib("services/analyze.js"));
const { loadCatalog } = await import(lib("io/catalog.js"));
const { buildView, withHolder } = await import(lib("core/view.js"));
const { loadTemplateSet } = await import(lib("render/html.js"));
const { analyses } = await analyzeFiles([program], {
  catalog: loadCatalog([join(root, "modules")], root).catalog,
});
const base = buildView(analyses[0].program, analyses[0].workload, {
  generatedOn: "2026-11-22",
  tool: "bench",
  sourceFile: program,
  sourceDigest: "0",
});
const templates = loadTemplateSet();
const naive = [];
for (let i = 0; i < NAIVE; i++) {
  const html = join(dir, `naive-${i}.html`);
  writeFileSync(
    html,
    templates.render(
      withHolder(base, {
        name: name(i),
        learnerId: `B-${i}`,
        credentialId: `naive-${i}`,
        completionDate: "2026-11-01",
        issueDate: "2026-11-22",
      }),
    ),
  );
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", naiveScript, html, join(dir, `naive-${i}.pdf`)],
    { cwd: root, encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`naive run failed: ${r.stderr}`);
  naive.push(performance.now() - t);
}
rmSync(dir, { recursive: true, force: true });

const rate = N / (pooled.ms / 1000);
const naiveMs = naive.reduce((s, x) => s + x, 0) / naive.length;
console.log(
  `supplement issue benchmark: node ${process.version}, ${cpus().length} cores, full-stack program (5 pages per PDF), browser ${(await findBrowser()).path}`,
);
console.log(
  `pooled:  ${N} PDFs in ${(pooled.ms / 1000).toFixed(1)} s, start-up included = ${rate.toFixed(1)} PDFs/s (target >= 100 at 1,000 learners)`,
);
if (RUNS > 1)
  console.log(
    `         over ${RUNS} runs: ${byRate.map((r) => (N / (r.ms / 1000)).toFixed(1)).join(", ")} PDFs/s (the median run is detailed below)`,
  );
console.log(
  `         ms per PDF (over ${W} PDFs in a row): p50 ${pct(perPdf, 50).toFixed(1)}, p95 ${pct(perPdf, 95).toFixed(1)}; first PDF after ${((pooled.done[0] - pooled.started) / 1000).toFixed(1)} s`,
);
console.log(
  `         CPU: ${pooled.cpuSeconds.toFixed(1)} s of node + Chromium over ${(pooled.ms / 1000).toFixed(1)} s on ${cpus().length} cores = ${((100 * pooled.cpuSeconds) / ((pooled.ms / 1000) * cpus().length)).toFixed(0)}% utilisation (near 100%: CPU-bound; well below: the pipeline waits)`,
);
console.log(
  `         CPU per PDF: ${((1000 * pooled.nodeCpuSeconds) / N).toFixed(1)} ms in node, ${((1000 * (pooled.cpuSeconds - pooled.nodeCpuSeconds)) / N).toFixed(1)} ms in Chromium; at full use of ${cpus().length} cores that allows at most ${((cpus().length * N) / pooled.cpuSeconds).toFixed(0)} PDFs/s, and Chromium's share alone at most ${((cpus().length * N) / (pooled.cpuSeconds - pooled.nodeCpuSeconds)).toFixed(0)} PDFs/s (if node took no CPU at all)`,
);
console.log(
  `         peak memory of node + Chromium: ${mb(peak.pss)} PSS (target < 600 MB); RSS summed over the processes ${mb(peak.rss)} (counts shared pages once per process)`,
);
console.log(
  `         peak PSS up to 25% / 50% / 75% / 100% of the PDFs: ${[0.25, 0.5, 0.75, 1].map((s) => mb(atShare(s))).join(" / ")}`,
);
console.log(`         average file size ${(pooledSize / 1024).toFixed(0)} KB`);
if (signing) {
  console.log(
    `signed:  ${N} PDFs signed (PAdES B-B, ECDSA P-256, with the VC-JWT and JAdES twins): ${signing.signed.rate.toFixed(1)} PDFs/s; unsigned ${signing.unsigned.rate.toFixed(1)} PDFs/s; signed = ${((100 * signing.signed.rate) / signing.unsigned.rate).toFixed(0)}% of unsigned (target >= 80%; best of 2 runs each, alternating); CPU ${signing.signed.cpuMs.toFixed(1)} against ${signing.unsigned.cpuMs.toFixed(1)} ms per PDF`,
  );
}
if (twinsCost) {
  console.log(
    `twins:   ${N} PDFs with an EDC and an OB3 twin each (written beside and embedded): ${twinsCost.all.rate.toFixed(1)} PDFs/s; without twins ${twinsCost.none.rate.toFixed(1)} PDFs/s; cost ${((100 * (twinsCost.none.rate - twinsCost.all.rate)) / twinsCost.none.rate).toFixed(1)}% (target <= 10%; best of 2 runs each, alternating); CPU ${twinsCost.all.cpuMs.toFixed(1)} against ${twinsCost.none.cpuMs.toFixed(1)} ms per PDF = +${((100 * (twinsCost.all.cpuMs - twinsCost.none.cpuMs)) / twinsCost.none.cpuMs).toFixed(1)}%`,
  );
}
if (world) {
  const worldRate = N / (world.ms / 1000);
  console.log(
    `world:   ${N} PDFs, names mixed across ${WORLD.length} scripts: ${(world.ms / 1000).toFixed(1)} s = ${worldRate.toFixed(1)} PDFs/s, ${((100 * worldRate) / rate).toFixed(0)}% of the Latin-only rate (target >= 70%); average file size ${(world.size / 1024).toFixed(0)} KB`,
  );
}
console.log(
  `naive:   ${NAIVE} PDFs, a new process and browser each: ${naiveMs.toFixed(0)} ms per PDF = ${(1000 / naiveMs).toFixed(2)} PDFs/s`,
);
console.log(
  `ratio:   pooled is ${(rate / (1000 / naiveMs)).toFixed(1)}x the naive way (target >= 20x)`,
);
