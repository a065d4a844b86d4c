/** `supplement issue`: a personal supplement for every learner of a learners file. */
import { createReadStream, existsSync, statSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import v8 from "node:v8";
import { Command, InvalidArgumentError } from "commander";
import type { Lang } from "../core/i18n/index.js";
import { parseShard, type Shard, verifyUrlProblem } from "../core/learners.js";
import { ExitCode, SupplementError } from "../errors.js";
import { type Config, ruleSettings } from "../io/config.js";
import { startChromium } from "../render/chromium.js";
import type { PdfRenderer } from "../render/pdf.js";
import { formatDiagnostics, plural } from "../report/diagnostics.js";
import { analyzeFiles } from "../services/analyze.js";
import type { CliContext } from "./context.js";
import {
  blockedWarnings,
  configOption,
  langOption,
  langsOf,
  loadRunCatalog,
  loadRunConfig,
  parseIsoDate,
  parsePositiveInt,
  signerOf,
  templateDirOf,
  templateOption,
  twinsOf,
  twinsOption,
} from "./shared.js";

interface IssueFlags {
  learners: string;
  out?: string;
  concurrency?: number;
  resume?: boolean;
  shard?: Shard;
  verifyUrl?: string;
  issueDate?: string;
  timeout?: number;
  retries?: number;
  batchSize?: number;
  template?: string;
  config?: string;
  lang?: string;
  twins?: string;
  sign?: boolean;
}

function shardArg(value: string): Shard {
  const shard = parseShard(value);
  if (!shard) throw new InvalidArgumentError("expected k/n with 1 <= k <= n, e.g. 2/8");
  return shard;
}

/** Rows in a learners file, counted without keeping them (for the progress bar's ETA). */
async function countRows(path: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (const byte of chunk) if (byte === 10) lines++;
    last = chunk[chunk.length - 1] ?? last;
  }
  if (last !== 10) lines++;
  return /\.(jsonl|ndjson)$/i.test(path) ? lines : Math.max(0, lines - 1);
}

export function createIssueCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return new Command("issue")
    .description(
      "issue a personal supplement (holder, credential id, verification link and QR code) for every learner",
    )
    .argument("<program>", "the program file (.yaml)")
    .requiredOption(
      "-l, --learners <file>",
      "learners: CSV with a header row, or JSON Lines (.jsonl)",
    )
    .option("-o, --out <dir>", "output folder (default: out/issued/<program id>)")
    .option(
      "--concurrency <n>",
      "pages printing at once (default: number of cores; at most twice that)",
      parsePositiveInt,
    )
    .option(
      "--resume",
      "skip learners whose complete PDF already exists (issued again if the program or their row changed since)",
    )
    .option(
      "--shard <k/n>",
      "take only the k-th of n deterministic shares of the learners",
      shardArg,
    )
    .option(
      "--verify-url <pattern>",
      "verification address, e.g. https://verify.example.org/{credential_id}",
    )
    .option("--issue-date <YYYY-MM-DD>", "date of issue (default: today)", parseIsoDate)
    .option(
      "--timeout <ms>",
      "time limit per document in milliseconds (default: 60000)",
      parsePositiveInt,
    )
    .option("--retries <n>", "further attempts per document after a failure (default: 2)", (v) =>
      Number(v),
    )
    .option(
      "--batch-size <n>",
      "learners whose personal pages are printed together (default: 16)",
      parsePositiveInt,
    )
    .addOption(templateOption())
    .addOption(langOption())
    .addOption(twinsOption("written beside each PDF and embedded in it"))
    .option(
      "--sign",
      "sign each PDF (PAdES), with the identity signing.keyFile names (default keys/, from `supplement keys create`)",
    )
    .addOption(configOption())
    .addHelpText(
      "after",
      `
Columns: name, learner_id, completion_date (required); credential_id, email, grade (optional).
A missing credential_id is derived from the program id and the learner id. Files are named
<credential_id>.pdf, with its twins <credential_id>.edc.jsonld (a European Digital Credential;
needs issuer.legalIdentifier in the program) and <credential_id>.ob3.json (an Open Badges 3.0
credential), which the PDF also carries. The e-mail is printed only with issue.printEmail: true
in the config, and put in the twins only with issue.emailInTwins: true.

Examples:
  $ supplement issue programs/full-stack.yaml --learners learners.csv --verify-url 'https://verify.example.org/{credential_id}'
  $ supplement issue programs/full-stack.yaml -l learners.jsonl --resume --shard 3/8

Exit codes: 0 all issued; 1 a row failed (reported with row and column); 2 usage or I/O error;
130 interrupted (no partial file, no browser left).`,
    )
    .action(async (programFile: string, flags: IssueFlags) => {
      setExit(await runIssue(programFile, flags, ctx));
    });
}

