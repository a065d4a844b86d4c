/** `issue`: one supplement per learner, streamed, with a pool of pages and bounded retries. */
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import QRCode from "qrcode";
import { ensureWritableDir } from "./build.js";
import {
  deriveCredentialId,
  type Learner,
  type RowProblem,
  type Shard,
  shardOf,
  validateRow,
  verificationUrl,
} from "./core/learners.js";
import type { ProgramAnalysis } from "./core/program.js";
import { buildView, withHolder } from "./core/view.js";
import { writeFileAtomic } from "./io/atomic.js";
import { readLearners } from "./io/learners.js";
import { packageVersion } from "./paths.js";
import { loadTemplateSet } from "./render/html.js";
import { applyMetadata, viewMetadata } from "./render/metadata.js";
import { PdfRenderer } from "./render/pdf.js";

export interface IssueOptions {
  outDir: string;
  concurrency: number;
  /** Skip learners whose complete PDF already exists. */
  resume?: boolean;
  shard?: Shard;
  /** e.g. https://verify.example.org/{credential_id} */
  verifyUrl?: string;
  /** YYYY-MM-DD */
  issueDate: string;
  printEmail?: boolean;
  timeoutMs?: number;
  /** Attempts after the first, per document. */
  retries?: number;
  templateDir?: string;
  /** Stops taking new rows when aborted. */
  signal?: AbortSignal;
}

export interface IssueEvents {
  onIssued?(path: string, learner: Learner): void;
  onProblem?(problem: RowProblem): void;
  onSkipped?(learner: Learner): void;
}

export interface IssueSummary {
  issued: number;
  failed: number;
  /** Already complete (with --resume). */
  skipped: number;
  /** Rows that belong to other shards. */
  otherShards: number;
  elapsedMs: number;
}

/** A PDF that was written to the end (atomic writes make a partial file impossible, but check). */
export function isCompletePdf(path: string): boolean {
  try {
    const size = statSync(path).size;
    if (size < 64) return false;
    const fd = openSync(path, "r");
    try {
      const tail = Buffer.alloc(Math.min(1024, size));
      readSync(fd, tail, 0, tail.length, size - tail.length);
      return tail.toString("latin1").includes("%%EOF");
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

export async function issueSupplements(
  analysis: ProgramAnalysis,
  learnersFile: string,
  options: IssueOptions,
  events: IssueEvents = {},
): Promise<IssueSummary> {
  const program = analysis.program;
  const workload = analysis.workload;
  if (!program || !workload) throw new Error("issueSupplements needs a valid program");
  const started = performance.now();
  ensureWritableDir(options.outDir);
  const tool = `supplement ${packageVersion()}`;
  const templates = loadTemplateSet(options.templateDir);
  const base = buildView(program, workload, {
    generatedOn: options.issueDate,
    tool,
    sourceFile: analysis.file,
    sourceDigest: createHash("sha256").update(analysis.source.text).digest("hex"),
  });
  const concurrency = Math.max(1, options.concurrency);
  const launch = () => PdfRenderer.launch({ concurrency, timeoutMs: options.timeoutMs ?? 60_000 });
  let renderer = await launch();
  let relaunching: Promise<void> | undefined;
  /** Failures in a row: a browser that still looks connected but prints nothing is hung. */
  let failuresInARow = 0;
  const summary: IssueSummary = { issued: 0, failed: 0, skipped: 0, otherShards: 0, elapsedMs: 0 };
  const seen = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  const retries = options.retries ?? 2;

  const printOne = async (learner: Learner) => {
    const target = join(options.outDir, `${learner.credentialId}.pdf`);
    const url = options.verifyUrl
      ? verificationUrl(options.verifyUrl, learner, program.id)
      : undefined;
    const view = withHolder(base, {
      name: learner.name,
      learnerId: learner.learnerId,
      credentialId: learner.credentialId,
      completionDate: learner.completionDate,
      issueDate: options.issueDate,
      ...(url
        ? {
            verifyUrl: url,
            qrSvg: await QRCode.toString(url, {
              type: "svg",
              margin: 0,
              errorCorrectionLevel: "M",
            }),
          }
        : {}),
      ...(learner.grade ? { grade: learner.grade } : {}),
      ...(learner.email && options.printEmail ? { email: learner.email } : {}),
    });
    const html = templates.render(view);
    for (let attempt = 0; ; attempt++) {
      try {
        if (relaunching) await relaunching;
        const { pdf } = await renderer.render(html);
        const final = await applyMetadata(pdf, viewMetadata(view, tool, options.issueDate));
        await writeFileAtomic(target, final);
        failuresInARow = 0;
        summary.issued++;
        events.onIssued?.(target, learner);
        return;
      } catch (e) {
        // A crashed or hung browser is replaced once for everybody, then the document is tried again.
        failuresInARow++;
        if ((!renderer.connected || failuresInARow >= 2) && !relaunching) {
          failuresInARow = 0;
          const dead = renderer;
          relaunching = (async () => {
            dead.kill();
            renderer = await launch();
          })().finally(() => {
            relaunching = undefined;
          });
        }
        if (attempt >= retries || options.signal?.aborted) {
          summary.failed++;
          events.onProblem?.({
            row: learner.row,
            message: `the PDF could not be printed: ${((e as Error).message ?? String(e)).split("\n")[0]}`,
          });
          return;
        }
      }
    }
  };

  try {
    for await (const input of readLearners(learnersFile)) {
      if (options.signal?.aborted) break;
      if ("problem" in input) {
        summary.failed++;
        events.onProblem?.(input.problem);
        continue;
      }
      const { learner, problems } = validateRow(input.record, input.row, program.id);
      if (!learner) {
        summary.failed++;
        for (const p of problems) events.onProblem?.(p);
        continue;
      }
      if (
        options.shard &&
        shardOf(learner.learnerId, options.shard.count) !== options.shard.index
      ) {
        summary.otherShards++;
        continue;
      }
      if (seen.has(learner.credentialId)) {
        summary.failed++;
        events.onProblem?.({
          row: learner.row,
          column: "credential_id",
          message: `credential id "${learner.credentialId}" was already used by an earlier row`,
          hint:
            learner.credentialId === deriveCredentialId(program.id, learner.learnerId)
              ? "The learner id appears twice."
              : "Credential ids must be unique.",
        });
        continue;
      }
      seen.add(learner.credentialId);
      if (options.resume && isCompletePdf(join(options.outDir, `${learner.credentialId}.pdf`))) {
        summary.skipped++;
        events.onSkipped?.(learner);
        continue;
      }
      const job = printOne(learner).finally(() => inFlight.delete(job));
      inFlight.add(job);
      // Backpressure: read ahead only as far as the pages can print.
      if (inFlight.size >= concurrency * 2) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    await renderer.close();
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}
