/** `issue`: one supplement per learner, streamed, with a pool of pages and bounded retries. */
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import QRCode from "qrcode";
import type { Lang } from "../core/i18n/index.js";
import {
  deriveCredentialId,
  holderDigest,
  type Learner,
  type RowProblem,
  type Shard,
  shardOf,
  validateRow,
  verificationUrl,
} from "../core/learners.js";
import type { ProgramAnalysis } from "../core/program.js";
import { statusListUrl } from "../core/status-list.js";
import { learnerTwins, type TwinFile, type TwinKind, twinSourceOf } from "../core/twins/index.js";
import { buildView, type SupplementView, withHolder } from "../core/view.js";
import { parseEqfLevel } from "../core/vocab.js";
import { SupplementError } from "../errors.js";
import { fontCoverage } from "../fonts/fonts.js";
import { writeFilesAtomic } from "../io/atomic.js";
import { ensureWritableDir } from "../io/fs.js";
import { readLearners } from "../io/learners.js";
import {
  findRegisters,
  mergeRegisters,
  Register,
  type RegisterEntry,
  registerFileName,
} from "../io/register.js";
import { packageVersion } from "../paths.js";
import { AssembleError, ProgramPart, splitBatch } from "../render/assemble.js";
import type { Attachment } from "../render/attachments.js";
import { type HtmlDocument, loadTemplateSet } from "../render/html.js";
import { applyMetadata, viewMetadata } from "../render/metadata.js";
import { LONG_RUN_GC_EVERY, PdfRenderer } from "../render/pdf.js";
import type { Signer } from "../render/signer.js";

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
  /** The document's language(s): one, or two for a bilingual document (default English). */
  langs?: readonly Lang[];
  printEmail?: boolean;
  timeoutMs?: number;
  /** Attempts after the first, per document. */
  retries?: number;
  templateDir?: string;
  /** Stops taking new rows when aborted. */
  signal?: AbortSignal;
  /**
   * A browser already starting (PdfRenderer.start), so that its start-up overlaps with reading
   * and checking the program. Issue uses it first; the caller stops it if issue never runs.
   */
  launching?: Promise<PdfRenderer>;
  /**
   * Learners whose personal pages are printed together (default 16). Chromium's work per page
   * falls with larger batches; memory grows (32: about 55 MB more than 16 at the peak).
   */
  batchSize?: number;
  /**
   * The machine-readable twins written beside each PDF and embedded in it (default both). The
   * ELM credential needs the issuer's legal identifier; without one it is left out (see notes).
   */
  twins?: readonly TwinKind[];
  /** Include the learner's e-mail in the twins (issue.emailInTwins). */
  emailInTwins?: boolean;
  /** Sign each PDF (PAdES B-B), last, after the twins are embedded. */
  signer?: Signer;
  /** Record each credential in the register beside the PDFs (default true). */
  register?: boolean;
}

export const DEFAULT_BATCH_SIZE = 16;

/** A browser that crashed, was killed or hung in the middle of a run, and was replaced. */
export interface BrowserRestart {
  /** When it was noticed, in milliseconds since the run started. */
  atMs: number;
  /** What happened, in words. */
  reason: string;
  /** How long the new browser took to start, in milliseconds (-1 if it did not start). */
  relaunchMs: number;
  /** Documents (learners) that failed on the old browser and were tried again. */
  retried: number;
}

export interface IssueEvents {
  onIssued?(path: string, learner: Learner): void;
  onProblem?(problem: RowProblem): void;
  onSkipped?(learner: Learner): void;
  /** A replacement browser is running; `retried` counts the documents tried again so far. */
  onBrowserRestart?(restart: BrowserRestart): void;
  /** Something the user should know that is not about one row (e.g. a twin that cannot be made). */
  onNote?(message: string): void;
}