/**
 * A run of thousands of documents keeps only a batch or two in memory at a time (about 35 MB
 * live), but V8 lets the old generation reach up to four times its live size before a full
 * collection (about 100 MB of garbage here). At 1.5 times, node's peak RSS at 1,000 learners falls
 * from about 215 MB to about 135 MB, for a full collection (6 to 16 ms) every second or two.
 * The young generation is left to grow (to 32 MB) as V8 sees fit: kept at its starting size, the
 * process was about 30 MB smaller, but every parsed batch outlived a few scavenges and was promoted,
 * and the run was slower: in 9 alternating pairs of runs at 1,000 learners, 8 were faster with
 * it left to grow (medians 60.6 against 56.2 and 56.7 against 50.1 PDFs/s). Peak PSS of the run
 * at 3,000 learners is 557 MB against 521 MB, and 560 MB at 10,000.
 *
 * Only with a full browser: Chromium's headless shell takes about 110 MB less (peak PSS at 10,000
 * learners 426 MB with the heap kept small), which leaves room for V8's own growth. Measured with
 * the shell (2026-12-04): node's CPU per PDF 7.5 to 8.7 ms against 8.6 to 10.1 in 4 alternating
 * pairs at 1,000 learners, all 4 faster (90.5/75.9, 88.0/85.9, 87.0/78.2, 80.7/79.0 PDFs/s); at
 * 10,000 learners 95.2 PDFs/s and node 5.5 ms a PDF against 88.3 and 6.9, peak PSS 512 MB.
 */
function keepHeapSmall(): void {
  v8.setFlagsFromString("--heap-growing-percent=50");
}

async function runIssue(programFile: string, flags: IssueFlags, ctx: CliContext): Promise<number> {
  const config = await loadRunConfig(flags.config, ctx);
  if (!existsSync(programFile)) throw new SupplementError("FILE_NOT_FOUND", { path: programFile });
  if (!existsSync(flags.learners))
    throw new SupplementError("FILE_NOT_FOUND", { path: flags.learners });
  if (!statSync(flags.learners).isFile())
    throw new SupplementError("USAGE", {
      message: `--learners ${flags.learners}: a folder, not a learners file`,
      hint: "Name the learners file itself: CSV with a header row, or JSON Lines (.jsonl).",
    });
  const langs = langsOf(flags.lang, config);
  // Each page printing at once is a Chromium renderer of about 80 MB: more than two per core
  // only adds memory (--concurrency 1000 would open hundreds of them).
  const cores = Math.max(1, cpus().length);
  const concurrency = Math.min(flags.concurrency ?? cores, 2 * cores);
  if (flags.concurrency && flags.concurrency > concurrency)
    ctx.stderr(
      `note: --concurrency ${flags.concurrency} is more than ${cores} core${cores === 1 ? "" : "s"} can use; ${concurrency} pages print at once`,
    );
  const timeoutMs = flags.timeout ?? config.build?.timeout ?? 60_000;
  // Chromium's process starts first; Puppeteer is loaded, and the program read and checked,
  // while it starts (as in build).
  const started = startChromium();
  started.then(
    (browser) => {
      if (!browser.location.headlessShell) keepHeapSmall();
    },
    () => {},
  );
  const { LONG_RUN_GC_EVERY, PdfRenderer } = await import("../render/pdf.js");
  const launching = PdfRenderer.start({
    concurrency,
    timeoutMs,
    collectGarbageEvery: LONG_RUN_GC_EVERY,
    started,
  });
  try {
    return await issueWith(programFile, flags, ctx, config, {
      concurrency,
      timeoutMs,
      launching,
      langs,
    });
  } finally {
    await launching.then((r) => r.close()).catch(() => {});
  }
}

