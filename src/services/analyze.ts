/** Reads a set of program files and checks each one, then the set as a portfolio. */

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Catalog } from "../core/catalog.js";
import type { Diagnostic } from "../core/diagnostics.js";
import { countBySeverity, sortDiagnostics } from "../core/diagnostics.js";
import type { CreditPolicy } from "../core/ects.js";
import { type AnalyzeOptions, analyzeProgram, type ProgramAnalysis } from "../core/program.js";
import {
  DEFAULT_SETTINGS,
  type PortfolioEntry,
  type RuleSettings,
  runPortfolioRules,
} from "../core/rules/index.js";
import { lazySource } from "../core/source.js";
import { type ErrorCode, SupplementError } from "../errors.js";
import { loadAssets } from "../io/assets.js";
import type { Config } from "../io/config.js";
import { readTextBoundedSync } from "../io/inputs.js";
import { ANALYZE_WORKER } from "../paths.js";
import type { WorkerInput, WorkerResult } from "./analyze-worker.js";

export interface AnalyzeSetOptions {
  policy?: Partial<CreditPolicy>;
  settings?: RuleSettings;
  /** One catalog for every program. */
  catalog?: Catalog;
  /** Each program file's own catalog (wins over `catalog`). */
  catalogs?: ReadonlyMap<string, Catalog>;
  /** Each program file's project: portfolio rules compare programs of one project only. */
  projects?: ReadonlyMap<string, string>;
  /** Logo and certification block from the configuration, for programs that name none. */
  branding?: Config["branding"];
  /** The language the text is wanted in, and whether text in another one is marked (see AnalyzeOptions). */
  lang?: string;
  markUntranslated?: boolean;
}

export interface SetSummary {
  files: number;
  programs: number;
  errors: number;
  warnings: number;
  infos: number;
}

export interface SetAnalysis {
  analyses: ProgramAnalysis[];
  summary: SetSummary;
}

/** Below this many files, starting worker threads costs more than it saves. */
const PARALLEL_THRESHOLD = 64;

export async function analyzeFiles(
  files: readonly string[],
  options: AnalyzeSetOptions = {},
): Promise<SetAnalysis> {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const perFile: AnalyzeSetOptions = {
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.catalogs ? { catalogs: options.catalogs } : {}),
    ...(options.lang ? { lang: options.lang } : {}),
    ...(options.markUntranslated ? { markUntranslated: true } : {}),
    settings,
  };
  const analyses = await analyzeEach(files, perFile);
  const portfolios = new Map<string, PortfolioEntry[]>();
  for (const a of analyses) {
    if (!a.program) continue;
    const key = options.projects?.get(a.file) ?? "";
    const entries = portfolios.get(key) ?? [];
    entries.push({ file: a.file, source: a.source, program: a.program });
    portfolios.set(key, entries);
  }
  const byFile = new Map(analyses.map((a) => [a.file, a]));
  for (const entries of portfolios.values()) {
    if (entries.length < 2) continue;
    for (const d of runPortfolioRules(entries, settings)) {
      const a = byFile.get(d.file);
      if (!a) continue;
      a.diagnostics.push(d);
      if (d.severity === "error") a.ok = false;
    }
  }
  // Images the programs name (logos, signatures, seal): read, checked and embedded here, in the
  // main thread, since they are files beside each program.
  const defaults = options.branding;
  for (const a of analyses) {
    if (!a.program) continue;
    if (defaults) {
      const issuer = a.program.issuer;
      a.program = {
        ...a.program,
        issuer: issuer.logo || !defaults.logo ? issuer : { ...issuer, logo: defaults.logo },
        ...(a.program.signature || !defaults.signature ? {} : { signature: defaults.signature }),
      };
    }
    const { assets, diagnostics } = loadAssets(a.program, a.file, a.source);
    a.assets = assets;
    if (diagnostics.length) {
      a.diagnostics.push(...diagnostics);
      a.ok = false;
    }
  }
  for (const a of analyses) a.diagnostics = sortDiagnostics(a.diagnostics);
  return { analyses, summary: summarize(analyses) };
}

export function summarize(analyses: readonly ProgramAnalysis[]): SetSummary {
  const all: Diagnostic[] = analyses.flatMap((a) => a.diagnostics);
  const c = countBySeverity(all);
  return {
    files: analyses.length,
    programs: analyses.filter((a) => a.readable).length,
    errors: c.errors,
    warnings: c.warnings,
    infos: c.infos,
  };
}

function analyzeOne(file: string, options: AnalyzeSetOptions): ProgramAnalysis {
  return analyzeProgram(file, readTextBoundedSync(file), programOptions(file, options));
}

/** The options of one program: its own catalog. */
export function programOptions(file: string, options: AnalyzeSetOptions): AnalyzeOptions {
  const catalog = options.catalogs?.get(file) ?? options.catalog;
  return {
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(catalog ? { catalog } : {}),
    ...(options.lang ? { lang: options.lang } : {}),
    ...(options.markUntranslated ? { markUntranslated: true } : {}),
  };
}

/**
 * Reads and checks each file; the result keeps the input order. Large runs are shared between
 * this thread and worker threads (one per further core, at most three): every thread takes the
 * next file from one atomic counter, so all finish at about the same time. A worker returns plain
 * data, from which the same analyses are rebuilt here, with sources that parse positions only
 * when asked. As in a sequential run, the first unreadable file (in input order) is the error.
 */
async function analyzeEach(
  files: readonly string[],
  options: AnalyzeSetOptions,
): Promise<ProgramAnalysis[]> {
  const cores = typeof availableParallelism === "function" ? availableParallelism() : 1;
  const workers = Math.min(cores - 1, 3);
  if (files.length < PARALLEL_THRESHOLD || workers < 1 || !existsSync(ANALYZE_WORKER)) {
    return files.map((f) => analyzeOne(f, options));
  }
  const queue = new SharedArrayBuffer(4);
  const next = new Int32Array(queue);
  const input: WorkerInput = { files: [...files], options, queue };
  const pending = Array.from(
    { length: workers },
    () =>
      new Promise<WorkerResult[]>((resolve, reject) => {
        const worker = new Worker(ANALYZE_WORKER, { workerData: input });
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.once("exit", (code) => {
          if (code !== 0) reject(new Error(`analysis worker stopped with exit code ${code}`));
        });
      }),
  );
  const slots: (ProgramAnalysis | undefined)[] = new Array(files.length);
  const fatal: { index: number; error: SupplementError }[] = [];
  for (let index = Atomics.add(next, 0, 1); index < files.length; index = Atomics.add(next, 0, 1)) {
    try {
      slots[index] = analyzeOne(files[index] as string, options);
    } catch (e) {
      if (!(e instanceof SupplementError)) throw e;
      fatal.push({ index, error: e });
      Atomics.store(next, 0, files.length);
    }
  }
  for (const r of (await Promise.all(pending)).flat()) {
    if (r.fatal || !r.analysis || r.text === undefined) {
      const code = (r.fatal?.code ?? "FILE_UNREADABLE") as ErrorCode;
      fatal.push({
        index: r.index,
        error: new SupplementError(code, r.fatal?.args ?? { path: r.file, reason: "unknown" }),
      });
      continue;
    }
    slots[r.index] = {
      file: r.file,
      source: lazySource(r.file, r.text),
      ...(r.analysis as Omit<ProgramAnalysis, "file" | "source">),
    };
  }
  if (fatal.length) throw fatal.sort((a, b) => a.index - b.index)[0]?.error;
  return slots as ProgramAnalysis[];
}