export interface IssueSummary {
  issued: number;
  failed: number;
  /** Already complete (with --resume). */
  skipped: number;
  /** Rows that belong to other shards. */
  otherShards: number;
  elapsedMs: number;
  /** Issued by joining a personal page to the program's pages. */
  assembled: number;
  /** Issued by printing the whole document (templates without parts, personal pages that run over). */
  printedWhole: number;
  /** Browsers replaced during the run, with the documents each one's loss made retry. */
  browserRestarts: BrowserRestart[];
  /** Twin files written beside the PDFs (and embedded in them). */
  twinFiles: number;
  /** Complete PDFs issued again by --resume because their program changed since. */
  reissuedChanged: number;
  /** Complete PDFs issued again by --resume because the learner's row changed since (a corrected name). */
  reissuedRowChanged: number;
  /** Addresses the documents asked for and were refused (a custom template's), each once. */
  blocked: string[];
  /** The register file of the run. */
  registerFile?: string;
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
  const glyphs = fontCoverage();
  const tool = `supplement ${packageVersion()}`;
  const templates = loadTemplateSet(options.templateDir);
  const base = buildView(program, workload, {
    generatedOn: options.issueDate,
    tool,
    sourceFile: analysis.file,
    sourceDigest: createHash("sha256").update(analysis.source.text).digest("hex"),
    ...(options.langs ? { langs: options.langs } : {}),
    ...(analysis.assets ? { assets: analysis.assets } : {}),
  });
  const concurrency = Math.max(1, options.concurrency);
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const launch = () =>
    PdfRenderer.launch({
      concurrency,
      timeoutMs: options.timeoutMs ?? 60_000,
      collectGarbageEvery: LONG_RUN_GC_EVERY,
    });
  // The program's pages are templated while the browser starts: Handlebars compiles the template
  // on first use (about 0.1 s), which would otherwise come after the browser is ready.
  const programHtml = templates.supportsParts
    ? templates.compose(base, { kind: "program" })
    : undefined;
  let renderer = await (options.launching ?? launch());
  let relaunching: Promise<void> | undefined;
  /** Failures in a row: a browser that still looks connected but prints nothing is hung. */
  let failuresInARow = 0;
  const summary: IssueSummary = {
    issued: 0,
    failed: 0,
    skipped: 0,
    otherShards: 0,
    elapsedMs: 0,
    assembled: 0,
    printedWhole: 0,
    browserRestarts: [],
    twinFiles: 0,
    reissuedChanged: 0,
    reissuedRowChanged: 0,
    blocked: [],
  };
  // The register: what this output folder already records (all shards), and this run's file.
  const programDigest = createHash("sha256")
    .update(JSON.stringify(analysis.localized ?? program))
    .digest("hex");
  const registerOn = options.register !== false;
  const registerPath = join(options.outDir, registerFileName(options.shard));
  const known = registerOn ? mergeRegisters(findRegisters(options.outDir, 0)) : new Map();
  const register = registerOn ? new Register(registerPath) : undefined;
  if (register) summary.registerFile = registerPath;
  const statusList = options.verifyUrl
    ? `${program.id}${options.shard ? `-${options.shard.index}-of-${options.shard.count}` : ""}`
    : undefined;
  const listUrl =
    statusList && options.verifyUrl ? statusListUrl(options.verifyUrl, statusList) : undefined;
  let nextIndex = 0;
  for (const r of known.values())
    if (r.issued.statusList === statusList && r.issued.statusIndex !== undefined)
      nextIndex = Math.max(nextIndex, r.issued.statusIndex + 1);
  const statusIndexOf = new Map<string, number>();
  const indexFor = (credentialId: string): number => {
    let index = statusIndexOf.get(credentialId) ?? known.get(credentialId)?.issued.statusIndex;
    if (index === undefined) index = nextIndex++;
    statusIndexOf.set(credentialId, index);
    return index;
  };
  const twinSource = twinSourceOf(analysis, options.langs?.[0]);
  const kinds = [...(options.twins ?? ["elm", "ob3"])];
  if (kinds.includes("elm") && !program.issuer.legalIdentifier) {
    kinds.splice(kinds.indexOf("elm"), 1);
    events.onNote?.(
      `no ELM credentials (.edc.jsonld) are written: ${analysis.file} gives no issuer.legalIdentifier, which a European Digital Credential's issuer must carry (its eIDAS legal identifier, e.g. a VAT or company register number)`,
    );
  }
  type EncodedTwin = Pick<TwinFile, "name" | "mime" | "description"> & { bytes: Uint8Array };
  const twinsOf = async (
    learner: Learner,
  ): Promise<{ files: EncodedTwin[]; attachments: Attachment[] }> => {
    if (!twinSource || !kinds.length) return { files: [], attachments: [] };
    const url = options.verifyUrl
      ? verificationUrl(options.verifyUrl, learner, program.id)
      : undefined;
    const made = learnerTwins(twinSource, learner, kinds, {
      ...(listUrl ? { status: { listUrl, index: indexFor(learner.credentialId) } } : {}),
      issueDate: options.issueDate,
      langs: options.langs ?? [twinSource.lang],
      ...(url ? { verifyUrl: url } : {}),
      ...(options.emailInTwins ? { includeEmail: true } : {}),
    });
    // Signed runs add each twin's secured form (VC-JWT, JAdES seal).
    const secured = options.signer
      ? await Promise.all(made.map((twin) => (options.signer as Signer).secure(twin)))
      : [];
    // Encoded once: the same bytes are written beside the PDF and embedded in it.
    const files = [...made, ...secured].map((f) => ({
      name: f.name,
      mime: f.mime,
      description: f.description,
      bytes: Buffer.from(f.text, "utf8"),
    }));
    return {
      files,
      attachments: files.map((f) => ({
        name: f.name,
        mime: f.mime,
        description: f.description,
        bytes: f.bytes,
      })),
    };
  };
  /** Bumped each time the browser is replaced, so a failure knows whether a restart covers it. */
  let generation = 0;
  const seen = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  const retries = options.retries ?? 2;