async function issueWith(
  programFile: string,
  flags: IssueFlags,
  ctx: CliContext,
  config: Config,
  run: {
    concurrency: number;
    timeoutMs: number;
    launching: Promise<PdfRenderer>;
    langs: Lang[];
  },
): Promise<number> {
  const catalog = loadRunCatalog(config, [programFile], ctx);
  const { analyses } = await analyzeFiles([programFile], {
    ...(config.creditPolicy ? { policy: config.creditPolicy } : {}),
    catalogs: catalog.catalogs,
    projects: catalog.projects,
    ...(config.branding ? { branding: config.branding } : {}),
    settings: ruleSettings(config),
    lang: run.langs[0] as Lang,
    markUntranslated: true,
  });
  const analysis = analyses[0];
  if (!analysis?.ok || !analysis.program) {
    ctx.stderr(
      formatDiagnostics(analysis?.diagnostics ?? [], {
        color: ctx.color,
        sources: new Map([[programFile, analysis?.source.text ?? ""]]),
      }),
    );
    ctx.stderr(`${programFile}: the program is not valid; no supplement was issued`);
    return ExitCode.Findings;
  }
  const verifyUrl = flags.verifyUrl ?? config.issue?.verifyUrl;
  const urlProblem = verifyUrl ? verifyUrlProblem(verifyUrl) : undefined;
  if (urlProblem) throw new SupplementError("USAGE", urlProblem);
  const twins = twinsOf(flags.twins, config);
  if (flags.twins === "elm" && !analysis.program.issuer.legalIdentifier) {
    throw new SupplementError("USAGE", {
      message: `--twins elm asks for European Digital Credentials, but ${programFile} gives no issuer.legalIdentifier`,
      hint: "An EDC's issuer must carry its eIDAS legal identifier (e.g. a VAT or company register number): add issuer.legalIdentifier to the program.",
    });
  }
  const signer = await signerOf(
    flags.sign,
    config,
    ctx,
    `Certificate supplement issued by ${analysis.program.issuer.name}`,
  );
  const outDir = flags.out ?? join("out", "issued", analysis.program.id);
  const total = await countRows(flags.learners);
  const shardNote = flags.shard ? ` (shard ${flags.shard.index}/${flags.shard.count})` : "";
  const stop = new AbortController();
  const started = Date.now();
  let done = 0;
  let lastLine = 0;
  const progress = (force = false) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const expected = flags.shard ? Math.ceil(total / flags.shard.count) : total;
    const eta = rate > 0 && expected > done ? Math.round((expected - done) / rate) : 0;
    if (ctx.isTTY) {
      const width = 24;
      const filled = expected ? Math.min(width, Math.round((done / expected) * width)) : 0;
      ctx.progress?.(
        `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${expected}${shardNote}  ${rate.toFixed(1)}/s  ETA ${eta}s`,
      );
    } else if (force || Date.now() - lastLine > 2000) {
      lastLine = Date.now();
      ctx.stderr(
        `progress: ${done}/${expected}${shardNote}, ${rate.toFixed(1)} PDFs/s, ETA ${eta}s`,
      );
    }
  };
  const { issueSupplements } = await import("../services/issue.js");
  const summary = await issueSupplements(
    analysis,
    flags.learners,
    {
      outDir,
      concurrency: run.concurrency,
      langs: run.langs,
      launching: run.launching,
      resume: !!flags.resume,
      ...(flags.shard ? { shard: flags.shard } : {}),
      ...(verifyUrl ? { verifyUrl } : {}),
      issueDate: flags.issueDate ?? new Date().toISOString().slice(0, 10),
      printEmail: !!config.issue?.printEmail,
      twins,
      ...(signer ? { signer } : {}),
      emailInTwins: !!config.issue?.emailInTwins,
      timeoutMs: run.timeoutMs,
      retries: flags.retries ?? 2,
      ...(flags.batchSize ? { batchSize: flags.batchSize } : {}),
      ...templateDirOf(flags.template, config, ctx),
      signal: stop.signal,
    },
    {
      onIssued(path) {
        done++;
        ctx.stdout(path);
        progress();
      },
      onSkipped() {
        done++;
        progress();
      },
      onBrowserRestart(r) {
        ctx.progress?.("");
        ctx.stderr(
          `note: at ${(r.atMs / 1000).toFixed(1)} s ${r.reason}; a new browser was started in ${(r.relaunchMs / 1000).toFixed(1)} s, and the ${plural(r.retried, "document")} it was printing ${r.retried === 1 ? "was" : "were"} tried again`,
        );
      },
      onNote(message) {
        ctx.progress?.("");
        ctx.stderr(`note: ${message}`);
      },
      onProblem(p) {
        ctx.progress?.("");
        ctx.stderr(
          `${flags.learners}:${p.row}${p.column ? ` (${p.column})` : ""}: error: ${p.message}${p.hint ? `\n  hint: ${p.hint}` : ""}`,
        );
      },
    },
  );
  ctx.progress?.("");
  const seconds = summary.elapsedMs / 1000;
  const restarts = summary.browserRestarts;
  const restartNote = restarts.length
    ? `; browser restarted ${restarts.length === 1 ? "once" : `${restarts.length} times`}, ${plural(
        restarts.reduce((n, r) => n + r.retried, 0),
        "document",
      )} retried`
    : "";
  ctx.stderr(
    `issued ${summary.issued}, failed ${summary.failed}, skipped ${summary.skipped}${flags.shard ? `, ${summary.otherShards} in other shards` : ""}${restartNote}; ${seconds.toFixed(1)} s, ${(summary.issued / Math.max(seconds, 0.001)).toFixed(1)} PDFs/s; output in ${outDir}`,
  );
  for (const line of blockedWarnings(programFile, summary.blocked)) ctx.stderr(line);
  if (summary.issued + summary.failed + summary.skipped + summary.otherShards === 0)
    ctx.stderr(`note: ${flags.learners} has no learner rows: nothing was issued`);
  if (summary.reissuedRowChanged > 0)
    ctx.stderr(
      `note: ${plural(summary.reissuedRowChanged, "supplement")} issued again: the learner's row (name, ids, completion date, grade or e-mail) changed since ${summary.reissuedRowChanged === 1 ? "it was" : "they were"} issued`,
    );
  if (summary.reissuedChanged > 0)
    ctx.stderr(
      `note: ${plural(summary.reissuedChanged, "supplement")} issued again: the program changed since ${summary.reissuedChanged === 1 ? "it was" : "they were"} issued`,
    );
  if (summary.printedWhole > 0 && summary.assembled > 0)
    ctx.stderr(
      `note: ${summary.printedWhole} of ${summary.issued} supplements were printed whole, because their personal page ran over one page; that is slower`,
    );
  return summary.failed > 0 ? ExitCode.Findings : ExitCode.Ok;
}