  const viewOf = async (learner: Learner): Promise<SupplementView> => {
    const url = options.verifyUrl
      ? verificationUrl(options.verifyUrl, learner, program.id)
      : undefined;
    return withHolder(base, {
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
      ...(options.signer ? { signedBy: options.signer.identity } : {}),
    });
  };
  const targetOf = (learner: Learner) => join(options.outDir, `${learner.credentialId}.pdf`);

  /**
   * Prints with the current browser. A crashed or hung browser is replaced once for everybody;
   * the caller then tries again, at most `retries` times.
   */
  const print = async (
    html: HtmlDocument,
    /** Learners in this document, counted as retried when the browser is lost. */
    documents = 1,
  ): Promise<Uint8Array> => {
    for (let attempt = 0; ; attempt++) {
      let attemptGeneration = generation;
      try {
        if (relaunching) await relaunching;
        attemptGeneration = generation;
        const { pdf, blocked } = await renderer.render(html);
        for (const url of blocked) if (!summary.blocked.includes(url)) summary.blocked.push(url);
        failuresInARow = 0;
        return pdf;
      } catch (e) {
        failuresInARow++;
        if ((!renderer.connected || failuresInARow >= 2) && !relaunching) {
          failuresInARow = 0;
          const dead = renderer;
          const restart: BrowserRestart = {
            atMs: Math.round(performance.now() - started),
            reason: dead.connected
              ? "the browser stopped responding"
              : "the browser crashed or was killed",
            relaunchMs: -1,
            retried: 0,
          };
          summary.browserRestarts.push(restart);
          generation++;
          relaunching = (async () => {
            const t0 = performance.now();
            dead.kill();
            renderer = await launch();
            restart.relaunchMs = Math.round(performance.now() - t0);
            events.onBrowserRestart?.(restart);
          })().finally(() => {
            relaunching = undefined;
          });
        }
        if (attempt >= retries || options.signal?.aborted) throw e;
        // Tried again because the browser it printed on was lost: counted against that restart.
        const restart = summary.browserRestarts.at(-1);
        if (restart && generation !== attemptGeneration) restart.retried += documents;
      }
    }
  };

  const reportFailure = (learner: Learner, e: unknown) => {
    summary.failed++;
    events.onProblem?.({
      row: learner.row,
      message: `the PDF could not be printed: ${((e as Error).message ?? String(e)).split("\n")[0]}`,
    });
  };

  interface Finished {
    learner: Learner;
    pdf: Uint8Array | Uint8Array[];
    twins: EncodedTwin[];
  }
  const sha = (data: Uint8Array | Uint8Array[]) => {
    const h = createHash("sha256");
    for (const chunk of Array.isArray(data) ? data : [data]) h.update(chunk);
    return h.digest("hex");
  };
  /**
   * Writes learners' files: signed, recorded in the register (durably, with their digests), then
   * each learner's twins and PDF renamed into place (the PDF last: a complete PDF, what --resume
   * looks for, means complete twins), then committed in the register.
   */
  const commit = async (items: Finished[]) => {
    const ready = await Promise.all(
      items.map(async ({ learner, pdf, twins }) => {
        const final = options.signer
          ? await options.signer.pdf(Array.isArray(pdf) ? Buffer.concat(pdf) : pdf)
          : pdf;
        return { learner, final, twins };
      }),
    );
    const at = new Date().toISOString();
    const eqf = parseEqfLevel(program.eqfLevel);
    await register?.appendDurably(
      ...ready.map(({ learner, final, twins }): RegisterEntry => {
        const files: Record<string, string> = {};
        for (const t of twins) files[t.name] = sha(t.bytes);
        files[`${learner.credentialId}.pdf`] = sha(final);
        const url = options.verifyUrl
          ? verificationUrl(options.verifyUrl, learner, program.id)
          : undefined;
        const index = statusIndexOf.get(learner.credentialId);
        return {
          type: "issued",
          credentialId: learner.credentialId,
          learnerId: learner.learnerId,
          programId: program.id,
          programDigest,
          holderDigest: holderDigest(learner),
          issueDate: options.issueDate,
          files,
          ...(statusList && index !== undefined ? { statusList, statusIndex: index } : {}),
          name: learner.name,
          completionDate: learner.completionDate,
          programTitle: program.title,
          credits: workload.credits,
          ...(eqf ? { eqfLevel: eqf.text } : {}),
          ...(url ? { verifyUrl: url } : {}),
          at,
        };
      }),
    );
    await Promise.all(
      ready.map(({ learner, final, twins }) =>
        writeFilesAtomic([
          ...twins.map((twin) => ({ target: join(options.outDir, twin.name), data: twin.bytes })),
          { target: targetOf(learner), data: final },
        ]),
      ),
    );
    await register?.appendDurably(
      ...ready.map(
        ({ learner }): RegisterEntry => ({
          type: "committed",
          credentialId: learner.credentialId,
          at,
        }),
      ),
    );
    for (const { learner, twins } of ready) {
      summary.twinFiles += twins.length;
      summary.issued++;
      events.onIssued?.(targetOf(learner), learner);
    }
  };

  /** The whole document in one print: for templates without parts, and personal pages that run over. */
  const printWhole = async (learner: Learner) => {
    try {
      const view = await viewOf(learner);
      const pdf = await print(templates.compose(view));
      const twins = await twinsOf(learner);
      await commit([
        {
          learner,
          pdf: await applyMetadata(
            pdf,
            viewMetadata(view, tool, options.issueDate),
            twins.attachments,
          ),
          twins: twins.files,
        },
      ]);
      summary.printedWhole++;
    } catch (e) {
      if (e instanceof SupplementError) throw e;
      reportFailure(learner, e);
    }
  };

  // The program's pages are the same for every learner: printed once, then joined to each
  // learner's personal page. Templates without parts print whole documents.
  let programPart: ProgramPart | undefined;
  if (programHtml) {
    try {
      // Printed on one page while the other loads the same document (without printing it): both
      // pages then hold the styles and faces every batch uses, and swap the batches in.
      const preloading =
        concurrency > 1 ? renderer.preload(programHtml).catch(() => {}) : Promise.resolve();
      programPart = await ProgramPart.load(await print(programHtml));
      await preloading;
    } catch (e) {
      // Whole documents then; a browser that cannot print at all fails them row by row.
      if (e instanceof SupplementError) throw e;
    }
  }

  const printBatch = async (learners: Learner[], part: ProgramPart) => {
    const views = await Promise.all(learners.map(viewOf));
    const html = templates.compose(views[0] as SupplementView, {
      kind: "personal",
      views,
      pageTotal: 1 + part.pageCount,
    });
    let files: Uint8Array[][];
    const twins = await Promise.all(learners.map(twinsOf));
    try {
      const pages = await splitBatch(await print(html, learners.length), learners.length, part);
      // Joined at once, so that the parsed batch is garbage before the files are written.
      files = pages.map((page, i) =>
        part.assemble(
          page,
          viewMetadata(views[i] as SupplementView, tool, options.issueDate),
          twins[i]?.attachments,
        ),
      );
    } catch (e) {
      if (e instanceof SupplementError) throw e;
      if (e instanceof AssembleError || learners.length > 1) {
        // A personal page ran over (or one row keeps the batch from printing): one at a time.
        for (const learner of learners) {
          if (options.signal?.aborted) break;
          await printWhole(learner);
        }
      } else {
        for (const learner of learners) reportFailure(learner, e);
      }
      return;
    }
    await commit(
      learners.map((learner, i) => ({
        learner,
        pdf: files[i] as Uint8Array[],
        twins: twins[i]?.files ?? [],
      })),
    );
    summary.assembled += learners.length;
  };

  /** An error that stops the run (an output that cannot be written), kept until the jobs in flight end. */
  let fatal: unknown;
  const start = (job: Promise<void>) => {
    const tracked: Promise<void> = job
      .catch((e: unknown) => {
        fatal ??= e;
      })
      .finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  let pending: Learner[] = [];
  const flush = () => {
    if (!pending.length) return;
    const learners = pending;
    pending = [];
    start(
      programPart
        ? printBatch(learners, programPart)
        : Promise.all(learners.map(printWhole)).then(() => {}),
    );
  };

  try {
    for await (const input of readLearners(learnersFile)) {
      if (options.signal?.aborted || fatal) break;
      if ("problem" in input) {
        summary.failed++;
        events.onProblem?.(input.problem);
        continue;
      }
      const { learner, problems } = validateRow(
        input.record,
        input.row,
        program.id,
        options.issueDate,
        glyphs,
      );
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
      if (options.resume && isCompletePdf(targetOf(learner))) {
        const record = known.get(learner.credentialId);
        const programChanged = !!record && record.issued.programDigest !== programDigest;
        // Older registers have no holder digest: their name and completion date are compared.
        const rowChanged =
          !!record &&
          (record.issued.holderDigest
            ? record.issued.holderDigest !== holderDigest(learner)
            : record.issued.name !== learner.name ||
              record.issued.completionDate !== learner.completionDate);
        if (!programChanged && !rowChanged) {
          summary.skipped++;
          events.onSkipped?.(learner);
          continue;
        }
        // Issued from a program, or a row, that has changed since: issued again.
        if (programChanged) summary.reissuedChanged++;
        else summary.reissuedRowChanged++;
      }
      pending.push(learner);
      if (pending.length >= (programPart ? batchSize : 1)) flush();
      // Backpressure: read ahead only as far as the pages can print.
      while (inFlight.size >= concurrency * 2) await Promise.race(inFlight);
    }
    if (!options.signal?.aborted && !fatal) flush();
    await Promise.all(inFlight);
    if (fatal) throw fatal;
  } finally {
    // Jobs still running when the loop stopped on an error end first: their register writes are
    // asynchronous, and must not outlive the register's file descriptor.
    await Promise.allSettled([...inFlight]);
    register?.close();
    await renderer.close();
  }
  summary.elapsedMs = performance.now() - started;
  return summary;
}
